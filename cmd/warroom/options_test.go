package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestNewCmdReport checks how argv becomes report options, without running.
func TestNewCmdReport(t *testing.T) {
	tests := []struct {
		args    []string
		want    reportOptions
		wantErr string
	}{
		{[]string{}, reportOptions{Format: "md"}, ""},
		{[]string{"--out", "r.html"}, reportOptions{Format: "html", Out: "r.html"}, ""},
		{[]string{"--out", "R.JSON"}, reportOptions{Format: "json", Out: "R.JSON"}, ""},
		{[]string{"--out", "r.csv"}, reportOptions{Format: "csv", Out: "r.csv"}, ""},
		{[]string{"--out", "r.txt"}, reportOptions{Format: "md", Out: "r.txt"}, ""},
		{[]string{"--format", "html"}, reportOptions{Format: "html"}, ""},
		{[]string{"--format", "md", "--out", "x.html"}, reportOptions{Format: "md", Out: "x.html"}, ""},
		{[]string{"--format", "docx"}, reportOptions{}, `--format "docx" is not one of md, html, json, csv`},
	}
	for _, tt := range tests {
		var got *reportOptions
		cmd := newCmdReport(newFactory(&ioStreams{}), func(o *reportOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		err := cmd.Execute()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(err) != 2 {
				t.Errorf("%v: error %v, want %q with exit 2", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got == nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		got.f = nil
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%v: options %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestNewCmdInterview(t *testing.T) {
	tests := []struct {
		args []string
		want interviewOptions
	}{
		{[]string{}, interviewOptions{}},
		{[]string{"--question", "SEC03", "--by", "dana"}, interviewOptions{Question: "SEC03", By: "dana"}},
		{[]string{"--all"}, interviewOptions{All: true}},
	}
	for _, tt := range tests {
		var got *interviewOptions
		cmd := newCmdInterview(newFactory(&ioStreams{}), func(o *interviewOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil || got == nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		got.f = nil
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%v: options %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestNewCmdDemo(t *testing.T) {
	for args, want := range map[string]string{"": "warroom-demo", "--out /tmp/x": "/tmp/x"} {
		var got *demoOptions
		cmd := newCmdDemo(newFactory(&ioStreams{}), func(o *demoOptions) error { got = o; return nil })
		cmd.SetArgs(strings.Fields(args))
		if err := cmd.Execute(); err != nil || got == nil || got.Out != want {
			t.Errorf("demo %s: out %v, err %v; want %s", args, got, err, want)
		}
	}
}

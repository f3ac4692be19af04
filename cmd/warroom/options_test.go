package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// optionCase is one row of a TestNewCmdX table: argv, and the options it
// gives or the usage error it must fail with (exit 2).
type optionCase[O any] struct {
	args    []string
	want    O
	wantErr string
}

// checkOptions runs each case through the command built by newCmd, capturing
// the options through runF instead of running; clear drops the factory.
func checkOptions[O any](t *testing.T, cases []optionCase[O], newCmd func(runF func(*O) error) *cobra.Command, clear func(*O)) {
	t.Helper()
	for _, tt := range cases {
		var got *O
		cmd := newCmd(func(o *O) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
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
		clear(got)
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%v: options %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

// TestNewCmdReport checks how argv becomes report options, without running.
func TestNewCmdReport(t *testing.T) {
	tests := []optionCase[reportOptions]{
		{[]string{}, reportOptions{Format: "md"}, ""},
		{[]string{"--out", "r.html"}, reportOptions{Format: "html", Out: "r.html"}, ""},
		{[]string{"--out", "R.JSON"}, reportOptions{Format: "json", Out: "R.JSON"}, ""},
		{[]string{"--out", "r.csv"}, reportOptions{Format: "csv", Out: "r.csv"}, ""},
		{[]string{"--out", "r.txt"}, reportOptions{Format: "md", Out: "r.txt"}, ""},
		{[]string{"--format", "html"}, reportOptions{Format: "html"}, ""},
		{[]string{"--format", "md", "--out", "x.html"}, reportOptions{Format: "md", Out: "x.html"}, ""},
		{[]string{"--format", "docx"}, reportOptions{}, `--format "docx" is not one of md, html, json, csv`},
	}
	checkOptions(t, tests, func(runF func(*reportOptions) error) *cobra.Command {
		return newCmdReport(newFactory(&ioStreams{}), runF)
	}, func(o *reportOptions) { o.f = nil })
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

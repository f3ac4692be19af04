package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkloadCreate_PlainText: a workload name, owner or description that
// is not UTF-8 or holds control characters is a usage error naming where
// it came from, and no workload is created.
func TestWorkloadCreate_PlainText(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"pay\xffx"}, `the workload name "pay\xffx" holds bytes that are not UTF-8 text`},
		{[]string{"pay\x1b[2Jments"}, `the workload name "pay\x1b[2Jments" holds control or invisible characters`},
		{[]string{"payments\u202e"}, `the workload name "payments\u202e" holds control or invisible characters`},
		{[]string{"payments", "--owner", "team\xe2\x82"}, `--owner "team\xe2\x82" holds bytes that are not UTF-8 text`},
		{[]string{"payments", "--description", "line one\nline two"}, `--description "line one\nline two" holds control or invisible characters`},
	}
	for _, tt := range tests {
		h := newHarness(t)
		code := h.run("", append([]string{"workload", "create"}, tt.args...)...)
		if code != 2 || !strings.Contains(h.errOut.String(), tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want exit 2 and %q", tt.args, code, h.errOut, tt.want)
		}
		if out := h.mustRun("workload", "list"); !strings.Contains(out, "No workloads yet") {
			t.Errorf("%q: a workload was created:\n%s", tt.args, out)
		}
	}
	h := newHarness(t)
	h.mustRun("workload", "create", "Zahlungsverkehr – Zürich", "--owner", "Plattform-Team", "--description", "Überweisungen, SEPA")
}

// TestNoDatabase: a command that works on a review refuses a --db file that
// does not exist, naming it, and leaves no file behind; workload list says
// there is none; workload create makes it.
func TestNoDatabase(t *testing.T) {
	h := newHarness(t)
	h.db = filepath.Join(h.dir, "nonexist.db")
	want := "warroom: no database at " + h.db + ": create a workload with `warroom workload create NAME` first, or pass --db / $WARROOM_DB\n"
	for _, args := range [][]string{
		{"milestone", "list"}, {"milestone", "create", "2026-Q4", "--by", "dana"}, {"diff", "2026-Q3"},
		{"report", "--format", "md"}, {"score"}, {"findings"}, {"findings", "export", "--format", "csv"},
		{"answer", "set", "SEC01-BP01", "--status", "met", "--by", "dana"}, {"answer", "history", "SEC01-BP02"},
		{"answer", "export"}, {"actions", "list"}, {"collect"}, {"export", "--by", "dana", "--out", filepath.Join(h.dir, "b.zip")},
		{"scenario", "sessions"}, {"scenario", "report", "ttx-1"},
	} {
		if code := h.run("", args...); code != 1 || h.errOut.String() != want {
			t.Errorf("warroom %q: exit %d, stderr %q; want exit 1 and %q", args, code, h.errOut, want)
		}
		assertNoFiles(t, h.dir, "warroom "+strings.Join(args, " "))
	}
	for _, args := range [][]string{{"workload", "list"}, {"workload", "list", "-o", "json"}} {
		out := h.mustRun(args...)
		if !strings.Contains(out, "No workloads yet: there is no database at "+h.db) && !strings.Contains(out, `"workloads": []`) {
			t.Errorf("warroom %q:\n%s", args, out)
		}
		assertNoFiles(t, h.dir, "warroom "+strings.Join(args, " "))
	}
	h.mustRun("workload", "create", "payments")
	if _, err := os.Stat(h.db); err != nil {
		t.Fatalf("workload create made no database: %v", err)
	}
	if out := h.mustRun("milestone", "list"); !strings.Contains(out, "No milestones") {
		t.Errorf("milestone list once the database exists:\n%s", out)
	}
}

// assertNoFiles fails the test when dir holds any file.
func assertNoFiles(t *testing.T, dir, after string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s left %s behind", after, e.Name())
	}
}

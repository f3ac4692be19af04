package main

import (
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

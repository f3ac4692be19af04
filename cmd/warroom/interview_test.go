package main

import (
	"strings"
	"testing"
)

func TestInterview_RefusesWithoutTerminal(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	code := h.run("m\n", "interview")
	if code != 1 || !strings.Contains(h.errOut.String(), "interview needs a terminal") ||
		!strings.Contains(h.errOut.String(), "warroom answer import FILE") {
		t.Errorf("exit %d, %q", code, h.errOut)
	}
	if n := len(h.history("SEC01-BP01")); n != 0 {
		t.Errorf("%d answers stored", n)
	}
}

func TestInterview_AnswersAndResumes(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.tty = true
	// Who: dana. BP01 met with a note; BP02 partial, no note; BP03 skip; then quit.
	code := h.run("dana\nm\nthree accounts\npartial\n\ns\nq\n", "interview", "--question", "SEC01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	out := h.out.String()
	for _, want := range []string{"=== SEC01 How do you securely operate your workload? ===", "[1/8] SEC01-BP01",
		"Ask the team", "Saved SEC01-BP01: met.", "Saved SEC01-BP02: partial.", "Stopped. 2 answers saved"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if hist := h.history("SEC01-BP01"); len(hist) != 1 || hist[0]["by"] != "dana" || hist[0]["note"] != "three accounts" || hist[0]["source"] != "interview" {
		t.Errorf("BP01: %v", hist)
	}
	// Resume: starts at the first unanswered practice, BP03. Not applicable
	// asks for a reason until one is given. Then the input ends (Ctrl-D).
	code = h.run("a\n\nwe run no workloads of our own\nnone\nbogus\n", "interview", "--question", "SEC01", "--by", "lee")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	out = h.out.String()
	if !strings.Contains(out, "6 of 8 practices to go") || !strings.Contains(out, "[1/6] SEC01-BP03") {
		t.Errorf("did not resume at SEC01-BP03:\n%s", out)
	}
	if !strings.Contains(out, `"bogus" is not one of the choices`) || !strings.Contains(out, "Stopped. 1 answers saved") {
		t.Errorf("bad choice or end of input not handled:\n%s", out)
	}
	hist := h.history("SEC01-BP03")
	if len(hist) != 1 || hist[0]["status"] != "not-applicable" || hist[0]["reason"] != "we run no workloads of our own" || hist[0]["note"] != "none" {
		t.Errorf("BP03: %v", hist)
	}
	if n := len(h.history("SEC01-BP02")); n != 1 {
		t.Errorf("BP02 has %d answers, want 1 (kept from the first session)", n)
	}
}

func TestInterview_AllAnswered(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	for _, p := range []string{"REL09-BP01", "REL09-BP02", "REL09-BP03", "REL09-BP04"} {
		h.mustRun("answer", "set", p, "--status", "met", "--by", "sam")
	}
	h.tty = true
	if code := h.run("", "interview", "--question", "rel09"); code != 0 || !strings.Contains(h.out.String(), "All 4 practices are answered") {
		t.Errorf("exit %d: %s", code, h.out)
	}
	// --all revisits answered practices; the earlier answer stays in history.
	if code := h.run("sam\nn\nrestore failed in drill\nq\n", "interview", "--question", "REL09", "--all"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	if !strings.Contains(h.out.String(), "Current answer: met by sam") {
		t.Errorf("current answer not shown:\n%s", h.out)
	}
	if hist := h.history("REL09-BP01"); len(hist) != 2 || hist[1]["status"] != "not-met" {
		t.Errorf("REL09-BP01: %v", hist)
	}
	if code := h.run("", "interview", "--question", "SEC99"); code != 2 {
		t.Errorf("unknown question: exit %d", code)
	}
}

func TestChoose(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1", 0, true}, {"6", 5, true}, {"7", 0, false}, {"m", 0, true}, {"a", 3, true}, {"n", 2, true},
		{"not-a", 3, true}, {"not", 0, false}, {"PARTIAL", 1, true}, {"", 0, false}, {"x", 0, false},
	}
	for _, tt := range tests {
		got, ok := choose(tt.in, interviewChoices)
		if got != tt.want || ok != tt.ok {
			t.Errorf("choose(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

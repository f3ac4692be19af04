package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/scenarios"
)

func TestNewCmdScenarioRun(t *testing.T) {
	dana := []scenarios.Participant{{Name: "dana", Role: "ir-lead"}, {Name: "lee", Role: "cloud-admin"}}
	tests := []optionCase[scenarioRunOptions]{
		{[]string{"drill", "--facilitator", "sam", "--participants", "dana:ir-lead, lee:Cloud-Admin"},
			scenarioRunOptions{ScenarioID: "drill", Facilitator: "sam", Participants: dana}, ""},
		{[]string{"--resume", "ttx-1"}, scenarioRunOptions{Resume: "ttx-1"}, ""},
		{[]string{"--script", "s.yaml"}, scenarioRunOptions{Script: "s.yaml"}, ""},
		{[]string{"drill", "--script", "s.yaml", "--facilitator", " kim "}, scenarioRunOptions{ScenarioID: "drill", Script: "s.yaml", Facilitator: "kim"}, ""},
		{[]string{"drill", "--participants", "dana:ir-lead"}, scenarioRunOptions{}, "--facilitator is missing"},
		{[]string{"drill", "--facilitator", "sam"}, scenarioRunOptions{}, "--participants is missing"},
		{[]string{"drill", "--facilitator", "sam", "--participants", "dana"}, scenarioRunOptions{}, "write each person as name:role"},
		{[]string{"drill", "--facilitator", "sam", "--participants", "dana:ir-lead,dana:scribe"}, scenarioRunOptions{}, "dana is listed twice"},
		{[]string{"--resume", "ttx-1", "drill"}, scenarioRunOptions{}, "--resume takes no scenario id"},
		{[]string{"--resume", "ttx-1", "--facilitator", "sam"}, scenarioRunOptions{}, "the session keeps its own"},
		{[]string{}, scenarioRunOptions{}, "needs a scenario id"},
		{[]string{"a", "b", "--script", "s.yaml"}, scenarioRunOptions{}, "takes one scenario id"},
	}
	checkOptions(t, tests, func(runF func(*scenarioRunOptions) error) *cobra.Command {
		return newCmdScenarioRun(newFactory(&ioStreams{}), runF)
	}, func(o *scenarioRunOptions) { o.f = nil })
}

// scriptedHarness is a harness with workload payments and the drill's
// evidence run, ready for sessions.
func scriptedHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.saveRun("run-20261027T120000Z-00000001", sessionStart.Add(-26*time.Hour), drillEvidence()...)
	return h
}

const drillSessionID = "ttx-20261028T140000Z-1a2b3c4d"

func TestScenarioRun_ScriptAndReport(t *testing.T) {
	var reports [2][]byte
	for i := range reports {
		h := scriptedHarness(t)
		out := h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
		for _, want := range []string{
			"Session " + drillSessionID + " recorded from " + drillScript + ": A deploy key on a paste site (drill-leaked-key).",
			"Evidence: run run-20261027T120000Z-00000001 (finished 2026-10-27 12:00 UTC, the latest run finished by the session's start) shaped the injects.",
			"Injects played: 3 (key-posted, blind-spot, clean-up)",
			"Claims: 1 verified, 2 contradicted, 0 unknown, 1 conceded, 1 not checkable",
			"Recorded: 1 gap, 2 actions",
			"Next: warroom scenario report " + drillSessionID,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("script summary lacks %q:\n%s", want, out)
			}
		}
		ss := h.sessions()
		if len(ss) != 1 || ss[0].ID != drillSessionID || ss[0].Mode != "script" || !ss[0].StartedAt.Equal(sessionStart) ||
			ss[0].EvidenceRun != "run-20261027T120000Z-00000001" || ss[0].Facilitator != "sam" || len(ss[0].Participants) != 3 {
			t.Fatalf("stored session: %+v", ss)
		}
		if got := kinds(ss[0].Entries); got != "inject,claim,claim,decision,note,inject,claim,claim,gap,inject,claim,action,action,end" {
			t.Errorf("entries: %s", got)
		}
		reports[i] = []byte(h.mustRun(withDrill("report", drillSessionID)...))

		// The other formats render too.
		var doc struct {
			Version int `json:"version"`
			Session struct {
				ID string `json:"id"`
			} `json:"session"`
			Verdicts map[string]int `json:"verdicts"`
			Actions  []struct {
				State string `json:"state"`
			} `json:"actions"`
		}
		if err := json.Unmarshal([]byte(h.mustRun(withDrill("report", drillSessionID, "--format", "json")...)), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Version != 1 || doc.Session.ID != drillSessionID || doc.Verdicts["contradicted"] != 2 || len(doc.Actions) != 2 || doc.Actions[0].State != "open" {
			t.Errorf("json report: %+v", doc)
		}
		file := filepath.Join(h.dir, "aar.html")
		h.mustRun(withDrill("report", drillSessionID, "--out", file)...)
		if b, err := os.ReadFile(file); err != nil || !bytes.Contains(b, []byte("<html")) || bytes.Contains(b, []byte("<script")) {
			t.Errorf("html report: %v", err)
		}
	}
	if !bytes.Equal(reports[0], reports[1]) {
		t.Errorf("the same script played into two databases gave different reports")
	}
	golden.Assert(t, reports[0], "testdata/scenario-aar.md.golden")
}

func TestScenarioRun_ScriptJSON(t *testing.T) {
	h := scriptedHarness(t)
	var doc struct {
		Version int               `json:"version"`
		Session scenarios.Session `json:"session"`
		Injects []string          `json:"injects"`
		Claims  map[string]int    `json:"claims"`
		Gaps    int               `json:"gaps"`
		Actions int               `json:"actions"`
		Ended   bool              `json:"ended"`
	}
	out := h.mustExec("", nil, withDrill("run", "--script", drillScript, "--facilitator", "kim", "-o", "json")...)
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Session.ID != drillSessionID || len(doc.Session.Entries) != 14 || doc.Session.Facilitator != "kim" ||
		len(doc.Injects) != 3 || doc.Claims["verified"] != 1 || doc.Gaps != 1 || doc.Actions != 2 || !doc.Ended {
		t.Errorf("json summary: %+v", doc)
	}
}

func TestScenarioRun_ScriptDoesNotFit(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	// Without evidence GuardDuty's outcome is unknown: the drill does not
	// branch to blind-spot, so the script's second inject is out of place.
	code := h.exec("", nil, withDrill("run", "--script", drillScript)...)
	msg := h.errOut.String()
	if code != 1 || !strings.Contains(msg, drillScript+":15: injects[1].id: the script plays inject blind-spot here, but the scenario goes to calls-seen") ||
		!strings.Contains(msg, "Nothing was recorded.") {
		t.Errorf("exit %d:\n%s", code, msg)
	}
	if ss := h.sessions(); len(ss) != 0 {
		t.Errorf("%d sessions stored from a script that does not fit", len(ss))
	}
	// A script whose file has problems is refused with file:line.
	bad := h.write("bad.yaml", "scenario: drill-leaked-key\nfacilitator: sam\nstarted_at: yesterday\ninjects: []\ncolour: red\n")
	if code := h.exec("", nil, withDrill("run", "--script", bad)...); code != 1 || !strings.Contains(h.errOut.String(), bad+":") {
		t.Errorf("bad script: exit %d %q", code, h.errOut)
	}
	// The scenario id given must be the script's.
	if code := h.exec("", nil, withDrill("run", "lost-root-account", "--script", drillScript)...); code != 2 ||
		!strings.Contains(h.errOut.String(), "plays scenario drill-leaked-key, not lost-root-account") {
		t.Errorf("other scenario: exit %d %q", code, h.errOut)
	}
}

// tick is a clock that moves on by step each time it is read.
func tick(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	now := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := now
		now = now.Add(step)
		return t
	}
}

func withClock(now func() time.Time) func(*factory) {
	return func(f *factory) { f.Now = now }
}

var drillRun = []string{"run", "drill-leaked-key", "--facilitator", "sam", "--participants", "dana:ir-lead,lee:cloud-admin,kim:security-eng"}

func TestScenarioRun_Interactive(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	input := strings.Join([]string{
		"c", "who-hears", "kim", "y", "GuardDuty pages the on-call", // a claim the evidence contradicts
		"g", "o", "SEC04-BP3", "SEC04-BP03", "No detection in unused regions", "kim", // a gap, another id after a typo
		"x",                                                              // next inject: blind-spot
		"a", "Turn GuardDuty on everywhere", "kim", "soon", "2026-11-15", // an action, after a bad date
		"1", "o", "guardduty.enabld", "guardduty.enabled", // the inject's first practice, then a typo in the check
		"p", "r", // pause and resume
		"q", // quit: the session is paused and left open
	}, "\n") + "\n"
	code := h.exec(input, withClock(tick(sessionStart, 2*time.Minute)), withDrill(drillRun...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	out := h.out.String()
	for _, want := range []string{
		"Session " + drillSessionID + ": A deploy key on a paste site (drill-leaked-key), facilitated by sam.",
		"Evidence: run run-20261027T120000Z-00000001",
		"=== Inject 1 of ~3 · incident T+0 · session ",
		"A key on a paste site (key-posted)",
		"Shaped by evidence (run run-20261027T120000Z-00000001):",
		"read the stale-key variant",
		`branches to "Nobody was told" (blind-spot)`,
		"found unrotated for more than 90 days",
		"deploy-bot",
		"  1. Who hears about suspicious use of a key, and how? [checks:\n     guardduty.enabled]",
		"Facilitator notes (not for the room):",
		`"SEC04-BP3" is not a practice id; did you mean SEC04-BP03`,
		"Gap recorded. (entry 3)",
		"=== Inject 2 of ~3 · incident T+20m",
		"Nobody was told (blind-spot)",
		`"soon" is not a date like 2026-12-01.`,
		`"guardduty.enabld" is not a check id; did you mean guardduty.enabled`,
		"Action recorded. (entry 5)",
		"Paused: the clock stops until you resume. (entry 6)",
		"PAUSED]",
		"Resumed: the clock runs again. (entry 7)",
		"OVER",
		"Stopped. Session " + drillSessionID + " is paused with 8 entries (8 saved just now); continue it with `warroom scenario run --resume " + drillSessionID + "`.\nThe clock stays stopped until then.",
		// The practices and checks in play are offered by number.
		"Which practice?\n  1) SEC10-BP01: ",
		"Which practice?\n  1) SEC04-BP01: ",
		"Which check will prove it done?\n  1) cloudtrail.multi-region: ",
		"  2) other id [o]\n  3) none: no check will prove it [n]\n",
		"Does the team say yes, we do this / partly / no?",
		"  1) claim – what the team says it does (judged against evidence when the question has checks) [c]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// The verdict is printed the moment the claim is recorded, before the
	// next question.
	verdict := regexp.MustCompile(`Claim recorded\. \(entry 2\)\nCONTRADICTED by evidence:\n  guardduty\.enabled fail 111122223333: guardduty\.enabled fail on guardduty/111122223333/eu-west-1\n\n\[inject 1 of 4 key-posted, step 1 of ~3 on this path`)
	if !verdict.MatchString(out) {
		t.Errorf("verdict not printed at once:\n%s", out)
	}
	ss := h.sessions()
	if len(ss) != 1 {
		t.Fatalf("%d sessions", len(ss))
	}
	es := ss[0].Entries
	if got := kinds(es); got != "inject,claim,gap,inject,action,pause,resume,pause" {
		t.Fatalf("entries: %s", got)
	}
	if es[1].By != "kim" || es[1].Verdict != scenarios.Contradicted || es[1].QuestionID != "who-hears" || es[1].Text != "GuardDuty pages the on-call" {
		t.Errorf("claim: %+v", es[1])
	}
	if es[2].PracticeID != "SEC04-BP03" || es[2].By != "kim" || es[2].InjectID != "key-posted" {
		t.Errorf("gap: %+v", es[2])
	}
	if es[4].PracticeID != "SEC04-BP01" || es[4].CheckID != "guardduty.enabled" || es[4].Due != "2026-11-15" || es[4].InjectID != "blind-spot" {
		t.Errorf("action: %+v", es[4])
	}
	for i := 1; i < len(es); i++ {
		if !es[i].At.After(es[i-1].At) {
			t.Errorf("entry %d at %s is not after entry %d at %s: the clock was not read per entry", es[i].Seq, es[i].At, es[i-1].Seq, es[i-1].At)
		}
	}
	if ss[0].Mode != "interactive" || ss[0].EvidenceRun != "run-20261027T120000Z-00000001" {
		t.Errorf("session header: %+v", ss[0])
	}
}

func TestScenarioRun_ResumeAfterInputEnds(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	clock := tick(sessionStart, time.Minute)
	// The input ends in the middle of a claim: the first inject is saved,
	// and the session is paused so the time away does not count.
	h.mustExec("c\nwho-hears\n", withClock(clock), withDrill(drillRun...)...)
	if !strings.Contains(h.out.String(), "Stopped. Session "+drillSessionID+" is paused with 2 entries") {
		t.Errorf("stop message:\n%s", h.out)
	}
	before := h.sessions()[0].Entries
	if kinds(before) != "inject,pause" {
		t.Fatalf("entries before resume: %s", kinds(before))
	}
	out := h.mustExec("c\nwho-hears\nkim\nn\nWe have no alerting\nx\ne\ny\n", withClock(clock), withDrill("run", "--resume", drillSessionID)...)
	for _, want := range []string{
		"Resuming session " + drillSessionID + ": A deploy key on a paste site (drill-leaked-key), 2 entries so far.",
		"Resumed; the clock was stopped while away. (entry 3)",
		"=== Inject 1 of ~3", "A key on a paste site (key-posted)",
		"Recorded so far for this inject: 0 claims, 0 decisions, 0 gaps, 0 actions.",
		"CONCEDED", "Nobody was told (blind-spot)", "Ended.",
		"Session " + drillSessionID + " ended after ",
		"After-action report: warroom scenario report " + drillSessionID,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("resume output lacks %q:\n%s", want, out)
		}
	}
	after := h.sessions()[0].Entries
	if kinds(after) != "inject,pause,resume,claim,inject,end" {
		t.Fatalf("entries after resume: %s", kinds(after))
	}
	if !reflect.DeepEqual(after[:2], before) {
		t.Errorf("the first entries changed: %+v, were %+v", after[:2], before)
	}
	// An ended session cannot be resumed.
	code := h.exec("", withClock(clock), withDrill("run", "--resume", drillSessionID)...)
	if code != 1 || !strings.Contains(h.errOut.String(), "session "+drillSessionID+" is over") ||
		!strings.Contains(h.errOut.String(), "warroom scenario report "+drillSessionID) {
		t.Errorf("resume an ended session: exit %d %q", code, h.errOut)
	}
	if code := h.exec("", nil, "scenario", "run", "--resume", "ttx-nope"); code != 1 || !strings.Contains(h.errOut.String(), `no session "ttx-nope"`) {
		t.Errorf("unknown session: exit %d %q", code, h.errOut)
	}
}

func TestScenarioRun_Refusals(t *testing.T) {
	h := scriptedHarness(t)
	code := h.exec("c\n", nil, withDrill(drillRun...)...)
	if code != 1 || !strings.Contains(h.errOut.String(), "needs a terminal") || !strings.Contains(h.errOut.String(), "--script FILE") {
		t.Errorf("no terminal: exit %d %q", code, h.errOut)
	}
	// Without a terminal the real mistake is still reported first.
	code = h.exec("", nil, withDrill("run", "drill-leaked-key", "--facilitator", "sam", "--participants", "dana:pilot")...)
	if code != 2 || !strings.Contains(h.errOut.String(), `role "pilot" is not a role of scenario drill-leaked-key; use one of ir-lead, cloud-admin, security-eng, facilitator, scribe, observer`) {
		t.Errorf("unknown role: exit %d %q", code, h.errOut)
	}
	code = h.exec("", nil, withDrill("run", "drill-leaked-kee", "--facilitator", "sam", "--participants", "dana:scribe")...)
	if msg := h.errOut.String(); code != 1 || !strings.Contains(msg, "did you mean drill-leaked-key") || strings.Contains(msg, "--help") {
		t.Errorf("unknown scenario: exit %d %q", code, msg)
	}
	if code := h.exec("", nil, "scenario", "run", "--resume", "ttx-nope"); code != 1 || !strings.Contains(h.errOut.String(), `no session "ttx-nope"`) {
		t.Errorf("unknown session without a terminal: exit %d %q", code, h.errOut)
	}
	if ss := h.sessions(); len(ss) != 0 {
		t.Errorf("%d sessions stored by refused runs", len(ss))
	}
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	if code := h.exec("", nil, withDrill("run", "--resume", drillSessionID)...); code != 1 || !strings.Contains(h.errOut.String(), "is over") {
		t.Errorf("ended session without a terminal: exit %d %q", code, h.errOut)
	}
	// Names that hold control characters are refused.
	for _, args := range [][]string{
		{"--facilitator", "sam\x1b[2J", "--participants", "dana:ir-lead"},
		{"--facilitator", "sam", "--participants", "dana\u202e:ir-lead"},
		{"--facilitator", "sam", "--participants", "da\tna:ir-lead"},
	} {
		h.tty = true
		code := h.exec("", nil, withDrill(append([]string{"run", "drill-leaked-key"}, args...)...)...)
		if msg := h.errOut.String(); code != 2 || !strings.Contains(msg, "holds control characters") || strings.ContainsAny(msg, "\x1b\u202e\t") {
			t.Errorf("%q: exit %d %q", args, code, msg)
		}
	}
	if ss := h.sessions(); len(ss) != 1 {
		t.Errorf("%d sessions stored, want the script's only", len(ss))
	}
}

func TestScenarioRun_ScriptTwice(t *testing.T) {
	h := scriptedHarness(t)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	// The same bytes for the id suffix would clash in the store; other bytes
	// show the refusal comes from the session already being there.
	other := func(f *factory) { f.Rand = strings.NewReader("\x99\x88\x77\x66") }
	code := h.exec("", other, withDrill("run", "--script", drillScript)...)
	if msg := h.errOut.String(); code != 1 || !strings.Contains(msg, "already recorded as "+drillSessionID+"; nothing was recorded") {
		t.Errorf("second replay: exit %d %q", code, msg)
	}
	if ss := h.sessions(); len(ss) != 1 {
		t.Errorf("%d sessions after replaying the script twice, want 1", len(ss))
	}
	// Another facilitator does not make it another session.
	if code := h.exec("", other, withDrill("run", "--script", drillScript, "--facilitator", "kim")...); code != 1 {
		t.Errorf("replay with another facilitator: exit %d", code)
	}
	// Names in the script are checked like flags.
	bad := h.write("evil.yaml", strings.Replace(mustRead(t, drillScript), "facilitator: sam", `facilitator: "sam\e[2J"`, 1))
	if code := h.exec("", other, withDrill("run", "--script", bad)...); code != 2 || !strings.Contains(h.errOut.String(), "holds control characters") {
		t.Errorf("script facilitator with an escape: exit %d %q", code, h.errOut)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScenarioSessions(t *testing.T) {
	h := scriptedHarness(t)
	if out := h.mustRun("scenario", "sessions"); !strings.Contains(out, "No tabletop sessions for workload payments yet") {
		t.Errorf("no sessions: %q", out)
	}
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	h.tty = true
	h.mustExec("p\n", withClock(tick(sessionStart.Add(24*time.Hour), time.Minute)), withDrill(drillRun...)...)
	out := h.mustRun("scenario", "sessions")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("sessions:\n%s", out)
	}
	for i, want := range [][]string{
		{drillSessionID, "drill-leaked-key", "2026-10-28", "14:00", "ended", "3", "1/2/0", "1", "2"},
		{"ttx-20261029T140000Z-1a2b3c4d", "drill-leaked-key", "2026-10-29", "14:00", "paused", "1", "0/0/0", "0", "0"},
	} {
		if got := strings.Fields(lines[i+1]); !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: %q, want %q", i+1, got, want)
		}
	}
	var doc struct {
		Version  int           `json:"version"`
		Sessions []sessionJSON `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("scenario", "sessions", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Sessions) != 2 || doc.Sessions[0].Claims[scenarios.Conceded] != 1 || doc.Sessions[1].State != "paused" {
		t.Errorf("json sessions: %+v", doc)
	}
}

// TestHelperWarroomProcess is not a test: TestScenarioRun_KilledBetweenEntries
// runs the test binary with WARROOM_HELPER_ARGS set to run warroom itself,
// reading a pipe as if it were a terminal.
func TestHelperWarroomProcess(t *testing.T) {
	raw := os.Getenv("WARROOM_HELPER_ARGS")
	if raw == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		os.Exit(3)
	}
	io := &ioStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, InTTY: true}
	os.Exit(run(context.Background(), args, io))
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestScenarioRun_KilledBetweenEntries(t *testing.T) {
	h := scriptedHarness(t)
	args, _ := json.Marshal(append([]string{"--db", h.db}, withDrill(drillRun...)...))
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWarroomProcess$")
	cmd.Env = append(os.Environ(), "WARROOM_HELPER_ARGS="+string(args))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor := func(s string, n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(out.String(), s) < n {
			if time.Now().After(deadline) {
				t.Fatalf("no %q (×%d) from warroom:\n%s\nstderr:\n%s", s, n, out.String(), errOut.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("What happened?", 1)
	stdin.Write([]byte("c\nwho-hears\nkim\ny\nGuardDuty pages the on-call\n"))
	waitFor("What happened?", 2)
	// Half a decision: the text is typed, the owner is not.
	stdin.Write([]byte("d\nTreat it as a P1\n"))
	waitFor("Owner (required)", 1)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if !strings.Contains(out.String(), "CONTRADICTED by evidence:") {
		t.Errorf("the claim's verdict was not printed:\n%s", out.String())
	}
	ss := h.sessions()
	if len(ss) != 1 || ss[0].ID == "" {
		t.Fatalf("sessions after the kill: %+v", ss)
	}
	before := ss[0].Entries
	if kinds(before) != "inject,claim" {
		t.Fatalf("entries after the kill: %s; want the inject and the claim committed", kinds(before))
	}
	// Resume in-process two hours later: the room carries on where it
	// stopped. The process was killed, so nothing paused the session: the
	// time since the last entry is counted as a pause, and resuming says so.
	h.tty = true
	away := before[1].At.Add(2 * time.Hour)
	clock := tick(away, time.Minute)
	out2 := h.mustExec("d\nTreat it as a P1\ndana\nthe key is live\ne\ny\n", withClock(clock), withDrill("run", "--resume", ss[0].ID)...)
	for _, want := range []string{
		"Resuming session " + ss[0].ID,
		"The session was not paused when it stopped; the time since " + clockSince(before[1].At, away) + " is counted as a pause (entry 3).",
		"Resumed; the clock was stopped while away. (entry 4)",
		"Decision recorded. (entry 5)",
	} {
		if !strings.Contains(out2, want) {
			t.Errorf("resume output lacks %q:\n%s", want, out2)
		}
	}
	after := h.sessions()[0].Entries
	if kinds(after) != "inject,claim,pause,resume,decision,end" {
		t.Fatalf("entries after resume: %s", kinds(after))
	}
	if !after[2].At.Equal(before[1].At) || after[3].At.Before(away) || after[2].By != "sam" {
		t.Errorf("pause %+v and resume %+v: want the pause at the claim (%s), the resume on return (%s)", after[2], after[3], before[1].At, away)
	}
	// The two hours away do not count: the session lasted the minutes
	// before the kill and the few after the resume.
	if a := scenarios.BuildAfterAction(nil, &h.sessions()[0], nil); a.Duration >= time.Hour {
		t.Errorf("duration %s counts the time the process was gone", a.Duration)
	}
	if !reflect.DeepEqual(after[:2], before) {
		t.Errorf("committed entries changed on resume:\n%+v\nwas\n%+v", after[:2], before)
	}
	for i, e := range after {
		if e.Seq != i+1 {
			t.Errorf("entry %d has seq %d", i+1, e.Seq)
		}
	}
	if after[4].Owner != "dana" || after[4].Rationale != "the key is live" {
		t.Errorf("decision: %+v", after[4])
	}
}

func TestScenarioRun_ResumeChangedScenario(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	clock := tick(sessionStart, time.Minute)
	h.mustExec("q\n", withClock(clock), withDrill(drillRun...)...)
	orig, err := os.ReadFile(filepath.Join(drillDir, "drill-leaked-key.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := func(old, new string) string {
		dir := filepath.Join(t.TempDir(), "changed")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "drill-leaked-key.yaml"), bytes.Replace(orig, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	// A new title changes the digest, but the log still replays.
	dir := changed("title: A deploy key on a paste site", "title: A deploy key on a public paste site")
	out := h.mustExec("q\n", withClock(clock), "scenario", "--scenario-dir", dir, "run", "--resume", drillSessionID)
	if !strings.Contains(h.errOut.String(), "scenario drill-leaked-key changed since the session started") ||
		!strings.Contains(out, "Resuming session "+drillSessionID) {
		t.Errorf("changed title: stderr %q\n%s", h.errOut, out)
	}
	// Renamed injects: the log no longer replays, and resuming is refused.
	dir = changed("- id: key-posted", "- id: key-leaked")
	code := h.exec("q\n", withClock(clock), "scenario", "--scenario-dir", dir, "run", "--resume", drillSessionID)
	if msg := h.errOut.String(); code != 1 || !strings.Contains(msg, "scenario drill-leaked-key changed since session "+drillSessionID+" started") ||
		!strings.Contains(msg, "no longer replays") || !strings.Contains(msg, "warroom scenario report "+drillSessionID) {
		t.Errorf("renamed inject: exit %d %q", code, msg)
	}
	// Without the folder the scenario is nowhere to be found.
	if code := h.exec("q\n", withClock(clock), "scenario", "run", "--resume", drillSessionID); code != 1 ||
		!strings.Contains(h.errOut.String(), "which is neither built in nor in --scenario-dir") {
		t.Errorf("missing scenario: exit %d %q", code, h.errOut)
	}
	// The first quit paused the session; the resume that worked resumed it
	// and quit paused it again; the refused ones recorded nothing.
	if got := kinds(h.sessions()[0].Entries); got != "inject,pause,resume,pause" {
		t.Errorf("entries after refused resumes: %s", got)
	}
}

func TestScenarioRun_TerminalSafe(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	evil := "eve\x1b[31m"
	input := strings.Join([]string{
		"c", "who-hears", "1", "y", "ok\x1b]8;;http://evil\x07",
		"g", "1", "no one watches", "someone else", evil, "Kim", // a typed name with an escape is asked again
		"a", "fix\x1b[2J it", evil, "lee", "2026-12-01", "1", "n",
		"q",
	}, "\n") + "\n"
	h.mustExec(input, withClock(tick(sessionStart, time.Minute)), withDrill("run", "drill-leaked-key", "--facilitator", "sam",
		"--participants", "lee:ir-lead")...)
	runOut := h.out.String()
	if got := strings.Count(runOut, `"eve\x1b[31m" holds control characters`); got != 2 {
		t.Errorf("the typed names were refused %d times, want 2:\n%s", got, runOut)
	}
	for _, out := range []string{runOut, h.mustRun("actions", "list"), h.mustRun("scenario", "sessions")} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("control characters reach the terminal: %q", out)
		}
	}
	// A claim and an action whose text holds control characters are refused,
	// shown with the characters made visible; the clean gap is kept.
	if got := strings.Count(runOut, "holds control or invisible characters"); got != 2 {
		t.Errorf("text with control characters refused %d times, want 2:\n%s", got, runOut)
	}
	es := h.sessions()[0].Entries
	if kinds(es) != "inject,gap,pause" || es[1].By != "Kim" || es[1].Text != "no one watches" {
		t.Errorf("entries: %+v", es)
	}
}

func TestScenarioReport_TerminalSafe(t *testing.T) {
	h := scriptedHarness(t)
	script := strings.Replace(mustRead(t, drillScript), `"GuardDuty pages the on-call in every region"`, `"GuardDuty pages\e[2J the on-call \u202eeverywhere"`, 1)
	script = strings.Replace(script, "Treat it as a P1", `"Treat it\e]8;;http://evil\a as a P1"`, 1)
	// Control characters in what people say are refused where they come in.
	if code := h.run("", withDrill("run", "--script", h.write("evil.yaml", script))...); code != 1 ||
		!strings.Contains(h.errOut.String(), `record claim: text: holds control or invisible characters (shown as GuardDuty pages\u001b[2J the on-call \u202eeverywhere)`) ||
		!strings.Contains(h.errOut.String(), "Nothing was recorded.") {
		t.Errorf("evil script: exit %d, stderr %q", code, h.errOut)
	}
	// A database written some other way may still hold them: the outputs
	// never pass them to a terminal.
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	db := h.openDB()
	sess, err := db.Session(context.Background(), drillSessionID)
	if err != nil {
		t.Fatal(err)
	}
	evil := *sess
	evil.ID = "ttx-20261028T140000Z-0000e0e0"
	evil.Entries = append([]scenarios.Entry(nil), sess.Entries...)
	for i := range evil.Entries {
		switch evil.Entries[i].Kind {
		case scenarios.KindClaim:
			evil.Entries[i].Text = "GuardDuty pages\x1b[2J the on-call \u202eeverywhere"
		case scenarios.KindDecision:
			evil.Entries[i].Text = "Treat it\x1b]8;;http://evil\a as a P1"
		}
	}
	w, err := db.Workload(context.Background(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(context.Background(), w.ID, evil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tty := func(f *factory) { f.IO.OutTTY = true }
	for _, args := range [][]string{
		withDrill("report", evil.ID),
		withDrill("report", evil.ID, "--format", "json"),
		withDrill("report", evil.ID, "--format", "html"),
		{"report", "--format", "md"},
		withDrill("pack", "drill-leaked-key"),
	} {
		out := h.mustExec("", tty, args...)
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%v: control characters reach the terminal: %q", args, out)
		}
	}
	// JSON stays JSON on a terminal.
	var doc map[string]any
	if err := json.Unmarshal([]byte(h.mustExec("", tty, withDrill("report", evil.ID, "--format", "json")...)), &doc); err != nil {
		t.Errorf("json report on a terminal: %v", err)
	}
	// The claim is in the report, made visible.
	if out := h.mustExec("", tty, withDrill("report", evil.ID)...); !strings.Contains(out, "the on-call") {
		t.Errorf("the claim is missing from the report:\n%s", out)
	}
}

func TestScenarioRun_MenuAndPrompts(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	input := strings.Join([]string{
		"",       // Enter: the clock is drawn again, no complaint
		"x", "x", // on to clean-up, the last inject
		"a", "Rotate the old keys", "lee", "2026-01-01", "1", "n", // a due date already past is accepted with a warning
		"6", "y", // the slot of the next inject now ends the session
	}, "\n") + "\n"
	out := h.mustExec(input, withClock(tick(sessionStart, time.Minute)), withDrill(drillRun...)...)
	if strings.Contains(out, "is not one of the choices") {
		t.Errorf("Enter at the menu was taken for a wrong choice:\n%s", out)
	}
	if n := strings.Count(out, "[inject 1 of 4 key-posted, step 1 of ~3 on this path"); n != 2 {
		t.Errorf("the status line of inject 1 was drawn %d times, want 2 (Enter redraws it):\n%s", n, out)
	}
	for _, want := range []string{
		"  6) next inject [x]\n  7) show the inject again [s]",
		"Warning: 2026-01-01 is already past (today is 2026-10-28); recorded as given.",
		"Which practice?\n  1) SEC02-BP05: ",
		"Which check will prove it done?\n  1) iam.access-key-age: ",
		"  6) end of scenario (no more injects): end the session [x]\n  7) show the inject again [s]",
		"Session " + drillSessionID + " ended after ",
		": 3 injects, 0 claims, 0 gaps, 1 action.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	es := h.sessions()[0].Entries
	if kinds(es) != "inject,inject,inject,action,end" || es[3].Due != "2026-01-01" || es[3].PracticeID != "SEC02-BP05" {
		t.Errorf("entries: %s %+v", kinds(es), es)
	}
}

func TestScenarioRun_QuitStopsTheClock(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	now := sessionStart
	clock := func() time.Time { return now }
	h.mustExec("q\n", withClock(clock), withDrill(drillRun...)...)
	now = now.Add(3 * time.Hour) // the room goes to lunch
	out := h.mustExec("e\ny\n", withClock(clock), withDrill("run", "--resume", drillSessionID)...)
	if !strings.Contains(out, "Resumed; the clock was stopped while away.") || !strings.Contains(out, "ended after 0s") {
		t.Errorf("resume after a long break:\n%s", out)
	}
	if got := kinds(h.sessions()[0].Entries); got != "inject,pause,resume,end" {
		t.Errorf("entries: %s", got)
	}
}

func TestScenarioRun_Interrupted(t *testing.T) {
	h := scriptedHarness(t)
	args, _ := json.Marshal(append([]string{"--db", h.db}, withDrill(drillRun...)...))
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWarroomProcess$")
	cmd.Env = append(os.Environ(), "WARROOM_HELPER_ARGS="+string(args))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var out, errOut lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor := func(s string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(out.String(), s) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q from warroom:\n%s\nstderr:\n%s", s, out.String(), errOut.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("What happened?")
	// Ctrl-C while warroom waits for the text of a claim.
	stdin.Write([]byte("c\nwho-hears\nkim\ny\n"))
	waitFor("What did they say (required)")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit after Ctrl-C: %v, want code 130", err)
	}
	ss := h.sessions()
	if len(ss) != 1 {
		t.Fatalf("%d sessions", len(ss))
	}
	if !strings.Contains(out.String(), "Stopped. Every entry so far is saved; continue with `warroom scenario run --resume "+ss[0].ID+"`.\nThe session is paused") {
		t.Errorf("stop message:\n%s", out.String())
	}
	if got := kinds(ss[0].Entries); got != "inject,pause" {
		t.Errorf("entries after Ctrl-C: %s, want the inject and a pause", got)
	}
}

// laterRun is a run that finished after the drill session started, in which
// GuardDuty passes everywhere: shaped by it, the drill would not branch to
// blind-spot and the drill script would not fit.
func (h *harness) laterRun() string {
	h.t.Helper()
	id := "run-20261102T100000Z-00000002"
	h.saveRun(id, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Pass, "eu-west-1", "guardduty/111122223333/eu-west-1"),
		finding("guardduty.enabled", checks.Pass, "us-east-1", "guardduty/111122223333/us-east-1"),
		finding("iam.access-key-age", checks.Pass, "", "deploy-bot"))
	return id
}

func TestScenarioRun_ScriptEvidenceFinishedByTheStart(t *testing.T) {
	const early = "run-20261027T120000Z-00000001"
	t.Run("a later run is passed over", func(t *testing.T) {
		h := scriptedHarness(t)
		h.laterRun()
		out := h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
		if !strings.Contains(out, "Evidence: run "+early+" (finished 2026-10-27 12:00 UTC, the latest run finished by the session's start) shaped the injects.") {
			t.Errorf("summary:\n%s", out)
		}
		if ss := h.sessions(); len(ss) != 1 || ss[0].EvidenceRun != early {
			t.Errorf("sessions: %+v", ss)
		}
	})
	t.Run("only later runs: generic, and said so", func(t *testing.T) {
		h := newHarness(t)
		h.mustRun("workload", "create", "payments")
		h.laterRun()
		script := h.write("short.yaml", `scenario: drill-leaked-key
facilitator: sam
participants: ["dana:ir-lead"]
started_at: 2026-10-28T14:00:00Z
injects:
  - id: key-posted
    at: +0m
    notes:
      - {text: The room is quiet, by: sam, at: +2m}
ended_at: +5m
`)
		out := h.mustExec("", nil, withDrill("run", "--script", script)...)
		if !strings.Contains(out, "Evidence: none: no run had finished by the session's start (2026-10-28 14:00 UTC), and later evidence cannot have shaped it; the generic narrative was used throughout.") {
			t.Errorf("summary:\n%s", out)
		}
		ss := h.sessions()
		if len(ss) != 1 || ss[0].EvidenceRun != "" || ss[0].Entries[0].Variant != "" {
			t.Fatalf("sessions: %+v", ss)
		}
		for _, sh := range ss[0].Entries[0].Shaping {
			if !sh.Generic && sh.Outcome != scenarios.OutcomeUnknown {
				t.Errorf("the inject was shaped by evidence: %+v", sh)
			}
		}
	})
	t.Run("a pinned run", func(t *testing.T) {
		h := scriptedHarness(t)
		later := h.laterRun()
		out := h.mustExec("", nil, withDrill("run", "--script", drillScript, "--run", early)...)
		if !strings.Contains(out, "Evidence: run "+early+" (finished 2026-10-27 12:00 UTC, pinned with --run) shaped the injects.") {
			t.Errorf("summary:\n%s", out)
		}
		if ss := h.sessions(); len(ss) != 1 || ss[0].EvidenceRun != early {
			t.Errorf("sessions: %+v", ss)
		}
		// A run that finished after the session cannot have shaped it.
		other := func(f *factory) { f.Rand = strings.NewReader("\x99\x88\x77\x66") }
		code := h.exec("", other, withDrill("run", "--script", drillScript, "--run", later)...)
		if msg := h.errOut.String(); code != 1 || !strings.Contains(msg, "--run "+later+" finished 2026-11-02 10:00 UTC, after the session started (2026-10-28 14:00 UTC): "+
			"evidence collected after the session cannot have shaped it; pin a run that finished by then, or leave out --run to use the latest one that did. Nothing was recorded") {
			t.Errorf("later pinned run: exit %d %q", code, msg)
		}
		if code := h.exec("", other, withDrill("run", "--script", drillScript, "--run", "run-nope")...); code != 1 ||
			!strings.Contains(h.errOut.String(), `--run run-nope: no such run in `) {
			t.Errorf("unknown pinned run: exit %d %q", code, h.errOut)
		}
		if ss := h.sessions(); len(ss) != 1 {
			t.Errorf("%d sessions after refused pins, want 1", len(ss))
		}
	})
	t.Run("flags", func(t *testing.T) {
		h := scriptedHarness(t)
		h.tty = true
		if code := h.exec("", nil, withDrill(append(drillRun, "--run", early)...)...); code != 2 ||
			!strings.Contains(h.errOut.String(), "--run pins the evidence of a session typed up from a script") {
			t.Errorf("--run on an interactive session: exit %d %q", code, h.errOut)
		}
		if code := h.exec("", nil, withDrill("run", "--resume", drillSessionID, "--run", early)...); code != 2 ||
			!strings.Contains(h.errOut.String(), "--resume takes no scenario id, --script, --run") {
			t.Errorf("--run with --resume: exit %d %q", code, h.errOut)
		}
	})
}

func TestScenarioRun_ResumeUnpaused(t *testing.T) {
	// A script without ended_at leaves the session open, its last entry an
	// action at 14:32: nothing paused it.
	h := scriptedHarness(t)
	h.tty = true
	open := h.write("open.yaml", strings.Replace(mustRead(t, drillScript), "ended_at: +38m\n", "", 1))
	h.mustExec("", nil, withDrill("run", "--script", open)...)
	out := h.mustExec("e\ny\n", nil, withDrill("run", "--resume", drillSessionID)...)
	for _, want := range []string{
		"The session was not paused when it stopped; the time since 2026-10-28 14:32 UTC is counted as a pause (entry 14).",
		"Resumed; the clock was stopped while away. (entry 15)",
		// Five days away do not count.
		"Session " + drillSessionID + " ended after 32m00s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("resume output lacks %q:\n%s", want, out)
		}
	}
	es := h.sessions()[0].Entries
	if got := kinds(es[12:]); got != "action,pause,resume,end" || !es[13].At.Equal(es[12].At) || !es[14].At.Equal(fixedNow) {
		t.Errorf("entries: %s %+v", got, es[12:])
	}

	// A session killed before its first inject is paused from its start.
	db := h.openDB()
	w, err := db.Workload(context.Background(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	bare := scenarios.Session{ID: "ttx-bare", ScenarioID: "drill-leaked-key", ScenarioVersion: 1, Facilitator: "sam",
		Participants: []scenarios.Participant{{Name: "dana", Role: "ir-lead"}}, Mode: "interactive", StartedAt: fixedNow.Add(-time.Hour)}
	if err := db.CreateSession(context.Background(), w.ID, bare); err != nil {
		t.Fatal(err)
	}
	out = h.mustExec("e\ny\n", nil, withDrill("run", "--resume", "ttx-bare")...)
	if !strings.Contains(out, "the time since 09:30 UTC is counted as a pause (entry 1).") || !strings.Contains(out, "ended after 0s") {
		t.Errorf("resume before the first inject:\n%s", out)
	}
	var got *scenarios.Session
	for _, s := range h.sessions() {
		if s.ID == "ttx-bare" {
			got = &s
		}
	}
	if got == nil || kinds(got.Entries) != "pause,resume,inject,end" || !got.Entries[0].At.Equal(bare.StartedAt) {
		t.Errorf("bare session: %+v", got)
	}
}

func TestScenarioReport_Provenance(t *testing.T) {
	h := scriptedHarness(t)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	digest := h.sessions()[0].ScenarioDigest
	if len(digest) != 64 {
		t.Fatalf("digest %q", digest)
	}
	out := h.mustRun(withDrill("report", drillSessionID)...)
	for _, want := range []string{
		"| Scenario | drill-leaked-key, version 1, sha256 " + digest[:12] + "… |",
		"| Mode | script: typed up from a script, recorded 2026-11-02 10:30 UTC |",
		"| Evidence | run run-20261027T120000Z-00000001, finished 2026-10-27 12:00 UTC: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if h.errOut.Len() != 0 || strings.Contains(out, "Note:") {
		t.Errorf("a report on the file played warns: %q", h.errOut)
	}
	var doc struct {
		Session struct {
			RecordedAt time.Time `json:"recorded_at"`
		} `json:"session"`
		EvidenceFinishedAt time.Time `json:"evidence_finished_at"`
	}
	if err := json.Unmarshal([]byte(h.mustRun(withDrill("report", drillSessionID, "--format", "json")...)), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Session.RecordedAt.Equal(fixedNow) || !doc.EvidenceFinishedAt.Equal(time.Date(2026, 10, 27, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("json provenance: %+v", doc)
	}

	// The scenario file changes: the report still renders, says so, and
	// warns.
	orig := mustRead(t, filepath.Join(drillDir, "drill-leaked-key.yaml"))
	dir := filepath.Join(t.TempDir(), "changed")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(strings.Replace(orig, "version: 1", "version: 2", 1), "title: A deploy key on a paste site", "title: A deploy key in public", 1)
	if err := os.WriteFile(filepath.Join(dir, "drill-leaked-key.yaml"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	const note = "the scenario has changed since this session (version 1 → 2); titles and questions are from the current file"
	out = h.mustRun("scenario", "--scenario-dir", dir, "report", drillSessionID)
	if !strings.Contains(h.errOut.String(), "Warning: "+note+".") || !strings.Contains(out, "> **Note:** "+note+".") ||
		!strings.Contains(out, "# After-action report: A deploy key in public") || !strings.Contains(out, "version 1, sha256 "+digest[:12]) {
		t.Errorf("changed scenario: stderr %q\n%s", h.errOut, out)
	}
}

func TestScenarioSessions_Provenance(t *testing.T) {
	h := scriptedHarness(t)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	var doc struct {
		Sessions []map[string]any `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("scenario", "sessions", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sessions) != 1 {
		t.Fatalf("sessions: %+v", doc)
	}
	got := doc.Sessions[0]
	if d, _ := got["scenario_digest"].(string); len(d) != 64 || d != h.sessions()[0].ScenarioDigest ||
		got["recorded_at"] != "2026-11-02T10:30:00Z" || got["started_at"] != "2026-10-28T14:00:00Z" || got["scenario_version"] != 1.0 {
		t.Errorf("session row: %+v", got)
	}
}

// TestScenarioRun_ResumeClockBehind: a clock behind the session's last entry
// (skew, or a typed-up session dated ahead) does not make every entry
// refused: new entries take the last entry's time.
func TestScenarioRun_ResumeClockBehind(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	open := h.write("open.yaml", strings.Replace(mustRead(t, drillScript), "ended_at: +38m\n", "", 1))
	h.mustExec("", nil, withDrill("run", "--script", open)...)
	last := h.sessions()[0].Entries[12].At
	behind := func(f *factory) { f.Now = func() time.Time { return last.Add(-time.Hour) } }
	out := h.mustExec("e\ny\n", behind, withDrill("run", "--resume", drillSessionID)...)
	if strings.Contains(out, "Not recorded") {
		t.Errorf("entries refused with the clock behind:\n%s", out)
	}
	es := h.sessions()[0].Entries
	if got := kinds(es[12:]); got != "action,pause,resume,end" {
		t.Fatalf("entries: %s", got)
	}
	for _, e := range es[13:] {
		if !e.At.Equal(last) {
			t.Errorf("entry %d (%s) at %s, want the last entry's time %s", e.Seq, e.Kind, e.At, last)
		}
	}
}

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

// drillDir holds the test scenario drill-leaked-key: four injects, a variant
// on iam.access-key-age and a branch on guardduty.enabled.
const (
	drillDir    = "testdata/scenarios/good"
	drillScript = "testdata/scenarios/scripts/drill-session.yaml"
)

// sessionStart is when the drill script's session starts.
var sessionStart = time.Date(2026, 10, 28, 14, 0, 0, 0, time.UTC)

// exec runs warroom like h.run, with setup changing the factory first (a
// clock, randomness). Session ids come from fixed bytes unless setup says
// otherwise, so they are the same in every database.
func (h *harness) exec(input string, setup func(*factory), args ...string) int {
	h.t.Helper()
	io, out, errOut := testIO(input)
	io.InTTY = h.tty
	h.out, h.errOut = out, errOut
	f := newFactory(io)
	f.Version = "test"
	f.Now = func() time.Time { return h.now }
	f.Getenv = func(k string) string { return h.env[k] }
	f.Rand = strings.NewReader("\x1a\x2b\x3c\x4d")
	if setup != nil {
		setup(f)
	}
	return runWith(context.Background(), f, append([]string{"--db", h.db}, args...))
}

// mustExec is exec that fails the test unless the exit code is 0.
func (h *harness) mustExec(input string, setup func(*factory), args ...string) string {
	h.t.Helper()
	if code := h.exec(input, setup, args...); code != 0 {
		h.t.Fatalf("warroom %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, h.out, h.errOut)
	}
	return h.out.String()
}

// withDrill puts --scenario-dir for the test scenario in front of args.
func withDrill(args ...string) []string {
	return append([]string{"scenario", "--scenario-dir", drillDir}, args...)
}

// openDB opens the harness database; it is closed when the test ends.
func (h *harness) openDB() *store.DB {
	h.t.Helper()
	db, err := store.Open(context.Background(), h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

// saveRun stores an evidence run of workload payments finished at the given
// time with the given findings.
func (h *harness) saveRun(id string, finished time.Time, fs ...checks.Finding) {
	h.t.Helper()
	ctx := context.Background()
	db := h.openDB()
	w, err := db.Workload(ctx, "payments")
	if err != nil {
		h.t.Fatal(err)
	}
	for i := range fs {
		fs[i].ObservedAt = finished
		fs[i].Evidence = json.RawMessage(`{}`)
	}
	// The run read the accounts its findings name (the drill's account when
	// it has none), as a real collection records them.
	accounts := []string{}
	for _, f := range fs {
		if !slices.Contains(accounts, f.Account) {
			accounts = append(accounts, f.Account)
		}
	}
	if len(accounts) == 0 {
		accounts = []string{"111122223333"}
	}
	run := store.Run{ID: id, StartedAt: finished.Add(-time.Minute), FinishedAt: finished,
		Accounts: accounts, Regions: []string{"eu-west-1"}, ToolVersion: "test"}
	if err := db.SaveRun(ctx, w.ID, run, fs); err != nil {
		h.t.Fatal(err)
	}
}

func finding(check string, st checks.Status, region, resource string) checks.Finding {
	return checks.Finding{CheckID: check, Status: st, Account: "111122223333", Region: region, Resource: resource,
		Message: check + " " + string(st) + " on " + resource}
}

// drillEvidence is a run where GuardDuty is off in eu-west-1 (the drill
// branches to blind-spot), a key is old (variant stale-key) and the trail
// covers every region.
func drillEvidence() []checks.Finding {
	return []checks.Finding{
		finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1"),
		finding("guardduty.enabled", checks.Pass, "us-east-1", "guardduty/111122223333/us-east-1"),
		finding("iam.access-key-age", checks.Fail, "", "deploy-bot"),
		finding("cloudtrail.multi-region", checks.Pass, "", "org-trail"),
	}
}

// sessions reads every session of workload payments.
func (h *harness) sessions() []scenarios.Session {
	h.t.Helper()
	ctx := context.Background()
	db := h.openDB()
	w, err := db.Workload(ctx, "payments")
	if err != nil {
		h.t.Fatal(err)
	}
	ss, err := db.Sessions(ctx, w.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return ss
}

func kinds(es []scenarios.Entry) string {
	var ks []string
	for _, e := range es {
		ks = append(ks, string(e.Kind))
	}
	return strings.Join(ks, ",")
}

func TestNewCmdScenarioPack(t *testing.T) {
	tests := []optionCase[scenarioPackOptions]{
		{[]string{"drill"}, scenarioPackOptions{ScenarioID: "drill", Format: "md"}, ""},
		{[]string{"drill", "--out", "pack.HTML"}, scenarioPackOptions{ScenarioID: "drill", Format: "html", Out: "pack.HTML"}, ""},
		{[]string{"drill", "--format", "html", "--generic"}, scenarioPackOptions{ScenarioID: "drill", Format: "html", Generic: true}, ""},
		{[]string{"drill", "--format", "pdf"}, scenarioPackOptions{}, `--format "pdf" is not one of md, html`},
		{[]string{}, scenarioPackOptions{}, "takes one scenario id"},
		{[]string{"a", "b"}, scenarioPackOptions{}, "takes one scenario id"},
	}
	checkOptions(t, tests, func(runF func(*scenarioPackOptions) error) *cobra.Command {
		return newCmdScenarioPack(newFactory(&ioStreams{}), runF)
	}, func(o *scenarioPackOptions) { o.f = nil })
}

func TestNewCmdScenarioReport(t *testing.T) {
	tests := []optionCase[scenarioReportOptions]{
		{[]string{"ttx-1"}, scenarioReportOptions{Session: "ttx-1", Format: "md"}, ""},
		{[]string{"ttx-1", "--out", "aar.html"}, scenarioReportOptions{Session: "ttx-1", Format: "html", Out: "aar.html"}, ""},
		{[]string{"ttx-1", "--format", "json"}, scenarioReportOptions{Session: "ttx-1", Format: "json"}, ""},
		{[]string{"ttx-1", "--format", "csv"}, scenarioReportOptions{}, `--format "csv" is not one of md, html, json`},
		{[]string{}, scenarioReportOptions{}, "takes one session id"},
	}
	checkOptions(t, tests, func(runF func(*scenarioReportOptions) error) *cobra.Command {
		return newCmdScenarioReport(newFactory(&ioStreams{}), runF)
	}, func(o *scenarioReportOptions) { o.f = nil })
}

func TestScenarioList(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun(withDrill("list")...)
	if !strings.HasPrefix(out, "ID") || !strings.Contains(out, "PRACTICES") {
		t.Errorf("list header:\n%s", out)
	}
	var row string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "drill-leaked-key ") {
			row = line
		}
	}
	if f := strings.Fields(row); len(f) < 3 || !strings.Contains(row, "A deploy key on a paste site") ||
		!strings.Contains(row, " 4 ") || !strings.Contains(row, " 40 ") || !strings.Contains(row, "SEC02-BP05, SEC04-BP01") {
		t.Errorf("drill row %q in\n%s", row, out)
	}
	if !strings.Contains(out, "lost-root-account") {
		t.Errorf("the built-in library is missing:\n%s", out)
	}
	var list []scenarios.Scenario
	if err := json.Unmarshal([]byte(h.mustRun(withDrill("list", "-o", "json")...)), &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range list {
		if s.ID == "drill-leaked-key" {
			found = len(s.Injects) == 4 && s.Digest != "" && strings.HasSuffix(s.Source, "drill-leaked-key.yaml")
		}
	}
	if !found {
		t.Errorf("json list lacks the drill with 4 injects, digest and source")
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Error("scenario list opened the database; it should not need one")
	}
}

func TestScenarioShow(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun(withDrill("show", "drill-leaked-key")...)
	for _, want := range []string{
		"drill-leaked-key: A deploy key on a paste site",
		"Objective\n  Establish who hears about a leaked key",
		"  - ir-lead (Incident lead): Runs the response and makes the calls",
		"Practices: SEC02-BP05, SEC04-BP01, SEC04-BP03, SEC10-BP01",
		"--- Inject 1 of 4: T+0  A key on a paste site (key-posted, timebox 10 min) ---",
		"Variant stale-key, when iam.access-key-age is fail:",
		"Artifact [email] From the researcher\n    Hello, I found what looks like your key in a public paste.\n    The key id starts with AKIA.",
		"    - who-hears: Who hears about suspicious use of a key, and how? [practices:\n      SEC10-BP01; checks: guardduty.enabled]",
		`Probe {user}: a fail resource of iam.access-key-age, else "the deploy user"`,
		"Branch: when guardduty.enabled is fail, go to blind-spot",
		"Next: clean-up",
		"Facilitator: a good answer names\n    - names the alert and the person it pages",
		"Hints if the room is stuck",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q", want)
		}
	}
	var s scenarios.Scenario
	if err := json.Unmarshal([]byte(h.mustRun(withDrill("show", "drill-leaked-key", "-o", "json")...)), &s); err != nil {
		t.Fatal(err)
	}
	if s.ID != "drill-leaked-key" || s.Injects[0].Branches[0].Goto != "blind-spot" || s.Injects[0].Variants[0].ID != "stale-key" {
		t.Errorf("json show: %+v", s)
	}
	if code := h.run("", withDrill("show", "drill-leaked-kee")...); code != 1 || !strings.Contains(h.errOut.String(), "did you mean drill-leaked-key") {
		t.Errorf("unknown id: exit %d, %q", code, h.errOut)
	}
	// An id like no other points to the list once, with no usage footer:
	// the command was used right.
	if code := h.run("", withDrill("show", "nope")...); code != 1 ||
		h.errOut.String() != "warroom: unknown scenario \"nope\"; see `warroom scenario list` (custom scenarios need --scenario-dir)\n" {
		t.Errorf("unknown id: exit %d, %q", code, h.errOut)
	}
}

func TestPrintBlock_KeepsLayout(t *testing.T) {
	var b strings.Builder
	printBlock(&b, "{\n  \"eventName\": \"ConsoleLogin\",\n\t\"x\": 1\x1b[2J\u202e\r\n}\n", "    ")
	want := "    {\n      \"eventName\": \"ConsoleLogin\",\n    \t\"x\": 1\\u001b[2J\\u202e\n    }\n"
	if b.String() != want {
		t.Errorf("printBlock:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Title\n\n| a\t| b |\n", "# Title\n\n| a\t| b |\n"},
		{"esc \x1b[31mred\x1b[0m", `esc \u001b[31mred\u001b[0m`},
		{"bell\x07 del\x7f nel\u0085 csi\u009b cr\r", `bell\u0007 del\u007f nel\u0085 csi\u009b cr\u000d`},
		{"admin\u202egnp.exe \u2066x\u2069", `admin\u202egnp.exe \u2066x\u2069`},
		{"bad \x9b byte", `bad \x9b byte`},
		{"naïve café — ok", "naïve café — ok"},
	}
	for _, tt := range tests {
		if got := string(terminalSafe([]byte(tt.in))); got != tt.want {
			t.Errorf("terminalSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScenarioValidate(t *testing.T) {
	h := newHarness(t)
	if out := h.mustRun("scenario", "validate", drillDir); out != "1 scenario valid: drill-leaked-key\n" {
		t.Errorf("valid folder: %q", out)
	}
	if out := h.mustRun("scenario", "validate", filepath.Join(drillDir, "drill-leaked-key.yaml")); out != "1 scenario valid: drill-leaked-key\n" {
		t.Errorf("valid file: %q", out)
	}
	bad := "testdata/scenarios/bad"
	code := h.run("", "scenario", "validate", bad)
	msg := h.errOut.String()
	if code != 1 {
		t.Errorf("bad folder: exit %d, want 1", code)
	}
	file := bad + "/broken-drill.yaml"
	for _, want := range []string{
		file + `:14: practices[1]: unknown practice "SEC99-BP01"`,
		file + `:24: injects[0].questions[0].checks[0]: unknown check "iam.no-such-check"`,
		file + `:31: injects[0].branches[0].goto: "nowhere" is not an inject of this scenario`,
		file + `:32: injects[1].id: duplicate inject id "first"`,
		"4 problems in " + bad,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("validate lacks %q:\n%s", want, msg)
		}
	}
	// A custom scenario may not reuse a built-in id.
	lib, err := os.ReadFile("../../scenarios/library/lost-root-account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The library's own files validate: they are the built-ins themselves.
	if out := h.mustRun("scenario", "validate", "../../scenarios/library"); !strings.HasSuffix(out, " scenarios valid\n") {
		t.Errorf("the library itself: %q", out)
	}
	clash := h.write("lost-root-account.yaml", string(lib)+"# edited\n")
	if code := h.run("", "scenario", "validate", clash); code != 1 || !strings.Contains(h.errOut.String(), "is already a built-in scenario") {
		t.Errorf("clash with the library: exit %d %q", code, h.errOut)
	}
	if code := h.run("", "scenario", "validate", filepath.Join(h.dir, "nope")); code != 1 {
		t.Errorf("missing path: exit %d", code)
	}
	if code := h.run("", "scenario", "--scenario-dir", bad, "list"); code != 1 || !strings.Contains(h.errOut.String(), "broken-drill.yaml:14") {
		t.Errorf("bad --scenario-dir: exit %d %q", code, h.errOut)
	}
}

func TestScenarioPack(t *testing.T) {
	h := newHarness(t)
	// No database: generic, and no database is created.
	out := h.mustRun(withDrill("pack", "drill-leaked-key")...)
	if !strings.Contains(h.errOut.String(), "Generic pack: no database at") || !strings.Contains(out, "the deploy user") {
		t.Errorf("pack without database: stderr %q\n%s", h.errOut, out)
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Error("pack created a database")
	}
	h.mustRun("workload", "create", "payments")
	h.mustRun(withDrill("pack", "drill-leaked-key")...)
	if !strings.Contains(h.errOut.String(), "no evidence collected for workload payments") {
		t.Errorf("pack without a run: %q", h.errOut)
	}
	h.saveRun("run-20261027T120000Z-00000001", sessionStart.Add(-26*time.Hour), drillEvidence()...)
	out = h.mustRun(withDrill("pack", "drill-leaked-key")...)
	if !strings.Contains(h.errOut.String(), "Shaped by evidence run run-20261027T120000Z-00000001 of workload payments") ||
		!strings.Contains(out, "deploy-bot") {
		t.Errorf("pack with evidence: stderr %q\n%s", h.errOut, out)
	}
	out = h.mustRun(withDrill("pack", "drill-leaked-key", "--generic")...)
	if !strings.Contains(h.errOut.String(), "Generic pack: evidence left out on request (--generic)") || strings.Contains(out, "deploy-bot") ||
		!strings.Contains(out, "generic: evidence left out on request (--generic)") {
		t.Errorf("--generic pack: stderr %q", h.errOut)
	}
	file := filepath.Join(h.dir, "pack.html")
	h.mustRun(withDrill("pack", "drill-leaked-key", "--out", file)...)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<html") || strings.Contains(string(b), "<script") || !strings.Contains(h.errOut.String(), "Wrote "+file+" (html") {
		t.Errorf("html pack: %d bytes, stderr %q", len(b), h.errOut)
	}
	if code := h.run("", withDrill("pack", "drill-leaked")...); code != 1 || !strings.Contains(h.errOut.String(), "did you mean drill-leaked-key") {
		t.Errorf("unknown scenario: exit %d %q", code, h.errOut)
	}
}

// TestErrors_TerminalSafe: an error that quotes a value from a file (here an
// unknown key in a custom scenario) never sends its control characters to
// the terminal.
func TestErrors_TerminalSafe(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, "custom")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.yaml"), []byte("id: x\n\"k\\e[2J\": 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code := h.run("", "scenario", "--scenario-dir", dir, "list")
	msg := h.errOut.String()
	if code != 1 || strings.Contains(msg, "\x1b") || !strings.Contains(msg, `k\u001b[2J`) {
		t.Errorf("exit %d, stderr %q: want the escape shown as \\u001b", code, msg)
	}
}

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/store"
)

func TestWorkload_CreateAndList(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun("workload", "create", "payments", "--owner", "platform team", "--environment", "production")
	if !strings.Contains(out, "Created workload payments") {
		t.Errorf("create output: %q", out)
	}
	h.mustRun("workload", "create", "ledger")
	out = h.mustRun("workload", "list")
	if !strings.Contains(out, "ledger") || strings.Index(out, "ledger") > strings.Index(out, "payments") {
		t.Errorf("list should show both, sorted by name:\n%s", out)
	}
	var doc struct {
		Version   int `json:"version"`
		Workloads []struct {
			Name, Owner, Environment string
		} `json:"workloads"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("workload", "list", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Workloads) != 2 || doc.Workloads[1].Owner != "platform team" {
		t.Errorf("json list: %+v", doc)
	}

	if code := h.run("", "workload", "create", "PAYMENTS"); code != 1 || !strings.Contains(h.errOut.String(), "already exists") {
		t.Errorf("duplicate name: exit %d, stderr %q", code, h.errOut)
	}
	if code := h.run("", "workload", "create", "x", "--environment", "prod-ish"); code != 2 ||
		!strings.Contains(h.errOut.String(), "--environment \"prod-ish\" is not one of") {
		t.Errorf("bad environment: exit %d, stderr %q", code, h.errOut)
	}
}

func TestWorkload_Resolution(t *testing.T) {
	h := newHarness(t)
	if code := h.run("", "score"); code != 1 || !strings.Contains(h.errOut.String(), "no database at "+h.db+": create a workload with `warroom workload create NAME` first") {
		t.Errorf("no database: exit %d, %q", code, h.errOut)
	}
	// A database without a workload.
	db, err := store.Open(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code := h.run("", "score"); code != 1 || !strings.Contains(h.errOut.String(), "no workload in "+h.db+" yet; create one with `warroom workload create NAME`") {
		t.Errorf("no workload: exit %d, %q", code, h.errOut)
	}
	h.mustRun("workload", "create", "a")
	h.mustRun("workload", "create", "b")
	if code := h.run("", "score"); code != 2 || !strings.Contains(h.errOut.String(), "several workloads (a, b); pick one with --workload") {
		t.Errorf("two workloads: exit %d, %q", code, h.errOut)
	}
	if code := h.run("", "--workload", "c", "score"); code != 1 || !strings.Contains(h.errOut.String(), `no workload named "c"`) {
		t.Errorf("unknown workload: exit %d, %q", code, h.errOut)
	}
	h.mustRun("--workload", "b", "score")
	h.env["WARROOM_DB"] = filepath.Join(h.dir, "other.db")
}

func TestDBFromEnvironment(t *testing.T) {
	h := newHarness(t)
	other := filepath.Join(h.dir, "env.db")
	h.env["WARROOM_DB"] = other
	io, _, errOut := testIO("")
	f := newFactory(io)
	f.Getenv = func(k string) string { return h.env[k] }
	if code := runWith(t.Context(), f, []string{"workload", "create", "x"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("WARROOM_DB not used: %v", err)
	}
}

// history returns the JSON answer history of a practice.
func (h *harness) history(practice string) []map[string]any {
	h.t.Helper()
	var doc struct {
		Answers []map[string]any `json:"answers"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("answer", "history", practice, "-o", "json")), &doc); err != nil {
		h.t.Fatal(err)
	}
	return doc.Answers
}

func TestAnswerSet(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	out := h.mustRun("answer", "set", "SEC02-BP01", "--status", "not-met", "--note", "break-glass users have no MFA", "--by", "dana")
	if !strings.Contains(out, "SEC02-BP01 Use strong sign-in mechanisms: not-met (by dana)") {
		t.Errorf("set output: %q", out)
	}
	h.now = h.now.Add(3600e9)
	h.mustRun("answer", "set", "sec02-bp01", "--status", "partial", "--note", "MFA on two of three", "--by", "lee")
	hist := h.history("SEC02-BP01")
	if len(hist) != 2 || hist[0]["status"] != "not-met" || hist[1]["status"] != "partial" || hist[1]["by"] != "lee" ||
		hist[0]["source"] != "cli" || hist[1]["at"] != "2026-11-02T11:30:00Z" {
		t.Errorf("history: %v", hist)
	}
	text := h.mustRun("answer", "history", "SEC02-BP01")
	if !strings.Contains(text, "partial (current)") || !strings.Contains(text, "break-glass users have no MFA") {
		t.Errorf("history text:\n%s", text)
	}
	h.env["USER"] = "from-env"
	h.mustRun("answer", "set", "SEC01-BP01", "--status", "met")
	if hist := h.history("SEC01-BP01"); len(hist) != 1 || hist[0]["by"] != "from-env" {
		t.Errorf("by from $USER: %v", hist)
	}
}

func TestAnswerSet_BadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad status", []string{"SEC02-BP01", "--status", "done", "--by", "d"}, `--status: status "done" is not one of met, partial, not-met, not-applicable`},
		{"n/a without reason", []string{"SEC02-BP01", "--status", "n/a", "--by", "d"}, "SEC02-BP01: not-applicable needs a reason"},
		{"unknown practice", []string{"SEC02-BP1", "--status", "met", "--by", "d"}, `unknown practice "SEC02-BP1"; did you mean SEC02-BP01`},
		{"no status", []string{"SEC02-BP01", "--by", "d"}, `required flag(s) "status" not set`},
		{"no practice", []string{"--status", "met"}, "takes one practice id"},
		{"nobody", []string{"SEC02-BP01", "--status", "met"}, "who answered is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.mustRun("workload", "create", "payments")
			code := h.run("", append([]string{"answer", "set"}, tt.args...)...)
			if code != 2 || !strings.Contains(h.errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, h.errOut, tt.want)
			}
			if n := len(h.history("SEC02-BP01")); n != 0 {
				t.Errorf("%d answers stored after bad input", n)
			}
		})
	}
}

const goodAnswers = `# answers from the workshop
answers:
  - practice: SEC01-BP01
    status: met
    note: "Three accounts: prod, staging, log archive"
    by: dana
    at: 2026-10-13T09:00:00Z
  - practice: SEC03-BP09
    status: not-applicable
    reason: no third party has access
    by: lee
    at: 2026-10-13T09:10:00Z
  - practice: REL09-BP04
    status: not-met
    note: never restored
    at: 2026-10-13T09:20:00Z
`

func TestAnswerImport(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	file := h.write("answers.yaml", goodAnswers)
	out := h.mustRun("answer", "import", file, "--by", "sam")
	if !strings.Contains(out, "Imported 3 answers into payments (0 already recorded, skipped)") {
		t.Errorf("import output: %q", out)
	}
	if hist := h.history("REL09-BP04"); len(hist) != 1 || hist[0]["by"] != "sam" || hist[0]["source"] != "import" {
		t.Errorf("REL09-BP04 history: %v", hist)
	}
	out = h.mustRun("answer", "import", file, "--by", "sam")
	if !strings.Contains(out, "Imported 0 answers into payments (3 already recorded, skipped)") {
		t.Errorf("re-import should add nothing: %q", out)
	}
	jsonFile := h.write("answers.json", `{"answers": [{"practice": "SEC04-BP01", "status": "partial", "by": "lee", "at": "2026-10-14T10:00:00Z"}]}`)
	h.mustRun("answer", "import", jsonFile)
	if hist := h.history("SEC04-BP01"); len(hist) != 1 || hist[0]["status"] != "partial" {
		t.Errorf("json import: %v", hist)
	}
}

func TestAnswerImport_AllOrNothing(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	file := h.write("bad.yaml", `answers:
  - practice: SEC01-BP01
    status: met
    by: dana
  - practice: SEC02-BP1
    status: met
    by: dana
  - practice: SEC03-BP01
    status: done
    by: dana
  - practice: SEC03-BP09
    status: not-applicable
    by: dana
  - practice: SEC04-BP01
    status: met
    colour: red
`)
	code := h.run("", "answer", "import", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	msg := h.errOut.String()
	for _, want := range []string{
		file + `:5: answer SEC02-BP1.practice: unknown practice "SEC02-BP1"; did you mean SEC02-BP01`,
		file + `:9: answer SEC03-BP01.status: status "done" is not one of met, partial, not-met, not-applicable`,
		file + `:12: answer SEC03-BP09.reason: not-applicable needs a reason`,
		file + `:16: answer SEC04-BP01.colour: unknown field`,
		file + `:14: answer SEC04-BP01.by: missing; say who gave the answer (or pass --by)`,
		"Nothing was imported",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if n := len(h.history("SEC01-BP01")); n != 0 {
		t.Errorf("the good row was stored (%d answers) though the import failed", n)
	}
	if code := h.run("", "answer", "import", filepath.Join(h.dir, "missing.yaml")); code != 1 ||
		!strings.Contains(h.errOut.String(), "missing.yaml: no such file") {
		t.Errorf("missing file: exit %d %q", code, h.errOut)
	}
}

func TestAnswerExport_RoundTrip(t *testing.T) {
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			h := newHarness(t)
			h.mustRun("workload", "create", "payments")
			h.mustRun("answer", "set", "SEC02-BP01", "--status", "not-met", "--note", "no MFA: \"break-glass\"", "--by", "dana")
			h.now = h.now.Add(60e9)
			h.mustRun("answer", "set", "SEC02-BP01", "--status", "met", "--note", "fixed", "--by", "dana")
			h.mustRun("answer", "set", "SEC03-BP09", "--status", "not-applicable", "--reason", "no vendors", "--by", "lee")
			file := filepath.Join(h.dir, "export."+format)
			h.mustRun("answer", "export", "--out", file)
			first, _ := os.ReadFile(file)

			other := newHarness(t)
			other.mustRun("workload", "create", "copy")
			other.mustRun("answer", "import", file)
			if hist := other.history("SEC02-BP01"); len(hist) != 2 || hist[0]["note"] != `no MFA: "break-glass"` || hist[1]["status"] != "met" {
				t.Errorf("history not carried over: %v", hist)
			}
			second := other.mustRun("answer", "export", "--format", format)
			// Everything but the bookkeeping of the copy (workload name, export
			// time, source, when it was recorded) must survive the round trip.
			bookkeeping := regexp.MustCompile(`(?m)^.*"?(workload|exported_at|source|recorded_at)"?: .*$`)
			normalize := func(s string) string { return bookkeeping.ReplaceAllString(s, "") }
			if normalize(string(first)) != normalize(second) {
				t.Errorf("export → import → export changed the answers:\n%s\n---\n%s", first, second)
			}
		})
	}
}

func TestScore_JSON(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.mustRun("answer", "import", h.write("a.yaml", goodAnswers), "--by", "sam")
	var doc struct {
		Version   int `json:"version"`
		Questions []struct {
			ID        string `json:"id"`
			Risk      string `json:"risk"`
			Practices []struct {
				ID, Status, Risk string
				Gap              bool
			} `json:"practices"`
		} `json:"questions"`
		Summary struct {
			Questions, High, Medium, None, Unanswered, Gaps int
		} `json:"summary"`
		Plan []struct {
			Rank     int
			Practice string
		} `json:"improvement_plan"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Questions) != 12 || doc.Summary.Questions != 12 {
		t.Fatalf("score json: version %d, %d questions", doc.Version, len(doc.Questions))
	}
	rel := doc.Questions[11]
	if rel.ID != "REL09" || rel.Risk != "medium" || rel.Practices[3].Status != "not-met" || !rel.Practices[3].Gap {
		t.Errorf("REL09: %+v", rel)
	}
	if doc.Summary.Medium != 1 || doc.Summary.Unanswered != 11 || doc.Summary.Gaps != 1 {
		t.Errorf("summary: %+v", doc.Summary)
	}
	if len(doc.Plan) != 1 || doc.Plan[0].Practice != "REL09-BP04" || doc.Plan[0].Rank != 1 {
		t.Errorf("plan: %+v", doc.Plan)
	}
	text := h.mustRun("score")
	if !strings.Contains(text, "Risk: 0 high, 1 medium, 0 none, 11 unanswered") || !strings.Contains(text, "1. REL09-BP04") {
		t.Errorf("score text:\n%s", text)
	}
}

func TestReport_Formats(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", `pay"><img src=x onerror=alert(1)>`)
	h.mustRun("answer", "set", "SEC01-BP02", "--status", "partial", "--by", "<b>mallory</b>",
		"--note", `<script>alert(1)</script> and "><img src=x onerror=alert(1)> [x](javascript:alert(1))`)
	for _, format := range []string{"md", "html", "json", "csv"} {
		file := filepath.Join(h.dir, "review."+format)
		h.mustRun("report", "--out", file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(h.errOut.String(), "Wrote "+file+" ("+format) {
			t.Errorf("%s: stderr %q", format, h.errOut)
		}
		switch format {
		case "html":
			for _, bad := range []string{"<script", "<img", "<b>", "href=\"javascript"} {
				if strings.Contains(s, bad) {
					t.Errorf("html contains %q", bad)
				}
			}
			if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(s, "<svg") {
				t.Errorf("html lacks the escaped note or the chart")
			}
		case "md":
			if !strings.Contains(s, `\<script\>alert(1)\</script\>`) || !strings.Contains(s, "## Improvement plan") {
				t.Errorf("md lacks escaped note or plan:\n%s", s)
			}
		case "json":
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil || v["version"] != float64(1) {
				t.Errorf("json report: %v %v", err, v["version"])
			}
		case "csv":
			if lines := strings.Count(s, "\n"); lines < 68 {
				t.Errorf("csv has %d lines, want a header and a row per practice", lines)
			}
		}
	}
	if code := h.run("", "report", "--format", "pdf"); code != 2 || !strings.Contains(h.errOut.String(), `--format "pdf" is not one of md, html, json, csv`) {
		t.Errorf("bad format: exit %d %q", code, h.errOut)
	}
	h.mustRun("report", "--format", "md")
	if !strings.HasPrefix(h.out.String(), "# Security review:") {
		t.Errorf("md to stdout: %q", h.out.String()[:40])
	}
}

func TestQuestionsList_JSON(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Questions []struct {
			ID        string
			Lens      string
			Title     string
			Practices []struct{ ID, Title, Risk string }
		}
	}
	if err := json.Unmarshal([]byte(h.mustRun("questions", "list", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	sec, rel, practices := 0, 0, 0
	for _, q := range doc.Questions {
		switch {
		case strings.HasPrefix(q.ID, "SEC"):
			sec++
			practices += len(q.Practices)
		case q.ID == "REL09":
			rel = len(q.Practices)
		}
		for _, p := range q.Practices {
			if p.ID == "" || p.Title == "" || (p.Risk != "high" && p.Risk != "medium" && p.Risk != "low") {
				t.Errorf("practice without id, title or risk: %+v", p)
			}
		}
	}
	if sec != 11 || practices != 63 || rel != 4 {
		t.Errorf("got %d SEC questions with %d practices and %d REL09 practices; want 11, 63, 4", sec, practices, rel)
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Error("questions list opened the database; it should not need one")
	}
	text := h.mustRun("questions", "list")
	if !strings.Contains(text, "SEC01-BP02") || !strings.Contains(text, "REL09-BP04") {
		t.Error("text list lacks practices")
	}
}

func TestQuestionsShow(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun("questions", "show", "sec01-bp02")
	for _, want := range []string{"SEC01-BP02 Secure account root user and properties (risk if not established: high)",
		"What it means", "Ask the team", "Signs of a gap", "Suggested next step"} {
		if !strings.Contains(out, want) {
			t.Errorf("show practice lacks %q", want)
		}
	}
	out = h.mustRun("questions", "show", "REL09")
	if !strings.Contains(out, "REL09-BP04") {
		t.Error("show question lacks its practices")
	}
	if code := h.run("", "questions", "show", "SEC01-BP99"); code != 1 || !strings.Contains(h.errOut.String(), "did you mean") {
		t.Errorf("unknown id: exit %d %q", code, h.errOut)
	}
}

func TestQuestionsValidate(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun("questions", "validate", "../../questions/testdata/custom")
	if !strings.Contains(out, "ok (1 lens(es), 2 practices)") {
		t.Errorf("valid folder: %q", out)
	}
	code := h.run("", "questions", "validate", "../../questions/testdata/bad-fields.yaml")
	msg := h.errOut.String()
	if code != 1 || !strings.Contains(msg, "bad-fields.yaml:10: practice EX01-BP01.risk") || !strings.Contains(msg, "problems in") {
		t.Errorf("bad lens: exit %d\n%s", code, msg)
	}
	clash := h.write("clash.yaml", "id: mine\nname: Mine\nquestions:\n  - id: SEC01\n    title: Again\n    practices:\n      - id: X-1\n        title: x\n        risk: low\n")
	if code := h.run("", "questions", "validate", clash); code != 1 || !strings.Contains(h.errOut.String(), "question SEC01 is defined twice") {
		t.Errorf("clash with built-in: exit %d %q", code, h.errOut)
	}
	if code := h.run("", "questions", "validate", filepath.Join(h.dir, "nope")); code != 1 {
		t.Errorf("missing path: exit %d", code)
	}
}

func TestLensDir(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.mustRun("--lens-dir", "../../questions/testdata/custom", "answer", "set", "EXCO01-BP02", "--status", "not-met", "--by", "dana")
	out := h.mustRun("--lens-dir", "../../questions/testdata/custom", "score")
	if !strings.Contains(out, "EXCO01    high") && !strings.Contains(out, "EXCO01") {
		t.Errorf("custom lens not scored:\n%s", out)
	}
	if !strings.Contains(out, "1. EXCO01-BP02") {
		t.Errorf("custom gap not in plan:\n%s", out)
	}
	if code := h.run("", "--lens-dir", "../../questions/testdata", "score"); code != 1 || !strings.Contains(h.errOut.String(), "bad-fields.yaml:3") {
		t.Errorf("bad lens dir: exit %d %q", code, h.errOut)
	}
}

func TestNotAWarroomDatabase(t *testing.T) {
	h := newHarness(t)
	h.db = h.write("notes.txt", "these are my notes, not a database\n")
	before := fileSum(t, h.db)
	code := h.run("", "workload", "list")
	if code != 1 || !strings.Contains(h.errOut.String(), "not a warroom database") {
		t.Errorf("exit %d, %q", code, h.errOut)
	}
	if fileSum(t, h.db) != before {
		t.Error("the file was changed")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"answer", "frob"}, `unknown command "frob" for "warroom answer"`},
		{[]string{"answer"}, "warroom answer needs a subcommand: export, history, import, set"},
		{[]string{"-o", "yaml", "score"}, `--output "yaml" is not one of text, json`},
		{[]string{"score", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"score", "extra"}, "takes no arguments"},
	}
	for _, tt := range tests {
		h := newHarness(t)
		if code := h.run("", tt.args...); code != 2 || !strings.Contains(h.errOut.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, h.errOut, tt.want)
		}
	}
}

// TestHelpText checks that every command and flag explains itself.
func TestHelpText(t *testing.T) {
	root := newRootCmd(newFactory(&ioStreams{}))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Short == "" {
			t.Errorf("%s has no short help", c.CommandPath())
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fl.Usage == "" {
				t.Errorf("%s --%s has no help", c.CommandPath(), fl.Name)
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	root.InitDefaultCompletionCmd()
	walk(root)
	h := newHarness(t)
	if out := h.mustRun("completion", "bash"); !strings.Contains(out, "bash completion") {
		t.Errorf("completion bash: %q", out[:min(80, len(out))])
	}
	if out := h.mustRun("--help"); !strings.Contains(out, "interview") || !strings.Contains(out, "--lens-dir") {
		t.Errorf("help: %s", out)
	}
}

func TestDemo(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, "demo")
	for i := 0; i < 2; i++ { // a second run replaces the demo database
		out := h.mustRun("demo", "--out", dir)
		for _, want := range []string{"Demo review of \"payments\"", "Risk: ", "Report:   " + filepath.Join(dir, "report.md"),
			filepath.Join(dir, "report.html"), "Improvement plan"} {
			if !strings.Contains(out, want) {
				t.Errorf("demo output lacks %q:\n%s", want, out)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, md, "testdata/demo-report.md.golden")
	// The demo played a tabletop session through the scripted path: the room's
	// claim that root has MFA is contradicted by the sample evidence.
	if !strings.Contains(string(md), "## Tabletop exercises") || !strings.Contains(string(md), "basis: iam.root-mfa fail") {
		t.Error("demo report lacks the tabletop section with the contradicted root MFA claim")
	}
	aar, err := os.ReadFile(filepath.Join(dir, "aar.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(aar), "| Root has MFA; the token sits in the finance safe | **contradicted** |") {
		t.Errorf("demo after-action report lacks the contradicted claim:\n%s", aar)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<svg") || strings.Contains(string(html), "<script") {
		t.Error("demo html: chart missing or script present")
	}
	// The demo database is a real warroom database with every practice answered.
	h.db = filepath.Join(dir, "demo.db")
	var doc struct {
		Summary struct {
			Practices      int            `json:"practices"`
			PracticeStatus map[string]int `json:"practice_status"`
			High           int            `json:"high"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Summary
	if s.Practices != 67 || s.PracticeStatus["unanswered"] != 0 || s.PracticeStatus["not-applicable"] == 0 || s.High == 0 {
		t.Errorf("demo summary: %+v", s)
	}
}

// BenchmarkDemo runs the whole demo pipeline: fresh database, import of 67
// answers, scoring and both renderings.
func BenchmarkDemo(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		io, _, errOut := testIO("")
		f := newFactory(io)
		if code := runWith(b.Context(), f, []string{"demo", "--out", dir}); code != 0 {
			b.Fatalf("exit %d: %s", code, errOut)
		}
	}
}

func TestOneLine_TerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain note", "plain note"},
		{"two\nlines\tand  tabs", "two lines and tabs"},
		{"\x1b[2J\x1b]0;pwned\x07cleared", `\u001b[2J\u001b]0;pwned\u0007cleared`},
		{"admin\u202egnp.exe", `admin\u202egnp.exe`},
		{"naïve café", "naïve café"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	h := newHarness(t)
	h.mustRun("workload", "create", "w")
	h.mustRun("answer", "set", "SEC01-BP01", "--status", "met", "--by", "eve\x1b[31m", "--note", "ok\x1b]8;;http://evil\x07")
	if out := h.mustRun("answer", "history", "SEC01-BP01"); strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x07) {
		t.Errorf("history sends control characters to the terminal: %q", out)
	}
}

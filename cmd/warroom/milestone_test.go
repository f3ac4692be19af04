package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/review"
)

func TestNewCmdMilestoneCreate(t *testing.T) {
	env := map[string]string{"WARROOM_USER": "dana", "USER": "root"}
	build := func(env map[string]string) func(runF func(*milestoneCreateOptions) error) *cobra.Command {
		return func(runF func(*milestoneCreateOptions) error) *cobra.Command {
			f := newFactory(&ioStreams{})
			f.Getenv = func(k string) string { return env[k] }
			return newCmdMilestoneCreate(f, runF)
		}
	}
	clear := func(o *milestoneCreateOptions) { o.f = nil }
	checkOptions(t, []optionCase[milestoneCreateOptions]{
		{[]string{"2026-Q4"}, milestoneCreateOptions{Name: "2026-Q4", By: "dana"}, ""},
		{[]string{"2026-Q4", "--note", "  after the MFA rollout ", "--by", " lee "},
			milestoneCreateOptions{Name: "2026-Q4", Note: "after the MFA rollout", By: "lee"}, ""},
		// The name is checked when the command runs, as is: a plain error.
		{[]string{" Q4 "}, milestoneCreateOptions{Name: " Q4 ", By: "dana"}, ""},
		{[]string{}, milestoneCreateOptions{}, "create takes one milestone name, such as 2026-Q4 (got 0 arguments)"},
		{[]string{"2026", "Q4"}, milestoneCreateOptions{}, "takes one milestone name, such as 2026-Q4 (got 2 arguments)"},
		{[]string{"2026-Q4", "--by", "lee\x1b[2J"}, milestoneCreateOptions{}, "--by: the name \"lee\\x1b[2J\" holds control characters"},
		{[]string{"2026-Q4", "--by", " "}, milestoneCreateOptions{Name: "2026-Q4", By: "dana"}, ""},
	}, build(env), clear)
	checkOptions(t, []optionCase[milestoneCreateOptions]{
		{[]string{"2026-Q4"}, milestoneCreateOptions{}, "who creates the milestone is unknown: pass --by NAME (or set WARROOM_USER)"},
		{[]string{"2026-Q4", "--by", "lee"}, milestoneCreateOptions{Name: "2026-Q4", By: "lee"}, ""},
	}, build(map[string]string{}), clear)
}

func TestNewCmdMilestoneList(t *testing.T) {
	checkOptions(t, []optionCase[milestoneListOptions]{
		{[]string{}, milestoneListOptions{}, ""},
		{[]string{"2026-Q4"}, milestoneListOptions{}, `list takes no arguments (got "2026-Q4")`},
	}, func(runF func(*milestoneListOptions) error) *cobra.Command {
		return newCmdMilestoneList(newFactory(&ioStreams{}), runF)
	}, func(o *milestoneListOptions) { o.f = nil })
}

func TestNewCmdDiff(t *testing.T) {
	checkOptions(t, []optionCase[diffOptions]{
		{[]string{"2026-Q3"}, diffOptions{From: "2026-Q3", To: "now"}, ""},
		{[]string{"2026-Q3", "2026-Q4"}, diffOptions{From: "2026-Q3", To: "2026-Q4"}, ""},
		{[]string{"NOW", "2026-q3"}, diffOptions{From: "NOW", To: "2026-q3"}, ""},
		{[]string{}, diffOptions{}, `diff takes one or two milestone names, or "now" for the current review (got 0 arguments)`},
		{[]string{"a", "b", "c"}, diffOptions{}, "(got 3 arguments)"},
	}, func(runF func(*diffOptions) error) *cobra.Command {
		return newCmdDiff(newFactory(&ioStreams{}), runF)
	}, func(o *diffOptions) { o.f = nil })
}

func TestNewCmdReport_Since(t *testing.T) {
	checkOptions(t, []optionCase[reportOptions]{
		{[]string{"--since", "2026-Q3"}, reportOptions{Format: "md", Since: "2026-Q3"}, ""},
		{[]string{"--since", "2026-Q3", "--out", "r.html"}, reportOptions{Format: "html", Out: "r.html", Since: "2026-Q3"}, ""},
		{[]string{"--since", "2026-Q3", "--format", "json"}, reportOptions{}, "--since sets the trend of md and html reports; the json format has none"},
		{[]string{"--since", "2026-Q3", "--out", "r.csv"}, reportOptions{}, "the csv format has none"},
		{[]string{"--since", "Now"}, reportOptions{}, `--since "Now" names the current review; pass the milestone to compare it with`},
	}, func(runF func(*reportOptions) error) *cobra.Command {
		return newCmdReport(newFactory(&ioStreams{}), runF)
	}, func(o *reportOptions) { o.f = nil })
}

// Quarter times of the milestone tests.
var (
	q3Time = time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	q4Time = time.Date(2026, 12, 18, 11, 15, 0, 0, time.UTC)
)

// quarters builds workload payments with milestone 2026-Q3 (root MFA
// answered met but failing, SEC02-BP01 and REL09-BP04 not met) and 2026-Q4
// (root MFA fixed, SEC02-BP01 and REL09-BP04 met, SEC03-BP01 now partial),
// each with its own evidence run. It returns the create outputs.
func quarters(t *testing.T) (h *harness, q3, q4 string) {
	h = newHarness(t)
	h.now = q3Time
	h.mustRun("workload", "create", "payments")
	h.mustRun("answer", "set", "SEC01-BP02", "--status", "met", "--note", "root has MFA", "--by", "dana")
	h.mustRun("answer", "set", "SEC02-BP01", "--status", "not-met", "--by", "dana")
	h.mustRun("answer", "set", "REL09-BP04", "--status", "not-met", "--by", "lee")
	h.saveRun("run-20260930T150000Z-0a0b0c0d", q3Time.Add(-time.Hour),
		finding("iam.root-mfa", checks.Fail, "", "arn:aws:iam::111122223333:root"))
	q3 = h.mustRun("milestone", "create", "2026-Q3", "--note", "first quarterly review", "--by", "dana")

	h.now = q4Time
	h.mustRun("answer", "set", "SEC02-BP01", "--status", "met", "--by", "sam")
	h.mustRun("answer", "set", "REL09-BP04", "--status", "met", "--by", "lee")
	h.mustRun("answer", "set", "SEC03-BP01", "--status", "partial", "--note", "access reviews are yearly", "--by", "sam")
	h.saveRun("run-20261218T100000Z-1a1b1c1d", q4Time.Add(-time.Hour),
		finding("iam.root-mfa", checks.Pass, "", "arn:aws:iam::111122223333:root"))
	h.env["WARROOM_USER"] = "sam"
	q4 = h.mustRun("milestone", "create", "2026-Q4")
	return h, q3, q4
}

// milestoneDocs reads `milestone list -o json`, keeping each milestone's
// JSON as printed.
func (h *harness) milestoneDocs() (workload string, ms []json.RawMessage) {
	h.t.Helper()
	var doc struct {
		Version    int               `json:"version"`
		Workload   string            `json:"workload"`
		Milestones []json.RawMessage `json:"milestones"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("milestone", "list", "-o", "json")), &doc); err != nil {
		h.t.Fatal(err)
	}
	if doc.Version != 1 || doc.Milestones == nil {
		h.t.Errorf("milestone list json: version %d, milestones %v", doc.Version, doc.Milestones)
	}
	return doc.Workload, doc.Milestones
}

// diffDoc is the part of `diff -o json` the tests read.
type diffDoc struct {
	Version  int    `json:"version"`
	Tool     string `json:"tool"`
	Workload string `json:"workload"`
	review.Diff
}

func (h *harness) diff(args ...string) diffDoc {
	h.t.Helper()
	var d diffDoc
	if err := json.Unmarshal([]byte(h.mustRun(append([]string{"diff", "-o", "json"}, args...)...)), &d); err != nil {
		h.t.Fatal(err)
	}
	return d
}

func changesOf(d diffDoc) map[string]string {
	out := map[string]string{}
	for _, q := range d.Questions {
		out[q.ID] = q.Change
	}
	for _, p := range d.Practices {
		out[p.ID] = p.Change
	}
	return out
}

func TestMilestone_Immutable(t *testing.T) {
	h, q3Text, q4Text := quarters(t)
	for _, want := range []string{`Milestone 1 "2026-Q3" of workload payments created 2026-09-30 16:00 UTC by dana.`,
		"Note: first quarterly review", "Risk: 2 high, 1 medium, 0 none, 9 unanswered, 0 not applicable; 3 gaps, 1 contradiction",
		"Evidence: run run-20260930T150000Z-0a0b0c0d, finished 2026-09-30 15:00 UTC", "Answers: 3 recorded"} {
		if !strings.Contains(q3Text, want) {
			t.Errorf("milestone create 2026-Q3 lacks %q:\n%s", want, q3Text)
		}
	}
	golden.Assert(t, []byte(q4Text), "testdata/milestone-create.golden")
	_, before := h.milestoneDocs()
	if len(before) != 2 {
		t.Fatalf("%d milestones, want 2", len(before))
	}

	d := h.diff("2026-Q3", "2026-Q4")
	want := map[string]string{
		"SEC01": review.Improved, "SEC02": review.Improved, "SEC03": review.Regressed, "REL09": review.Improved,
		"SEC01-BP02": review.GapClosed, "SEC02-BP01": review.GapClosed, "REL09-BP04": review.GapClosed, "SEC03-BP01": review.GapOpened,
	}
	if got := changesOf(d); !maps.Equal(got, want) {
		t.Errorf("diff 2026-Q3 2026-Q4 changes\n got %v\nwant %v", got, want)
	}
	if d.Version != 1 || d.Tool != "warroom test" || d.Workload != "payments" || d.From.Label != "2026-Q3" || d.From.Milestone != 1 ||
		d.To.Label != "2026-Q4" || d.To.Milestone != 2 || !d.From.At.Equal(q3Time) || !d.To.At.Equal(q4Time) {
		t.Errorf("diff header: %+v %+v %+v", d.Version, d.From, d.To)
	}
	if len(d.ContradictionsResolved) != 1 || d.ContradictionsResolved[0].PracticeID != "SEC01-BP02" || len(d.ContradictionsAdded) != 0 ||
		d.Counts.GapsClosed != 3 || d.Counts.GapsOpened != 1 {
		t.Errorf("diff contradictions %+v, counts %+v", d.ContradictionsResolved, d.Counts)
	}

	// Later answers and a later run change the current review, never a milestone.
	h.now = q4Time.Add(30 * 24 * time.Hour)
	h.mustRun("answer", "set", "SEC01-BP02", "--status", "not-met", "--note", "MFA device lost", "--by", "lee")
	h.mustRun("answer", "set", "SEC05-BP01", "--status", "not-met", "--by", "lee")
	h.saveRun("run-20270117T100000Z-2a2b2c2d", h.now.Add(-time.Hour),
		finding("iam.root-mfa", checks.Fail, "", "arn:aws:iam::111122223333:root"))
	workload, after := h.milestoneDocs()
	if workload != "payments" || len(after) != 2 || string(after[0]) != string(before[0]) || string(after[1]) != string(before[1]) {
		t.Errorf("milestones changed after new answers and a run:\nbefore %s\nafter  %s", before, after)
	}
	var q3 struct {
		Digest  string         `json:"digest"`
		Summary review.Summary `json:"summary"`
		Frozen  review.Frozen  `json:"frozen"`
	}
	if err := json.Unmarshal(after[0], &q3); err != nil {
		t.Fatal(err)
	}
	if q3.Summary.High != 2 || q3.Summary.Gaps != 3 || q3.Summary.Contradictions != 1 || q3.Frozen.Run != "run-20260930T150000Z-0a0b0c0d" ||
		q3.Frozen.Answers != 3 || !strings.HasPrefix(q3.Digest, "sha256:") {
		t.Errorf("2026-Q3 as listed: %+v", q3)
	}
	if again := h.diff("2026-q3", "2026-Q4"); !maps.Equal(changesOf(again), want) || again.Counts != d.Counts {
		t.Errorf("diff 2026-Q3 2026-Q4 changed after new answers: %v", changesOf(again))
	}

	now := h.diff("2026-Q4")
	if now.To.Label != "now" || now.To.Milestone != 0 || !now.To.At.Equal(h.now) {
		t.Errorf("diff 2026-Q4: to %+v", now.To)
	}
	wantNow := map[string]string{"SEC01": review.Regressed, "SEC02": review.Regressed, "SEC05": review.Regressed,
		"SEC01-BP02": review.GapOpened, "SEC05-BP01": review.GapOpened, "SEC02-BP01": review.GapOpened}
	if got := changesOf(now); !maps.Equal(got, wantNow) {
		t.Errorf("diff 2026-Q4 now\n got %v\nwant %v", got, wantNow)
	}
	// Root MFA fails again: SEC02-BP01, answered met, is contradicted;
	// SEC01-BP02, now answered not-met, is not.
	if now.Counts.ContradictionsAdded != 1 || now.ContradictionsAdded[0].PracticeID != "SEC02-BP01" || now.Counts.GapsOpened != 3 {
		t.Errorf("diff 2026-Q4 now: counts %+v, contradictions added %+v", now.Counts, now.ContradictionsAdded)
	}
	fromQ3 := h.diff("2026-Q3", "NOW")
	if got := changesOf(fromQ3); got["SEC01-BP02"] != review.StatusChanged || got["SEC05-BP01"] != review.GapOpened ||
		got["SEC02-BP01"] != review.StatusChanged || got["REL09-BP04"] != review.GapClosed {
		t.Errorf("diff 2026-Q3 now: %v", got)
	}
	if same := h.diff("now", "now"); len(same.Questions)+len(same.Practices) != 0 || same.From.Label != "now" {
		t.Errorf("diff now now: %+v", same)
	}
}

func TestMilestone_Golden(t *testing.T) {
	h, _, _ := quarters(t)
	golden.Assert(t, []byte(h.mustRun("milestone", "list")), "testdata/milestone-list.golden")
	golden.Assert(t, []byte(h.mustRun("milestone", "list", "-o", "json")), "testdata/milestone-list.json.golden")
	golden.Assert(t, []byte(h.mustRun("diff", "2026-Q3", "2026-Q4")), "testdata/diff.golden")
	golden.Assert(t, []byte(h.mustRun("diff", "2026-Q3", "2026-Q4", "-o", "json")), "testdata/diff.json.golden")
	golden.Assert(t, []byte(h.mustRun("diff", "2026-Q4")), "testdata/diff-none.golden")
}

func TestMilestone_NothingChanged(t *testing.T) {
	h, _, _ := quarters(t)
	out := h.mustRun("milestone", "create", "2026-Q4-final", "--by", "sam")
	if !strings.Contains(out, `Milestone 3 "2026-Q4-final"`) ||
		!strings.Contains(out, `Nothing was recorded since milestone 2 "2026-Q4": both freeze the same answers, evidence, sessions and action updates.`) {
		t.Errorf("create with nothing new:\n%s", out)
	}
	var doc struct {
		Version        int    `json:"version"`
		Workload       string `json:"workload"`
		UnchangedSince string `json:"unchanged_since"`
		Milestone      struct {
			Number  int            `json:"number"`
			Name    string         `json:"name"`
			Summary review.Summary `json:"summary"`
			Frozen  review.Frozen  `json:"frozen"`
		} `json:"milestone"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("milestone", "create", "2026-Q4-again", "--by", "sam", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Workload != "payments" || doc.UnchangedSince != "2026-Q4-final" || doc.Milestone.Number != 4 ||
		doc.Milestone.Name != "2026-Q4-again" || doc.Milestone.Frozen.Run != "run-20261218T100000Z-1a1b1c1d" || doc.Milestone.Summary.Questions != 12 {
		t.Errorf("create -o json: %+v", doc)
	}
	h.mustRun("answer", "set", "SEC05-BP01", "--status", "met", "--by", "lee")
	if out := h.mustRun("milestone", "create", "2026-Q4-last", "--by", "sam"); strings.Contains(out, "Nothing was recorded") {
		t.Errorf("create after a new answer says nothing changed:\n%s", out)
	}
	var fresh struct {
		UnchangedSince *string `json:"unchanged_since"`
	}
	h.mustRun("workload", "create", "ledger")
	if err := json.Unmarshal([]byte(h.mustRun("--workload", "ledger", "milestone", "create", "first", "--by", "sam", "-o", "json")), &fresh); err != nil ||
		fresh.UnchangedSince != nil {
		t.Errorf("a workload's first milestone: unchanged_since %v, %v", fresh.UnchangedSince, err)
	}
}

func TestMilestone_Refused(t *testing.T) {
	h, _, _ := quarters(t)
	_, before := h.milestoneDocs()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"milestone", "create", "2026-Q3", "--by", "sam"}, 1,
			"warroom: create milestone 2026-Q3: milestone exists: 2026-Q3 was created 2026-09-30 16:00 UTC by dana, and milestones never change; pick another name\n"},
		{[]string{"milestone", "create", "2026-q4", "--by", "sam"}, 1, "2026-Q4 was created 2026-12-18 11:15 UTC by sam"},
		{[]string{"milestone", "create", "Q4", "--by", "sam"}, 1,
			"warroom: milestone name \"Q4\" has 2 characters; use 3 to 100, such as 2026-Q4\n"},
		{[]string{"milestone", "create", "now", "--by", "sam"}, 1, `milestone name "now" is reserved`},
		{[]string{"milestone", "create", " 2026-Q5", "--by", "sam"}, 1, "starts or ends with a space"},
		{[]string{"milestone", "create", "2026\x1b[2J-Q5", "--by", "sam"}, 1, `milestone name "2026\x1b[2J-Q5" holds control or invisible character U+001B`},
		{[]string{"milestone", "create", "--by", "sam"}, 2, "takes one milestone name"},
		{[]string{"milestone", "create", "2026-Q5"}, 2, "who creates the milestone is unknown"},
		{[]string{"milestone", "list", "extra"}, 2, "takes no arguments"},
		{[]string{"milestone"}, 2, "warroom milestone needs a subcommand: create, list"},
		{[]string{"diff"}, 2, "takes one or two milestone names"},
		{[]string{"diff", "2026-Q2"}, 1,
			"warroom: no milestone named \"2026-Q2\"; there are 2026-Q3, 2026-Q4 (and \"now\" for the current review)\n"},
		{[]string{"diff", "2026-Q3", "Q4"}, 1, `no milestone named "Q4"`},
		{[]string{"--workload", "ledger", "diff", "2026-Q3"}, 1, `no workload named "ledger"`},
	}
	delete(h.env, "WARROOM_USER")
	for _, tt := range tests {
		code := h.run("", tt.args...)
		if code != tt.code || !strings.Contains(h.errOut.String(), tt.want) {
			t.Errorf("warroom %q: exit %d, stderr %q; want exit %d with %q", tt.args, code, h.errOut, tt.code, tt.want)
		}
		// Control characters never reach the terminal.
		if strings.Contains(h.errOut.String(), "\x1b") {
			t.Errorf("warroom %q: stderr holds an escape character: %q", tt.args, h.errOut)
		}
	}
	if _, after := h.milestoneDocs(); len(after) != len(before) {
		t.Errorf("%d milestones after refused creates, want %d", len(after), len(before))
	}
	h.mustRun("workload", "create", "ledger")
	h.mustFail(1, []string{"no milestone named \"2026-Q3\": this workload has none yet; create one with `warroom milestone create NAME`"},
		"--workload", "ledger", "diff", "2026-Q3")
	if out := h.mustRun("--workload", "ledger", "milestone", "list"); out != "No milestones for workload ledger yet; create one with `warroom milestone create NAME`.\n" {
		t.Errorf("list without milestones: %q", out)
	}
	if _, ms := h.milestoneDocsOf("ledger"); len(ms) != 0 {
		t.Errorf("ledger milestones: %s", ms)
	}
}

// milestoneDocsOf is milestoneDocs for another workload; milestones is []
// (not null) when there are none.
func (h *harness) milestoneDocsOf(workload string) (string, []json.RawMessage) {
	h.t.Helper()
	out := h.mustRun("--workload", workload, "milestone", "list", "-o", "json")
	var doc struct {
		Workload   string            `json:"workload"`
		Milestones []json.RawMessage `json:"milestones"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Milestones == nil {
		h.t.Errorf("milestone list -o json of %s: %v\n%s", workload, err, out)
	}
	return doc.Workload, doc.Milestones
}

func TestMilestone_Tampered(t *testing.T) {
	h, _, _ := quarters(t)
	raw, err := sql.Open("sqlite", "file:"+h.db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{
		"DROP TRIGGER milestones_append_only_update",
		`UPDATE milestones SET assessment = replace(assessment, '"high":2', '"high":0') WHERE name = '2026-Q3'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	want := "milestone 2026-Q3: its stored assessment has digest sha256:"
	for _, args := range [][]string{{"milestone", "list"}, {"diff", "2026-Q4"}, {"report", "--format", "md"}} {
		h.mustFail(1, []string{want, "the database was changed outside warroom"}, args...)
	}
	// What does not read milestones still works.
	h.mustRun("score")
	h.mustRun("report", "--format", "json")
}

func TestReport_Trend(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	if md := h.mustRun("report", "--format", "md"); strings.Contains(md, "## Trend") {
		t.Errorf("report without milestones has a trend section")
	}
	h.mustFail(1, []string{`no milestone named "2026-Q3": this workload has none yet`}, "report", "--since", "2026-Q3")

	h, _, _ = quarters(t)
	h.now = q4Time.Add(24 * time.Hour)
	h.mustRun("answer", "set", "SEC05-BP01", "--status", "not-met", "--by", "lee")
	md := h.mustRun("report", "--format", "md")
	for _, want := range []string{"## Trend", "## Since 2026-Q4", "2026-Q3"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if md := h.mustRun("report", "--format", "md", "--since", "2026-q3"); !strings.Contains(md, "## Since 2026-Q3") {
		t.Errorf("report --since 2026-q3 lacks its section")
	}
	h.mustFail(1, []string{`no milestone named "2026-Q2"; there are 2026-Q3, 2026-Q4`}, "report", "--since", "2026-Q2")
	h.mustFail(2, []string{"--since sets the trend of md and html reports"}, "report", "--since", "2026-Q3", "--format", "json")
	if b := h.mustRun("report", "--format", "json"); strings.Contains(b, "2026-Q3") {
		t.Errorf("json report mentions a milestone: the JSON document has no trend")
	}
}

func Test_trendFor(t *testing.T) {
	at := func(d int) time.Time { return q3Time.AddDate(0, 0, d) }
	summary := func(high int) review.Summary { return review.Summary{Questions: 12, High: high} }
	ms := []review.Milestone{
		{Number: 1, Name: "2026-Q2", CreatedAt: at(-90), Frozen: review.Frozen{AnswersThrough: 3}, Assessment: review.Assessment{Summary: summary(5)}},
		{Number: 2, Name: "2026-Q3", CreatedAt: at(0), Frozen: review.Frozen{AnswersThrough: 7}, Assessment: review.Assessment{Summary: summary(4)}},
		{Number: 3, Name: "2026-Q4", CreatedAt: at(90), Frozen: review.Frozen{AnswersThrough: 9, Run: "run-1"}, Assessment: review.Assessment{Summary: summary(2)}},
	}
	now := review.Snapshot{Label: review.NowLabel, At: at(100), Assessment: review.Assessment{Summary: summary(1)}}
	type point struct {
		label   string
		current bool
	}
	tests := []struct {
		name     string
		ms       []review.Milestone
		cur      review.Snapshot
		marks    review.Frozen
		since    string
		points   []point
		base, to string // labels of the Since diff; "" for none
		err      string
	}{
		{name: "no milestones", cur: now},
		{name: "no milestones, since", cur: now, since: "2026-Q3", err: `no milestone named "2026-Q3": this workload has none yet`},
		{name: "now after the last milestone", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 10, Run: "run-1"},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q4", to: "now"},
		{name: "a new run alone counts", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 9, Run: "run-2"},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q4", to: "now"},
		{name: "nothing since the last milestone", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 9, Run: "run-1"},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", true}}, base: "2026-Q3", to: "2026-Q4"},
		{name: "since an older milestone", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 10}, since: "2026-q2",
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q2", to: "now"},
		{name: "since unknown", ms: ms, cur: now, since: "2027-Q1", err: `no milestone named "2027-Q1"; there are 2026-Q2, 2026-Q3, 2026-Q4`},
		{name: "about a milestone", ms: ms, cur: snapshotOf(ms[1]),
			points: []point{{"2026-Q2", false}, {"2026-Q3", true}}, base: "2026-Q2", to: "2026-Q3"},
		{name: "about the first milestone", ms: ms, cur: snapshotOf(ms[0]), points: []point{{"2026-Q2", true}}},
		{name: "one milestone, nothing since", ms: ms[:1], cur: now, marks: ms[0].Frozen, points: []point{{"2026-Q2", true}}},
	}
	for _, tt := range tests {
		tr, err := trendFor(tt.ms, tt.cur, tt.marks, tt.since)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if tt.points == nil {
			if tr != nil {
				t.Errorf("%s: trend %+v, want none", tt.name, tr)
			}
			continue
		}
		var got []point
		for _, p := range tr.Points {
			got = append(got, point{p.Label, p.Current})
		}
		if !slices.Equal(got, tt.points) {
			t.Errorf("%s: points %v, want %v", tt.name, got, tt.points)
		}
		switch {
		case tt.base == "" && tr.Since != nil:
			t.Errorf("%s: since %s → %s, want none", tt.name, tr.Since.From.Label, tr.Since.To.Label)
		case tt.base != "" && (tr.Since == nil || tr.Since.From.Label != tt.base || tr.Since.To.Label != tt.to):
			t.Errorf("%s: since %+v, want %s → %s", tt.name, tr.Since, tt.base, tt.to)
		}
		if last := tr.Points[len(tr.Points)-1]; last.Label == review.NowLabel && (last.Summary.High != now.Assessment.Summary.High || !last.At.Equal(now.At)) {
			t.Errorf("%s: now point %+v", tt.name, last)
		}
	}
}

// Test_printDiff renders every kind of change, with names holding terminal
// escapes that must come out visible.
func Test_printDiff(t *testing.T) {
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	st := func(s review.Status, gap bool, sources ...string) *review.PracticeState {
		return &review.PracticeState{Status: s, Gap: gap, GapSources: sources}
	}
	item := review.ActionItem{ID: "ttx-20261028T140000Z-1a2b3c4d#7", Title: "Move root email to a group mailbox", Owner: "lee", Due: "2026-11-30"}
	late := item
	late.ID, late.Title, late.Due, late.Overdue = "ttx-20261028T140000Z-1a2b3c4d#9", "Turn on GuardDuty\x1b[31m everywhere", "", true
	d := review.Diff{
		From: review.DiffSide{Label: "2026-Q3\x1b]0;pwned\x07", Milestone: 1, At: at, Summary: review.Summary{High: 3, Medium: 1, Unanswered: 8, Gaps: 5, Contradictions: 1}},
		To:   review.DiffSide{Label: "now", At: at.AddDate(0, 3, 0), Summary: review.Summary{High: 1, Medium: 2, None: 1, Unanswered: 8, Gaps: 4, Contradictions: 1}},
		Questions: []review.QuestionChange{
			{ID: "SEC01", Title: "How do you securely operate your workload?", From: review.RiskHigh, To: review.RiskMedium, Change: review.Improved},
			{ID: "SEC02", Title: "How do you manage authentication?", From: review.RiskNone, To: review.RiskHigh, Change: review.Regressed},
			{ID: "SEC03", Title: "Permissions", From: review.RiskNone, To: review.RiskNotApplicable, Change: review.Changed},
			{ID: "CUST01", Title: "A custom question", To: review.RiskUnanswered, Change: review.Added},
			{ID: "OLD01", Title: "A dropped question", From: review.RiskMedium, Change: review.Removed},
		},
		Practices: []review.PracticeChange{
			{ID: "SEC01-BP02", Title: "Secure account root user", Risk: "high", From: &review.PracticeState{Status: review.Met, Gap: true,
				GapSources: []string{"evidence"}, Contradicted: true, Failing: 2}, To: &review.PracticeState{Status: review.Met, Verified: true}, Change: review.GapClosed},
			{ID: "SEC02-BP01", Title: "Use strong sign-in", Risk: "high", From: st(review.Met, false), To: st(review.NotMet, true, "answer", "evidence"), Change: review.GapOpened},
			{ID: "SEC03-BP01", Title: "Define access requirements", Risk: "high", From: st(review.NotMet, true, "answer"), To: st(review.Partial, true, "answer"), Change: review.StatusChanged},
			{ID: "SEC04-BP01", Title: "Configure logging", Risk: "high", From: &review.PracticeState{Status: review.Met, Verified: true}, To: st(review.Met, false), Change: review.StatusChanged},
			{ID: "CUST01-BP01", Title: "Custom practice", Risk: "low", To: st(review.Unanswered, false), Change: review.Added},
			{ID: "OLD01-BP01", Title: "Dropped practice", Risk: "medium", From: st(review.NotMet, true, "answer"), Change: review.Removed},
		},
		ContradictionsAdded: []review.Contradiction{{PracticeID: "SEC08-BP02", Title: "Enforce encryption at rest", Claim: review.Answer{By: "dana\x1b[2J"},
			Failing: []review.FailingResource{{Check: "s3.encryption"}, {Check: "rds.encryption"}, {Check: "s3.encryption"}}}},
		ContradictionsResolved: []review.Contradiction{{PracticeID: "SEC01-BP02", Title: "Secure account root user"}},
		ActionsDone:            []review.ActionItem{item},
		ActionsOverdue:         []review.ActionItem{late},
	}
	var b bytes.Buffer
	printDiff(&b, "payments", d)
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("diff text holds control characters:\n%q", b.String())
	}
	golden.Assert(t, b.Bytes(), "testdata/diff-sections.golden")

	var none bytes.Buffer
	printDiff(&none, "payments", review.Diff{From: d.From, To: d.To, ActionsOverdue: []review.ActionItem{late}})
	if s := none.String(); !strings.Contains(s, "\nNo changes.\n") || !strings.Contains(s, "Action items overdue (1):") {
		t.Errorf("diff with only an overdue item:\n%s", s)
	}
}

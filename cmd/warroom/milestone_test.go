package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/reports"
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
		// The name is checked as given, a usage mistake when it is bad.
		{[]string{" Q4 "}, milestoneCreateOptions{}, `milestone name " Q4 " starts or ends with a space`},
		{[]string{"a\xff\xfeb"}, milestoneCreateOptions{}, `milestone name "a\xff\xfeb" holds bytes that are not UTF-8 text`},
		{[]string{}, milestoneCreateOptions{}, "create takes one milestone name, such as 2026-Q4 (got 0 arguments)"},
		{[]string{"2026", "Q4"}, milestoneCreateOptions{}, "takes one milestone name, such as 2026-Q4 (got 2 arguments)"},
		{[]string{"2026-Q4", "--by", "lee\x1b[2J"}, milestoneCreateOptions{}, "--by: the name \"lee\\x1b[2J\" holds control characters"},
		// A --by given blank is a mistake, not a reason to fall back to $WARROOM_USER.
		{[]string{"2026-Q4", "--by", " "}, milestoneCreateOptions{}, "--by is blank: name who creates the milestone, or leave --by out to use $WARROOM_USER"},
		// Notes are shown in listings and reports: one line of plain text,
		// at most the Well-Architected Tool's 2084 characters.
		{[]string{"2026-Q4", "--note", strings.Repeat("é", 2084)}, milestoneCreateOptions{Name: "2026-Q4", Note: strings.Repeat("é", 2084), By: "dana"}, ""},
		{[]string{"2026-Q4", "--note", strings.Repeat("x", 2085)}, milestoneCreateOptions{},
			"--note has 2085 characters; the limit is 2084, as in the Well-Architected Tool: shorten it"},
		{[]string{"2026-Q4", "--note", "done\x1b[2J"}, milestoneCreateOptions{}, `--note "done\x1b[2J" holds control or invisible characters; type it as plain text on one line`},
		{[]string{"2026-Q4", "--note", "first line\nsecond line"}, milestoneCreateOptions{}, "holds control or invisible characters"},
		{[]string{"2026-Q4", "--note", "after the \u202erollout"}, milestoneCreateOptions{}, "holds control or invisible characters"},
		{[]string{"2026-Q4", "--note", "bad \xff byte"}, milestoneCreateOptions{}, `--note "bad \xff byte" holds bytes that are not UTF-8 text`},
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
	// Every question moves into or out of unanswered: changed, neither
	// improved nor regressed.
	want := map[string]string{
		"SEC01": review.Changed, "SEC02": review.Changed, "SEC03": review.Changed, "REL09": review.Changed,
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
	wantNow := map[string]string{"SEC01": review.Changed, "SEC02": review.Changed, "SEC05": review.Changed,
		"SEC01-BP02": review.GapOpened, "SEC05-BP01": review.GapOpened, "SEC02-BP01": review.GapOpened}
	if got := changesOf(now); !maps.Equal(got, wantNow) {
		t.Errorf("diff 2026-Q4 now\n got %v\nwant %v", got, wantNow)
	}
	// Root MFA fails again: SEC02-BP01, answered met, is contradicted;
	// SEC01-BP02, now answered not-met, is not.
	if now.Counts.ContradictionsAdded != 1 || now.ContradictionsAdded[0].PracticeID != "SEC02-BP01" || now.Counts.GapsOpened != 3 ||
		now.Counts.QuestionsRegressed != 0 {
		t.Errorf("diff 2026-Q4 now: counts %+v, contradictions added %+v", now.Counts, now.ContradictionsAdded)
	}
	fromQ3 := h.diff("2026-Q3", "NOW")
	if got := changesOf(fromQ3); got["SEC01-BP02"] != review.StatusChanged || got["SEC05-BP01"] != review.GapOpened ||
		got["SEC02-BP01"] != review.StatusChanged || got["REL09-BP04"] != review.GapClosed {
		t.Errorf("diff 2026-Q3 now: %v", got)
	}
	// The current review against a milestone: the other way round.
	if back := h.diff("now", "2026-Q4"); back.From.Label != "now" || back.To.Milestone != 2 || back.Counts.GapsClosed != 3 {
		t.Errorf("diff now 2026-Q4: from %+v, to %+v, counts %+v", back.From, back.To, back.Counts)
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
		// A bad name is a usage mistake, like any bad value.
		{[]string{"milestone", "create", "Q4", "--by", "sam"}, 2,
			"warroom: milestone name \"Q4\" has 2 characters; use 3 to 100, such as 2026-Q4\n"},
		{[]string{"milestone", "create", "now", "--by", "sam"}, 2, `milestone name "now" is reserved`},
		{[]string{"milestone", "create", " 2026-Q5", "--by", "sam"}, 2, "starts or ends with a space"},
		{[]string{"milestone", "create", "2026\x1b[2J-Q5", "--by", "sam"}, 2, `milestone name "2026\x1b[2J-Q5" holds control or invisible character U+001B`},
		{[]string{"milestone", "create", "a\xff\xfeb", "--by", "sam"}, 2, `milestone name "a\xff\xfeb" holds bytes that are not UTF-8 text`},
		{[]string{"milestone", "create", "2026-Q5", "--by", "sam", "--note", "a\xffb"}, 2, `--note "a\xffb" holds bytes that are not UTF-8 text`},
		{[]string{"milestone", "create", "--by", "sam"}, 2, "takes one milestone name"},
		{[]string{"milestone", "create", "2026-Q5"}, 2, "who creates the milestone is unknown"},
		{[]string{"milestone", "create", "2026-Q5", "--by", "   "}, 2, "--by is blank: name who creates the milestone"},
		{[]string{"milestone", "list", "extra"}, 2, "takes no arguments"},
		{[]string{"milestone"}, 2, "warroom milestone needs a subcommand: create, list"},
		{[]string{"diff"}, 2, "takes one or two milestone names"},
		{[]string{"diff", "2026-Q2"}, 1,
			"warroom: no milestone named \"2026-Q2\"; there are 2026-Q3, 2026-Q4 (and \"now\" for the current review)\n"},
		{[]string{"diff", "2026-Q3", "Q4"}, 1, `no milestone named "Q4"`},
		{[]string{"diff", "now"}, 2, "warroom: diff compares a milestone with another or with now; name a milestone first\n"},
		{[]string{"diff", "NOW", "now"}, 2, "diff compares a milestone with another or with now; name a milestone first"},
		// Look-alikes of a name in use are refused: the name would be stored
		// in its plain form, which is taken.
		{[]string{"milestone", "create", "2026-\uff314", "--by", "sam"}, 2, `"2026-\uff314" would be stored as "2026-Q4"`},
		{[]string{"milestone", "create", "\uff12\uff10\uff12\uff16-Q3", "--by", "sam"}, 2, `would be stored as "2026-Q3"`},
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
		{Number: 1, Name: "2026-Q2", CreatedAt: at(-90), Frozen: review.Frozen{AnswersThrough: 3},
			Assessment: review.Assessment{GeneratedAt: at(-90), Summary: summary(5)}},
		{Number: 2, Name: "2026-Q3", CreatedAt: at(0), Frozen: review.Frozen{AnswersThrough: 7},
			Assessment: review.Assessment{GeneratedAt: at(0), Summary: summary(4)}},
		{Number: 3, Name: "2026-Q4", CreatedAt: at(90), Frozen: review.Frozen{AnswersThrough: 9, Run: "run-1", Runs: 1},
			Assessment: review.Assessment{GeneratedAt: at(90), Summary: summary(2)}},
	}
	now := review.Snapshot{Label: review.NowLabel, At: at(100), Assessment: review.Assessment{GeneratedAt: at(100), Summary: summary(1)}}
	// asThen is the current review scoring as a milestone did, later.
	asThen := func(m review.Milestone) review.Snapshot {
		a := m.Assessment
		a.GeneratedAt = at(100)
		return review.Snapshot{Label: review.NowLabel, At: at(100), Assessment: a}
	}
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
		{name: "nothing since the last milestone", ms: ms, cur: asThen(ms[2]), marks: review.Frozen{AnswersThrough: 9, Run: "run-1", Runs: 1},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", true}}, base: "2026-Q3", to: "2026-Q4"},
		// Time passing (an item overdue), other lenses or another scorer
		// change the review although nothing was recorded.
		{name: "nothing recorded, but it scores differently", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 9, Run: "run-1", Runs: 1},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q4", to: "now"},
		{name: "an older run alone counts", ms: ms, cur: asThen(ms[2]), marks: review.Frozen{AnswersThrough: 9, Run: "run-1", Runs: 2},
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q4", to: "now"},
		{name: "since an older milestone", ms: ms, cur: now, marks: review.Frozen{AnswersThrough: 10}, since: "2026-q2",
			points: []point{{"2026-Q2", false}, {"2026-Q3", false}, {"2026-Q4", false}, {"now", true}}, base: "2026-Q2", to: "now"},
		{name: "since unknown", ms: ms, cur: now, since: "2027-Q1", err: `no milestone named "2027-Q1"; there are 2026-Q2, 2026-Q3, 2026-Q4`},
		{name: "about a milestone", ms: ms, cur: snapshotOf(ms[1]),
			points: []point{{"2026-Q2", false}, {"2026-Q3", true}}, base: "2026-Q2", to: "2026-Q3"},
		{name: "about the first milestone", ms: ms, cur: snapshotOf(ms[0]), points: []point{{"2026-Q2", true}}},
		{name: "one milestone, nothing since", ms: ms[:1], cur: asThen(ms[0]), marks: ms[0].Frozen, points: []point{{"2026-Q2", true}}},
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
		if last := tr.Points[len(tr.Points)-1]; last.Label == review.NowLabel && (last.Summary.High != tt.cur.Assessment.Summary.High || !last.At.Equal(now.At)) {
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
	reopened := item
	reopened.ID, reopened.Title, reopened.Owner = "ttx-20261028T140000Z-1a2b3c4d#8", "Review the break-glass role", "sam"
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
			{ID: "SEC05-BP01", Title: "Create network layers", Risk: "high", From: &review.PracticeState{Status: review.Met, Gap: true,
				GapSources: []string{"evidence"}, Contradicted: true, Failing: 1}, To: &review.PracticeState{Status: review.Met, Unknown: 2}, Change: review.EvidenceLost},
			{ID: "SEC06-BP01", Title: "Perform vulnerability management", Risk: "high", From: &review.PracticeState{Status: review.Unanswered, Gap: true,
				GapSources: []string{"evidence"}, Failing: 3}, To: st(review.Unanswered, false), Change: review.EvidenceLost},
			{ID: "CUST01-BP01", Title: "Custom practice", Risk: "low", To: st(review.Unanswered, false), Change: review.Added},
			{ID: "OLD01-BP01", Title: "Dropped practice", Risk: "medium", From: st(review.NotMet, true, "answer"), Change: review.Removed},
		},
		ContradictionsAdded: []review.Contradiction{{PracticeID: "SEC08-BP02", Title: "Enforce encryption at rest", Claim: review.Answer{By: "dana\x1b[2J"},
			Failing: []review.FailingResource{{Check: "s3.encryption"}, {Check: "rds.encryption"}, {Check: "s3.encryption"}}}},
		ContradictionsResolved: []review.Contradiction{{PracticeID: "SEC01-BP02", Title: "Secure account root user"}},
		ActionsDone:            []review.ActionItem{item},
		ActionsReopened:        []review.ActionItem{reopened},
		ActionsOverdue:         []review.ActionItem{late},
	}
	var b bytes.Buffer
	printDiff(&b, "payments", d)
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("diff text holds control characters:\n%q", b.String())
	}
	golden.Assert(t, b.Bytes(), "testdata/diff-sections.golden")

	// A diff listing nothing but overdue items says so, then lists them.
	q3 := review.DiffSide{Label: "2026-Q3", Milestone: 1, At: at}
	late2 := late
	late2.ID, late2.Title = "ttx-20261028T140000Z-1a2b3c4d#10", "Tag the buckets"
	for _, tt := range []struct {
		name    string
		overdue []review.ActionItem
		want    string
	}{
		{"nothing", nil, "\nNo changes since 2026-Q3.\n"},
		{"one overdue", []review.ActionItem{late},
			"\nNo changes since 2026-Q3.\n\n1 action item is overdue:\n  ttx-20261028T140000Z-1a2b3c4d#9 Turn on GuardDuty\\u001b[31m everywhere (owner lee)\n"},
		{"two overdue", []review.ActionItem{late, late2},
			"\nNo changes since 2026-Q3.\n\n2 action items are overdue:\n  ttx-20261028T140000Z-1a2b3c4d#9 Turn on GuardDuty\\u001b[31m everywhere (owner lee)\n" +
				"  ttx-20261028T140000Z-1a2b3c4d#10 Tag the buckets (owner lee)\n"},
	} {
		var none bytes.Buffer
		printDiff(&none, "payments", review.Diff{From: q3, To: d.To, ActionsOverdue: tt.overdue})
		// What follows the risk table's last row.
		_, tail, _ := strings.Cut(none.String(), "\ncontradictions ")
		if _, tail, _ = strings.Cut(tail, "\n"); tail != tt.want {
			t.Errorf("%s: diff ends\n%q\nwant\n%q", tt.name, tail, tt.want)
		}
	}
}

func Test_sameAssessment(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC)
	item := review.ActionItem{ID: "ttx-a#7", Title: "Turn on GuardDuty", Due: "2026-11-15"}
	a := review.Assessment{GeneratedAt: at, Summary: review.Summary{Questions: 12, High: 2}, Actions: []review.ActionItem{item}}
	later := a
	later.GeneratedAt = at.AddDate(0, 1, 0)
	overdue := later
	overdue.Actions = []review.ActionItem{item}
	overdue.Actions[0].Overdue = true
	if !sameAssessment(a, later) {
		t.Error("the same review scored later is not the same assessment")
	}
	if sameAssessment(a, overdue) || sameAssessment(overdue, a) {
		t.Error("an item fallen overdue leaves the assessment the same")
	}
	if a.GeneratedAt != at || later.GeneratedAt == at {
		t.Error("sameAssessment changed its arguments")
	}
}

// Test_freezeConsistent: the review is scored between two readings of the
// log marks, again when something was recorded in between, and the freeze
// fails when the logs keep moving.
func Test_freezeConsistent(t *testing.T) {
	mark := func(answers int64, runs int) review.Frozen {
		return review.Frozen{AnswersThrough: answers, Answers: int(answers), Runs: runs}
	}
	tests := []struct {
		name   string
		marks  []review.Frozen // one per reading; the last repeats
		scores int             // times the review is scored
		want   review.Frozen
		err    string
	}{
		{name: "steady", marks: []review.Frozen{mark(5, 1)}, scores: 1, want: mark(5, 1)},
		{name: "an answer while scoring", marks: []review.Frozen{mark(5, 1), mark(6, 1)}, scores: 2, want: mark(6, 1)},
		{name: "a run while scoring", marks: []review.Frozen{mark(5, 1), mark(5, 2)}, scores: 2, want: mark(5, 2)},
		{name: "a session entry while scoring", marks: []review.Frozen{mark(5, 1),
			{AnswersThrough: 5, Answers: 5, Runs: 1, Sessions: []review.SessionMark{{ID: "ttx-a", Entries: 1}}}}, scores: 2,
			want: review.Frozen{AnswersThrough: 5, Answers: 5, Runs: 1, Sessions: []review.SessionMark{{ID: "ttx-a", Entries: 1}}}},
		{name: "two writes, then quiet", marks: []review.Frozen{mark(5, 1), mark(6, 1), mark(6, 1), mark(7, 1), mark(7, 1)}, scores: 3, want: mark(7, 1)},
		{name: "keeps changing", marks: []review.Frozen{mark(1, 0), mark(2, 0), mark(3, 0), mark(4, 0), mark(5, 0), mark(6, 0), mark(7, 0)},
			scores: 3, err: "the review kept changing while the milestone was taken; try again"},
	}
	for _, tt := range tests {
		reads, scores := 0, 0
		marks := func() (review.Frozen, error) {
			m := tt.marks[min(reads, len(tt.marks)-1)]
			reads++
			return m, nil
		}
		score := func() (review.Assessment, *reports.Evidence, error) {
			scores++
			// The score tells which reading of the logs it followed.
			return review.Assessment{Summary: review.Summary{Questions: reads}}, &reports.Evidence{RunID: "run-1"}, nil
		}
		a, ev, got, err := freezeConsistent(marks, score)
		if scores != tt.scores {
			t.Errorf("%s: scored %d times, want %d", tt.name, scores, tt.scores)
		}
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || ev != nil {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) || ev == nil || a.Summary.Questions != reads-1 {
			t.Errorf("%s: marks %+v, %v; want %+v with the last scoring (after reading %d, got %d)", tt.name, got, err, tt.want, reads-1, a.Summary.Questions)
		}
	}
	boom := errors.New("database is locked")
	for name, fail := range map[string]int{"first reading": 0, "second reading": 1} {
		reads := 0
		_, _, _, err := freezeConsistent(func() (review.Frozen, error) {
			reads++
			if reads-1 == fail {
				return review.Frozen{}, boom
			}
			return review.Frozen{}, nil
		}, func() (review.Assessment, *reports.Evidence, error) { return review.Assessment{}, nil, nil })
		if !errors.Is(err, boom) {
			t.Errorf("%s fails: %v", name, err)
		}
	}
	if _, _, _, err := freezeConsistent(func() (review.Frozen, error) { return review.Frozen{}, nil },
		func() (review.Assessment, *reports.Evidence, error) { return review.Assessment{}, nil, boom }); !errors.Is(err, boom) {
		t.Errorf("scoring fails: %v", err)
	}
}

// TestMilestone_MarksRuns: a milestone freezes how many runs there were, so
// a run saved afterwards is seen even when an older one finished later.
func TestMilestone_MarksRuns(t *testing.T) {
	h, _, _ := quarters(t)
	_, ms := h.milestoneDocs()
	var q4 struct {
		Frozen review.Frozen `json:"frozen"`
	}
	if err := json.Unmarshal(ms[1], &q4); err != nil {
		t.Fatal(err)
	}
	if q4.Frozen.Runs != 2 || q4.Frozen.Run != "run-20261218T100000Z-1a1b1c1d" {
		t.Errorf("2026-Q4 froze %d runs, latest %s; want 2 and the Q4 run", q4.Frozen.Runs, q4.Frozen.Run)
	}
	// A run that finished before the latest one: the latest is unchanged,
	// but something was recorded.
	h.saveRun("run-20261101T100000Z-3a3b3c3d", q4Time.AddDate(0, -1, 0),
		finding("iam.root-mfa", checks.Pass, "", "arn:aws:iam::111122223333:root"))
	if out := h.mustRun("milestone", "create", "2026-Q4-late", "--by", "sam"); strings.Contains(out, "Nothing was recorded") {
		t.Errorf("create after an older run says nothing was recorded:\n%s", out)
	}
	if out := h.mustRun("milestone", "create", "2026-Q4-final", "--by", "sam"); !strings.Contains(out, `Nothing was recorded since milestone 3 "2026-Q4-late"`) {
		t.Errorf("create with nothing new:\n%s", out)
	}
}

// TestReport_TrendKeepsNow: with nothing recorded since the last milestone
// the report is about that milestone, unless the review scores differently
// now: an action item fell overdue as the clock moved, or other lenses are
// loaded.
func TestReport_TrendKeepsNow(t *testing.T) {
	h := exportHarness(t)
	nowRow := "| **" + review.NowLabel + "** (this report) |"
	md := h.mustRun("report", "--format", "md", "--scenario-dir", drillDir)
	if strings.Contains(md, "| "+review.NowLabel) || !strings.Contains(md, "| **2026-Q4** (this report) |") || !strings.Contains(md, "## Since 2026-Q3") {
		t.Errorf("an hour after 2026-Q4 with nothing new, the report is not about 2026-Q4")
	}
	// GuardDuty was due 2026-11-15.
	h.now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	if items := h.actions(); !slices.ContainsFunc(items, func(it review.ActionItem) bool { return it.Overdue }) {
		t.Fatalf("no action item is overdue on %s: %+v", h.now, items)
	}
	md = h.mustRun("report", "--format", "md", "--scenario-dir", drillDir)
	if !strings.Contains(md, nowRow) || !strings.Contains(md, "## Since 2026-Q4") {
		t.Errorf("with an item overdue the report has no \"now\" point or no since-2026-Q4 section")
	}
	h.now = fixedNow.Add(3 * time.Hour)
	md = h.mustRun("--lens-dir", "../../questions/testdata/custom", "report", "--format", "md", "--scenario-dir", drillDir)
	if !strings.Contains(md, nowRow) {
		t.Errorf("with another lens loaded the report has no \"now\" point")
	}
}

// TestMilestoneNamed_NowOnlyWhereTaken: an unknown milestone's error lists
// the milestones, and "now" only where the command takes the current review.
func TestMilestoneNamed_NowOnlyWhereTaken(t *testing.T) {
	h := exportHarness(t)
	const names = `no milestone named "2025-Q1"; there are 2026-Q3, 2026-Q4`
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"diff", "2025-Q1"}, names + ` (and "now" for the current review)` + "\n"},
		{[]string{"export", "--by", "dana", "--out", filepath.Join(h.dir, "b.zip"), "--milestone", "2025-Q1"}, names + "\n"},
		{[]string{"findings", "export", "--format", "csv", "--milestone", "2025-Q1"}, names + "\n"},
		{[]string{"report", "--since", "2025-Q1"}, names + "\n"},
	}
	for _, tt := range tests {
		if code := h.run("", tt.args...); code != 1 || !strings.HasSuffix(h.errOut.String(), tt.want) {
			t.Errorf("warroom %q: exit %d, stderr %q; want exit 1 ending %q", tt.args, code, h.errOut, tt.want)
		}
	}
}

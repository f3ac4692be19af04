package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/demo"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

// demoMilestones reads the milestones of the demo database at path, whose
// frozen assessments the store checks against their digests.
func demoMilestones(t *testing.T, path string) []review.Milestone {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws, err := db.Workloads(ctx)
	if err != nil || len(ws) != 1 {
		t.Fatalf("demo workloads: %v, %v", ws, err)
	}
	ms, err := db.Milestones(ctx, ws[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// contradicted lists the practices a frozen assessment holds contradicted.
func contradicted(a review.Assessment) []string {
	var ids []string
	for _, c := range a.Contradictions {
		ids = append(ids, c.PracticeID)
	}
	return ids
}

// TestDemo_History checks the quarter of history the demo replays: two
// milestones frozen as of their own dates, whose assessments differ as the
// sample data was written to (gaps closed and opened, contradictions kept,
// added and resolved), the diff between them through the command, and the
// report's trend.
func TestDemo_History(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, "demo")
	var doc struct {
		Milestones []string `json:"milestones"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("demo", "--out", dir, "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(doc.Milestones, []string{"2026-Q3", "2026-Q4"}) {
		t.Errorf("demo -o json milestones %v", doc.Milestones)
	}
	out := h.mustRun("demo", "--out", dir)
	if want := "History: milestones 2026-Q3 (2026-07-17), 2026-Q4 (2026-11-04); since 2026-Q3: 6 gaps closed, 6 opened, " +
		"1 question improved, 1 regressed, 2 contradictions added, 1 resolved.\n"; !strings.Contains(out, want) {
		t.Errorf("demo output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "milestone list   |   warroom --db "+filepath.Join(dir, "demo.db")+" diff 2026-Q3 2026-Q4") {
		t.Errorf("demo output does not point at milestone list and diff:\n%s", out)
	}

	// Two milestones, each frozen as of its own date by dana, with nothing
	// in it recorded later than the milestone.
	ms := demoMilestones(t, filepath.Join(dir, "demo.db"))
	if len(ms) != 2 {
		t.Fatalf("demo milestones: %d, want 2", len(ms))
	}
	q3, q4 := ms[0], ms[1]
	for i, tt := range []struct {
		name string
		at   time.Time
		run  string
	}{
		{"2026-Q3", time.Date(2026, 7, 17, 16, 0, 0, 0, time.UTC), "run-20260715T094700Z-"},
		{"2026-Q4", time.Date(2026, 11, 4, 16, 0, 0, 0, time.UTC), "run-20261102T102900Z-"},
	} {
		m := ms[i]
		if m.Name != tt.name || !m.CreatedAt.Equal(tt.at) || m.CreatedBy != "dana" || m.Note == "" ||
			!m.Assessment.GeneratedAt.Equal(tt.at) || !strings.HasPrefix(m.Frozen.Run, tt.run) {
			t.Errorf("milestone %d: %s at %s by %s (scored %s), run %s, note %q; want %s at %s by dana, run %s…",
				i+1, m.Name, m.CreatedAt, m.CreatedBy, m.Assessment.GeneratedAt, m.Frozen.Run, m.Note, tt.name, tt.at, tt.run)
		}
		for _, q := range m.Assessment.Questions {
			for _, p := range q.Practices {
				if p.Answer != nil && p.Answer.RecordedAt.After(m.CreatedAt) {
					t.Errorf("%s: %s recorded %s, after the milestone", m.Name, p.ID, p.Answer.RecordedAt)
				}
			}
		}
	}
	if q3.Frozen.Answers != 62 || q4.Frozen.Answers != 130 || len(q3.Frozen.Sessions) != 0 || len(q4.Frozen.Sessions) != 1 {
		t.Errorf("frozen marks: Q3 %+v, Q4 %+v; want 62 answers and no session, then 130 answers and one session", q3.Frozen, q4.Frozen)
	}
	s3, s4 := q3.Assessment.Summary, q4.Assessment.Summary
	if s3.High != 9 || s3.Unanswered != 2 || s3.PracticeStatus[review.Unanswered] != 5 || s3.Contradictions != 5 ||
		s4.High != 10 || s4.Unanswered != 0 || s4.None != 1 || s4.Contradictions != 6 {
		t.Errorf("frozen summaries: Q3 %+v, Q4 %+v", s3, s4)
	}
	// Root MFA is contradicted in both quarters; the public exports bucket
	// only in Q3, the bastion opened to the internet only in Q4.
	c3, c4 := contradicted(q3.Assessment), contradicted(q4.Assessment)
	if want := []string{"SEC01-BP02", "SEC02-BP04", "SEC03-BP07", "SEC04-BP01", "SEC08-BP04"}; !slices.Equal(c3, want) {
		t.Errorf("Q3 contradictions %v, want %v", c3, want)
	}
	if want := []string{"SEC01-BP02", "SEC02-BP04", "SEC03-BP07", "SEC04-BP01", "SEC05-BP02", "SEC06-BP03"}; !slices.Equal(c4, want) {
		t.Errorf("Q4 contradictions %v, want %v", c4, want)
	}

	// The diff between them, through the command.
	h.db = filepath.Join(dir, "demo.db")
	var d struct {
		Version int               `json:"version"`
		Counts  review.DiffCounts `json:"counts"`
		From    review.DiffSide   `json:"from"`
		To      review.DiffSide   `json:"to"`
		Qs      []struct {
			ID, Change string
		} `json:"questions"`
		Ps []struct {
			ID, Change string
		} `json:"practices"`
		Added    []struct{ Practice string } `json:"contradictions_added"`
		Resolved []struct{ Practice string } `json:"contradictions_resolved"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("diff", "2026-Q3", "2026-Q4", "-o", "json")), &d); err != nil {
		t.Fatal(err)
	}
	byChange := map[string][]string{}
	for _, p := range d.Ps {
		byChange[p.Change] = append(byChange[p.Change], p.ID)
	}
	for _, q := range d.Qs {
		byChange["question "+q.Change] = append(byChange["question "+q.Change], q.ID)
	}
	for _, c := range d.Added {
		byChange["contradiction added"] = append(byChange["contradiction added"], c.Practice)
	}
	for _, c := range d.Resolved {
		byChange["contradiction resolved"] = append(byChange["contradiction resolved"], c.Practice)
	}
	for change, want := range map[string][]string{
		// The team's answers improved (a secret moved, SCIM, central logs,
		// hardened images, scanning on every pull request) and the public
		// bucket was closed.
		review.GapClosed: {"SEC02-BP03", "SEC03-BP06", "SEC04-BP02", "SEC06-BP02", "SEC08-BP04", "SEC11-BP02"},
		// alex left; the bastion was opened to the internet; REL09 was first
		// reviewed in Q4.
		review.GapOpened: {"SEC01-BP04", "SEC04-BP03", "SEC05-BP02", "SEC06-BP03", "REL09-BP02", "REL09-BP04"},
		// SEC09 (unanswered → none) and REL09 (unanswered → high) were
		// first answered in Q4: changed, neither better nor worse.
		"question " + review.Improved:  {"SEC08"},
		"question " + review.Regressed: {"SEC05"},
		"question " + review.Changed:   {"SEC09", "REL09"},
		review.EvidenceLost:            nil,
		"contradiction added":          {"SEC05-BP02", "SEC06-BP03"},
		"contradiction resolved":       {"SEC08-BP04"},
	} {
		if got := byChange[change]; !slices.Equal(got, want) {
			t.Errorf("diff 2026-Q3 2026-Q4: %s %v, want %v", change, got, want)
		}
	}
	if d.Version != 1 || d.From.Label != "2026-Q3" || d.To.Label != "2026-Q4" ||
		d.Counts.GapsClosed != 6 || d.Counts.GapsOpened != 6 || d.Counts.ContradictionsAdded != 2 || d.Counts.ContradictionsResolved != 1 ||
		d.Counts.QuestionsImproved != 1 || d.Counts.QuestionsRegressed != 1 || d.Counts.EvidenceLost != 0 {
		t.Errorf("diff: version %d, %s → %s, counts %+v", d.Version, d.From.Label, d.To.Label, d.Counts)
	}

	// The report is about 2026-Q4 (nothing was recorded after it), with the
	// trend over both milestones and what changed since 2026-Q3.
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(md)
	i, j, k := strings.Index(report, "## Trend"), strings.Index(report, "## Since 2026-Q3"), strings.Index(report, "## Contradictions")
	if i < 0 || j < i || k < j {
		t.Fatalf("demo report lacks the trend and since sections before the contradictions (at %d, %d, %d)", i, j, k)
	}
	// On the day before the last milestone nothing differs from it: the
	// report is about 2026-Q4, and the current review is no row of its own.
	if trend := report[i:j]; !strings.Contains(trend, "\n| 2026-Q3 | 2026-07-17 |") || !strings.Contains(trend, "\n| **2026-Q4** (this report) | 2026-11-04 |") ||
		strings.Contains(trend, "**now**") {
		t.Errorf("demo trend section:\n%s", trend)
	}
	if since := report[j:k]; !strings.Contains(since, "SEC08-BP04 Enforce access control") || !strings.Contains(since, "SEC05-BP02") {
		t.Errorf("demo since section:\n%s", since)
	}
}

// TestDemo_MilestonesIgnoreTheClock checks that the demo's milestones are
// the same whenever it runs: they are frozen with the quarters' own clocks,
// not the wall clock.
func TestDemo_MilestonesIgnoreTheClock(t *testing.T) {
	h := newHarness(t)
	var digests [2][]string
	for i, now := range []time.Time{fixedNow, fixedNow.AddDate(1, 2, 3)} {
		h.now = now
		dir := filepath.Join(h.dir, "demo", now.Format("2006"))
		h.mustRun("demo", "--out", dir)
		for _, m := range demoMilestones(t, filepath.Join(dir, "demo.db")) {
			digests[i] = append(digests[i], m.Digest)
		}
	}
	if len(digests[0]) != 2 || !slices.Equal(digests[0], digests[1]) {
		t.Errorf("milestone digests depend on the clock: %v and %v", digests[0], digests[1])
	}
}

func TestDemoQ3Inventory_Strict(t *testing.T) {
	inv, err := checks.DecodeInventory(bytes.NewReader(demo.Q3Inventory))
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Q3Inventory) > 40<<10 {
		t.Errorf("demo Q3 inventory is %d bytes; keep it under 40 KB", len(demo.Q3Inventory))
	}
	if len(inv.Accounts) != 1 || len(inv.Accounts[0].Regions) != 2 ||
		!inv.CollectedAt.Equal(time.Date(2026, 7, 15, 9, 47, 0, 0, time.UTC)) {
		t.Errorf("demo Q3 inventory: %d accounts, collected %s", len(inv.Accounts), inv.CollectedAt)
	}
}

func TestDiffCountsLine(t *testing.T) {
	tests := []struct {
		c    review.DiffCounts
		want string
	}{
		{review.DiffCounts{}, "0 gaps closed, 0 opened, 0 questions improved, 0 regressed, 0 contradictions added, 0 resolved"},
		{review.DiffCounts{GapsClosed: 1, GapsOpened: 2, QuestionsImproved: 1, ContradictionsAdded: 1, ContradictionsResolved: 3,
			ActionsDone: 1, ActionsOverdue: 2},
			"1 gap closed, 2 opened, 1 question improved, 0 regressed, 1 contradiction added, 3 resolved, 1 action done, 2 actions overdue"},
		{review.DiffCounts{ActionsRegressed: 4}, "0 gaps closed, 0 opened, 0 questions improved, 0 regressed, 0 contradictions added, 0 resolved, 4 actions regressed"},
		{review.DiffCounts{GapsClosed: 2, EvidenceLost: 1, ActionsReopened: 1, ActionsOverdue: 1},
			"2 gaps closed, 1 no longer judged (evidence lost), 0 opened, 0 questions improved, 0 regressed, 0 contradictions added, 0 resolved, 1 action reopened, 1 action overdue"},
	}
	for _, tt := range tests {
		if got := diffCountsLine(tt.c); got != tt.want {
			t.Errorf("diffCountsLine(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestDemo_Later: a demo run weeks after the last milestone, when its
// action items have fallen overdue, reports on the review today with the
// trend over both milestones and now, and what changed since the first
// quarter, not a "nothing changed" since the last.
func TestDemo_Later(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	dir := filepath.Join(h.dir, "demo")
	out := h.mustRun("demo", "--out", dir)
	if want := "History: milestones 2026-Q3 (2026-07-17), 2026-Q4 (2026-11-04); since 2026-Q3: 6 gaps closed, 6 opened, " +
		"1 question improved, 1 regressed, 2 contradictions added, 1 resolved, 2 actions overdue.\n"; !strings.Contains(out, want) {
		t.Errorf("demo output lacks %q:\n%s", want, out)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(md)
	for _, want := range []string{
		"\n| 2026-Q3 | 2026-07-17 | 9 | 1 | 0 | 2 | 0 | 45 | 5 |\n",
		"\n| 2026-Q4 | 2026-11-04 | 10 | 1 | 1 | 0 | 0 | 45 | 6 |\n",
		"\n| **now** (this report) | 2026-11-30 | 10 | 1 | 1 | 0 | 0 | 45 | 6 |\n",
		"\n## Since 2026-Q3\n\nFrom 2026-Q3 (2026-07-17) to now (2026-11-30): 6 gaps closed and 6 opened; 1 question improved and 1 regressed; " +
			"2 contradictions added and 1 resolved; 0 action items done, 0 regressed and 2 overdue.",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("demo report lacks %q", want)
		}
	}
	if strings.Contains(report, "## Since 2026-Q4") || strings.Contains(report, "nothing changed") {
		t.Error("the later demo report compares with 2026-Q4")
	}
}

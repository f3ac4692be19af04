package review_test

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

// snap scores in and labels it as one side of a comparison.
func snap(label string, number int, in review.Input) review.Snapshot {
	return review.Snapshot{Label: label, Milestone: number, At: in.Now, Assessment: review.Assess(in)}
}

// changes lists a diff's question or practice changes as "ID:change".
func changes(d review.Diff) (qs, ps []string) {
	qs, ps = []string{}, []string{}
	for _, q := range d.Questions {
		qs = append(qs, q.ID+":"+q.Change)
	}
	for _, p := range d.Practices {
		ps = append(ps, p.ID+":"+p.Change)
	}
	return qs, ps
}

func TestCompare_IdenticalIsEmpty(t *testing.T) {
	in := review.Input{Bank: miniBank(t), Now: t0, Checks: catalogue,
		Answers:  []review.Answer{ans("P1", review.Met, 0), ans("P2", review.NotMet, 1), ans("P4", review.Met, 2)},
		Findings: []checks.Finding{finding("c.crit", checks.Fail, "root")},
		Actions:  []review.ActionItem{{ID: "s1#1", State: review.ActionDone}, {ID: "s1#2", State: review.ActionRegressed}}}
	from, to := snap("2026-Q3", 1, in), snap("2026-Q3", 1, in)
	d := review.Compare(from, to)
	if d.Counts != (review.DiffCounts{}) {
		t.Errorf("counts = %+v, want zero", d.Counts)
	}
	if len(d.Questions)+len(d.Practices)+len(d.ContradictionsAdded)+len(d.ContradictionsResolved)+
		len(d.ActionsDone)+len(d.ActionsReopened)+len(d.ActionsRegressed)+len(d.ActionsOverdue) != 0 {
		t.Errorf("identical snapshots differ: %+v", d)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"questions", "practices", "contradictions_added", "contradictions_resolved", "actions_done", "actions_reopened", "actions_regressed", "actions_overdue"} {
		if !strings.Contains(string(b), `"`+key+`":[]`) {
			t.Errorf("json %s is not an empty list: %s", key, b)
		}
	}
}

func TestCompare_Sides(t *testing.T) {
	later := t0.Add(24 * time.Hour)
	from := snap("2026-Q3", 2, review.Input{Bank: miniBank(t), Now: t0})
	to := snap(review.NowLabel, 0, review.Input{Bank: miniBank(t), Now: later, Answers: []review.Answer{ans("P1", review.NotMet, 0)}})
	d := review.Compare(from, to)
	if d.From.Label != "2026-Q3" || d.From.Milestone != 2 || !d.From.At.Equal(t0) || !reflect.DeepEqual(d.From.Summary, from.Assessment.Summary) {
		t.Errorf("from side = %+v", d.From)
	}
	if d.To.Label != review.NowLabel || d.To.Milestone != 0 || !d.To.At.Equal(later) || d.To.Summary.High != 1 {
		t.Errorf("to side = %+v", d.To)
	}
	b, _ := json.Marshal(d.To)
	if strings.Contains(string(b), `"milestone"`) {
		t.Errorf("the current review carries a milestone number: %s", b)
	}
}

// risks builds an assessment whose questions have the given risks, in order.
func risks(rs ...string) review.Assessment {
	var a review.Assessment
	for _, r := range rs {
		id, risk, _ := strings.Cut(r, "=")
		a.Questions = append(a.Questions, review.QuestionResult{ID: id, Lens: "mini", Title: "Title " + id, Risk: review.Risk(risk)})
	}
	return a
}

func TestCompare_QuestionRisk(t *testing.T) {
	H, M, U, N, NA := review.RiskHigh, review.RiskMedium, review.RiskUnanswered, review.RiskNone, review.RiskNotApplicable
	// Improved and Regressed only among high, medium and none or not
	// applicable; every move into or out of unanswered is Changed: an answer
	// forgotten is not an improvement, a first answer not a regression.
	tests := []struct {
		from, to review.Risk
		want     string // "" when not listed
	}{
		{H, H, ""}, {M, M, ""}, {U, U, ""}, {N, N, ""}, {NA, NA, ""},
		{H, M, review.Improved}, {H, N, review.Improved}, {H, NA, review.Improved}, {M, N, review.Improved}, {M, NA, review.Improved},
		{M, H, review.Regressed}, {N, H, review.Regressed}, {NA, H, review.Regressed}, {N, M, review.Regressed}, {NA, M, review.Regressed},
		{N, NA, review.Changed}, {NA, N, review.Changed},
		{H, U, review.Changed}, {M, U, review.Changed}, {N, U, review.Changed}, {NA, U, review.Changed},
		{U, H, review.Changed}, {U, M, review.Changed}, {U, N, review.Changed}, {U, NA, review.Changed},
	}
	for _, tt := range tests {
		from := review.Snapshot{Label: "a", Assessment: risks("Q1=" + string(tt.from))}
		to := review.Snapshot{Label: "b", Assessment: risks("Q1=" + string(tt.to))}
		d := review.Compare(from, to)
		if tt.want == "" {
			if len(d.Questions) != 0 {
				t.Errorf("%s → %s: listed %+v, want nothing", tt.from, tt.to, d.Questions)
			}
			continue
		}
		want := []review.QuestionChange{{ID: "Q1", Lens: "mini", Title: "Title Q1", From: tt.from, To: tt.to, Change: tt.want}}
		if !reflect.DeepEqual(d.Questions, want) {
			t.Errorf("%s → %s: %+v, want %+v", tt.from, tt.to, d.Questions, want)
		}
		improved, regressed := 0, 0
		switch tt.want {
		case review.Improved:
			improved = 1
		case review.Regressed:
			regressed = 1
		}
		if d.Counts.QuestionsImproved != improved || d.Counts.QuestionsRegressed != regressed {
			t.Errorf("%s → %s: counts %+v", tt.from, tt.to, d.Counts)
		}
	}
}

func TestCompare_QuestionsAddedRemovedInOrder(t *testing.T) {
	// From has Q1..Q4; To drops Q1 and Q3, reorders Q4 before Q2 and adds Q5
	// and Q6: To's order first, then what was removed in From's order.
	from := review.Snapshot{Assessment: risks("Q1=high", "Q2=high", "Q3=none", "Q4=medium")}
	to := review.Snapshot{Assessment: risks("Q5=unanswered", "Q4=high", "Q2=medium", "Q6=none")}
	d := review.Compare(from, to)
	want := []review.QuestionChange{
		{ID: "Q5", Lens: "mini", Title: "Title Q5", To: review.RiskUnanswered, Change: review.Added},
		{ID: "Q4", Lens: "mini", Title: "Title Q4", From: review.RiskMedium, To: review.RiskHigh, Change: review.Regressed},
		{ID: "Q2", Lens: "mini", Title: "Title Q2", From: review.RiskHigh, To: review.RiskMedium, Change: review.Improved},
		{ID: "Q6", Lens: "mini", Title: "Title Q6", To: review.RiskNone, Change: review.Added},
		{ID: "Q1", Lens: "mini", Title: "Title Q1", From: review.RiskHigh, Change: review.Removed},
		{ID: "Q3", Lens: "mini", Title: "Title Q3", From: review.RiskNone, Change: review.Removed},
	}
	if !reflect.DeepEqual(d.Questions, want) {
		t.Errorf("questions =\n%+v\nwant\n%+v", d.Questions, want)
	}
	if d.Counts.QuestionsImproved != 1 || d.Counts.QuestionsRegressed != 1 {
		t.Errorf("added and removed questions are counted as improved or regressed: %+v", d.Counts)
	}
}

func TestCompare_Practices(t *testing.T) {
	p1, p4 := checks.Check{ID: "c.p1", Severity: checks.High, Practices: []string{"P1"}}, checks.Check{ID: "c.p4", Severity: checks.High, Practices: []string{"P4"}}
	cs := []checks.Check{p1, p4}
	type side struct {
		answers  []review.Answer
		findings []checks.Finding
		tabletop []review.TabletopGap
	}
	tests := []struct {
		name     string
		from, to side
		want     []string
		counts   review.DiffCounts
	}{
		{name: "a gap closed by a new answer",
			from: side{answers: []review.Answer{ans("P2", review.NotMet, 0)}},
			to:   side{answers: []review.Answer{ans("P2", review.NotMet, 0), ans("P2", review.Met, 5)}},
			// Q1 goes from medium to unanswered (P1 and P3 are): changed.
			want: []string{"P2:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1}},
		{name: "a gap closed by a new answer, the question improves",
			from: side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.NotMet, 0)}},
			to:   side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 5)}},
			want: []string{"P5:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1, QuestionsImproved: 1}},
		{name: "a gap opened by failing evidence",
			from: side{answers: []review.Answer{ans("P4", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Pass, "r")}},
			to:   side{answers: []review.Answer{ans("P4", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Fail, "r")}},
			// Q2 goes from unanswered (P5 is) to high: changed.
			want: []string{"P4:gap-opened"}, counts: review.DiffCounts{GapsOpened: 1, ContradictionsAdded: 1}},
		{name: "a gap opened by failing evidence, the question regresses",
			from: side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Pass, "r")}},
			to:   side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Fail, "r")}},
			want: []string{"P4:gap-opened"}, counts: review.DiffCounts{GapsOpened: 1, QuestionsRegressed: 1, ContradictionsAdded: 1}},
		{name: "evidence lost: the check is unknown now",
			from: side{findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{findings: []checks.Finding{finding("c.p1", checks.Unknown, "a")}},
			want: []string{"P1:evidence-lost"}, counts: review.DiffCounts{EvidenceLost: 1}},
		{name: "evidence lost: no finding at all",
			from: side{findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{},
			want: []string{"P1:evidence-lost"}, counts: review.DiffCounts{EvidenceLost: 1}},
		{name: "evidence lost under a contradicted answer",
			from: side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 0)}, findings: []checks.Finding{finding("c.p4", checks.Unknown, "a")}},
			// Q2 goes from high to none only through lost evidence: changed.
			want: []string{"P4:evidence-lost"}, counts: review.DiffCounts{EvidenceLost: 1, ContradictionsResolved: 1}},
		{name: "evidence lost beside a gap closed, the question improves",
			from: side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p4", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P4", review.Met, 0), ans("P5", review.Met, 0)}},
			want: []string{"P4:evidence-lost", "P5:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1, EvidenceLost: 1, QuestionsImproved: 1, ContradictionsResolved: 1}},
		{name: "evidence lost while a new answer says met",
			from: side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P1", review.NotMet, 0), ans("P1", review.Met, 5)}},
			want: []string{"P1:evidence-lost"}, counts: review.DiffCounts{EvidenceLost: 1}},
		{name: "a gap on evidence alone closed by passing evidence",
			from: side{findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{findings: []checks.Finding{finding("c.p1", checks.Pass, "a")}},
			want: []string{"P1:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1}},
		{name: "a gap on evidence closed with one resource passing and one unknown",
			from: side{findings: []checks.Finding{finding("c.p1", checks.Fail, "a"), finding("c.p1", checks.Fail, "b")}},
			to:   side{findings: []checks.Finding{finding("c.p1", checks.Pass, "a"), finding("c.p1", checks.Unknown, "b")}},
			want: []string{"P1:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1}},
		{name: "a gap on the answer alone closed with no evidence",
			from: side{answers: []review.Answer{ans("P1", review.NotMet, 0)}},
			to:   side{answers: []review.Answer{ans("P1", review.Met, 0)}},
			want: []string{"P1:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1}},
		{name: "evidence lost under a gap kept by the answer",
			from: side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p1", checks.Unknown, "a")}},
			want: []string{"P1:status-changed"}},
		{name: "status changed without a gap",
			from: side{answers: []review.Answer{ans("P3", review.Met, 0)}},
			to:   side{answers: []review.Answer{ans("P3", review.NotApplicable, 0)}},
			want: []string{"P3:status-changed"}},
		{name: "status changed within a gap",
			from: side{answers: []review.Answer{ans("P5", review.NotMet, 0)}},
			to:   side{answers: []review.Answer{ans("P5", review.Partial, 0)}},
			want: []string{"P5:status-changed"}},
		{name: "more failing resources",
			from: side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.p1", checks.Fail, "a"), finding("c.p1", checks.Fail, "b")}},
			want: []string{"P1:status-changed"}},
		{name: "a tabletop gap joins an answered gap",
			from: side{answers: []review.Answer{ans("P1", review.NotMet, 0)}},
			to:   side{answers: []review.Answer{ans("P1", review.NotMet, 0)}, tabletop: []review.TabletopGap{{PracticeID: "P1", SessionID: "s1"}}},
			want: []string{"P1:status-changed"}},
		{name: "verified by passing evidence",
			from: side{answers: []review.Answer{ans("P1", review.Met, 0)}},
			to:   side{answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.p1", checks.Pass, "a")}},
			want: []string{"P1:status-changed"}},
		{name: "a contradiction resolved by passing evidence",
			from: side{answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.p1", checks.Fail, "a")}},
			to:   side{answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.p1", checks.Pass, "a")}},
			want: []string{"P1:gap-closed"}, counts: review.DiffCounts{GapsClosed: 1, ContradictionsResolved: 1}},
		{name: "unknown findings change nothing",
			from: side{answers: []review.Answer{ans("P1", review.Met, 0)}},
			to:   side{answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.p1", checks.Unknown, "a")}},
			want: []string{}},
		{name: "gaps in lens order",
			from:   side{},
			to:     side{answers: []review.Answer{ans("P5", review.NotMet, 0), ans("P2", review.Partial, 0), ans("P4", review.NotMet, 0)}},
			want:   []string{"P2:gap-opened", "P4:gap-opened", "P5:gap-opened"},
			counts: review.DiffCounts{GapsOpened: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := func(s side, at time.Time) review.Input {
				return review.Input{Bank: miniBank(t), Checks: cs, Answers: s.answers, Findings: s.findings, Tabletop: s.tabletop, Now: at}
			}
			d := review.Compare(snap("before", 1, in(tt.from, t0)), snap("after", 2, in(tt.to, t0.Add(time.Hour))))
			if _, got := changes(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("practice changes = %v, want %v", got, tt.want)
			}
			if d.Counts != tt.counts {
				t.Errorf("counts = %+v, want %+v", d.Counts, tt.counts)
			}
		})
	}
}

func TestCompare_PracticeStates(t *testing.T) {
	cs := []checks.Check{{ID: "c.p1", Severity: checks.High, Practices: []string{"P1"}}}
	from := snap("q3", 1, review.Input{Bank: miniBank(t), Checks: cs, Now: t0, Answers: []review.Answer{ans("P1", review.Met, 0)},
		Findings: []checks.Finding{finding("c.p1", checks.Pass, "a")}})
	to := snap("q4", 2, review.Input{Bank: miniBank(t), Checks: cs, Now: t0, Answers: []review.Answer{ans("P1", review.Met, 0)},
		Findings: []checks.Finding{finding("c.p1", checks.Fail, "a"), finding("c.p1", checks.Fail, "b"), finding("c.p1", checks.Unknown, "c")}})
	d := review.Compare(from, to)
	want := []review.PracticeChange{{ID: "P1", QuestionID: "Q1", Title: "High one", Risk: questions.High,
		From:   &review.PracticeState{Status: review.Met, Verified: true, Passing: 1},
		To:     &review.PracticeState{Status: review.Met, Gap: true, GapSources: []string{"evidence"}, Contradicted: true, Failing: 2, Unknown: 1},
		Change: review.GapOpened}}
	if !reflect.DeepEqual(d.Practices, want) {
		t.Errorf("practices = %+v (from %+v, to %+v)", d.Practices, d.Practices[0].From, d.Practices[0].To)
	}
}

func TestCompare_PracticesAddedRemovedWhenLensesDiffer(t *testing.T) {
	other, err := questions.NewBank(
		questions.Lens{ID: "extra", Name: "Extra", Questions: []questions.Question{
			{ID: "X1", Title: "Extra question", Practices: []questions.Practice{{ID: "X1-P1", Title: "Extra one", Risk: questions.Medium}}},
		}},
		questions.Lens{ID: "mini2", Name: "Mini without Q1", Questions: []questions.Question{
			{ID: "Q2", Title: "Question two", Practices: []questions.Practice{
				{ID: "P4", Title: "High two", Risk: questions.High},
				{ID: "P5", Title: "Medium two", Risk: questions.Medium},
			}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	answers := []review.Answer{ans("P1", review.NotMet, 0), ans("P4", review.Met, 0), ans("X1-P1", review.NotMet, 0)}
	from := snap("q3", 1, review.Input{Bank: miniBank(t), Answers: answers, Now: t0})
	to := snap("q4", 2, review.Input{Bank: other, Answers: answers, Now: t0})
	d := review.Compare(from, to)
	qs, ps := changes(d)
	if want := []string{"X1:added", "Q1:removed"}; !reflect.DeepEqual(qs, want) {
		t.Errorf("questions = %v, want %v", qs, want)
	}
	if want := []string{"X1-P1:added", "P1:removed", "P2:removed", "P3:removed"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("practices = %v, want %v", ps, want)
	}
	added, removed := d.Practices[0], d.Practices[1]
	if added.From != nil || added.To == nil || !added.To.Gap || added.QuestionID != "X1" || added.Title != "Extra one" {
		t.Errorf("added practice = %+v", added)
	}
	if removed.To != nil || removed.From == nil || removed.From.Status != review.NotMet || removed.QuestionID != "Q1" {
		t.Errorf("removed practice = %+v", removed)
	}
	if d.Questions[0].Lens != "extra" || d.Questions[0].From != "" || d.Questions[1].To != "" {
		t.Errorf("question sides = %+v", d.Questions)
	}
	if d.Counts != (review.DiffCounts{}) {
		t.Errorf("added and removed are counted: %+v", d.Counts)
	}
}

func TestCompare_Contradictions(t *testing.T) {
	cs := []checks.Check{{ID: "c.p1", Severity: checks.High, Practices: []string{"P1"}}, {ID: "c.p4", Severity: checks.High, Practices: []string{"P4"}}}
	from := snap("q3", 1, review.Input{Bank: miniBank(t), Checks: cs, Now: t0,
		Answers:  []review.Answer{ans("P1", review.Met, 0), ans("P4", review.Met, 0)},
		Findings: []checks.Finding{finding("c.p1", checks.Fail, "old"), finding("c.p4", checks.Pass, "x")}})
	to := snap("q4", 2, review.Input{Bank: miniBank(t), Checks: cs, Now: t0,
		Answers:  []review.Answer{ans("P1", review.Met, 0), ans("P4", review.Met, 0), ans("P4", review.Met, 9)},
		Findings: []checks.Finding{finding("c.p1", checks.Pass, "old"), finding("c.p4", checks.Fail, "new")}})
	d := review.Compare(from, to)
	if len(d.ContradictionsAdded) != 1 || len(d.ContradictionsResolved) != 1 {
		t.Fatalf("added %+v, resolved %+v", d.ContradictionsAdded, d.ContradictionsResolved)
	}
	if got := d.ContradictionsAdded[0]; !reflect.DeepEqual(got, to.Assessment.Contradictions[0]) || got.PracticeID != "P4" || !got.Claim.At.Equal(t0.Add(9*time.Minute)) {
		t.Errorf("added is not To's contradiction: %+v", got)
	}
	if got := d.ContradictionsResolved[0]; !reflect.DeepEqual(got, from.Assessment.Contradictions[0]) || got.PracticeID != "P1" || got.Failing[0].Resource != "old" {
		t.Errorf("resolved is not From's contradiction: %+v", got)
	}
	// Q1 goes from high to unanswered, Q2 from unanswered to high: both
	// changed, neither improved nor regressed.
	want := review.DiffCounts{GapsClosed: 1, GapsOpened: 1, ContradictionsAdded: 1, ContradictionsResolved: 1}
	if d.Counts != want {
		t.Errorf("counts = %+v, want %+v", d.Counts, want)
	}
	// A contradiction on both sides is neither added nor resolved.
	d = review.Compare(to, to)
	if len(d.ContradictionsAdded)+len(d.ContradictionsResolved) != 0 {
		t.Errorf("a standing contradiction is listed: %+v", d)
	}
}

func TestCompare_Actions(t *testing.T) {
	item := func(id string, s review.ActionState, overdue bool) review.ActionItem {
		return review.ActionItem{ID: id, Title: "item " + id, State: s, Overdue: overdue}
	}
	open, done, regressed := review.ActionOpen, review.ActionDone, review.ActionRegressed
	from := review.Snapshot{Label: "q3", Assessment: review.Assessment{Actions: []review.ActionItem{
		item("s1#1", open, false), item("s1#2", done, false), item("s1#3", open, false),
		item("s1#4", regressed, true), item("s1#6", done, false), item("s1#7", open, true),
		item("s1#10", done, false), item("s1#11", done, false), item("s1#12", regressed, false),
	}}}
	to := review.Snapshot{Label: "q4", Assessment: review.Assessment{Actions: []review.ActionItem{
		item("s2#1", done, false),     // new and done: done
		item("s1#8", regressed, true), // new, regressed and overdue
		item("s1#7", open, true),      // still overdue: listed again
		item("s1#6", regressed, false),
		item("s1#4", regressed, true), // still regressed: overdue only
		item("s1#3", regressed, false),
		item("s1#2", done, false),  // already done: not listed
		item("s1#1", done, true),   // done now; done items are never overdue
		item("s1#9", open, false),  // new and open: not listed
		item("s1#11", open, true),  // reopened by hand, and overdue
		item("s1#10", open, false), // reopened by hand
		item("s1#12", open, false), // regressed, then open: not reopened
	}}}
	d := review.Compare(from, to)
	ids := func(its []review.ActionItem) []string {
		out := []string{}
		for _, it := range its {
			out = append(out, it.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		got  []review.ActionItem
		want []string
	}{
		{"done", d.ActionsDone, []string{"s1#1", "s2#1"}},
		{"reopened", d.ActionsReopened, []string{"s1#10", "s1#11"}},
		{"regressed", d.ActionsRegressed, []string{"s1#3", "s1#6", "s1#8"}},
		{"overdue", d.ActionsOverdue, []string{"s1#11", "s1#4", "s1#7", "s1#8"}},
	} {
		if got := ids(tt.got); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	if d.ActionsDone[0].Title != "item s1#1" || d.ActionsDone[0].State != done {
		t.Errorf("done items are not taken from To: %+v", d.ActionsDone[0])
	}
	if d.ActionsReopened[1].State != open || !d.ActionsReopened[1].Overdue {
		t.Errorf("reopened items are not taken from To: %+v", d.ActionsReopened[1])
	}
	want := review.DiffCounts{ActionsDone: 2, ActionsReopened: 2, ActionsRegressed: 3, ActionsOverdue: 4}
	if d.Counts != want {
		t.Errorf("counts = %+v, want %+v", d.Counts, want)
	}
}

func TestCompare_Deterministic(t *testing.T) {
	cs := []checks.Check{{ID: "c.p1", Severity: checks.High, Practices: []string{"P1"}}, {ID: "c.p4", Severity: checks.High, Practices: []string{"P4"}}}
	from := snap("q3", 1, review.Input{Bank: miniBank(t), Checks: cs, Now: t0,
		Answers:  []review.Answer{ans("P1", review.Met, 0), ans("P2", review.NotMet, 0), ans("P5", review.Partial, 0)},
		Findings: []checks.Finding{finding("c.p1", checks.Fail, "a")},
		Actions:  []review.ActionItem{{ID: "s#2", State: review.ActionOpen}, {ID: "s#1", State: review.ActionOpen}}})
	actions := []review.ActionItem{{ID: "s#2", State: review.ActionDone}, {ID: "s#10", State: review.ActionDone},
		{ID: "s#1", State: review.ActionDone}, {ID: "s#3", State: review.ActionRegressed, Overdue: true}, {ID: "s#0", State: review.ActionOpen, Overdue: true}}
	to := snap("q4", 2, review.Input{Bank: miniBank(t), Checks: cs, Now: t0.Add(time.Hour),
		Answers:  []review.Answer{ans("P1", review.Met, 0), ans("P4", review.Met, 0), ans("P3", review.NotMet, 0), ans("P5", review.Met, 0)},
		Findings: []checks.Finding{finding("c.p4", checks.Fail, "b")},
		Actions:  actions})
	first, err := json.Marshal(review.Compare(from, to))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	for range 20 {
		rng.Shuffle(len(to.Assessment.Actions), func(i, j int) {
			to.Assessment.Actions[i], to.Assessment.Actions[j] = to.Assessment.Actions[j], to.Assessment.Actions[i]
		})
		if got, _ := json.Marshal(review.Compare(from, to)); string(got) != string(first) {
			t.Fatalf("the order of action items changes the diff:\n%s\n%s", got, first)
		}
	}
	d := review.Compare(from, to)
	qs, ps := changes(d)
	if want := []string{"Q1:changed", "Q2:regressed"}; !reflect.DeepEqual(qs, want) {
		t.Errorf("questions = %v, want %v", qs, want)
	}
	// P1's gap came from evidence, and To has no finding for it.
	if want := []string{"P1:evidence-lost", "P2:gap-closed", "P3:gap-opened", "P4:gap-opened", "P5:gap-closed"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("practices = %v, want %v", ps, want)
	}
	if got := []string{d.ActionsDone[0].ID, d.ActionsDone[1].ID, d.ActionsDone[2].ID}; !reflect.DeepEqual(got, []string{"s#1", "s#10", "s#2"}) {
		t.Errorf("actions done = %v, want sorted by id", got)
	}
	if got := []string{d.ActionsOverdue[0].ID, d.ActionsOverdue[1].ID}; !reflect.DeepEqual(got, []string{"s#0", "s#3"}) {
		t.Errorf("actions overdue = %v, want sorted by id", got)
	}
	want := review.DiffCounts{GapsClosed: 2, GapsOpened: 2, EvidenceLost: 1, QuestionsRegressed: 1,
		ContradictionsAdded: 1, ContradictionsResolved: 1, ActionsDone: 3, ActionsRegressed: 1, ActionsOverdue: 2}
	if d.Counts != want {
		t.Errorf("counts = %+v, want %+v", d.Counts, want)
	}
}

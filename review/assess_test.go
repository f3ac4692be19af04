package review_test

import (
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

var t0 = time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC)

// miniBank: Q1 with practices P1 (high), P2 (medium), P3 (low); Q2 with P4 (high), P5 (medium).
func miniBank(t testing.TB) *questions.Bank {
	t.Helper()
	b, err := questions.NewBank(questions.Lens{ID: "mini", Name: "Mini", Questions: []questions.Question{
		{ID: "Q1", Title: "Question one", Practices: []questions.Practice{
			{ID: "P1", Title: "High one", Risk: questions.High, Why: "why 1", NextStep: "step 1"},
			{ID: "P2", Title: "Medium one", Risk: questions.Medium},
			{ID: "P3", Title: "Low one", Risk: questions.Low},
		}},
		{ID: "Q2", Title: "Question two", Practices: []questions.Practice{
			{ID: "P4", Title: "High two", Risk: questions.High},
			{ID: "P5", Title: "Medium two", Risk: questions.Medium},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ans(id string, s review.Status, minute int) review.Answer {
	a := review.Answer{PracticeID: id, Status: s, By: "dana", At: t0.Add(time.Duration(minute) * time.Minute)}
	if s == review.NotApplicable {
		a.Reason = "does not apply"
	}
	return a
}

func pr(risk questions.Risk, s review.Status, gap bool) review.PracticeResult {
	return review.PracticeResult{Risk: risk, Status: s, Gap: gap}
}

func TestQuestionRisk(t *testing.T) {
	H, M, L := questions.High, questions.Medium, questions.Low
	tests := []struct {
		name string
		ps   []review.PracticeResult
		want review.Risk
	}{
		{"high gap", []review.PracticeResult{pr(H, review.NotMet, true), pr(M, review.Met, false)}, review.RiskHigh},
		{"high gap beats medium gap", []review.PracticeResult{pr(M, review.Partial, true), pr(H, review.Partial, true)}, review.RiskHigh},
		{"medium gap only", []review.PracticeResult{pr(H, review.Met, false), pr(M, review.Partial, true)}, review.RiskMedium},
		{"low gap only, all answered", []review.PracticeResult{pr(H, review.Met, false), pr(L, review.NotMet, true)}, review.RiskNone},
		{"all met", []review.PracticeResult{pr(H, review.Met, false), pr(M, review.Met, false)}, review.RiskNone},
		{"met and n/a", []review.PracticeResult{pr(H, review.Met, false), pr(M, review.NotApplicable, false)}, review.RiskNone},
		{"all n/a", []review.PracticeResult{pr(H, review.NotApplicable, false), pr(M, review.NotApplicable, false)}, review.RiskNotApplicable},
		{"nothing answered", []review.PracticeResult{pr(H, review.Unanswered, false), pr(M, review.Unanswered, false)}, review.RiskUnanswered},
		{"some unanswered, no gap", []review.PracticeResult{pr(H, review.Met, false), pr(M, review.Unanswered, false)}, review.RiskUnanswered},
		{"gap and unanswered", []review.PracticeResult{pr(M, review.NotMet, true), pr(H, review.Unanswered, false)}, review.RiskMedium},
		{"unanswered with failing evidence is a gap", []review.PracticeResult{pr(H, review.Unanswered, true)}, review.RiskHigh},
		{"n/a with failing evidence is a gap", []review.PracticeResult{pr(M, review.NotApplicable, true), pr(H, review.Met, false)}, review.RiskMedium},
		{"empty question", nil, review.RiskNone},
	}
	for _, tt := range tests {
		if got := review.QuestionRisk(tt.ps); got != tt.want {
			t.Errorf("%s: QuestionRisk = %s, want %s", tt.name, got, tt.want)
		}
	}
}

var catalogue = []checks.Check{
	{ID: "c.crit", Severity: checks.Critical, Practices: []string{"P1", "P4"}},
	{ID: "c.high", Severity: checks.High, Practices: []string{"P2"}},
	{ID: "c.low", Severity: checks.Low, Practices: []string{"P5"}},
}

func finding(check string, s checks.Status, resource string) checks.Finding {
	return checks.Finding{CheckID: check, Status: s, Account: "111111111111", Region: "eu-west-1", Resource: resource, Message: check + " on " + resource}
}

func find(a review.Assessment, id string) review.PracticeResult {
	for _, q := range a.Questions {
		for _, p := range q.Practices {
			if p.ID == id {
				return p
			}
		}
	}
	return review.PracticeResult{}
}

func TestAssess_PracticeVerdicts(t *testing.T) {
	tests := []struct {
		name         string
		answers      []review.Answer
		findings     []checks.Finding
		id           string
		status       review.Status
		gap          bool
		sources      []string
		contradicted bool
		verified     bool
		pass, fail   int
		unknown      int
	}{
		{name: "not-met is a gap", answers: []review.Answer{ans("P2", review.NotMet, 0)}, id: "P2", status: review.NotMet, gap: true, sources: []string{"answer"}},
		{name: "partial is a gap", answers: []review.Answer{ans("P2", review.Partial, 0)}, id: "P2", status: review.Partial, gap: true, sources: []string{"answer"}},
		{name: "met alone", answers: []review.Answer{ans("P2", review.Met, 0)}, id: "P2", status: review.Met},
		{name: "failing evidence on unanswered", findings: []checks.Finding{finding("c.high", checks.Fail, "r1")},
			id: "P2", status: review.Unanswered, gap: true, sources: []string{"evidence"}, fail: 1},
		{name: "met contradicted", answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.crit", checks.Fail, "root")},
			id: "P1", status: review.Met, gap: true, sources: []string{"evidence"}, contradicted: true, fail: 1},
		{name: "met verified", answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.crit", checks.Pass, "root")},
			id: "P1", status: review.Met, verified: true, pass: 1},
		{name: "met with pass and fail is contradicted, not verified", answers: []review.Answer{ans("P1", review.Met, 0)},
			findings: []checks.Finding{finding("c.crit", checks.Pass, "a"), finding("c.crit", checks.Fail, "b")},
			id:       "P1", status: review.Met, gap: true, sources: []string{"evidence"}, contradicted: true, pass: 1, fail: 1},
		{name: "not-met and failing has both sources", answers: []review.Answer{ans("P1", review.NotMet, 0)}, findings: []checks.Finding{finding("c.crit", checks.Fail, "root")},
			id: "P1", status: review.NotMet, gap: true, sources: []string{"answer", "evidence"}, fail: 1},
		{name: "unknown only counts", answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.crit", checks.Unknown, "root"), finding("c.crit", checks.Error, "x")},
			id: "P1", status: review.Met, unknown: 2},
		{name: "passing evidence never makes met", findings: []checks.Finding{finding("c.crit", checks.Pass, "root")},
			id: "P1", status: review.Unanswered, pass: 1},
		{name: "findings of unknown checks are ignored", answers: []review.Answer{ans("P1", review.Met, 0)}, findings: []checks.Finding{finding("c.gone", checks.Fail, "root")},
			id: "P1", status: review.Met},
		{name: "a check counts for every practice it maps to", findings: []checks.Finding{finding("c.crit", checks.Fail, "root")},
			id: "P4", status: review.Unanswered, gap: true, sources: []string{"evidence"}, fail: 1},
		{name: "latest answer wins", answers: []review.Answer{ans("P3", review.Met, 5), ans("P3", review.NotMet, 1)}, id: "P3", status: review.Met},
		{name: "latest answer wins regardless of order", answers: []review.Answer{ans("P3", review.Met, 1), ans("P3", review.NotMet, 5)},
			id: "P3", status: review.NotMet, gap: true, sources: []string{"answer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := review.Assess(review.Input{Bank: miniBank(t), Answers: tt.answers, Checks: catalogue, Findings: tt.findings, Now: t0})
			p := find(a, tt.id)
			if p.Status != tt.status || p.Gap != tt.gap || p.Contradicted != tt.contradicted || p.Verified != tt.verified ||
				!reflect.DeepEqual(p.GapSources, tt.sources) || p.Evidence.Pass != tt.pass || p.Evidence.Fail != tt.fail || p.Evidence.Unknown != tt.unknown {
				t.Errorf("%s: got status %s gap %v sources %v contradicted %v verified %v evidence %+v",
					tt.id, p.Status, p.Gap, p.GapSources, p.Contradicted, p.Verified, p.Evidence)
			}
			if got := len(a.Contradictions); (got == 1) != tt.contradicted {
				t.Errorf("contradictions listed: %d", got)
			}
		})
	}
}

func TestAssess_ContradictionAndSummary(t *testing.T) {
	answers := []review.Answer{ans("P1", review.Met, 0), ans("P2", review.Partial, 1), ans("P3", review.NotApplicable, 2), ans("P4", review.NotMet, 3)}
	findings := []checks.Finding{finding("c.crit", checks.Fail, "arn:root"), finding("c.crit", checks.Fail, "arn:other")}
	a := review.Assess(review.Input{Workload: review.Workload{Name: "w"}, Bank: miniBank(t), Answers: answers, Checks: catalogue, Findings: findings, Now: t0})
	if len(a.Contradictions) != 1 {
		t.Fatalf("contradictions: %+v", a.Contradictions)
	}
	c := a.Contradictions[0]
	if c.PracticeID != "P1" || c.Claim.By != "dana" || len(c.Failing) != 2 || c.Failing[0].Resource != "arn:other" || c.Failing[0].Severity != checks.Critical {
		t.Errorf("contradiction: %+v", c)
	}
	s := a.Summary
	want := review.Summary{Questions: 2, High: 2, Practices: 5, Gaps: 3, Contradictions: 1,
		PracticeStatus: map[review.Status]int{review.Met: 1, review.Partial: 1, review.NotApplicable: 1, review.NotMet: 1, review.Unanswered: 1}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("summary = %+v, want %+v", s, want)
	}
	if a.GeneratedAt != t0 || a.Workload.Name != "w" {
		t.Errorf("header: %v %v", a.GeneratedAt, a.Workload)
	}
}

func TestAssess_Deterministic(t *testing.T) {
	answers := []review.Answer{ans("P1", review.Met, 0), ans("P2", review.NotMet, 1), ans("P3", review.Partial, 2), ans("P4", review.Partial, 3), ans("P5", review.NotMet, 4)}
	findings := []checks.Finding{finding("c.crit", checks.Fail, "a"), finding("c.high", checks.Fail, "b"), finding("c.low", checks.Fail, "c"),
		finding("c.low", checks.Fail, "d"), finding("c.crit", checks.Pass, "e")}
	in := review.Input{Bank: miniBank(t), Answers: answers, Checks: catalogue, Findings: findings, Now: t0}
	first := review.Assess(in)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		sa := append([]review.Answer(nil), answers...)
		sf := append([]checks.Finding(nil), findings...)
		rng.Shuffle(len(sa), func(i, j int) { sa[i], sa[j] = sa[j], sa[i] })
		rng.Shuffle(len(sf), func(i, j int) { sf[i], sf[j] = sf[j], sf[i] })
		in.Answers, in.Findings = sa, sf
		if got := review.Assess(in); !reflect.DeepEqual(got, first) {
			t.Fatalf("shuffled input changed the assessment:\n%+v\n%+v", got.Plan, first.Plan)
		}
	}
}

func TestPlan_Order(t *testing.T) {
	// Bank order: P1(H) P2(M) P3(L) P4(H) P5(M).
	tests := []struct {
		name     string
		answers  []review.Answer
		findings []checks.Finding
		checks   []checks.Check
		want     []string
	}{
		{"risk first, then bank order",
			[]review.Answer{ans("P3", review.NotMet, 0), ans("P2", review.NotMet, 0), ans("P5", review.Partial, 0), ans("P4", review.NotMet, 0), ans("P1", review.Partial, 0)},
			nil, catalogue, []string{"P1", "P4", "P2", "P5", "P3"}},
		{"contradiction before a plain gap of the same risk",
			[]review.Answer{ans("P1", review.NotMet, 0), ans("P4", review.Met, 0)},
			[]checks.Finding{finding("c.p4", checks.Fail, "x")},
			[]checks.Check{{ID: "c.p4", Severity: checks.Low, Practices: []string{"P4"}}}, []string{"P4", "P1"}},
		{"worse severity first",
			[]review.Answer{ans("P1", review.NotMet, 0), ans("P4", review.NotMet, 0)},
			[]checks.Finding{finding("c.p1", checks.Fail, "x"), finding("c.p4", checks.Fail, "y")},
			[]checks.Check{{ID: "c.p1", Severity: checks.Medium, Practices: []string{"P1"}}, {ID: "c.p4", Severity: checks.Critical, Practices: []string{"P4"}}},
			[]string{"P4", "P1"}},
		{"any failing evidence before none",
			[]review.Answer{ans("P1", review.NotMet, 0), ans("P4", review.NotMet, 0)},
			[]checks.Finding{finding("c.p4", checks.Fail, "y")},
			[]checks.Check{{ID: "c.p4", Severity: checks.Low, Practices: []string{"P4"}}}, []string{"P4", "P1"}},
		{"more failing resources first",
			[]review.Answer{ans("P1", review.NotMet, 0), ans("P4", review.NotMet, 0)},
			[]checks.Finding{finding("c.p1", checks.Fail, "a"), finding("c.p4", checks.Fail, "b"), finding("c.p4", checks.Fail, "c")},
			[]checks.Check{{ID: "c.p1", Severity: checks.High, Practices: []string{"P1"}}, {ID: "c.p4", Severity: checks.High, Practices: []string{"P4"}}},
			[]string{"P4", "P1"}},
		{"full tie falls back to question order",
			[]review.Answer{ans("P4", review.NotMet, 0), ans("P1", review.NotMet, 0)},
			[]checks.Finding{finding("c.both", checks.Fail, "a")},
			[]checks.Check{{ID: "c.both", Severity: checks.High, Practices: []string{"P1", "P4"}}}, []string{"P1", "P4"}},
		{"not applicable and met are not in the plan",
			[]review.Answer{ans("P1", review.NotApplicable, 0), ans("P2", review.Met, 0)}, nil, catalogue, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := review.Assess(review.Input{Bank: miniBank(t), Answers: tt.answers, Checks: tt.checks, Findings: tt.findings, Now: t0})
			got := []string{}
			for i, it := range a.Plan {
				got = append(got, it.PracticeID)
				if it.Rank != i+1 {
					t.Errorf("rank of %s = %d, want %d", it.PracticeID, it.Rank, i+1)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("plan = %v, want %v", got, tt.want)
			}
		})
	}
	a := review.Assess(review.Input{Bank: miniBank(t), Answers: []review.Answer{{PracticeID: "P1", Status: review.NotMet, Note: "n", By: "x", At: t0}}, Now: t0})
	if it := a.Plan[0]; it.Why != "why 1" || it.NextStep != "step 1" || it.Note != "n" || it.QuestionID != "Q1" {
		t.Errorf("plan item lacks guidance: %+v", it)
	}
}

func TestParseStatus(t *testing.T) {
	ok := map[string]review.Status{"met": review.Met, " MET ": review.Met, "partial": review.Partial, "not-met": review.NotMet,
		"not met": review.NotMet, "not_met": review.NotMet, "n/a": review.NotApplicable, "NA": review.NotApplicable,
		"not-applicable": review.NotApplicable, "not applicable": review.NotApplicable}
	for in, want := range ok {
		if got, err := review.ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "done", "unanswered", "yes"} {
		if _, err := review.ParseStatus(in); err == nil || !strings.Contains(err.Error(), "is not one of") {
			t.Errorf("ParseStatus(%q) error = %v", in, err)
		}
	}
}

func BenchmarkAssess(b *testing.B) {
	var qs []questions.Question
	var answers []review.Answer
	for q := 1; q <= 11; q++ {
		question := questions.Question{ID: "Q" + itoa(q), Title: "q"}
		for p := 1; p <= 6; p++ {
			id := question.ID + "-P" + itoa(p)
			question.Practices = append(question.Practices, questions.Practice{ID: id, Title: id, Risk: []questions.Risk{questions.High, questions.Medium, questions.Low}[p%3]})
			answers = append(answers, review.Answer{PracticeID: id, Status: review.AnswerStatuses[p%3], By: "x", At: t0})
		}
		qs = append(qs, question)
	}
	bank, err := questions.NewBank(questions.Lens{ID: "b", Name: "b", Questions: qs})
	if err != nil {
		b.Fatal(err)
	}
	var cs []checks.Check
	for i := 0; i < 60; i++ {
		cs = append(cs, checks.Check{ID: "c" + itoa(i), Severity: checks.High, Practices: []string{qs[i%11].Practices[i%6].ID}})
	}
	var fs []checks.Finding
	for i := 0; i < 2000; i++ {
		fs = append(fs, finding("c"+itoa(i%60), []checks.Status{checks.Pass, checks.Fail}[i%2], "r"+itoa(i)))
	}
	in := review.Input{Bank: bank, Answers: answers, Checks: cs, Findings: fs, Now: t0}
	for b.Loop() {
		review.Assess(in)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// TestAssess_WARiskRules: a question imported from a WA custom lens whose
// risk rules the practice levels cannot express (the example lens's
// exco_secrets: both practices medium, yet nothing selected is HIGH) is
// scored by the kept rules, as the WA Tool scores it.
func TestAssess_WARiskRules(t *testing.T) {
	b, err := os.ReadFile("../questions/testdata/watool/example-custom-lens.json")
	if err != nil {
		t.Fatal(err)
	}
	imp, err := questions.ImportWATool("example-custom-lens.json", b, "")
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questions.NewBank(imp.Lens)
	if err != nil {
		t.Fatal(err)
	}
	const store, rotation = "exco_sec_store", "exco_sec_rotation"
	tabletop := []review.TabletopGap{{PracticeID: store, SessionID: "s1", ScenarioID: "leak", Note: "the store was bypassed", At: t0}}
	tests := []struct {
		name     string
		answers  []review.Answer
		tabletop []review.TabletopGap
		want     review.Risk
	}{
		{"nothing met is high, as the WA Tool says", []review.Answer{ans(store, review.NotMet, 0), ans(rotation, review.NotMet, 0)}, nil, review.RiskHigh},
		{"both met is none", []review.Answer{ans(store, review.Met, 0), ans(rotation, review.Met, 0)}, nil, review.RiskNone},
		{"one met is medium", []review.Answer{ans(store, review.Met, 0), ans(rotation, review.Partial, 0)}, nil, review.RiskMedium},
		{"met but a gap is not selected", []review.Answer{ans(store, review.Met, 0), ans(rotation, review.NotMet, 0)}, tabletop, review.RiskHigh},
		{"not applicable is neutral inside &&", []review.Answer{ans(store, review.Met, 0), ans(rotation, review.NotApplicable, 0)}, nil, review.RiskNone},
		{"not applicable is false inside ||", []review.Answer{ans(store, review.NotMet, 0), ans(rotation, review.NotApplicable, 0)}, nil, review.RiskHigh},
		{"unanswered stays unanswered", []review.Answer{ans(store, review.Met, 0)}, nil, review.RiskUnanswered},
		{"all not applicable stays not applicable", []review.Answer{ans(store, review.NotApplicable, 0), ans(rotation, review.NotApplicable, 0)}, nil, review.RiskNotApplicable},
	}
	for _, tt := range tests {
		a := review.Assess(review.Input{Bank: bank, Answers: tt.answers, Tabletop: tt.tabletop, Now: t0})
		var got review.Risk
		for _, q := range a.Questions {
			if q.ID == "exco_secrets" {
				got = q.Risk
			}
		}
		if got != tt.want {
			t.Errorf("%s: risk %s, want %s", tt.name, got, tt.want)
		}
	}
	// The summary counts the risk the rules gave.
	a := review.Assess(review.Input{Bank: bank, Answers: []review.Answer{ans(store, review.NotMet, 0), ans(rotation, review.NotMet, 0)}, Now: t0})
	if a.Summary.High != 1 || a.Summary.Medium != 0 {
		t.Errorf("summary high %d, medium %d; want 1 and 0", a.Summary.High, a.Summary.Medium)
	}
	// A question without kept rules is scored by its practices as before.
	a = review.Assess(review.Input{Bank: bank, Answers: []review.Answer{ans("exco_bk_scheduled", review.Met, 0), ans("exco_bk_restore_drill", review.NotMet, 0)}, Now: t0})
	if a.Questions[0].ID != "exco_backup_restore" || a.Questions[0].Risk != review.RiskMedium {
		t.Errorf("exco_backup_restore: %s %s, want medium", a.Questions[0].ID, a.Questions[0].Risk)
	}
}

package review

import (
	"slices"
	"sort"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
)

// Risk is the risk of a question after scoring.
type Risk string

// Question risks, as in the Well-Architected Tool.
const (
	RiskHigh          Risk = "high"
	RiskMedium        Risk = "medium"
	RiskNone          Risk = "none"
	RiskUnanswered    Risk = "unanswered"
	RiskNotApplicable Risk = "not-applicable"
)

// Input is everything an assessment is computed from.
type Input struct {
	Workload Workload
	Bank     *questions.Bank
	Answers  []Answer         // current answers, one per practice (latest row)
	History  map[string]int   // number of recorded answers per practice; optional
	Checks   []checks.Check   // the check catalogue, for practice mapping and severity
	Findings []checks.Finding // findings of the latest run
	// Tabletop are the practices tabletop sessions found wanting; each makes
	// its practice a gap (source "tabletop").
	Tabletop []TabletopGap
	// Actions are the sessions' action items, already resolved against the
	// runs (ResolveActions); they join the improvement plan.
	Actions []ActionItem
	Now     time.Time // when the assessment is made
}

// Assessment is the scored review of one workload.
type Assessment struct {
	Workload       Workload         `json:"workload"`
	GeneratedAt    time.Time        `json:"generated_at"`
	Summary        Summary          `json:"summary"`
	Questions      []QuestionResult `json:"questions"`
	Contradictions []Contradiction  `json:"contradictions"`
	Plan           []PlanItem       `json:"improvement_plan"`
	// Actions are every tabletop action item with its state (added within
	// version 1 of the JSON document).
	Actions []ActionItem `json:"actions,omitempty"`
}

// Summary counts questions by risk and practices by status.
type Summary struct {
	Questions      int            `json:"questions"`
	High           int            `json:"high"`
	Medium         int            `json:"medium"`
	None           int            `json:"none"`
	Unanswered     int            `json:"unanswered"`
	NotApplicable  int            `json:"not_applicable"`
	Practices      int            `json:"practices"`
	PracticeStatus map[Status]int `json:"practice_status"`
	Gaps           int            `json:"gaps"`
	Contradictions int            `json:"contradictions"`
}

// QuestionResult is one question with its risk and its practices.
type QuestionResult struct {
	ID        string           `json:"id"`
	Lens      string           `json:"lens"`
	Title     string           `json:"title"`
	Risk      Risk             `json:"risk"`
	Practices []PracticeResult `json:"practices"`
}

// PracticeResult is one practice's answer, evidence and verdict.
type PracticeResult struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Risk         questions.Risk `json:"risk"`
	Status       Status         `json:"status"`
	Gap          bool           `json:"gap"`
	GapSources   []string       `json:"gap_sources,omitempty"` // "answer", "evidence", "tabletop"
	Contradicted bool           `json:"contradicted"`
	Verified     bool           `json:"verified"`
	Answer       *Answer        `json:"answer,omitempty"`
	Revisions    int            `json:"revisions,omitempty"`
	Evidence     Evidence       `json:"evidence"`
	// Tabletop are the gaps tabletop sessions recorded on this practice.
	Tabletop []TabletopGap `json:"tabletop,omitempty"`
}

// Evidence sums up the findings of the checks mapped to a practice.
type Evidence struct {
	Checks           []string          `json:"checks,omitempty"`
	Pass             int               `json:"pass"`
	Fail             int               `json:"fail"`
	Unknown          int               `json:"unknown"`
	WorstSeverity    checks.Severity   `json:"worst_severity,omitempty"`
	FailingResources []FailingResource `json:"failing_resources,omitempty"`
}

// FailingResource is one resource a mapped check failed on.
type FailingResource struct {
	Check    string          `json:"check"`
	Severity checks.Severity `json:"severity"`
	Account  string          `json:"account,omitempty"`
	Region   string          `json:"region,omitempty"`
	Resource string          `json:"resource"`
	Message  string          `json:"message"`
}

// Contradiction is a practice the team answered met while evidence fails.
type Contradiction struct {
	PracticeID string            `json:"practice"`
	Title      string            `json:"title"`
	Risk       questions.Risk    `json:"risk"`
	Claim      Answer            `json:"claim"`
	Failing    []FailingResource `json:"failing"`
}

// Assess scores the input. It is pure: the same input gives the same output.
func Assess(in Input) Assessment {
	current := map[string]Answer{}
	for _, a := range in.Answers {
		if prev, ok := current[a.PracticeID]; !ok || !a.At.Before(prev.At) {
			current[a.PracticeID] = a
		}
	}
	byPractice := evidenceByPractice(in.Checks, in.Findings)
	tabletop := map[string][]TabletopGap{}
	for _, g := range in.Tabletop {
		tabletop[g.PracticeID] = append(tabletop[g.PracticeID], g)
	}

	out := Assessment{
		Workload:       in.Workload,
		GeneratedAt:    in.Now.UTC(),
		Questions:      []QuestionResult{},
		Contradictions: []Contradiction{},
		Plan:           []PlanItem{},
		Summary:        Summary{PracticeStatus: map[Status]int{}},
	}
	for _, q := range in.Bank.Questions() {
		qr := QuestionResult{ID: q.ID, Lens: q.LensID, Title: q.Title}
		for i := range q.Practices {
			p := &q.Practices[i]
			pr := scorePractice(p, current, byPractice[p.ID], tabletop[p.ID])
			if in.History != nil {
				pr.Revisions = in.History[p.ID]
			}
			qr.Practices = append(qr.Practices, pr)
			out.Summary.Practices++
			out.Summary.PracticeStatus[pr.Status]++
			if pr.Gap {
				out.Summary.Gaps++
			}
			if pr.Contradicted {
				out.Contradictions = append(out.Contradictions, Contradiction{
					PracticeID: p.ID, Title: p.Title, Risk: p.Risk,
					Claim: *pr.Answer, Failing: pr.Evidence.FailingResources,
				})
			}
		}
		qr.Risk = waRulesRisk(q, qr.Practices, QuestionRisk(qr.Practices))
		out.Summary.Questions++
		switch qr.Risk {
		case RiskHigh:
			out.Summary.High++
		case RiskMedium:
			out.Summary.Medium++
		case RiskNone:
			out.Summary.None++
		case RiskUnanswered:
			out.Summary.Unanswered++
		case RiskNotApplicable:
			out.Summary.NotApplicable++
		}
		out.Questions = append(out.Questions, qr)
	}
	out.Summary.Contradictions = len(out.Contradictions)
	out.Plan = Plan(in.Bank, out.Questions)
	if len(in.Actions) > 0 {
		out.Actions = append([]ActionItem(nil), in.Actions...)
		for i := range out.Plan {
			for _, it := range in.Actions {
				if it.PracticeID == out.Plan[i].PracticeID {
					out.Plan[i].Actions = append(out.Plan[i].Actions, it)
				}
			}
		}
	}
	return out
}

func scorePractice(p *questions.Practice, current map[string]Answer, ev Evidence, tabletop []TabletopGap) PracticeResult {
	pr := PracticeResult{ID: p.ID, Title: p.Title, Risk: p.Risk, Status: Unanswered, Evidence: ev, Tabletop: tabletop}
	if a, ok := current[p.ID]; ok {
		a := a
		pr.Answer = &a
		pr.Status = a.Status
	}
	if pr.Status == NotMet || pr.Status == Partial {
		pr.Gap = true
		pr.GapSources = append(pr.GapSources, "answer")
	}
	if ev.Fail > 0 {
		pr.Gap = true
		pr.GapSources = append(pr.GapSources, "evidence")
		pr.Contradicted = pr.Status == Met
	}
	if len(tabletop) > 0 {
		pr.Gap = true
		pr.GapSources = append(pr.GapSources, "tabletop")
	}
	pr.Verified = pr.Status == Met && ev.Pass > 0 && ev.Fail == 0
	return pr
}

// QuestionRisk derives a question's risk from its practices: high if a gap
// practice has risk high, else medium if a gap practice has risk medium; with no
// such gap, not-applicable when every practice is not applicable, unanswered
// while any practice is still unanswered, and none otherwise. A low-risk gap
// alone does not raise the question's risk, as in the Well-Architected Tool.
func QuestionRisk(ps []PracticeResult) Risk {
	high, medium := false, false
	unanswered, na := 0, 0
	for _, p := range ps {
		if p.Gap {
			switch p.Risk {
			case questions.High:
				high = true
			case questions.Medium:
				medium = true
			}
		}
		switch p.Status {
		case Unanswered:
			if !p.Gap {
				unanswered++
			}
		case NotApplicable:
			na++
		}
	}
	switch {
	case high:
		return RiskHigh
	case medium:
		return RiskMedium
	case len(ps) > 0 && na == len(ps):
		return RiskNotApplicable
	case unanswered > 0:
		return RiskUnanswered
	}
	return RiskNone
}

// waRulesRisk is the question's risk by the risk rules a Well-Architected
// Tool custom lens gave it (kept by lens import in q.WA), so warroom agrees
// with the WA Tool where the practices' risk levels cannot say the same.
// The rules decide only a question whose rule-free risk is high, medium or
// none: a practice counts as selected when it is met and not a gap, a
// not-applicable practice is neutral and "None of these" is never
// selected. Without kept rules, or when they give no risk, the rule-free
// risk stands.
func waRulesRisk(q *questions.Question, ps []PracticeResult, risk Risk) Risk {
	if q.WA == nil || len(q.WA.RiskRules) == 0 {
		return risk
	}
	switch risk {
	case RiskHigh, RiskMedium, RiskNone:
	default:
		return risk
	}
	byID := make(map[string]PracticeResult, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	selected := func(id string) bool { p := byID[id]; return p.Status == Met && !p.Gap }
	notApplicable := func(id string) bool { return byID[id].Status == NotApplicable }
	switch wa, _ := q.WARisk(selected, notApplicable); wa {
	case questions.WAHighRisk:
		return RiskHigh
	case questions.WAMediumRisk:
		return RiskMedium
	case questions.WANoRisk:
		return RiskNone
	}
	return risk
}

// evidenceByPractice groups findings by the practices their checks map to.
func evidenceByPractice(cs []checks.Check, fs []checks.Finding) map[string]Evidence {
	byID := map[string]checks.Check{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	out := map[string]Evidence{}
	for _, f := range fs {
		c, ok := byID[f.CheckID]
		if !ok {
			continue
		}
		for _, pid := range c.Practices {
			ev := out[pid]
			if !slices.Contains(ev.Checks, c.ID) {
				ev.Checks = append(ev.Checks, c.ID)
			}
			switch f.Status {
			case checks.Pass:
				ev.Pass++
			case checks.Fail:
				ev.Fail++
				if ev.WorstSeverity == "" || c.Severity.Rank() < ev.WorstSeverity.Rank() {
					ev.WorstSeverity = c.Severity
				}
				ev.FailingResources = append(ev.FailingResources, FailingResource{
					Check: c.ID, Severity: c.Severity, Account: f.Account, Region: f.Region,
					Resource: f.Resource, Message: f.Message,
				})
			default:
				ev.Unknown++
			}
			out[pid] = ev
		}
	}
	for pid, ev := range out {
		sort.Strings(ev.Checks)
		sort.SliceStable(ev.FailingResources, func(i, j int) bool {
			a, b := ev.FailingResources[i], ev.FailingResources[j]
			if a.Severity.Rank() != b.Severity.Rank() {
				return a.Severity.Rank() < b.Severity.Rank()
			}
			if a.Check != b.Check {
				return a.Check < b.Check
			}
			if a.Account != b.Account {
				return a.Account < b.Account
			}
			if a.Region != b.Region {
				return a.Region < b.Region
			}
			return a.Resource < b.Resource
		})
		out[pid] = ev
	}
	return out
}

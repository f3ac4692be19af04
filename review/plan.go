package review

import (
	"sort"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
)

// PlanItem is one step of the improvement plan.
type PlanItem struct {
	Rank             int             `json:"rank"`
	PracticeID       string          `json:"practice"`
	QuestionID       string          `json:"question"`
	Title            string          `json:"title"`
	Risk             questions.Risk  `json:"risk"`
	Status           Status          `json:"status"`
	Contradiction    bool            `json:"contradiction"`
	WorstSeverity    checks.Severity `json:"worst_severity,omitempty"`
	FailingResources int             `json:"failing_resources"`
	Why              string          `json:"why"`
	NextStep         string          `json:"next_step"`
	Note             string          `json:"note,omitempty"`
	// Tabletop is set when a tabletop session found the gap.
	Tabletop bool `json:"tabletop,omitempty"`
	// Actions are the tabletop action items agreed for this practice.
	Actions []ActionItem `json:"actions,omitempty"`
}

// Plan lists every gap practice in priority order: practice risk, then
// contradiction first, then worst finding severity, then number of failing
// resources (more first), then the practice's position in the lens.
func Plan(bank *questions.Bank, qs []QuestionResult) []PlanItem {
	items := []PlanItem{}
	for _, q := range qs {
		for _, p := range q.Practices {
			if !p.Gap {
				continue
			}
			it := PlanItem{
				PracticeID: p.ID, QuestionID: q.ID, Title: p.Title, Risk: p.Risk, Status: p.Status,
				Contradiction: p.Contradicted, WorstSeverity: p.Evidence.WorstSeverity,
				FailingResources: len(p.Evidence.FailingResources),
				Tabletop:         len(p.Tabletop) > 0,
			}
			if bp, ok := bank.Practice(p.ID); ok {
				it.Why, it.NextStep = bp.Why, bp.NextStep
			}
			if p.Answer != nil {
				it.Note = p.Answer.Note
			}
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Risk.Rank() != b.Risk.Rank() {
			return a.Risk.Rank() < b.Risk.Rank()
		}
		if a.Contradiction != b.Contradiction {
			return a.Contradiction
		}
		if sa, sb := severityRank(a.WorstSeverity), severityRank(b.WorstSeverity); sa != sb {
			return sa < sb
		}
		if a.FailingResources != b.FailingResources {
			return a.FailingResources > b.FailingResources
		}
		return bank.Order(a.PracticeID) < bank.Order(b.PracticeID)
	})
	for i := range items {
		items[i].Rank = i + 1
	}
	return items
}

// severityRank ranks a worst severity; no failing evidence sorts after low.
func severityRank(s checks.Severity) int {
	if s == "" {
		return 5
	}
	return s.Rank()
}

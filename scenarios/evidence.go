package scenarios

import (
	"sort"
	"time"

	"github.com/warroom/warroom/checks"
)

// Outcome is a check's overall result in the evidence a session was shaped by.
type Outcome string

// Outcomes: fail when any finding fails; pass when at least one passes and
// every finding passes; unknown otherwise (no findings, or an unknown or
// error finding and none failing).
const (
	OutcomeFail    Outcome = "fail"
	OutcomePass    Outcome = "pass"
	OutcomeUnknown Outcome = "unknown"
)

// Valid reports whether o is one of the three outcomes.
func (o Outcome) Valid() bool {
	return o == OutcomeFail || o == OutcomePass || o == OutcomeUnknown
}

// Evidence is the findings of one collection run, by check. A nil *Evidence
// means none was collected: every check's outcome is unknown.
type Evidence struct {
	RunID      string
	ObservedAt time.Time
	byCheck    map[string][]checks.Finding
}

// NewEvidence indexes a run's findings by check id; findings are kept in a
// stable order (failing first, then account, region, resource).
func NewEvidence(runID string, observedAt time.Time, fs []checks.Finding) *Evidence {
	e := &Evidence{RunID: runID, ObservedAt: observedAt, byCheck: map[string][]checks.Finding{}}
	for _, f := range fs {
		e.byCheck[f.CheckID] = append(e.byCheck[f.CheckID], f)
	}
	rank := map[checks.Status]int{checks.Fail: 0, checks.Pass: 1}
	for id, list := range e.byCheck {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			ra, oka := rank[a.Status]
			rb, okb := rank[b.Status]
			if !oka {
				ra = 2
			}
			if !okb {
				rb = 2
			}
			if ra != rb {
				return ra < rb
			}
			if a.Account != b.Account {
				return a.Account < b.Account
			}
			if a.Region != b.Region {
				return a.Region < b.Region
			}
			return a.Resource < b.Resource
		})
		e.byCheck[id] = list
	}
	return e
}

// Findings returns the check's findings in stable order (nil when none).
func (e *Evidence) Findings(checkID string) []checks.Finding {
	if e == nil {
		return nil
	}
	return e.byCheck[checkID]
}

// Outcome is the check's overall outcome: fail when any finding fails;
// pass when at least one passes and every finding passes; unknown
// otherwise (no findings, or some unknown or error findings and none
// failing).
func (e *Evidence) Outcome(checkID string) Outcome {
	fs := e.Findings(checkID)
	pass := 0
	for _, f := range fs {
		switch f.Status {
		case checks.Fail:
			return OutcomeFail
		case checks.Pass:
			pass++
		}
	}
	if pass > 0 && pass == len(fs) {
		return OutcomePass
	}
	return OutcomeUnknown
}

// Holds reports whether the condition holds in this evidence.
func (e *Evidence) Holds(c Condition) bool { return e.Outcome(c.Check) == c.Is }

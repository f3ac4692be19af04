package review

import (
	"slices"
	"sort"
)

// Compare lists what changed from one snapshot to the other. It is pure:
// the same snapshots give the same diff, in lens order.
//
// Questions are matched by id and ranked by risk, worst first: high, medium,
// then none and not applicable. A move to a lower rank is Improved, to a
// higher one Regressed; none ↔ not applicable, and every move into or out of
// unanswered, is Changed: forgetting an answer is not an improvement and a
// first answer is not a regression. Practices are matched by id: a gap that
// went away is GapClosed, unless failing evidence showed it in From and no
// finding passes or fails for it in To (EvidenceLost); a new gap is
// GapOpened; any other change of status, gap sources, contradiction,
// verification or failing resources is StatusChanged. A question whose risk
// went down only through lost evidence (an EvidenceLost practice and no
// GapClosed one) is Changed, not Improved. Both lists follow To's lens order,
// then what only From had, in From's order.
func Compare(from, to Snapshot) Diff {
	d := Diff{
		From:                   side(from),
		To:                     side(to),
		Questions:              []QuestionChange{},
		Practices:              []PracticeChange{},
		ContradictionsAdded:    []Contradiction{},
		ContradictionsResolved: []Contradiction{},
		ActionsDone:            []ActionItem{},
		ActionsReopened:        []ActionItem{},
		ActionsRegressed:       []ActionItem{},
		ActionsOverdue:         []ActionItem{},
	}
	fa, ta := from.Assessment, to.Assessment
	compareQuestions(&d, fa.Questions, ta.Questions)
	comparePractices(&d, fa.Questions, ta.Questions)
	unimproveLostEvidence(&d)
	compareContradictions(&d, fa.Contradictions, ta.Contradictions)
	compareActions(&d, fa.Actions, ta.Actions)

	c := &d.Counts
	for _, q := range d.Questions {
		switch q.Change {
		case Improved:
			c.QuestionsImproved++
		case Regressed:
			c.QuestionsRegressed++
		}
	}
	for _, p := range d.Practices {
		switch p.Change {
		case GapClosed:
			c.GapsClosed++
		case GapOpened:
			c.GapsOpened++
		case EvidenceLost:
			c.EvidenceLost++
		}
	}
	c.ContradictionsAdded = len(d.ContradictionsAdded)
	c.ContradictionsResolved = len(d.ContradictionsResolved)
	c.ActionsDone = len(d.ActionsDone)
	c.ActionsReopened = len(d.ActionsReopened)
	c.ActionsRegressed = len(d.ActionsRegressed)
	c.ActionsOverdue = len(d.ActionsOverdue)
	return d
}

// side names a snapshot in a diff.
func side(s Snapshot) DiffSide {
	return DiffSide{Label: s.Label, Milestone: s.Milestone, At: s.At.UTC(), Summary: s.Assessment.Summary}
}

// riskRank orders the judged question risks, worst first; none and not
// applicable share the last rank. Unanswered has no rank: riskChange never
// asks.
func riskRank(r Risk) int {
	switch r {
	case RiskHigh:
		return 0
	case RiskMedium:
		return 1
	}
	return 2
}

// riskChange says how a question's risk moved; "" when it did not.
func riskChange(from, to Risk) string {
	switch {
	case from == to:
		return ""
	case from == RiskUnanswered, to == RiskUnanswered:
		return Changed
	case riskRank(to) > riskRank(from):
		return Improved
	case riskRank(to) < riskRank(from):
		return Regressed
	}
	return Changed
}

func compareQuestions(d *Diff, from, to []QuestionResult) {
	before := map[string]QuestionResult{}
	for _, q := range from {
		before[q.ID] = q
	}
	seen := map[string]bool{}
	for _, q := range to {
		seen[q.ID] = true
		f, ok := before[q.ID]
		if !ok {
			d.Questions = append(d.Questions, QuestionChange{ID: q.ID, Lens: q.Lens, Title: q.Title, To: q.Risk, Change: Added})
			continue
		}
		if ch := riskChange(f.Risk, q.Risk); ch != "" {
			d.Questions = append(d.Questions, QuestionChange{ID: q.ID, Lens: q.Lens, Title: q.Title, From: f.Risk, To: q.Risk, Change: ch})
		}
	}
	for _, q := range from {
		if !seen[q.ID] {
			d.Questions = append(d.Questions, QuestionChange{ID: q.ID, Lens: q.Lens, Title: q.Title, From: q.Risk, Change: Removed})
		}
	}
}

// unimproveLostEvidence turns an improved question into a changed one when
// its risk went down only through lost evidence: one of its practices is
// EvidenceLost and none is GapClosed.
func unimproveLostEvidence(d *Diff) {
	lost, closed := map[string]bool{}, map[string]bool{}
	for _, p := range d.Practices {
		switch p.Change {
		case EvidenceLost:
			lost[p.QuestionID] = true
		case GapClosed:
			closed[p.QuestionID] = true
		}
	}
	for i, q := range d.Questions {
		if q.Change == Improved && lost[q.ID] && !closed[q.ID] {
			d.Questions[i].Change = Changed
		}
	}
}

// practiceAt is a practice and the question it belongs to.
type practiceAt struct {
	question string
	p        PracticeResult
}

// practicesOf lists the practices of the questions in lens order.
func practicesOf(qs []QuestionResult) []practiceAt {
	var out []practiceAt
	for _, q := range qs {
		for _, p := range q.Practices {
			out = append(out, practiceAt{q.ID, p})
		}
	}
	return out
}

// stateOf is what a diff compares of a practice.
func stateOf(p PracticeResult) *PracticeState {
	return &PracticeState{
		Status:       p.Status,
		Gap:          p.Gap,
		GapSources:   slices.Clone(p.GapSources),
		Contradicted: p.Contradicted,
		Verified:     p.Verified,
		Failing:      len(p.Evidence.FailingResources),
		Passing:      p.Evidence.Pass,
		Unknown:      p.Evidence.Unknown,
	}
}

// practiceChange says how a practice's state moved; "" when it did not.
// Passing and unknown counts alone are no change: Verified tells what
// passing evidence proves.
func practiceChange(from, to *PracticeState) string {
	switch {
	case from.Gap && !to.Gap && slices.Contains(from.GapSources, "evidence") && to.Failing == 0 && to.Passing == 0:
		return EvidenceLost
	case from.Gap && !to.Gap:
		return GapClosed
	case !from.Gap && to.Gap:
		return GapOpened
	case from.Status != to.Status, !slices.Equal(from.GapSources, to.GapSources),
		from.Contradicted != to.Contradicted, from.Verified != to.Verified, from.Failing != to.Failing:
		return StatusChanged
	}
	return ""
}

func comparePractices(d *Diff, from, to []QuestionResult) {
	before := map[string]PracticeResult{}
	fromList := practicesOf(from)
	for _, x := range fromList {
		before[x.p.ID] = x.p
	}
	seen := map[string]bool{}
	for _, x := range practicesOf(to) {
		p := x.p
		seen[p.ID] = true
		pc := PracticeChange{ID: p.ID, QuestionID: x.question, Title: p.Title, Risk: p.Risk, To: stateOf(p)}
		if f, ok := before[p.ID]; ok {
			pc.From = stateOf(f)
			pc.Change = practiceChange(pc.From, pc.To)
		} else {
			pc.Change = Added
		}
		if pc.Change != "" {
			d.Practices = append(d.Practices, pc)
		}
	}
	for _, x := range fromList {
		if p := x.p; !seen[p.ID] {
			d.Practices = append(d.Practices, PracticeChange{ID: p.ID, QuestionID: x.question, Title: p.Title, Risk: p.Risk,
				From: stateOf(p), Change: Removed})
		}
	}
}

func compareContradictions(d *Diff, from, to []Contradiction) {
	in := func(cs []Contradiction, id string) bool {
		return slices.ContainsFunc(cs, func(c Contradiction) bool { return c.PracticeID == id })
	}
	for _, c := range to {
		if !in(from, c.PracticeID) {
			d.ContradictionsAdded = append(d.ContradictionsAdded, c)
		}
	}
	for _, c := range from {
		if !in(to, c.PracticeID) {
			d.ContradictionsResolved = append(d.ContradictionsResolved, c)
		}
	}
}

func compareActions(d *Diff, from, to []ActionItem) {
	before := map[string]ActionItem{}
	for _, it := range from {
		before[it.ID] = it
	}
	for _, it := range to {
		f, had := before[it.ID]
		if it.State == ActionDone && (!had || f.State != ActionDone) {
			d.ActionsDone = append(d.ActionsDone, it)
		}
		if it.State == ActionOpen && had && f.State == ActionDone {
			d.ActionsReopened = append(d.ActionsReopened, it)
		}
		if it.State == ActionRegressed && (!had || f.State != ActionRegressed) {
			d.ActionsRegressed = append(d.ActionsRegressed, it)
		}
		if it.Overdue && it.State != ActionDone {
			d.ActionsOverdue = append(d.ActionsOverdue, it)
		}
	}
	for _, l := range [][]ActionItem{d.ActionsDone, d.ActionsReopened, d.ActionsRegressed, d.ActionsOverdue} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].ID < l[j].ID })
	}
}

package scenarios

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

// AfterAction is what an after-action report shows: the session replayed into
// a timeline per inject, the claims and how they were judged, the gaps by
// practice and the action items agreed.
type AfterAction struct {
	Session  Session   `json:"session"` // header; Entries left in
	Scenario *Scenario `json:"scenario"`
	Ended    bool      `json:"ended"`
	EndedAt  time.Time `json:"ended_at,omitzero"`
	// Duration runs from the start to the end entry, or to the last entry
	// while the session is open; pauses are excluded.
	Duration time.Duration `json:"duration"`
	// Evidence is the run whose findings shaped the session; "" when the
	// generic narrative was used throughout.
	Evidence string `json:"evidence,omitempty"`
	Steps    []Step `json:"steps"` // per inject played, in order
	// Skipped are the scenario's injects that were not played (branched
	// around or ended early), in scenario order.
	Skipped []string `json:"skipped"`
	Claims  []Entry  `json:"claims"` // every claim, in log order
	// Verdicts counts claims by verdict; every verdict has a key.
	Verdicts map[Verdict]int     `json:"verdicts"`
	Gaps     []PracticeGaps      `json:"gaps"`    // by practice, in lens order
	Actions  []review.ActionItem `json:"actions"` // ActionItems(sess); the caller may resolve them
}

// Step is one inject as it was played.
type Step struct {
	InjectID string    `json:"inject"`
	Title    string    `json:"title"`
	At       string    `json:"at"`    // the inject's offset as written ("T+15m")
	Start    time.Time `json:"start"` // when it was read out
	// Duration runs until the next inject or the end, or the last entry while
	// the session is open; pauses are excluded.
	Duration time.Duration `json:"duration"`
	Timebox  time.Duration `json:"timebox"`
	Over     bool          `json:"over"` // Duration > Timebox
	Variant  string        `json:"variant,omitempty"`
	Shaping  []Shaping     `json:"shaping,omitempty"`

	Claims    []Entry `json:"claims,omitempty"`
	Decisions []Entry `json:"decisions,omitempty"`
	Gaps      []Entry `json:"gaps,omitempty"`
	Actions   []Entry `json:"actions,omitempty"`
	Notes     []Entry `json:"notes,omitempty"`
}

// PracticeGaps are the gap entries recorded against one practice.
type PracticeGaps struct {
	PracticeID string         `json:"practice"`
	Title      string         `json:"title"` // "" when the practice is not in the bank
	Risk       questions.Risk `json:"risk,omitempty"`
	Entries    []Entry        `json:"entries"`
}

// BuildAfterAction replays a session's log into its after-action record. The
// scenario gives titles and timeboxes (s may be nil when its file is gone: the
// inject ids stand in for titles); bank gives practice titles, risks and the
// order of gaps (nil: gaps in the order first recorded).
func BuildAfterAction(s *Scenario, sess *Session, bank *questions.Bank) AfterAction {
	a := AfterAction{
		Session: *sess, Scenario: s, Evidence: sess.EvidenceRun,
		Skipped: []string{}, Claims: []Entry{}, Gaps: []PracticeGaps{},
		Verdicts: map[Verdict]int{Verified: 0, Contradicted: 0, Unknown: 0, Conceded: 0, NotCheckable: 0},
		Actions:  ActionItems(sess),
	}
	es := sess.Entries
	start := sess.StartedAt
	if start.IsZero() && len(es) > 0 {
		start = es[0].At
	}
	last := start
	if len(es) > 0 {
		last = es[len(es)-1].At
	}
	for _, e := range es {
		if e.Kind == KindEnd {
			a.Ended, a.EndedAt = true, e.At
			last = e.At
			break
		}
	}
	pauses := pauseIntervals(es, last)
	a.Duration = active(start, last, pauses)

	injects := map[string]*Inject{}
	if s != nil {
		for i := range s.Injects {
			injects[s.Injects[i].ID] = &s.Injects[i]
		}
	}
	stepOf := map[string]int{}
	for i, e := range es {
		if e.Kind != KindInject {
			continue
		}
		st := Step{InjectID: e.InjectID, Title: e.InjectID, Start: e.At, Variant: e.Variant, Shaping: e.Shaping}
		if inj, ok := injects[e.InjectID]; ok {
			st.Title, st.At = inj.Title, inj.At
			st.Timebox = time.Duration(inj.TimeboxMin) * time.Minute
		}
		stop := last
		for _, n := range es[i+1:] {
			if n.Kind == KindInject || n.Kind == KindEnd {
				stop = n.At
				break
			}
		}
		st.Duration = active(e.At, stop, pauses)
		st.Over = st.Timebox > 0 && st.Duration > st.Timebox
		stepOf[e.InjectID] = len(a.Steps)
		a.Steps = append(a.Steps, st)
	}

	// Entries go to the inject they were recorded under; one without an
	// inject (a note before the first inject) goes to the inject in play,
	// or the first one.
	cur := 0
	for _, e := range es {
		if e.Kind == KindClaim {
			a.Claims = append(a.Claims, e)
			if e.Verdict != "" {
				a.Verdicts[e.Verdict]++
			}
		}
		if e.Kind == KindInject {
			cur = stepOf[e.InjectID]
			continue
		}
		if len(a.Steps) == 0 {
			continue
		}
		i, ok := stepOf[e.InjectID]
		if !ok {
			i = cur
		}
		st := &a.Steps[i]
		switch e.Kind {
		case KindClaim:
			st.Claims = append(st.Claims, e)
		case KindDecision:
			st.Decisions = append(st.Decisions, e)
		case KindGap:
			st.Gaps = append(st.Gaps, e)
		case KindAction:
			st.Actions = append(st.Actions, e)
		case KindNote:
			st.Notes = append(st.Notes, e)
		}
	}

	if s != nil {
		for _, inj := range s.Injects {
			if _, played := stepOf[inj.ID]; !played {
				a.Skipped = append(a.Skipped, inj.ID)
			}
		}
	}
	a.Gaps = gapsByPractice(es, bank)
	return a
}

// gapsByPractice groups gap entries by practice: bank order first, then
// practices the bank lacks in the order first recorded.
func gapsByPractice(es []Entry, bank *questions.Bank) []PracticeGaps {
	out := []PracticeGaps{}
	index := map[string]int{}
	for _, e := range es {
		if e.Kind != KindGap {
			continue
		}
		i, ok := index[e.PracticeID]
		if !ok {
			pg := PracticeGaps{PracticeID: e.PracticeID}
			if bank != nil {
				if p, ok := bank.Practice(e.PracticeID); ok {
					pg.Title, pg.Risk = p.Title, p.Risk
				}
			}
			i = len(out)
			index[e.PracticeID] = i
			out = append(out, pg)
		}
		out[i].Entries = append(out[i].Entries, e)
	}
	if bank != nil {
		sort.SliceStable(out, func(i, j int) bool {
			return bank.Order(out[i].PracticeID) < bank.Order(out[j].PracticeID)
		})
	}
	return out
}

// interval is a paused stretch [from, to).
type interval struct{ from, to time.Time }

// pauseIntervals pairs pause and resume entries; a pause never resumed runs
// to last.
func pauseIntervals(es []Entry, last time.Time) []interval {
	var out []interval
	var open *time.Time
	for _, e := range es {
		switch e.Kind {
		case KindPause:
			if open == nil {
				at := e.At
				open = &at
			}
		case KindResume:
			if open != nil {
				out = append(out, interval{*open, e.At})
				open = nil
			}
		}
	}
	if open != nil {
		out = append(out, interval{*open, last})
	}
	return out
}

// active is the time from from to to outside the paused intervals.
func active(from, to time.Time, pauses []interval) time.Duration {
	if !to.After(from) {
		return 0
	}
	d := to.Sub(from)
	for _, p := range pauses {
		lo, hi := p.from, p.to
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		if hi.After(lo) {
			d -= hi.Sub(lo)
		}
	}
	return d
}

// ActionItems lists the session's action entries as action items, one per
// entry, with ID "<session id>#<seq>", Accounts from the entry's Scope and
// State left empty (see review.ResolveActions).
func ActionItems(sess *Session) []review.ActionItem {
	out := []review.ActionItem{}
	for _, e := range sess.Entries {
		if e.Kind != KindAction {
			continue
		}
		out = append(out, review.ActionItem{
			ID: sess.ID + "#" + strconv.Itoa(e.Seq), SessionID: sess.ID, ScenarioID: sess.ScenarioID,
			InjectID: e.InjectID, Title: e.Text, Owner: e.Owner, Due: e.Due,
			PracticeID: e.PracticeID, CheckID: e.CheckID, Accounts: slices.Clone(e.Scope), CreatedAt: e.At,
		})
	}
	return out
}

// TabletopGaps lists the session's gap entries as tabletop gaps for scoring,
// one per entry.
func TabletopGaps(sess *Session) []review.TabletopGap {
	out := []review.TabletopGap{}
	for _, e := range sess.Entries {
		if e.Kind != KindGap {
			continue
		}
		out = append(out, review.TabletopGap{
			PracticeID: e.PracticeID, SessionID: sess.ID, ScenarioID: sess.ScenarioID,
			InjectID: e.InjectID, Note: e.Text, By: e.By, At: e.At,
		})
	}
	return out
}

package review

import (
	"sort"
	"time"
)

// TabletopGap is a practice a tabletop session found wanting. It makes the
// practice a gap in scoring (gap source "tabletop").
type TabletopGap struct {
	PracticeID string    `json:"practice"`
	SessionID  string    `json:"session"`
	ScenarioID string    `json:"scenario"`
	InjectID   string    `json:"inject,omitempty"`
	Note       string    `json:"note"`
	By         string    `json:"by,omitempty"`
	At         time.Time `json:"at"`
}

// ActionState is where an action item stands.
type ActionState string

// Action states. An item tied to a check is done when a run after the item
// was recorded finds the check passing, and regressed when a later run finds
// it failing again; an item without a check is open until someone closes it
// by hand (an ActionUpdate), and open again when someone reopens it.
const (
	ActionOpen      ActionState = "open"
	ActionDone      ActionState = "done"
	ActionRegressed ActionState = "regressed"
)

// ActionItem is a follow-up agreed in a tabletop session.
type ActionItem struct {
	ID         string    `json:"id"` // "<session id>#<entry seq>"
	SessionID  string    `json:"session"`
	ScenarioID string    `json:"scenario"`
	InjectID   string    `json:"inject,omitempty"`
	Title      string    `json:"title"`
	Owner      string    `json:"owner"`
	Due        string    `json:"due,omitempty"` // YYYY-MM-DD
	PracticeID string    `json:"practice,omitempty"`
	CheckID    string    `json:"check,omitempty"`
	CreatedAt  time.Time `json:"created_at"`

	// Set by ResolveActions.
	State   ActionState `json:"state"`
	Overdue bool        `json:"overdue"`
	// Run and RunAt name the run that last changed the state (done or
	// regressed); empty while open.
	Run   string    `json:"run,omitempty"`
	RunAt time.Time `json:"run_at,omitzero"`
	// ClosedBy, ClosedAt and ClosedNote say who closed an item without a
	// check by hand, when, and why; empty unless it is done that way.
	ClosedBy   string    `json:"closed_by,omitempty"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	ClosedNote string    `json:"closed_note,omitempty"`
}

// ActionUpdate is a person closing (done) or reopening (open) an action item
// by hand. Only items without a check take them: a check decides the state
// of its own item.
type ActionUpdate struct {
	ActionID string      `json:"action"` // the ActionItem's ID
	State    ActionState `json:"state"`  // ActionDone or ActionOpen
	By       string      `json:"by"`
	Note     string      `json:"note,omitempty"`
	At       time.Time   `json:"at"`
}

// CheckOutcome is one check's result counts in one collection run.
type CheckOutcome struct {
	RunID   string    `json:"run"`
	At      time.Time `json:"at"` // when the run finished
	CheckID string    `json:"check"`
	Pass    int       `json:"pass"`
	Fail    int       `json:"fail"`
	Unknown int       `json:"unknown"`
}

// ResolveActions sets each item's state. An item with a check takes it from
// the runs that finished after it was recorded, oldest first: a run where the
// check passes everywhere (some pass, none fail) makes it done; a run where it
// fails makes a done item regressed (an open one stays open); a run with only
// unknown findings changes nothing. Manual updates of such an item are
// ignored: the evidence decides. An item without a check takes the state of
// its latest update (by At, then input order), open when it has none; when
// that update closes it, ClosedBy, ClosedAt and ClosedNote come from it. An
// item is overdue when it is not done and its due date is before now's date.
// Items come back sorted by due date (none last), then id. The input is not
// modified.
func ResolveActions(items []ActionItem, outcomes []CheckOutcome, updates []ActionUpdate, now time.Time) []ActionItem {
	byCheck := map[string][]CheckOutcome{}
	for _, o := range outcomes {
		byCheck[o.CheckID] = append(byCheck[o.CheckID], o)
	}
	for id := range byCheck {
		os := byCheck[id]
		sort.SliceStable(os, func(i, j int) bool {
			if !os[i].At.Equal(os[j].At) {
				return os[i].At.Before(os[j].At)
			}
			return os[i].RunID < os[j].RunID
		})
	}
	latest := map[string]ActionUpdate{}
	for _, u := range updates {
		if prev, ok := latest[u.ActionID]; !ok || !u.At.Before(prev.At) {
			latest[u.ActionID] = u
		}
	}
	today := now.UTC().Format("2006-01-02")
	out := make([]ActionItem, len(items))
	for i, it := range items {
		it.State, it.Run, it.RunAt = ActionOpen, "", time.Time{}
		it.ClosedBy, it.ClosedAt, it.ClosedNote = "", time.Time{}, ""
		if u, ok := latest[it.ID]; ok && it.CheckID == "" && u.State == ActionDone {
			it.State, it.ClosedBy, it.ClosedAt, it.ClosedNote = ActionDone, u.By, u.At, u.Note
		}
		if it.CheckID != "" {
			for _, o := range byCheck[it.CheckID] {
				if !o.At.After(it.CreatedAt) {
					continue
				}
				switch {
				case o.Fail > 0 && it.State == ActionDone:
					it.State, it.Run, it.RunAt = ActionRegressed, o.RunID, o.At
				case o.Fail == 0 && o.Pass > 0 && it.State != ActionDone:
					it.State, it.Run, it.RunAt = ActionDone, o.RunID, o.At
				}
			}
		}
		it.Overdue = it.State != ActionDone && it.Due != "" && it.Due < today
		out[i] = it
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Due == "") != (b.Due == "") {
			return b.Due == ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		return a.ID < b.ID
	})
	return out
}

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
// was recorded finds the check passing in every account the item is about
// (its Accounts; every account when it names none), and regressed when a
// later run finds it failing again in one of them; an item without a check
// is open until someone closes it by hand (an ActionUpdate), and open again
// when someone reopens it.
const (
	ActionOpen      ActionState = "open"
	ActionDone      ActionState = "done"
	ActionRegressed ActionState = "regressed"
)

// ActionItem is a follow-up agreed in a tabletop session.
type ActionItem struct {
	ID         string `json:"id"` // "<session id>#<entry seq>"
	SessionID  string `json:"session"`
	ScenarioID string `json:"scenario"`
	InjectID   string `json:"inject,omitempty"`
	Title      string `json:"title"`
	Owner      string `json:"owner"`
	Due        string `json:"due,omitempty"` // YYYY-MM-DD
	PracticeID string `json:"practice,omitempty"`
	CheckID    string `json:"check,omitempty"`
	// Accounts are the accounts whose results of the check decide the item,
	// sorted; empty means every account a run covers.
	Accounts  []string  `json:"accounts,omitempty"`
	CreatedAt time.Time `json:"created_at"`

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
	// History is every change of state since the item was agreed, oldest
	// first; empty while it has never left open.
	History []ActionEvent `json:"history,omitempty"`
}

// ActionEvent is one change of an action item's state: made by a run's
// evidence (Run set) or by a person's update (By, and Note when given).
type ActionEvent struct {
	At    time.Time   `json:"at"` // when the run finished, or when the update was made
	State ActionState `json:"state"`
	Run   string      `json:"run,omitempty"`
	By    string      `json:"by,omitempty"`
	Note  string      `json:"note,omitempty"`
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

// CheckOutcome is one check's result counts in one account in one
// collection run.
type CheckOutcome struct {
	RunID   string    `json:"run"`
	At      time.Time `json:"at"` // when the run finished
	CheckID string    `json:"check"`
	Account string    `json:"account"`
	Pass    int       `json:"pass"`
	Fail    int       `json:"fail"`
	Unknown int       `json:"unknown"`
}

// runOutcomes is one run's counts for one check, by account.
type runOutcomes struct {
	id        string
	at        time.Time
	byAccount map[string]CheckOutcome
}

// total sums the run's counts over all its accounts.
func (r runOutcomes) total() CheckOutcome {
	var sum CheckOutcome
	for _, o := range r.byAccount {
		sum.Pass, sum.Fail, sum.Unknown = sum.Pass+o.Pass, sum.Fail+o.Fail, sum.Unknown+o.Unknown
	}
	return sum
}

// passes reports whether the run proves the check fixed in accounts: the run
// covered each of them (it has a row for the account, with zero counts when
// nothing was left to judge, such as a deleted key) and none has a failing or
// unknown finding. With no accounts named, the run must cover some account
// and have no failing or unknown finding of the check anywhere.
func (r runOutcomes) passes(accounts []string) bool {
	if len(accounts) == 0 {
		sum := r.total()
		return len(r.byAccount) > 0 && sum.Fail == 0 && sum.Unknown == 0
	}
	for _, a := range accounts {
		o, ok := r.byAccount[a]
		if !ok || o.Fail > 0 || o.Unknown > 0 {
			return false
		}
	}
	return true
}

// fails reports whether the check fails in the run in any of accounts (in
// any account when none are named).
func (r runOutcomes) fails(accounts []string) bool {
	if len(accounts) == 0 {
		return r.total().Fail > 0
	}
	for _, a := range accounts {
		if r.byAccount[a].Fail > 0 {
			return true
		}
	}
	return false
}

// byCheckRuns groups outcomes by check and run; each check's runs come by
// finish time, then run id. Counts of the same run, check and account add up.
func byCheckRuns(outcomes []CheckOutcome) map[string][]runOutcomes {
	idx := map[[2]string]int{} // (check, run) -> position in out[check]
	out := map[string][]runOutcomes{}
	for _, o := range outcomes {
		k := [2]string{o.CheckID, o.RunID}
		i, ok := idx[k]
		if !ok {
			i = len(out[o.CheckID])
			idx[k] = i
			out[o.CheckID] = append(out[o.CheckID], runOutcomes{id: o.RunID, at: o.At, byAccount: map[string]CheckOutcome{}})
		}
		r := out[o.CheckID][i]
		prev := r.byAccount[o.Account]
		prev.Pass, prev.Fail, prev.Unknown = prev.Pass+o.Pass, prev.Fail+o.Fail, prev.Unknown+o.Unknown
		r.byAccount[o.Account] = prev
	}
	for id := range out {
		rs := out[id]
		sort.SliceStable(rs, func(i, j int) bool {
			if !rs[i].at.Equal(rs[j].at) {
				return rs[i].at.Before(rs[j].at)
			}
			return rs[i].id < rs[j].id
		})
	}
	return out
}

// ResolveActions sets each item's state and history. An item with a check
// takes it from the runs that finished after it was recorded, oldest first,
// looking only at the outcomes of the item's Accounts (every account when it
// names none): a run where the check fails in any of them makes a done item
// regressed (an open or regressed one stays as it is); a run where each of
// them has a passing finding and no failing or unknown one makes the item
// done (with no accounts named: the run's findings of the check, all
// accounts together, include a pass and no fail or unknown); any other run
// (one that misses an account, or has unknown findings) changes nothing.
// Manual updates of such an item are ignored: the evidence decides. An item
// without a check follows its updates in time order (by At, then input
// order), open when it has none; when the latest closes it, ClosedBy,
// ClosedAt and ClosedNote come from it. Every change of state is added to
// History (Run set for a run, By and Note for an update); a run or update
// that leaves the state as it was adds nothing. An item is overdue when it
// is not done and its due date is before now's date. Items come back sorted
// by due date (none last), then id. The input is not modified.
func ResolveActions(items []ActionItem, outcomes []CheckOutcome, updates []ActionUpdate, now time.Time) []ActionItem {
	runs := byCheckRuns(outcomes)
	byItem := map[string][]ActionUpdate{}
	for _, u := range updates {
		byItem[u.ActionID] = append(byItem[u.ActionID], u)
	}
	for id := range byItem {
		us := byItem[id]
		sort.SliceStable(us, func(i, j int) bool { return us[i].At.Before(us[j].At) })
	}
	today := now.UTC().Format("2006-01-02")
	out := make([]ActionItem, len(items))
	for i, it := range items {
		it.State, it.Run, it.RunAt, it.History = ActionOpen, "", time.Time{}, nil
		it.ClosedBy, it.ClosedAt, it.ClosedNote = "", time.Time{}, ""
		if it.CheckID == "" {
			for _, u := range byItem[it.ID] {
				st := ActionOpen
				if u.State == ActionDone {
					st = ActionDone
				}
				if st != it.State {
					it.State = st
					it.History = append(it.History, ActionEvent{At: u.At, State: st, By: u.By, Note: u.Note})
				}
				it.ClosedBy, it.ClosedAt, it.ClosedNote = "", time.Time{}, ""
				if st == ActionDone {
					it.ClosedBy, it.ClosedAt, it.ClosedNote = u.By, u.At, u.Note
				}
			}
		} else {
			for _, r := range runs[it.CheckID] {
				if !r.at.After(it.CreatedAt) {
					continue
				}
				st := it.State
				switch {
				case r.fails(it.Accounts):
					if it.State == ActionDone {
						st = ActionRegressed
					}
				case r.passes(it.Accounts):
					st = ActionDone
				}
				if st != it.State {
					it.State, it.Run, it.RunAt = st, r.id, r.at
					it.History = append(it.History, ActionEvent{At: r.at, State: st, Run: r.id})
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

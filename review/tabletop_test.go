package review_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom/review"
)

func TestResolveActions(t *testing.T) {
	created := t0
	item := review.ActionItem{ID: "ttx-1#7", Title: "Hardware MFA on root", Owner: "lee", Due: "2026-11-01",
		PracticeID: "P1", CheckID: "c.crit", CreatedAt: created}
	run := func(id string, day int, pass, fail, unknown int) review.CheckOutcome {
		return review.CheckOutcome{RunID: id, At: created.AddDate(0, 0, day), CheckID: "c.crit", Pass: pass, Fail: fail, Unknown: unknown}
	}
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC) // before the due date
	late := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC) // after it
	tests := []struct {
		name     string
		outcomes []review.CheckOutcome
		now      time.Time
		state    review.ActionState
		run      string
		overdue  bool
	}{
		{"no later run", nil, now, review.ActionOpen, "", false},
		{"run before the item does not count", []review.CheckOutcome{run("r0", -1, 3, 0, 0)}, now, review.ActionOpen, "", false},
		{"run at the same instant does not count", []review.CheckOutcome{run("r0", 0, 3, 0, 0)}, now, review.ActionOpen, "", false},
		{"later run still failing", []review.CheckOutcome{run("r1", 1, 2, 1, 0)}, now, review.ActionOpen, "", false},
		{"later run passing closes it", []review.CheckOutcome{run("r1", 1, 2, 1, 0), run("r2", 2, 3, 0, 0)}, now, review.ActionDone, "r2", false},
		{"failing again reopens it as a regression", []review.CheckOutcome{run("r2", 2, 3, 0, 0), run("r3", 3, 2, 1, 0)}, now, review.ActionRegressed, "r3", false},
		{"fixed again after a regression", []review.CheckOutcome{run("r2", 2, 3, 0, 0), run("r3", 3, 2, 1, 0), run("r4", 4, 3, 0, 0)}, now, review.ActionDone, "r4", false},
		{"unknown-only run changes nothing", []review.CheckOutcome{run("r2", 2, 3, 0, 0), run("r3", 3, 0, 0, 4)}, now, review.ActionDone, "r2", false},
		{"a covered account with nothing left to judge closes it", []review.CheckOutcome{run("r2", 2, 0, 0, 0)}, now, review.ActionDone, "r2", false},
		{"nothing covered changes nothing", nil, now, review.ActionOpen, "", false},
		{"runs are taken in time order whatever the input order", []review.CheckOutcome{run("r3", 3, 2, 1, 0), run("r2", 2, 3, 0, 0)}, now, review.ActionRegressed, "r3", false},
		{"open past its due date is overdue", nil, late, review.ActionOpen, "", true},
		{"done is never overdue", []review.CheckOutcome{run("r2", 2, 3, 0, 0)}, late, review.ActionDone, "r2", false},
		{"regressed past its due date is overdue", []review.CheckOutcome{run("r2", 2, 3, 0, 0), run("r3", 3, 2, 1, 0)}, late, review.ActionRegressed, "r3", true},
		{"other checks do not count", []review.CheckOutcome{{RunID: "r2", At: created.AddDate(0, 0, 2), CheckID: "c.other", Pass: 1}}, now, review.ActionOpen, "", false},
	}
	for _, tt := range tests {
		got := review.ResolveActions([]review.ActionItem{item}, tt.outcomes, nil, tt.now)
		if len(got) != 1 {
			t.Fatalf("%s: %d items", tt.name, len(got))
		}
		g := got[0]
		if g.State != tt.state || g.Run != tt.run || g.Overdue != tt.overdue {
			t.Errorf("%s: state %s run %q overdue %v; want %s %q %v", tt.name, g.State, g.Run, g.Overdue, tt.state, tt.run, tt.overdue)
		}
	}
}

func TestResolveActions_NoCheckStaysOpenAndOrder(t *testing.T) {
	items := []review.ActionItem{
		{ID: "b", Title: "no due date", CreatedAt: t0},
		{ID: "c", Title: "later due", Due: "2026-12-01", CreatedAt: t0},
		{ID: "a", Title: "earlier due", Due: "2026-11-01", CreatedAt: t0, CheckID: ""},
	}
	in := append([]review.ActionItem(nil), items...)
	got := review.ResolveActions(items, []review.CheckOutcome{{RunID: "r", At: t0.Add(time.Hour), CheckID: "", Pass: 1}}, nil, t0)
	var ids []string
	for _, g := range got {
		ids = append(ids, g.ID)
		if g.State != review.ActionOpen {
			t.Errorf("%s: state %s; an item without a check stays open", g.ID, g.State)
		}
	}
	if want := []string{"a", "c", "b"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("order %v, want %v (due date, none last)", ids, want)
	}
	if !reflect.DeepEqual(items, in) {
		t.Error("ResolveActions modified its input")
	}
}

func TestResolveActions_ManualUpdates(t *testing.T) {
	manual := review.ActionItem{ID: "ttx-1#8", Title: "Write the root runbook", Owner: "dana", Due: "2026-11-01",
		PracticeID: "P1", CreatedAt: t0}
	checked := review.ActionItem{ID: "ttx-1#7", Title: "Hardware MFA on root", Owner: "lee", Due: "2026-11-01",
		PracticeID: "P1", CheckID: "c.crit", CreatedAt: t0}
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	upd := func(id string, st review.ActionState, by, note string, d int) review.ActionUpdate {
		return review.ActionUpdate{ActionID: id, State: st, By: by, Note: note, At: day(d)}
	}
	failing := []review.CheckOutcome{{RunID: "r1", At: day(1), CheckID: "c.crit", Pass: 1, Fail: 1}}
	passing := []review.CheckOutcome{{RunID: "r1", At: day(1), CheckID: "c.crit", Pass: 2}}
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	late := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		item     review.ActionItem
		outcomes []review.CheckOutcome
		updates  []review.ActionUpdate
		now      time.Time
		state    review.ActionState
		closedBy string // "" = no manual closure
		closedAt time.Time
		note     string
		run      string
		overdue  bool
	}{
		{"no updates stays open", manual, nil, nil, now, review.ActionOpen, "", time.Time{}, "", "", false},
		{"closed by hand", manual, nil, []review.ActionUpdate{upd("ttx-1#8", review.ActionDone, "dana", "runbook in the wiki", 2)},
			now, review.ActionDone, "dana", day(2), "runbook in the wiki", "", false},
		{"closed by hand is never overdue", manual, nil, []review.ActionUpdate{upd("ttx-1#8", review.ActionDone, "dana", "", 2)},
			late, review.ActionDone, "dana", day(2), "", "", false},
		{"reopened after closing", manual, nil, []review.ActionUpdate{
			upd("ttx-1#8", review.ActionDone, "dana", "done", 2), upd("ttx-1#8", review.ActionOpen, "sam", "the runbook misses MFA recovery", 3)},
			late, review.ActionOpen, "", time.Time{}, "", "", true},
		{"closed again after reopening", manual, nil, []review.ActionUpdate{
			upd("ttx-1#8", review.ActionDone, "dana", "done", 2), upd("ttx-1#8", review.ActionOpen, "sam", "misses MFA", 3),
			upd("ttx-1#8", review.ActionDone, "lee", "MFA recovery added", 4)},
			now, review.ActionDone, "lee", day(4), "MFA recovery added", "", false},
		{"the latest update in time wins whatever the input order", manual, nil, []review.ActionUpdate{
			upd("ttx-1#8", review.ActionOpen, "sam", "misses MFA", 3), upd("ttx-1#8", review.ActionDone, "dana", "done", 2)},
			now, review.ActionOpen, "", time.Time{}, "", "", false},
		{"at the same instant the later in the input wins", manual, nil, []review.ActionUpdate{
			upd("ttx-1#8", review.ActionDone, "dana", "done", 2), upd("ttx-1#8", review.ActionOpen, "sam", "not yet", 2)},
			now, review.ActionOpen, "", time.Time{}, "", "", false},
		{"updates of other items do not count", manual, nil, []review.ActionUpdate{
			upd("ttx-1#9", review.ActionDone, "dana", "", 2), upd("ttx-2#8", review.ActionDone, "dana", "", 2)},
			late, review.ActionOpen, "", time.Time{}, "", "", true},
		{"a check-backed item ignores a manual close", checked, failing, []review.ActionUpdate{upd("ttx-1#7", review.ActionDone, "lee", "", 2)},
			now, review.ActionOpen, "", time.Time{}, "", "", false},
		{"a check-backed item ignores a manual reopen", checked, passing, []review.ActionUpdate{upd("ttx-1#7", review.ActionOpen, "lee", "not sure", 2)},
			now, review.ActionDone, "", time.Time{}, "", "r1", false},
	}
	for _, tt := range tests {
		got := review.ResolveActions([]review.ActionItem{tt.item}, tt.outcomes, tt.updates, tt.now)
		if len(got) != 1 {
			t.Fatalf("%s: %d items", tt.name, len(got))
		}
		g := got[0]
		if g.State != tt.state || g.ClosedBy != tt.closedBy || !g.ClosedAt.Equal(tt.closedAt) || g.ClosedNote != tt.note ||
			g.Run != tt.run || g.Overdue != tt.overdue {
			t.Errorf("%s: state %s closed by %q at %v note %q run %q overdue %v; want %s %q %v %q %q %v", tt.name,
				g.State, g.ClosedBy, g.ClosedAt, g.ClosedNote, g.Run, g.Overdue,
				tt.state, tt.closedBy, tt.closedAt, tt.note, tt.run, tt.overdue)
		}
	}

	// Resolving again clears a manual closure the updates no longer give.
	closed := review.ResolveActions([]review.ActionItem{manual}, nil, []review.ActionUpdate{upd("ttx-1#8", review.ActionDone, "dana", "x", 2)}, now)
	again := review.ResolveActions(closed, nil, nil, now)
	if again[0].State != review.ActionOpen || again[0].ClosedBy != "" || !again[0].ClosedAt.IsZero() || again[0].ClosedNote != "" {
		t.Errorf("resolved again without updates: %+v", again[0])
	}
}

func TestAssess_Tabletop(t *testing.T) {
	bank := miniBank(t)
	gap := review.TabletopGap{PracticeID: "P2", SessionID: "ttx-1", ScenarioID: "lost-root-account", Note: "nobody owns the root mailbox", At: t0}
	act := review.ActionItem{ID: "ttx-1#4", Title: "Group mailbox", Owner: "lee", PracticeID: "P2", State: review.ActionOpen}
	other := review.ActionItem{ID: "ttx-1#5", Title: "Not a gap practice", Owner: "lee", PracticeID: "P3", State: review.ActionOpen}
	a := review.Assess(review.Input{Bank: bank, Now: t0,
		Answers:  []review.Answer{ans("P2", review.Met, 0), ans("P1", review.Met, 0), ans("P3", review.Met, 0)},
		Tabletop: []review.TabletopGap{gap}, Actions: []review.ActionItem{act, other}})
	p2 := a.Questions[0].Practices[1]
	if !p2.Gap || !reflect.DeepEqual(p2.GapSources, []string{"tabletop"}) || len(p2.Tabletop) != 1 {
		t.Fatalf("P2 = gap %v sources %v tabletop %d; want a tabletop gap", p2.Gap, p2.GapSources, len(p2.Tabletop))
	}
	if p2.Contradicted {
		t.Error("a tabletop gap is not a contradiction of the answer (only failing evidence is)")
	}
	if a.Questions[0].Risk != review.RiskMedium {
		t.Errorf("Q1 risk %s, want medium from the tabletop gap on a medium practice", a.Questions[0].Risk)
	}
	if len(a.Plan) != 1 || a.Plan[0].PracticeID != "P2" || !a.Plan[0].Tabletop {
		t.Fatalf("plan = %+v; want P2 marked tabletop", a.Plan)
	}
	if len(a.Plan[0].Actions) != 1 || a.Plan[0].Actions[0].ID != act.ID {
		t.Errorf("plan P2 actions = %+v; want the action agreed for P2", a.Plan[0].Actions)
	}
	if len(a.Actions) != 2 {
		t.Errorf("assessment lists %d actions, want every item (2)", len(a.Actions))
	}
}

func TestResolveActions_Accounts(t *testing.T) {
	const pay, mgmt, logs = "222222222222", "111111111111", "333333333333"
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	o := func(run string, d int, account string, pass, fail, unknown int) review.CheckOutcome {
		return review.CheckOutcome{RunID: run, At: day(d), CheckID: "iam.root-mfa", Account: account, Pass: pass, Fail: fail, Unknown: unknown}
	}
	item := func(accounts ...string) review.ActionItem {
		return review.ActionItem{ID: "ttx-1#7", Title: "Hardware MFA on root", Owner: "lee", CheckID: "iam.root-mfa",
			Accounts: accounts, CreatedAt: t0}
	}
	now := day(30)
	tests := []struct {
		name     string
		item     review.ActionItem
		outcomes []review.CheckOutcome
		state    review.ActionState
		run      string
	}{
		{"a run covering only another account changes nothing", item(pay),
			[]review.CheckOutcome{o("r1", 1, mgmt, 1, 0, 0)}, review.ActionOpen, ""},
		{"the scoped account passing closes it", item(pay),
			[]review.CheckOutcome{o("r1", 1, mgmt, 1, 0, 0), o("r1", 1, pay, 1, 0, 0)}, review.ActionDone, "r1"},
		{"another account failing does not hold it open", item(pay),
			[]review.CheckOutcome{o("r1", 1, mgmt, 0, 1, 0), o("r1", 1, pay, 1, 0, 0)}, review.ActionDone, "r1"},
		{"another account failing does not regress it", item(pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r2", 2, mgmt, 0, 1, 0), o("r2", 2, pay, 1, 0, 0)}, review.ActionDone, "r1"},
		{"pass and unknown in the scoped account changes nothing", item(pay),
			[]review.CheckOutcome{o("r1", 1, pay, 2, 0, 1)}, review.ActionOpen, ""},
		{"pass and unknown with no accounts named changes nothing", item(),
			[]review.CheckOutcome{o("r1", 1, pay, 2, 0, 0), o("r1", 1, mgmt, 0, 0, 1)}, review.ActionOpen, ""},
		{"pass and unknown after done leaves it done", item(pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r2", 2, pay, 1, 0, 1)}, review.ActionDone, "r1"},
		{"one of two scoped accounts covered changes nothing", item(mgmt, pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, logs, 1, 0, 0)}, review.ActionOpen, ""},
		{"both scoped accounts passing closes it", item(mgmt, pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r2", 2, pay, 1, 0, 0), o("r2", 2, mgmt, 3, 0, 0)}, review.ActionDone, "r2"},
		{"one scoped account failing later regresses it", item(mgmt, pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, mgmt, 1, 0, 0), o("r2", 2, pay, 0, 1, 0)}, review.ActionRegressed, "r2"},
		{"a failing scoped account wins over the others passing", item(mgmt, pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, mgmt, 1, 0, 0), o("r2", 2, pay, 1, 0, 0), o("r2", 2, mgmt, 1, 1, 0)},
			review.ActionRegressed, "r2"},
		{"with no accounts named every account must pass", item(),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, mgmt, 0, 1, 0)}, review.ActionOpen, ""},
		{"with no accounts named all passing closes it", item(),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, mgmt, 2, 0, 0)}, review.ActionDone, "r1"},
		{"with no accounts named any account failing regresses it", item(),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r2", 2, logs, 0, 1, 0)}, review.ActionRegressed, "r2"},
		{"rows of one run, check and account add up", item(pay),
			[]review.CheckOutcome{o("r1", 1, pay, 1, 0, 0), o("r1", 1, pay, 0, 0, 1)}, review.ActionOpen, ""},
	}
	for _, tt := range tests {
		got := review.ResolveActions([]review.ActionItem{tt.item}, tt.outcomes, nil, now)
		if len(got) != 1 {
			t.Fatalf("%s: %d items", tt.name, len(got))
		}
		if g := got[0]; g.State != tt.state || g.Run != tt.run {
			t.Errorf("%s: state %s run %q; want %s %q", tt.name, g.State, g.Run, tt.state, tt.run)
		}
		if !reflect.DeepEqual(got[0].Accounts, tt.item.Accounts) {
			t.Errorf("%s: accounts %v, want them kept as %v", tt.name, got[0].Accounts, tt.item.Accounts)
		}
	}
}

func TestResolveActions_History(t *testing.T) {
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	checked := review.ActionItem{ID: "ttx-1#7", Title: "Hardware MFA on root", Owner: "lee", CheckID: "c.crit",
		Accounts: []string{"222222222222"}, CreatedAt: t0}
	manual := review.ActionItem{ID: "ttx-1#8", Title: "Write the root runbook", Owner: "dana", CreatedAt: t0}
	o := func(run string, d int, pass, fail, unknown int) review.CheckOutcome {
		return review.CheckOutcome{RunID: run, At: day(d), CheckID: "c.crit", Account: "222222222222", Pass: pass, Fail: fail, Unknown: unknown}
	}
	upd := func(st review.ActionState, by, note string, d int) review.ActionUpdate {
		return review.ActionUpdate{ActionID: manual.ID, State: st, By: by, Note: note, At: day(d)}
	}
	ev := func(d int, st review.ActionState, run, by, note string) review.ActionEvent {
		return review.ActionEvent{At: day(d), State: st, Run: run, By: by, Note: note}
	}
	tests := []struct {
		name     string
		item     review.ActionItem
		outcomes []review.CheckOutcome
		updates  []review.ActionUpdate
		want     []review.ActionEvent
	}{
		{"never changed", checked, []review.CheckOutcome{o("r1", 1, 0, 1, 0)}, nil, nil},
		{"runs that change the state, oldest first", checked, []review.CheckOutcome{
			o("r4", 4, 1, 0, 0), o("r1", 1, 0, 1, 0), o("r2", 2, 1, 0, 0), o("r3", 3, 0, 2, 0), o("r5", 5, 1, 0, 0),
			o("r6", 6, 0, 0, 3), o("r7", 7, 0, 1, 0), o("r8", 8, 0, 1, 0)}, nil,
			[]review.ActionEvent{ev(2, review.ActionDone, "r2", "", ""), ev(3, review.ActionRegressed, "r3", "", ""),
				ev(4, review.ActionDone, "r4", "", ""), ev(7, review.ActionRegressed, "r7", "", "")}},
		{"a check-backed item has no manual events", checked, nil, []review.ActionUpdate{
			{ActionID: checked.ID, State: review.ActionDone, By: "lee", At: day(1)}}, nil},
		{"updates that change the state, in time order", manual, nil, []review.ActionUpdate{
			upd(review.ActionOpen, "sam", "misses MFA recovery", 3), upd(review.ActionDone, "dana", "in the wiki", 2),
			upd(review.ActionDone, "lee", "MFA recovery added", 4), upd(review.ActionDone, "kim", "checked", 5),
			upd(review.ActionOpen, "kim", "not open yet", 1)},
			[]review.ActionEvent{ev(2, review.ActionDone, "", "dana", "in the wiki"), ev(3, review.ActionOpen, "", "sam", "misses MFA recovery"),
				ev(4, review.ActionDone, "", "lee", "MFA recovery added")}},
	}
	for _, tt := range tests {
		got := review.ResolveActions([]review.ActionItem{tt.item}, tt.outcomes, tt.updates, day(30))
		if h := got[0].History; !reflect.DeepEqual(h, tt.want) {
			t.Errorf("%s: history\n%+v\nwant\n%+v", tt.name, h, tt.want)
		}
	}

	// The closure of a manual item comes from the latest update, which a
	// redundant close after it replaces; resolving again starts afresh.
	got := review.ResolveActions([]review.ActionItem{manual}, nil, []review.ActionUpdate{
		upd(review.ActionDone, "dana", "in the wiki", 2), upd(review.ActionDone, "kim", "checked", 5)}, day(30))
	if g := got[0]; g.ClosedBy != "kim" || !g.ClosedAt.Equal(day(5)) || g.ClosedNote != "checked" || len(g.History) != 1 {
		t.Errorf("closed twice: %+v", g)
	}
	if again := review.ResolveActions(got, nil, nil, day(30)); again[0].History != nil || again[0].State != review.ActionOpen {
		t.Errorf("resolved again without updates: %+v", again[0])
	}
}

package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

// actionSession stores session id for the workload with the ttxEntries log
// (its only action entry is seq 7).
func actionSession(t *testing.T, db *store.DB, workloadID int64, id string) {
	t.Helper()
	s := ttxSession(id, ttxStart)
	s.Entries = ttxEntries()
	if err := db.CreateSession(ctx, workloadID, s); err != nil {
		t.Fatal(err)
	}
}

func TestActionUpdates_RoundTrip(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "ledger")
	actionSession(t, db, w.ID, "ttx-a")
	actionSession(t, db, w.ID, "ttx-b")
	actionSession(t, db, other.ID, "ttx-c")

	if got, err := db.ActionUpdates(ctx, w.ID); err != nil || got != nil {
		t.Errorf("updates before any: %+v, %v", got, err)
	}
	cest := time.FixedZone("CEST", 2*3600)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	updates := []review.ActionUpdate{
		// Recorded out of time order, one in another zone, two at one instant.
		{ActionID: "ttx-a#7", State: review.ActionDone, By: "lee", Note: "group mailbox set up", At: day(3)},
		{ActionID: "ttx-b#7", State: review.ActionDone, By: "dana", At: day(1).In(cest)},
		{ActionID: "ttx-a#7", State: review.ActionOpen, By: "sam", Note: "the mailbox has no owner", At: day(5)},
		{ActionID: "ttx-a#7", State: review.ActionDone, By: "lee", Note: "owner named", At: day(5)},
	}
	for _, u := range updates {
		if err := db.AppendActionUpdate(ctx, w.ID, u); err != nil {
			t.Fatalf("append %+v: %v", u, err)
		}
	}
	if err := db.AppendActionUpdate(ctx, other.ID, review.ActionUpdate{ActionID: "ttx-c#7", State: review.ActionDone, By: "kim", At: day(2)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ActionUpdates(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []review.ActionUpdate{updates[1], updates[0], updates[2], updates[3]}
	want[0].At = want[0].At.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("updates read back (by at, then as recorded)\n got %+v\nwant %+v", got, want)
	}
	if got[0].At.Location() != time.UTC {
		t.Errorf("at %v is not UTC", got[0].At)
	}
	if got, _ := db.ActionUpdates(ctx, other.ID); len(got) != 1 || got[0].ActionID != "ttx-c#7" {
		t.Errorf("updates of the other workload: %+v", got)
	}

	raw := rawDB(t, db.Path())
	if bad := count(t, raw, `SELECT count(*) FROM action_updates WHERE length(at) <> 30 OR at NOT LIKE '%Z'
		OR length(recorded_at) <> 30 OR recorded_at <> '`+store.Stamp(storetest.Now)+`'`); bad != 0 {
		t.Errorf("%d updates with stamps not in the fixed-width UTC form", bad)
	}
}

func TestAppendActionUpdate_Refused(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "ledger")
	actionSession(t, db, w.ID, "ttx-a")
	actionSession(t, db, other.ID, "ttx-c")
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	ok := review.ActionUpdate{ActionID: "ttx-a#7", State: review.ActionDone, By: "lee", At: at}
	tests := []struct {
		name     string
		change   func(*review.ActionUpdate)
		workload int64
		want     string
		notFound bool
	}{
		{"unknown session", func(u *review.ActionUpdate) { u.ActionID = "ttx-z#7" }, w.ID, `action item "ttx-z#7" is not an action of any session of workload`, true},
		{"entry that is not an action", func(u *review.ActionUpdate) { u.ActionID = "ttx-a#6" }, w.ID, `action item "ttx-a#6"`, true},
		{"seq past the log", func(u *review.ActionUpdate) { u.ActionID = "ttx-a#70" }, w.ID, `action item "ttx-a#70"`, true},
		{"another workload's item", func(u *review.ActionUpdate) { u.ActionID = "ttx-c#7" }, w.ID, `action item "ttx-c#7"`, true},
		{"this item from another workload", func(*review.ActionUpdate) {}, other.ID, `action item "ttx-a#7"`, true},
		{"unknown workload", func(*review.ActionUpdate) {}, w.ID + 100, `action item "ttx-a#7"`, true},
		{"no seq", func(u *review.ActionUpdate) { u.ActionID = "ttx-a" }, w.ID, `"ttx-a": not an action item id`, true},
		{"bad seq", func(u *review.ActionUpdate) { u.ActionID = "ttx-a#x" }, w.ID, `"ttx-a#x": not an action item id`, true},
		{"regressed is not a manual state", func(u *review.ActionUpdate) { u.State = review.ActionRegressed }, w.ID, `state "regressed" is not done or open`, false},
		{"no state", func(u *review.ActionUpdate) { u.State = "" }, w.ID, `state "" is not done or open`, false},
		{"nobody", func(u *review.ActionUpdate) { u.By = " " }, w.ID, "the update names nobody", false},
		{"no time", func(u *review.ActionUpdate) { u.At = time.Time{} }, w.ID, "the update has no time", false},
	}
	for _, tt := range tests {
		u := ok
		tt.change(&u)
		err := db.AppendActionUpdate(ctx, tt.workload, u)
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, store.ErrNotFound) != tt.notFound {
			t.Errorf("%s: %v, want an error containing %q (not found: %v)", tt.name, err, tt.want, tt.notFound)
		}
	}
	raw := rawDB(t, db.Path())
	if n := count(t, raw, "SELECT count(*) FROM action_updates"); n != 0 {
		t.Errorf("%d rows stored by refused updates", n)
	}
	if err := db.AppendActionUpdate(ctx, w.ID, ok); err != nil {
		t.Errorf("the valid update after the refused ones: %v", err)
	}
}

func TestActionUpdates_AppendOnly(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	actionSession(t, db, w.ID, "ttx-a")
	u := review.ActionUpdate{ActionID: "ttx-a#7", State: review.ActionDone, By: "lee", Note: "done", At: ttxAt(90)}
	if err := db.AppendActionUpdate(ctx, w.ID, u); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db.Path())
	for _, q := range []string{
		"UPDATE action_updates SET state = 'open'",
		"UPDATE action_updates SET note = ''",
		"DELETE FROM action_updates",
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "action updates are append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// The schema itself refuses what the store would never write.
	for _, q := range []string{
		`INSERT INTO action_updates (workload_id, action_id, state, "by", at, recorded_at) VALUES (1, 'ttx-a#7', 'regressed', 'lee', 'x', 'x')`,
		`INSERT INTO action_updates (workload_id, action_id, state, "by", at, recorded_at) VALUES (1, 'ttx-a#7', 'done', '', 'x', 'x')`,
		`INSERT INTO action_updates (workload_id, action_id, state, at, recorded_at) VALUES (1, 'ttx-a#7', 'done', 'x', 'x')`,
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "constraint failed") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if got, err := db.ActionUpdates(ctx, w.ID); err != nil || !reflect.DeepEqual(got, []review.ActionUpdate{u}) {
		t.Errorf("updates after the refused changes: %+v, %v", got, err)
	}
}

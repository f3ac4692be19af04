package store_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

// sessionRows counts the rows sessions and their entries occupy.
func sessionRows(t *testing.T, path string) (sessions, entries int) {
	t.Helper()
	raw := rawDB(t, path)
	return count(t, raw, "SELECT count(*) FROM sessions"), count(t, raw, "SELECT count(*) FROM session_entries")
}

// TestSessions_RefusedStoreNothing: the refusals TestSessions_NotFound checks
// for their error also leave no row behind.
func TestSessions_RefusedStoreNothing(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")

	// An entry for a session that does not exist: the write-first append
	// must roll its row back.
	for _, e := range []scenarios.Entry{ttxEntries()[0], {Seq: 1, Kind: "shout", At: ttxAt(0)}} {
		err := db.AppendEntry(ctx, "ttx-nope", e)
		if err == nil || !strings.Contains(err.Error(), "append to session ttx-nope: ") {
			t.Errorf("append %s to an unknown session: %v", e.Kind, err)
		}
		if s, n := sessionRows(t, db.Path()); s != 0 || n != 0 {
			t.Errorf("append %s to an unknown session stored %d sessions, %d entries", e.Kind, s, n)
		}
	}

	// A session with entries for a workload that does not exist.
	orphan := ttxSession("ttx-orphan", ttxStart)
	orphan.Entries = ttxEntries()
	err := db.CreateSession(ctx, w.ID+100, orphan)
	if want := "create session ttx-orphan: workload " + strconv.FormatInt(w.ID+100, 10) + ": not found"; err == nil ||
		err.Error() != want || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CreateSession for an unknown workload: %v, want %q", err, want)
	}
	if s, n := sessionRows(t, db.Path()); s != 0 || n != 0 {
		t.Errorf("a session for an unknown workload stored %d sessions, %d entries", s, n)
	}

	// The same id again, with more entries than the first: none of them is
	// added to the first session's log.
	first := ttxSession("ttx-once", ttxStart)
	first.Entries = ttxEntries()[:2]
	if err := db.CreateSession(ctx, w.ID, first); err != nil {
		t.Fatal(err)
	}
	again := ttxSession("ttx-once", ttxStart.Add(time.Hour))
	again.Entries = ttxEntries()
	err = db.CreateSession(ctx, w.ID, again)
	if want := "create session ttx-once: a session with this id is already saved; sessions are append-only"; err == nil || err.Error() != want {
		t.Errorf("second session with the same id: %v, want %q", err, want)
	}
	if s, n := sessionRows(t, db.Path()); s != 1 || n != 2 {
		t.Errorf("after the refused duplicate: %d sessions, %d entries; want 1 and 2", s, n)
	}
}

package store_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

var ttxStart = time.Date(2026, 10, 28, 14, 0, 0, 0, time.UTC)

func ttxAt(min int) time.Time { return ttxStart.Add(time.Duration(min) * time.Minute) }

func ttxSession(id string, start time.Time) scenarios.Session {
	return scenarios.Session{
		ID: id, ScenarioID: "lost-root-account", ScenarioVersion: 3, ScenarioDigest: "sha256:9f2c",
		Facilitator:  "sam",
		Participants: []scenarios.Participant{{Name: "dana", Role: "ir-lead"}, {Name: "lee", Role: "cloud-admin"}},
		EvidenceRun:  "run-20261027T090000Z-3f9a01c2", Mode: "interactive", StartedAt: start,
	}
}

// ttxEntries is one entry of every kind, each with every field its kind uses.
func ttxEntries() []scenarios.Entry {
	return []scenarios.Entry{
		{Seq: 1, Kind: scenarios.KindInject, InjectID: "root-login", At: ttxAt(0), By: "sam", Variant: "mfa-off",
			Shaping: []scenarios.Shaping{
				{Check: "iam.root-mfa", Outcome: scenarios.OutcomeFail, Effect: "variant mfa-off"},
				{Check: "iam.root-mfa", Outcome: scenarios.OutcomeFail, Effect: "filled {acct} with 111122223333"},
				{Check: "guardduty.enabled", Outcome: scenarios.OutcomeUnknown, Effect: "{region}: no evidence, generic text", Generic: true},
			}},
		{Seq: 2, Kind: scenarios.KindClaim, InjectID: "root-login", At: ttxAt(4), By: "dana", QuestionID: "who-is-paged",
			Stance: scenarios.StanceYes, Text: "GuardDuty pages the on-call", Verdict: scenarios.Contradicted,
			Basis: []string{"guardduty.enabled fail 111122223333: detector off in eu-west-1", "guardduty.enabled fail 111122223333: detector off in us-east-1"}},
		{Seq: 3, Kind: scenarios.KindDecision, InjectID: "root-login", At: ttxAt(6), By: "dana", Text: "Treat as P1",
			Owner: "dana", Rationale: "root is in play"},
		{Seq: 4, Kind: scenarios.KindPause, InjectID: "root-login", At: ttxAt(7), By: "sam"},
		{Seq: 5, Kind: scenarios.KindResume, InjectID: "root-login", At: ttxAt(12), By: "sam"},
		{Seq: 6, Kind: scenarios.KindGap, InjectID: "root-login", At: ttxAt(13), By: "lee", PracticeID: "SEC10-BP01",
			Text: "Nobody owns the root mailbox"},
		{Seq: 7, Kind: scenarios.KindAction, InjectID: "root-login", At: ttxAt(14), By: "lee", Text: "Move root email to a group mailbox",
			Owner: "lee", Due: "2026-11-30", PracticeID: "SEC01-BP02", CheckID: "account.security-contact",
			Scope: []string{"111122223333", "444455556666"}},
		{Seq: 8, Kind: scenarios.KindNote, InjectID: "root-login", At: ttxAt(15), By: "sam", Text: "Finance wants a cost alert too, {not a placeholder}"},
		{Seq: 9, Kind: scenarios.KindEnd, At: ttxAt(75), By: "sam"},
	}
}

func ttxWorkload(t *testing.T, db *store.DB, name string) review.Workload {
	t.Helper()
	w, err := db.CreateWorkload(ctx, review.Workload{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func ttxSeqs(es []scenarios.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, strconv.Itoa(e.Seq))
	}
	return strings.Join(out, ",")
}

func TestSessions_RoundTrip(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")

	// Everything at once: header and entries in one call.
	full := ttxSession("ttx-20261028T140000Z-1a2b3c4d", ttxStart)
	full.Workload = "ignored: the workload id decides"
	full.RecordedAt = ttxStart.Add(-time.Hour) // ignored: the store's clock decides
	full.Entries = ttxEntries()
	if err := db.CreateSession(ctx, w.ID, full); err != nil {
		t.Fatal(err)
	}
	got, err := db.Session(ctx, full.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := full
	want.Workload = "payments"
	want.RecordedAt = storetest.Now
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("session read back\n got %+v\nwant %+v", *got, want)
	}

	// Header first, then entry by entry, times given in another zone: the
	// same instants come back in UTC.
	cest := time.FixedZone("CEST", 2*3600)
	bare := scenarios.Session{ID: "ttx-20261029T090000Z-00000000", ScenarioID: "ransomware", ScenarioVersion: 1,
		Facilitator: "kim", Mode: "script", StartedAt: time.Date(2026, 10, 29, 11, 0, 0, 500, cest)}
	if err := db.CreateSession(ctx, w.ID, bare); err != nil {
		t.Fatal(err)
	}
	got, err = db.Session(ctx, bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.EvidenceRun != "" || got.Participants != nil || got.Entries != nil || got.Mode != "script" {
		t.Errorf("a session without evidence, participants or entries: %+v", *got)
	}
	if got.StartedAt.Location() != time.UTC || !got.StartedAt.Equal(bare.StartedAt) {
		t.Errorf("started_at %v, want %v in UTC", got.StartedAt, bare.StartedAt)
	}
	if got.RecordedAt.Location() != time.UTC || !got.RecordedAt.Equal(storetest.Now) {
		t.Errorf("recorded_at %v, want the store's clock %v in UTC", got.RecordedAt, storetest.Now)
	}
	var appended []scenarios.Entry
	for _, e := range ttxEntries() {
		e.At = e.At.In(cest)
		if err := db.AppendEntry(ctx, bare.ID, e); err != nil {
			t.Fatalf("append %d: %v", e.Seq, err)
		}
		e.At = e.At.UTC()
		appended = append(appended, e)
	}
	got, err = db.Session(ctx, bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Entries, appended) {
		t.Errorf("appended entries read back\n got %+v\nwant %+v", got.Entries, appended)
	}

	// Sessions gives the same as Session, for each.
	list, err := db.Sessions(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !reflect.DeepEqual(list[0], want) || !reflect.DeepEqual(list[1], *got) {
		t.Errorf("sessions of the workload:\n%+v", list)
	}

	// Stored stamps are fixed-width UTC, so they sort as text.
	raw := rawDB(t, db.Path())
	if bad := count(t, raw, `SELECT count(*) FROM session_entries WHERE length(at) <> 30 OR at NOT LIKE '%Z'
		OR length(recorded_at) <> 30`); bad != 0 {
		t.Errorf("%d entries with stamps not in the fixed-width UTC form", bad)
	}
	if bad := count(t, raw, `SELECT count(*) FROM sessions WHERE length(started_at) <> 30 OR started_at NOT LIKE '%Z'`); bad != 0 {
		t.Errorf("%d sessions with stamps not in the fixed-width UTC form", bad)
	}
}

func TestAppendEntry_SeqConflicts(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	s := ttxSession("ttx-a", ttxStart)
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	es := ttxEntries()
	steps := []struct {
		entry scenarios.Entry
		want  string // "" = accepted
	}{
		{es[1], "entry seq 2 is out of turn: the log has 0 entries, so the next must be seq 1"},
		{es[0], ""},
		{es[1], ""},
		{es[1], "next must be seq 3 (another writer added to this session, or this entry is a replay)"},
		{es[0], "entry seq 1 is out of turn: the log has 2 entries, so the next must be seq 3"},
		{es[3], "entry seq 4 is out of turn"},
		{scenarios.Entry{Seq: 0, Kind: scenarios.KindNote, At: ttxAt(5)}, "next must be seq 3"},
		{scenarios.Entry{Seq: 3, Kind: "shout", At: ttxAt(5)}, `kind "shout" is not one of inject, claim`},
		{es[2], ""},
	}
	for i, st := range steps {
		err := db.AppendEntry(ctx, s.ID, st.entry)
		switch {
		case st.want == "" && err != nil:
			t.Errorf("step %d: append seq %d: %v", i+1, st.entry.Seq, err)
		case st.want != "" && (err == nil || !strings.Contains(err.Error(), st.want) || !strings.Contains(err.Error(), s.ID)):
			t.Errorf("step %d: append seq %d: %v, want an error naming the session and containing %q", i+1, st.entry.Seq, err, st.want)
		}
	}
	got, err := db.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Entries, es[:3]) {
		t.Errorf("entries after the refused appends: %+v", got.Entries)
	}

	// Two processes on one file: the one that appends second is told the
	// seq has moved on, and nothing of its entry is kept.
	other, err := store.Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	mine, theirs := es[3], es[3]
	theirs.Text = "the other terminal's pause"
	if err := other.AppendEntry(ctx, s.ID, theirs); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendEntry(ctx, s.ID, mine); err == nil || !strings.Contains(err.Error(), "next must be seq 5") {
		t.Errorf("second writer of seq 4: %v", err)
	}
	got, _ = db.Session(ctx, s.ID)
	if ttxSeqs(got.Entries) != "1,2,3,4" || got.Entries[3].Text != theirs.Text {
		t.Errorf("entries after two writers: %+v", got.Entries)
	}
}

// TestAppendEntry_ConcurrentWriters: four handles on one file race to append
// to one session, each rereading the log after a refusal. Every refusal is a
// seq conflict (never "database is locked"), and the log ends up 1..100.
func TestAppendEntry_ConcurrentWriters(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	if err := db.CreateSession(ctx, w.ID, ttxSession("ttx-race", ttxStart)); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*10)
	for g := 0; g < writers; g++ {
		h, err := store.Open(ctx, db.Path())
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done, tries := 0, 0; done < each && tries < each*50; tries++ {
				s, err := h.Session(ctx, "ttx-race")
				if err != nil {
					errs <- err
					return
				}
				e := scenarios.Entry{Seq: len(s.Entries) + 1, Kind: scenarios.KindNote, At: ttxStart, Text: fmt.Sprint(g)}
				switch err := h.AppendEntry(ctx, "ttx-race", e); {
				case err == nil:
					done++
				case !strings.Contains(err.Error(), "is out of turn"):
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("writer: %v", err)
	}
	s, err := db.Session(ctx, "ttx-race")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Entries) != writers*each {
		t.Errorf("%d entries, want %d", len(s.Entries), writers*each)
	}
	for i, e := range s.Entries {
		if e.Seq != i+1 {
			t.Fatalf("entry %d has seq %d", i+1, e.Seq)
		}
	}
}

func TestAppendEntry_NothingAfterEnd(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	s := ttxSession("ttx-ended", ttxStart)
	s.Entries = ttxEntries() // ends at seq 9
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	for _, e := range []scenarios.Entry{
		{Seq: 10, Kind: scenarios.KindNote, At: ttxAt(80), By: "sam", Text: "one more thing"},
		{Seq: 10, Kind: scenarios.KindEnd, At: ttxAt(80), By: "sam"},
		{Seq: 11, Kind: scenarios.KindResume, At: ttxAt(80), By: "sam"},
	} {
		err := db.AppendEntry(ctx, s.ID, e)
		if err == nil || !strings.Contains(err.Error(), "the session ended at entry 9; nothing may follow the end") {
			t.Errorf("append %s after the end: %v", e.Kind, err)
		}
	}
	if got, _ := db.Session(ctx, s.ID); len(got.Entries) != 9 {
		t.Errorf("%d entries after refused appends, want 9", len(got.Entries))
	}
}

func TestCreateSession_BadInput(t *testing.T) {
	afterEnd := ttxEntries()
	afterEnd = append(afterEnd, scenarios.Entry{Seq: 10, Kind: scenarios.KindNote, At: ttxAt(80)})
	gap := ttxEntries()
	gap[4].Seq = 6
	badKind := ttxEntries()[:2]
	badKind[1].Kind = "shout"
	tests := []struct {
		name   string
		change func(*scenarios.Session)
		want   string
	}{
		{"no id", func(s *scenarios.Session) { s.ID = "" }, "create session: the session has no id"},
		{"no scenario", func(s *scenarios.Session) { s.ScenarioID = "" }, "names no scenario"},
		{"bad mode", func(s *scenarios.Session) { s.Mode = "live" }, `mode "live" is not interactive or script`},
		{"no mode", func(s *scenarios.Session) { s.Mode = "" }, `mode "" is not interactive or script`},
		{"entry after end", func(s *scenarios.Session) { s.Entries = afterEnd }, "entry 10 follows the end entry 9"},
		{"seq gap", func(s *scenarios.Session) { s.Entries = gap }, "entry 5 has seq 6; entries must be numbered 1, 2, 3"},
		{"bad kind", func(s *scenarios.Session) { s.Entries = badKind }, `entry 2: kind "shout"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t)
			w := ttxWorkload(t, db, "payments")
			s := ttxSession("ttx-bad", ttxStart)
			tt.change(&s)
			err := db.CreateSession(ctx, w.ID, s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CreateSession: %v, want an error containing %q", err, tt.want)
			}
			raw := rawDB(t, db.Path())
			if n := count(t, raw, "SELECT count(*) FROM sessions") + count(t, raw, "SELECT count(*) FROM session_entries"); n != 0 {
				t.Errorf("%d rows stored by a refused session", n)
			}
		})
	}
}

func TestSessions_NotFound(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	if _, err := db.Session(ctx, "ttx-nope"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "ttx-nope") {
		t.Errorf("Session of an unknown id: %v", err)
	}
	if err := db.AppendEntry(ctx, "ttx-nope", ttxEntries()[0]); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "ttx-nope") {
		t.Errorf("AppendEntry to an unknown id: %v", err)
	}
	if err := db.CreateSession(ctx, w.ID+100, ttxSession("ttx-orphan", ttxStart)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CreateSession for an unknown workload: %v", err)
	}
	if list, err := db.Sessions(ctx, w.ID); err != nil || len(list) != 0 {
		t.Errorf("Sessions of a workload without any: %+v, %v", list, err)
	}

	// The same id cannot be created twice; the first stays as it was.
	s := ttxSession("ttx-once", ttxStart)
	s.Entries = ttxEntries()[:2]
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	again := ttxSession("ttx-once", ttxStart.Add(time.Hour))
	again.Entries = ttxEntries()[:1]
	if err := db.CreateSession(ctx, w.ID, again); err == nil || !strings.Contains(err.Error(), "already saved; sessions are append-only") {
		t.Errorf("second session with the same id: %v", err)
	}
	if got, _ := db.Session(ctx, s.ID); !got.StartedAt.Equal(ttxStart) || len(got.Entries) != 2 {
		t.Errorf("first session changed: %+v", got)
	}
}

func TestSessions_AppendOnly(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	s := ttxSession("ttx-a", ttxStart)
	s.Entries = ttxEntries()[:3]
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db.Path())
	tests := []struct{ q, want string }{
		{"UPDATE sessions SET facilitator = 'mallory'", "sessions are append-only"},
		{"UPDATE sessions SET evidence_run = ''", "sessions are append-only"},
		{"DELETE FROM sessions", "sessions are append-only"},
		{"UPDATE session_entries SET body = '{}'", "session entries are append-only"},
		{"UPDATE session_entries SET seq = seq + 10", "session entries are append-only"},
		{"DELETE FROM session_entries WHERE seq = 3", "session entries are append-only"},
		{"DELETE FROM session_entries", "session entries are append-only"},
	}
	for _, tt := range tests {
		if _, err := raw.Exec(tt.q); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.q, err, tt.want)
		}
	}
	// The schema itself refuses what the store would never write.
	for _, q := range []string{
		`INSERT INTO session_entries (session_id, seq, kind, at, recorded_at) VALUES ('ttx-a', 4, 'shout', 'x', 'x')`,
		`INSERT INTO session_entries (session_id, seq, kind, at, recorded_at) VALUES ('ttx-a', 3, 'note', 'x', 'x')`,
		`INSERT INTO session_entries (session_id, seq, kind, at, recorded_at) VALUES ('ttx-a', 0, 'note', 'x', 'x')`,
		`INSERT INTO sessions (id, workload_id, scenario_id, scenario_version, mode, started_at, recorded_at)
			VALUES ('ttx-b', 1, 's', 1, 'live', 'x', 'x')`,
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "constraint failed") {
			t.Errorf("%s: %v", q, err)
		}
	}
	got, err := db.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := s
	want.Workload, want.RecordedAt = "payments", storetest.Now
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("session changed:\n got %+v\nwant %+v", *got, want)
	}
}

func TestSessions_Order(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "audit")
	day := 24 * time.Hour
	for _, c := range []struct {
		id    string
		w     int64
		start time.Time
	}{
		{"ttx-c", w.ID, ttxStart.Add(day)},
		{"ttx-b", w.ID, ttxStart},
		{"ttx-z", w.ID, ttxStart.Add(-day)},
		{"ttx-a", w.ID, ttxStart},
		{"ttx-o", other.ID, ttxStart},
		// Within one second: only the fixed-width stamps keep these in time order.
		{"ttx-y", w.ID, ttxStart.Add(day + 500*time.Millisecond)},
		{"ttx-x", w.ID, ttxStart.Add(day + 550*time.Millisecond)},
	} {
		s := ttxSession(c.id, c.start)
		s.Entries = []scenarios.Entry{{Seq: 1, Kind: scenarios.KindNote, At: c.start, Text: c.id}}
		if err := db.CreateSession(ctx, c.w, s); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.Sessions(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
		if s.Workload != "payments" || len(s.Entries) != 1 || s.Entries[0].Text != s.ID {
			t.Errorf("%s: workload %q, entries %+v", s.ID, s.Workload, s.Entries)
		}
	}
	if got := strings.Join(ids, " "); got != "ttx-z ttx-a ttx-b ttx-c ttx-y ttx-x" {
		t.Errorf("order %s", got)
	}
	if list, _ := db.Sessions(ctx, other.ID); len(list) != 1 || list[0].ID != "ttx-o" || list[0].Workload != "audit" {
		t.Errorf("sessions of the other workload: %+v", list)
	}
}

func TestCheckOutcomes(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "audit")
	const mgmt, pay = "111111111111", "222222222222"
	f := func(check string, st checks.Status, account, res string) checks.Finding {
		return checks.Finding{CheckID: check, Status: st, Account: account, Resource: res, ObservedAt: runStart}
	}
	early, late := runStart, runStart.Add(48*time.Hour)
	// Saved newest first: the order comes from the finish times.
	if err := db.SaveRun(ctx, w.ID, store.Run{ID: "run-b", StartedAt: late, FinishedAt: late}, []checks.Finding{
		f("iam.root-mfa", checks.Pass, pay, "root"), f("iam.root-mfa", checks.Pass, mgmt, "root"),
		f("dynamodb.pitr", checks.Pass, pay, "t1"), f("dynamodb.pitr", checks.Fail, pay, "t2"), f("dynamodb.pitr", checks.Unknown, pay, "t3"),
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, w.ID, store.Run{ID: "run-a", StartedAt: early, FinishedAt: early}, []checks.Finding{
		f("iam.root-mfa", checks.Fail, pay, "root"), f("iam.root-mfa", checks.Pass, mgmt, "root"),
		f("dynamodb.pitr", checks.Fail, pay, "t1"), f("dynamodb.pitr", checks.Fail, mgmt, "t2"), f("dynamodb.pitr", checks.Error, pay, "t3"),
		f("s3.versioning", checks.Pass, pay, "b1"), f("s3.versioning", checks.Pass, pay, "b2"),
	}); err != nil {
		t.Fatal(err)
	}
	// A run that covered only the management account.
	mid := early.Add(24 * time.Hour)
	if err := db.SaveRun(ctx, w.ID, store.Run{ID: "run-m", StartedAt: mid, FinishedAt: mid}, []checks.Finding{
		f("iam.root-mfa", checks.Pass, mgmt, "root"),
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, other.ID, store.Run{ID: "run-other", StartedAt: early, FinishedAt: early}, []checks.Finding{
		f("iam.root-mfa", checks.Pass, pay, "root"),
	}); err != nil {
		t.Fatal(err)
	}
	o := func(run string, at time.Time, check, account string, pass, fail, unknown int) review.CheckOutcome {
		return review.CheckOutcome{RunID: run, At: at, CheckID: check, Account: account, Pass: pass, Fail: fail, Unknown: unknown}
	}
	tests := []struct {
		name   string
		checks []string
		want   []review.CheckOutcome
	}{
		{"every check", nil, []review.CheckOutcome{
			o("run-a", early, "dynamodb.pitr", mgmt, 0, 1, 0), o("run-a", early, "dynamodb.pitr", pay, 0, 1, 1),
			o("run-a", early, "iam.root-mfa", mgmt, 1, 0, 0), o("run-a", early, "iam.root-mfa", pay, 0, 1, 0),
			o("run-a", early, "s3.versioning", pay, 2, 0, 0),
			o("run-m", mid, "iam.root-mfa", mgmt, 1, 0, 0),
			o("run-b", late, "dynamodb.pitr", pay, 1, 1, 1),
			o("run-b", late, "iam.root-mfa", mgmt, 1, 0, 0), o("run-b", late, "iam.root-mfa", pay, 1, 0, 0),
		}},
		{"some checks", []string{"iam.root-mfa", "s3.versioning", "guardduty.enabled"}, []review.CheckOutcome{
			o("run-a", early, "iam.root-mfa", mgmt, 1, 0, 0), o("run-a", early, "iam.root-mfa", pay, 0, 1, 0),
			o("run-a", early, "s3.versioning", pay, 2, 0, 0),
			o("run-m", mid, "iam.root-mfa", mgmt, 1, 0, 0),
			o("run-b", late, "iam.root-mfa", mgmt, 1, 0, 0), o("run-b", late, "iam.root-mfa", pay, 1, 0, 0),
		}},
		{"a check no run has", []string{"guardduty.enabled"}, nil},
	}
	for _, tt := range tests {
		got, err := db.CheckOutcomes(ctx, w.ID, tt.checks)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
	// The outcomes drive action items: an item about the payments account
	// is done after run-b, not after run-m, which covered only the
	// management account.
	items := review.ResolveActions([]review.ActionItem{{ID: "ttx-a#7", CheckID: "iam.root-mfa", Accounts: []string{pay},
		CreatedAt: early.Add(time.Hour)}},
		must(db.CheckOutcomes(ctx, w.ID, []string{"iam.root-mfa"})), nil, late.Add(time.Hour))
	if items[0].State != review.ActionDone || items[0].Run != "run-b" || len(items[0].History) != 1 {
		t.Errorf("action item resolved from the outcomes: %+v", items[0])
	}
	if got, err := db.CheckOutcomes(ctx, w.ID+100, nil); err != nil || got != nil {
		t.Errorf("outcomes of an unknown workload: %+v, %v", got, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestNewSessionID(t *testing.T) {
	id, err := store.NewSessionID(time.Date(2026, 10, 28, 15, 0, 0, 0, time.FixedZone("CET", 3600)), bytes.NewReader([]byte{0x1a, 0x2b, 0x3c, 0x4d}))
	if err != nil || id != "ttx-20261028T140000Z-1a2b3c4d" {
		t.Errorf("NewSessionID = %q, %v", id, err)
	}
	a, err1 := store.NewSessionID(ttxStart, nil)
	b, err2 := store.NewSessionID(ttxStart, nil)
	if err1 != nil || err2 != nil || a == b || len(a) != len("ttx-20261028T140000Z-1a2b3c4d") {
		t.Errorf("random ids %q %q (%v, %v)", a, b, err1, err2)
	}
	if _, err := store.NewSessionID(ttxStart, bytes.NewReader([]byte{1})); err == nil || !strings.Contains(err.Error(), "new session id") {
		t.Errorf("short random source: %v", err)
	}
}

// TestSessionDurability kills a process that is appending entries to a
// session, between two entries or in the middle of one, and checks that the
// session resumes: every entry it reported is there, the seqs have no gap,
// the file is intact and the next seq can be appended.
func TestSessionDurability(t *testing.T) {
	if os.Getenv("WARROOM_SESSION_WRITER_DB") != "" {
		t.Skip("running as the session writer child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSessionWriter$")
	cmd.Env = append(os.Environ(), "WARROOM_SESSION_WRITER_DB="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const killAfter = 12
	sc := bufio.NewScanner(out)
	var id string
	var committed []int
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "session "); ok {
			id = s
		}
		if s, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("writer said %q", sc.Text())
			}
			committed = append(committed, n)
			if len(committed) == killAfter {
				cmd.Process.Kill() // SIGKILL: no deferred close, no checkpoint
				break
			}
		}
	}
	cmd.Wait()
	if id == "" || len(committed) < killAfter {
		t.Fatalf("writer reported session %q and %d commits; stderr:\n%s", id, len(committed), stderr.String())
	}

	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Session(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	have := map[int]bool{}
	for i, e := range s.Entries {
		have[e.Seq] = true
		if e.Seq != i+1 {
			t.Errorf("entry %d has seq %d: the log has a gap", i+1, e.Seq)
		}
		if want := fmt.Sprintf("entry %d", e.Seq); e.Seq > 1 && e.Text != want {
			t.Errorf("entry %d text %q, want %q", e.Seq, e.Text, want)
		}
	}
	for _, n := range committed {
		if !have[n] {
			t.Errorf("committed entry %d lost after the crash", n)
		}
	}
	var check string
	rawDB(t, path).QueryRow("PRAGMA integrity_check").Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	// Resume: the next seq goes in, a replay of the last is refused.
	next := len(s.Entries) + 1
	last := s.Entries[len(s.Entries)-1]
	if err := db.AppendEntry(ctx, id, last); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("next must be seq %d", next)) {
		t.Errorf("replay of entry %d after the crash: %v", last.Seq, err)
	}
	resumed := scenarios.Entry{Seq: next, Kind: scenarios.KindResume, At: last.At.Add(time.Minute), By: "sam"}
	if err := db.AppendEntry(ctx, id, resumed); err != nil {
		t.Fatalf("append seq %d after the crash: %v", next, err)
	}
	if s, _ := db.Session(ctx, id); len(s.Entries) != next || s.Entries[next-1].Kind != scenarios.KindResume {
		t.Errorf("after resuming: %d entries", len(s.Entries))
	}
}

// TestHelperSessionWriter is the child of TestSessionDurability: it starts a
// session and appends notes one per transaction, reporting each commit,
// until it is killed.
func TestHelperSessionWriter(t *testing.T) {
	path := os.Getenv("WARROOM_SESSION_WRITER_DB")
	if path == "" {
		t.Skip("only runs as the child of TestSessionDurability")
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.CreateWorkload(ctx, review.Workload{Name: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := store.NewSessionID(ttxStart, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := ttxSession(id, ttxStart)
	s.Entries = ttxEntries()[:1]
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("session %s\ncommitted 1\n", id)
	for seq := 2; seq < 100000; seq++ {
		e := scenarios.Entry{Seq: seq, Kind: scenarios.KindNote, InjectID: "root-login",
			At: ttxStart.Add(time.Duration(seq) * time.Second), By: "sam", Text: fmt.Sprintf("entry %d", seq)}
		if err := db.AppendEntry(ctx, id, e); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", seq)
	}
}

// TestCheckOutcomes_Uncovered: for the checks asked about, an account a run
// read without finding anything for the check gets a row of zeros (nothing
// left to judge is not the same as not looking); accounts the run did not
// read get none, and asking for every check adds none.
func TestCheckOutcomes_Uncovered(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	const mgmt, pay = "111111111111", "222222222222"
	at := runStart
	if err := db.SaveRun(ctx, w.ID, store.Run{ID: "run-c", StartedAt: at, FinishedAt: at, Accounts: []string{mgmt, pay}},
		[]checks.Finding{{CheckID: "iam.root-mfa", Status: checks.Pass, Account: mgmt, Resource: "root", ObservedAt: at}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.CheckOutcomes(ctx, w.ID, []string{"iam.root-mfa", "iam.access-key-age"})
	if err != nil {
		t.Fatal(err)
	}
	want := []review.CheckOutcome{
		{RunID: "run-c", At: at, CheckID: "iam.access-key-age", Account: mgmt},
		{RunID: "run-c", At: at, CheckID: "iam.access-key-age", Account: pay},
		{RunID: "run-c", At: at, CheckID: "iam.root-mfa", Account: mgmt, Pass: 1},
		{RunID: "run-c", At: at, CheckID: "iam.root-mfa", Account: pay},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outcomes:\n got %+v\nwant %+v", got, want)
	}
	all, err := db.CheckOutcomes(ctx, w.ID, nil)
	if err != nil || len(all) != 1 {
		t.Errorf("every check: %+v, %v; want only the one finding's row", all, err)
	}
	// A key deleted in the payments account closes an item about it.
	items := review.ResolveActions([]review.ActionItem{{ID: "ttx-a#3", CheckID: "iam.access-key-age", Accounts: []string{pay},
		CreatedAt: at.Add(-time.Hour)}}, got, nil, at.Add(time.Hour))
	if items[0].State != review.ActionDone || items[0].Run != "run-c" {
		t.Errorf("item about a deleted key: %+v", items[0])
	}
}

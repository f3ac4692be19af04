package store_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

// oldDatabase writes a database as a schema-1 build left it: 0001_init.sql
// applied, the file marked as warroom's at user_version 1 (the only
// bookkeeping Open reads), and stamps in the old RFC3339Nano form with
// trailing zeros trimmed. Each workload is created at the given stamp; fill
// adds rows through the raw connection.
func oldDatabase(t *testing.T, workloadStamps []string, fill func(*sql.DB)) string {
	t.Helper()
	init, err := os.ReadFile(filepath.Join("migrations", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{string(init), fmt.Sprintf("PRAGMA application_id=%d", store.AppID), "PRAGMA user_version=1"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("build old database: %v", err)
		}
	}
	for i, s := range workloadStamps {
		if _, err := raw.Exec(`INSERT INTO workloads (name, created_at) VALUES (?, ?)`, fmt.Sprintf("w%d", i+1), s); err != nil {
			t.Fatal(err)
		}
	}
	if fill != nil {
		fill(raw)
	}
	return path
}

func oldAnswer(raw *sql.DB, t *testing.T, practice, status, note, at, recorded string) {
	t.Helper()
	_, err := raw.Exec(`INSERT INTO answers
		(workload_id, practice_id, status, note, answered_by, answered_at, recorded_at, source)
		VALUES (1, ?, ?, ?, 'dana', ?, ?, 'cli')`, practice, status, note, at, recorded)
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, raw *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func triggerSQL(t *testing.T, raw *sql.DB) map[string]string {
	t.Helper()
	rows, err := raw.Query(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'answers'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			t.Fatal(err)
		}
		out[name] = text
	}
	return out
}

func TestMigrate_OldStampsBecomeFixedWidth(t *testing.T) {
	at := func(sec, nsec int) time.Time { return time.Date(2026, 10, 13, 9, 12, sec, nsec, time.UTC) }
	path := oldDatabase(t, []string{"2026-10-13T09:00:00Z"}, func(raw *sql.DB) {
		// P1: an answer, then a change of mind half a second later. As text
		// "…:00Z" sorts after "…:00.5Z", so the old stamps pick the wrong one.
		oldAnswer(raw, t, "P1", "not-met", "no", "2026-10-13T09:12:00Z", "2026-10-13T09:15:00Z")
		oldAnswer(raw, t, "P1", "met", "fixed", "2026-10-13T09:12:00.5Z", "2026-10-13T09:15:00.25Z")
		// P2: "…:01.55Z" is later than "…:01.5Z" but sorts before it as text;
		// the later one was imported first.
		oldAnswer(raw, t, "P2", "met", "later", "2026-10-13T09:12:01.55Z", "2026-10-13T09:15:01Z")
		oldAnswer(raw, t, "P2", "partial", "earlier", "2026-10-13T09:12:01.5Z", "2026-10-13T09:15:02Z")
		// P3: full nanoseconds were already 30 characters wide.
		oldAnswer(raw, t, "P3", "met", "exact", "2026-10-13T09:12:02.123456789Z", "2026-10-13T09:15:03.000000001Z")
	})
	before := rawDB(t, path)
	wantTriggers := triggerSQL(t, before)
	if len(wantTriggers) != 2 {
		t.Fatalf("old database triggers: %v", wantTriggers)
	}
	wantAnswers, wantWorkloads := count(t, before, "SELECT count(*) FROM answers"), count(t, before, "SELECT count(*) FROM workloads")
	before.Close()

	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = func() time.Time { return time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC) }
	raw := rawDB(t, path)

	if v := count(t, raw, "PRAGMA user_version"); v != store.SchemaVersion() {
		t.Errorf("user_version %d, want %d", v, store.SchemaVersion())
	}
	// Nothing lost.
	if n := count(t, raw, "SELECT count(*) FROM answers"); n != wantAnswers {
		t.Errorf("answers: %d rows, had %d", n, wantAnswers)
	}
	if n := count(t, raw, "SELECT count(*) FROM workloads"); n != wantWorkloads {
		t.Errorf("workloads: %d rows, had %d", n, wantWorkloads)
	}
	// Every stamp rewritten exactly as this build writes the same instant.
	rows, err := raw.Query(`SELECT answered_at, recorded_at FROM answers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var a, r string
		rows.Scan(&a, &r)
		got = append(got, a, r)
	}
	rows.Close()
	want := []string{
		"2026-10-13T09:12:00.000000000Z", "2026-10-13T09:15:00.000000000Z",
		"2026-10-13T09:12:00.500000000Z", "2026-10-13T09:15:00.250000000Z",
		"2026-10-13T09:12:01.550000000Z", "2026-10-13T09:15:01.000000000Z",
		"2026-10-13T09:12:01.500000000Z", "2026-10-13T09:15:02.000000000Z",
		"2026-10-13T09:12:02.123456789Z", "2026-10-13T09:15:03.000000001Z",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("answer stamps:\n got %v\nwant %v", got, want)
	}
	var created string
	raw.QueryRow(`SELECT created_at FROM workloads`).Scan(&created)
	if created != "2026-10-13T09:00:00.000000000Z" {
		t.Errorf("created_at %q", created)
	}

	// The append-only triggers are back, word for word as schema 1 made them.
	if gotTriggers := triggerSQL(t, raw); fmt.Sprint(gotTriggers) != fmt.Sprint(wantTriggers) {
		t.Errorf("triggers after migration:\n%v\nwant\n%v", gotTriggers, wantTriggers)
	}
	for _, q := range []string{"UPDATE answers SET status = 'met'", "DELETE FROM answers", "UPDATE answers SET answered_at = '2026-10-13T09:12:00Z'"} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "answers are append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}

	// The latest answer is the latest in time, even within one second.
	w, err := db.Workload(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	if !w.CreatedAt.Equal(time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("workload created %v", w.CreatedAt)
	}
	cur, err := db.CurrentAnswers(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, a := range cur {
		notes = append(notes, a.PracticeID+"="+a.Note)
	}
	if strings.Join(notes, " ") != "P1=fixed P2=later P3=exact" {
		t.Errorf("current answers: %v", notes)
	}
	if len(cur) == 3 && (!cur[0].At.Equal(at(0, 5e8)) || !cur[0].RecordedAt.Equal(time.Date(2026, 10, 13, 9, 15, 0, 25e7, time.UTC))) {
		t.Errorf("P1 read back at %v, recorded %v", cur[0].At, cur[0].RecordedAt)
	}
	hist, _ := db.AnswerHistory(ctx, w.ID, "P2")
	if len(hist) != 2 || hist[0].Note != "earlier" || hist[1].Note != "later" {
		t.Errorf("P2 history out of time order: %+v", hist)
	}

	// Importing the same answers again adds nothing: de-dup matches the old rows.
	again := []review.Answer{
		{PracticeID: "P1", Status: review.NotMet, Note: "no", By: "dana", At: at(0, 0)},
		{PracticeID: "P1", Status: review.Met, Note: "fixed", By: "dana", At: at(0, 5e8)},
		{PracticeID: "P2", Status: review.Met, Note: "later", By: "dana", At: at(1, 55e7)},
		{PracticeID: "P2", Status: review.Partial, Note: "earlier", By: "dana", At: at(1, 5e8)},
		{PracticeID: "P3", Status: review.Met, Note: "exact", By: "dana", At: at(2, 123456789)},
	}
	if n, err := db.AppendAnswers(ctx, w.ID, "import", again); err != nil || n != 0 {
		t.Errorf("re-import of the old answers added %d rows (%v), want 0", n, err)
	}
	if n := count(t, raw, "SELECT count(*) FROM answers"); n != wantAnswers {
		t.Errorf("answers after re-import: %d rows, had %d", n, wantAnswers)
	}
	// A genuinely new answer is still recorded, in the new form.
	n, err := db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{{PracticeID: "P1", Status: review.Partial, Note: "regressed", By: "dana", At: at(0, 75e7)}})
	if err != nil || n != 1 {
		t.Fatalf("new answer: %d %v", n, err)
	}
	if cur, _ := db.CurrentAnswers(ctx, w.ID); len(cur) == 0 || cur[0].Note != "regressed" {
		t.Errorf("current after a new answer: %+v", cur)
	}
	if bad := count(t, raw, `SELECT count(*) FROM answers WHERE length(answered_at) <> 30 OR length(recorded_at) <> 30`); bad != 0 {
		t.Errorf("%d answers with stamps not 30 characters wide", bad)
	}
}

// TestMigrate_StampForms checks the SQL rewrite against stamp() for every form
// an old build could have written, and that it leaves other text alone.
func TestMigrate_StampForms(t *testing.T) {
	olds := []string{
		"2026-10-13T09:12:00Z",
		"2026-10-13T09:12:00.5Z",
		"2026-10-13T09:12:00.05Z",
		"2026-10-13T09:12:00.123Z",
		"2026-10-13T09:12:00.12345678Z",
		"2026-10-13T09:12:00.123456789Z",
		"2026-10-13T09:12:00.000000000Z",
		"1999-12-31T23:59:59.999999999Z",
	}
	// Not produced by any build (stamps were always UTC); kept unchanged rather than mangled.
	others := []string{"2026-10-13T11:12:00.5+02:00", "2026-10-13T09:12:00.Z", "2026-10-13T09:12:00.5xZ"}
	path := oldDatabase(t, append(append([]string{}, olds...), others...), nil)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := rawDB(t, path)
	for i, old := range append(append([]string{}, olds...), others...) {
		var got string
		if err := raw.QueryRow(`SELECT created_at FROM workloads WHERE name = ?`, fmt.Sprintf("w%d", i+1)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := old
		if i < len(olds) {
			tm, err := store.ParseStamp(old)
			if err != nil {
				t.Fatal(err)
			}
			want = store.Stamp(tm)
		}
		if got != want {
			t.Errorf("%q became %q, want %q", old, got, want)
		}
	}
}

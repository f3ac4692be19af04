package store_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

var ctx = context.Background()

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpen_NewDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path) // reopening applies nothing twice
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := rawDB(t, path)
	var mode string
	var version, app int
	raw.QueryRow("PRAGMA journal_mode").Scan(&mode)
	raw.QueryRow("PRAGMA user_version").Scan(&version)
	raw.QueryRow("PRAGMA application_id").Scan(&app)
	if mode != "wal" || version != store.SchemaVersion() || version < 1 || app == 0 {
		t.Errorf("journal_mode %q, user_version %d (want %d), application_id %d", mode, version, store.SchemaVersion(), app)
	}
	// foreign keys are enforced on the store's own connections
	w, err := db.CreateWorkload(ctx, review.Workload{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AppendAnswers(ctx, w.ID+100, "cli", []review.Answer{{PracticeID: "P", Status: review.Met, By: "d", At: time.Now()}})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("answer for a missing workload: %v", err)
	}
}

func TestOpen_RefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello, not a database\n"), 0o644)

	other := filepath.Join(dir, "other.db")
	raw, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE x (a TEXT); INSERT INTO x VALUES ('keep me')"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	newer := filepath.Join(dir, "newer.db")
	db, err := store.Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ = sql.Open("sqlite", newer)
	raw.Exec(fmt.Sprintf("PRAGMA user_version=%d", store.SchemaVersion()+1))
	raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	raw.Exec("PRAGMA journal_mode=DELETE")
	raw.Close()

	tests := []struct {
		path, want string
	}{
		{text, "not a warroom database (not an SQLite file)"},
		{other, "an SQLite database, but not a warroom one"},
		{newer, fmt.Sprintf("written by a newer warroom (schema %d; this build knows up to %d)", store.SchemaVersion()+1, store.SchemaVersion())},
		{dir, "is a folder"},
	}
	for _, tt := range tests {
		var before [32]byte
		if tt.path != dir {
			before = sum(t, tt.path)
		}
		_, err := store.Open(ctx, tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("Open(%s) = %v, want error containing %q", filepath.Base(tt.path), err, tt.want)
		}
		if tt.path == dir {
			continue
		}
		if sum(t, tt.path) != before {
			t.Errorf("%s was changed by a refused open", filepath.Base(tt.path))
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(tt.path + suffix); err == nil && tt.path != newer {
				t.Errorf("%s%s was created", filepath.Base(tt.path), suffix)
			}
		}
	}
}

func TestWorkloads(t *testing.T) {
	db := storetest.Open(t)
	w, err := db.CreateWorkload(ctx, review.Workload{Name: " payments ", Owner: "platform", Environment: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "payments" || w.ID == 0 || !w.CreatedAt.Equal(storetest.Now) {
		t.Errorf("created %+v", w)
	}
	if _, err := db.CreateWorkload(ctx, review.Workload{Name: "Payments"}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := db.CreateWorkload(ctx, review.Workload{Name: "  "}); err == nil {
		t.Error("empty name accepted")
	}
	db.CreateWorkload(ctx, review.Workload{Name: "audit"})
	ws, err := db.Workloads(ctx)
	if err != nil || len(ws) != 2 || ws[0].Name != "audit" || ws[1].Owner != "platform" {
		t.Errorf("list: %+v %v", ws, err)
	}
	got, err := db.Workload(ctx, "PAYMENTS")
	if err != nil || got.ID != w.ID {
		t.Errorf("lookup ignoring case: %+v %v", got, err)
	}
	if _, err := db.Workload(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing workload: %v", err)
	}
}

func answer(p string, s review.Status, note string, minute int) review.Answer {
	return review.Answer{PracticeID: p, Status: s, Note: note, By: "dana", At: time.Date(2026, 10, 13, 9, minute, 0, 0, time.UTC)}
}

func TestAnswers_AppendOnlyHistory(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "w"})
	n, err := db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{
		answer("P1", review.NotMet, "no", 0), answer("P2", review.Met, "yes", 1), answer("P1", review.Partial, "some", 5),
	})
	if err != nil || n != 3 {
		t.Fatalf("append: %d %v", n, err)
	}
	// An older answer recorded later does not replace the newer one.
	db.AppendAnswers(ctx, w.ID, "import", []review.Answer{answer("P1", review.Met, "old claim", 2)})
	// Equal times: the later insert wins.
	db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{answer("P2", review.NotMet, "changed mind", 1)})

	cur, err := db.CurrentAnswers(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 2 || cur[0].PracticeID != "P1" || cur[0].Status != review.Partial || cur[1].Note != "changed mind" {
		t.Errorf("current: %+v", cur)
	}
	hist, _ := db.AnswerHistory(ctx, w.ID, "P1")
	var notes []string
	for _, a := range hist {
		notes = append(notes, a.Note)
	}
	if strings.Join(notes, ",") != "no,old claim,some" || hist[1].Source != "import" || !hist[0].RecordedAt.Equal(storetest.Now) {
		t.Errorf("history of P1: %v (%+v)", notes, hist)
	}
	all, _ := db.AnswerHistory(ctx, w.ID, "")
	counts, _ := db.AnswerCounts(ctx, w.ID)
	if len(all) != 5 || counts["P1"] != 3 || counts["P2"] != 2 {
		t.Errorf("all %d, counts %v", len(all), counts)
	}

	// The database itself refuses to change or delete answers.
	raw := rawDB(t, db.Path())
	for _, q := range []string{"UPDATE answers SET status = 'met'", "DELETE FROM answers"} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if all2, _ := db.AnswerHistory(ctx, w.ID, ""); len(all2) != 5 {
		t.Errorf("history changed: %d rows", len(all2))
	}
}

func TestAnswers_IdenticalRowsSkipped(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "w"})
	batch := []review.Answer{answer("P1", review.Met, "a", 0), answer("P2", review.NotMet, "b", 1)}
	if n, _ := db.AppendAnswers(ctx, w.ID, "import", batch); n != 2 {
		t.Errorf("first import added %d", n)
	}
	if n, _ := db.AppendAnswers(ctx, w.ID, "import", batch); n != 0 {
		t.Errorf("second import added %d", n)
	}
	if n, _ := db.AppendAnswers(ctx, w.ID, "import", []review.Answer{answer("P1", review.Met, "a, reworded", 0)}); n != 1 {
		t.Errorf("a different note must be kept, added %d", n)
	}
}

func TestAnswers_AllOrNothing(t *testing.T) {
	tests := []struct {
		name string
		bad  review.Answer
		want string
	}{
		{"n/a without reason", review.Answer{PracticeID: "P9", Status: review.NotApplicable, By: "d", At: time.Now()}, "answer 2 (P9): not-applicable needs a reason"},
		{"nobody", review.Answer{PracticeID: "P9", Status: review.Met, At: time.Now()}, "answer 2 (P9): who answered is missing"},
		{"bad status", review.Answer{PracticeID: "P9", Status: "done", By: "d", At: time.Now()}, `answer 2 (P9): status "done"`},
	}
	for _, tt := range tests {
		db := storetest.Open(t)
		w, _ := db.CreateWorkload(ctx, review.Workload{Name: "w"})
		_, err := db.AppendAnswers(ctx, w.ID, "import", []review.Answer{answer("P1", review.Met, "good", 0), tt.bad})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if all, _ := db.AnswerHistory(ctx, w.ID, ""); len(all) != 0 {
			t.Errorf("%s: %d rows stored", tt.name, len(all))
		}
	}
}

// TestDurability kills a writer process mid-stream and checks that every
// answer it reported as committed survives, and that the file is intact.
func TestDurability(t *testing.T) {
	if os.Getenv("WARROOM_WRITER_DB") != "" {
		t.Skip("running as the writer child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "WARROOM_WRITER_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	var committed []string
	for sc.Scan() {
		if p, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			committed = append(committed, p)
			if len(committed) == 25 {
				cmd.Process.Kill()
				break
			}
		}
	}
	cmd.Wait()
	if len(committed) < 25 {
		t.Fatalf("writer reported only %d commits", len(committed))
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w, err := db.Workload(ctx, "crash")
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := db.AnswerHistory(ctx, w.ID, "")
	have := map[string]bool{}
	for _, a := range hist {
		have[a.Note] = true
	}
	for _, c := range committed {
		if !have[c] {
			t.Errorf("committed answer %s lost after the crash", c)
		}
	}
	var check string
	rawDB(t, path).QueryRow("PRAGMA integrity_check").Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
}

// TestHelperWriter is the child of TestDurability: it appends answers one
// per transaction and reports each commit, until it is killed.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("WARROOM_WRITER_DB")
	if path == "" {
		t.Skip("only runs as the child of TestDurability")
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.CreateWorkload(ctx, review.Workload{Name: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10000; i++ {
		note := fmt.Sprintf("n%05d", i)
		if _, err := db.AppendAnswers(ctx, w.ID, "interview", []review.Answer{answer("P1", review.Met, note, 0)}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %s\n", note)
	}
}

func BenchmarkAppendAnswer(b *testing.B) {
	db := storetest.Open(b)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "w"})
	i := 0
	for b.Loop() {
		i++
		if _, err := db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{answer("P1", review.Met, fmt.Sprint(i), 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCurrentAnswers(b *testing.B) {
	db := storetest.Open(b)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "w"})
	var batch []review.Answer
	for p := 0; p < 67; p++ {
		for r := 0; r < 20; r++ {
			batch = append(batch, answer(fmt.Sprintf("P%02d", p), review.Met, fmt.Sprint(r), r))
		}
	}
	if _, err := db.AppendAnswers(ctx, w.ID, "import", batch); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if cur, err := db.CurrentAnswers(ctx, w.ID); err != nil || len(cur) != 67 {
			b.Fatal(len(cur), err)
		}
	}
}

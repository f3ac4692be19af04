package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

// msAssessment scores the built-in lenses with a few answers and one failing
// check, so a frozen assessment has answers, evidence, a contradiction and a
// plan.
func msAssessment(t *testing.T, status review.Status, at time.Time) review.Assessment {
	t.Helper()
	bank := questions.MustDefault()
	answers := []review.Answer{
		{PracticeID: "SEC01-BP02", Status: review.Met, By: "dana", At: at, Note: "root has MFA"},
		{PracticeID: "SEC02-BP01", Status: status, By: "lee", At: at},
		{PracticeID: "REL09-BP04", Status: review.NotApplicable, Reason: "no backups to test", By: "lee", At: at},
	}
	findings := []checks.Finding{{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111111111111",
		Resource: "arn:aws:iam::111111111111:root", Message: "root has no MFA", ObservedAt: at}}
	return review.Assess(review.Input{Workload: review.Workload{ID: 1, Name: "payments"}, Bank: bank,
		Answers: answers, Checks: checks.All(), Findings: findings, Now: at})
}

func msSample(t *testing.T, name string, status review.Status, at time.Time) review.Milestone {
	return review.Milestone{
		Name: name, Note: "quarterly review", CreatedBy: "dana", ToolVersion: "test",
		Frozen: review.Frozen{AnswersThrough: 3, Answers: 3, Run: "run-20261101T090000Z-0a0b0c0d",
			RunFinishedAt: at.Add(-time.Hour), Runs: 2, Sessions: []review.SessionMark{{ID: "ttx-a", Entries: 9}}, ActionUpdatesThrough: 2,
			Lenses: []review.LensMark{{ID: "security", Version: "2024-06", Digest: "sha256:0123"}, {ID: "rel09", Digest: "sha256:4567"}}},
		Assessment: msAssessment(t, status, at),
	}
}

// sameMilestone compares a milestone read back with the one created: every
// field alike, and the frozen assessment the same JSON to the byte (JSON
// does not keep nil and empty lists apart).
func sameMilestone(t *testing.T, got, want review.Milestone) {
	t.Helper()
	gb, err := json.Marshal(got.Assessment)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := json.Marshal(want.Assessment)
	if err != nil {
		t.Fatal(err)
	}
	if string(gb) != string(wb) {
		t.Errorf("milestone %s: frozen assessment differs from the one created\n got %s\nwant %s", want.Name, gb, wb)
	}
	got.Assessment, want.Assessment = review.Assessment{}, review.Assessment{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("milestone %s read back differs\n got %+v\nwant %+v", want.Name, got, want)
	}
}

func TestMilestones_RoundTrip(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "ledger")

	if ms, err := db.Milestones(ctx, w.ID); err != nil || len(ms) != 0 {
		t.Fatalf("milestones before any: %+v, %v", ms, err)
	}
	q3 := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	cest := time.FixedZone("CEST", 2*3600)
	inputs := []review.Milestone{
		msSample(t, "2026-Q3", review.NotMet, q3),
		msSample(t, "2026-Q4", review.Partial, q3.AddDate(0, 3, 0)),
		msSample(t, "Ärger im Q1", review.Met, q3.AddDate(0, 6, 0)),
	}
	inputs[0].CreatedAt = q3.In(cest) // stored and read back in UTC
	inputs[1].CreatedAt = q3.AddDate(0, 3, 0)
	// inputs[2] has no time: the store's clock is used.
	var created []review.Milestone
	for i, in := range inputs {
		m, err := db.CreateMilestone(ctx, w.ID, in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Name, err)
		}
		if m.Number != i+1 {
			t.Errorf("%s: number %d, want %d", in.Name, m.Number, i+1)
		}
		b, err := json.Marshal(in.Assessment)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if want := "sha256:" + hex.EncodeToString(sum[:]); m.Digest != want {
			t.Errorf("%s: digest %s, want %s", in.Name, m.Digest, want)
		}
		if string(m.AssessmentJSON) != string(b) {
			t.Errorf("%s: the created milestone's AssessmentJSON is not the assessment's JSON", in.Name)
		}
		created = append(created, m)
	}
	if created[0].CreatedAt != q3 || created[1].CreatedAt != q3.AddDate(0, 3, 0) || created[2].CreatedAt != storetest.Now {
		t.Errorf("created at %v, %v, %v", created[0].CreatedAt, created[1].CreatedAt, created[2].CreatedAt)
	}
	if created[0].Digest == created[1].Digest {
		t.Errorf("two different assessments have one digest %s", created[0].Digest)
	}

	got, err := db.Milestones(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(created) {
		t.Fatalf("%d milestones read back, want %d", len(got), len(created))
	}
	for i := range got {
		// AssessmentJSON holds the very bytes stored: they hash to the digest.
		sum := sha256.Sum256(got[i].AssessmentJSON)
		if d := "sha256:" + hex.EncodeToString(sum[:]); d != got[i].Digest || len(got[i].AssessmentJSON) == 0 {
			t.Errorf("%s: the stored assessment bytes hash to %s, not the digest %s", got[i].Name, d, got[i].Digest)
		}
		sameMilestone(t, got[i], created[i])
		if got[i].CreatedAt.Location() != time.UTC {
			t.Errorf("%s: created at %v is not UTC", got[i].Name, got[i].CreatedAt)
		}
	}
	var stored string
	if err := rawDB(t, db.Path()).QueryRow(`SELECT assessment FROM milestones WHERE number = 1 AND workload_id = ?`, w.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if string(got[0].AssessmentJSON) != stored {
		t.Errorf("AssessmentJSON is not the stored column:\n got %s\nwant %s", got[0].AssessmentJSON, stored)
	}
	if got[0].Assessment.Summary.Contradictions != 1 || len(got[0].Assessment.Plan) == 0 {
		t.Errorf("frozen summary %+v, plan of %d: the sample lost its contradiction or plan", got[0].Assessment.Summary, len(got[0].Assessment.Plan))
	}

	for _, name := range []string{"2026-q4", "2026-Q4", "ärger im q1"} {
		m, err := db.Milestone(ctx, w.ID, name)
		if err != nil {
			t.Errorf("milestone %q: %v", name, err)
			continue
		}
		want := created[1]
		if strings.HasPrefix(strings.ToLower(name), "ä") {
			want = created[2]
		}
		sameMilestone(t, m, want)
	}
	if _, err := db.Milestone(ctx, w.ID, "2027-Q1"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), `"2027-Q1"`) {
		t.Errorf("unknown milestone: %v", err)
	}
	if _, err := db.Milestone(ctx, other.ID, "2026-Q3"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another workload's milestone: %v", err)
	}

	// Another workload numbers its own milestones and may reuse a name.
	m, err := db.CreateMilestone(ctx, other.ID, msSample(t, "2026-Q3", review.Met, q3))
	if err != nil || m.Number != 1 {
		t.Errorf("other workload's first milestone: number %d, %v", m.Number, err)
	}
	if ms, _ := db.Milestones(ctx, w.ID); len(ms) != 3 {
		t.Errorf("payments has %d milestones after ledger made one, want 3", len(ms))
	}
}

func TestCreateMilestone_Refused(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	first := msSample(t, "2026-Q3", review.NotMet, at)
	first.CreatedAt = at
	if _, err := db.CreateMilestone(ctx, w.ID, first); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateMilestone(ctx, w.ID, msSample(t, "Ärger", review.NotMet, at)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		change   func(*review.Milestone)
		workload int64
		want     string
		exists   bool
	}{
		{"same name", func(m *review.Milestone) { m.Name = "2026-Q3" }, w.ID,
			"2026-Q3 was created 2026-09-30 16:00 UTC by dana, and milestones never change; pick another name", true},
		{"same name in another case", func(m *review.Milestone) { m.Name = "2026-q3" }, w.ID, "2026-Q3 was created", true},
		{"same name, other case beyond ASCII", func(m *review.Milestone) { m.Name = "äRGER" }, w.ID, "Ärger was created", true},
		{"too short", func(m *review.Milestone) { m.Name = "Q4" }, w.ID, `milestone name "Q4" has 2 characters; use 3 to 100`, false},
		{"too long", func(m *review.Milestone) { m.Name = strings.Repeat("q", 101) }, w.ID, "has 101 characters", false},
		{"empty", func(m *review.Milestone) { m.Name = "" }, w.ID, "has 0 characters", false},
		{"reserved", func(m *review.Milestone) { m.Name = "now" }, w.ID, `milestone name "now" is reserved`, false},
		{"reserved in capitals", func(m *review.Milestone) { m.Name = "NOW" }, w.ID, `milestone name "NOW" is reserved`, false},
		{"leading space", func(m *review.Milestone) { m.Name = " 2026-Q4" }, w.ID, "starts or ends with a space", false},
		{"control character", func(m *review.Milestone) { m.Name = "2026\x1b[2J-Q4" }, w.ID, "control or invisible character U+001B", false},
		{"invisible character", func(m *review.Milestone) { m.Name = "2026-\u200bQ4" }, w.ID, "U+200B", false},
		{"nobody", func(m *review.Milestone) { m.CreatedBy = " " }, w.ID, "who creates it is missing", false},
		{"unknown workload", func(*review.Milestone) {}, w.ID + 100, "FOREIGN KEY", false},
	}
	for _, tt := range tests {
		m := msSample(t, "2026-Q4", review.Met, at)
		tt.change(&m)
		_, err := db.CreateMilestone(ctx, tt.workload, m)
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, store.ErrMilestoneExists) != tt.exists {
			t.Errorf("%s: %v, want an error containing %q (exists: %v)", tt.name, err, tt.want, tt.exists)
		}
		// The store serves more than the CLI: its errors name no flag.
		if err != nil && strings.Contains(err.Error(), "--") {
			t.Errorf("%s: the store's error names a command-line flag: %v", tt.name, err)
		}
	}
	raw := rawDB(t, db.Path())
	if n := count(t, raw, "SELECT count(*) FROM milestones"); n != 2 {
		t.Errorf("%d milestones stored, want the 2 made before the refused ones", n)
	}
	m, err := db.CreateMilestone(ctx, w.ID, msSample(t, "2026-Q4", review.Met, at))
	if err != nil || m.Number != 3 {
		t.Errorf("the valid milestone after the refused ones: number %d, %v", m.Number, err)
	}
}

func TestMilestones_AppendOnly(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	m, err := db.CreateMilestone(ctx, w.ID, msSample(t, "2026-Q3", review.NotMet, at))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db.Path())
	for _, q := range []string{
		"UPDATE milestones SET name = '2026-Q4'",
		"UPDATE milestones SET assessment = '{}', digest = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'",
		"UPDATE milestones SET created_by = 'mallory'",
		"DELETE FROM milestones",
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "milestones are append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// The schema refuses what the store would never write.
	for _, q := range []string{
		"INSERT INTO milestones (workload_id, number, name, created_at, created_by, assessment, digest, recorded_at) VALUES (1, 0, 'zero', 'x', 'x', '{}', 'x', 'x')",
		"INSERT INTO milestones (workload_id, number, name, created_at, created_by, assessment, digest, recorded_at) VALUES (1, 1, 'again', 'x', 'x', '{}', 'x', 'x')",
		"INSERT INTO milestones (workload_id, number, name, created_at, created_by, assessment, digest, recorded_at) VALUES (1, 2, '2026-q3', 'x', 'x', '{}', 'x', 'x')",
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "constraint failed") {
			t.Errorf("%s: %v", q, err)
		}
	}
	got, err := db.Milestones(ctx, w.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("milestones after refused changes: %d, %v", len(got), err)
	}
	sameMilestone(t, got[0], m)
}

// tamper runs q on the database file with the append-only triggers dropped,
// as someone editing the file outside warroom could.
func tamper(t *testing.T, path, q string) {
	t.Helper()
	raw := rawDB(t, path)
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range []string{"DROP TRIGGER IF EXISTS milestones_append_only_update", "DROP TRIGGER IF EXISTS milestones_append_only_delete", q} {
		if _, err := tx.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	raw.Close()
}

func TestMilestones_Tampered(t *testing.T) {
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	const sealed = `milestone 1 "2026-Q3" does not match its seal: the milestone row was changed outside warroom; restore the database from a backup`
	// The digest of the assessment '{}', to change both consistently.
	const emptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
	tests := []struct {
		name, q, want string
		// other reads the milestones of the second workload, where the
		// row was moved to.
		other bool
	}{
		{name: "assessment changed",
			q:    `UPDATE milestones SET assessment = replace(assessment, '"high":', '"high":0,"x":') WHERE name = '2026-Q3'`,
			want: "milestone 2026-Q3: its stored assessment has digest sha256:"},
		{name: "digest changed", q: `UPDATE milestones SET digest = 'sha256:00' WHERE name = '2026-Q3'`,
			want: "not the sha256:00 recorded when it was made; the database was changed outside warroom"},
		// Each column the seal covers, the digest with the assessment it
		// covers among them.
		{name: "assessment and digest changed together",
			q: `UPDATE milestones SET assessment = '{}', digest = '` + emptyDigest + `' WHERE name = '2026-Q3'`, want: sealed},
		{name: "frozen changed", q: `UPDATE milestones SET frozen = replace(frozen, '"run":"run-', '"run":"rum-') WHERE name = '2026-Q3'`,
			want: sealed},
		{name: "frozen unreadable", q: `UPDATE milestones SET frozen = '{"answers":"x"}' WHERE name = '2026-Q3'`, want: sealed},
		{name: "created_by changed", q: `UPDATE milestones SET created_by = 'mallory' WHERE name = '2026-Q3'`,
			want: sealed},
		{name: "created_at changed", q: `UPDATE milestones SET created_at = '2020-01-01T00:00:00.000000000Z' WHERE name = '2026-Q3'`,
			want: sealed},
		{name: "note changed", q: `UPDATE milestones SET note = 'annual review' WHERE name = '2026-Q3'`, want: sealed},
		{name: "tool version changed", q: `UPDATE milestones SET tool_version = 'v9' WHERE name = '2026-Q3'`, want: sealed},
		{name: "name changed", q: `UPDATE milestones SET name = '2026-Q2' WHERE name = '2026-Q3'`,
			want: `milestone 1 "2026-Q2" does not match its seal`},
		{name: "number changed", q: `UPDATE milestones SET number = 7 WHERE name = '2026-Q3'`,
			want: `milestone 7 "2026-Q3" does not match its seal`},
		{name: "moved to another workload", q: `UPDATE milestones SET workload_id = (SELECT id FROM workloads WHERE name = 'ledger') WHERE name = '2026-Q3'`,
			want: sealed, other: true},
		{name: "seal changed", q: `UPDATE milestones SET seal = 'sha256:00' WHERE name = '2026-Q3'`, want: sealed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t)
			w := ttxWorkload(t, db, "payments")
			other := ttxWorkload(t, db, "ledger")
			for _, name := range []string{"2026-Q3", "2026-Q4"} {
				if _, err := db.CreateMilestone(ctx, w.ID, msSample(t, name, review.NotMet, at)); err != nil {
					t.Fatal(err)
				}
			}
			// Untouched, every milestone reads.
			if _, err := db.Milestones(ctx, w.ID); err != nil {
				t.Fatal(err)
			}
			tamper(t, db.Path(), tt.q)
			read := w.ID
			if tt.other {
				read = other.ID
			}
			if _, err := db.Milestones(ctx, read); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Milestones: %v, want an error containing %q", err, tt.want)
			}
			if tt.other || tt.name == "name changed" {
				return
			}
			if _, err := db.Milestone(ctx, w.ID, "2026-q3"); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Milestone: %v, want an error containing %q", err, tt.want)
			}
			// The untouched milestone still reads.
			if m, err := db.Milestone(ctx, w.ID, "2026-Q4"); err != nil || m.Number != 2 {
				t.Errorf("untouched milestone: %+v, %v", m, err)
			}
		})
	}
}

// TestMilestones_Deleted: a milestone deleted outside warroom (its trigger
// dropped) leaves a gap in the numbers, which is an error naming the
// missing number; the last one deleted leaves none and is not seen.
func TestMilestones_Deleted(t *testing.T) {
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		deleted []int
		want    string
	}{
		{[]int{1}, "milestone 1 is missing: rows were deleted outside warroom; restore the database from a backup"},
		{[]int{2}, "milestone 2 is missing: rows were deleted outside warroom"},
		{[]int{1, 2}, "milestone 1 is missing"},
		{[]int{3}, ""},
	} {
		db := storetest.Open(t)
		w := ttxWorkload(t, db, "payments")
		for _, name := range []string{"2026-Q2", "2026-Q3", "2026-Q4"} {
			if _, err := db.CreateMilestone(ctx, w.ID, msSample(t, name, review.NotMet, at)); err != nil {
				t.Fatal(err)
			}
		}
		for _, n := range tt.deleted {
			tamper(t, db.Path(), fmt.Sprintf("DELETE FROM milestones WHERE number = %d", n))
		}
		ms, err := db.Milestones(ctx, w.ID)
		switch {
		case tt.want == "" && (err != nil || len(ms) != 3-len(tt.deleted)):
			t.Errorf("deleted %v: %d milestones, %v", tt.deleted, len(ms), err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("deleted %v: %v, want an error containing %q", tt.deleted, err, tt.want)
		}
	}
}

func TestLogMarks(t *testing.T) {
	db := storetest.Open(t)
	w := ttxWorkload(t, db, "payments")
	other := ttxWorkload(t, db, "ledger")

	f, err := db.LogMarks(ctx, w.ID)
	if err != nil || !reflect.DeepEqual(f, review.Frozen{}) {
		t.Fatalf("marks of an empty workload: %+v, %v", f, err)
	}
	// Answers of the other workload first, so ids and counts differ.
	if _, err := db.AppendAnswers(ctx, other.ID, "cli", []review.Answer{answer("SEC01-BP01", review.Met, "", 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{
		answer("SEC01-BP01", review.NotMet, "", 1), answer("SEC01-BP02", review.Met, "", 2), answer("SEC01-BP01", review.Partial, "", 3),
	}); err != nil {
		t.Fatal(err)
	}
	s := ttxSession("ttx-b", ttxStart.Add(time.Hour))
	s.Entries = ttxEntries()[:4]
	if err := db.CreateSession(ctx, w.ID, s); err != nil {
		t.Fatal(err)
	}
	actionSession(t, db, w.ID, "ttx-a")     // 9 entries, started first
	actionSession(t, db, other.ID, "ttx-c") // not this workload's
	empty := ttxSession("ttx-d", ttxStart.Add(2*time.Hour))
	if err := db.CreateSession(ctx, w.ID, empty); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendActionUpdate(ctx, other.ID, review.ActionUpdate{ActionID: "ttx-c#7", State: review.ActionDone, By: "kim", At: ttxAt(90)}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []review.ActionState{review.ActionDone, review.ActionOpen} {
		if err := db.AppendActionUpdate(ctx, w.ID, review.ActionUpdate{ActionID: "ttx-a#7", State: st, By: "lee", At: ttxAt(90)}); err != nil {
			t.Fatal(err)
		}
	}
	// Runs are counted per workload, whichever finished last.
	for i, id := range []string{"run-w-1", "run-w-2", "run-other"} {
		wid := w.ID
		if id == "run-other" {
			wid = other.ID
		}
		if err := db.SaveRun(ctx, wid, sampleRun(id, runStart.Add(-time.Duration(i)*time.Hour)), nil); err != nil {
			t.Fatal(err)
		}
	}
	f, err = db.LogMarks(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := review.Frozen{AnswersThrough: 4, Answers: 3, Runs: 2, ActionUpdatesThrough: 3,
		Sessions: []review.SessionMark{{ID: "ttx-a", Entries: 9}, {ID: "ttx-b", Entries: 4}, {ID: "ttx-d", Entries: 0}}}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("marks\n got %+v\nwant %+v", f, want)
	}
	// One more answer, one more entry and an older run move the marks.
	if _, err := db.AppendAnswers(ctx, w.ID, "cli", []review.Answer{answer("SEC01-BP02", review.NotMet, "", 4)}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, w.ID, sampleRun("run-w-old", runStart.AddDate(0, -1, 0)), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendEntry(ctx, "ttx-b", ttxEntries()[4]); err != nil {
		t.Fatal(err)
	}
	f, err = db.LogMarks(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want.AnswersThrough, want.Answers, want.Runs, want.Sessions[1].Entries = 5, 4, 3, 5
	if !reflect.DeepEqual(f, want) {
		t.Errorf("marks after more\n got %+v\nwant %+v", f, want)
	}
	if f, _ := db.LogMarks(ctx, other.ID); f.Answers != 1 || f.AnswersThrough != 1 || f.Runs != 1 || len(f.Sessions) != 1 || f.ActionUpdatesThrough != 1 {
		t.Errorf("other workload's marks: %+v", f)
	}
	// The action updates after a mark, per workload: this one has ids 2
	// and 3, the other id 1.
	for _, tt := range []struct {
		workload, after int64
		want            int
	}{{w.ID, 0, 2}, {w.ID, 1, 2}, {w.ID, 2, 1}, {w.ID, 3, 0}, {other.ID, 0, 1}, {other.ID, 1, 0}} {
		if n, err := db.ActionUpdatesAfter(ctx, tt.workload, tt.after); err != nil || n != tt.want {
			t.Errorf("ActionUpdatesAfter(%d, %d) = %d, %v; want %d", tt.workload, tt.after, n, err, tt.want)
		}
	}
}

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/review"
)

// ErrMilestoneExists is returned when a workload already has a milestone of
// that name (names compare without regard to case).
var ErrMilestoneExists = errors.New("milestone exists")

// assessmentDigest is "sha256:<hex>" of a frozen assessment's stored JSON.
func assessmentDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// milestoneSeal is what a milestone's seal covers: every column of its row
// that says what it is, as stored (created_at and frozen are the stored
// text), and the digest that covers the assessment. Its JSON, fields in
// this order, is the canonical form the seal hashes.
type milestoneSeal struct {
	Workload    int64  `json:"workload"`
	Number      int    `json:"number"`
	Name        string `json:"name"`
	Note        string `json:"note"`
	CreatedAt   string `json:"created_at"`
	CreatedBy   string `json:"created_by"`
	ToolVersion string `json:"tool_version"`
	Frozen      string `json:"frozen"`
	Digest      string `json:"digest"`
}

// sum is "sha256:<hex>" of the seal's canonical JSON. Text that is not
// UTF-8 is an error: JSON would replace its bytes, so two different rows
// could share a seal.
func (s milestoneSeal) sum() (string, error) {
	for _, v := range []string{s.Name, s.Note, s.CreatedAt, s.CreatedBy, s.ToolVersion, s.Frozen, s.Digest} {
		if !utf8.ValidString(v) {
			return "", fmt.Errorf("text %q is not UTF-8", v)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	return assessmentDigest(b), nil
}

// CreateMilestone freezes m.Assessment under m.Name as the workload's next
// milestone, in one transaction, and returns it with its number, digest and
// creation time (m.CreatedAt, or the store's clock when zero). A name the
// workload already uses is refused with ErrMilestoneExists, naming when and
// by whom the existing one was made.
func (db *DB) CreateMilestone(ctx context.Context, workloadID int64, m review.Milestone) (review.Milestone, error) {
	if err := review.CheckMilestoneName(m.Name); err != nil {
		return m, err
	}
	if strings.TrimSpace(m.CreatedBy) == "" {
		return m, fmt.Errorf("create milestone %s: who creates it is missing", m.Name)
	}
	assessment, err := json.Marshal(m.Assessment)
	if err != nil {
		return m, fmt.Errorf("create milestone %s: assessment: %w", m.Name, err)
	}
	frozen, err := json.Marshal(m.Frozen)
	if err != nil {
		return m, fmt.Errorf("create milestone %s: frozen: %w", m.Name, err)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = db.Now()
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.Digest = assessmentDigest(assessment)
	m.AssessmentJSON = assessment
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// The column compares with NOCASE, which folds ASCII only; names
		// are compared here as diff finds them, in any case of any script.
		rows, err := tx.QueryContext(ctx, `SELECT name, created_at, created_by FROM milestones
			WHERE workload_id = ? ORDER BY number`, workloadID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, at, by string
			if err := rows.Scan(&name, &at, &by); err != nil {
				return err
			}
			if strings.EqualFold(name, m.Name) {
				when := at
				if t, err := parseStamp(at); err == nil {
					when = t.UTC().Format("2006-01-02 15:04 UTC")
				}
				return fmt.Errorf("%w: %s was created %s by %s, and milestones never change; pick another name",
					ErrMilestoneExists, name, when, by)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM milestones WHERE workload_id = ?`,
			workloadID).Scan(&m.Number); err != nil {
			return err
		}
		seal, err := milestoneSeal{Workload: workloadID, Number: m.Number, Name: m.Name, Note: m.Note,
			CreatedAt: stamp(m.CreatedAt), CreatedBy: m.CreatedBy, ToolVersion: m.ToolVersion,
			Frozen: string(frozen), Digest: m.Digest}.sum()
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO milestones
			(workload_id, number, name, note, created_at, created_by, tool_version, frozen, assessment, digest, seal, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			workloadID, m.Number, m.Name, m.Note, stamp(m.CreatedAt), m.CreatedBy, m.ToolVersion,
			string(frozen), string(assessment), m.Digest, seal, db.now())
		return err
	})
	if err != nil {
		return m, fmt.Errorf("create milestone %s: %w", m.Name, err)
	}
	return m, nil
}

const milestoneCols = `workload_id, number, name, note, created_at, created_by, tool_version, frozen, assessment, digest, seal`

// Milestones returns the workload's milestones, oldest first, each with its
// frozen assessment. A stored assessment that no longer matches its digest,
// a row that no longer matches its seal, and a number missing from 1, 2, …
// (a row deleted) are errors: the file was changed outside warroom.
func (db *DB) Milestones(ctx context.Context, workloadID int64) ([]review.Milestone, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+milestoneCols+` FROM milestones
		WHERE workload_id = ? ORDER BY number`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	defer rows.Close()
	var out []review.Milestone
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	// Every row read as sealed; numbers run 1, 2, … with none missing, or
	// a milestone was deleted (with its trigger dropped).
	for i, m := range out {
		if m.Number != i+1 {
			return nil, fmt.Errorf("milestone %d is missing: rows were deleted outside warroom; restore the database from a backup", i+1)
		}
	}
	return out, nil
}

// Milestone returns the workload's milestone of that name (any case), or an
// error wrapping ErrNotFound.
func (db *DB) Milestone(ctx context.Context, workloadID int64, name string) (review.Milestone, error) {
	// Found by number: NOCASE folds ASCII only, names match in any case.
	rows, err := db.sql.QueryContext(ctx, `SELECT number, name FROM milestones WHERE workload_id = ? ORDER BY number`, workloadID)
	if err != nil {
		return review.Milestone{}, fmt.Errorf("milestone %q: %w", name, err)
	}
	defer rows.Close()
	number := 0
	for rows.Next() {
		var n int
		var got string
		if err := rows.Scan(&n, &got); err != nil {
			return review.Milestone{}, fmt.Errorf("milestone %q: %w", name, err)
		}
		if strings.EqualFold(got, name) {
			number = n
			break
		}
	}
	if err := rows.Err(); err != nil {
		return review.Milestone{}, fmt.Errorf("milestone %q: %w", name, err)
	}
	rows.Close()
	if number == 0 {
		return review.Milestone{}, fmt.Errorf("milestone %q: %w", name, ErrNotFound)
	}
	row := db.sql.QueryRowContext(ctx, `SELECT `+milestoneCols+` FROM milestones
		WHERE workload_id = ? AND number = ?`, workloadID, number)
	return scanMilestone(row)
}

// scanMilestone reads a milestone row (milestoneCols) and checks it: the
// assessment against its digest, then every other column against the
// row's seal.
func scanMilestone(s scanner) (review.Milestone, error) {
	var m review.Milestone
	var workload int64
	var at, frozen, assessment, seal string
	if err := s.Scan(&workload, &m.Number, &m.Name, &m.Note, &at, &m.CreatedBy, &m.ToolVersion, &frozen, &assessment,
		&m.Digest, &seal); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		return m, fmt.Errorf("read milestone: %w", err)
	}
	if got := assessmentDigest([]byte(assessment)); got != m.Digest {
		return m, fmt.Errorf("milestone %s: its stored assessment has digest %s, not the %s recorded when it was made; the database was changed outside warroom",
			m.Name, got, m.Digest)
	}
	got, err := milestoneSeal{Workload: workload, Number: m.Number, Name: m.Name, Note: m.Note, CreatedAt: at,
		CreatedBy: m.CreatedBy, ToolVersion: m.ToolVersion, Frozen: frozen, Digest: m.Digest}.sum()
	if err != nil || got != seal {
		return m, fmt.Errorf("milestone %d %q does not match its seal: the milestone row was changed outside warroom; restore the database from a backup",
			m.Number, m.Name)
	}
	if m.CreatedAt, err = parseStamp(at); err != nil {
		return m, fmt.Errorf("milestone %s: bad created_at %q: %w", m.Name, at, err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(frozen), &m.Frozen); err != nil {
		return m, fmt.Errorf("milestone %s: frozen: %w", m.Name, err)
	}
	if err := json.Unmarshal([]byte(assessment), &m.Assessment); err != nil {
		return m, fmt.Errorf("milestone %s: assessment: %w", m.Name, err)
	}
	m.AssessmentJSON = []byte(assessment)
	return m, nil
}

// LogMarks returns the positions a milestone freezes: the last answer row id
// and the number of answer rows, the number of evidence runs, the last
// action update id, and each session with its number of entries. The
// caller sets Run (the run it scored) and Lenses.
func (db *DB) LogMarks(ctx context.Context, workloadID int64) (review.Frozen, error) {
	var f review.Frozen
	if err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), count(*) FROM answers WHERE workload_id = ?`,
		workloadID).Scan(&f.AnswersThrough, &f.Answers); err != nil {
		return f, fmt.Errorf("mark answers: %w", err)
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM runs WHERE workload_id = ?`,
		workloadID).Scan(&f.Runs); err != nil {
		return f, fmt.Errorf("mark runs: %w", err)
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM action_updates WHERE workload_id = ?`,
		workloadID).Scan(&f.ActionUpdatesThrough); err != nil {
		return f, fmt.Errorf("mark action updates: %w", err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT s.id, count(e.id) FROM sessions s
		LEFT JOIN session_entries e ON e.session_id = s.id
		WHERE s.workload_id = ? GROUP BY s.id ORDER BY s.started_at, s.id`, workloadID)
	if err != nil {
		return f, fmt.Errorf("mark sessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sm review.SessionMark
		if err := rows.Scan(&sm.ID, &sm.Entries); err != nil {
			return f, fmt.Errorf("mark sessions: %w", err)
		}
		f.Sessions = append(f.Sessions, sm)
	}
	return f, rows.Err()
}

// ActionUpdatesAfter counts the workload's manual action updates recorded
// after the one whose id is after (0: all of them), the mark a milestone
// keeps in Frozen.ActionUpdatesThrough.
func (db *DB) ActionUpdatesAfter(ctx context.Context, workloadID, after int64) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM action_updates WHERE workload_id = ? AND id > ?`,
		workloadID, after).Scan(&n); err != nil {
		return 0, fmt.Errorf("count action updates: %w", err)
	}
	return n, nil
}

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
		_, err = tx.ExecContext(ctx, `INSERT INTO milestones
			(workload_id, number, name, note, created_at, created_by, tool_version, frozen, assessment, digest, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			workloadID, m.Number, m.Name, m.Note, stamp(m.CreatedAt), m.CreatedBy, m.ToolVersion,
			string(frozen), string(assessment), m.Digest, db.now())
		return err
	})
	if err != nil {
		return m, fmt.Errorf("create milestone %s: %w", m.Name, err)
	}
	return m, nil
}

const milestoneCols = `number, name, note, created_at, created_by, tool_version, frozen, assessment, digest`

// Milestones returns the workload's milestones, oldest first, each with its
// frozen assessment. A stored assessment that no longer matches its digest
// is an error: the file was changed outside warroom.
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

func scanMilestone(s scanner) (review.Milestone, error) {
	var m review.Milestone
	var at, frozen, assessment string
	if err := s.Scan(&m.Number, &m.Name, &m.Note, &at, &m.CreatedBy, &m.ToolVersion, &frozen, &assessment, &m.Digest); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		return m, fmt.Errorf("read milestone: %w", err)
	}
	var err error
	if m.CreatedAt, err = parseStamp(at); err != nil {
		return m, fmt.Errorf("milestone %s: bad created_at %q: %w", m.Name, at, err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if got := assessmentDigest([]byte(assessment)); got != m.Digest {
		return m, fmt.Errorf("milestone %s: its stored assessment has digest %s, not the %s recorded when it was made; the database was changed outside warroom",
			m.Name, got, m.Digest)
	}
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

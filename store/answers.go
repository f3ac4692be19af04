package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/warroom/warroom/review"
)

// AppendAnswers records answers for a workload in one transaction: all of
// them or none. Each is validated first. An answer identical to one already
// recorded (same practice, status, reason, note, by and time) is skipped, so
// importing an export twice adds nothing. It returns how many rows were added.
func (db *DB) AppendAnswers(ctx context.Context, workloadID int64, source string, as []review.Answer) (int, error) {
	for i, a := range as {
		if err := a.Check(); err != nil {
			return 0, fmt.Errorf("answer %d (%s): %w", i+1, a.PracticeID, err)
		}
	}
	added := 0
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		recorded := db.now()
		for _, a := range as {
			ok, err := appendAnswer(ctx, tx, workloadID, source, recorded, a)
			if err != nil {
				return fmt.Errorf("record answer %s: %w", a.PracticeID, err)
			}
			if ok {
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func appendAnswer(ctx context.Context, tx *sql.Tx, workloadID int64, source, recorded string, a review.Answer) (bool, error) {
	at := stamp(a.At)
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM answers WHERE workload_id = ? AND practice_id = ?
		AND status = ? AND reason = ? AND note = ? AND answered_by = ? AND answered_at = ?`,
		workloadID, a.PracticeID, string(a.Status), a.Reason, a.Note, a.By, at).Scan(&n)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO answers
		(workload_id, practice_id, status, reason, note, answered_by, answered_at, recorded_at, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		workloadID, a.PracticeID, string(a.Status), a.Reason, a.Note, a.By, at, recorded, source)
	return err == nil, err
}

const answerCols = `id, practice_id, status, reason, note, answered_by, answered_at, recorded_at, source`

// CurrentAnswers returns the current answer of each answered practice: the
// latest by answer time, then by insertion order.
func (db *DB) CurrentAnswers(ctx context.Context, workloadID int64) ([]review.Answer, error) {
	return db.queryAnswers(ctx, `SELECT `+answerCols+` FROM answers a WHERE workload_id = ?
		AND id = (SELECT b.id FROM answers b WHERE b.workload_id = a.workload_id AND b.practice_id = a.practice_id
		          ORDER BY b.answered_at DESC, b.id DESC LIMIT 1)
		ORDER BY practice_id`, workloadID)
}

// AnswerHistory returns every answer recorded for a workload, oldest first;
// with a practice id, only that practice's.
func (db *DB) AnswerHistory(ctx context.Context, workloadID int64, practiceID string) ([]review.Answer, error) {
	if practiceID == "" {
		return db.queryAnswers(ctx, `SELECT `+answerCols+` FROM answers WHERE workload_id = ?
			ORDER BY answered_at, id`, workloadID)
	}
	return db.queryAnswers(ctx, `SELECT `+answerCols+` FROM answers WHERE workload_id = ? AND practice_id = ?
		ORDER BY answered_at, id`, workloadID, practiceID)
}

// AnswerCounts returns how many answers were recorded per practice.
func (db *DB) AnswerCounts(ctx context.Context, workloadID int64) (map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx,
		`SELECT practice_id, count(*) FROM answers WHERE workload_id = ? GROUP BY practice_id`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("count answers: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count answers: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

func (db *DB) queryAnswers(ctx context.Context, q string, args ...any) ([]review.Answer, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	defer rows.Close()
	var out []review.Answer
	for rows.Next() {
		var a review.Answer
		var status, at, rec string
		if err := rows.Scan(&a.ID, &a.PracticeID, &status, &a.Reason, &a.Note, &a.By, &at, &rec, &a.Source); err != nil {
			return nil, fmt.Errorf("read answers: %w", err)
		}
		a.Status = review.Status(status)
		if a.At, err = parseStamp(at); err != nil {
			return nil, fmt.Errorf("answer %d: bad answered_at %q: %w", a.ID, at, err)
		}
		if a.RecordedAt, err = parseStamp(rec); err != nil {
			return nil, fmt.Errorf("answer %d: bad recorded_at %q: %w", a.ID, rec, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

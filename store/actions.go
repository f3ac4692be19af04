package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/warroom/warroom/review"
)

// AppendActionUpdate records a person closing or reopening an action item by
// hand. u.ActionID must name an action entry ("<session id>#<seq>") of one of
// the workload's sessions; any other id gives an error wrapping ErrNotFound
// that names it. u.State is done or open, u.By is required. Updates are never
// changed or removed: a later update supersedes an earlier one.
func (db *DB) AppendActionUpdate(ctx context.Context, workloadID int64, u review.ActionUpdate) error {
	if u.State != review.ActionDone && u.State != review.ActionOpen {
		return fmt.Errorf("update action item %s: state %q is not done or open", u.ActionID, u.State)
	}
	if strings.TrimSpace(u.By) == "" {
		return fmt.Errorf("update action item %s: the update names nobody; say who made it", u.ActionID)
	}
	if u.At.IsZero() {
		return fmt.Errorf("update action item %s: the update has no time", u.ActionID)
	}
	sessionID, seq, ok := splitActionID(u.ActionID)
	if !ok {
		return fmt.Errorf("update action item %q: not an action item id (<session id>#<entry seq>): %w", u.ActionID, ErrNotFound)
	}
	// One statement: the row goes in only when the item exists, so nothing
	// can remove the item between a check and the write.
	res, err := db.sql.ExecContext(ctx, `INSERT INTO action_updates
		(workload_id, action_id, state, "by", note, at, recorded_at)
		SELECT ?, ?, ?, ?, ?, ?, ?
		WHERE EXISTS (SELECT 1 FROM session_entries e JOIN sessions s ON s.id = e.session_id
			WHERE s.workload_id = ? AND e.session_id = ? AND e.seq = ? AND e.kind = 'action')`,
		workloadID, u.ActionID, string(u.State), u.By, u.Note, stamp(u.At), db.now(),
		workloadID, sessionID, seq)
	if err != nil {
		return fmt.Errorf("update action item %s: %w", u.ActionID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update action item %s: %w", u.ActionID, err)
	}
	if n == 0 {
		return fmt.Errorf("action item %q is not an action of any session of workload %d: %w", u.ActionID, workloadID, ErrNotFound)
	}
	return nil
}

// splitActionID splits "<session id>#<seq>".
func splitActionID(id string) (string, int, bool) {
	i := strings.LastIndexByte(id, '#')
	if i <= 0 {
		return "", 0, false
	}
	seq, err := strconv.Atoi(id[i+1:])
	if err != nil || seq < 1 || strconv.Itoa(seq) != id[i+1:] {
		return "", 0, false // only the canonical form ("#7", not "#07" or "#+7") names an item
	}
	return id[:i], seq, true
}

// ActionUpdates lists every manual update of the workload's action items, by
// time and then the order they were recorded in. Times are UTC.
func (db *DB) ActionUpdates(ctx context.Context, workloadID int64) ([]review.ActionUpdate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT action_id, state, "by", note, at
		FROM action_updates WHERE workload_id = ? ORDER BY at, id`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("list action updates: %w", err)
	}
	defer rows.Close()
	var out []review.ActionUpdate
	for rows.Next() {
		var u review.ActionUpdate
		var state, at string
		if err := rows.Scan(&u.ActionID, &state, &u.By, &u.Note, &at); err != nil {
			return nil, fmt.Errorf("list action updates: %w", err)
		}
		u.State = review.ActionState(state)
		if u.At, err = parseStamp(at); err != nil {
			return nil, fmt.Errorf("list action updates: %s: at: %w", u.ActionID, err)
		}
		u.At = u.At.UTC()
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list action updates: %w", err)
	}
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
)

// NewSessionID returns a session id like "ttx-20261028T140000Z-1a2b3c4d": the
// start time and eight hex digits from r (crypto/rand when r is nil), so two
// sessions started in the same second do not collide.
func NewSessionID(start time.Time, r io.Reader) (string, error) {
	return newID("session", "ttx", start, r)
}

// entryBody is the part of an entry kept in the body column as JSON: every
// field that has no column of its own.
type entryBody struct {
	QuestionID string              `json:"question,omitempty"`
	Stance     scenarios.Stance    `json:"stance,omitempty"`
	Text       string              `json:"text,omitempty"`
	Owner      string              `json:"owner,omitempty"`
	Rationale  string              `json:"rationale,omitempty"`
	PracticeID string              `json:"practice,omitempty"`
	Due        string              `json:"due,omitempty"`
	CheckID    string              `json:"check,omitempty"`
	Scope      []string            `json:"scope,omitempty"`
	Verdict    scenarios.Verdict   `json:"verdict,omitempty"`
	Basis      []string            `json:"basis,omitempty"`
	Variant    string              `json:"variant,omitempty"`
	Shaping    []scenarios.Shaping `json:"shaping,omitempty"`
}

var entryKinds = map[scenarios.EntryKind]bool{
	scenarios.KindInject: true, scenarios.KindClaim: true, scenarios.KindDecision: true,
	scenarios.KindGap: true, scenarios.KindAction: true, scenarios.KindNote: true,
	scenarios.KindPause: true, scenarios.KindResume: true, scenarios.KindEnd: true,
}

func checkEntryKind(e scenarios.Entry) error {
	if !entryKinds[e.Kind] {
		return fmt.Errorf("entry %d: kind %q is not one of inject, claim, decision, gap, action, note, pause, resume, end", e.Seq, e.Kind)
	}
	return nil
}

// CreateSession records a session's header and any entries already in s, in
// one transaction: all or nothing. The entries must be numbered 1, 2, 3… with
// nothing after an end entry. s.Workload is ignored: the session belongs to
// workloadID, whose name Session fills in when reading it back; nor is
// s.RecordedAt: the store's clock sets it. An unknown
// workload gives an error wrapping ErrNotFound.
func (db *DB) CreateSession(ctx context.Context, workloadID int64, s scenarios.Session) error {
	if s.ID == "" {
		return errors.New("create session: the session has no id")
	}
	if s.ScenarioID == "" {
		return fmt.Errorf("create session %s: the session names no scenario", s.ID)
	}
	if s.Mode != "interactive" && s.Mode != "script" {
		return fmt.Errorf("create session %s: mode %q is not interactive or script", s.ID, s.Mode)
	}
	for i, e := range s.Entries {
		if e.Seq != i+1 {
			return fmt.Errorf("create session %s: entry %d has seq %d; entries must be numbered 1, 2, 3… in order", s.ID, i+1, e.Seq)
		}
		if err := checkEntryKind(e); err != nil {
			return fmt.Errorf("create session %s: %w", s.ID, err)
		}
		if i > 0 && s.Entries[i-1].Kind == scenarios.KindEnd {
			return fmt.Errorf("create session %s: entry %d follows the end entry %d; nothing may follow the end", s.ID, e.Seq, i)
		}
	}
	participants := []byte("[]")
	if len(s.Participants) > 0 {
		b, err := json.Marshal(s.Participants)
		if err != nil {
			return fmt.Errorf("create session %s: participants: %w", s.ID, err)
		}
		participants = b
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkNew(ctx, tx, workloadID, "sessions", s.ID); err != nil {
			return err
		}
		recorded := db.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions
			(id, workload_id, scenario_id, scenario_version, scenario_digest, facilitator, participants,
			 evidence_run, mode, started_at, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, workloadID, s.ScenarioID, s.ScenarioVersion, s.ScenarioDigest, s.Facilitator, string(participants),
			s.EvidenceRun, s.Mode, stamp(s.StartedAt), recorded)
		if err != nil {
			return fmt.Errorf("record session: %w", err)
		}
		for _, e := range s.Entries {
			if _, err := insertEntry(ctx, tx, s.ID, recorded, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create session %s: %w", s.ID, err)
	}
	return nil
}

// AppendEntry adds one entry to a session's log in one transaction. The
// entry's Seq must be one more than the last recorded (1 for the first), and
// nothing may follow an end entry. A wrong Seq means another writer got there
// first or the entry is a replay; the error says which seq was expected. An
// unknown session gives an error wrapping ErrNotFound.
func (db *DB) AppendEntry(ctx context.Context, sessionID string, e scenarios.Entry) error {
	if err := checkEntryKind(e); err != nil {
		return fmt.Errorf("append to session %s: %w", sessionID, err)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// Write first, check after: a transaction whose first statement
		// writes takes the write lock at once (waiting out another writer for
		// the busy timeout), so what it reads next is the latest log. Reading
		// first would pin an older snapshot, and a writer that committed
		// meanwhile would fail this one with "database is locked".
		rowid, insErr := insertEntry(ctx, tx, sessionID, db.now(), e)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id = ?`, sessionID).Scan(&n); err != nil {
			return fmt.Errorf("find session: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("session %q: %w", sessionID, ErrNotFound)
		}
		// The last entry before this one (rowid is 0 when the insert failed).
		last, lastKind := 0, ""
		err := tx.QueryRowContext(ctx, `SELECT seq, kind FROM session_entries WHERE session_id = ? AND id <> ?
			ORDER BY seq DESC LIMIT 1`, sessionID, rowid).Scan(&last, &lastKind)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read the last entry: %w", err)
		}
		if scenarios.EntryKind(lastKind) == scenarios.KindEnd {
			return fmt.Errorf("the session ended at entry %d; nothing may follow the end", last)
		}
		if e.Seq != last+1 {
			return seqConflict(e.Seq, last)
		}
		return insErr
	})
	if err != nil {
		return fmt.Errorf("append to session %s: %w", sessionID, err)
	}
	return nil
}

func seqConflict(seq, last int) error {
	return fmt.Errorf("entry seq %d is out of turn: the log has %d entries, so the next must be seq %d "+
		"(another writer added to this session, or this entry is a replay); reload the session and try again",
		seq, last, last+1)
}

// insertEntry adds one entry row and returns its rowid.
func insertEntry(ctx context.Context, tx *sql.Tx, sessionID, recorded string, e scenarios.Entry) (int64, error) {
	body, err := json.Marshal(entryBody{
		QuestionID: e.QuestionID, Stance: e.Stance, Text: e.Text, Owner: e.Owner, Rationale: e.Rationale,
		PracticeID: e.PracticeID, Due: e.Due, CheckID: e.CheckID, Scope: e.Scope, Verdict: e.Verdict, Basis: e.Basis,
		Variant: e.Variant, Shaping: e.Shaping,
	})
	if err != nil {
		return 0, fmt.Errorf("entry %d: %w", e.Seq, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO session_entries
		(session_id, seq, kind, inject_id, at, "by", body, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		sessionID, e.Seq, string(e.Kind), e.InjectID, stamp(e.At), e.By, string(body), recorded)
	if err != nil {
		return 0, fmt.Errorf("record entry %d: %w", e.Seq, err)
	}
	return res.LastInsertId()
}

const sessionCols = `s.id, w.name, s.scenario_id, s.scenario_version, s.scenario_digest, s.facilitator,
	s.participants, s.evidence_run, s.mode, s.started_at, s.recorded_at`

// Session returns a session's header and its entries in seq order, or an
// error wrapping ErrNotFound when there is no such session. Times are UTC.
func (db *DB) Session(ctx context.Context, id string) (*scenarios.Session, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT `+sessionCols+`
		FROM sessions s JOIN workloads w ON w.id = s.workload_id WHERE s.id = ?`, id)
	s, err := scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read session %q: %w", id, err)
	}
	entries, err := db.readEntries(ctx, `SELECT session_id, seq, kind, inject_id, at, "by", body
		FROM session_entries WHERE session_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("read session %q: %w", id, err)
	}
	s.Entries = entries[id]
	return &s, nil
}

// Sessions lists the workload's sessions with their entries, by start time
// and then id.
func (db *DB) Sessions(ctx context.Context, workloadID int64) ([]scenarios.Session, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sessionCols+`
		FROM sessions s JOIN workloads w ON w.id = s.workload_id
		WHERE s.workload_id = ? ORDER BY s.started_at, s.id`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	var out []scenarios.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	entries, err := db.readEntries(ctx, `SELECT e.session_id, e.seq, e.kind, e.inject_id, e.at, e."by", e.body
		FROM session_entries e JOIN sessions s ON s.id = e.session_id
		WHERE s.workload_id = ? ORDER BY e.session_id, e.seq`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	for i := range out {
		out[i].Entries = entries[out[i].ID]
	}
	return out, nil
}

func scanSession(sc scanner) (scenarios.Session, error) {
	var s scenarios.Session
	var participants, started, recorded string
	if err := sc.Scan(&s.ID, &s.Workload, &s.ScenarioID, &s.ScenarioVersion, &s.ScenarioDigest, &s.Facilitator,
		&participants, &s.EvidenceRun, &s.Mode, &started, &recorded); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(participants), &s.Participants); err != nil {
		return s, fmt.Errorf("session %s: participants: %w", s.ID, err)
	}
	if len(s.Participants) == 0 {
		s.Participants = nil
	}
	var err error
	if s.StartedAt, err = parseStamp(started); err != nil {
		return s, fmt.Errorf("session %s: started_at: %w", s.ID, err)
	}
	s.StartedAt = s.StartedAt.UTC()
	if s.RecordedAt, err = parseStamp(recorded); err != nil {
		return s, fmt.Errorf("session %s: recorded_at: %w", s.ID, err)
	}
	s.RecordedAt = s.RecordedAt.UTC()
	return s, nil
}

// readEntries runs q (selecting session_id, seq, kind, inject_id, at, by,
// body) and groups the entries by session, in the query's order.
func (db *DB) readEntries(ctx context.Context, q string, args ...any) (map[string][]scenarios.Entry, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read entries: %w", err)
	}
	defer rows.Close()
	out := map[string][]scenarios.Entry{}
	for rows.Next() {
		var sid, kind, at, body string
		var e scenarios.Entry
		if err := rows.Scan(&sid, &e.Seq, &kind, &e.InjectID, &at, &e.By, &body); err != nil {
			return nil, fmt.Errorf("read entries: %w", err)
		}
		e.Kind = scenarios.EntryKind(kind)
		if e.At, err = parseStamp(at); err != nil {
			return nil, fmt.Errorf("session %s entry %d: at: %w", sid, e.Seq, err)
		}
		e.At = e.At.UTC()
		var b entryBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, fmt.Errorf("session %s entry %d: body: %w", sid, e.Seq, err)
		}
		e.QuestionID, e.Stance, e.Text, e.Owner, e.Rationale = b.QuestionID, b.Stance, b.Text, b.Owner, b.Rationale
		e.PracticeID, e.Due, e.CheckID, e.Verdict, e.Basis = b.PracticeID, b.Due, b.CheckID, b.Verdict, b.Basis
		e.Scope, e.Variant, e.Shaping = b.Scope, b.Variant, b.Shaping
		out[sid] = append(out[sid], e)
	}
	return out, rows.Err()
}

// CheckOutcomes counts the findings of each check in each account in each
// of the workload's runs: pass, fail, and unknown (which includes findings
// whose collection errored: they say nothing either way). Only the given
// checks are counted, or every check when checkIDs is empty. Rows come by run
// finish time, run id, check id and account; a check and account a run has no
// findings for has no row.
func (db *DB) CheckOutcomes(ctx context.Context, workloadID int64, checkIDs []string) ([]review.CheckOutcome, error) {
	q := strings.Builder{}
	q.WriteString(`SELECT r.id, r.finished_at, f.check_id, f.account,
			sum(f.status = 'pass'), sum(f.status = 'fail'), sum(f.status IN ('unknown', 'error'))
		FROM findings f JOIN runs r ON r.id = f.run_id
		WHERE r.workload_id = ?`)
	args := []any{workloadID}
	if len(checkIDs) > 0 {
		q.WriteString(" AND f.check_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(checkIDs)), ", ") + ")")
		for _, id := range checkIDs {
			args = append(args, id)
		}
	}
	q.WriteString(" GROUP BY r.id, f.check_id, f.account ORDER BY r.finished_at, r.id, f.check_id, f.account")
	rows, err := db.sql.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("count check outcomes: %w", err)
	}
	defer rows.Close()
	var out []review.CheckOutcome
	for rows.Next() {
		var o review.CheckOutcome
		var finished string
		if err := rows.Scan(&o.RunID, &finished, &o.CheckID, &o.Account, &o.Pass, &o.Fail, &o.Unknown); err != nil {
			return nil, fmt.Errorf("count check outcomes: %w", err)
		}
		if o.At, err = parseStamp(finished); err != nil {
			return nil, fmt.Errorf("count check outcomes: run %s: finished_at: %w", o.RunID, err)
		}
		o.At = o.At.UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count check outcomes: %w", err)
	}
	if len(checkIDs) == 0 {
		return out, nil
	}
	return db.addUncovered(ctx, workloadID, checkIDs, out)
}

// addUncovered adds a row of zeros for every (run, check, account) where the
// run read the account but found nothing for the check: no resource left to
// judge (a deleted key, a removed bucket) is not the same as not looking.
func (db *DB) addUncovered(ctx context.Context, workloadID int64, checkIDs []string, out []review.CheckOutcome) ([]review.CheckOutcome, error) {
	seen := map[[3]string]bool{}
	for _, o := range out {
		seen[[3]string{o.RunID, o.CheckID, o.Account}] = true
	}
	runs, err := db.Runs(ctx, workloadID)
	if err != nil {
		return nil, fmt.Errorf("count check outcomes: %w", err)
	}
	for _, r := range runs {
		for _, check := range checkIDs {
			for _, acct := range r.Accounts {
				if !seen[[3]string{r.ID, check, acct}] {
					out = append(out, review.CheckOutcome{RunID: r.ID, At: r.FinishedAt.UTC(), CheckID: check, Account: acct})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.RunID != b.RunID {
			return a.RunID < b.RunID
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		return a.Account < b.Account
	})
	return out, nil
}

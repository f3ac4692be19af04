package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warroom/warroom/checks"
)

// Run is one evidence collection: where it looked, how it went and the
// inventory its findings were judged on.
type Run struct {
	ID         string    `json:"id"`
	WorkloadID int64     `json:"-"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Accounts   []string  `json:"accounts"`
	Regions    []string  `json:"regions"`
	// Options are the collection options as JSON (profile and role names,
	// never keys or tokens).
	Options json.RawMessage `json:"options,omitempty"`
	// Stats are the collector's counts as JSON (calls, gaps by code, elapsed).
	Stats json.RawMessage `json:"stats,omitempty"`
	// Error is the collection error when the run ended early but still saved
	// what it had read.
	Error       string `json:"error,omitempty"`
	ToolVersion string `json:"tool_version,omitempty"`
	// Catalogue is the check catalogue the run was judged with, as a JSON
	// array of checks.Check (about 50 KB); empty for a run recorded before
	// warroom kept it. SaveRun stores it; only Run reads it back, LatestRun
	// and Runs leave it nil.
	Catalogue json.RawMessage `json:"-"`
	// Inventory is what the checks judged. SaveRun stores it; Run, LatestRun
	// and Runs leave it nil: RunInventory reads it.
	Inventory *checks.Inventory `json:"-"`
}

// FindingFilter narrows Findings. Empty fields match everything.
type FindingFilter struct {
	Statuses []checks.Status
	// CheckIDs are exact ids or prefixes ending in "*" ("iam.*").
	CheckIDs []string
	Accounts []string
	// Regions are region names; "global" matches account-wide findings (region "").
	Regions []string
}

// NewRunID returns a run id like "run-20261102T103000Z-3f9a01c2": the start
// time and eight hex digits from r (crypto/rand when r is nil), so two runs
// started in the same second do not collide.
func NewRunID(start time.Time, r io.Reader) (string, error) {
	return newID("run", "run", start, r)
}

// newID is prefix, the start time and eight hex digits from r (crypto/rand
// when r is nil); what names the id in errors.
func newID(what, prefix string, start time.Time, r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, 4)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("new %s id: %w", what, err)
	}
	return formatID(prefix, start, b), nil
}

// formatID is prefix, the start time to the second in UTC and suffix in
// hex: "run-20261028T140000Z-1a2b3c4d".
func formatID(prefix string, start time.Time, suffix []byte) string {
	return prefix + "-" + start.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(suffix)
}

// StableRunID returns a run id for start whose suffix is derived from seed,
// so the same inputs always give the same id (the demo uses it).
func StableRunID(start time.Time, seed string) string {
	sum := sha256.Sum256([]byte(seed + "|" + stamp(start)))
	return formatID("run", start, sum[:4])
}

// SaveRun records a run and its findings in one transaction: all or nothing.
// Each finding's RunID is set to the run's id.
func (db *DB) SaveRun(ctx context.Context, workloadID int64, r Run, fs []checks.Finding) error {
	if r.ID == "" {
		return errors.New("save run: the run has no id")
	}
	for i, f := range fs {
		switch f.Status {
		case checks.Pass, checks.Fail, checks.Unknown, checks.Error:
		default:
			return fmt.Errorf("save run %s: finding %d (%s): status %q is not one of pass, fail, unknown, error", r.ID, i+1, f.CheckID, f.Status)
		}
	}
	if len(r.Catalogue) > 0 && !json.Valid(r.Catalogue) {
		return fmt.Errorf("save run %s: the check catalogue is not valid JSON", r.ID)
	}
	inv := []byte("{}")
	if r.Inventory != nil {
		b, err := json.Marshal(r.Inventory)
		if err != nil {
			return fmt.Errorf("save run %s: inventory: %w", r.ID, err)
		}
		inv = b
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkNew(ctx, tx, workloadID, "runs", r.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO runs
			(id, workload_id, started_at, finished_at, accounts, regions, options, stats, inventory, error, tool_version, catalogue, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, workloadID, stamp(r.StartedAt), stamp(r.FinishedAt), jsonList(r.Accounts), jsonList(r.Regions),
			rawOr(r.Options, "{}"), rawOr(r.Stats, "{}"), string(inv), r.Error, r.ToolVersion, string(r.Catalogue), db.now())
		if err != nil {
			return fmt.Errorf("record run: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO findings
			(run_id, check_id, status, account, region, resource, message, evidence, actions, observed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("record findings: %w", err)
		}
		defer stmt.Close()
		for _, f := range fs {
			if _, err := stmt.ExecContext(ctx, r.ID, f.CheckID, string(f.Status), f.Account, f.Region, f.Resource,
				f.Message, string(f.Evidence), jsonList(f.Actions), stamp(f.ObservedAt)); err != nil {
				return fmt.Errorf("record finding %s %s: %w", f.CheckID, f.Resource, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save run %s: %w", r.ID, err)
	}
	return nil
}

// runCols are the columns scanRun reads: every column of a run but its
// inventory and check catalogue, which are large and read only where one
// run's are needed (RunInventory, Run).
const runCols = `id, workload_id, started_at, finished_at, accounts, regions, options, stats, error, tool_version`

// LatestRun returns the workload's most recent run (by finish time),
// without its check catalogue and inventory, or an error wrapping
// ErrNotFound when there is none.
func (db *DB) LatestRun(ctx context.Context, workloadID int64) (Run, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE workload_id = ?
		ORDER BY finished_at DESC, recorded_at DESC, rowid DESC LIMIT 1`, workloadID)
	r, err := scanRun(row, false)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("latest run: %w", ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read latest run: %w", err)
	}
	return r, nil
}

// Run returns the run with the given id, with its check catalogue and
// without its inventory.
func (db *DB) Run(ctx context.Context, id string) (Run, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT `+runCols+`, catalogue FROM runs WHERE id = ?`, id)
	r, err := scanRun(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("run %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read run %q: %w", id, err)
	}
	return r, nil
}

// RunInventory returns the inventory the run's findings were judged on (an
// empty one when the run was saved without), or an error wrapping
// ErrNotFound when there is no such run.
func (db *DB) RunInventory(ctx context.Context, id string) (*checks.Inventory, error) {
	var b string
	err := db.sql.QueryRowContext(ctx, `SELECT inventory FROM runs WHERE id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("inventory of run %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read inventory of run %q: %w", id, err)
	}
	inv := &checks.Inventory{}
	if err := json.Unmarshal([]byte(b), inv); err != nil {
		return nil, fmt.Errorf("read inventory of run %q: %w", id, err)
	}
	return inv, nil
}

// Runs lists the workload's runs, newest first, without their check
// catalogues and inventories (Run reads one run's catalogue).
func (db *DB) Runs(ctx context.Context, workloadID int64) ([]Run, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+runCols+` FROM runs WHERE workload_id = ?
		ORDER BY finished_at DESC, recorded_at DESC, rowid DESC`, workloadID)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows, false)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Findings returns the run's findings that match the filter, ordered like
// checks.SortFindings: account, check, region, resource.
func (db *DB) Findings(ctx context.Context, runID string, f FindingFilter) ([]checks.Finding, error) {
	q := strings.Builder{}
	q.WriteString(`SELECT run_id, check_id, status, account, region, resource, message, evidence, actions, observed_at
		FROM findings WHERE run_id = ?`)
	args := []any{runID}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		q.WriteString(" AND " + col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ") + ")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	var statuses []string
	for _, s := range f.Statuses {
		statuses = append(statuses, string(s))
	}
	in("status", statuses)
	in("account", f.Accounts)
	var regions []string
	for _, r := range f.Regions {
		if r == "global" {
			r = ""
		}
		regions = append(regions, r)
	}
	in("region", regions)
	if len(f.CheckIDs) > 0 {
		var ors []string
		for _, id := range f.CheckIDs {
			if prefix, ok := strings.CutSuffix(id, "*"); ok {
				ors = append(ors, "substr(check_id, 1, ?) = ?")
				args = append(args, len(prefix), prefix)
				continue
			}
			ors = append(ors, "check_id = ?")
			args = append(args, id)
		}
		q.WriteString(" AND (" + strings.Join(ors, " OR ") + ")")
	}
	q.WriteString(" ORDER BY account, check_id, region, resource, id")
	rows, err := db.sql.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read findings of %s: %w", runID, err)
	}
	defer rows.Close()
	out := []checks.Finding{}
	for rows.Next() {
		var fd checks.Finding
		var status, evidence, actions, observed string
		if err := rows.Scan(&fd.RunID, &fd.CheckID, &status, &fd.Account, &fd.Region, &fd.Resource, &fd.Message,
			&evidence, &actions, &observed); err != nil {
			return nil, fmt.Errorf("read findings of %s: %w", runID, err)
		}
		fd.Status = checks.Status(status)
		if evidence != "" {
			fd.Evidence = json.RawMessage(evidence)
		}
		if err := json.Unmarshal([]byte(actions), &fd.Actions); err != nil {
			return nil, fmt.Errorf("read findings of %s: actions: %w", runID, err)
		}
		if len(fd.Actions) == 0 {
			fd.Actions = nil
		}
		if fd.ObservedAt, err = parseStamp(observed); err != nil {
			return nil, fmt.Errorf("read findings of %s: observed_at: %w", runID, err)
		}
		out = append(out, fd)
	}
	return out, rows.Err()
}

// scanRun reads the runCols of a run and, when withCatalogue says the query
// selected it after them, its check catalogue.
func scanRun(s scanner, withCatalogue bool) (Run, error) {
	var r Run
	var started, finished, accounts, regions, options, stats, catalogue string
	dest := []any{&r.ID, &r.WorkloadID, &started, &finished, &accounts, &regions, &options, &stats, &r.Error, &r.ToolVersion}
	if withCatalogue {
		dest = append(dest, &catalogue)
	}
	if err := s.Scan(dest...); err != nil {
		return r, err
	}
	var err error
	if r.StartedAt, err = parseStamp(started); err != nil {
		return r, fmt.Errorf("run %s: started_at: %w", r.ID, err)
	}
	if r.FinishedAt, err = parseStamp(finished); err != nil {
		return r, fmt.Errorf("run %s: finished_at: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(accounts), &r.Accounts); err != nil {
		return r, fmt.Errorf("run %s: accounts: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(regions), &r.Regions); err != nil {
		return r, fmt.Errorf("run %s: regions: %w", r.ID, err)
	}
	r.Options, r.Stats = json.RawMessage(options), json.RawMessage(stats)
	if catalogue != "" {
		r.Catalogue = json.RawMessage(catalogue)
	}
	return r, nil
}

func jsonList(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ss)
	return string(b)
}

func rawOr(b json.RawMessage, def string) string {
	if len(b) == 0 {
		return def
	}
	return string(b)
}

// checkNew makes sure the workload exists and no row of table (runs or
// sessions, both append-only) has the id yet.
func checkNew(ctx context.Context, tx *sql.Tx, workloadID int64, table, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workloads WHERE id = ?`, workloadID).Scan(&n); err != nil {
		return fmt.Errorf("find workload %d: %w", workloadID, err)
	}
	if n == 0 {
		return fmt.Errorf("workload %d: %w", workloadID, ErrNotFound)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("find %s %s: %w", table, id, err)
	}
	if n > 0 {
		return fmt.Errorf("a %s with this id is already saved; %s are append-only", strings.TrimSuffix(table, "s"), table)
	}
	return nil
}

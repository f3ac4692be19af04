// Package store keeps warroom's data in one SQLite file (modernc.org/sqlite,
// no cgo): workloads and the append-only answer log, with versioned migrations.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a workload or record does not exist.
var ErrNotFound = errors.New("not found")

// appID marks a SQLite file as a warroom database (PRAGMA application_id).
const appID = 0x57415252 // "WARR"

// DB is an open warroom database.
type DB struct {
	sql  *sql.DB
	path string
	// Now is the clock used for recorded_at and created_at stamps.
	Now func() time.Time
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, name, string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

var sqliteMagic = []byte("SQLite format 3\x00")

// Open opens or creates the database at path and applies pending migrations.
// A file that is not a warroom database, or one written by a newer warroom,
// is refused before anything in it is changed.
func Open(ctx context.Context, path string) (*DB, error) {
	fresh, err := inspectFile(path)
	if err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{sql: sdb, path: path, Now: time.Now}
	if err := db.prepare(ctx, fresh); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// inspectFile refuses files that are not SQLite; it reports whether the file
// is new or empty.
func inspectFile(path string) (fresh bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	if st.IsDir() {
		return false, fmt.Errorf("open database %s: is a folder; pass --db with a file path", path)
	}
	if st.Size() == 0 {
		return true, nil
	}
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return false, fmt.Errorf("open database %s: not a warroom database (not an SQLite file); "+
			"pass --db with a warroom database or a new file name; the file was not changed", path)
	}
	return false, nil
}

func (db *DB) prepare(ctx context.Context, fresh bool) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	known := ms[len(ms)-1].version
	if !fresh {
		var id int
		if err := db.sql.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
			return fmt.Errorf("open database %s: %w", db.path, err)
		}
		var tables int
		if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
			return fmt.Errorf("open database %s: %w", db.path, err)
		}
		if id != appID && tables > 0 {
			return fmt.Errorf("open database %s: an SQLite database, but not a warroom one; "+
				"pass --db with a warroom database or a new file name; the file was not changed", db.path)
		}
		var ver int
		if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
			return fmt.Errorf("open database %s: %w", db.path, err)
		}
		if ver > known {
			return fmt.Errorf("open database %s: written by a newer warroom (schema %d; this build knows up to %d); "+
				"upgrade warroom to open it; the file was not changed", db.path, ver, known)
		}
	}
	if _, err := db.sql.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		return fmt.Errorf("open database %s: set WAL: %w", db.path, err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration in a transaction unless it is already applied.
func (db *DB) apply(ctx context.Context, m migration) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	var ver int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if ver >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id=%d", appID)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version=%d", m.version)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Path is the database file.
func (db *DB) Path() string { return db.path }

func (db *DB) now() string { return stamp(db.Now()) }

// stampLayout is RFC 3339 with nanoseconds always written, so stamps sort as
// text in time order (RFC3339Nano trims trailing zeros, which does not).
const stampLayout = "2006-01-02T15:04:05.000000000Z07:00"

func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

func parseStamp(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// inTx runs fn in one transaction.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Package storetest opens real warroom databases in temporary folders for tests.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom/store"
)

// Now is the fixed clock of databases opened by Open.
var Now = time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC)

// Open opens a new database file in t.TempDir() with a fixed clock; it is
// closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "warroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return Now }
	t.Cleanup(func() { db.Close() })
	return db
}

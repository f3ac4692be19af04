package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom/store"
)

// fixedNow is the clock of every command test.
var fixedNow = time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC)

// harness runs warroom commands against a temporary database with buffers
// for its streams and a fixed clock.
type harness struct {
	t      *testing.T
	dir    string
	db     string
	env    map[string]string
	tty    bool
	now    time.Time
	out    *bytes.Buffer
	errOut *bytes.Buffer
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	return &harness{t: t, dir: dir, db: filepath.Join(dir, "warroom.db"), env: map[string]string{}, now: fixedNow}
}

// run executes warroom with args (--db is added) and input on stdin; it
// returns the exit code. Output is in h.out and h.errOut, reset per run.
func (h *harness) run(input string, args ...string) int {
	h.t.Helper()
	io, out, errOut := testIO(input)
	io.InTTY = h.tty
	h.out, h.errOut = out, errOut
	f := newFactory(io)
	f.Version = "test"
	f.Now = func() time.Time { return h.now }
	f.Getenv = func(k string) string { return h.env[k] }
	return runWith(context.Background(), f, append([]string{"--db", h.db}, args...))
}

// mustRun is run that fails the test unless the exit code is 0.
func (h *harness) mustRun(args ...string) string {
	h.t.Helper()
	if code := h.run("", args...); code != 0 {
		h.t.Fatalf("warroom %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, h.out, h.errOut)
	}
	return h.out.String()
}

// write creates a file in the harness folder and returns its path.
func (h *harness) write(name, content string) string {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// runIDs lists the ids of every run stored in the harness database, over
// all workloads, for checking that a failed command stored nothing.
func (h *harness) runIDs() []string {
	h.t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	ws, err := db.Workloads(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	ids := []string{}
	for _, w := range ws {
		runs, err := db.Runs(ctx, w.ID)
		if err != nil {
			h.t.Fatal(err)
		}
		for _, r := range runs {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

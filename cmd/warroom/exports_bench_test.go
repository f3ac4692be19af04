package main

import (
	"os"
	"path/filepath"
	"testing"
)

// demoDB builds the demo (two milestones, one run per quarter, a session)
// into a temporary folder and returns its database.
func demoDB(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	io, _, errOut := testIO("")
	if code := runWith(b.Context(), newFactory(io), []string{"demo", "--out", dir}); code != 0 {
		b.Fatalf("demo: exit %d: %s", code, errOut)
	}
	return filepath.Join(dir, "demo.db")
}

// runBench runs one warroom command per iteration against db.
func runBench(b *testing.B, db string, args ...string) {
	b.Helper()
	for b.Loop() {
		io, _, errOut := testIO("")
		if code := runWith(b.Context(), newFactory(io), append([]string{"--db", db}, args...)); code != 0 {
			b.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
}

// BenchmarkExport measures `export` of the demo's 2026-Q4 milestone (the
// whole command: opening the database, rendering every file, zipping) and
// reports the bundle's size; BenchmarkVerify measures `verify` of it.
func BenchmarkExport(b *testing.B) {
	db := demoDB(b)
	out := filepath.Join(b.TempDir(), "bundle.zip")
	runBench(b, db, "export", "--by", "bench", "--force", "--out", out)
	st, err := os.Stat(out)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Size()), "bundle-bytes")
}

func BenchmarkVerify(b *testing.B) {
	db := demoDB(b)
	out := filepath.Join(b.TempDir(), "bundle.zip")
	io, _, errOut := testIO("")
	if code := runWith(b.Context(), newFactory(io), []string{"--db", db, "export", "--by", "bench", "--out", out}); code != 0 {
		b.Fatalf("export: exit %d: %s", code, errOut)
	}
	for b.Loop() {
		io, _, errOut := testIO("")
		if code := runWith(b.Context(), newFactory(io), []string{"verify", out}); code != 0 {
			b.Fatalf("verify: exit %d: %s", code, errOut)
		}
	}
}

// BenchmarkFindingsExport measures `findings export` of the demo's latest
// run (142 findings) in each format.
func BenchmarkFindingsExport(b *testing.B) {
	db := demoDB(b)
	for _, format := range []string{"ocsf", "asff", "csv"} {
		b.Run(format, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "findings."+format)
			runBench(b, db, "findings", "export", "--format", format, "--out", out)
		})
	}
}

// BenchmarkDiff measures `diff 2026-Q3 2026-Q4 -o json` on the demo.
func BenchmarkDiff(b *testing.B) {
	runBench(b, demoDB(b), "diff", "2026-Q3", "2026-Q4", "-o", "json")
}

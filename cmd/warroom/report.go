package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
)

type reportOptions struct {
	f      *factory
	Format string
	Out    string
	Since  string
}

func newCmdReport(f *factory, runF func(*reportOptions) error) *cobra.Command {
	opts := &reportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render the review as Markdown, self-contained HTML, JSON or CSV",
		Long: `Renders the scored review: summary with risk counts and a chart, contradictions,
the improvement plan in priority order, every question with each practice's
answer, note, who and when, and, once 'warroom collect' has run, an appendix
of the evidence: per check its pass/fail/unknown counts, the failing
resources and the actions to grant for what could not be read. HTML is one self-contained file (inline
CSS and SVG, no scripts, no network) that prints cleanly. Once the workload
has milestones ('warroom milestone create'), md and html reports show the risk
counts of each milestone and what changed since the milestone before the
review, or since --since NAME.`,
		Example: `  warroom report --format html --out review.html
  warroom report --format md > review.md
  warroom report --since 2026-Q2 --out review.html`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format == "" {
				opts.Format = formatFromExt(opts.Out)
			}
			switch opts.Format {
			case "md", "html", "json", "csv":
			default:
				return usageErrorf("--format %q is not one of md, html, json, csv", opts.Format)
			}
			if strings.EqualFold(opts.Since, review.NowLabel) {
				return usageErrorf("--since %q names the current review; pass the milestone to compare it with", opts.Since)
			}
			if opts.Since != "" && opts.Format != "md" && opts.Format != "html" {
				return usageErrorf("--since sets the trend of md and html reports; the %s format has none", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "md, html, json or csv (default: from --out's extension, else md)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file to write (default: standard output)")
	cmd.Flags().StringVar(&opts.Since, "since", "", "milestone to compare the review with; default: the one before it")
	cmd.Flags().StringArrayVar(&f.Global.ScenarioDirs, "scenario-dir", nil,
		"folder of custom scenarios whose sessions the report shows (repeatable; built-in ones need none)")
	return cmd
}

func formatFromExt(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "html"
	case ".json":
		return "json"
	case ".csv":
		return "csv"
	}
	return "md"
}

func reportRun(ctx context.Context, opts *reportOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	a, ev, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	sessions, err := ws.db.Sessions(ctx, ws.w.ID)
	if err != nil {
		return err
	}
	aars, err := f.afterActions(ctx, ws, sessions)
	if err != nil {
		return err
	}
	o := reports.Options{Version: f.Version, Lenses: ws.bank.Lenses, Bank: ws.bank, Evidence: ev, Sessions: aars}
	if opts.Format == "md" || opts.Format == "html" {
		if o.Trend, err = f.currentTrend(ctx, ws, a, opts.Since); err != nil {
			return err
		}
	}
	b, err := render(opts.Format, a, o)
	if err != nil {
		return err
	}
	return writeOutput(f, opts.Out, opts.Format, "report", b)
}

func render(format string, a review.Assessment, o reports.Options) ([]byte, error) {
	switch format {
	case "html":
		return reports.HTML(a, o)
	case "json":
		return reports.JSON(a, o)
	case "csv":
		return reports.CSV(a)
	}
	return reports.Markdown(a, o)
}

// writeFileAtomic writes b to path, replacing what is there, through a
// temporary file in the same folder, so a crash never leaves half a file:
// readers see the old file or the new one. The file gets mode 0644 less the
// umask, as files the user's other tools create. what names the document
// ("report", "bundle") in the error when path is the database.
func (f *factory) writeFileAtomic(path, what string, b []byte) error {
	if err := f.refuseDatabase(path, what); err != nil {
		return err
	}
	return writeFileVia(path, b, true)
}

// writeFileNew is writeFileAtomic that never replaces a file: when path
// exists, even one that appeared a moment ago, it fails with an error
// wrapping fs.ErrExist and leaves that file as it is.
func (f *factory) writeFileNew(path, what string, b []byte) error {
	if err := f.refuseDatabase(path, what); err != nil {
		return err
	}
	return writeFileVia(path, b, false)
}

// databaseFiles are the suffixes of the files SQLite keeps beside the
// database: "" is the database itself.
var databaseFiles = []string{"", "-wal", "-shm", "-journal"}

// refuseDatabase refuses to write what (a report, a bundle) to path when
// path is the database (--db) or one of the files SQLite keeps beside it:
// replacing it would destroy the review. It is a usage error. SQLite names
// those files after the database with its links resolved, so both the
// given and the resolved names of the database, and of path, are compared.
func (f *factory) refuseDatabase(path, what string) error {
	db := f.dbPath()
	dbs := []string{db}
	if real, err := filepath.EvalSymlinks(db); err == nil && real != db {
		dbs = append(dbs, real)
	}
	outs := []string{path}
	if real := resolveLinks(path); real != path {
		outs = append(outs, real)
	}
	for _, suffix := range databaseFiles {
		for _, base := range dbs {
			for _, out := range outs {
				if !sameFile(out, base+suffix) {
					continue
				}
				if suffix == "" {
					return usageErrorf("--out %s is the database (--db); write the %s somewhere else", oneLine(path), what)
				}
				of := oneLine(db) + " (--db)"
				if base != db {
					of = oneLine(base) + " (--db " + oneLine(db) + " links to it)"
				}
				return usageErrorf("--out %s is the %s file of the database %s; write the %s somewhere else",
					oneLine(path), suffix, of, what)
			}
		}
	}
	return nil
}

// resolveLinks is path with its symbolic links resolved: those of the
// whole path when it exists, else those of its folder; path itself when
// neither resolves.
func resolveLinks(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(dir, filepath.Base(path))
	}
	return path
}

// sameFile reports whether a and b name the same file: the same absolute
// path once cleaned, or, when both exist, the same file on disk (through a
// link, or spelled in another case on a file system that ignores case).
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	stA, errA := os.Stat(a)
	stB, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(stA, stB)
}

// writeFileVia writes b to a new temporary file next to path, flushes it to
// disk, then renames it over path (replace) or links it to path, which
// fails when path exists; then it flushes the folder. Its errors name path
// ("write adir: is a folder"), never the temporary file.
func writeFileVia(path string, b []byte, replace bool) error {
	fail := func(err error) error {
		return fmt.Errorf("write %s: %w", oneLine(path), err)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fail(errors.New("is a folder; name a file to write"))
	}
	dir := filepath.Dir(path)
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return fail(fmt.Errorf("folder %s does not exist", oneLine(dir)))
	case err != nil:
		return fail(fmt.Errorf("folder %s: %w", oneLine(dir), pathCause(err)))
	case !st.IsDir():
		return fail(fmt.Errorf("%s is not a folder", oneLine(dir)))
	}
	tmp, err := createTempFile(dir)
	if err != nil {
		return fail(fmt.Errorf("cannot create a file in folder %s: %w", oneLine(dir), pathCause(err)))
	}
	name := tmp.Name()
	defer os.Remove(name) // gone already once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fail(pathCause(err))
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fail(pathCause(err))
	}
	if err := tmp.Close(); err != nil {
		return fail(pathCause(err))
	}
	if replace {
		err = os.Rename(name, path)
	} else {
		err = os.Link(name, path)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			// A file system without hard links: create path only if it
			// does not exist (O_EXCL), then write it.
			err = writeExclusive(path, b, 0o644)
		}
	}
	if err != nil {
		return fail(pathCause(err))
	}
	syncDir(dir)
	return nil
}

// pathCause is the cause of a file operation's error without the paths it
// names (a temporary file's among them): "permission denied", "file exists".
func pathCause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// createTempFile creates a new file with a random name in dir, readable and
// writable by its owner and readable by others as the umask allows.
func createTempFile(dir string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, ".warroom-"+rand.Text()+".tmp")
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, errors.New("every temporary name tried exists")
}

// writeExclusive creates path with mode perm (less the umask), writes b and
// syncs it to disk; an existing path is an error (fs.ErrExist), never
// replaced, and a failed write removes what it created.
func writeExclusive(path string, b []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// syncDir flushes a folder's entries to disk, so a rename or link survives a
// crash; platforms that cannot sync a folder are ignored.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// writeOutput writes a rendered document to out, or to standard output when
// out is "" or "-", and says on standard error what it wrote. A terminal
// gets control characters shown as their code (terminalSafe); a file or a
// pipe gets the document as rendered.
func writeOutput(f *factory, out, format, what string, b []byte) error {
	if out == "" || out == "-" {
		if f.IO.OutTTY {
			b = terminalSafe(b)
		}
		_, err := f.IO.Out.Write(b)
		return err
	}
	if err := f.writeFileAtomic(out, what, b); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%s, %d bytes)\n", out, format, len(b))
	return nil
}

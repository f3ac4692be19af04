package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/demo"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

type demoOptions struct {
	f   *factory
	Out string
}

func newCmdDemo(f *factory, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{f: f}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a full review of an embedded sample workload and write its report",
		Long: `Builds a review of a fictional payments service through the real pipeline:
a fresh SQLite database (OUT/demo.db, replaced on each run), the sample answers
imported through the same path as 'answer import', a sample evidence inventory
judged by the real checks and stored as a run, real scoring and real
rendering into OUT/report.md and OUT/report.html. Prints where the files are
and the risk summary.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return demoRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "warroom-demo", "folder to write demo.db, report.md and report.html into")
	return cmd
}

func demoRun(ctx context.Context, opts *demoOptions) error {
	f := opts.f
	start := time.Now()
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	dbPath := filepath.Join(opts.Out, "demo.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("demo: replace %s: %w", dbPath+suffix, err)
		}
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = f.Now
	bank, err := f.Bank()
	if err != nil {
		return err
	}
	w, err := db.CreateWorkload(ctx, demo.Workload)
	if err != nil {
		return err
	}
	as, err := review.ParseAnswerFile(demo.AnswersFile, demo.Answers, bank, review.ImportOptions{Now: f.Now()})
	if err != nil {
		return fmt.Errorf("demo answers: %w", err)
	}
	if _, err := db.AppendAnswers(ctx, w.ID, "demo", as); err != nil {
		return err
	}
	if err := saveDemoRun(ctx, f, db, w.ID); err != nil {
		return err
	}
	ws := &workspace{db: db, bank: bank, w: w}
	a, ev, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	o := reports.Options{Version: f.Version, Lenses: bank.Lenses, Bank: bank, Evidence: ev}
	files := map[string]string{"md": filepath.Join(opts.Out, "report.md"), "html": filepath.Join(opts.Out, "report.html")}
	for _, format := range []string{"md", "html"} {
		b, err := render(format, a, o)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(files[format], b); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{
			"version": 1, "database": dbPath, "report_md": files["md"], "report_html": files["html"],
			"summary": a.Summary,
		})
	}
	fmt.Fprintf(f.IO.Out, "Demo review of %q (%s) built in %s.\n\n", w.Name, w.Description, time.Since(start).Round(time.Millisecond))
	printScore(f.IO.Out, a)
	printEvidenceLine(f.IO.Out, ev)
	fmt.Fprintf(f.IO.Out, "\nDatabase: %s\nReport:   %s\n          %s\n", dbPath, files["md"], files["html"])
	fmt.Fprintf(f.IO.Out, "Explore:  warroom --db %s score   |   warroom --db %s answer history SEC01-BP02\n", dbPath, dbPath)
	return nil
}

// saveDemoRun judges the embedded sample inventory with the real checks and
// stores it as the workload's run. It judges at the inventory's collection
// time, not the wall clock, so the sample's certificate dates, backup ages
// and key ages give the same findings whenever the demo runs; the run id is
// derived from that time, so the demo is deterministic.
func saveDemoRun(ctx context.Context, f *factory, db *store.DB, workloadID int64) error {
	inv, err := checks.DecodeInventory(bytes.NewReader(demo.Inventory))
	if err != nil {
		return fmt.Errorf("demo %s: %w", demo.InventoryFile, err)
	}
	at := inv.CollectedAt.UTC()
	runID := store.StableRunID(at, "demo")
	options, err := json.Marshal(struct {
		Source string `json:"source"`
	}{demo.InventoryFile})
	if err != nil {
		return err
	}
	run := store.Run{
		ID: runID, StartedAt: at, FinishedAt: at, ToolVersion: f.Version, Inventory: inv,
		Accounts: inventoryAccounts(inv), Regions: inventoryRegions(inv), Options: options,
	}
	return db.SaveRun(ctx, workloadID, run, checks.Evaluate(inv, checks.All(), runID, at))
}

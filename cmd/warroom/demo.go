package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/demo"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
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
	sess, err := playDemoSession(ctx, f, ws)
	if err != nil {
		return err
	}
	a, ev, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	aars, err := f.afterActions(ctx, ws, []scenarios.Session{*sess})
	if err != nil {
		return err
	}
	o := reports.Options{Version: f.Version, Lenses: bank.Lenses, Bank: bank, Evidence: ev, Sessions: aars}
	files := map[string]string{
		"md": filepath.Join(opts.Out, "report.md"), "html": filepath.Join(opts.Out, "report.html"),
		"aar.md": filepath.Join(opts.Out, "aar.md"), "aar.html": filepath.Join(opts.Out, "aar.html"),
	}
	for _, format := range []string{"md", "html", "aar.md", "aar.html"} {
		var b []byte
		switch format {
		case "aar.md":
			b, err = reports.AfterActionMarkdown(aars[0], o)
		case "aar.html":
			b, err = reports.AfterActionHTML(aars[0], o)
		default:
			b, err = render(format, a, o)
		}
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
			"aar_md": files["aar.md"], "aar_html": files["aar.html"], "session": sess.ID,
			"summary": a.Summary,
		})
	}
	fmt.Fprintf(f.IO.Out, "Demo review of %q (%s) built in %s.\n\n", w.Name, w.Description, time.Since(start).Round(time.Millisecond))
	printScore(f.IO.Out, a)
	printEvidenceLine(f.IO.Out, ev)
	printDemoSession(f.IO.Out, aars[0])
	fmt.Fprintf(f.IO.Out, "\nDatabase: %s\nReport:   %s\n          %s\n", dbPath, files["md"], files["html"])
	fmt.Fprintf(f.IO.Out, "Tabletop: %s\n          %s\n", files["aar.md"], files["aar.html"])
	fmt.Fprintf(f.IO.Out, "Explore:  warroom --db %s score   |   warroom --db %s answer history SEC01-BP02\n", dbPath, dbPath)
	return nil
}

// playDemoSession records the sample tabletop session through the same path
// as 'scenario run --script', shaped by the demo run. Its id is derived from
// the script, so the demo is deterministic.
func playDemoSession(ctx context.Context, f *factory, ws *workspace) (*scenarios.Session, error) {
	sc, err := scenarios.ParseScript(demo.SessionFile, demo.Session)
	if err != nil {
		return nil, err
	}
	s, err := f.scenario(sc.Scenario)
	if err != nil {
		return nil, fmt.Errorf("demo %s: %w", demo.SessionFile, err)
	}
	seed := sha256.Sum256(demo.Session)
	sess, _, _, err := recordScript(ctx, ws, s, sc, sc.Facilitator, sc.Participants, "", bytes.NewReader(seed[:]))
	if err != nil {
		return nil, fmt.Errorf("demo %s: %w", demo.SessionFile, err)
	}
	return sess, nil
}

// printDemoSession sums up the demo's tabletop session in a few lines.
func printDemoSession(w io.Writer, a scenarios.AfterAction) {
	v := a.Verdicts
	fmt.Fprintf(w, "Tabletop: %q, session %s: claims %d verified, %d contradicted, %d unknown; %d gaps, %d actions.\n",
		a.Scenario.Title, a.Session.ID, v[scenarios.Verified], v[scenarios.Contradicted], v[scenarios.Unknown], len(a.Gaps), len(a.Actions))
	for _, c := range a.Claims {
		if c.Verdict == scenarios.Contradicted {
			fmt.Fprintf(w, "  contradicted: %s said %q; %s\n", oneLine(c.By), oneLine(c.Text), oneLine(strings.Join(c.Basis, "; ")))
		}
	}
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

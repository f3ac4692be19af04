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
		Long: `Builds a review of a fictional payments service through the real pipeline,
replaying two quarters of its history into a fresh SQLite database (OUT/demo.db,
replaced on each run). Each quarter's sample answers are imported through the
same path as 'answer import', its sample evidence inventory is judged by the
real checks and stored as a run, and the quarter is frozen as a milestone
(2026-Q3, then 2026-Q4, which also holds a replayed tabletop session). The
report is rendered into OUT/report.md and OUT/report.html with the trend over
both milestones (and the review today, once its action items fall overdue)
and what changed since 2026-Q3. Prints where the files are, the risk summary
and what changed since 2026-Q3.`,
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

// demoQuarter is one quarter of the demo's history: the answers the team
// gave in its review workshop, the evidence run after it, and the milestone
// that froze them. At is when the milestone was made, and the store's clock
// while the quarter is replayed, so nothing it records is dated later.
type demoQuarter struct {
	AnswersFile, InventoryFile string
	Answers, Inventory         []byte
	// Session says whether the quarter's tabletop session is replayed.
	Session   bool
	Milestone string
	Note      string
	At        time.Time
}

// demoHistory is the demo's history, oldest first.
var demoHistory = []demoQuarter{
	{
		AnswersFile: demo.Q3AnswersFile, Answers: demo.Q3Answers,
		InventoryFile: demo.Q3InventoryFile, Inventory: demo.Q3Inventory,
		Milestone: "2026-Q3", Note: "Q3 review workshop of 2026-07-14 and the evidence run of 2026-07-15",
		At: time.Date(2026, 7, 17, 16, 0, 0, 0, time.UTC),
	},
	{
		AnswersFile: demo.AnswersFile, Answers: demo.Answers,
		InventoryFile: demo.InventoryFile, Inventory: demo.Inventory, Session: true,
		Milestone: "2026-Q4", Note: "Q4 review workshop of 2026-10-13 to 2026-10-14, the evidence run of 2026-11-02 and the tabletop of 2026-11-03",
		At: time.Date(2026, 11, 4, 16, 0, 0, 0, time.UTC),
	},
}

// demoMilestoneBy is who freezes the demo's milestones.
const demoMilestoneBy = "dana"

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
	bank, err := f.Bank()
	if err != nil {
		return err
	}
	db.Now = demoClock(demoHistory[0].At)
	w, err := db.CreateWorkload(ctx, demo.Workload)
	if err != nil {
		return err
	}
	ws := &workspace{db: db, bank: bank, w: w}
	var sess *scenarios.Session
	var milestones []string
	for _, q := range demoHistory {
		s, err := replayDemoQuarter(ctx, f, ws, q)
		if err != nil {
			return err
		}
		if s != nil {
			sess = s
		}
		milestones = append(milestones, q.Milestone)
	}
	db.Now = f.Now
	a, ev, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	aars, err := f.afterActions(ctx, ws, []scenarios.Session{*sess})
	if err != nil {
		return err
	}
	// The report compares with the first quarter, whatever the clock: on
	// the day of the last milestone it shows what changed over the two
	// quarters, and later also what fell overdue since.
	trend, err := f.currentTrend(ctx, ws, a, demoHistory[0].Milestone)
	if err != nil {
		return err
	}
	o := reports.Options{Version: f.Version, Lenses: bank.Lenses, Bank: bank, Evidence: ev, Sessions: aars, Trend: trend}
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
		if err := f.writeFileAtomic(files[format], "demo report", b); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{
			"version": 1, "database": dbPath, "report_md": files["md"], "report_html": files["html"],
			"aar_md": files["aar.md"], "aar_html": files["aar.html"], "session": sess.ID,
			"summary": a.Summary, "milestones": milestones,
		})
	}
	fmt.Fprintf(f.IO.Out, "Demo review of %q (%s) built in %s.\n\n", w.Name, w.Description, time.Since(start).Round(time.Millisecond))
	printScore(f.IO.Out, a)
	printEvidenceLine(f.IO.Out, ev)
	printDemoSession(f.IO.Out, aars[0])
	printDemoHistory(f.IO.Out, trend)
	fmt.Fprintf(f.IO.Out, "\nDatabase: %s\nReport:   %s\n          %s\n", dbPath, files["md"], files["html"])
	fmt.Fprintf(f.IO.Out, "Tabletop: %s\n          %s\n", files["aar.md"], files["aar.html"])
	fmt.Fprintf(f.IO.Out, "Explore:  warroom --db %s score   |   warroom --db %s answer history SEC01-BP02\n", dbPath, dbPath)
	fmt.Fprintf(f.IO.Out, "          warroom --db %s milestone list   |   warroom --db %s diff %s %s\n",
		dbPath, dbPath, demoHistory[0].Milestone, demoHistory[len(demoHistory)-1].Milestone)
	return nil
}

// demoClock is a clock stopped at t.
func demoClock(t time.Time) func() time.Time {
	return func() time.Time { return t }
}

// replayDemoQuarter records one quarter through the same paths as the
// commands: its answers as 'answer import' would, its evidence run, its
// tabletop session as 'scenario run --script' would, and its milestone as
// 'milestone create' would, all with the store's and the scorer's clocks
// stopped at the milestone's time. It returns the session it played, if any.
func replayDemoQuarter(ctx context.Context, f *factory, ws *workspace, q demoQuarter) (*scenarios.Session, error) {
	then := *f
	then.Now = demoClock(q.At)
	ws.db.Now = then.Now
	as, err := review.ParseAnswerFile(q.AnswersFile, q.Answers, ws.bank, review.ImportOptions{Now: q.At})
	if err != nil {
		return nil, fmt.Errorf("demo answers: %w", err)
	}
	if _, err := ws.db.AppendAnswers(ctx, ws.w.ID, "demo", as); err != nil {
		return nil, err
	}
	if err := saveDemoRun(ctx, &then, ws.db, ws.w.ID, q.InventoryFile, q.Inventory); err != nil {
		return nil, err
	}
	var sess *scenarios.Session
	if q.Session {
		if sess, err = playDemoSession(ctx, &then, ws); err != nil {
			return nil, err
		}
	}
	m, _, err := then.freezeNow(ctx, ws)
	if err != nil {
		return nil, err
	}
	m.Name, m.Note, m.CreatedBy, m.CreatedAt = q.Milestone, q.Note, demoMilestoneBy, q.At
	if _, err := ws.db.CreateMilestone(ctx, ws.w.ID, m); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return sess, nil
}

// printDemoHistory sums up the demo's milestones and what changed since the
// one the report compares with, in one line. The current review, a point of
// the trend once something fell overdue, is no milestone and is left out.
func printDemoHistory(w io.Writer, t *reports.Trend) {
	if t == nil {
		return
	}
	var names []string
	for _, p := range t.Points {
		if p.Label == review.NowLabel {
			continue
		}
		names = append(names, fmt.Sprintf("%s (%s)", oneLine(p.Label), p.At.UTC().Format(time.DateOnly)))
	}
	fmt.Fprintf(w, "History: milestones %s", strings.Join(names, ", "))
	if t.Since != nil {
		fmt.Fprintf(w, "; since %s: %s", oneLine(t.Since.From.Label), diffCountsLine(t.Since.Counts))
	}
	fmt.Fprintln(w, ".")
}

// diffCountsLine says in words what a diff's counts are, leaving out the
// evidence-lost and action counts that are zero.
func diffCountsLine(c review.DiffCounts) string {
	parts := []string{plural(c.GapsClosed, "gap", "gaps") + " closed"}
	if c.EvidenceLost > 0 {
		parts = append(parts, fmt.Sprintf("%d no longer judged (evidence lost)", c.EvidenceLost))
	}
	parts = append(parts, fmt.Sprintf("%d opened", c.GapsOpened),
		plural(c.QuestionsImproved, "question", "questions")+" improved", fmt.Sprintf("%d regressed", c.QuestionsRegressed),
		plural(c.ContradictionsAdded, "contradiction", "contradictions")+" added", fmt.Sprintf("%d resolved", c.ContradictionsResolved))
	for _, x := range []struct {
		n    int
		what string
	}{{c.ActionsDone, "done"}, {c.ActionsReopened, "reopened"}, {c.ActionsRegressed, "regressed"}, {c.ActionsOverdue, "overdue"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, "action", "actions")+" "+x.what)
		}
	}
	return strings.Join(parts, ", ")
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

// saveDemoRun judges a sample inventory (data, reported under name) with
// the real checks and stores it as a run of the workload. It judges at the
// inventory's collection time, not the wall clock, so the sample's
// certificate dates, backup ages and key ages give the same findings
// whenever the demo runs; the run id is derived from that time, so the demo
// is deterministic.
func saveDemoRun(ctx context.Context, f *factory, db *store.DB, workloadID int64, name string, data []byte) error {
	inv, err := checks.DecodeInventory(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("demo %s: %w", name, err)
	}
	at := inv.CollectedAt.UTC()
	runID := store.StableRunID(at, "demo")
	options, err := json.Marshal(struct {
		Source string `json:"source"`
	}{name})
	if err != nil {
		return err
	}
	run := store.Run{
		ID: runID, StartedAt: at, FinishedAt: at, ToolVersion: f.Version, Inventory: inv,
		Accounts: inventoryAccounts(inv), Regions: inventoryRegions(inv), Options: options,
	}
	if run.Catalogue, err = checkCatalogue(); err != nil {
		return err
	}
	return db.SaveRun(ctx, workloadID, run, checks.Evaluate(inv, checks.All(), runID, at))
}

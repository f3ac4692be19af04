package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

type scenarioReportOptions struct {
	f       *factory
	Session string
	Format  string
	Out     string
}

func newCmdScenarioReport(f *factory, runF func(*scenarioReportOptions) error) *cobra.Command {
	opts := &scenarioReportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "report SESSION-ID",
		Short: "Render a session's after-action report (Markdown, HTML or JSON)",
		Long: `Renders the after-action report of a session: objective, participants and
roles, the timeline with durations against timeboxes, per inject what was
claimed and decided, claims against the evidence, gaps by practice, and the
improvement plan of action items (owner, due date, practice, verifying check)
with their state today: an item tied to a check is done once a later run finds
the check passing, and regressed when a run after that finds it failing again.
HTML is one self-contained file that prints cleanly.

The header says where the session came from: the scenario version and the
digest of the file played, whether it was run in the terminal or typed up
from a script (and when that was recorded), and the evidence run with its
finish time. When the scenario file has changed since the session, titles and
questions come from the current file; the report and a warning say so.`,
		Example: `  warroom scenario report ttx-20261028T140000Z-1a2b3c4d --format html --out aar.html`,
		Args:    exactArgs(1, "one session id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Session = args[0]
			if opts.Format == "" {
				opts.Format = formatFromExt(opts.Out)
			}
			switch opts.Format {
			case "md", "html", "json":
			default:
				return usageErrorf("--format %q is not one of md, html, json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return scenarioReportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "md, html or json (default: from --out's extension, else md)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file to write (default: standard output)")
	return cmd
}

// warnScenarioPlayed says on w when the scenario of a's session is missing
// (neither built in nor in --scenario-dir: the report uses inject ids for
// titles) or has changed since the session played it. report names the
// report concerned; "" for the one scenario report writes.
func warnScenarioPlayed(w io.Writer, a scenarios.AfterAction, report string) {
	if a.Scenario == nil {
		if report == "" {
			fmt.Fprintf(w, "Note: scenario %s is neither built in nor in --scenario-dir; the report uses inject ids for titles.\n",
				oneLine(a.Session.ScenarioID))
		} else {
			fmt.Fprintf(w, "Warning: scenario %s is neither built in nor in --scenario-dir; %s uses inject ids for titles.\n",
				oneLine(a.Session.ScenarioID), report)
		}
		return
	}
	change := reports.ScenarioChange(a)
	switch {
	case change == "":
	case report == "":
		fmt.Fprintf(w, "Warning: %s.\n", change)
	default:
		fmt.Fprintf(w, "Warning: for %s, %s.\n", report, change)
	}
}

// afterActionJSON is the `scenario report --format json` document.
type afterActionJSON struct {
	Version int    `json:"version"`
	Tool    string `json:"tool"`
	scenarios.AfterAction
	// EvidenceFinishedAt is when the evidence run finished; absent for a
	// generic session.
	EvidenceFinishedAt time.Time `json:"evidence_finished_at,omitzero"`
}

func scenarioReportRun(ctx context.Context, opts *scenarioReportOptions) error {
	f := opts.f
	ws, sess, err := f.openSession(ctx, opts.Session)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	list, err := f.Scenarios()
	if err != nil {
		return err
	}
	s := scenarioByID(list, sess.ScenarioID)
	a, err := afterAction(ctx, ws, s, sess, f.Now())
	if err != nil {
		return err
	}
	warnScenarioPlayed(f.IO.ErrOut, a, "")
	o := reports.Options{Version: f.Version, Lenses: ws.bank.Lenses, Bank: ws.bank}
	doc := afterActionJSON{Version: 1, Tool: "warroom " + f.Version, AfterAction: a}
	if sess.EvidenceRun != "" {
		// The header says when the evidence run finished; only its header
		// is read.
		run, err := ws.db.Run(ctx, sess.EvidenceRun)
		switch {
		case errors.Is(err, store.ErrNotFound):
			fmt.Fprintf(f.IO.ErrOut, "Note: the session's evidence run %s is not in %s; the report cannot say when it finished.\n",
				oneLine(sess.EvidenceRun), ws.db.Path())
		case err != nil:
			return fmt.Errorf("evidence run %s of session %s: %w", sess.EvidenceRun, sess.ID, err)
		default:
			o.Evidence = evidenceOf(run, nil)
			doc.EvidenceFinishedAt = run.FinishedAt.UTC()
		}
	}
	var b []byte
	switch opts.Format {
	case "html":
		b, err = reports.AfterActionHTML(a, o)
	case "json":
		var buf bytes.Buffer
		err = printJSON(&buf, doc)
		b = buf.Bytes()
	default:
		b, err = reports.AfterActionMarkdown(a, o)
	}
	if err != nil {
		return err
	}
	return writeOutput(f, opts.Out, opts.Format, "after-action report", b)
}

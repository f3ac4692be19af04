package main

import (
	"context"
	"fmt"
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

// writeFileAtomic writes through a temporary file so a crash never leaves half a report.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".warroom-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
	if err := writeFileAtomic(out, b); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%s, %d bytes)\n", out, format, len(b))
	return nil
}

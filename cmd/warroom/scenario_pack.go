package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/scenarios"
)

type scenarioPackOptions struct {
	f          *factory
	ScenarioID string
	Format     string
	Out        string
	Generic    bool
}

func newCmdScenarioPack(f *factory, runF func(*scenarioPackOptions) error) *cobra.Command {
	opts := &scenarioPackOptions{f: f}
	cmd := &cobra.Command{
		Use:   "pack ID",
		Short: "Print the facilitator pack of a scenario (Markdown or HTML)",
		Long: `Renders the printable pack of a scenario: the read-aloud text of every inject,
its questions, the facilitator's notes and a participant handout without them.
When the database holds evidence for the workload, the latest run shapes the
narrative (real resource names, the variants and branches it selects) and the
pack says which run; --generic, or no database, gives the generic text. HTML
is one self-contained file that prints cleanly.`,
		Example: `  warroom scenario pack lost-root-account --format html --out pack.html
  warroom scenario pack leaked-access-key --generic > pack.md`,
		Args: exactArgs(1, "one scenario id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ScenarioID = args[0]
			if opts.Format == "" {
				opts.Format = formatFromExt(opts.Out)
			}
			if opts.Format != "md" && opts.Format != "html" {
				return usageErrorf("--format %q is not one of md, html", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return scenarioPackRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "md or html (default: from --out's extension, else md)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file to write (default: standard output)")
	cmd.Flags().BoolVar(&opts.Generic, "generic", false, "ignore collected evidence: the generic narrative throughout")
	return cmd
}

func scenarioPackRun(ctx context.Context, opts *scenarioPackOptions) error {
	f := opts.f
	s, err := f.scenario(opts.ScenarioID)
	if err != nil {
		return err
	}
	bank, err := f.Bank()
	if err != nil {
		return err
	}
	ev, err := packEvidence(ctx, opts)
	if err != nil {
		return err
	}
	o := reports.PackOptions{Version: f.Version, Bank: bank, Evidence: ev}
	if opts.Generic {
		o.Generic = "evidence left out on request (--generic)"
	}
	var b []byte
	if opts.Format == "html" {
		b, err = reports.PackHTML(s, o)
	} else {
		b, err = reports.PackMarkdown(s, o)
	}
	if err != nil {
		return err
	}
	return writeOutput(f, opts.Out, opts.Format, "pack", b)
}

// packEvidence is the latest run of the workload, or nil (generic) with
// --generic, without a database, without a workload or without a run. It
// says on stderr which it is.
func packEvidence(ctx context.Context, opts *scenarioPackOptions) (*scenarios.Evidence, error) {
	f := opts.f
	if opts.Generic {
		fmt.Fprintln(f.IO.ErrOut, "Generic pack: evidence left out on request (--generic); every inject reads its generic narrative.")
		return nil, nil
	}
	if _, err := os.Stat(f.dbPath()); err != nil {
		fmt.Fprintf(f.IO.ErrOut, "Generic pack: no database at %s, so no evidence shapes the narrative.\n", f.dbPath())
		return nil, nil
	}
	db, err := f.Store(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if f.Global.Workload == "" {
		ws, err := db.Workloads(ctx)
		if err != nil {
			return nil, err
		}
		if len(ws) == 0 {
			fmt.Fprintf(f.IO.ErrOut, "Generic pack: %s holds no workload yet, so no evidence shapes the narrative.\n", db.Path())
			return nil, nil
		}
	}
	w, err := f.workload(ctx, db)
	if err != nil {
		return nil, err
	}
	ev, run, err := latestScenarioEvidence(ctx, &workspace{db: db, w: w})
	if err != nil {
		return nil, err
	}
	if ev == nil {
		fmt.Fprintf(f.IO.ErrOut, "Generic pack: no evidence collected for workload %s yet (`warroom collect`).\n", oneLine(w.Name))
		return nil, nil
	}
	fmt.Fprintf(f.IO.ErrOut, "Shaped by evidence run %s of workload %s (finished %s); --generic leaves it out.\n",
		run.ID, oneLine(w.Name), stampUTC(run.FinishedAt))
	return ev, nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/store"
)

// findingsExportFormats are the formats of `findings export`, in the order
// the usage text lists them.
var findingsExportFormats = []string{"ocsf", "asff", "csv"}

// defaultASFFRegion is the Security Hub region an ASFF export is made for
// when --region is not given.
const defaultASFFRegion = "us-east-1"

type findingsExportOptions struct {
	f         *factory
	Format    string
	Out       string
	Milestone string
	Region    string
	Statuses  []string
}

func newCmdFindingsExport(f *factory, runF func(*findingsExportOptions) error) *cobra.Command {
	opts := &findingsExportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the findings of the latest run as OCSF, ASFF (Security Hub) or CSV",
		Long: `Writes every finding of the workload's latest evidence run (or of the run a
milestone froze, with --milestone): pass, fail, unknown and error, ordered by
check, account, region and resource.

  ocsf  OCSF 1.4.0 Compliance Finding events (class 2003), one JSON array
  asff  AWS Security Finding Format, one JSON array for Security Hub's
        BatchImportFindings (import in batches of at most 100); each
        ProductArn names --region, which must be the region you import into
  csv   one row per finding, for spreadsheets

In ocsf and asff a finding keeps its id from run to run and says when a run
of the workload first saw it. asff also sends each finding the previous run
had and this run has not with RecordState ARCHIVED, so Security Hub stops
showing it: only in the accounts and regions this run read, and none when
the run ended early; findings that --status leaves out are not archived.

--format is required unless --out ends in .csv; an --out name whose
extension says another format gets a warning. With -o json and --out, it
prints {"version":1,"path","format","findings","archived","run"} instead of
the summary. warroom never calls Security Hub itself; README.md shows how to
import the file.`,
		Example: `  warroom findings export --format ocsf --out findings.ocsf.json
  warroom findings export --format asff --region eu-west-1 --out findings.asff.json
  warroom findings export --out findings.csv --status fail,unknown
  warroom findings export --format csv --milestone 2026-Q4`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(cmd.Flags().Changed("region")); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return findingsExportRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "", "ocsf, asff or csv (default: csv when --out ends in .csv)")
	fl.StringVar(&opts.Out, "out", "", "file to write (default: standard output)")
	fl.StringVar(&opts.Milestone, "milestone", "", "export the run this milestone froze instead of the latest run")
	fl.StringVar(&opts.Region, "region", "", "the Security Hub region the ASFF findings are imported into (default "+defaultASFFRegion+"; other formats ignore it)")
	fl.StringSliceVar(&opts.Statuses, "status", nil, "statuses to export: pass, fail, unknown, error (default: all)")
	return cmd
}

// validate settles the format and region and checks the statuses.
func (o *findingsExportOptions) validate(regionSet bool) error {
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if o.Format == "" {
		if strings.EqualFold(filepath.Ext(o.Out), ".csv") {
			o.Format = "csv"
		} else {
			return usageErrorf("--format is required: one of %s (only an --out file ending in .csv implies csv)", strings.Join(findingsExportFormats, ", "))
		}
	}
	switch o.Format {
	case "ocsf", "asff", "csv":
	default:
		return usageErrorf("--format %q is not one of %s", o.Format, strings.Join(findingsExportFormats, ", "))
	}
	o.Region = strings.TrimSpace(o.Region)
	switch {
	case o.Format != "asff":
		o.Region = "" // only ASFF names a region
	case o.Region == "":
		if regionSet {
			return usageErrorf("--region is empty; name the Security Hub region the findings are imported into, like eu-west-1")
		}
		o.Region = defaultASFFRegion
	case !regionPattern.MatchString(o.Region):
		return usageErrorf("--region %q is not a region name like eu-west-1", o.Region)
	}
	var statuses []string
	for _, s := range o.Statuses {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		switch checks.Status(s) {
		case checks.Pass, checks.Fail, checks.Unknown, checks.Error:
		default:
			return usageErrorf("--status %q is not one of pass, fail, unknown, error", s)
		}
		statuses = append(statuses, s)
	}
	o.Statuses = statuses
	o.Milestone = strings.TrimSpace(o.Milestone)
	return nil
}

func findingsExportRun(ctx context.Context, opts *findingsExportOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	run, err := exportRunFor(ctx, ws, opts.Milestone)
	if err != nil {
		return err
	}
	fs, err := ws.db.Findings(ctx, run.ID, store.FindingFilter{})
	if err != nil {
		return err
	}
	x := reports.FindingsExport{
		Version: f.Version, Workload: ws.w,
		Run:    runInfo(run),
		Checks: checks.All(), Findings: fs, Region: opts.Region, Now: f.Now(),
	}
	for _, s := range opts.Statuses {
		x.Statuses = append(x.Statuses, checks.Status(s))
	}
	var previous string
	if opts.Format == "asff" || opts.Format == "ocsf" {
		if previous, err = findingsHistory(ctx, ws, run.ID, &x); err != nil {
			return err
		}
	}
	var b []byte
	switch opts.Format {
	case "ocsf":
		b, err = reports.OCSF(x)
	case "asff":
		b, err = reports.ASFF(x)
	default:
		b, err = reports.FindingsCSV(x)
	}
	if err != nil {
		return fmt.Errorf("export run %s as %s: %w", run.ID, opts.Format, err)
	}
	if opts.Out != "" && opts.Out != "-" {
		warnExtension(f.IO.ErrOut, opts.Out, opts.Format)
	}
	n := 0
	for _, fd := range fs {
		if len(x.Statuses) == 0 || slices.Contains(x.Statuses, fd.Status) {
			n++
		}
	}
	if f.jsonOutput() && opts.Out != "" && opts.Out != "-" {
		// The document goes to the file, the summary to standard output.
		if err := f.writeFileAtomic(opts.Out, "findings", b); err != nil {
			return err
		}
		warnStatusLeftOut(f, opts, n, len(fs))
		warnEndedEarly(f, opts, run)
		doc := findingsExportJSON{Version: 1, Path: opts.Out, Format: opts.Format, Findings: n, Run: run.ID}
		if opts.Format == "asff" {
			doc.Archived = len(x.Gone())
		}
		return printJSON(f.IO.Out, doc)
	}
	if err := writeOutput(f, opts.Out, opts.Format, "findings", b); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Exported %s of run %s as %s", plural(n, "finding", "findings"), run.ID, opts.Format)
	if opts.Format == "asff" {
		fmt.Fprintf(f.IO.ErrOut, " for Security Hub in %s", opts.Region)
		if gone := len(x.Gone()); gone > 0 {
			fmt.Fprintf(f.IO.ErrOut, ", and archived %s that run %s had and this run has not", plural(gone, "finding", "findings"), previous)
		}
	}
	fmt.Fprintln(f.IO.ErrOut)
	warnStatusLeftOut(f, opts, n, len(fs))
	warnEndedEarly(f, opts, run)
	return nil
}

// warnEndedEarly warns that an ASFF export of a run that ended early
// archives nothing: the run may not have reached findings that are gone.
func warnEndedEarly(f *factory, opts *findingsExportOptions, run store.Run) {
	if opts.Format == "asff" && run.Error != "" {
		fmt.Fprintf(f.IO.ErrOut, "Warning: run %s ended early (%s), so no finding of an earlier run is archived: the run may not have reached them. "+
			"Security Hub keeps what an earlier import said about them; collect again and export that run to archive what is gone.\n",
			oneLine(run.ID), oneLine(run.Error))
	}
}

// findingsExportJSON is what `findings export -o json --out FILE` prints.
type findingsExportJSON struct {
	Version  int    `json:"version"`
	Path     string `json:"path"`
	Format   string `json:"format"`
	Findings int    `json:"findings"` // written to the file
	Archived int    `json:"archived"` // asff: findings sent as ARCHIVED
	Run      string `json:"run"`
}

// warnStatusLeftOut warns that an ASFF export limited by --status leaves
// Security Hub's earlier word on the other findings as it was.
func warnStatusLeftOut(f *factory, opts *findingsExportOptions, exported, all int) {
	if opts.Format == "asff" && len(opts.Statuses) > 0 && exported < all {
		fmt.Fprintf(f.IO.ErrOut, "Warning: --status left out %s of this run; Security Hub keeps what an earlier import said about them (they are not archived). Export without --status to update them.\n",
			plural(all-exported, "finding", "findings"))
	}
}

// formatExtensions are file extensions that say what a file holds, with
// the findings export formats each suits ("" for none).
var formatExtensions = map[string][]string{
	".json": {"ocsf", "asff"}, ".csv": {"csv"},
	".html": nil, ".htm": nil, ".md": nil, ".yaml": nil, ".yml": nil, ".xml": nil, ".zip": nil,
}

// warnExtension warns when out's extension says it holds another format
// than the findings written to it (ocsf to a .csv file), since tools pick
// how to open a file by its extension.
func warnExtension(w io.Writer, out, format string) {
	ext := strings.ToLower(filepath.Ext(out))
	suits, known := formatExtensions[ext]
	if !known || slices.Contains(suits, format) {
		return
	}
	want := ".json"
	if format == "csv" {
		want = ".csv"
	}
	kind := "JSON"
	if format == "csv" {
		kind = "CSV"
	}
	fmt.Fprintf(w, "Warning: --out %s ends in %s, but the findings are written as %s, which is %s; a name ending in %s opens in the right tool.\n",
		oneLine(out), ext, format, kind, want)
}

// findingsHistory fills x.Previous with the findings of the workload's run
// before run and x.FirstSeen with when each finding id was first seen in a
// run up to it, reading every earlier run's findings. It returns the
// previous run's id, "" when run is the first.
func findingsHistory(ctx context.Context, ws *workspace, run string, x *reports.FindingsExport) (string, error) {
	runs, err := ws.db.Runs(ctx, ws.w.ID) // newest first
	if err != nil {
		return "", err
	}
	at := slices.IndexFunc(runs, func(r store.Run) bool { return r.ID == run })
	if at < 0 || at == len(runs)-1 {
		return "", nil
	}
	x.FirstSeen = map[string]time.Time{}
	for i := len(runs) - 1; i > at; i-- { // oldest first
		fs, err := ws.db.Findings(ctx, runs[i].ID, store.FindingFilter{})
		if err != nil {
			return "", err
		}
		for _, fd := range fs {
			id := reports.FindingID(fd)
			if t, ok := x.FirstSeen[id]; !ok || fd.ObservedAt.Before(t) {
				x.FirstSeen[id] = fd.ObservedAt
			}
		}
		if i == at+1 {
			x.Previous = fs
		}
	}
	return runs[at+1].ID, nil
}

// exportRunFor is the run a milestone froze, or the workload's latest run.
func exportRunFor(ctx context.Context, ws *workspace, milestone string) (store.Run, error) {
	if milestone == "" {
		return runFor(ctx, ws, "")
	}
	_, m, err := workloadMilestone(ctx, ws, milestone)
	if err != nil {
		return store.Run{}, err
	}
	if m.Frozen.Run == "" {
		_, err := ws.db.LatestRun(ctx, ws.w.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return store.Run{}, fmt.Errorf("milestone %s froze no evidence run, and workload %s has none yet: run `warroom collect`, then export its findings without --milestone",
				quoted(m.Name), oneLine(ws.w.Name))
		case err != nil:
			return store.Run{}, err
		}
		return store.Run{}, fmt.Errorf("milestone %s froze no evidence run: it was created before `warroom collect` first ran; export the latest run without --milestone",
			quoted(m.Name))
	}
	run, err := ws.db.Run(ctx, m.Frozen.Run)
	if err != nil {
		return store.Run{}, fmt.Errorf("run %s of milestone %s: %w", m.Frozen.Run, oneLine(m.Name), err)
	}
	return run, nil
}

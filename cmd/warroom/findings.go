package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/store"
)

type findingsOptions struct {
	f        *factory
	Run      string
	Statuses []string
	Checks   []string
	Accounts []string
	Regions  []string
}

var (
	checkFilterPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\*?$`)
	// shellWord is a value a shell takes as one word without quotes.
	shellWord = regexp.MustCompile(`^[A-Za-z0-9._/:@+-]+$`)
)

func newCmdFindings(f *factory, runF func(*findingsOptions) error) *cobra.Command {
	opts := &findingsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "findings",
		Short: "List the findings of the latest evidence run (or of --run)",
		Long: `Lists the findings of the workload's latest run of 'warroom collect': one row
per check, account, region and resource, with its status (pass, fail,
unknown, error) and message. Filters combine with AND; each filter takes a
comma-separated list or can be repeated. --check takes exact ids or prefixes
ending in * (iam.*). --region global selects account-wide findings.
With -o json it prints {"version":1,"run":{…},"findings":[…]} (see README.md).`,
		Example: `  warroom findings --status fail,unknown
  warroom findings --check 'iam.*' --account 111111111111
  warroom findings --region global -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return findingsRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Run, "run", "", "run id (default: the latest run of the workload)")
	fl.StringSliceVar(&opts.Statuses, "status", nil, "statuses to show: pass, fail, unknown, error")
	fl.StringSliceVar(&opts.Checks, "check", nil, "check ids, or prefixes ending in * (iam.*)")
	fl.StringSliceVar(&opts.Accounts, "account", nil, "12-digit account ids")
	fl.StringSliceVar(&opts.Regions, "region", nil, "region names, or global for account-wide findings")
	cmd.AddCommand(newCmdFindingsExport(f, nil))
	return cmd
}

func (o *findingsOptions) validate() error {
	clean := func(vs []string) []string {
		var out []string
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	o.Statuses, o.Checks, o.Accounts, o.Regions = clean(o.Statuses), clean(o.Checks), clean(o.Accounts), clean(o.Regions)
	for i, s := range o.Statuses {
		s = strings.ToLower(s)
		switch checks.Status(s) {
		case checks.Pass, checks.Fail, checks.Unknown, checks.Error:
		default:
			return usageErrorf("--status %q is not one of pass, fail, unknown, error", s)
		}
		o.Statuses[i] = s
	}
	for _, c := range o.Checks {
		if !checkFilterPattern.MatchString(c) {
			return usageErrorf("--check %q is not a check id (like iam.root-mfa) or a prefix ending in * (like iam.*)", c)
		}
		if err := checkFilterError(c); err != nil {
			return err
		}
	}
	for _, a := range o.Accounts {
		if !checks.IsAccountID(a) {
			return usageErrorf("--account %q is not a 12-digit account id", a)
		}
	}
	for _, r := range o.Regions {
		if r != "global" && !regionPattern.MatchString(r) {
			return usageErrorf("--region %q is not a region name like eu-west-1, or global", r)
		}
	}
	return nil
}

// findingsJSON is the documented `findings -o json` document.
type findingsJSON struct {
	Version  int              `json:"version"`
	Run      findingsRunJSON  `json:"run"`
	Findings []checks.Finding `json:"findings"`
}

type findingsRunJSON struct {
	runHeader
	Error string `json:"error,omitempty"`
}

// runFor returns --run, or the workload's latest run.
func runFor(ctx context.Context, ws *workspace, id string) (store.Run, error) {
	if id != "" {
		r, err := ws.db.Run(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return r, fmt.Errorf("no run %q in %s; `warroom collect` prints the id of each run it saves, and without --run findings shows the latest", id, ws.db.Path())
		}
		if err == nil && r.WorkloadID != ws.w.ID {
			return r, fmt.Errorf("run %q belongs to %s", id, workloadOf(ctx, ws.db, r.WorkloadID))
		}
		return r, err
	}
	r, err := ws.db.LatestRun(ctx, ws.w.ID)
	if errors.Is(err, store.ErrNotFound) {
		return r, fmt.Errorf("no evidence collected for workload %s yet; run `warroom collect` first", ws.w.Name)
	}
	return r, err
}

// workloadOf says which workload id is and how to pick it.
func workloadOf(ctx context.Context, db *store.DB, id int64) string {
	ws, err := db.Workloads(ctx)
	if err == nil {
		for _, w := range ws {
			if w.ID == id {
				arg := oneLine(w.Name)
				if !shellWord.MatchString(arg) {
					arg = strconv.Quote(arg)
				}
				return fmt.Sprintf("workload %s; pick it with --workload %s", oneLine(w.Name), arg)
			}
		}
	}
	return "another workload; pick it with --workload"
}

func findingsRun(ctx context.Context, opts *findingsOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	run, err := runFor(ctx, ws, opts.Run)
	if err != nil {
		return err
	}
	filter := store.FindingFilter{CheckIDs: opts.Checks, Accounts: opts.Accounts, Regions: opts.Regions}
	for _, s := range opts.Statuses {
		filter.Statuses = append(filter.Statuses, checks.Status(s))
	}
	fs, err := ws.db.Findings(ctx, run.ID, filter)
	if err != nil {
		return err
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, findingsJSON{Version: 1, Run: findingsRunJSON{headerOf(run), run.Error}, Findings: fs})
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Run %s, finished %s: %d findings", run.ID, stampUTC(run.FinishedAt), len(fs))
	if filtered(opts) {
		fmt.Fprint(w, " match the filters")
	}
	fmt.Fprintln(w)
	if len(fs) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	t := newTable(w)
	fmt.Fprintln(t, "CHECK\tSTATUS\tACCOUNT\tREGION\tRESOURCE\tMESSAGE")
	for _, fd := range fs {
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\n", oneLine(fd.CheckID), fd.Status, oneLine(fd.Account), oneLine(reports.RegionLabel(fd.Region)),
			oneLine(fd.Resource), oneLine(fd.Message))
	}
	return t.Flush()
}

func filtered(o *findingsOptions) bool {
	return len(o.Statuses)+len(o.Checks)+len(o.Accounts)+len(o.Regions) > 0
}

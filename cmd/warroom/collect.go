package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/store"
)

type collectOptions struct {
	f           *factory
	Profile     string
	Regions     []string // nil: every enabled region
	Accounts    []string
	Org         bool
	RoleName    string
	ExternalID  string
	Concurrency int
	Timeout     time.Duration
}

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

func newCmdCollect(f *factory, runF func(*collectOptions) error) *cobra.Command {
	opts := &collectOptions{f: f}
	var regions string
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Gather evidence from AWS accounts with read-only calls and judge it with the checks",
		Long: `Reads the facts the checks need from one AWS account (the caller's), from a
list of accounts (--accounts, assuming --role-name in each) or from every
active account of the organization (--org, assuming --role-name), in every
enabled region or the ones named by --regions. Every call is a read: the
client refuses any operation that is not on warroom's read-only allow-list.

Credentials come from the AWS SDK's default chain: --profile (or AWS_PROFILE),
environment variables, SSO, the instance or task role. AWS_ENDPOINT_URL is
honoured, so the same binary works against any AWS-compatible endpoint.

Reads that fail (AccessDenied, a region that is not enabled, a service that is
not subscribed, throttling that outlasts the retries) do not stop the run:
the checks that depend on them report unknown and name the IAM action to
grant (see 'warroom permissions'). The run, its inventory and its findings are
saved for the workload; 'warroom findings' and 'warroom score' use the latest.`,
		Example: `  warroom collect --profile audit --regions all
  warroom collect --org --role-name OrganizationAccountAccessRole --regions eu-west-1,us-east-1
  warroom collect --accounts 111111111111,222222222222 --role-name SecurityAudit`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := parseRegions(regions)
			if err != nil {
				return err
			}
			opts.Regions = rs
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return collectRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Profile, "profile", "", "AWS shared-config profile (default: the SDK's default chain)")
	fl.StringVar(&regions, "regions", "all", "regions to read: all (every enabled region) or a comma-separated list")
	fl.StringSliceVar(&opts.Accounts, "accounts", nil, "account ids to read by assuming --role-name (comma-separated)")
	fl.BoolVar(&opts.Org, "org", false, "read every active account of the organization by assuming --role-name")
	fl.StringVar(&opts.RoleName, "role-name", "", "role to assume in each account with --accounts or --org")
	fl.StringVar(&opts.ExternalID, "external-id", "", "external id the role's trust policy requires")
	fl.IntVar(&opts.Concurrency, "concurrency", 32, "requests in flight at most")
	fl.DurationVar(&opts.Timeout, "timeout", 30*time.Minute, "deadline for the whole run; reads cut off become unknown")
	return cmd
}

// parseRegions turns --regions into a list; "all" is nil. A value that names
// no region ("", ",") is a usage error, not a quiet "all".
func parseRegions(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "all") {
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range strings.Split(s, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if strings.EqualFold(r, "all") {
			return nil, usageErrorf("--regions: all cannot be combined with region names")
		}
		if !regionPattern.MatchString(r) {
			return nil, usageErrorf("--regions: %q is not a region name like eu-west-1", r)
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, usageErrorf("--regions: no region named; give region names or all (every enabled region)")
	}
	return out, nil
}

func (o *collectOptions) validate() error {
	if len(o.Accounts) > 0 && o.Org {
		return usageErrorf("--accounts and --org cannot be used together")
	}
	// The flag leaves Accounts nil unless given; given, it must name an
	// account, or the run would quietly read the caller's own account.
	given := o.Accounts != nil
	var accts []string
	for _, a := range o.Accounts {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if !checks.IsAccountID(a) {
			return usageErrorf("--accounts: %q is not a 12-digit account id", a)
		}
		accts = append(accts, a)
	}
	o.Accounts = accts
	if given && len(accts) == 0 {
		return usageErrorf("--accounts: no account id named")
	}
	if (len(o.Accounts) > 0 || o.Org) && strings.TrimSpace(o.RoleName) == "" {
		flag := "--accounts"
		if o.Org {
			flag = "--org"
		}
		return usageErrorf("%s needs --role-name: the role to assume in each account", flag)
	}
	if o.ExternalID != "" && o.RoleName == "" {
		return usageErrorf("--external-id needs --role-name")
	}
	if o.RoleName != "" && len(o.Accounts) == 0 && !o.Org {
		flags := "--role-name needs"
		if o.ExternalID != "" {
			flags = "--role-name and --external-id need"
		}
		return usageErrorf("%s --accounts or --org: without them collect reads the caller's own account and assumes no role", flags)
	}
	if o.Concurrency < 1 {
		return usageErrorf("--concurrency must be at least 1 (got %d)", o.Concurrency)
	}
	if o.Timeout <= 0 {
		return usageErrorf("--timeout must be positive (got %s)", o.Timeout)
	}
	return nil
}

// runOptions is what a run records about how it was asked for: names only,
// never keys, tokens or the external id.
type runOptions struct {
	Profile     string   `json:"profile,omitempty"`
	Regions     []string `json:"regions,omitempty"`
	Accounts    []string `json:"accounts,omitempty"`
	Org         bool     `json:"org,omitempty"`
	RoleName    string   `json:"role_name,omitempty"`
	ExternalID  bool     `json:"external_id_set,omitempty"`
	Concurrency int      `json:"concurrency"`
	Timeout     string   `json:"timeout"`
}

func collectRun(ctx context.Context, opts *collectOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	cfg, err := f.AWS(ctx, opts.Profile)
	if err != nil {
		return fmt.Errorf("load AWS configuration: %w", err)
	}
	progress := f.newProgress()
	start := f.Now().UTC()
	// Ctrl-C (or SIGTERM) stops the reads; what was read is judged and saved.
	// A second one ends the process at once, which is safe: the save is one
	// transaction.
	readCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-readCtx.Done()
		stop() // the next signal gets the default handling again
	}()
	inv, stats, collectErr := f.Collect(readCtx, cfg, collect.Options{
		Regions: opts.Regions, Accounts: opts.Accounts, Org: opts.Org, RoleName: opts.RoleName,
		ExternalID: opts.ExternalID, Concurrency: opts.Concurrency, Timeout: opts.Timeout,
		Progress: progress.Update, Now: f.Now,
	})
	interrupted := readCtx.Err() != nil && ctx.Err() == nil
	stop()
	progress.Done()
	if interrupted && collectErr == nil {
		collectErr = errors.New("interrupted")
	}
	if inv == nil {
		if collectErr == nil {
			collectErr = fmt.Errorf("the collector returned no inventory")
		}
		if errors.Is(collectErr, collect.ErrNoCredentials) {
			return fmt.Errorf("collect: no usable AWS credentials; pass --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login first: %w", collectErr)
		}
		return fmt.Errorf("collect: %w", collectErr)
	}
	finished := f.Now().UTC()
	runID, err := store.NewRunID(start, f.Rand)
	if err != nil {
		return err
	}
	findings := checks.Evaluate(inv, checks.All(), runID, finished)
	run := store.Run{
		ID: runID, StartedAt: start, FinishedAt: finished, ToolVersion: f.Version, Inventory: inv,
		Accounts: inventoryAccounts(inv), Regions: inventoryRegions(inv),
	}
	run.Options, _ = json.Marshal(runOptions{
		Profile: opts.Profile, Regions: opts.Regions, Accounts: opts.Accounts, Org: opts.Org, RoleName: opts.RoleName,
		ExternalID: opts.ExternalID != "", Concurrency: opts.Concurrency, Timeout: opts.Timeout.String(),
	})
	run.Stats, _ = json.Marshal(stats)
	if run.Catalogue, err = checkCatalogue(); err != nil {
		return err
	}
	if collectErr != nil {
		run.Error = collectErr.Error()
	}
	if err := ws.db.SaveRun(context.WithoutCancel(ctx), ws.w.ID, run, findings); err != nil {
		return err
	}
	sum := summarizeRun(run, stats, findings)
	if f.jsonOutput() {
		if err := printJSON(f.IO.Out, sum); err != nil {
			return err
		}
	} else {
		printRunSummary(f.IO.Out, ws.w.Name, sum)
	}
	if collectErr != nil {
		return fmt.Errorf("collection ended early (run %s was saved with what was read): %w", runID, collectErr)
	}
	return nil
}

// checkCatalogue is this build's check catalogue as JSON (metadata only), for
// a run to record the checks it was judged with.
func checkCatalogue() (json.RawMessage, error) {
	b, err := json.Marshal(checks.All())
	if err != nil {
		return nil, fmt.Errorf("record the check catalogue: %w", err)
	}
	return b, nil
}

func inventoryAccounts(inv *checks.Inventory) []string {
	var out []string
	for _, a := range inv.Accounts {
		out = append(out, a.ID)
	}
	sort.Strings(out)
	return out
}

func inventoryRegions(inv *checks.Inventory) []string {
	set := map[string]bool{}
	for _, a := range inv.Accounts {
		for _, r := range a.Regions {
			set[r.Name] = true
		}
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// runSummary is the JSON document `collect -o json` prints.
type runSummary struct {
	Version  int            `json:"version"`
	Run      runHeader      `json:"run"`
	Stats    summaryStats   `json:"stats"`
	Findings map[string]int `json:"findings"`
	// TopFailing are the failing checks, most severe first.
	TopFailing []failingCheck `json:"top_failing"`
	Error      string         `json:"error,omitempty"`
}

// runHeader names a run in JSON documents.
type runHeader struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Accounts   []string  `json:"accounts"`
	Regions    []string  `json:"regions"`
}

type summaryStats struct {
	Calls      int            `json:"calls"`
	Duplicates int            `json:"duplicate_calls"`
	Gaps       map[string]int `json:"gaps_by_code"`
	Elapsed    string         `json:"elapsed"`
}

type failingCheck struct {
	Check    string          `json:"check"`
	Title    string          `json:"title"`
	Severity checks.Severity `json:"severity"`
	Failing  int             `json:"failing"`
}

func headerOf(r store.Run) runHeader {
	h := runHeader{ID: r.ID, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Accounts: r.Accounts, Regions: r.Regions}
	if h.Accounts == nil {
		h.Accounts = []string{}
	}
	if h.Regions == nil {
		h.Regions = []string{}
	}
	return h
}

// runInfo names a stored run as exports do (the bundle's manifest, the
// findings exports), with its lists never null.
func runInfo(r store.Run) reports.RunInfo {
	h := headerOf(r)
	return reports.RunInfo{ID: r.ID, StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt.UTC(),
		Accounts: h.Accounts, Regions: h.Regions, ToolVersion: r.ToolVersion, Error: r.Error}
}

// topFailing lists the failing checks of the summary by severity, then
// number of failing resources, then id.
func topFailing(es *reports.EvidenceSummary) []failingCheck {
	out := []failingCheck{}
	for _, ce := range es.Checks {
		if ce.Fail > 0 {
			out = append(out, failingCheck{Check: ce.Check, Title: ce.Title, Severity: ce.Severity, Failing: ce.Fail})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Failing != b.Failing {
			return a.Failing > b.Failing
		}
		return a.Check < b.Check
	})
	return out
}

func summarizeRun(r store.Run, st collect.Stats, fs []checks.Finding) runSummary {
	gaps := st.Gaps
	if gaps == nil {
		gaps = map[string]int{}
	}
	es := reports.Summarize(&reports.Evidence{RunID: r.ID, Checks: checks.All(), Findings: fs})
	return runSummary{
		Version: 1, Run: headerOf(r), Findings: es.Findings, TopFailing: topFailing(es), Error: r.Error,
		Stats: summaryStats{Calls: st.Calls, Duplicates: st.Duplicates, Gaps: gaps, Elapsed: st.Elapsed.Round(time.Millisecond).String()},
	}
}

func printRunSummary(w io.Writer, workload string, s runSummary) {
	fmt.Fprintf(w, "Run %s saved for workload %s.\n", s.Run.ID, oneLine(workload))
	fmt.Fprintf(w, "Accounts: %d (%s)\n", len(s.Run.Accounts), oneLine(strings.Join(s.Run.Accounts, ", ")))
	fmt.Fprintf(w, "Regions:  %d (%s)\n", len(s.Run.Regions), oneLine(strings.Join(s.Run.Regions, ", ")))
	fmt.Fprintf(w, "Calls:    %d in %s\n", s.Stats.Calls, s.Stats.Elapsed)
	fmt.Fprintf(w, "Findings: %d pass, %d fail, %d unknown", s.Findings["pass"], s.Findings["fail"], s.Findings["unknown"])
	if n := s.Findings["error"]; n > 0 {
		fmt.Fprintf(w, ", %d error", n)
	}
	fmt.Fprintln(w)
	if len(s.Stats.Gaps) > 0 {
		var codes []string
		for c := range s.Stats.Gaps {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		var parts []string
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%s %d", oneLine(c), s.Stats.Gaps[c]))
		}
		fmt.Fprintf(w, "Gaps:     %s (the checks that need these reads report unknown; see warroom permissions)\n", strings.Join(parts, ", "))
	}
	if len(s.TopFailing) > 0 {
		fmt.Fprintf(w, "\nTop failing checks:\n")
		for _, fc := range s.TopFailing[:min(5, len(s.TopFailing))] {
			fmt.Fprintf(w, "  %-32s %-8s %3d failing  %s\n", fc.Check, fc.Severity, fc.Failing, oneLine(fc.Title))
		}
	}
	fmt.Fprintf(w, "\nNext: warroom findings --status fail,unknown   |   warroom score\n")
}

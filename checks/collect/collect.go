// Package collect fills a checks.Inventory from AWS accounts through
// aws-sdk-go-v2. It is the only package that talks to AWS, and it only ever
// reads: every client comes from one configuration whose middleware refuses
// any operation that is not on the allow-list.
package collect

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom/checks"
)

// Options say what to collect.
type Options struct {
	// Regions to read; nil or ["all"] means every region enabled in the account.
	Regions []string
	// Accounts to read by assuming RoleName in each; empty means the caller's account.
	Accounts []string
	// Org reads every active account of the caller's organization (assuming RoleName).
	Org        bool
	RoleName   string
	ExternalID string
	// Concurrency bounds the requests in flight (default 32).
	Concurrency int
	// Timeout bounds the whole run (default 30 minutes); reads cut off by it become gaps.
	Timeout time.Duration
	// Progress, when set, is told about each stage's progress.
	Progress func(Progress)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Progress is one progress report: a stage ("accounts", "global", "regional") and how far it is.
type Progress struct {
	Stage string
	Done  int
	Total int
}

// Stats sum up a run.
type Stats struct {
	Accounts   int            `json:"accounts"`
	Regions    int            `json:"regions"`
	Calls      int            `json:"calls"`
	Duplicates int            `json:"duplicate_calls"`
	Gaps       map[string]int `json:"gaps_by_code"`
	Elapsed    time.Duration  `json:"elapsed_ns"`
}

// Defaults of Options.
const (
	DefaultConcurrency = 32
	DefaultTimeout     = 30 * time.Minute
)

// Run collects the inventory of the accounts and regions opts name, with cfg
// as the caller's configuration (from LoadConfig; Run installs the read-only
// guard again in case it is not). Every account, region and service is read
// in parallel, with at most opts.Concurrency requests in flight. Reads that
// fail become gaps in the inventory; when the deadline cuts reads off, Run
// still returns what it has, with Timeout gaps. Other accounts are read by
// assuming opts.RoleName in them; the caller's own account, when it is one of
// them, is read with the caller's credentials. An account whose role cannot be
// assumed gets one gap for every read and the others are still read. Run
// fails only when it cannot start: no usable credentials, or the accounts of
// --org cannot be listed.
func Run(ctx context.Context, cfg aws.Config, opts Options) (*checks.Inventory, Stats, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if (opts.Org || len(opts.Accounts) > 0) && opts.RoleName == "" {
		return nil, Stats{}, errors.New("collect: a role name is needed to read other accounts (--role-name)")
	}
	start := opts.Now()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	base := cfg.Copy()
	if base.Region == "" {
		base.Region = defaultRegion
	}
	guard(&base)
	r := newRun(opts, base)
	inv := &checks.Inventory{Version: checks.InventoryVersion, CollectedAt: start.UTC(), Partition: checks.PartitionOf(base.Region)}

	targets, err := r.targets(ctx)
	if err != nil {
		return nil, r.stats(inv, start), err
	}
	inv.Accounts = make([]checks.Account, len(targets))
	r.progress("accounts", len(targets), 0)
	forEach(len(targets), func(i int) {
		r.account(ctx, &inv.Accounts[i], targets[i])
	})
	sort.SliceStable(inv.Accounts, func(i, k int) bool { return inv.Accounts[i].ID < inv.Accounts[k].ID })
	st := r.stats(inv, start)
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return inv, st, fmt.Errorf("collect: %w", err)
	}
	return inv, st, nil
}

// stats sums up a run's inventory and calls.
func (r *run) stats(inv *checks.Inventory, start time.Time) Stats {
	st := Stats{Gaps: map[string]int{}, Elapsed: r.opts.Now().Sub(start)}
	regions := map[string]bool{}
	for _, a := range inv.Accounts {
		st.Accounts++
		for _, rg := range a.Regions {
			regions[rg.Name] = true
		}
		for _, g := range a.Gaps {
			st.Gaps[g.Code]++
		}
	}
	st.Regions = len(regions)
	r.mu.Lock()
	st.Calls, st.Duplicates = r.calls, r.dups
	r.mu.Unlock()
	return st
}

// sortGaps orders an account's gaps by region, service, operation, resource,
// then code and message.
func sortGaps(gs []checks.Gap) {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		switch {
		case a.Region != b.Region:
			return a.Region < b.Region
		case a.Service != b.Service:
			return a.Service < b.Service
		case a.Operation != b.Operation:
			return a.Operation < b.Operation
		case a.Resource != b.Resource:
			return a.Resource < b.Resource
		case a.Code != b.Code:
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

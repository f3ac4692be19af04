package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go/middleware"

	"github.com/warroom/warroom/checks"
)

// run is the state of one Run: the caller's configuration, the bound on
// requests in flight, the call counter and the progress counters.
type run struct {
	opts Options
	base aws.Config // the caller's configuration, guarded
	// callerID is the caller's account id.
	callerID string
	// caller is base with the run's middleware, its calls counted as the
	// caller's: in --org mode it makes the organization-wide reads.
	caller aws.Config
	// memo holds the answers of reads many accounts share (--org mode).
	memo *memo
	sem  chan struct{}
	rec  recorder

	// progressMu orders the Progress callbacks; it is never taken while
	// holding mu.
	progressMu sync.Mutex

	mu    sync.Mutex
	calls int
	dups  int
	seen  map[string]bool
	ok    map[string]int // account + region → reads that succeeded
	done  map[string]int // progress stage → done
	total map[string]int // progress stage → total
}

func newRun(opts Options, base aws.Config) *run {
	r := &run{
		opts: opts, base: base,
		sem:  make(chan struct{}, opts.Concurrency),
		memo: &memo{},
		seen: map[string]bool{}, ok: map[string]int{},
		done: map[string]int{}, total: map[string]int{},
	}
	r.caller = r.configFor(base, callerKey)
	return r
}

// Middleware ids of a run's call counter and in-flight limit.
const (
	counterID = "warroom.CallCounter"
	limiterID = "warroom.InFlightLimit"
)

// polls are the operations collectors call repeatedly on purpose (waiting
// for the credential report); they are not counted as duplicate calls.
var polls = map[string]bool{
	iam.ServiceID + "/GenerateCredentialReport": true,
	iam.ServiceID + "/GetCredentialReport":      true,
}

// configFor returns cfg for one account with the run's middleware: the
// read-only guard, the call counter and the bound on requests in flight.
func (r *run) configFor(cfg aws.Config, account string) aws.Config {
	c := cfg.Copy()
	c.APIOptions = append(append([]func(*middleware.Stack) error(nil), cfg.APIOptions...),
		readOnly, r.counter(account), r.limiter)
	// Clipped, so a client appending to the options of a shared
	// configuration (r.caller) copies them instead of writing into spare
	// capacity another goroutine may also be appending into.
	c.APIOptions = slices.Clip(c.APIOptions)
	return c
}

// counter counts the calls of one account (retries are one call), notes the
// same account, region, operation and parameters seen twice, and counts the
// reads that succeeded per region, which tells an SCP-denied region apart.
func (r *run) counter(account string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		if _, ok := stack.Initialize.Get(counterID); ok {
			return nil
		}
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(counterID,
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				svc, opName, region := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx), awsmiddleware.GetRegion(ctx)
				params, err := json.Marshal(in.Parameters)
				if err != nil {
					params = []byte(fmt.Sprintf("%+v", in.Parameters))
				}
				k := account + "|" + region + "|" + svc + "|" + opName + "|" + string(params)
				r.mu.Lock()
				r.calls++
				if r.seen[k] && !polls[svc+"/"+opName] {
					r.dups++
				}
				r.seen[k] = true
				r.mu.Unlock()
				out, md, err := next.HandleInitialize(ctx, in)
				if err == nil {
					r.mu.Lock()
					r.ok[account+"|"+region]++
					r.mu.Unlock()
				}
				return out, md, err
			}), middleware.After)
	}
}

// limiter holds one of the run's request slots while a request is sent and
// its response read. It sits at the end of the Finalize step, after the retry
// loop, so a request waiting out its backoff holds no slot.
func (r *run) limiter(stack *middleware.Stack) error {
	if _, ok := stack.Finalize.Get(limiterID); ok {
		return nil
	}
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc(limiterID,
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			select {
			case r.sem <- struct{}{}:
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-r.sem }()
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// progress reports a stage's progress; add grows its total, step its done.
// The callback runs without r.mu, which the call counter takes on every
// request, so a slow callback does not hold up the reads; progressMu still
// makes the callbacks one at a time and in the order the counts changed.
func (r *run) progress(stage string, add, step int) {
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.mu.Lock()
	r.total[stage] += add
	r.done[stage] += step
	p := Progress{Stage: stage, Done: r.done[stage], Total: r.total[stage]}
	r.mu.Unlock()
	if r.opts.Progress != nil {
		r.opts.Progress(p)
	}
}

// account reads one account: its credentials, identity and regions, then
// every global service in the home region and every regional service in
// every enabled region, all at once.
func (r *run) account(ctx context.Context, a *checks.Account, t target) {
	a.ID, a.Name = t.ID, t.Name
	a.HomeRegion = homeRegion(checks.PartitionOf(r.base.Region))
	defer func() {
		sortGaps(a.Gaps)
		a.SortRegions()
	}()
	cfg, ok := r.credentials(ctx, a, t)
	if !ok {
		r.progress("accounts", 0, 1)
		return
	}
	plan := r.regions(ctx, cfg, a)
	r.progress("accounts", 0, 1)

	a.Regions = make([]checks.Region, len(plan.all))
	for i, name := range plan.all {
		a.Regions[i].Name = name
	}
	var jobs []*job
	for _, s := range services {
		if !s.Global {
			continue
		}
		c := cfg.Copy()
		c.Region = a.HomeRegion
		j := &job{Cfg: c, Region: a.HomeRegion, Account: a, global: true, service: s.Name, rec: &r.rec, collect: s.Collect}
		if r.opts.Org {
			// The caller listed the organization's accounts, so it may
			// read the organization-wide facts every member shares.
			cc := r.caller.Copy()
			cc.Region = a.HomeRegion
			j.caller, j.memo = &cc, r.memo
		}
		jobs = append(jobs, j)
	}
	nGlobal := len(jobs)
	for i := range a.Regions {
		rg := &a.Regions[i]
		if !plan.enabled[rg.Name] {
			continue
		}
		for _, s := range services {
			if s.Global {
				continue
			}
			c := cfg.Copy()
			c.Region = rg.Name
			jobs = append(jobs, &job{Cfg: c, Region: rg.Name, Account: a, Facts: rg, optIn: plan.optIn[rg.Name], service: s.Name, rec: &r.rec, collect: s.Collect})
		}
	}
	r.progress("global", nGlobal, 0)
	r.progress("regional", len(jobs)-nGlobal, 0)
	forEach(len(jobs), func(i int) {
		j := jobs[i]
		j.collect(ctx, j)
		if j.global {
			r.progress("global", 0, 1)
		} else {
			r.progress("regional", 0, 1)
		}
	})
	r.collapseDenied(a, plan)
}

// collapseDenied turns the gaps of a region where every read was denied (an
// SCP denying the region) into one gap for the whole region.
func (r *run) collapseDenied(a *checks.Account, plan regionPlan) {
	denied := map[string]bool{}
	for _, g := range a.Gaps {
		if g.Region == "" || !plan.enabled[g.Region] {
			continue
		}
		if _, seen := denied[g.Region]; !seen {
			denied[g.Region] = true
		}
		if g.Code != checks.GapAccessDenied {
			denied[g.Region] = false
		}
	}
	r.mu.Lock()
	for region, all := range denied {
		if all && r.ok[a.ID+"|"+region] > 0 {
			denied[region] = false
		}
	}
	r.mu.Unlock()
	kept := a.Gaps[:0]
	for _, g := range a.Gaps {
		if !denied[g.Region] {
			kept = append(kept, g)
		}
	}
	for region, all := range denied {
		if all {
			kept = append(kept, checks.Gap{Service: "*", Operation: "*", Action: "*", Region: region,
				Code: checks.GapAccessDenied, Message: "every read in the region was denied"})
		}
	}
	a.Gaps = kept
}

package collect

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom/checks"
)

// op is one allowed read: the SDK operation name, the IAM action it needs and
// why warroom calls it.
type op struct {
	Name   string
	Action string
	Why    string
}

// allowList maps an SDK service id (kms.ServiceID, "KMS") and an operation
// name to its allowed read. Only init functions write it.
var allowList = map[string]map[string]op{}

// allow puts a service's read operations on the allow-list. Call it from init.
func allow(serviceID string, ops ...op) {
	m := allowList[serviceID]
	if m == nil {
		m = map[string]op{}
		allowList[serviceID] = m
	}
	for _, o := range ops {
		m[o.Name] = o
	}
}

// allowed returns the allowed read for a service id and operation.
func allowed(serviceID, operation string) (op, bool) {
	o, ok := allowList[serviceID][operation]
	return o, ok
}

// Actions returns every IAM action on the allow-list, sorted.
func Actions() []string {
	set := map[string]bool{}
	for _, ops := range allowList {
		for _, o := range ops {
			set[o.Action] = true
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// service is one AWS service's collector.
type service struct {
	Name    string // short name for gaps and progress: "iam", "kms"
	ID      string // the SDK's service id, e.g. kms.ServiceID
	Global  bool   // read once per account, in the account's home region
	Collect func(ctx context.Context, j *job)
}

// services are the registered collectors. Only init functions write it.
var services []service

func register(s service) { services = append(services, s) }

// job is one service's collection in one account and region. Collectors write
// only the inventory fields they own; gaps go through fail.
type job struct {
	Cfg     aws.Config      // this account's credentials, Region set, guarded
	Region  string          // the region calls go to (the home region for global services)
	Account *checks.Account // write Account.Global fields only from global services
	Facts   *checks.Region  // this region's facts; nil for global services
	global  bool
	optIn   bool   // Region is an opt-in region the account enabled
	service string // the collector's Name, for gaps without an SDK operation error
	rec     *recorder
	collect func(ctx context.Context, j *job)
	// caller, set in --org mode, is the caller's configuration (Region set,
	// guarded), which may read what only the management account or a
	// delegated administrator may: collectors make organization-wide reads
	// with it, once per run through memo.
	caller *aws.Config
	memo   *memo
}

// memo runs each distinct read once per run and hands its answer (result and
// error) to every caller, those waiting while it runs included. Only reads
// made with one set of credentials may share a memo.
type memo struct {
	m sync.Map // key → *memoEntry
}

// memoEntry is one read's answer.
type memoEntry struct {
	once sync.Once
	v    any
	err  error
}

// do returns the answer of the read named key, calling f for it only the
// first time. A nil memo calls f every time.
func (m *memo) do(key string, f func() (any, error)) (any, error) {
	if m == nil {
		return f()
	}
	v, _ := m.m.LoadOrStore(key, &memoEntry{})
	e := v.(*memoEntry)
	e.once.Do(func() { e.v, e.err = f() })
	return e.v, e.err
}

// memoCall runs the SDK call call (service's operation with input in) through
// m, keyed by service, operation and the input's parameters, and returns its
// typed output.
func memoCall[I, O any](m *memo, service, operation string, in I, call func() (O, error)) (O, error) {
	if m == nil {
		return call()
	}
	params, err := json.Marshal(in)
	if err != nil {
		return call()
	}
	v, err := m.do(service+"|"+operation+"|"+string(params), func() (any, error) { return call() })
	out, _ := v.(O)
	return out, err
}

// fail records a read that did not succeed as a gap: for the whole service
// call when resource is "", else for that one resource (its ARN or id, as the
// checks report it). Service, operation and IAM action come from the SDK's
// operation error. Facts that are "not configured" (NoSuchEntity…) are not
// failures: collectors handle those codes before calling fail.
func (j *job) fail(err error, resource string) {
	region := j.Region
	if j.global {
		region = ""
	}
	g := classify(err, region, resource, j.optIn)
	if g.Service == "" {
		g.Service = j.service
	}
	var ce *callerError
	if errors.As(err, &ce) {
		g.Message += " (read by the identity running warroom collect, not by this account's role: grant it there)"
	}
	rec := j.rec
	if rec == nil {
		rec = &fallbackRecorder
	}
	rec.add(j.Account, g)
}

// fallbackRecorder serves jobs built without one (collector unit tests).
var fallbackRecorder recorder

// recorder serialises gap writes across goroutines.
type recorder struct {
	mu sync.Mutex
}

func (r *recorder) add(acct *checks.Account, g checks.Gap) {
	r.mu.Lock()
	defer r.mu.Unlock()
	acct.Gaps = append(acct.Gaps, g)
}

// eachPage reads every page of a listing, calling fn with each; a page that
// fails is recorded as a gap for resource and ends the listing. It reports
// whether every page was read. Pass a paginator's method values, as in
// eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeVpcsOutput) {…}),
// so that the page and option types are inferred.
func eachPage[O any, Opt any](ctx context.Context, j *job, resource string, more func() bool, next func(context.Context, ...func(*Opt)) (O, error), fn func(O)) bool {
	for more() {
		page, err := next(ctx)
		if err != nil {
			j.fail(err, resource)
			return false
		}
		fn(page)
	}
	return true
}

// forEach runs fn for 0..n-1 concurrently and waits for all. Requests stay
// bounded by the run's limit on requests in flight (see fanout.go), so
// collectors may start as many goroutines as they have resources.
func forEach(n int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i)
		}()
	}
	wg.Wait()
}

// tagsOf converts an SDK's tag list, reading each tag's key and value with kv;
// nil when there are none.
func tagsOf[T any](ts []T, kv func(T) (key, value *string)) checks.Tags {
	if len(ts) == 0 {
		return nil
	}
	out := make(checks.Tags, len(ts))
	for _, t := range ts {
		k, v := kv(t)
		out[aws.ToString(k)] = aws.ToString(v)
	}
	return out
}

// arn builds a regional ARN in the job's account and partition.
func arn(j *job, service, resource string) string {
	return "arn:" + checks.PartitionOf(j.Region) + ":" + service + ":" + j.Region + ":" + j.Account.ID + ":" + resource
}

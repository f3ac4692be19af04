package collect

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/warroom/warroom/checks"
)

// bAccount is the account id the b-collector tests use.
const bAccount = "111111111111"

// bJob returns a regional job in region for account bAccount, with a fresh
// recorder and an empty region to fill.
func bJob(t *testing.T, region string) *job {
	t.Helper()
	acct := &checks.Account{ID: bAccount, HomeRegion: "us-east-1", Regions: []checks.Region{{Name: region}}}
	return &job{Region: region, Account: acct, Facts: &acct.Regions[0], rec: &recorder{}}
}

// bPage returns the page a pagination token points at: nil is page 0, "1"
// is page 1, and so on. Tests set NextToken to the next page's index.
func bPage[T any](token *string, pages ...T) T {
	i := 0
	if token != nil && *token != "" {
		i, _ = strconv.Atoi(*token)
	}
	return pages[i]
}

// bCalls records the calls a fake received; fakes are called concurrently.
type bCalls struct {
	mu    sync.Mutex
	calls []string
}

func (c *bCalls) add(parts ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, strings.Join(parts, " "))
}

// count returns how many calls start with prefix.
func (c *bCalls) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.calls {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

// sorted returns the calls in sorted order.
func (c *bCalls) sorted() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]string(nil), c.calls...)
	sort.Strings(out)
	return out
}

// bFilter returns the calls that start with prefix, in their given order.
func bFilter(calls []string, prefix string) []string {
	var out []string
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// bJoin joins a call's list parameter for the call log.
func bJoin(vs []string) string { return strings.Join(vs, ",") }

// bStrings converts a list of SDK enum values to strings.
func bStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// bHasPrefixAll reports whether every call starts with prefix.
func bHasPrefixAll(calls []string, prefix string) bool {
	for _, c := range calls {
		if !strings.HasPrefix(c, prefix) {
			return false
		}
	}
	return true
}

// bAnswer is a fake method's body: it records the call (its parts joined as
// bCalls.add joins them), then answers an empty output when fn is nil, else
// what fn answers for in.
func bAnswer[I, O any](c *bCalls, fn func(*I) (*O, error), in *I, call ...string) (*O, error) {
	c.add(call...)
	return aAnswer(fn, in)
}

// bFake builds a test case's fake from base, changed by change when that is
// not nil, and returns it with a fresh job in region (see bJob).
func bFake[F any](t *testing.T, region string, base func() F, change func(F)) (F, *job) {
	t.Helper()
	f := base()
	if change != nil {
		change(f)
	}
	return f, bJob(t, region)
}

// bWant reports an error naming what when got is not deeply equal to want.
func bWant(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
	}
}

// bWantGaps reports an error when the job's gaps (see aGaps) are not want;
// nil want means no gaps.
func bWantGaps(t *testing.T, j *job, want []aGap) {
	t.Helper()
	if got := aGaps(j); (len(got) != 0 || len(want) != 0) && !reflect.DeepEqual(got, want) {
		t.Errorf("gaps = %+v, want %+v", got, want)
	}
}

package collect

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

// aAccount is the account id the account-wide and security-service collector
// tests use.
const aAccount = "123456789012"

// aJob returns a job for account aAccount in region: a global one (home
// region, no Facts) or a regional one with an empty region to fill.
func aJob(t *testing.T, region string, global bool) *job {
	t.Helper()
	acct := &checks.Account{ID: aAccount, HomeRegion: "us-east-1"}
	j := &job{Cfg: aws.Config{Region: region}, Region: region, Account: acct, global: global, rec: &recorder{}}
	if !global {
		acct.Regions = []checks.Region{{Name: region}}
		j.Facts = &acct.Regions[0]
	}
	return j
}

// aErr mimics an SDK operation error carrying an API error code and message.
func aErr(serviceID, operation, code string, message ...string) error {
	msg := code + " in test"
	if len(message) > 0 {
		msg = message[0]
	}
	return &smithy.OperationError{
		ServiceID:     serviceID,
		OperationName: operation,
		Err:           &smithy.GenericAPIError{Code: code, Message: msg},
	}
}

// aPageIndex turns a fake pagination token into a page index: nil or "" is
// page 0, "1" page 1, and so on.
func aPageIndex(token *string) int {
	if token == nil || *token == "" {
		return 0
	}
	i, _ := strconv.Atoi(*token)
	return i
}

// aNext is the token of the page after i when there are n pages, else nil.
func aNext(i, n int) *string {
	if i+1 >= n {
		return nil
	}
	return aws.String(strconv.Itoa(i + 1))
}

// aGap is the part of a gap the tests compare.
type aGap struct {
	Service, Operation, Action, Region, Resource, Code string
}

// aGaps returns the job's recorded gaps in a stable order.
func aGaps(j *job) []aGap {
	out := []aGap{}
	for _, g := range j.Account.Gaps {
		out = append(out, aGap{g.Service, g.Operation, g.Action, g.Region, g.Resource, g.Code})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Operation != out[b].Operation {
			return out[a].Operation < out[b].Operation
		}
		return out[a].Resource < out[b].Resource
	})
	return out
}

// aTime parses an RFC 3339 time for expectations.
func aTime(t *testing.T, s string) *time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	v = v.UTC()
	return &v
}

// aNoWait is a waitFunc that records the pauses asked for and never sleeps.
type aNoWait struct {
	mu     sync.Mutex
	pauses []time.Duration
}

func (w *aNoWait) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pauses = append(w.pauses, d)
	return ctx.Err()
}

// aAnswer is a fake method's reply: an empty output when fn is nil, else
// what fn answers for in.
func aAnswer[I, O any](fn func(*I) (*O, error), in *I) (*O, error) {
	if fn == nil {
		return new(O), nil
	}
	return fn(in)
}

// aReply is aAnswer for a fake whose func ignores the input.
func aReply[O any](fn func() (*O, error)) (*O, error) {
	if fn == nil {
		return new(O), nil
	}
	return fn()
}

package collect

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect/awstest"
)

func TestRun_noCredentials(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	cfg := wConfig(t, srv, wAcctA, "us-east-1")
	cause := errors.New("no EC2 IMDS role found")
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, cause
	})
	inv, _, err := Run(context.Background(), cfg, Options{Regions: []string{"us-east-1"}})
	if err == nil || inv != nil {
		t.Fatalf("Run = %v, %v; want an error and no inventory", inv, err)
	}
	if !errors.Is(err, ErrNoCredentials) {
		t.Errorf("error %q does not wrap ErrNoCredentials", err)
	}
	if !errors.Is(err, cause) {
		t.Errorf("error %q does not wrap the provider's error", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests were sent without credentials", n)
	}
}

func TestRun_callerNotIdentifiedIsNotNoCredentials(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Deny(awstest.Rule{Service: "sts", Operation: "GetCallerIdentity"})
	_, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}})
	if err == nil {
		t.Fatal("Run succeeded though the caller could not be identified")
	}
	if errors.Is(err, ErrNoCredentials) {
		t.Errorf("a denied GetCallerIdentity is reported as no credentials: %v", err)
	}
}

// TestRun_oneRegionalReadDenied: a region where a single read is denied
// keeps that read's gap; it is not taken for an SCP denying the region.
func TestRun_oneRegionalReadDenied(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Deny(awstest.Rule{Region: "us-east-1", Service: "kms", Operation: "ListKeys"})
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	got := inv.Accounts[0].Gaps
	for i := range got {
		got[i].Message = ""
	}
	want := []checks.Gap{{Service: "KMS", Operation: "ListKeys", Action: "kms:ListKeys", Region: "us-east-1", Code: checks.GapAccessDenied}}
	if !slices.Equal(got, want) {
		t.Errorf("gaps = %+v, want %+v", got, want)
	}
}

// TestRun_deniedAndThrottledRegion: a region with no successful read whose
// gaps are partly throttled is not collapsed into one region-wide denial;
// every gap stays as it is.
func TestRun_deniedAndThrottledRegion(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Throttle(awstest.Rule{Region: "eu-west-1", Service: "kms"}, 1000)
	srv.DenyRegion("eu-west-1")
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	gaps := wGaps(a, func(g checks.Gap) bool { return g.Region == "eu-west-1" })
	var denied, throttled int
	for _, g := range gaps {
		switch {
		case g.Service == "*":
			t.Errorf("the region was collapsed: %+v", g)
		case g.Code == checks.GapAccessDenied:
			denied++
		case g.Code == checks.GapThrottled && g.Service == "KMS":
			throttled++
		default:
			t.Errorf("unexpected gap %+v", g)
		}
	}
	if denied < 2 || throttled == 0 {
		t.Errorf("eu-west-1 gaps: %d denied, %d throttled, want both kept: %+v", denied, throttled, gaps)
	}
}

func TestRun_organizationListingFails(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Deny(awstest.Rule{Service: "organizations", Operation: "ListAccounts"})
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Org: true, RoleName: "WarroomAudit", Regions: []string{"us-east-1"}})
	if err == nil || inv != nil {
		t.Fatalf("Run = %+v, %v; want an error", inv, err)
	}
	if !strings.Contains(err.Error(), "list the organization's accounts") {
		t.Errorf("error = %v", err)
	}
	if n := srv.Count("sts", "AssumeRole"); n != 0 {
		t.Errorf("%d AssumeRole calls after the listing failed", n)
	}
}

func TestRun_badOptions(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"accounts without a role", Options{Accounts: []string{wAcctB}}, "role name"},
		{"org without a role", Options{Org: true}, "role name"},
		{"short account id", Options{Accounts: []string{wAcctB, "12345678901"}, RoleName: "WarroomAudit"}, `"12345678901"`},
		{"account id with a letter", Options{Accounts: []string{"12345678901x"}, RoleName: "WarroomAudit"}, `"12345678901x"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.NewServer(t, "testdata/aws")
			tt.opts.Regions = []string{"us-east-1"}
			inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), tt.opts)
			if err == nil || inv != nil {
				t.Fatalf("Run = %+v, %v; want an error", inv, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %s", err, tt.want)
			}
			for _, q := range srv.Requests() {
				if q.Operation != "GetCallerIdentity" {
					t.Errorf("request sent for a run that cannot start: %+v", q)
				}
			}
		})
	}
}

func TestRun_cancelledContext(t *testing.T) {
	t.Run("before the start", func(t *testing.T) {
		srv := awstest.NewServer(t, "testdata/aws")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := Run(ctx, wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("during the run", func(t *testing.T) {
		srv := awstest.NewServer(t, "testdata/aws")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, _, err := Run(ctx, wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}, Progress: func(p Progress) {
			if p.Stage == "accounts" {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

// TestRun_progressCallbackUnlocked: the Progress callback runs without the
// run's lock, so a callback that waits on anything taking it (here: the
// lock itself) cannot stall the run.
func TestRun_progressCallbackUnlocked(t *testing.T) {
	var r *run
	var got []Progress
	r = newRun(Options{Concurrency: 1, Progress: func(p Progress) {
		r.mu.Lock()
		_ = r.calls
		r.mu.Unlock()
		got = append(got, p)
	}}, aws.Config{Region: "us-east-1"})
	done := make(chan struct{})
	go func() {
		r.progress("accounts", 2, 0)
		r.progress("accounts", 0, 1)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("progress deadlocked: the callback runs under the run's lock")
	}
	want := []Progress{{Stage: "accounts", Total: 2}, {Stage: "accounts", Done: 1, Total: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("progress = %+v, want %+v", got, want)
	}
}

func TestSortGaps(t *testing.T) {
	gs := []checks.Gap{
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "b", Message: "2"},
		{Region: "", Service: "S3", Operation: "GetBucketPolicy", Resource: "arn:b"},
		{Region: "us-east-1", Service: "EC2", Operation: "DescribeVpcs"},
		{Region: "", Service: "S3", Operation: "GetBucketPolicy", Resource: "arn:a"},
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "b", Message: "1"},
		{Region: "eu-west-1", Service: "KMS", Operation: "ListKeys"},
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "a", Message: "9"},
		{Region: "", Service: "IAM", Operation: "ListUsers"},
		{Region: "us-east-1", Service: "KMS", Operation: "DescribeKey"},
	}
	sortGaps(gs)
	want := []checks.Gap{
		{Region: "", Service: "IAM", Operation: "ListUsers"},
		{Region: "", Service: "S3", Operation: "GetBucketPolicy", Resource: "arn:a"},
		{Region: "", Service: "S3", Operation: "GetBucketPolicy", Resource: "arn:b"},
		{Region: "eu-west-1", Service: "KMS", Operation: "ListKeys"},
		{Region: "us-east-1", Service: "EC2", Operation: "DescribeVpcs"},
		{Region: "us-east-1", Service: "KMS", Operation: "DescribeKey"},
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "a", Message: "9"},
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "b", Message: "1"},
		{Region: "us-east-1", Service: "KMS", Operation: "ListKeys", Code: "b", Message: "2"},
	}
	if !slices.Equal(gs, want) {
		t.Errorf("sorted gaps =\n%+v\nwant\n%+v", gs, want)
	}
}

func TestHomeRegion(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "us-east-1", "eu-west-1": "us-east-1",
		"cn-north-1": "cn-north-1", "cn-northwest-1": "cn-north-1",
		"us-gov-west-1": "us-gov-west-1", "us-gov-east-1": "us-gov-west-1",
	} {
		if got := homeRegion(checks.PartitionOf(region)); got != want {
			t.Errorf("home region of %s (partition %s) = %s, want %s", region, checks.PartitionOf(region), got, want)
		}
	}
}

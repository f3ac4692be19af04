package collect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect/awstest"
)

const (
	wAcctA = "111111111111"
	wAcctB = "222222222222"
	wAcctC = "333333333333"
)

// wIsolate keeps the SDK's default loader away from the machine's AWS
// configuration and endpoints.
func wIsolate(t testing.TB) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_PROFILE": "",
		"AWS_ENDPOINT_URL": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_CA_BUNDLE": "", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

// wConfig wires a configuration the way LoadConfig does (default loader,
// retryer, guard) with static credentials of account, pointed at srv, and a
// 1 ms retry backoff.
func wConfig(t testing.TB, srv *awstest.Server, account, region string) aws.Config {
	t.Helper()
	wIsolate(t)
	cfg, err := loadConfig(context.Background(), retrySettings{Backoff: time.Millisecond},
		config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(awstest.AccessKey(account), awstest.SecretKey, "")),
		config.WithBaseEndpoint(srv.URL),
		config.WithHTTPClient(srv.Client()),
		config.WithEC2IMDSClientEnableState(imds.ClientDisabled),
	)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func wGaps(a *checks.Account, f func(g checks.Gap) bool) []checks.Gap {
	var out []checks.Gap
	for _, g := range a.Gaps {
		if f(g) {
			out = append(out, g)
		}
	}
	return out
}

func TestRun_fullOverFake(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	cfg := wConfig(t, srv, wAcctA, "us-east-1")
	var stages []string
	inv, st, err := Run(context.Background(), cfg, Options{Progress: func(p Progress) {
		if p.Done == p.Total {
			stages = append(stages, p.Stage)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Accounts) != 1 || inv.Accounts[0].ID != wAcctA || inv.Accounts[0].HomeRegion != "us-east-1" || inv.Partition != "aws" {
		t.Fatalf("accounts = %+v", inv.Accounts)
	}
	a := &inv.Accounts[0]
	var names []string
	for _, r := range a.Regions {
		names = append(names, r.Name)
	}
	if want := []string{"eu-west-1", "us-east-1"}; !slices.Equal(names, want) {
		t.Errorf("regions = %v, want %v (af-south-1 is not opted in)", names, want)
	}
	for _, g := range a.Gaps {
		t.Errorf("unexpected gap %+v", g)
	}
	if st.Duplicates != 0 || srv.Duplicates() != 0 {
		t.Errorf("duplicate calls: run %d, server %d: %v", st.Duplicates, srv.Duplicates(), srv.DuplicateKeys())
	}
	if st.Calls != srv.Calls() || st.Calls == 0 {
		t.Errorf("run counted %d calls, server saw %d", st.Calls, srv.Calls())
	}
	if st.Accounts != 1 || st.Regions != 2 {
		t.Errorf("stats = %+v", st)
	}
	var users []string
	for _, u := range a.Global.IAM.Users {
		users = append(users, u.Name)
	}
	if !slices.Equal(users, []string{"alice", "bob"}) {
		t.Errorf("IAM users over two pages = %v", users)
	}
	for _, r := range a.Regions {
		if len(r.EC2.SecurityGroups) != 2 {
			t.Errorf("%s security groups over two pages = %+v", r.Name, r.EC2.SecurityGroups)
		}
	}
	if len(a.Global.S3.Buckets) != 2 {
		t.Errorf("buckets over two pages = %+v", a.Global.S3.Buckets)
	}
	for _, q := range srv.Requests() {
		if q.Operation == "" || strings.Contains(q.Operation, " ") {
			t.Errorf("the fake did not recognise the operation of %+v", q)
		}
	}
	for _, s := range []string{"accounts", "global", "regional"} {
		if !slices.Contains(stages, s) {
			t.Errorf("no final progress for stage %q (got %v)", s, stages)
		}
	}
}

// TestWire_paging pages through the fake with the real clients and
// paginators, whether or not a collector for the service exists yet: IAM
// (query), EC2 (ec2query), S3 (REST-XML), Organizations (JSON) and CloudWatch
// (RPC v2 CBOR).
func TestWire_paging(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	cfg := wConfig(t, srv, wAcctA, "us-east-1")
	ctx := context.Background()

	var users []string
	pi := iam.NewGetAccountAuthorizationDetailsPaginator(iam.NewFromConfig(cfg), &iam.GetAccountAuthorizationDetailsInput{})
	for pi.HasMorePages() {
		page, err := pi.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.UserDetailList {
			users = append(users, aws.ToString(u.UserName)+" "+aws.ToString(u.Arn))
		}
	}
	if want := []string{"alice arn:aws:iam::" + wAcctA + ":user/alice", "bob arn:aws:iam::" + wAcctA + ":user/bob"}; !slices.Equal(users, want) {
		t.Errorf("iam users = %v, want %v", users, want)
	}

	var groups []string
	pe := ec2.NewDescribeSecurityGroupsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeSecurityGroupsInput{})
	for pe.HasMorePages() {
		page, err := pe.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range page.SecurityGroups {
			groups = append(groups, aws.ToString(g.GroupId))
		}
	}
	if want := []string{"sg-0000000000000000a", "sg-0000000000000000b"}; !slices.Equal(groups, want) {
		t.Errorf("security groups = %v, want %v", groups, want)
	}

	var buckets []string
	ps := s3.NewListBucketsPaginator(s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), &s3.ListBucketsInput{})
	for ps.HasMorePages() {
		page, err := ps.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range page.Buckets {
			buckets = append(buckets, aws.ToString(b.Name)+"@"+aws.ToString(b.BucketRegion))
		}
	}
	if want := []string{"logs-" + wAcctA + "@us-east-1", "data-" + wAcctA + "@eu-west-1"}; !slices.Equal(buckets, want) {
		t.Errorf("buckets = %v, want %v", buckets, want)
	}

	var accounts []string
	po := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
	for po.HasMorePages() {
		page, err := po.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Accounts {
			accounts = append(accounts, aws.ToString(a.Id))
		}
	}
	if want := []string{wAcctA, "999999999999", wAcctB}; !slices.Equal(accounts, want) {
		t.Errorf("organization accounts = %v, want %v", accounts, want)
	}

	var alarms []string
	pc := cloudwatch.NewDescribeAlarmsPaginator(cloudwatch.NewFromConfig(cfg), &cloudwatch.DescribeAlarmsInput{})
	for pc.HasMorePages() {
		page, err := pc.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.MetricAlarms {
			alarms = append(alarms, aws.ToString(a.AlarmName)+" "+aws.ToString(a.MetricName))
		}
	}
	if want := []string{"root-usage RootAccountUsage", "console-no-mfa ConsoleNoMFA"}; !slices.Equal(alarms, want) {
		t.Errorf("alarms = %v, want %v", alarms, want)
	}
	if srv.Duplicates() != 0 {
		t.Errorf("duplicates: %v", srv.DuplicateKeys())
	}
}

func TestRun_throttlingThatClears(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Throttle(awstest.Rule{Service: "ec2", Operation: "DescribeRegions"}, 3)
	srv.Throttle(awstest.Rule{Service: "ec2", Operation: "DescribeSecurityGroups", Region: "eu-west-1"}, 2)
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	for _, g := range a.Gaps {
		t.Errorf("unexpected gap %+v", g)
	}
	if len(a.Regions) != 2 {
		t.Errorf("regions = %+v", a.Regions)
	}
	if r := a.Region("eu-west-1"); r == nil || len(r.EC2.SecurityGroups) != 2 {
		t.Errorf("eu-west-1 security groups after throttling: %+v", r)
	}
	if srv.Attempts() <= srv.Calls() {
		t.Errorf("attempts %d, calls %d: the throttled calls were not retried", srv.Attempts(), srv.Calls())
	}
	if st.Duplicates != 0 || srv.Duplicates() != 0 {
		t.Errorf("retries counted as duplicate calls: run %d, server %d", st.Duplicates, srv.Duplicates())
	}
}

func TestRun_throttlingThatOutlastsRetries(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Throttle(awstest.Rule{Service: "ec2", Operation: "DescribeRegions"}, 1000)
	srv.Throttle(awstest.Rule{Service: "iam", Operation: "GetAccountAuthorizationDetails"}, 1000)
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "eu-west-1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	rg := wGaps(a, func(g checks.Gap) bool { return g.Action == "ec2:DescribeRegions" })
	if len(rg) != 1 || rg[0].Code != checks.GapThrottled || !strings.Contains(rg[0].Message, "only eu-west-1 was read") {
		t.Errorf("DescribeRegions gaps = %+v", rg)
	}
	if len(a.Regions) != 1 || a.Regions[0].Name != "eu-west-1" {
		t.Errorf("regions = %+v, want the configuration's region only", a.Regions)
	}
	ig := wGaps(a, func(g checks.Gap) bool { return g.Action == "iam:GetAccountAuthorizationDetails" })
	if len(ig) != 1 || ig[0].Code != checks.GapThrottled || ig[0].Region != "" || ig[0].Operation != "GetAccountAuthorizationDetails" {
		t.Errorf("IAM gaps = %+v", ig)
	}
	if st.Gaps[checks.GapThrottled] == 0 {
		t.Errorf("stats gaps = %v", st.Gaps)
	}
	if got := srv.Count("ec2", "DescribeRegions"); got != 1 {
		t.Errorf("DescribeRegions calls = %d, want 1 call (retried inside the SDK)", got)
	}
	if n := len(srv.Requests()); n < maxAttempts {
		t.Errorf("only %d requests: retries did not happen", n)
	}
}

func TestRun_accessDenied(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Deny(awstest.Rule{Service: "iam", Operation: "GetAccountAuthorizationDetails"})
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	want := []checks.Gap{{Service: "IAM", Operation: "GetAccountAuthorizationDetails", Action: "iam:GetAccountAuthorizationDetails",
		Code: checks.GapAccessDenied}}
	got := a.Gaps
	for i := range got {
		got[i].Message = ""
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps = %+v, want %+v", got, want)
	}
	if len(a.Global.IAM.CredentialReport) == 0 {
		t.Error("the rest of IAM was not collected: no credential report")
	}
}

func TestRun_disabledRegion(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1", "af-south-1"}})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	if a.Region("af-south-1") == nil || a.Region("us-east-1") == nil || len(a.Regions) != 2 {
		t.Errorf("regions = %+v", a.Regions)
	}
	want := []checks.Gap{{Service: "*", Operation: "*", Action: "*", Region: "af-south-1", Code: checks.GapRegionDisabled,
		Message: "the region is not enabled in the account, so nothing in it was read"}}
	if !slices.Equal(a.Gaps, want) {
		t.Errorf("gaps = %+v, want %+v", a.Gaps, want)
	}
	for _, q := range srv.Requests() {
		if q.Region == "af-south-1" {
			t.Errorf("request to the disabled region: %+v", q)
		}
	}
}

func TestRun_scpDeniedRegion(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.DenyRegion("eu-west-1")
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	a := &inv.Accounts[0]
	want := []checks.Gap{{Service: "*", Operation: "*", Action: "*", Region: "eu-west-1", Code: checks.GapAccessDenied,
		Message: "every read in the region was denied"}}
	// The data bucket lives in eu-west-1: its reads are per-resource gaps of the global S3 collector.
	a.Gaps = wGaps(a, func(g checks.Gap) bool { return g.Region != "" })
	if !slices.Equal(a.Gaps, want) {
		t.Errorf("gaps = %+v, want %+v", a.Gaps, want)
	}
}

func TestRun_accountsByAssumeRole(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Accounts: []string{wAcctC, wAcctB}, RoleName: "WarroomAudit", ExternalID: "ext-1", Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range inv.Accounts {
		ids = append(ids, a.ID)
		for _, g := range a.Gaps {
			t.Errorf("%s: unexpected gap %+v", a.ID, g)
		}
		if len(a.Regions) != 1 {
			t.Errorf("%s regions = %+v", a.ID, a.Regions)
		}
	}
	if !slices.Equal(ids, []string{wAcctB, wAcctC}) {
		t.Errorf("accounts = %v", ids)
	}
	if n := srv.Count("sts", "AssumeRole"); n != 2 {
		t.Errorf("AssumeRole calls = %d, want 2", n)
	}
	seen := map[string]bool{}
	for _, q := range srv.Requests() {
		seen[q.Account] = true
		if q.Operation == "AssumeRole" && (q.Account != wAcctA || !strings.Contains(q.Params, "ExternalId=ext-1") ||
			!strings.Contains(q.Params, "role%2FWarroomAudit")) {
			t.Errorf("AssumeRole request = %+v", q)
		}
	}
	if !seen[wAcctB] || !seen[wAcctC] {
		t.Errorf("no reads with the assumed credentials: %v", seen)
	}
	if st.Accounts != 2 || st.Duplicates != 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestRun_organization(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Org: true, RoleName: "WarroomAudit", Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range inv.Accounts {
		ids = append(ids, a.ID+"/"+a.Name)
	}
	if want := []string{wAcctA + "/management", wAcctB + "/workload"}; !slices.Equal(ids, want) {
		t.Errorf("accounts = %v, want %v (the closed account is skipped)", ids, want)
	}
	if n := srv.Count("organizations", "ListAccounts"); n != 2 {
		t.Errorf("ListAccounts calls = %d, want two pages", n)
	}
	if n := srv.Count("sts", "AssumeRole"); n != 1 {
		t.Errorf("AssumeRole calls = %d, want 1 (the caller's own account uses its own credentials)", n)
	}
}

func TestRun_assumeRoleDenied(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Deny(awstest.Rule{Service: "sts", Operation: "AssumeRole", ParamsContain: wAcctC})
	inv, _, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Accounts: []string{wAcctB, wAcctC}, RoleName: "WarroomAudit", Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Accounts) != 2 {
		t.Fatalf("accounts = %+v", inv.Accounts)
	}
	b, c := &inv.Accounts[0], &inv.Accounts[1]
	if b.ID != wAcctB || len(b.Gaps) != 0 || len(b.Regions) != 1 {
		t.Errorf("account B = %+v", b)
	}
	if c.ID != wAcctC || len(c.Gaps) != 1 || c.Gaps[0].Action != "*" || c.Gaps[0].Code != checks.GapAccessDenied ||
		c.Gaps[0].Operation != "AssumeRole" || c.Gaps[0].Region != "" || !strings.Contains(c.Gaps[0].Message, "role/WarroomAudit") {
		t.Errorf("account C = %+v", c)
	}
	for _, q := range srv.Requests() {
		if q.Account == wAcctC {
			t.Errorf("a read reached account C: %+v", q)
		}
	}
}

func TestRun_timeout(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.Slow(awstest.Rule{Service: "iam", Operation: "GetAccountAuthorizationDetails"}, 10*time.Second)
	start := time.Now()
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Regions: []string{"us-east-1"}, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("run took %s with a 1s timeout", d)
	}
	a := &inv.Accounts[0]
	tg := wGaps(a, func(g checks.Gap) bool { return g.Code == checks.GapTimeout })
	if len(tg) == 0 || st.Gaps[checks.GapTimeout] != len(tg) {
		t.Fatalf("no timeout gaps: %+v", a.Gaps)
	}
	found := false
	for _, g := range tg {
		found = found || g.Action == "iam:GetAccountAuthorizationDetails"
	}
	if !found {
		t.Errorf("timeout gaps = %+v, want one for iam:GetAccountAuthorizationDetails", tg)
	}
	if len(a.Global.IAM.CredentialReport) == 0 {
		t.Error("the reads that finished in time are missing from the partial inventory")
	}
}

func TestRun_concurrencyBound(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	srv.SetLatency(5 * time.Millisecond)
	_, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"), Options{Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if m := srv.MaxInFlight(); m > 3 || (st.Calls > 10 && m < 2) {
		t.Errorf("max requests in flight = %d, want ≤ 3 (and some parallelism)", m)
	}
}

func TestRun_countsDuplicateCalls(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	r := newRun(Options{Concurrency: 4}, wConfig(t, srv, wAcctA, "us-east-1"))
	cfg := r.configFor(r.base, wAcctA)
	for range 2 {
		if _, err := iam.NewFromConfig(cfg).GetAccountSummary(context.Background(), &iam.GetAccountSummaryInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if r.calls != 2 || r.dups != 1 || srv.Duplicates() != 1 {
		t.Errorf("calls %d, duplicates %d (server %d), want 2 and 1", r.calls, r.dups, srv.Duplicates())
	}
}

// TestLoadConfig_environment loads the configuration as the command does:
// credentials and AWS_ENDPOINT_URL from the environment reach the fake, and
// the read-only guard is in place.
func TestLoadConfig_environment(t *testing.T) {
	srv := awstest.NewServer(t, "testdata/aws")
	wIsolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", awstest.AccessKey(wAcctB))
	t.Setenv("AWS_SECRET_ACCESS_KEY", awstest.SecretKey)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	cfg, err := LoadConfig(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "us-east-1" {
		t.Errorf("region = %q, want the us-east-1 default", cfg.Region)
	}
	if r := cfg.Retryer(); r.MaxAttempts() != maxAttempts {
		t.Errorf("retryer max attempts = %d", r.MaxAttempts())
	} else if _, ok := r.(*retry.AdaptiveMode); !ok {
		t.Errorf("retryer is %T, want the SDK's adaptive mode", r)
	}
	id, err := callerIdentity(context.Background(), cfg)
	if err != nil || id != wAcctB {
		t.Fatalf("caller identity = %q, %v", id, err)
	}
	_, err = iam.NewFromConfig(cfg).DeleteUser(context.Background(), &iam.DeleteUserInput{UserName: aws.String("x")})
	if !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("DeleteUser: err = %v, want ErrNotReadOnly", err)
	}
	if n := srv.Attempts(); n != 1 {
		t.Errorf("the fake received %d requests, want 1", n)
	}
}

// wOrgListings are the Organizations reads that only the management account
// or a delegated administrator may make.
var wOrgListings = []string{"ListParents", "ListPoliciesForTarget", "ListDelegatedAdministrators", "ListDelegatedServicesForAccount", "ListPolicies"}

// wOrgServer serves testdata/aws plus an organization of A (the management
// account and the caller), B and C, where only A may list the organization's
// policies and delegated administrators: the members' own roles are denied.
// The fake answers by operation, not parameters, so every ListParents answer
// is the root, and every target carries FullAWSAccess and Guardrails.
func wOrgServer(t *testing.T) *awstest.Server {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/aws")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"organizations/DescribeOrganization.json": `{"Organization":{"Id":"o-abc","Arn":"arn:aws:organizations::` + wAcctA +
			`:organization/o-abc","MasterAccountId":"` + wAcctA + `","FeatureSet":"ALL"}}`,
		wAcctA + "/organizations/ListAccounts.json": `{"Accounts":[{"Id":"` + wAcctA + `","Name":"management","State":"ACTIVE"},` +
			`{"Id":"` + wAcctB + `","Name":"workload","State":"ACTIVE"},{"Id":"` + wAcctC + `","Name":"security","State":"ACTIVE"}]}`,
		wAcctA + "/organizations/ListParents.json": `{"Parents":[{"Id":"r-root","Type":"ROOT"}]}`,
		wAcctA + "/organizations/ListPoliciesForTarget.json": `{"Policies":[{"Id":"p-FullAWSAccess","Name":"FullAWSAccess","AwsManaged":true},` +
			`{"Id":"p-guard","Name":"Guardrails","AwsManaged":false}]}`,
		wAcctA + "/organizations/ListDelegatedAdministrators.json":     `{"DelegatedAdministrators":[{"Id":"` + wAcctC + `"}]}`,
		wAcctA + "/organizations/ListDelegatedServicesForAccount.json": `{"DelegatedServices":[{"ServicePrincipal":"securityhub.amazonaws.com"}]}`,
		wAcctA + "/organizations/ListPolicies.json":                    `{"Policies":[{"Id":"p-tags","Name":"DataClass","AwsManaged":false}]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := awstest.NewServer(t, dir)
	for _, member := range []string{wAcctB, wAcctC} {
		for _, op := range wOrgListings {
			srv.Deny(awstest.Rule{Account: member, Service: "organizations", Operation: op})
		}
	}
	return srv
}

// wFinding returns the finding of check id for account acct.
func wFinding(t *testing.T, inv *checks.Inventory, id, acct string) checks.Finding {
	t.Helper()
	c, ok := checks.ByID(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	for _, f := range checks.Evaluate(inv, []checks.Check{c}, "run", time.Unix(0, 0)) {
		if f.Account == acct {
			return f
		}
	}
	t.Fatalf("no %s finding for %s", id, acct)
	return checks.Finding{}
}

func TestRun_organizationPoliciesFromCaller(t *testing.T) {
	srv := wOrgServer(t)
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Org: true, RoleName: "WarroomAudit", Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range inv.Accounts {
		ids = append(ids, a.ID)
	}
	if want := []string{wAcctA, wAcctB, wAcctC}; !slices.Equal(ids, want) {
		t.Fatalf("accounts = %v, want %v", ids, want)
	}
	for i := range inv.Accounts {
		a := &inv.Accounts[i]
		for _, g := range wGaps(a, func(g checks.Gap) bool { return g.Service == organizations.ServiceID }) {
			t.Errorf("%s: Organizations gap %+v", a.ID, g)
		}
		o := a.Global.Organization
		if o == nil {
			t.Errorf("%s: no organization", a.ID)
			continue
		}
		if o.ID != "o-abc" || o.IsManagementAcc != (a.ID == wAcctA) {
			t.Errorf("%s: organization = %+v", a.ID, o)
		}
		wantSCPs := []checks.PolicySummary{
			{ID: "p-FullAWSAccess", Name: "FullAWSAccess", AWSManaged: true, Target: a.ID},
			{ID: "p-guard", Name: "Guardrails", Target: a.ID},
			{ID: "p-FullAWSAccess", Name: "FullAWSAccess", AWSManaged: true, Target: "r-root"},
			{ID: "p-guard", Name: "Guardrails", Target: "r-root"},
		}
		if !slices.Equal(o.SCPs, wantSCPs) {
			t.Errorf("%s: SCPs = %+v, want %+v", a.ID, o.SCPs, wantSCPs)
		}
		if len(o.DelegatedAdmins) != 1 || o.DelegatedAdmins["securityhub.amazonaws.com"] != wAcctC {
			t.Errorf("%s: delegated admins = %v", a.ID, o.DelegatedAdmins)
		}
		if want := []checks.PolicySummary{{ID: "p-tags", Name: "DataClass"}}; !slices.Equal(o.TagPolicies, want) {
			t.Errorf("%s: tag policies = %+v, want %+v", a.ID, o.TagPolicies, want)
		}
	}
	for _, acct := range []string{wAcctB, wAcctC} {
		if f := wFinding(t, inv, "org.scps", acct); f.Status != checks.Pass {
			t.Errorf("org.scps for member %s = %s: %s", acct, f.Status, f.Message)
		}
	}
	if st.Duplicates != 0 || srv.Duplicates() != 0 {
		t.Errorf("duplicate calls: run %d, server %d: %v", st.Duplicates, srv.Duplicates(), srv.DuplicateKeys())
	}
	// Shared answers are read once for the whole run; each account's own
	// walk starts at itself.
	for op, want := range map[string]int{
		"ListDelegatedAdministrators": 1, "ListDelegatedServicesForAccount": 1, "ListPolicies": 1,
		"ListParents": 3, "ListPoliciesForTarget": 4, "DescribeOrganization": 3,
	} {
		if got := srv.Count("organizations", op); got != want {
			t.Errorf("%s calls = %d, want %d", op, got, want)
		}
	}
	rootCalls := map[string]bool{}
	describedBy := map[string]bool{}
	for _, q := range srv.Requests() {
		if q.Service != "organizations" {
			continue
		}
		switch {
		case q.Operation == "DescribeOrganization":
			describedBy[q.Account] = true
		case slices.Contains(wOrgListings, q.Operation) && q.Account != wAcctA:
			t.Errorf("a listing went out with a member's credentials: %+v", q)
		}
		if q.Operation == "ListPoliciesForTarget" && strings.Contains(q.Params, `"TargetId":"r-root"`) {
			rootCalls[q.Invocation] = true
		}
	}
	if len(rootCalls) != 1 {
		t.Errorf("the root's ListPoliciesForTarget was called %d times, want 1", len(rootCalls))
	}
	if len(describedBy) != 3 {
		t.Errorf("DescribeOrganization went out as %v, want each account's own credentials", describedBy)
	}
}

// TestRun_organizationCallerListingDenied: a listing the caller may not make
// either is a gap in every account, under the same action, read once.
func TestRun_organizationCallerListingDenied(t *testing.T) {
	srv := wOrgServer(t)
	srv.Deny(awstest.Rule{Account: wAcctA, Service: "organizations", Operation: "ListPolicies"})
	inv, st, err := Run(context.Background(), wConfig(t, srv, wAcctA, "us-east-1"),
		Options{Org: true, RoleName: "WarroomAudit", Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Accounts) != 3 {
		t.Fatalf("accounts = %+v", inv.Accounts)
	}
	for i := range inv.Accounts {
		a := &inv.Accounts[i]
		got := wGaps(a, func(g checks.Gap) bool { return g.Service == organizations.ServiceID })
		if len(got) != 1 || got[0].Operation != "ListPolicies" || got[0].Action != "organizations:ListPolicies" ||
			got[0].Code != checks.GapAccessDenied || got[0].Region != "" || got[0].Resource != "" {
			t.Errorf("%s: Organizations gaps = %+v, want one denied ListPolicies", a.ID, got)
		}
		if len(got) == 1 && !strings.Contains(got[0].Message, "identity running warroom collect") {
			t.Errorf("%s: gap message %q does not say the caller made the read", a.ID, got[0].Message)
		}
		if o := a.Global.Organization; o == nil || o.TagPolicies != nil || len(o.SCPs) == 0 {
			t.Errorf("%s: organization = %+v", a.ID, o)
		}
		f := wFinding(t, inv, "org.tag-policies", a.ID)
		if f.Status != checks.Unknown || !slices.Equal(f.Actions, []string{"organizations:ListPolicies"}) {
			t.Errorf("%s: org.tag-policies = %s %v: %s", a.ID, f.Status, f.Actions, f.Message)
		}
	}
	if n := srv.Count("organizations", "ListPolicies"); n != 1 {
		t.Errorf("ListPolicies calls = %d, want 1 (the refusal is shared)", n)
	}
	if st.Duplicates != 0 || srv.Duplicates() != 0 {
		t.Errorf("duplicate calls: run %d, server %d: %v", st.Duplicates, srv.Duplicates(), srv.DuplicateKeys())
	}
}

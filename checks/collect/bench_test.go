package collect

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks/collect/awstest"
)

// benchLatency is the fake's answer time for every call.
const benchLatency = 20 * time.Millisecond

// benchIAMPages is the number of pages of GetAccountAuthorizationDetails in
// the generated data: the longest chain of dependent calls of any service.
// The other services' chains are shorter: DynamoDB ListTables (2 pages) then
// DescribeContinuousBackups = 3; KMS ListKeys, DescribeKey, then rotation and
// policy = 3; EC2 DescribeSecurityGroups = 2 pages; S3 ListBuckets then the
// per-bucket reads = 2; the credential report Generate then Get = 2.
const benchIAMPages = 5

// benchChain is the longest chain of dependent calls of a run, the critical
// path: the caller's GetCallerIdentity, then (only for other accounts)
// AssumeRole and the assumed role's GetCallerIdentity, then DescribeRegions,
// then the IAM pages. A run can be no faster than benchChain × benchLatency.
//
//	caller's account:  1 + 1 + 5     = 7 calls → 140 ms
//	assumed accounts:  1 + 2 + 1 + 5 = 9 calls → 180 ms
//
// wall/critical-path well above 1 has two causes: the bound on requests in
// flight (see wall/lower-bound, which also counts calls × latency /
// concurrency), and collectors that make independent calls one after
// another, which lengthens the real chain beyond the data's.
func benchChain(assumed bool) int {
	n := 1 + 1 + benchIAMPages
	if assumed {
		n += 2
	}
	return n
}

// benchRegions are the 17 regions the generated account has enabled.
var benchRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
	"sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// benchData writes the canned answers of the benchmark to a temporary
// directory: a handful of resources per service, with pages and
// per-resource reads.
func benchData(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	copyFile := func(rel string) {
		b, err := os.ReadFile(filepath.Join("testdata", "aws", rel))
		if err != nil {
			tb.Fatal(err)
		}
		write(rel, string(b))
	}
	copyFile("iam/GenerateCredentialReport.xml")
	copyFile("iam/GetCredentialReport.xml")

	var regions strings.Builder
	for _, r := range benchRegions {
		fmt.Fprintf(&regions, `<item><regionName>%s</regionName><optInStatus>opt-in-not-required</optInStatus></item>`, r)
	}
	write("ec2/DescribeRegions.xml", `<DescribeRegionsResponse><requestId>r</requestId><regionInfo>`+regions.String()+`</regionInfo></DescribeRegionsResponse>`)

	for p := 1; p <= benchIAMPages; p++ {
		name, marker := "iam/GetAccountAuthorizationDetails.xml", ""
		if p > 1 {
			name = fmt.Sprintf("iam/GetAccountAuthorizationDetails.p%d.xml", p)
		}
		if p < benchIAMPages {
			marker = fmt.Sprintf("<IsTruncated>true</IsTruncated><Marker>p%d</Marker>", p+1)
		}
		write(name, fmt.Sprintf(`<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult>%[2]s
<UserDetailList><member><UserName>user%[1]d</UserName><Arn>arn:aws:iam::{{account}}:user/user%[1]d</Arn></member></UserDetailList>
<RoleDetailList><member><RoleName>role%[1]d</RoleName><Arn>arn:aws:iam::{{account}}:role/role%[1]d</Arn><AssumeRolePolicyDocument>%%7B%%7D</AssumeRolePolicyDocument></member></RoleDetailList>
</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`, p, marker))
	}

	write("ec2/DescribeSecurityGroups.xml", `<DescribeSecurityGroupsResponse><securityGroupInfo>
<item><groupId>sg-1</groupId><groupName>a</groupName></item><item><groupId>sg-2</groupId><groupName>b</groupName></item>
</securityGroupInfo><nextToken>p2</nextToken></DescribeSecurityGroupsResponse>`)
	write("ec2/DescribeSecurityGroups.p2.xml", `<DescribeSecurityGroupsResponse><securityGroupInfo>
<item><groupId>sg-3</groupId><groupName>c</groupName></item></securityGroupInfo></DescribeSecurityGroupsResponse>`)
	write("ec2/DescribeInstances.xml", `<DescribeInstancesResponse><reservationSet><item><instancesSet>
<item><instanceId>i-1</instanceId><instanceState><name>running</name></instanceState><metadataOptions><httpTokens>required</httpTokens><httpEndpoint>enabled</httpEndpoint></metadataOptions></item>
<item><instanceId>i-2</instanceId><instanceState><name>stopped</name></instanceState></item>
</instancesSet></item></reservationSet></DescribeInstancesResponse>`)

	write("dynamodb/ListTables.json", `{"TableNames":["orders","users"],"LastEvaluatedTableName":"users"}`)
	write("dynamodb/ListTables.users.json", `{"TableNames":["events"]}`)
	write("dynamodb/DescribeContinuousBackups.json", `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED","PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED"}}}`)

	write("kms/ListKeys.json", `{"Keys":[{"KeyId":"k1","KeyArn":"arn:aws:kms:{{region}}:{{account}}:key/k1"},{"KeyId":"k2","KeyArn":"arn:aws:kms:{{region}}:{{account}}:key/k2"}]}`)
	write("kms/DescribeKey.json", `{"KeyMetadata":{"KeyId":"k1","Arn":"arn:aws:kms:{{region}}:{{account}}:key/k1","KeyManager":"CUSTOMER","KeyState":"Enabled","KeySpec":"SYMMETRIC_DEFAULT","KeyUsage":"ENCRYPT_DECRYPT","Origin":"AWS_KMS"}}`)

	write("s3/ListBuckets.xml", `<ListAllMyBucketsResult><Buckets>
<Bucket><Name>logs-{{account}}</Name><BucketRegion>us-east-1</BucketRegion></Bucket>
<Bucket><Name>data-{{account}}</Name><BucketRegion>us-east-1</BucketRegion></Bucket>
</Buckets></ListAllMyBucketsResult>`)
	return dir
}

func benchCollect(b *testing.B, accounts int, regions []string, concurrency int) {
	srv := awstest.NewServer(b, benchData(b))
	srv.SetLatency(benchLatency)
	cfg := wConfig(b, srv, wAcctA, "us-east-1")
	opts := Options{Regions: regions, Concurrency: concurrency}
	for i := 0; i < accounts && accounts > 1; i++ {
		opts.Accounts = append(opts.Accounts, fmt.Sprintf("5%011d", i))
		opts.RoleName = "WarroomAudit"
	}
	var calls, dups int
	var wall time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		inv, st, err := Run(context.Background(), cfg, opts)
		wall += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Accounts) != accounts {
			b.Fatalf("%d accounts collected, want %d", len(inv.Accounts), accounts)
		}
		for _, a := range inv.Accounts {
			for _, g := range a.Gaps {
				b.Errorf("%s: gap %+v", a.ID, g)
			}
		}
		calls += st.Calls
		dups += st.Duplicates
	}
	b.StopTimer()
	if dups != 0 || srv.Duplicates() != 0 {
		b.Fatalf("duplicate calls: run %d, fake %d: %v", dups, srv.Duplicates(), srv.DuplicateKeys())
	}
	critical := time.Duration(benchChain(accounts > 1)) * benchLatency
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
	b.ReportMetric(float64(dups)/float64(b.N), "duplicate-calls/op")
	b.ReportMetric(float64(wall)/float64(b.N)/float64(critical), "wall/critical-path")
	// With opts.Concurrency requests in flight, the calls alone take
	// calls × latency / concurrency: the other lower bound.
	throughput := time.Duration(float64(calls) / float64(b.N) * float64(benchLatency) / float64(concurrency))
	b.ReportMetric(float64(wall)/float64(b.N)/float64(max(critical, throughput)), "wall/lower-bound")
}

// BenchmarkCollect_1x17 reads the caller's account in 17 regions.
func BenchmarkCollect_1x17(b *testing.B) { benchCollect(b, 1, []string{"all"}, DefaultConcurrency) }

// BenchmarkCollect_1x17_Wide is BenchmarkCollect_1x17 with 1024 requests in
// flight: the request bound no longer dominates, so the wall time shows how
// close the fan-out comes to the chain of dependent calls.
func BenchmarkCollect_1x17_Wide(b *testing.B) { benchCollect(b, 1, []string{"all"}, 1024) }

// BenchmarkCollect_20x4 reads 20 accounts through AssumeRole in 4 regions each.
func BenchmarkCollect_20x4(b *testing.B) {
	benchCollect(b, 20, []string{"us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"}, DefaultConcurrency)
}

// BenchmarkCollect_20x4_Wide is BenchmarkCollect_20x4 with 1024 requests in flight.
func BenchmarkCollect_20x4_Wide(b *testing.B) {
	benchCollect(b, 20, []string{"us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"}, 1024)
}

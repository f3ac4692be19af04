package checks

import (
	"reflect"
	"strings"
	"testing"
)

func Test_orgSCPs_managementAccount(t *testing.T) {
	const acct = "arn:aws:iam::111111111111:root"
	mgmt := &Organization{ID: "o-abc123", ManagementAcct: "111111111111", IsManagementAcc: true, FeatureSet: "ALL",
		SCPs: []PolicySummary{{ID: "p-FullAWSAccess", Name: "FullAWSAccess", AWSManaged: true},
			{ID: "p-deny1234", Name: "deny-leave-org"}}}
	member := &Organization{ID: "o-abc123", ManagementAcct: "999999999999", FeatureSet: "ALL", SCPs: mgmt.SCPs}
	denied := func(action, region string) Gap {
		return Gap{Service: "svc", Action: action, Region: region, Code: GapAccessDenied}
	}
	tests := []struct {
		name    string
		org     *Organization
		regions []Region
		gaps    []Gap
		want    Status // "" when no finding
		say     string
		unread  map[string][]string
	}{
		// Before the fix the custom SCPs made this pass, though none applies here.
		{"management account with an instance", mgmt,
			[]Region{{Name: "eu-west-1", EC2: EC2{Instances: []Instance{{ID: "i-1", State: "running"}}}}}, nil,
			Fail, "1 EC2 instance in eu-west-1", nil},
		{"management account with workloads in two regions", mgmt, []Region{
			{Name: "eu-west-1", DBInstances: []DBInstance{{ID: "db"}}, DBClusters: []DBCluster{{ID: "c"}}},
			{Name: "us-east-1", Functions: []Function{{Name: "f"}, {Name: "g"}}, DynamoDBTables: []DynamoDBTable{{Name: "t"}}}}, nil,
			Fail, "1 DB instance and 1 DB cluster in eu-west-1; 2 Lambda functions and 1 DynamoDB table in us-east-1", nil},
		{"management account with a stopped instance", mgmt,
			[]Region{{Name: "eu-west-1", EC2: EC2{Instances: []Instance{{ID: "i-1", State: "stopped"}}}}}, nil,
			Fail, "no SCP can restrict them", nil},
		{"management account, only terminated instances", mgmt,
			[]Region{{Name: "eu-west-1", EC2: EC2{Instances: []Instance{{ID: "i-1", State: "terminated"}}}}}, nil, "", "", nil},
		{"management account without workloads", mgmt, []Region{{Name: "eu-west-1"}, {Name: "us-east-1"}}, nil, "", "", nil},
		{"management account without SCPs and without workloads", &Organization{ID: "o-abc123", IsManagementAcc: true}, []Region{{Name: "eu-west-1"}}, nil, "", "", nil},
		{"management account, a region's instances unread", mgmt, []Region{{Name: "eu-west-1"}, {Name: "us-east-1"}},
			[]Gap{denied("ec2:DescribeInstances", "us-east-1"), denied("s3:GetBucketAcl", "eu-west-1")},
			Unknown, "(us-east-1) could not be listed", map[string][]string{"us-east-1": {"ec2:DescribeInstances"}}},
		{"management account, a region fully denied", mgmt, []Region{{Name: "eu-west-1"}},
			[]Gap{denied("*", "eu-west-1")}, Unknown, "could not be listed", map[string][]string{"eu-west-1": {"ec2:DescribeInstances", "rds:DescribeDBInstances", "rds:DescribeDBClusters", "lambda:ListFunctions", "dynamodb:ListTables"}}},
		{"management account, a region not enabled", mgmt, []Region{{Name: "eu-west-1"}, {Name: "me-south-1"}},
			[]Gap{{Action: "*", Region: "me-south-1", Code: GapRegionDisabled}}, "", "", nil},
		{"management account, workloads found despite another region unread", mgmt,
			[]Region{{Name: "eu-west-1", Functions: []Function{{Name: "f"}}}, {Name: "us-east-1"}},
			[]Gap{denied("*", "us-east-1")}, Fail, "1 Lambda function in eu-west-1", nil},
		{"member account with a custom SCP", member, []Region{{Name: "eu-west-1", Functions: []Function{{Name: "f"}}}}, nil, Pass, "deny-leave-org", nil},
		{"member account with FullAWSAccess only", &Organization{ID: "o-abc123", ManagementAcct: "999999999999", SCPs: mgmt.SCPs[:1]}, nil, nil, Fail, "other than FullAWSAccess", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", HomeRegion: "us-east-1", Gaps: tt.gaps, Regions: tt.regions, Global: GlobalFacts{Organization: tt.org}}
			rs := orgSCPs(View{Account: a, Now: testNow})
			if tt.want == "" {
				if len(rs) != 0 {
					t.Fatalf("results = %+v, want none", rs)
				}
				return
			}
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != acct {
				t.Fatalf("results = %+v, want one %s on %s", rs, tt.want, acct)
			}
			if !strings.Contains(rs[0].Message, tt.say) {
				t.Errorf("message %q does not say %q", rs[0].Message, tt.say)
			}
			if tt.unread != nil && !reflect.DeepEqual(rs[0].Evidence["unread_regions"], tt.unread) {
				t.Errorf("unread_regions = %v, want %v", rs[0].Evidence["unread_regions"], tt.unread)
			}
		})
	}
}

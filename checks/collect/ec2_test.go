package collect

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/warroom/warroom/checks"
)

// fakeEC2 serves canned EC2 answers; nil funcs answer empty outputs.
type fakeEC2 struct {
	calls          bCalls
	ebsDefault     func(*ec2.GetEbsEncryptionByDefaultInput) (*ec2.GetEbsEncryptionByDefaultOutput, error)
	snapshotBlock  func(*ec2.GetSnapshotBlockPublicAccessStateInput) (*ec2.GetSnapshotBlockPublicAccessStateOutput, error)
	instances      func(*ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error)
	securityGroups func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error)
	sgRules        func(*ec2.DescribeSecurityGroupRulesInput) (*ec2.DescribeSecurityGroupRulesOutput, error)
	networkACLs    func(*ec2.DescribeNetworkAclsInput) (*ec2.DescribeNetworkAclsOutput, error)
	vpcs           func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error)
	flowLogs       func(*ec2.DescribeFlowLogsInput) (*ec2.DescribeFlowLogsOutput, error)
	volumes        func(*ec2.DescribeVolumesInput) (*ec2.DescribeVolumesOutput, error)
	snapshots      func(*ec2.DescribeSnapshotsInput) (*ec2.DescribeSnapshotsOutput, error)
}

var _ ec2API = (*fakeEC2)(nil)

func (f *fakeEC2) GetEbsEncryptionByDefault(_ context.Context, in *ec2.GetEbsEncryptionByDefaultInput, _ ...func(*ec2.Options)) (*ec2.GetEbsEncryptionByDefaultOutput, error) {
	return bAnswer(&f.calls, f.ebsDefault, in, "GetEbsEncryptionByDefault")
}

func (f *fakeEC2) GetSnapshotBlockPublicAccessState(_ context.Context, in *ec2.GetSnapshotBlockPublicAccessStateInput, _ ...func(*ec2.Options)) (*ec2.GetSnapshotBlockPublicAccessStateOutput, error) {
	return bAnswer(&f.calls, f.snapshotBlock, in, "GetSnapshotBlockPublicAccessState")
}

func (f *fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	return bAnswer(&f.calls, f.instances, in, "DescribeInstances", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeSecurityGroups(_ context.Context, in *ec2.DescribeSecurityGroupsInput, _ ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	return bAnswer(&f.calls, f.securityGroups, in, "DescribeSecurityGroups", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeSecurityGroupRules(_ context.Context, in *ec2.DescribeSecurityGroupRulesInput, _ ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupRulesOutput, error) {
	return bAnswer(&f.calls, f.sgRules, in, "DescribeSecurityGroupRules", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeNetworkAcls(_ context.Context, in *ec2.DescribeNetworkAclsInput, _ ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error) {
	return bAnswer(&f.calls, f.networkACLs, in, "DescribeNetworkAcls", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeVpcs(_ context.Context, in *ec2.DescribeVpcsInput, _ ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error) {
	return bAnswer(&f.calls, f.vpcs, in, "DescribeVpcs", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeFlowLogs(_ context.Context, in *ec2.DescribeFlowLogsInput, _ ...func(*ec2.Options)) (*ec2.DescribeFlowLogsOutput, error) {
	return bAnswer(&f.calls, f.flowLogs, in, "DescribeFlowLogs", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeVolumes(_ context.Context, in *ec2.DescribeVolumesInput, _ ...func(*ec2.Options)) (*ec2.DescribeVolumesOutput, error) {
	return bAnswer(&f.calls, f.volumes, in, "DescribeVolumes", aws.ToString(in.NextToken))
}

func (f *fakeEC2) DescribeSnapshots(_ context.Context, in *ec2.DescribeSnapshotsInput, _ ...func(*ec2.Options)) (*ec2.DescribeSnapshotsOutput, error) {
	return bAnswer(&f.calls, f.snapshots, in, "DescribeSnapshots", bJoin(in.OwnerIds), bJoin(in.RestorableByUserIds), aws.ToString(in.NextToken))
}

// bFullEC2 answers every EC2 read with two pages where the API paginates.
func bFullEC2() *fakeEC2 {
	launch := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	started := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	return &fakeEC2{
		ebsDefault: func(*ec2.GetEbsEncryptionByDefaultInput) (*ec2.GetEbsEncryptionByDefaultOutput, error) {
			return &ec2.GetEbsEncryptionByDefaultOutput{EbsEncryptionByDefault: aws.Bool(false)}, nil
		},
		snapshotBlock: func(*ec2.GetSnapshotBlockPublicAccessStateInput) (*ec2.GetSnapshotBlockPublicAccessStateOutput, error) {
			return &ec2.GetSnapshotBlockPublicAccessStateOutput{State: ec2types.SnapshotBlockPublicAccessStateBlockAllSharing}, nil
		},
		instances: func(in *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeInstancesOutput{NextToken: aws.String("1"), Reservations: []ec2types.Reservation{{Instances: []ec2types.Instance{{
					InstanceId:         aws.String("i-1"),
					State:              &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning},
					MetadataOptions:    &ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateOptional, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled},
					PublicIpAddress:    aws.String("203.0.113.7"),
					ImageId:            aws.String("ami-1"),
					LaunchTime:         &launch,
					IamInstanceProfile: &ec2types.IamInstanceProfile{Arn: aws.String("arn:aws:iam::111111111111:instance-profile/web")},
					Tags:               []ec2types.Tag{{Key: aws.String("edge"), Value: aws.String("true")}},
				}}}}},
				&ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{{Instances: []ec2types.Instance{{
					InstanceId:      aws.String("i-2"),
					State:           &ec2types.InstanceState{Name: ec2types.InstanceStateNameStopped},
					MetadataOptions: &ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateRequired, HttpEndpoint: ec2types.InstanceMetadataEndpointStateDisabled},
				}}}}},
			), nil
		},
		securityGroups: func(in *ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeSecurityGroupsOutput{NextToken: aws.String("1"), SecurityGroups: []ec2types.SecurityGroup{{GroupId: aws.String("sg-1"), GroupName: aws.String("default"), VpcId: aws.String("vpc-1")}}},
				&ec2.DescribeSecurityGroupsOutput{SecurityGroups: []ec2types.SecurityGroup{{GroupId: aws.String("sg-2"), GroupName: aws.String("web"), VpcId: aws.String("vpc-1")}}},
			), nil
		},
		sgRules: func(in *ec2.DescribeSecurityGroupRulesInput) (*ec2.DescribeSecurityGroupRulesOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeSecurityGroupRulesOutput{NextToken: aws.String("1"), SecurityGroupRules: []ec2types.SecurityGroupRule{{
					SecurityGroupRuleId: aws.String("sgr-1"), GroupId: aws.String("sg-2"), IsEgress: aws.Bool(false),
					IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), CidrIpv4: aws.String("0.0.0.0/0"),
				}}},
				&ec2.DescribeSecurityGroupRulesOutput{SecurityGroupRules: []ec2types.SecurityGroupRule{{
					SecurityGroupRuleId: aws.String("sgr-2"), GroupId: aws.String("sg-1"), IsEgress: aws.Bool(true),
					IpProtocol: aws.String("-1"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1),
					ReferencedGroupInfo: &ec2types.ReferencedSecurityGroup{GroupId: aws.String("sg-1")},
				}, {
					SecurityGroupRuleId: aws.String("sgr-3"), GroupId: aws.String("sg-2"), IpProtocol: aws.String("tcp"),
					FromPort: aws.Int32(443), ToPort: aws.Int32(443), CidrIpv6: aws.String("::/0"), PrefixListId: aws.String("pl-1"),
				}}},
			), nil
		},
		networkACLs: func(in *ec2.DescribeNetworkAclsInput) (*ec2.DescribeNetworkAclsOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeNetworkAclsOutput{NextToken: aws.String("1"), NetworkAcls: []ec2types.NetworkAcl{{
					NetworkAclId: aws.String("acl-1"), VpcId: aws.String("vpc-1"), IsDefault: aws.Bool(true),
					Associations: []ec2types.NetworkAclAssociation{{SubnetId: aws.String("subnet-1")}, {SubnetId: aws.String("subnet-2")}},
					Entries: []ec2types.NetworkAclEntry{
						{RuleNumber: aws.Int32(100), Egress: aws.Bool(false), Protocol: aws.String("-1"), RuleAction: ec2types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0")},
						{RuleNumber: aws.Int32(110), Egress: aws.Bool(false), Protocol: aws.String("6"), RuleAction: ec2types.RuleActionDeny,
							Ipv6CidrBlock: aws.String("::/0"), PortRange: &ec2types.PortRange{From: aws.Int32(3389), To: aws.Int32(3390)}},
					},
				}}},
				&ec2.DescribeNetworkAclsOutput{NetworkAcls: []ec2types.NetworkAcl{{NetworkAclId: aws.String("acl-2"), VpcId: aws.String("vpc-2")}}},
			), nil
		},
		vpcs: func(in *ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeVpcsOutput{NextToken: aws.String("1"), Vpcs: []ec2types.Vpc{{VpcId: aws.String("vpc-1"), IsDefault: aws.Bool(true), CidrBlock: aws.String("172.31.0.0/16")}}},
				&ec2.DescribeVpcsOutput{Vpcs: []ec2types.Vpc{{VpcId: aws.String("vpc-2"), CidrBlock: aws.String("10.0.0.0/16")}}},
			), nil
		},
		flowLogs: func(in *ec2.DescribeFlowLogsInput) (*ec2.DescribeFlowLogsOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeFlowLogsOutput{NextToken: aws.String("1"), FlowLogs: []ec2types.FlowLog{{FlowLogId: aws.String("fl-1"), ResourceId: aws.String("vpc-1"), FlowLogStatus: aws.String("ACTIVE")}}},
				&ec2.DescribeFlowLogsOutput{FlowLogs: []ec2types.FlowLog{{FlowLogId: aws.String("fl-2"), ResourceId: aws.String("vpc-2"), FlowLogStatus: aws.String("ACTIVE")}}},
			), nil
		},
		volumes: func(in *ec2.DescribeVolumesInput) (*ec2.DescribeVolumesOutput, error) {
			return bPage(in.NextToken,
				&ec2.DescribeVolumesOutput{NextToken: aws.String("1"), Volumes: []ec2types.Volume{{
					VolumeId: aws.String("vol-1"), Encrypted: aws.Bool(true), State: ec2types.VolumeStateInUse,
					Attachments: []ec2types.VolumeAttachment{{InstanceId: aws.String("i-1")}},
				}}},
				&ec2.DescribeVolumesOutput{Volumes: []ec2types.Volume{{VolumeId: aws.String("vol-2"), State: ec2types.VolumeStateAvailable}}},
			), nil
		},
		snapshots: func(in *ec2.DescribeSnapshotsInput) (*ec2.DescribeSnapshotsOutput, error) {
			if len(in.RestorableByUserIds) > 0 {
				return &ec2.DescribeSnapshotsOutput{Snapshots: []ec2types.Snapshot{{SnapshotId: aws.String("snap-2")}}}, nil
			}
			return bPage(in.NextToken,
				&ec2.DescribeSnapshotsOutput{NextToken: aws.String("1"), Snapshots: []ec2types.Snapshot{{SnapshotId: aws.String("snap-1"), Encrypted: aws.Bool(true), StartTime: &started}}},
				&ec2.DescribeSnapshotsOutput{Snapshots: []ec2types.Snapshot{{SnapshotId: aws.String("snap-2"), StartTime: &started}}},
			), nil
		},
	}
}

func Test_readEC2(t *testing.T) {
	const region = "eu-west-1"
	launch := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	started := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	full := checks.EC2{
		EBSDefaultEncryption: aws.Bool(false),
		SnapshotBlockPublic:  "block-all-sharing",
		Instances: []checks.Instance{
			{ID: "i-1", ARN: "arn:aws:ec2:eu-west-1:111111111111:instance/i-1", State: "running", HTTPTokens: "optional", MetadataOn: true,
				PublicIP: "203.0.113.7", ImageID: "ami-1", LaunchTime: &launch, Profile: "arn:aws:iam::111111111111:instance-profile/web",
				Tags: checks.Tags{"edge": "true"}},
			{ID: "i-2", ARN: "arn:aws:ec2:eu-west-1:111111111111:instance/i-2", State: "stopped", HTTPTokens: "required"},
		},
		SecurityGroups: []checks.SecurityGroup{{ID: "sg-1", Name: "default", VPCID: "vpc-1"}, {ID: "sg-2", Name: "web", VPCID: "vpc-1"}},
		SecurityGroupRules: []checks.SecurityGroupRule{
			{ID: "sgr-1", GroupID: "sg-2", Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRv4: "0.0.0.0/0"},
			{ID: "sgr-2", GroupID: "sg-1", Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, Group: "sg-1"},
			{ID: "sgr-3", GroupID: "sg-2", Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRv6: "::/0", PrefixID: "pl-1"},
		},
		NetworkACLs: []checks.NetworkACL{
			{ID: "acl-1", VPCID: "vpc-1", IsDefault: true, Subnets: 2, Entries: []checks.NACLEntry{
				{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDRv4: "0.0.0.0/0", FromPort: -1, ToPort: -1},
				{RuleNumber: 110, Protocol: "6", Action: "deny", CIDRv6: "::/0", FromPort: 3389, ToPort: 3390},
			}},
			{ID: "acl-2", VPCID: "vpc-2"},
		},
		VPCs:     []checks.VPC{{ID: "vpc-1", IsDefault: true, CIDR: "172.31.0.0/16"}, {ID: "vpc-2", CIDR: "10.0.0.0/16"}},
		FlowLogs: []checks.FlowLog{{ID: "fl-1", ResourceID: "vpc-1", Status: "ACTIVE"}, {ID: "fl-2", ResourceID: "vpc-2", Status: "ACTIVE"}},
		Volumes: []checks.Volume{
			{ID: "vol-1", Encrypted: true, State: "in-use", Attached: []string{"i-1"}},
			{ID: "vol-2", State: "available"},
		},
		Snapshots:       []checks.Snapshot{{ID: "snap-1", Encrypted: true, Started: &started}, {ID: "snap-2", Started: &started}},
		PublicSnapshots: []string{"snap-2"},
	}

	t.Run("every list over two pages", func(t *testing.T) {
		j := bJob(t, region)
		f := bFullEC2()
		readEC2(context.Background(), f, j)
		bWant(t, "EC2", j.Facts.EC2, full)
		if gs := aGaps(j); len(gs) != 0 {
			t.Errorf("gaps = %+v, want none", gs)
		}
		// The owned and public snapshot lists are distinct calls with their own parameters.
		wantSnaps := []string{"DescribeSnapshots self  ", "DescribeSnapshots self  1", "DescribeSnapshots self all "}
		if got := bFilter(f.calls.sorted(), "DescribeSnapshots"); !reflect.DeepEqual(got, wantSnaps) {
			t.Errorf("snapshot calls = %q, want %q", got, wantSnaps)
		}
	})

	t.Run("denied lists become region gaps, the rest is collected", func(t *testing.T) {
		j := bJob(t, region)
		f := bFullEC2()
		f.sgRules = func(*ec2.DescribeSecurityGroupRulesInput) (*ec2.DescribeSecurityGroupRulesOutput, error) {
			return nil, aErr(ec2.ServiceID, "DescribeSecurityGroupRules", "UnauthorizedOperation")
		}
		f.ebsDefault = func(*ec2.GetEbsEncryptionByDefaultInput) (*ec2.GetEbsEncryptionByDefaultOutput, error) {
			return nil, aErr(ec2.ServiceID, "GetEbsEncryptionByDefault", "UnauthorizedOperation")
		}
		publicDenied := f.snapshots
		f.snapshots = func(in *ec2.DescribeSnapshotsInput) (*ec2.DescribeSnapshotsOutput, error) {
			if len(in.RestorableByUserIds) > 0 {
				return nil, aErr(ec2.ServiceID, "DescribeSnapshots", "UnauthorizedOperation")
			}
			return publicDenied(in)
		}
		readEC2(context.Background(), f, j)
		want := full
		want.SecurityGroupRules = nil
		want.EBSDefaultEncryption = nil
		want.PublicSnapshots = nil
		bWant(t, "EC2", j.Facts.EC2, want)
		wantGaps := []aGap{
			{"EC2", "DescribeSecurityGroupRules", "ec2:DescribeSecurityGroupRules", region, "", checks.GapAccessDenied},
			{"EC2", "DescribeSnapshots", "ec2:DescribeSnapshots", region, "", checks.GapAccessDenied},
			{"EC2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault", region, "", checks.GapAccessDenied},
		}
		bWantGaps(t, j, wantGaps)
	})
}

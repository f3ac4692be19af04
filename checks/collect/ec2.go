package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(ec2.ServiceID,
		op{"GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault", "reads the region's EBS default encryption for ec2.ebs-default-encryption"},
		op{"GetSnapshotBlockPublicAccessState", "ec2:GetSnapshotBlockPublicAccessState", "reads snapshot block public access for ec2.snapshot-public"},
		op{"DescribeInstances", "ec2:DescribeInstances", "lists instances for ec2.imdsv2, ec2.instance-public-ip, ec2.ami-age and ssm.managed-instances"},
		op{"DescribeSecurityGroups", "ec2:DescribeSecurityGroups", "lists security groups for ec2.sg-open-admin-ports, ec2.sg-open-all and ec2.default-sg-closed"},
		op{"DescribeSecurityGroupRules", "ec2:DescribeSecurityGroupRules", "lists security group rules for ec2.sg-open-admin-ports, ec2.sg-open-all and ec2.default-sg-closed"},
		op{"DescribeNetworkAcls", "ec2:DescribeNetworkAcls", "lists network ACLs for ec2.nacl-open-admin-ports and ec2.nacl-allow-all"},
		op{"DescribeVpcs", "ec2:DescribeVpcs", "lists VPCs for ec2.vpc-flow-logs"},
		op{"DescribeFlowLogs", "ec2:DescribeFlowLogs", "lists flow logs for ec2.vpc-flow-logs"},
		op{"DescribeVolumes", "ec2:DescribeVolumes", "lists EBS volumes for ec2.ebs-encrypted"},
		op{"DescribeSnapshots", "ec2:DescribeSnapshots", "lists owned and publicly restorable snapshots for ec2.snapshot-encrypted and ec2.snapshot-public"},
	)
	register(service{Name: "ec2", ID: ec2.ServiceID, Collect: func(ctx context.Context, j *job) {
		readEC2(ctx, ec2.NewFromConfig(j.Cfg), j)
	}})
}

// ec2API is the part of the EC2 client warroom calls: reads only.
type ec2API interface {
	GetEbsEncryptionByDefault(context.Context, *ec2.GetEbsEncryptionByDefaultInput, ...func(*ec2.Options)) (*ec2.GetEbsEncryptionByDefaultOutput, error)
	GetSnapshotBlockPublicAccessState(context.Context, *ec2.GetSnapshotBlockPublicAccessStateInput, ...func(*ec2.Options)) (*ec2.GetSnapshotBlockPublicAccessStateOutput, error)
	ec2.DescribeInstancesAPIClient
	ec2.DescribeSecurityGroupsAPIClient
	ec2.DescribeSecurityGroupRulesAPIClient
	ec2.DescribeNetworkAclsAPIClient
	ec2.DescribeVpcsAPIClient
	ec2.DescribeFlowLogsAPIClient
	ec2.DescribeVolumesAPIClient
	ec2.DescribeSnapshotsAPIClient
}

// readEC2 fills j.Facts.EC2. The reads are independent, so they run side by
// side; each writes only its own field.
func readEC2(ctx context.Context, api ec2API, j *job) {
	e := &j.Facts.EC2
	reads := []func(){
		func() { readEBSDefault(ctx, api, j, e) },
		func() { readSnapshotBlock(ctx, api, j, e) },
		func() { readInstances(ctx, api, j, e) },
		func() { readSecurityGroups(ctx, api, j, e) },
		func() { readSecurityGroupRules(ctx, api, j, e) },
		func() { readNetworkACLs(ctx, api, j, e) },
		func() { readVPCs(ctx, api, j, e) },
		func() { readFlowLogs(ctx, api, j, e) },
		func() { readVolumes(ctx, api, j, e) },
		func() { readOwnedSnapshots(ctx, api, j, e) },
		func() { readPublicSnapshots(ctx, api, j, e) },
	}
	forEach(len(reads), func(i int) { reads[i]() })
}

func readEBSDefault(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	out, err := api.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		j.fail(err, "")
		return
	}
	e.EBSDefaultEncryption = aws.Bool(aws.ToBool(out.EbsEncryptionByDefault))
}

func readSnapshotBlock(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	out, err := api.GetSnapshotBlockPublicAccessState(ctx, &ec2.GetSnapshotBlockPublicAccessStateInput{})
	if err != nil {
		j.fail(err, "")
		return
	}
	e.SnapshotBlockPublic = string(out.State)
}

func readInstances(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.Instance
	p := ec2.NewDescribeInstancesPaginator(api, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeInstancesOutput) {
		for _, r := range page.Reservations {
			for _, in := range r.Instances {
				list = append(list, instanceOf(j, in))
			}
		}
	})
	e.Instances = list
}

func instanceOf(j *job, in ec2types.Instance) checks.Instance {
	id := aws.ToString(in.InstanceId)
	out := checks.Instance{
		ID:         id,
		ARN:        arn(j, "ec2", "instance/"+id),
		PublicIP:   aws.ToString(in.PublicIpAddress),
		ImageID:    aws.ToString(in.ImageId),
		LaunchTime: in.LaunchTime,
		Tags:       ec2Tags(in.Tags),
	}
	if in.State != nil {
		out.State = string(in.State.Name)
	}
	if m := in.MetadataOptions; m != nil {
		out.HTTPTokens = string(m.HttpTokens)
		out.MetadataOn = m.HttpEndpoint == ec2types.InstanceMetadataEndpointStateEnabled
	}
	if in.IamInstanceProfile != nil {
		out.Profile = aws.ToString(in.IamInstanceProfile.Arn)
	}
	return out
}

func readSecurityGroups(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.SecurityGroup
	p := ec2.NewDescribeSecurityGroupsPaginator(api, &ec2.DescribeSecurityGroupsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeSecurityGroupsOutput) {
		for _, g := range page.SecurityGroups {
			list = append(list, checks.SecurityGroup{
				ID:    aws.ToString(g.GroupId),
				Name:  aws.ToString(g.GroupName),
				VPCID: aws.ToString(g.VpcId),
			})
		}
	})
	e.SecurityGroups = list
}

func readSecurityGroupRules(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.SecurityGroupRule
	p := ec2.NewDescribeSecurityGroupRulesPaginator(api, &ec2.DescribeSecurityGroupRulesInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeSecurityGroupRulesOutput) {
		for _, r := range page.SecurityGroupRules {
			rule := checks.SecurityGroupRule{
				ID:       aws.ToString(r.SecurityGroupRuleId),
				GroupID:  aws.ToString(r.GroupId),
				Egress:   aws.ToBool(r.IsEgress),
				Protocol: aws.ToString(r.IpProtocol),
				FromPort: aws.ToInt32(r.FromPort),
				ToPort:   aws.ToInt32(r.ToPort),
				CIDRv4:   aws.ToString(r.CidrIpv4),
				CIDRv6:   aws.ToString(r.CidrIpv6),
				PrefixID: aws.ToString(r.PrefixListId),
			}
			if r.ReferencedGroupInfo != nil {
				rule.Group = aws.ToString(r.ReferencedGroupInfo.GroupId)
			}
			list = append(list, rule)
		}
	})
	e.SecurityGroupRules = list
}

func readNetworkACLs(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.NetworkACL
	p := ec2.NewDescribeNetworkAclsPaginator(api, &ec2.DescribeNetworkAclsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeNetworkAclsOutput) {
		for _, a := range page.NetworkAcls {
			acl := checks.NetworkACL{
				ID:        aws.ToString(a.NetworkAclId),
				VPCID:     aws.ToString(a.VpcId),
				IsDefault: aws.ToBool(a.IsDefault),
				Subnets:   len(a.Associations),
			}
			for _, en := range a.Entries {
				acl.Entries = append(acl.Entries, naclEntryOf(en))
			}
			list = append(list, acl)
		}
	})
	e.NetworkACLs = list
}

// naclEntryOf converts one network ACL entry. An entry without a port range
// (all protocols, ICMP) gets ports -1, as security group rules do.
func naclEntryOf(en ec2types.NetworkAclEntry) checks.NACLEntry {
	out := checks.NACLEntry{
		RuleNumber: aws.ToInt32(en.RuleNumber),
		Egress:     aws.ToBool(en.Egress),
		Protocol:   aws.ToString(en.Protocol),
		Action:     string(en.RuleAction),
		CIDRv4:     aws.ToString(en.CidrBlock),
		CIDRv6:     aws.ToString(en.Ipv6CidrBlock),
		FromPort:   -1,
		ToPort:     -1,
	}
	if pr := en.PortRange; pr != nil {
		out.FromPort, out.ToPort = aws.ToInt32(pr.From), aws.ToInt32(pr.To)
	}
	return out
}

func readVPCs(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.VPC
	p := ec2.NewDescribeVpcsPaginator(api, &ec2.DescribeVpcsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeVpcsOutput) {
		for _, v := range page.Vpcs {
			list = append(list, checks.VPC{
				ID:        aws.ToString(v.VpcId),
				IsDefault: aws.ToBool(v.IsDefault),
				CIDR:      aws.ToString(v.CidrBlock),
			})
		}
	})
	e.VPCs = list
}

func readFlowLogs(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.FlowLog
	p := ec2.NewDescribeFlowLogsPaginator(api, &ec2.DescribeFlowLogsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeFlowLogsOutput) {
		for _, f := range page.FlowLogs {
			list = append(list, checks.FlowLog{
				ID:         aws.ToString(f.FlowLogId),
				ResourceID: aws.ToString(f.ResourceId),
				Status:     aws.ToString(f.FlowLogStatus),
			})
		}
	})
	e.FlowLogs = list
}

func readVolumes(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.Volume
	p := ec2.NewDescribeVolumesPaginator(api, &ec2.DescribeVolumesInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeVolumesOutput) {
		for _, v := range page.Volumes {
			vol := checks.Volume{
				ID:        aws.ToString(v.VolumeId),
				Encrypted: aws.ToBool(v.Encrypted),
				State:     string(v.State),
			}
			for _, a := range v.Attachments {
				if id := aws.ToString(a.InstanceId); id != "" {
					vol.Attached = append(vol.Attached, id)
				}
			}
			list = append(list, vol)
		}
	})
	e.Volumes = list
}

// readOwnedSnapshots lists the snapshots the account owns.
func readOwnedSnapshots(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var list []checks.Snapshot
	in := &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}, MaxResults: aws.Int32(1000)}
	p := ec2.NewDescribeSnapshotsPaginator(api, in)
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeSnapshotsOutput) {
		for _, s := range page.Snapshots {
			list = append(list, checks.Snapshot{
				ID:        aws.ToString(s.SnapshotId),
				Encrypted: aws.ToBool(s.Encrypted),
				Started:   s.StartTime,
			})
		}
	})
	e.Snapshots = list
}

// readPublicSnapshots lists the account's snapshots that anyone may restore:
// one filtered call instead of one attribute read per snapshot.
func readPublicSnapshots(ctx context.Context, api ec2API, j *job, e *checks.EC2) {
	var ids []string
	in := &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}, RestorableByUserIds: []string{"all"}, MaxResults: aws.Int32(1000)}
	p := ec2.NewDescribeSnapshotsPaginator(api, in)
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ec2.DescribeSnapshotsOutput) {
		for _, s := range page.Snapshots {
			ids = append(ids, aws.ToString(s.SnapshotId))
		}
	})
	e.PublicSnapshots = ids
}

// ec2Tags converts EC2 tags; nil when there are none.
func ec2Tags(ts []ec2types.Tag) checks.Tags {
	return tagsOf(ts, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}

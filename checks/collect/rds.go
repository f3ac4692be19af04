package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(rds.ServiceID,
		op{"DescribeDBInstances", "rds:DescribeDBInstances", "lists DB instances for rds.encrypted, rds.public, rds.deletion-protection, rds.backup-retention and rds.iam-auth"},
		op{"DescribeDBClusters", "rds:DescribeDBClusters", "lists DB clusters for rds.encrypted, rds.deletion-protection, rds.backup-retention and rds.iam-auth"},
		op{"DescribeDBSnapshots", "rds:DescribeDBSnapshots", "lists manual DB snapshots for rds.snapshot-public"},
		op{"DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes", "reads who may restore a DB snapshot for rds.snapshot-public"},
		op{"DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshots", "lists manual cluster snapshots for rds.snapshot-public"},
		op{"DescribeDBClusterSnapshotAttributes", "rds:DescribeDBClusterSnapshotAttributes", "reads who may restore a cluster snapshot for rds.snapshot-public"},
	)
	register(service{Name: "rds", ID: rds.ServiceID, Collect: func(ctx context.Context, j *job) {
		readRDS(ctx, rds.NewFromConfig(j.Cfg), j)
	}})
}

// rdsAPI is the part of the RDS client warroom calls: reads only.
type rdsAPI interface {
	rds.DescribeDBInstancesAPIClient
	rds.DescribeDBClustersAPIClient
	rds.DescribeDBSnapshotsAPIClient
	rds.DescribeDBClusterSnapshotsAPIClient
	DescribeDBSnapshotAttributes(context.Context, *rds.DescribeDBSnapshotAttributesInput, ...func(*rds.Options)) (*rds.DescribeDBSnapshotAttributesOutput, error)
	DescribeDBClusterSnapshotAttributes(context.Context, *rds.DescribeDBClusterSnapshotAttributesInput, ...func(*rds.Options)) (*rds.DescribeDBClusterSnapshotAttributesOutput, error)
}

// readRDS fills DBInstances, DBClusters and DBSnapshots (manual instance
// snapshots first, then manual cluster snapshots). The lists run side by side.
func readRDS(ctx context.Context, api rdsAPI, j *job) {
	var snaps, clusterSnaps []checks.DBSnapshot
	reads := []func(){
		func() { j.Facts.DBInstances = readDBInstances(ctx, api, j) },
		func() { j.Facts.DBClusters = readDBClusters(ctx, api, j) },
		func() { snaps = readDBSnapshots(ctx, api, j) },
		func() { clusterSnaps = readDBClusterSnapshots(ctx, api, j) },
	}
	forEach(len(reads), func(i int) { reads[i]() })
	j.Facts.DBSnapshots = append(snaps, clusterSnaps...)
}

func readDBInstances(ctx context.Context, api rdsAPI, j *job) []checks.DBInstance {
	var list []checks.DBInstance
	p := rds.NewDescribeDBInstancesPaginator(api, &rds.DescribeDBInstancesInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *rds.DescribeDBInstancesOutput) {
		for _, d := range page.DBInstances {
			list = append(list, checks.DBInstance{
				ID:                 aws.ToString(d.DBInstanceIdentifier),
				ARN:                aws.ToString(d.DBInstanceArn),
				Engine:             aws.ToString(d.Engine),
				Cluster:            aws.ToString(d.DBClusterIdentifier),
				Encrypted:          aws.ToBool(d.StorageEncrypted),
				Public:             aws.ToBool(d.PubliclyAccessible),
				DeletionProtection: aws.ToBool(d.DeletionProtection),
				BackupRetention:    aws.ToInt32(d.BackupRetentionPeriod),
				IAMAuth:            aws.ToBool(d.IAMDatabaseAuthenticationEnabled),
				Tags:               rdsTags(d.TagList),
			})
		}
	})
	return list
}

func readDBClusters(ctx context.Context, api rdsAPI, j *job) []checks.DBCluster {
	var list []checks.DBCluster
	p := rds.NewDescribeDBClustersPaginator(api, &rds.DescribeDBClustersInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *rds.DescribeDBClustersOutput) {
		for _, c := range page.DBClusters {
			list = append(list, checks.DBCluster{
				ID:                 aws.ToString(c.DBClusterIdentifier),
				ARN:                aws.ToString(c.DBClusterArn),
				Engine:             aws.ToString(c.Engine),
				Encrypted:          aws.ToBool(c.StorageEncrypted),
				DeletionProtection: aws.ToBool(c.DeletionProtection),
				BackupRetention:    aws.ToInt32(c.BackupRetentionPeriod),
				IAMAuth:            aws.ToBool(c.IAMDatabaseAuthenticationEnabled),
				Tags:               rdsTags(c.TagList),
			})
		}
	})
	return list
}

// readDBSnapshots lists manual DB instance snapshots, then reads each one's
// restore attribute.
func readDBSnapshots(ctx context.Context, api rdsAPI, j *job) []checks.DBSnapshot {
	var list []checks.DBSnapshot
	p := rds.NewDescribeDBSnapshotsPaginator(api, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual")})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *rds.DescribeDBSnapshotsOutput) {
		for _, s := range page.DBSnapshots {
			list = append(list, checks.DBSnapshot{
				ID:        aws.ToString(s.DBSnapshotIdentifier),
				ARN:       aws.ToString(s.DBSnapshotArn),
				Encrypted: aws.ToBool(s.Encrypted),
			})
		}
	})
	forEach(len(list), func(i int) {
		s := &list[i]
		out, err := api.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: aws.String(s.ID)})
		if err != nil {
			j.fail(err, s.ARN)
			return
		}
		if r := out.DBSnapshotAttributesResult; r != nil {
			for _, a := range r.DBSnapshotAttributes {
				applyRestoreAttribute(s, aws.ToString(a.AttributeName), a.AttributeValues)
			}
		}
	})
	return list
}

// readDBClusterSnapshots lists manual cluster snapshots, then reads each
// one's restore attribute.
func readDBClusterSnapshots(ctx context.Context, api rdsAPI, j *job) []checks.DBSnapshot {
	var list []checks.DBSnapshot
	p := rds.NewDescribeDBClusterSnapshotsPaginator(api, &rds.DescribeDBClusterSnapshotsInput{SnapshotType: aws.String("manual")})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *rds.DescribeDBClusterSnapshotsOutput) {
		for _, s := range page.DBClusterSnapshots {
			list = append(list, checks.DBSnapshot{
				ID:        aws.ToString(s.DBClusterSnapshotIdentifier),
				ARN:       aws.ToString(s.DBClusterSnapshotArn),
				Cluster:   true,
				Encrypted: aws.ToBool(s.StorageEncrypted),
			})
		}
	})
	forEach(len(list), func(i int) {
		s := &list[i]
		out, err := api.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: aws.String(s.ID)})
		if err != nil {
			j.fail(err, s.ARN)
			return
		}
		if r := out.DBClusterSnapshotAttributesResult; r != nil {
			for _, a := range r.DBClusterSnapshotAttributes {
				applyRestoreAttribute(s, aws.ToString(a.AttributeName), a.AttributeValues)
			}
		}
	})
	return list
}

// applyRestoreAttribute records who may restore a snapshot: "all" makes it
// public, any other value is an account it is shared with.
func applyRestoreAttribute(s *checks.DBSnapshot, name string, values []string) {
	if name != "restore" {
		return
	}
	for _, v := range values {
		if v == "all" {
			s.Public = true
			continue
		}
		s.SharedWith = append(s.SharedWith, v)
	}
}

// rdsTags converts RDS tags; nil when there are none.
func rdsTags(ts []rdstypes.Tag) checks.Tags {
	return tagsOf(ts, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

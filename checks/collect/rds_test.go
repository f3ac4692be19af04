package collect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/warroom/warroom/checks"
)

// fakeRDS serves canned RDS answers; nil funcs answer empty outputs.
type fakeRDS struct {
	calls        bCalls
	instances    func(*rds.DescribeDBInstancesInput) (*rds.DescribeDBInstancesOutput, error)
	clusters     func(*rds.DescribeDBClustersInput) (*rds.DescribeDBClustersOutput, error)
	snapshots    func(*rds.DescribeDBSnapshotsInput) (*rds.DescribeDBSnapshotsOutput, error)
	clusterSnaps func(*rds.DescribeDBClusterSnapshotsInput) (*rds.DescribeDBClusterSnapshotsOutput, error)
	snapAttrs    func(*rds.DescribeDBSnapshotAttributesInput) (*rds.DescribeDBSnapshotAttributesOutput, error)
	clusterAttrs func(*rds.DescribeDBClusterSnapshotAttributesInput) (*rds.DescribeDBClusterSnapshotAttributesOutput, error)
}

var _ rdsAPI = (*fakeRDS)(nil)

func (f *fakeRDS) DescribeDBInstances(_ context.Context, in *rds.DescribeDBInstancesInput, _ ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error) {
	return bAnswer(&f.calls, f.instances, in, "DescribeDBInstances", aws.ToString(in.Marker))
}

func (f *fakeRDS) DescribeDBClusters(_ context.Context, in *rds.DescribeDBClustersInput, _ ...func(*rds.Options)) (*rds.DescribeDBClustersOutput, error) {
	return bAnswer(&f.calls, f.clusters, in, "DescribeDBClusters", aws.ToString(in.Marker))
}

func (f *fakeRDS) DescribeDBSnapshots(_ context.Context, in *rds.DescribeDBSnapshotsInput, _ ...func(*rds.Options)) (*rds.DescribeDBSnapshotsOutput, error) {
	return bAnswer(&f.calls, f.snapshots, in, "DescribeDBSnapshots", aws.ToString(in.SnapshotType), aws.ToString(in.Marker))
}

func (f *fakeRDS) DescribeDBClusterSnapshots(_ context.Context, in *rds.DescribeDBClusterSnapshotsInput, _ ...func(*rds.Options)) (*rds.DescribeDBClusterSnapshotsOutput, error) {
	return bAnswer(&f.calls, f.clusterSnaps, in, "DescribeDBClusterSnapshots", aws.ToString(in.SnapshotType), aws.ToString(in.Marker))
}

func (f *fakeRDS) DescribeDBSnapshotAttributes(_ context.Context, in *rds.DescribeDBSnapshotAttributesInput, _ ...func(*rds.Options)) (*rds.DescribeDBSnapshotAttributesOutput, error) {
	return bAnswer(&f.calls, f.snapAttrs, in, "DescribeDBSnapshotAttributes", aws.ToString(in.DBSnapshotIdentifier))
}

func (f *fakeRDS) DescribeDBClusterSnapshotAttributes(_ context.Context, in *rds.DescribeDBClusterSnapshotAttributesInput, _ ...func(*rds.Options)) (*rds.DescribeDBClusterSnapshotAttributesOutput, error) {
	return bAnswer(&f.calls, f.clusterAttrs, in, "DescribeDBClusterSnapshotAttributes", aws.ToString(in.DBClusterSnapshotIdentifier))
}

func Test_readRDS(t *testing.T) {
	const region = "us-east-2"
	snapARN := func(kind, id string) string { return "arn:aws:rds:" + region + ":" + bAccount + ":" + kind + ":" + id }
	restore := func(values ...string) []rdstypes.DBSnapshotAttribute {
		return []rdstypes.DBSnapshotAttribute{{AttributeName: aws.String("restore"), AttributeValues: values}}
	}
	base := func() *fakeRDS {
		return &fakeRDS{
			instances: func(in *rds.DescribeDBInstancesInput) (*rds.DescribeDBInstancesOutput, error) {
				return bPage(in.Marker,
					&rds.DescribeDBInstancesOutput{Marker: aws.String("1"), DBInstances: []rdstypes.DBInstance{{
						DBInstanceIdentifier: aws.String("db1"), DBInstanceArn: aws.String(snapARN("db", "db1")), Engine: aws.String("postgres"),
						StorageEncrypted: aws.Bool(true), PubliclyAccessible: aws.Bool(true), DeletionProtection: aws.Bool(true),
						BackupRetentionPeriod: aws.Int32(7), IAMDatabaseAuthenticationEnabled: aws.Bool(true),
						TagList: []rdstypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}},
					}}},
					&rds.DescribeDBInstancesOutput{DBInstances: []rdstypes.DBInstance{{
						DBInstanceIdentifier: aws.String("aurora1"), DBInstanceArn: aws.String(snapARN("db", "aurora1")),
						Engine: aws.String("aurora-mysql"), DBClusterIdentifier: aws.String("c1"),
					}}},
				), nil
			},
			clusters: func(in *rds.DescribeDBClustersInput) (*rds.DescribeDBClustersOutput, error) {
				return &rds.DescribeDBClustersOutput{DBClusters: []rdstypes.DBCluster{{
					DBClusterIdentifier: aws.String("c1"), DBClusterArn: aws.String(snapARN("cluster", "c1")), Engine: aws.String("aurora-mysql"),
					StorageEncrypted: aws.Bool(true), BackupRetentionPeriod: aws.Int32(1),
					TagList: []rdstypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}},
				}}}, nil
			},
			snapshots: func(in *rds.DescribeDBSnapshotsInput) (*rds.DescribeDBSnapshotsOutput, error) {
				return bPage(in.Marker,
					&rds.DescribeDBSnapshotsOutput{Marker: aws.String("1"), DBSnapshots: []rdstypes.DBSnapshot{
						{DBSnapshotIdentifier: aws.String("s-public"), DBSnapshotArn: aws.String(snapARN("snapshot", "s-public"))},
					}},
					&rds.DescribeDBSnapshotsOutput{DBSnapshots: []rdstypes.DBSnapshot{
						{DBSnapshotIdentifier: aws.String("s-shared"), DBSnapshotArn: aws.String(snapARN("snapshot", "s-shared")), Encrypted: aws.Bool(true)},
					}},
				), nil
			},
			snapAttrs: func(in *rds.DescribeDBSnapshotAttributesInput) (*rds.DescribeDBSnapshotAttributesOutput, error) {
				id := aws.ToString(in.DBSnapshotIdentifier)
				attrs := restore("222222222222", "333333333333")
				if id == "s-public" {
					attrs = restore("all")
				}
				return &rds.DescribeDBSnapshotAttributesOutput{DBSnapshotAttributesResult: &rdstypes.DBSnapshotAttributesResult{DBSnapshotAttributes: attrs}}, nil
			},
			clusterSnaps: func(in *rds.DescribeDBClusterSnapshotsInput) (*rds.DescribeDBClusterSnapshotsOutput, error) {
				return &rds.DescribeDBClusterSnapshotsOutput{DBClusterSnapshots: []rdstypes.DBClusterSnapshot{
					{DBClusterSnapshotIdentifier: aws.String("cs-1"), DBClusterSnapshotArn: aws.String(snapARN("cluster-snapshot", "cs-1")), StorageEncrypted: aws.Bool(true)},
				}}, nil
			},
			clusterAttrs: func(in *rds.DescribeDBClusterSnapshotAttributesInput) (*rds.DescribeDBClusterSnapshotAttributesOutput, error) {
				return &rds.DescribeDBClusterSnapshotAttributesOutput{DBClusterSnapshotAttributesResult: &rdstypes.DBClusterSnapshotAttributesResult{
					DBClusterSnapshotAttributes: []rdstypes.DBClusterSnapshotAttribute{
						{AttributeName: aws.String("restore"), AttributeValues: []string{"all", "444444444444"}},
					},
				}}, nil
			},
		}
	}
	wantInstances := []checks.DBInstance{
		{ID: "db1", ARN: snapARN("db", "db1"), Engine: "postgres", Encrypted: true, Public: true, DeletionProtection: true,
			BackupRetention: 7, IAMAuth: true, Tags: checks.Tags{"env": "prod"}},
		{ID: "aurora1", ARN: snapARN("db", "aurora1"), Engine: "aurora-mysql", Cluster: "c1"},
	}
	wantClusters := []checks.DBCluster{{ID: "c1", ARN: snapARN("cluster", "c1"), Engine: "aurora-mysql", Encrypted: true,
		BackupRetention: 1, Tags: checks.Tags{"team": "data"}}}
	wantSnaps := []checks.DBSnapshot{
		{ID: "s-public", ARN: snapARN("snapshot", "s-public"), Public: true},
		{ID: "s-shared", ARN: snapARN("snapshot", "s-shared"), Encrypted: true, SharedWith: []string{"222222222222", "333333333333"}},
		{ID: "cs-1", ARN: snapARN("cluster-snapshot", "cs-1"), Cluster: true, Encrypted: true, Public: true, SharedWith: []string{"444444444444"}},
	}

	tests := []struct {
		name      string
		change    func(f *fakeRDS)
		instances []checks.DBInstance
		clusters  []checks.DBCluster
		snaps     []checks.DBSnapshot
		gaps      []aGap
	}{
		{
			name:      "pages, restore attribute all is public, other values are shares",
			instances: wantInstances, clusters: wantClusters, snaps: wantSnaps,
		},
		{
			name: "one snapshot's attributes denied: gap for its ARN, snapshot kept",
			change: func(f *fakeRDS) {
				ok := f.snapAttrs
				f.snapAttrs = func(in *rds.DescribeDBSnapshotAttributesInput) (*rds.DescribeDBSnapshotAttributesOutput, error) {
					if aws.ToString(in.DBSnapshotIdentifier) == "s-shared" {
						return nil, aErr(rds.ServiceID, "DescribeDBSnapshotAttributes", "AccessDenied")
					}
					return ok(in)
				}
			},
			instances: wantInstances, clusters: wantClusters,
			snaps: []checks.DBSnapshot{
				wantSnaps[0],
				{ID: "s-shared", ARN: snapARN("snapshot", "s-shared"), Encrypted: true},
				wantSnaps[2],
			},
			gaps: []aGap{{"RDS", "DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes", region, snapARN("snapshot", "s-shared"), checks.GapAccessDenied}},
		},
		{
			name: "instance list denied: region gap, clusters and snapshots collected",
			change: func(f *fakeRDS) {
				f.instances = func(*rds.DescribeDBInstancesInput) (*rds.DescribeDBInstancesOutput, error) {
					return nil, aErr(rds.ServiceID, "DescribeDBInstances", "AccessDenied")
				}
			},
			clusters: wantClusters, snaps: wantSnaps,
			gaps: []aGap{{"RDS", "DescribeDBInstances", "rds:DescribeDBInstances", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readRDS(context.Background(), f, j)
			bWant(t, "DBInstances", j.Facts.DBInstances, tt.instances)
			bWant(t, "DBClusters", j.Facts.DBClusters, tt.clusters)
			bWant(t, "DBSnapshots", j.Facts.DBSnapshots, tt.snaps)
			bWantGaps(t, j, tt.gaps)
			for _, list := range []string{"DescribeDBSnapshots ", "DescribeDBClusterSnapshots "} {
				calls := bFilter(f.calls.sorted(), list)
				if len(calls) == 0 || len(bFilter(calls, list+"manual ")) != len(calls) {
					t.Errorf("snapshot list calls %q: want each to ask for manual snapshots", calls)
				}
			}
		})
	}
}

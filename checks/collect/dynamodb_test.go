package collect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/warroom/warroom/checks"
)

// fakeDynamoDB serves canned DynamoDB answers; nil funcs answer empty outputs.
type fakeDynamoDB struct {
	calls    bCalls
	list     func(*dynamodb.ListTablesInput) (*dynamodb.ListTablesOutput, error)
	describe func(*dynamodb.DescribeContinuousBackupsInput) (*dynamodb.DescribeContinuousBackupsOutput, error)
}

var _ dynamodbAPI = (*fakeDynamoDB)(nil)

func (f *fakeDynamoDB) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	return bAnswer(&f.calls, f.list, in, "ListTables", aws.ToString(in.ExclusiveStartTableName))
}

func (f *fakeDynamoDB) DescribeContinuousBackups(_ context.Context, in *dynamodb.DescribeContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error) {
	return bAnswer(&f.calls, f.describe, in, "DescribeContinuousBackups", aws.ToString(in.TableName))
}

func Test_readDynamoDB(t *testing.T) {
	pitr := func(s ddbtypes.PointInTimeRecoveryStatus) *dynamodb.DescribeContinuousBackupsOutput {
		return &dynamodb.DescribeContinuousBackupsOutput{ContinuousBackupsDescription: &ddbtypes.ContinuousBackupsDescription{
			ContinuousBackupsStatus:        ddbtypes.ContinuousBackupsStatusEnabled,
			PointInTimeRecoveryDescription: &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: s},
		}}
	}
	// Two pages: ListTables pages by the last table name, not a token.
	twoPages := func(in *dynamodb.ListTablesInput) (*dynamodb.ListTablesOutput, error) {
		if aws.ToString(in.ExclusiveStartTableName) == "" {
			return &dynamodb.ListTablesOutput{TableNames: []string{"orders", "users"}, LastEvaluatedTableName: aws.String("users")}, nil
		}
		return &dynamodb.ListTablesOutput{TableNames: []string{"sessions"}}, nil
	}
	byTable := func(m map[string]func() (*dynamodb.DescribeContinuousBackupsOutput, error)) func(*dynamodb.DescribeContinuousBackupsInput) (*dynamodb.DescribeContinuousBackupsOutput, error) {
		return func(in *dynamodb.DescribeContinuousBackupsInput) (*dynamodb.DescribeContinuousBackupsOutput, error) {
			return m[aws.ToString(in.TableName)]()
		}
	}
	tableARN := func(region, name string) string {
		return "arn:" + checks.PartitionOf(region) + ":dynamodb:" + region + ":" + bAccount + ":table/" + name
	}
	tests := []struct {
		name     string
		region   string
		list     func(*dynamodb.ListTablesInput) (*dynamodb.ListTablesOutput, error)
		describe func(*dynamodb.DescribeContinuousBackupsInput) (*dynamodb.DescribeContinuousBackupsOutput, error)
		want     []checks.DynamoDBTable
		gaps     []aGap
	}{
		{
			name: "PITR status per table over two pages", region: "eu-west-1", list: twoPages,
			describe: byTable(map[string]func() (*dynamodb.DescribeContinuousBackupsOutput, error){
				"orders": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return pitr(ddbtypes.PointInTimeRecoveryStatusEnabled), nil
				},
				"users": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return pitr(ddbtypes.PointInTimeRecoveryStatusDisabled), nil
				},
				"sessions": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return &dynamodb.DescribeContinuousBackupsOutput{}, nil
				},
			}),
			want: []checks.DynamoDBTable{
				{Name: "orders", ARN: tableARN("eu-west-1", "orders"), PITR: "ENABLED"},
				{Name: "users", ARN: tableARN("eu-west-1", "users"), PITR: "DISABLED"},
				{Name: "sessions", ARN: tableARN("eu-west-1", "sessions")},
			},
		},
		{
			name: "table ARN in the China partition", region: "cn-north-1",
			list: func(*dynamodb.ListTablesInput) (*dynamodb.ListTablesOutput, error) {
				return &dynamodb.ListTablesOutput{TableNames: []string{"orders"}}, nil
			},
			describe: func(*dynamodb.DescribeContinuousBackupsInput) (*dynamodb.DescribeContinuousBackupsOutput, error) {
				return pitr(ddbtypes.PointInTimeRecoveryStatusEnabled), nil
			},
			want: []checks.DynamoDBTable{{Name: "orders", ARN: "arn:aws-cn:dynamodb:cn-north-1:" + bAccount + ":table/orders", PITR: "ENABLED"}},
		},
		{
			name: "one table's read fails: a gap on that table, the others read", region: "us-east-1", list: twoPages,
			describe: byTable(map[string]func() (*dynamodb.DescribeContinuousBackupsOutput, error){
				"orders": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return pitr(ddbtypes.PointInTimeRecoveryStatusEnabled), nil
				},
				"users": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return nil, aErr(dynamodb.ServiceID, "DescribeContinuousBackups", "ThrottlingException")
				},
				"sessions": func() (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return pitr(ddbtypes.PointInTimeRecoveryStatusDisabled), nil
				},
			}),
			want: []checks.DynamoDBTable{
				{Name: "orders", ARN: tableARN("us-east-1", "orders"), PITR: "ENABLED"},
				{Name: "users", ARN: tableARN("us-east-1", "users")},
				{Name: "sessions", ARN: tableARN("us-east-1", "sessions"), PITR: "DISABLED"},
			},
			gaps: []aGap{{"DynamoDB", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups", "us-east-1",
				tableARN("us-east-1", "users"), checks.GapThrottled}},
		},
		{
			name: "list denied: a gap and no tables", region: "us-east-1",
			list: func(*dynamodb.ListTablesInput) (*dynamodb.ListTablesOutput, error) {
				return nil, aErr(dynamodb.ServiceID, "ListTables", "AccessDeniedException")
			},
			gaps: []aGap{{"DynamoDB", "ListTables", "dynamodb:ListTables", "us-east-1", "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeDynamoDB{list: tt.list, describe: tt.describe}
			j := bJob(t, tt.region)
			readDynamoDB(context.Background(), f, j)
			bWant(t, "DynamoDB tables", j.Facts.DynamoDBTables, tt.want)
			bWantGaps(t, j, tt.gaps)
			if tt.gaps != nil && tt.gaps[0].Operation == "ListTables" && f.calls.count("DescribeContinuousBackups") != 0 {
				t.Errorf("tables described after the list failed: %v", f.calls.sorted())
			}
		})
	}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(dynamodb.ServiceID,
		op{"ListTables", "dynamodb:ListTables", "lists tables for dynamodb.pitr"},
		op{"DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups", "reads point-in-time recovery for dynamodb.pitr"},
	)
	register(service{Name: "dynamodb", ID: dynamodb.ServiceID, Collect: func(ctx context.Context, j *job) {
		readDynamoDB(ctx, dynamodb.NewFromConfig(j.Cfg), j)
	}})
}

// dynamodbAPI is the part of the DynamoDB client warroom calls: reads only.
type dynamodbAPI interface {
	dynamodb.ListTablesAPIClient
	DescribeContinuousBackups(context.Context, *dynamodb.DescribeContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
}

func readDynamoDB(ctx context.Context, api dynamodbAPI, j *job) {
	var names []string
	p := dynamodb.NewListTablesPaginator(api, &dynamodb.ListTablesInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *dynamodb.ListTablesOutput) {
		names = append(names, page.TableNames...)
	}) {
		return
	}
	tables := make([]checks.DynamoDBTable, len(names))
	forEach(len(names), func(i int) {
		t := &tables[i]
		t.Name = names[i]
		t.ARN = arn(j, "dynamodb", "table/"+names[i])
		out, err := api.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(names[i])})
		if err != nil {
			j.fail(err, t.ARN)
			return
		}
		if d := out.ContinuousBackupsDescription; d != nil && d.PointInTimeRecoveryDescription != nil {
			t.PITR = string(d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)
		}
	})
	j.Facts.DynamoDBTables = tables
}

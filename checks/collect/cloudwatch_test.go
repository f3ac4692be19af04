package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/warroom/warroom/checks"
)

// fakeCloudWatch is a hand-written cloudwatchAPI.
type fakeCloudWatch struct {
	alarms func(*cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error)
}

var _ cloudwatchAPI = (*fakeCloudWatch)(nil)

func (f *fakeCloudWatch) DescribeAlarms(_ context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	return f.alarms(in)
}

func TestReadAlarms(t *testing.T) {
	stat := func(name, ns string) types.MetricDataQuery {
		return types.MetricDataQuery{MetricStat: &types.MetricStat{Metric: &types.Metric{MetricName: aws.String(name), Namespace: aws.String(ns)}}}
	}
	api := &fakeCloudWatch{alarms: func(in *cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
		if !reflect.DeepEqual(in.AlarmTypes, []types.AlarmType{types.AlarmTypeMetricAlarm}) {
			t.Errorf("alarm types = %v", in.AlarmTypes)
		}
		i := aPageIndex(in.NextToken)
		page := [][]types.MetricAlarm{
			{{AlarmName: aws.String("root"), AlarmArn: aws.String("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:root"),
				MetricName: aws.String("RootUsage"), Namespace: aws.String("CIS"), ActionsEnabled: aws.Bool(true),
				AlarmActions: []string{"arn:aws:sns:eu-west-1:123456789012:sec"}}},
			{
				{AlarmName: aws.String("math-one"), Metrics: []types.MetricDataQuery{stat("Unauthorized", "CIS"), {Expression: aws.String("m1*2")}}},
				{AlarmName: aws.String("math-two"), ActionsEnabled: aws.Bool(false), Metrics: []types.MetricDataQuery{stat("A", "X"), stat("B", "X")}},
			},
		}[i]
		return &cloudwatch.DescribeAlarmsOutput{MetricAlarms: page, NextToken: aNext(i, 2)}, nil
	}}
	j := aJob(t, "eu-west-1", false)
	readAlarms(context.Background(), api, j)
	want := []checks.Alarm{
		{Name: "root", ARN: "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:root", MetricName: "RootUsage", Namespace: "CIS",
			ActionsOn: true, AlarmActions: []string{"arn:aws:sns:eu-west-1:123456789012:sec"}},
		{Name: "math-one", MetricName: "Unauthorized", Namespace: "CIS"},
		{Name: "math-two"},
	}
	if got := j.Facts.Alarms; !reflect.DeepEqual(got, want) {
		t.Errorf("alarms:\n got %+v\nwant %+v", got, want)
	}
}

func TestReadAlarms_denied(t *testing.T) {
	api := &fakeCloudWatch{alarms: func(*cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
		return nil, aErr(cloudwatch.ServiceID, "DescribeAlarms", "AccessDenied")
	}}
	j := aJob(t, "eu-west-1", false)
	readAlarms(context.Background(), api, j)
	want := []aGap{{"CloudWatch", "DescribeAlarms", "cloudwatch:DescribeAlarms", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

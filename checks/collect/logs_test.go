package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/warroom/warroom/checks"
)

// fakeLogs is a hand-written cloudwatchlogsAPI.
type fakeLogs struct {
	filters func(*cloudwatchlogs.DescribeMetricFiltersInput) (*cloudwatchlogs.DescribeMetricFiltersOutput, error)
}

var _ cloudwatchlogsAPI = (*fakeLogs)(nil)

func (f *fakeLogs) DescribeMetricFilters(_ context.Context, in *cloudwatchlogs.DescribeMetricFiltersInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeMetricFiltersOutput, error) {
	return f.filters(in)
}

func TestReadMetricFilters(t *testing.T) {
	const rootPattern = `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }`
	api := &fakeLogs{filters: func(in *cloudwatchlogs.DescribeMetricFiltersInput) (*cloudwatchlogs.DescribeMetricFiltersOutput, error) {
		i := aPageIndex(in.NextToken)
		page := [][]types.MetricFilter{
			{{FilterName: aws.String("root"), LogGroupName: aws.String("ct"), FilterPattern: aws.String(rootPattern),
				MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("RootUsage"), MetricNamespace: aws.String("CIS")}}}},
			{{FilterName: aws.String("two"), LogGroupName: aws.String("app"), FilterPattern: aws.String("ERROR"),
				MetricTransformations: []types.MetricTransformation{
					{MetricName: aws.String("Errors"), MetricNamespace: aws.String("App")},
					{MetricName: aws.String("ErrorsCopy"), MetricNamespace: aws.String("App")},
				}}},
		}[i]
		return &cloudwatchlogs.DescribeMetricFiltersOutput{MetricFilters: page, NextToken: aNext(i, 2)}, nil
	}}
	j := aJob(t, "eu-west-1", false)
	readMetricFilters(context.Background(), api, j)
	want := []checks.MetricFilter{
		{Name: "root", LogGroup: "ct", Pattern: rootPattern, MetricName: "RootUsage", MetricNamespace: "CIS"},
		{Name: "two", LogGroup: "app", Pattern: "ERROR", MetricName: "Errors", MetricNamespace: "App"},
		{Name: "two", LogGroup: "app", Pattern: "ERROR", MetricName: "ErrorsCopy", MetricNamespace: "App"},
	}
	if got := j.Facts.MetricFilters; !reflect.DeepEqual(got, want) {
		t.Errorf("filters:\n got %+v\nwant %+v", got, want)
	}
}

func TestReadMetricFilters_secondPageDenied(t *testing.T) {
	api := &fakeLogs{filters: func(in *cloudwatchlogs.DescribeMetricFiltersInput) (*cloudwatchlogs.DescribeMetricFiltersOutput, error) {
		if in.NextToken == nil {
			return &cloudwatchlogs.DescribeMetricFiltersOutput{MetricFilters: []types.MetricFilter{{FilterName: aws.String("a")}}, NextToken: aws.String("1")}, nil
		}
		return nil, aErr(cloudwatchlogs.ServiceID, "DescribeMetricFilters", "AccessDeniedException")
	}}
	j := aJob(t, "eu-west-1", false)
	readMetricFilters(context.Background(), api, j)
	if j.Facts.MetricFilters != nil {
		t.Errorf("filters from a half-read listing = %+v", j.Facts.MetricFilters)
	}
	want := []aGap{{"CloudWatch Logs", "DescribeMetricFilters", "logs:DescribeMetricFilters", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(cloudwatchlogs.ServiceID,
		op{"DescribeMetricFilters", "logs:DescribeMetricFilters", "finds metric filters on trail log groups for cloudwatch.root-usage-alarm and cloudwatch.unauthorized-api-alarm"},
	)
	register(service{Name: "logs", ID: cloudwatchlogs.ServiceID, Collect: func(ctx context.Context, j *job) {
		readMetricFilters(ctx, cloudwatchlogs.NewFromConfig(j.Cfg), j)
	}})
}

// cloudwatchlogsAPI is the part of the CloudWatch Logs client warroom calls:
// metric filter definitions only, never log events.
type cloudwatchlogsAPI interface {
	cloudwatchlogs.DescribeMetricFiltersAPIClient
}

// readMetricFilters fills the region's MetricFilters: one entry per metric a
// filter emits (almost always exactly one).
func readMetricFilters(ctx context.Context, api cloudwatchlogsAPI, j *job) {
	var out []checks.MetricFilter
	p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(api, &cloudwatchlogs.DescribeMetricFiltersInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *cloudwatchlogs.DescribeMetricFiltersOutput) {
		for _, f := range page.MetricFilters {
			base := checks.MetricFilter{Name: aws.ToString(f.FilterName), LogGroup: aws.ToString(f.LogGroupName), Pattern: aws.ToString(f.FilterPattern)}
			if len(f.MetricTransformations) == 0 {
				out = append(out, base)
			}
			for _, t := range f.MetricTransformations {
				m := base
				m.MetricName, m.MetricNamespace = aws.ToString(t.MetricName), aws.ToString(t.MetricNamespace)
				out = append(out, m)
			}
		}
	}) {
		return
	}
	j.Facts.MetricFilters = out
}

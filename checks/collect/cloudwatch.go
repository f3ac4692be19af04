package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(cloudwatch.ServiceID,
		op{"DescribeAlarms", "cloudwatch:DescribeAlarms", "lists metric alarms for cloudwatch.root-usage-alarm, cloudwatch.unauthorized-api-alarm and budgets.spend-alert"},
	)
	register(service{Name: "cloudwatch", ID: cloudwatch.ServiceID, Collect: func(ctx context.Context, j *job) {
		readAlarms(ctx, cloudwatch.NewFromConfig(j.Cfg), j)
	}})
}

// cloudwatchAPI is the part of the CloudWatch client warroom calls: reads only.
type cloudwatchAPI interface {
	cloudwatch.DescribeAlarmsAPIClient
}

// readAlarms fills the region's Alarms with its metric alarms.
func readAlarms(ctx context.Context, api cloudwatchAPI, j *job) {
	var out []checks.Alarm
	p := cloudwatch.NewDescribeAlarmsPaginator(api, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{types.AlarmTypeMetricAlarm}})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *cloudwatch.DescribeAlarmsOutput) {
		for _, a := range page.MetricAlarms {
			al := checks.Alarm{
				Name:         aws.ToString(a.AlarmName),
				ARN:          aws.ToString(a.AlarmArn),
				MetricName:   aws.ToString(a.MetricName),
				Namespace:    aws.ToString(a.Namespace),
				ActionsOn:    aws.ToBool(a.ActionsEnabled),
				AlarmActions: a.AlarmActions,
			}
			if al.MetricName == "" {
				al.MetricName, al.Namespace = singleMetric(a.Metrics)
			}
			out = append(out, al)
		}
	}) {
		return
	}
	j.Facts.Alarms = out
}

// singleMetric names the metric of a metric-query alarm that watches exactly
// one metric; "" when it watches none or several.
func singleMetric(qs []types.MetricDataQuery) (name, namespace string) {
	n := 0
	for _, q := range qs {
		if q.MetricStat != nil && q.MetricStat.Metric != nil {
			n++
			name, namespace = aws.ToString(q.MetricStat.Metric.MetricName), aws.ToString(q.MetricStat.Metric.Namespace)
		}
	}
	if n != 1 {
		return "", ""
	}
	return name, namespace
}

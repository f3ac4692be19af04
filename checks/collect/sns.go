package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

func init() {
	allow(sns.ServiceID,
		op{"ListSubscriptions", "sns:ListSubscriptions", "counts confirmed subscribers per topic for cloudwatch.root-usage-alarm and cloudwatch.unauthorized-api-alarm"},
	)
	register(service{Name: "sns", ID: sns.ServiceID, Collect: func(ctx context.Context, j *job) {
		readTopicSubscriptions(ctx, sns.NewFromConfig(j.Cfg), j)
	}})
}

// snsAPI is the part of the SNS client warroom calls: reads only.
type snsAPI interface {
	sns.ListSubscriptionsAPIClient
}

// readTopicSubscriptions fills the region's TopicSubscriptions: for every
// topic with a subscription, how many are confirmed (a pending or deleted
// subscription reaches no one).
func readTopicSubscriptions(ctx context.Context, api snsAPI, j *job) {
	out := map[string]int{}
	p := sns.NewListSubscriptionsPaginator(api, &sns.ListSubscriptionsInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *sns.ListSubscriptionsOutput) {
		for _, s := range page.Subscriptions {
			topic := aws.ToString(s.TopicArn)
			n := out[topic]
			switch aws.ToString(s.SubscriptionArn) {
			case "PendingConfirmation", "Deleted", "":
			default:
				n++
			}
			out[topic] = n
		}
	}) {
		return
	}
	j.Facts.TopicSubscriptions = out
}

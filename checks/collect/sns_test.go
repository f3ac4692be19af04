package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/warroom/warroom/checks"
)

// fakeSNS is a hand-written snsAPI.
type fakeSNS struct {
	subs func(*sns.ListSubscriptionsInput) (*sns.ListSubscriptionsOutput, error)
}

var _ snsAPI = (*fakeSNS)(nil)

func (f *fakeSNS) ListSubscriptions(_ context.Context, in *sns.ListSubscriptionsInput, _ ...func(*sns.Options)) (*sns.ListSubscriptionsOutput, error) {
	return f.subs(in)
}

func TestReadTopicSubscriptions(t *testing.T) {
	const sec, quiet = "arn:aws:sns:eu-west-1:123456789012:sec", "arn:aws:sns:eu-west-1:123456789012:quiet"
	sub := func(topic, arn string) types.Subscription {
		return types.Subscription{TopicArn: aws.String(topic), SubscriptionArn: aws.String(arn), Protocol: aws.String("email")}
	}
	api := &fakeSNS{subs: func(in *sns.ListSubscriptionsInput) (*sns.ListSubscriptionsOutput, error) {
		i := aPageIndex(in.NextToken)
		page := [][]types.Subscription{
			{sub(sec, sec+":1111"), sub(quiet, "PendingConfirmation")},
			{sub(sec, sec+":2222"), sub(sec, "PendingConfirmation"), sub(quiet, "Deleted")},
		}[i]
		return &sns.ListSubscriptionsOutput{Subscriptions: page, NextToken: aNext(i, 2)}, nil
	}}
	j := aJob(t, "eu-west-1", false)
	readTopicSubscriptions(context.Background(), api, j)
	want := map[string]int{sec: 2, quiet: 0}
	if got := j.Facts.TopicSubscriptions; !reflect.DeepEqual(got, want) {
		t.Errorf("subscriptions = %v, want %v", got, want)
	}
}

func TestReadTopicSubscriptions_denied(t *testing.T) {
	api := &fakeSNS{subs: func(*sns.ListSubscriptionsInput) (*sns.ListSubscriptionsOutput, error) {
		return nil, aErr(sns.ServiceID, "ListSubscriptions", "AuthorizationError")
	}}
	j := aJob(t, "eu-west-1", false)
	readTopicSubscriptions(context.Background(), api, j)
	if j.Facts.TopicSubscriptions != nil {
		t.Errorf("subscriptions = %v", j.Facts.TopicSubscriptions)
	}
	want := []aGap{{"SNS", "ListSubscriptions", "sns:ListSubscriptions", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

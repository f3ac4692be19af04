package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/warroom/warroom/checks"
)

// fakeEventBridge is a hand-written eventbridgeAPI.
type fakeEventBridge struct {
	rules   func(*eventbridge.ListRulesInput) (*eventbridge.ListRulesOutput, error)
	targets func(*eventbridge.ListTargetsByRuleInput) (*eventbridge.ListTargetsByRuleOutput, error)
}

var _ eventbridgeAPI = (*fakeEventBridge)(nil)

func (f *fakeEventBridge) ListRules(_ context.Context, in *eventbridge.ListRulesInput, _ ...func(*eventbridge.Options)) (*eventbridge.ListRulesOutput, error) {
	return f.rules(in)
}

func (f *fakeEventBridge) ListTargetsByRule(_ context.Context, in *eventbridge.ListTargetsByRuleInput, _ ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error) {
	return f.targets(in)
}

func TestReadEventRules(t *testing.T) {
	const pattern = `{"source":["aws.guardduty"]}`
	arn := func(name string) string { return "arn:aws:events:eu-west-1:123456789012:rule/" + name }
	api := &fakeEventBridge{
		rules: func(in *eventbridge.ListRulesInput) (*eventbridge.ListRulesOutput, error) {
			if in.EventBusName != nil {
				t.Errorf("bus = %q, want the default bus", aws.ToString(in.EventBusName))
			}
			i := aPageIndex(in.NextToken)
			page := [][]types.Rule{
				{{Name: aws.String("findings"), Arn: aws.String(arn("findings")), State: types.RuleStateEnabled, EventPattern: aws.String(pattern)}},
				{{Name: aws.String("nightly"), Arn: aws.String(arn("nightly")), State: types.RuleStateDisabled},
					{Name: aws.String("secret"), Arn: aws.String(arn("secret")), State: types.RuleStateEnabled}},
			}[i]
			return &eventbridge.ListRulesOutput{Rules: page, NextToken: aNext(i, 2)}, nil
		},
		targets: func(in *eventbridge.ListTargetsByRuleInput) (*eventbridge.ListTargetsByRuleOutput, error) {
			switch aws.ToString(in.Rule) {
			case "findings": // three targets over two pages
				i := aPageIndex(in.NextToken)
				n := []int{2, 1}[i]
				return &eventbridge.ListTargetsByRuleOutput{Targets: make([]types.Target, n), NextToken: aNext(i, 2)}, nil
			case "secret":
				return nil, aErr(eventbridge.ServiceID, "ListTargetsByRule", "AccessDeniedException")
			}
			return &eventbridge.ListTargetsByRuleOutput{}, nil
		},
	}
	j := aJob(t, "eu-west-1", false)
	readEventRules(context.Background(), api, j)
	want := []checks.EventRule{
		{Name: "findings", ARN: arn("findings"), State: "ENABLED", EventPattern: pattern, Targets: 3},
		{Name: "nightly", ARN: arn("nightly"), State: "DISABLED"},
		{Name: "secret", ARN: arn("secret"), State: "ENABLED"},
	}
	if got := j.Facts.EventRules; !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %+v\nwant %+v", got, want)
	}
	wantGaps := []aGap{{"EventBridge", "ListTargetsByRule", "events:ListTargetsByRule", "eu-west-1", arn("secret"), checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps = %+v, want %+v", g, wantGaps)
	}
}

func TestReadEventRules_listDenied(t *testing.T) {
	api := &fakeEventBridge{rules: func(*eventbridge.ListRulesInput) (*eventbridge.ListRulesOutput, error) {
		return nil, aErr(eventbridge.ServiceID, "ListRules", "AccessDeniedException")
	}}
	j := aJob(t, "eu-west-1", false)
	readEventRules(context.Background(), api, j)
	want := []aGap{{"EventBridge", "ListRules", "events:ListRules", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
	if j.Facts.EventRules != nil {
		t.Errorf("rules = %+v", j.Facts.EventRules)
	}
}

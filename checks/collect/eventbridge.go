package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(eventbridge.ServiceID,
		op{"ListRules", "events:ListRules", "lists rules on the default bus for events.findings-routing"},
		op{"ListTargetsByRule", "events:ListTargetsByRule", "counts each rule's targets for events.findings-routing"},
	)
	register(service{Name: "events", ID: eventbridge.ServiceID, Collect: func(ctx context.Context, j *job) {
		readEventRules(ctx, eventbridge.NewFromConfig(j.Cfg), j)
	}})
}

// eventbridgeAPI is the part of the EventBridge client warroom calls: reads only.
type eventbridgeAPI interface {
	ListRules(context.Context, *eventbridge.ListRulesInput, ...func(*eventbridge.Options)) (*eventbridge.ListRulesOutput, error)
	ListTargetsByRule(context.Context, *eventbridge.ListTargetsByRuleInput, ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error)
}

// readEventRules fills the region's EventRules: the default bus's rules, each
// with its target count. A rule whose targets cannot be listed is kept with a
// gap on its ARN.
func readEventRules(ctx context.Context, api eventbridgeAPI, j *job) {
	var rules []checks.EventRule
	var token *string
	for {
		page, err := api.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: token})
		if err != nil {
			j.fail(err, "")
			return
		}
		for _, r := range page.Rules {
			rules = append(rules, checks.EventRule{
				Name:         aws.ToString(r.Name),
				ARN:          aws.ToString(r.Arn),
				State:        string(r.State),
				EventPattern: aws.ToString(r.EventPattern),
			})
		}
		if token = page.NextToken; aws.ToString(token) == "" {
			break
		}
	}
	forEach(len(rules), func(i int) {
		r := &rules[i]
		var token *string
		for {
			page, err := api.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(r.Name), NextToken: token})
			if err != nil {
				j.fail(err, r.ARN)
				return
			}
			r.Targets += len(page.Targets)
			if token = page.NextToken; aws.ToString(token) == "" {
				return
			}
		}
	})
	j.Facts.EventRules = rules
}

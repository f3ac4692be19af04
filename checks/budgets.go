package checks

import (
	"fmt"
	"strings"
)

// billingRegion is where AWS publishes the EstimatedCharges billing metric.
const billingRegion = "us-east-1"

func init() {
	register(Check{
		ID: "budgets.spend-alert", Title: "A budget or billing alarm warns about spend", Service: "budgets",
		Scope: Global, Severity: Medium, Practices: []string{"SEC04-BP03"},
		Needs:       []string{"budgets:ViewBudget", "cloudwatch:DescribeAlarms"},
		Risk:        "A sudden jump in spend is often the first visible sign of stolen credentials running crypto-mining or other abuse, and without an alert it shows up only on the invoice.",
		Remediation: "Create a cost budget with a notification to a monitored address or topic, or a CloudWatch alarm on the EstimatedCharges billing metric in us-east-1.",
		Eval:        budgetsSpendAlert,
	})
}

func budgetsSpendAlert(v View) []Result {
	res := acctARN(v)
	a := v.Account
	for _, b := range a.Global.Budgets {
		if strings.EqualFold(b.Type, "COST") && b.Notifications > 0 && b.Subscribers > 0 {
			return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"budget": b.Name, "notifications": b.Notifications, "subscribers": b.Subscribers},
				Message: fmt.Sprintf("Account %s has cost budget %s that notifies %s.", a.ID, b.Name, plural(b.Subscribers, "subscriber", "subscribers"))}}
		}
	}
	if r := a.Region(billingRegion); r != nil {
		for _, al := range r.Alarms {
			if al.Namespace == "AWS/Billing" && al.MetricName == "EstimatedCharges" && al.ActionsOn && len(al.AlarmActions) > 0 {
				return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"alarm": al.Name, "region": billingRegion, "actions": len(al.AlarmActions)},
					Message: fmt.Sprintf("Account %s has billing alarm %s on estimated charges.", a.ID, al.Name)}}
			}
		}
	}
	collected := a.Region(billingRegion) != nil
	ev := map[string]any{"budgets": len(a.Global.Budgets), "billing_region_collected": collected}
	// Evaluate applies only the home region's gaps to a global check.
	if a.HomeRegion != billingRegion && len(regionGapActions(a, billingRegion, "cloudwatch:DescribeAlarms")) > 0 {
		return []Result{{Resource: res, Status: Unknown, Evidence: ev,
			Message: fmt.Sprintf("Account %s has no cost budget with a notification, and its billing alarms in %s could not be read.", a.ID, billingRegion)}}
	}
	msg := fmt.Sprintf("Account %s has no cost budget with a notification and no billing alarm with an action.", a.ID)
	if !collected {
		msg = fmt.Sprintf("Account %s has no cost budget with a notification (billing alarms were not looked for: %s was not collected).", a.ID, billingRegion)
	}
	return []Result{{Resource: res, Status: Fail, Evidence: ev, Message: msg}}
}

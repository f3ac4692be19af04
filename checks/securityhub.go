package checks

import (
	"fmt"
	"strings"
)

// bestPracticeStandards are substrings of the ARNs of the standards that
// count as continuous validation against a best-practice baseline.
var bestPracticeStandards = []string{"aws-foundational-security-best-practices", "cis-aws-foundations-benchmark"}

func init() {
	register(Check{
		ID: "securityhub.enabled", Title: "Security Hub is enabled in the region", Service: "securityhub",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC04-BP02", "SEC04-BP03"},
		Needs:       []string{"securityhub:DescribeHub"},
		Risk:        "Without Security Hub, findings from GuardDuty, Inspector, Macie and Config stay in separate consoles and nobody sees the region's security posture in one place.",
		Remediation: "Enable Security Hub in every region, aggregate findings to one region and account, and assign someone to work them.",
		CIS:         []string{"4.16"},
		Eval:        securityhubEnabled,
	})
	register(Check{
		ID: "securityhub.standards", Title: "Security Hub runs a best-practice standard", Service: "securityhub",
		Scope: Regional, Severity: Low, Practices: []string{"SEC01-BP03", "SEC01-BP08"},
		Needs:       []string{"securityhub:DescribeHub", "securityhub:GetEnabledStandards"},
		Risk:        "A hub with no best-practice standard collects findings but never checks your configuration against a known baseline.",
		Remediation: "Enable the AWS Foundational Security Best Practices standard (and the CIS benchmark if you report against it) in Security Hub.",
		Eval:        securityhubStandards,
	})
}

func securityhubEnabled(v View) []Result {
	res := svcUnit("securityhub", v)
	if h := v.Region.SecurityHub; h != nil {
		return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"hub_arn": h.HubARN},
			Message: fmt.Sprintf("Security Hub is enabled in region %s of account %s.", v.Region.Name, v.Account.ID)}}
	}
	return []Result{{Resource: res, Status: Fail, Evidence: map[string]any{"hub": false},
		Message: fmt.Sprintf("Security Hub is not enabled in region %s of account %s.", v.Region.Name, v.Account.ID)}}
}

// standardName is the short name of a standard or standard subscription ARN, e.g.
// "aws-foundational-security-best-practices/v/1.0.0".
func standardName(arn string) string {
	for _, sep := range []string{":standards/", ":subscription/", ":ruleset/"} {
		if i := strings.Index(arn, sep); i >= 0 {
			return arn[i+len(sep):]
		}
	}
	return arn
}

func securityhubStandards(v View) []Result {
	h := v.Region.SecurityHub
	if h == nil {
		return nil // securityhub.enabled reports the missing hub
	}
	var names, good []string
	for _, s := range h.Standards {
		names = append(names, standardName(s))
		for _, want := range bestPracticeStandards {
			if strings.Contains(s, want) {
				good = append(good, standardName(s))
				break
			}
		}
	}
	ev := map[string]any{"standards": names}
	return []Result{passIf(len(good) > 0, h.HubARN, ev,
		fmt.Sprintf("Security Hub in region %s of account %s runs %s.", v.Region.Name, v.Account.ID, strings.Join(good, ", ")),
		fmt.Sprintf("Security Hub in region %s of account %s runs neither the AWS Foundational Security Best Practices standard nor the CIS benchmark.", v.Region.Name, v.Account.ID))}
}

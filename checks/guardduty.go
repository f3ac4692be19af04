package checks

import "fmt"

func init() {
	register(Check{
		ID: "guardduty.enabled", Title: "GuardDuty is enabled in the region", Service: "guardduty",
		Scope: Regional, Severity: High, Practices: []string{"SEC04-BP01", "SEC04-BP03"},
		Needs:       []string{"guardduty:ListDetectors", "guardduty:GetDetector"},
		Risk:        "Without GuardDuty, compromised credentials, crypto-mining and calls to known malicious hosts in the region raise no alert.",
		Remediation: "Enable GuardDuty in every region, preferably for the whole organization from a delegated administrator account, and route its findings to responders.",
		SecurityHub: []string{"GuardDuty.1"},
		Eval:        guarddutyEnabled,
	})
}

func guarddutyEnabled(v View) []Result {
	res := svcUnit("guardduty", v)
	for _, d := range v.Region.GuardDuty {
		if d.Status == "ENABLED" {
			return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"detector": d.ID, "status": d.Status},
				Message: fmt.Sprintf("GuardDuty detector %s is enabled in region %s of account %s.", d.ID, v.Region.Name, v.Account.ID)}}
		}
	}
	if n := len(v.Region.GuardDuty); n > 0 {
		return []Result{{Resource: res, Status: Fail, Evidence: map[string]any{"detectors": n, "enabled": 0},
			Message: fmt.Sprintf("GuardDuty has a detector in region %s of account %s but it is not enabled.", v.Region.Name, v.Account.ID)}}
	}
	return []Result{{Resource: res, Status: Fail, Evidence: map[string]any{"detectors": 0},
		Message: fmt.Sprintf("GuardDuty is not enabled in region %s of account %s.", v.Region.Name, v.Account.ID)}}
}

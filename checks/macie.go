package checks

import "fmt"

func init() {
	register(Check{
		ID: "macie.enabled", Title: "Amazon Macie is enabled in the region", Service: "macie2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC07-BP03"},
		Needs:       []string{"macie2:GetMacieSession"},
		Risk:        "Without Macie, sensitive data that lands in the wrong S3 bucket is not discovered until someone stumbles on it.",
		Remediation: "Enable Macie with automated sensitive data discovery in the regions that hold S3 data, and review its findings.",
		CIS:         []string{"2.1.3"},
		SecurityHub: []string{"Macie.1"},
		Eval:        macieEnabled,
	})
}

func macieEnabled(v View) []Result {
	res := svcUnit("macie2", v)
	ev := map[string]any{"status": v.Region.Macie}
	switch v.Region.Macie {
	case "ENABLED":
		return []Result{{Resource: res, Status: Pass, Evidence: ev,
			Message: fmt.Sprintf("Amazon Macie is enabled in region %s of account %s.", v.Region.Name, v.Account.ID)}}
	case "PAUSED":
		return []Result{{Resource: res, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Amazon Macie is paused in region %s of account %s.", v.Region.Name, v.Account.ID)}}
	}
	return []Result{{Resource: res, Status: Fail, Evidence: ev,
		Message: fmt.Sprintf("Amazon Macie is not enabled in region %s of account %s.", v.Region.Name, v.Account.ID)}}
}

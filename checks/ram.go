package checks

func init() {
	register(Check{
		ID: "ram.external-shares", Title: "RAM resource shares are limited to the organization", Service: "ram",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC03-BP08"},
		Needs:       []string{"ram:GetResourceShares"},
		Risk:        "A share that allows external principals can be extended to any AWS account, so subnets, transit gateways or other shared resources can end up with accounts the organization does not control and whose access it cannot revoke centrally.",
		Remediation: "Turn off external principals on each share that does not need them, or replace it with one limited to the organization; for shares that must reach outside partners, list the accounts explicitly and review them regularly, and consider an SCP that denies ram:CreateResourceShare and ram:UpdateResourceShare with external principals allowed.",
		Eval:        ramExternalShares,
	})
}

func ramExternalShares(v View) []Result {
	var out []Result
	for _, s := range v.Region.ResourceShares {
		ev := map[string]any{"share": s.Name, "status": s.Status, "allow_external_principals": s.AllowExternalPrincipals}
		if s.Status == "ACTIVE" && s.AllowExternalPrincipals {
			out = append(out, Result{Resource: s.ARN, Status: Fail, Evidence: ev,
				Message: "Resource share " + s.Name + " can be shared with principals outside the organization."})
			continue
		}
		msg := "Resource share " + s.Name + " is limited to principals in the organization."
		if s.AllowExternalPrincipals {
			msg = "Resource share " + s.Name + " allows external principals but is " + s.Status + ", not active."
		}
		out = append(out, Result{Resource: s.ARN, Status: Pass, Evidence: ev, Message: msg})
	}
	return out
}

package checks

// Systems Manager checks: every running instance is managed, and managed
// instances are patched.

func init() {
	register(Check{
		ID: "ssm.managed-instances", Title: "Running instances are online in Systems Manager", Service: "ssm",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC06-BP03", "SEC06-BP05"},
		Needs:       []string{"ec2:DescribeInstances", "ssm:DescribeInstanceInformation"},
		Risk:        "An instance Systems Manager cannot reach is patched, inventoried and accessed by hand, or not at all, and cannot be isolated quickly during an incident.",
		Remediation: "Give the instance a profile with the AmazonSSMManagedInstanceCore policy (or turn on Default Host Management), run a current SSM Agent and allow it to reach the Systems Manager endpoints.",
		SecurityHub: []string{"SSM.1"},
		Eval:        ssmManagedInstances,
	})
	register(Check{
		ID: "ssm.patch-compliance", Title: "Managed instances are patch compliant", Service: "ssm",
		Scope: Regional, Severity: High, Practices: []string{"SEC06-BP01"},
		Needs:       []string{"ssm:ListResourceComplianceSummaries"},
		Risk:        "Missing patches leave known, published vulnerabilities open on the instance.",
		Remediation: "Install the missing patches through a Patch Manager maintenance window or patch policy, and find out why the baseline was not applied on schedule.",
		SecurityHub: []string{"SSM.2"},
		Eval:        ssmPatchCompliance,
	})
}

func ssmManagedInstances(v View) []Result {
	ping := map[string]string{}
	for _, m := range v.Region.SSMInstances {
		ping[m.ID] = m.PingStatus
	}
	var out []Result
	for _, i := range v.Region.EC2.Instances {
		if i.State != "running" {
			continue
		}
		status, known := ping[i.ID]
		ev := map[string]any{"instance": i.ID, "ssm_registered": known}
		if known {
			ev["ping_status"] = status
		}
		switch {
		case status == "Online":
			out = append(out, Result{Resource: instanceResource(i), Status: Pass, Evidence: ev,
				Message: "Instance " + i.ID + " is online in Systems Manager."})
		case known:
			out = append(out, Result{Resource: instanceResource(i), Status: Fail, Evidence: ev,
				Message: "Instance " + i.ID + " is registered with Systems Manager but its agent is " + orDash(status) + "."})
		default:
			out = append(out, Result{Resource: instanceResource(i), Status: Fail, Evidence: ev,
				Message: "Instance " + i.ID + " is running but not managed by Systems Manager."})
		}
	}
	return out
}

func ssmPatchCompliance(v View) []Result {
	var out []Result
	for _, c := range v.Region.PatchCompliance {
		ev := map[string]any{"compliance_type": "Patch", "status": c.Status}
		switch c.Status {
		case "COMPLIANT":
			out = append(out, Result{Resource: c.ResourceID, Status: Pass, Evidence: ev,
				Message: "Managed node " + c.ResourceID + " is patch compliant."})
		case "NON_COMPLIANT":
			out = append(out, Result{Resource: c.ResourceID, Status: Fail, Evidence: ev,
				Message: "Managed node " + c.ResourceID + " is missing patches its baseline requires."})
		}
	}
	return out
}

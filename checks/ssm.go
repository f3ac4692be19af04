package checks

import (
	"fmt"
	"regexp"
	"sort"
)

// Systems Manager checks: every running instance is managed, managed
// instances are patched, and incident-response runbooks are pre-deployed as
// Automation documents.

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
	register(Check{
		ID: "ssm.ir-runbooks", Title: "Incident response runbooks are deployed as Automation documents", Service: "ssm",
		Scope: Regional, Severity: Low, Practices: []string{"SEC10-BP04", "SEC10-BP06"},
		Needs:       []string{"ssm:ListDocuments"},
		Risk:        "Responders who must write isolation, snapshot or key-revocation steps by hand during an incident act slower and make more mistakes than ones who run a tested, pre-approved runbook.",
		Remediation: "Write the containment and evidence steps you rely on (isolate an instance, snapshot its volumes, revoke a role's sessions, disable an access key) as SSM Automation documents in every region you run workloads in, and exercise them in game days.",
		Eval:        ssmIRRunbooks,
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

// irRunbookName matches Automation document names that suggest an
// incident-response runbook. "ir-" must start a name or a word so that
// names like "Repair-Disk" do not count.
var irRunbookName = regexp.MustCompile(`(?i)(isolate|quarantine|snapshot|forensic|revoke|contain|incident|(^|[^a-z0-9])ir-|disable-?key|rotate)`)

// maxEvidenceNames caps the document names an evidence map lists.
const maxEvidenceNames = 10

// respondable counts the region's resources an incident could involve:
// EC2 instances in any state, DB instances and clusters, Lambda functions.
func respondable(r *Region) map[string]int {
	return map[string]int{
		"instances":        len(r.EC2.Instances),
		"db_instances":     len(r.DBInstances),
		"db_clusters":      len(r.DBClusters),
		"lambda_functions": len(r.Functions),
	}
}

func ssmIRRunbooks(v View) []Result {
	docs := v.Region.SSMDocuments
	res := respondable(v.Region)
	total := 0
	for _, n := range res {
		total += n
	}
	if len(docs) == 0 && total == 0 {
		return nil // nothing to respond to and nothing deployed: not judged
	}
	const partial = "partial evidence: runbooks may also live outside AWS, so the interview decides the practice"
	if len(docs) == 0 {
		ev := map[string]any{"documents": 0}
		for k, n := range res {
			ev[k] = n
		}
		return []Result{{Resource: svcUnit("ssm", v), Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Region %s of account %s holds %s an incident could involve but no self-owned Automation documents, so no automated incident runbook is pre-deployed there (%s).",
				v.Region.Name, v.Account.ID, plural(total, "resource", "resources"), partial)}}
	}
	names := append([]string(nil), docs...)
	sort.Strings(names)
	ir := 0
	for _, n := range names {
		if irRunbookName.MatchString(n) {
			ir++
		}
	}
	shown := names
	if len(shown) > maxEvidenceNames {
		shown = shown[:maxEvidenceNames]
	}
	ev := map[string]any{"documents": len(names), "names": shown, "ir_named": ir}
	return []Result{{Resource: svcUnit("ssm", v), Status: Pass, Evidence: ev,
		Message: fmt.Sprintf("Region %s of account %s has %s, %d of them named like incident-response runbooks (%s).",
			v.Region.Name, v.Account.ID, plural(len(names), "self-owned Automation document", "self-owned Automation documents"), ir, partial)}}
}

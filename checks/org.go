package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// fullAWSAccessID is the id of the AWS-managed SCP that allows everything.
const fullAWSAccessID = "p-FullAWSAccess"

// securityServicePrincipals are the service principals whose delegated
// administrator counts as a security tooling account.
var securityServicePrincipals = []string{
	"guardduty.amazonaws.com",
	"securityhub.amazonaws.com",
	"config.amazonaws.com",
	"access-analyzer.amazonaws.com",
	"inspector2.amazonaws.com",
	"macie.amazonaws.com",
	"detective.amazonaws.com",
}

func init() {
	register(Check{
		ID: "org.member", Title: "The account belongs to an AWS Organization", Service: "organizations",
		Scope: Global, Severity: Medium, Practices: []string{"SEC01-BP01"},
		Needs:       []string{"organizations:DescribeOrganization"},
		Risk:        "A stand-alone account cannot be governed by guardrails, central logging or delegated security tooling, so its controls depend on each owner.",
		Remediation: "Invite the account into your organization and place it in an organizational unit that carries your baseline policies.",
		SecurityHub: []string{"Account.2"},
		Eval:        orgMember,
	})
	register(Check{
		ID: "org.scps", Title: "Custom service control policies apply to the account", Service: "organizations",
		Scope: Global, Severity: High, Practices: []string{"SEC03-BP05", "SEC01-BP06"},
		Needs:       []string{"organizations:DescribeOrganization", "organizations:ListParents", "organizations:ListPoliciesForTarget"},
		Reads:       workloadActions,
		Risk:        "With only FullAWSAccess in force nothing at the organization level stops a principal in the account from disabling logging, leaving approved regions or removing guardrails.",
		Remediation: "Attach service control policies to the account's OUs (or the root) that deny the actions no one in the account should take, such as stopping CloudTrail or leaving the organization. No SCP restricts the management account, so keep workloads out of it.",
		Eval:        orgSCPs,
	})
	register(Check{
		ID: "org.delegated-security-admin", Title: "Security services have a delegated administrator account", Service: "organizations",
		Scope: Global, Severity: Low, Practices: []string{"SEC01-BP05", "SEC04-BP02"},
		Needs:       []string{"organizations:DescribeOrganization", "organizations:ListDelegatedAdministrators", "organizations:ListDelegatedServicesForAccount"},
		Risk:        "Without a delegated security account, findings are either scattered across accounts or handled from the management account, which should stay nearly unused.",
		Remediation: "Register a dedicated security tooling account as delegated administrator for GuardDuty, Security Hub, Config and the other security services.",
		Eval:        orgDelegatedSecurityAdmin,
	})
	register(Check{
		ID: "org.tag-policies", Title: "Tag policies are defined in the organization", Service: "organizations",
		Scope: Global, Severity: Low, Practices: []string{"SEC07-BP01", "SEC07-BP02"},
		Needs:       []string{"organizations:DescribeOrganization", "organizations:ListPolicies"},
		Risk:        "Without an enforced tagging scheme, data classification and ownership tags drift, so controls keyed on them miss resources.",
		Remediation: "Define tag policies for the classification and ownership tags your controls rely on and attach them to the organization's OUs.",
		Eval:        orgTagPolicies,
	})
}

func orgMember(v View) []Result {
	o := v.Account.Global.Organization
	if o == nil {
		return []Result{{Resource: acctARN(v), Status: Fail, Message: "Account " + v.Account.ID + " is not a member of an AWS Organization.", Evidence: map[string]any{"organization": false}}}
	}
	ev := map[string]any{"organization": o.ID, "management_account": o.ManagementAcct, "feature_set": o.FeatureSet}
	if o.IsManagementAcc {
		return []Result{{Resource: acctARN(v), Status: Pass, Evidence: ev, Message: "Account " + v.Account.ID + " is the management account of organization " + o.ID + "."}}
	}
	return []Result{{Resource: acctARN(v), Status: Pass, Evidence: ev, Message: "Account " + v.Account.ID + " is a member of organization " + o.ID + "."}}
}

// isFullAWSAccess reports whether an SCP is the AWS-managed allow-all policy.
func isFullAWSAccess(p PolicySummary) bool {
	return p.ID == fullAWSAccessID || (p.AWSManaged && p.Name == "FullAWSAccess")
}

// workloadActions are the reads that list the workloads looked for in a
// management account.
var workloadActions = []string{"ec2:DescribeInstances", "rds:DescribeDBInstances", "rds:DescribeDBClusters", "lambda:ListFunctions", "dynamodb:ListTables"}

// regionWorkloads counts the workloads of one region by kind, and describes
// them as "2 EC2 instances and 1 Lambda function".
func regionWorkloads(r Region) (map[string]int, []string) {
	instances := 0
	for _, i := range r.EC2.Instances {
		if i.State != "terminated" && i.State != "shutting-down" {
			instances++
		}
	}
	// Functions that AWS Control Tower deploys into the management account
	// are its own machinery, not the organization's workloads.
	functions := 0
	for _, f := range r.Functions {
		if !strings.HasPrefix(f.Name, "aws-controltower-") {
			functions++
		}
	}
	counts := map[string]int{}
	var words []string
	for _, k := range []struct {
		key, one, many string
		n              int
	}{
		{"ec2_instances", "EC2 instance", "EC2 instances", instances},
		{"db_instances", "DB instance", "DB instances", len(r.DBInstances)},
		{"db_clusters", "DB cluster", "DB clusters", len(r.DBClusters)},
		{"lambda_functions", "Lambda function", "Lambda functions", functions},
		{"dynamodb_tables", "DynamoDB table", "DynamoDB tables", len(r.DynamoDBTables)},
	} {
		if k.n > 0 {
			counts[k.key] = k.n
			words = append(words, plural(k.n, k.one, k.many))
		}
	}
	return counts, words
}

// managementSCPs judges the management account, which no SCP restricts
// whatever is attached: the risk is workloads running there. It fails when
// any region holds workloads, says nothing when none does, and is unknown
// when none was found but a region's workload reads failed.
func managementSCPs(v View, o *Organization) []Result {
	a := v.Account
	workloads := map[string]map[string]int{}
	var where []string
	for _, r := range a.Regions {
		counts, words := regionWorkloads(r)
		if len(counts) == 0 {
			continue
		}
		workloads[r.Name] = counts
		where = append(where, joinAnd(words)+" in "+r.Name)
	}
	ev := map[string]any{"organization": o.ID, "management_account": true, "scps_in_force": len(o.SCPs)}
	if len(workloads) > 0 {
		ev["workloads"] = workloads
		return []Result{{Resource: acctARN(v), Status: Fail, Evidence: ev,
			Message: "Workloads run in account " + a.ID + ", the management account of organization " + o.ID +
				", where no SCP can restrict them (" + strings.Join(where, "; ") + ")."}}
	}
	// A region that is not enabled holds no workloads; any other failed
	// listing leaves the question open.
	unread := map[string][]string{}
	var denied []string
	for _, r := range a.Regions {
		if regionDisabled(a, r.Name) {
			continue
		}
		if acts := regionGapActions(a, r.Name, workloadActions...); len(acts) > 0 {
			unread[r.Name] = acts
		}
		for _, d := range regionDenied(a, r.Name, workloadActions...) {
			if !slices.Contains(denied, d) {
				denied = append(denied, d)
			}
		}
	}
	sort.Strings(denied)
	if len(unread) == 0 {
		return nil
	}
	ev["unread_regions"] = unread
	regions := mapKeys(unread)
	return []Result{{Resource: acctARN(v), Status: Unknown, Evidence: ev, Actions: denied,
		Message: "Account " + a.ID + " is the management account of organization " + o.ID + ", which no SCP can restrict; no workload was found in it, but the workloads of " +
			plural(len(regions), "region", "regions") + " (" + strings.Join(regions, ", ") + ") could not be listed."}}
}

// regionDisabled reports whether the collector found region not enabled.
func regionDisabled(a *Account, region string) bool {
	for _, g := range a.Gaps {
		if g.Region == region && g.Resource == "" && g.Code == GapRegionDisabled {
			return true
		}
	}
	return false
}

func orgSCPs(v View) []Result {
	o := v.Account.Global.Organization
	if o == nil {
		return nil // org.member reports the missing organization
	}
	if o.IsManagementAcc {
		return managementSCPs(v, o)
	}
	var custom []string
	seen := map[string]bool{}
	for _, p := range o.SCPs {
		if isFullAWSAccess(p) || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		custom = append(custom, p.Name)
	}
	sort.Strings(custom)
	ev := map[string]any{"scps_in_force": len(o.SCPs), "custom_scps": len(custom)}
	if o.FeatureSet != "" {
		ev["feature_set"] = o.FeatureSet
	}
	if len(custom) > 0 {
		ev["names"] = custom
		return []Result{{Resource: acctARN(v), Status: Pass, Evidence: ev,
			Message: fmt.Sprintf("Account %s is governed by %s beyond FullAWSAccess (%s).", v.Account.ID, plural(len(custom), "custom SCP", "custom SCPs"), strings.Join(custom, ", "))}}
	}
	msg := "Account " + v.Account.ID + " has no service control policy in force other than FullAWSAccess."
	if o.FeatureSet == "CONSOLIDATED_BILLING" {
		msg = "Account " + v.Account.ID + " is in organization " + o.ID + ", which has only consolidated billing enabled, so no service control policy can apply."
	}
	return []Result{{Resource: acctARN(v), Status: Fail, Evidence: ev, Message: msg}}
}

func orgDelegatedSecurityAdmin(v View) []Result {
	o := v.Account.Global.Organization
	if o == nil {
		return nil // org.member reports the missing organization
	}
	found := map[string]string{}
	for _, sp := range securityServicePrincipals {
		if acct, ok := o.DelegatedAdmins[sp]; ok {
			found[sp] = acct
		}
	}
	if len(found) > 0 {
		names := make([]string, 0, len(found))
		for sp := range found {
			names = append(names, strings.TrimSuffix(sp, ".amazonaws.com"))
		}
		sort.Strings(names)
		return []Result{{Resource: acctARN(v), Status: Pass, Evidence: map[string]any{"delegated_admins": found},
			Message: "Organization " + o.ID + " has a delegated administrator for " + strings.Join(names, ", ") + "."}}
	}
	return []Result{{Resource: acctARN(v), Status: Fail, Evidence: map[string]any{"delegated_services": len(o.DelegatedAdmins)},
		Message: "Organization " + o.ID + " has no delegated administrator for any security service."}}
}

func orgTagPolicies(v View) []Result {
	o := v.Account.Global.Organization
	if o == nil {
		return nil // org.member reports the missing organization
	}
	if n := len(o.TagPolicies); n > 0 {
		names := make([]string, 0, n)
		for _, p := range o.TagPolicies {
			names = append(names, p.Name)
		}
		sort.Strings(names)
		return []Result{{Resource: acctARN(v), Status: Pass, Evidence: map[string]any{"tag_policies": names},
			Message: fmt.Sprintf("Organization %s defines %s.", o.ID, plural(n, "tag policy", "tag policies"))}}
	}
	return []Result{{Resource: acctARN(v), Status: Fail, Evidence: map[string]any{"tag_policies": 0},
		Message: "Organization " + o.ID + " defines no tag policy."}}
}

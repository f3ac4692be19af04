package checks

// wafv2.edge-protection judges regional AWS WAF coverage only: internet-facing
// application load balancers. CloudFront distributions (web ACLs of CLOUDFRONT
// scope, read in us-east-1) and API Gateway stages are out of scope for now;
// the collector reads neither.

func init() {
	register(Check{
		ID: "wafv2.edge-protection", Title: "Internet-facing application load balancers are protected by AWS WAF", Service: "wafv2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC05-BP03", "SEC05-BP04"},
		Needs: []string{"wafv2:ListWebACLs", actListWebACLResources},
		// The load balancer listing decides which ALBs are judged; when it
		// failed, the check reports the region unknown itself.
		Reads:       []string{actDescribeLBs},
		Risk:        "An internet-facing ALB without a web ACL passes every request straight to the application, so injection attempts, credential stuffing, scanners and floods of HTTP requests are met only by the application's own code.",
		Remediation: "Associate a regional AWS WAF web ACL with each internet-facing ALB: start from the AWS managed rule groups (core rule set, known bad inputs, IP reputation) plus a rate-based rule, watch them in count mode, then block; manage the ACLs as code or through Firewall Manager so new ALBs are covered automatically.",
		// ELB.16 exists in Security Hub but not in FSBP, so none is listed.
		Eval: wafv2EdgeProtection,
	})
}

const (
	actListWebACLResources = "wafv2:ListResourcesForWebACL"
	actDescribeLBs         = "elasticloadbalancing:DescribeLoadBalancers"
)

func wafv2EdgeProtection(v View) []Result {
	a, r := v.Account, v.Region
	protectedBy := map[string]string{} // ALB ARN → name of the first web ACL associated with it
	var unread []string                // web ACLs whose associations could not be read
	var unreadGaps []Gap
	for _, acl := range r.WebACLs {
		if gs := resourceGaps(a, r.Name, acl.ARN, actListWebACLResources); len(gs) > 0 {
			unread = append(unread, acl.Name)
			unreadGaps = append(unreadGaps, gs...)
			continue
		}
		for _, res := range acl.Resources {
			if _, ok := protectedBy[res]; !ok {
				protectedBy[res] = acl.Name
			}
		}
	}
	var out []Result
	for _, lb := range r.LoadBalancers {
		if lb.Type != "application" || lb.Scheme != "internet-facing" {
			continue // internal ALBs, network and gateway load balancers
		}
		ev := map[string]any{"load_balancer": lb.Name, "type": lb.Type, "scheme": lb.Scheme}
		if acl, ok := protectedBy[lb.ARN]; ok {
			ev["web_acl"] = acl
			out = append(out, Result{Resource: lb.ARN, Status: Pass, Evidence: ev,
				Message: "Internet-facing ALB " + lb.Name + " is protected by AWS WAF web ACL " + acl + "."})
			continue
		}
		if len(unread) > 0 {
			ev["unread_web_acls"] = unread
			out = append(out, Result{Resource: lb.ARN, Status: Unknown, Evidence: ev, Actions: deniedActions(unreadGaps),
				Message: "Internet-facing ALB " + lb.Name + " is in none of the web ACLs read, but the resources of " +
					pluralWord(len(unread), "web ACL", "web ACLs") + " " + joinAnd(unread) + " could not be read."})
			continue
		}
		ev["web_acls_in_region"] = len(r.WebACLs)
		out = append(out, Result{Resource: lb.ARN, Status: Fail, Evidence: ev,
			Message: "Internet-facing ALB " + lb.Name + " has no AWS WAF web ACL."})
	}
	if gaps := regionGapActions(a, r.Name, actDescribeLBs); len(gaps) > 0 {
		out = append(out, Result{Resource: svcUnit("elbv2", v), Status: Unknown,
			Actions:  regionDenied(a, r.Name, actDescribeLBs),
			Evidence: map[string]any{"unread": gaps},
			Message:  "The load balancers of " + r.Name + " could not all be listed, so internet-facing ALBs without a web ACL may be missing from this check."})
	}
	return out
}

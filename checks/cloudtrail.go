package checks

import (
	"sort"
	"strings"
)

var trailNeeds = []string{"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"}

func init() {
	register(Check{
		ID: "cloudtrail.multi-region", Title: "A multi-region trail records all management events", Service: "cloudtrail",
		Scope: Global, Severity: High, Practices: []string{"SEC04-BP01", "SEC04-BP02"},
		Needs:       trailNeeds,
		Risk:        "Without a logging trail that covers every region and both read and write management events, an intruder's API calls leave no durable record to investigate.",
		Remediation: "Create (or fix) a multi-region trail, ideally an organization trail, that logs read and write management events and is switched on.",
		CIS:         []string{"3.1"},
		SecurityHub: []string{"CloudTrail.1"},
		Eval:        cloudtrailMultiRegion,
	})
	register(Check{
		ID: "cloudtrail.log-validation", Title: "Trails validate their log files", Service: "cloudtrail",
		Scope: Global, Severity: Medium, Practices: []string{"SEC04-BP01"},
		Needs:       []string{"cloudtrail:DescribeTrails"},
		Risk:        "Without digest files nobody can prove that delivered log files were not altered or removed after an incident.",
		Remediation: "Turn on log file validation for the trail and check digests as part of investigations.",
		CIS:         []string{"3.2"},
		SecurityHub: []string{"CloudTrail.4"},
		Eval:        cloudtrailLogValidation,
	})
	register(Check{
		ID: "cloudtrail.kms", Title: "Trail logs are encrypted with a KMS key", Service: "cloudtrail",
		Scope: Global, Severity: Medium, Practices: []string{"SEC04-BP01", "SEC08-BP02"},
		Needs:       []string{"cloudtrail:DescribeTrails"},
		Risk:        "Logs encrypted only with S3-managed keys can be read by anyone with read access to the bucket, with no separate key policy or key-use audit trail.",
		Remediation: "Encrypt the trail with a customer-managed KMS key whose policy lets only the log readers decrypt.",
		CIS:         []string{"3.5"},
		SecurityHub: []string{"CloudTrail.2"},
		Eval:        cloudtrailKMS,
	})
	register(Check{
		ID: "cloudtrail.bucket-public", Title: "Trail log buckets are not public", Service: "cloudtrail",
		Scope: Global, Severity: Critical, Practices: []string{"SEC04-BP02", "SEC08-BP04"},
		Needs: []string{"cloudtrail:DescribeTrails", "s3:ListAllMyBuckets", "s3:GetBucketPolicyStatus", "s3:GetBucketAcl",
			"s3:GetBucketPublicAccessBlock", "s3:GetAccountPublicAccessBlock"},
		Risk:        "A public log bucket exposes a map of the account's activity to anyone, and may let outsiders tamper with the evidence.",
		Remediation: "Remove public grants and public statements from the log bucket and turn on all four Block Public Access settings for it and for the account.",
		SecurityHub: []string{"CloudTrail.6"},
		Eval:        cloudtrailBucketPublic,
	})
}

// uniqueTrails returns the trails once each by ARN, in inventory order.
func uniqueTrails(a *Account) []Trail {
	var out []Trail
	seen := map[string]bool{}
	for _, t := range a.Global.Trails {
		if seen[t.ARN] {
			continue
		}
		seen[t.ARN] = true
		out = append(out, t)
	}
	return out
}

// trailShortfalls says why a trail is not a complete multi-region trail,
// and which of its reads failed. A status or event selectors that could not
// be read (a gap on the trail's ARN, or no status at all) is reported as
// unread rather than as logging off or no management events.
func trailShortfalls(a *Account, t Trail) (why, unread []string) {
	if !t.MultiRegion {
		why = append(why, "single-region")
	}
	switch {
	case t.IsLogging == nil || len(resourceGaps(a, "", t.ARN, "cloudtrail:GetTrailStatus")) > 0:
		why = append(why, "logging status unread")
		unread = append(unread, "cloudtrail:GetTrailStatus")
	case !*t.IsLogging:
		why = append(why, "not logging")
	}
	switch {
	case len(resourceGaps(a, "", t.ARN, "cloudtrail:GetEventSelectors")) > 0:
		why = append(why, "event selectors unread")
		unread = append(unread, "cloudtrail:GetEventSelectors")
	case !t.ManagementEvents || t.ManagementReadWrite != "All":
		rw := t.ManagementReadWrite
		if !t.ManagementEvents || rw == "" {
			rw = "none"
		}
		why = append(why, "management events "+rw)
	}
	return why, unread
}

func cloudtrailMultiRegion(v View) []Result {
	var out []Result
	gaps := map[string]string{}
	unread := map[string][]string{}
	for _, t := range uniqueTrails(v.Account) {
		why, unreadReads := trailShortfalls(v.Account, t)
		if len(why) == 0 {
			ev := map[string]any{"trail": t.Name, "home_region": t.HomeRegion, "organization_trail": t.Organization}
			msg := "Trail " + t.Name + " logs read and write management events in every region."
			if t.OwnedByOtherAccount {
				ev["owned_by_other_account"] = true
				msg = "Trail " + t.Name + " (owned by another account) logs read and write management events in every region."
			}
			out = append(out, Result{Resource: t.ARN, Status: Pass, Evidence: ev, Message: msg})
			continue
		}
		gaps[t.Name] = strings.Join(why, ", ")
		// The trail could still be the complete one when every shortfall
		// comes from a read that failed.
		if len(unreadReads) > 0 && len(why) == len(unreadReads) {
			unread[t.Name] = unreadReads
		}
	}
	if len(out) > 0 {
		return out
	}
	if len(unread) > 0 {
		names := mapKeys(unread)
		return []Result{{Resource: acctARN(v), Status: Unknown, Evidence: map[string]any{"trails": gaps, "unread": unread},
			Message: "Account " + v.Account.ID + " has no trail shown to log all management events in every region, but the status or event selectors of " +
				plural(len(names), "multi-region trail", "multi-region trails") + " could not be read (" + strings.Join(names, ", ") + "), so it is not judged."}}
	}
	msg := "Account " + v.Account.ID + " has no trail."
	if len(gaps) > 0 {
		msg = "Account " + v.Account.ID + " has no multi-region trail that is logging all management events (" + plural(len(gaps), "trail", "trails") + " fall short: " + strings.Join(mapKeys(gaps), ", ") + ")."
	}
	return []Result{{Resource: acctARN(v), Status: Fail, Evidence: map[string]any{"trails": gaps}, Message: msg}}
}

// mapKeys returns a map's keys in order.
func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// trailName names a trail in messages, noting when another account owns it.
func trailName(t Trail) string {
	if t.OwnedByOtherAccount {
		return "Trail " + t.Name + " (owned by another account)"
	}
	return "Trail " + t.Name
}

func trailEvidence(t Trail) map[string]any {
	ev := map[string]any{"trail": t.Name}
	if t.OwnedByOtherAccount {
		ev["owned_by_other_account"] = true
	}
	return ev
}

func cloudtrailLogValidation(v View) []Result {
	var out []Result
	for _, t := range uniqueTrails(v.Account) {
		ev := trailEvidence(t)
		ev["log_file_validation"] = t.LogFileValidation
		out = append(out, passIf(t.LogFileValidation, t.ARN, ev, trailName(t)+" validates its log files.", trailName(t)+" does not validate its log files."))
	}
	return out
}

func cloudtrailKMS(v View) []Result {
	var out []Result
	for _, t := range uniqueTrails(v.Account) {
		ev := trailEvidence(t)
		if t.KMSKeyID != "" {
			ev["kms_key_id"] = t.KMSKeyID
			out = append(out, Result{Resource: t.ARN, Status: Pass, Evidence: ev, Message: trailName(t) + " encrypts its logs with a KMS key."})
			continue
		}
		ev["kms_key_id"] = ""
		out = append(out, Result{Resource: t.ARN, Status: Fail, Evidence: ev, Message: trailName(t) + " does not encrypt its logs with a KMS key."})
	}
	return out
}

func cloudtrailBucketPublic(v View) []Result {
	a := v.Account
	buckets := map[string]*Bucket{}
	for i := range a.Global.S3.Buckets {
		buckets[a.Global.S3.Buckets[i].Name] = &a.Global.S3.Buckets[i]
	}
	// One result per bucket, naming every trail that delivers to it.
	trailsOf := map[string][]string{}
	var order []string
	for _, t := range uniqueTrails(a) {
		if t.S3Bucket == "" {
			continue
		}
		// A bucket that is not in this account's inventory belongs to another
		// account (a central log archive, typically): that account's run judges
		// it, so this one reports nothing for it.
		if buckets[t.S3Bucket] == nil {
			continue
		}
		if trailsOf[t.S3Bucket] == nil {
			order = append(order, t.S3Bucket)
		}
		trailsOf[t.S3Bucket] = append(trailsOf[t.S3Bucket], t.Name)
	}
	acctPAB := a.Global.S3.PublicAccessBlock.All()
	var out []Result
	for _, name := range order {
		b := buckets[name]
		bucketPAB := b.PublicAccessBlock.All()
		ev := map[string]any{
			"bucket": b.Name, "trails": trailsOf[name], "policy_public": b.PolicyPublic,
			"acl_public_grants": len(b.ACLPublicGrants), "bucket_public_access_block": bucketPAB, "account_public_access_block": acctPAB,
		}
		// A public policy or ACL fails even when Block Public Access currently
		// neutralises it: one setting change would expose the logs.
		var why []string
		if b.PolicyPublic {
			why = append(why, "its bucket policy is public"+neutralised(pabRestricts(b.PublicAccessBlock) || pabRestricts(a.Global.S3.PublicAccessBlock)))
		}
		if len(b.ACLPublicGrants) > 0 {
			why = append(why, "its ACL grants access to everyone"+neutralised(pabIgnoresACLs(b.PublicAccessBlock) || pabIgnoresACLs(a.Global.S3.PublicAccessBlock)))
		}
		if !bucketPAB && !acctPAB {
			why = append(why, "Block Public Access is not fully on for the bucket or the account")
		}
		out = append(out, passIf(len(why) == 0, b.ARN, ev,
			"Trail log bucket "+b.Name+" is not public and Block Public Access protects it.",
			"Trail log bucket "+b.Name+" can be public: "+strings.Join(why, "; ")+"."))
	}
	return out
}

func pabRestricts(p *PublicAccessBlock) bool   { return p != nil && p.RestrictPublicBuckets }
func pabIgnoresACLs(p *PublicAccessBlock) bool { return p != nil && p.IgnorePublicACLs }

func neutralised(blocked bool) string {
	if blocked {
		return " (Block Public Access overrides it for now)"
	}
	return ""
}

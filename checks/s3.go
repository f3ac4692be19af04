package checks

import (
	"regexp"
	"strings"
)

// S3 checks. Buckets are listed once per account, so these checks are global;
// each finding's evidence carries the bucket's own region.

const (
	s3List = "s3:ListAllMyBuckets"
	s3PAB  = "s3:GetAccountPublicAccessBlock"
)

func init() {
	register(Check{
		ID: "s3.account-public-access-block", Title: "S3 Block Public Access is fully on for the account", Service: "s3",
		Scope: Global, Severity: High, Practices: []string{"SEC08-BP04", "SEC03-BP07"},
		Needs:       []string{s3PAB},
		Risk:        "Without the account-wide block, one bucket policy or ACL edit is enough to publish data to the internet.",
		Remediation: "Turn on all four account-level Block Public Access settings; serve public content through CloudFront with origin access control instead of public buckets.",
		CIS:         []string{"2.1.4"},
		SecurityHub: []string{"S3.1"},
		Eval:        s3AccountPublicAccessBlock,
	})
	register(Check{
		ID: "s3.bucket-public", Title: "No bucket is public or left unprotected against being made public", Service: "s3",
		Scope: Global, Severity: Critical, Practices: []string{"SEC08-BP04", "SEC03-BP07"},
		Needs:       []string{s3List, "s3:GetBucketPolicyStatus", "s3:GetBucketPublicAccessBlock", "s3:GetBucketAcl", s3PAB},
		Risk:        "A public bucket lets anyone on the internet read, and sometimes write, its objects.",
		Remediation: "Remove the public policy statement or ACL grant, then turn on Block Public Access for the bucket and, unless a documented exception needs it off, for the account.",
		CIS:         []string{"2.1.4"},
		SecurityHub: []string{"S3.2", "S3.3", "S3.8"},
		Eval:        s3BucketPublic,
	})
	register(Check{
		ID: "s3.secure-transport", Title: "Bucket policies deny requests without TLS", Service: "s3",
		Scope: Global, Severity: Medium, Practices: []string{"SEC09-BP02"},
		Needs:       []string{s3List, "s3:GetBucketPolicy"},
		Risk:        "Without the deny, clients can read and write objects over plain HTTP, where the traffic can be read or altered in transit.",
		Remediation: "Add a bucket policy statement that denies s3:* to every principal on the bucket and its objects when aws:SecureTransport is false.",
		CIS:         []string{"2.1.1"},
		SecurityHub: []string{"S3.5"},
		Eval:        s3SecureTransport,
	})
	register(Check{
		ID: "s3.versioning", Title: "Buckets keep object versions", Service: "s3",
		Scope: Global, Severity: Low, Practices: []string{"SEC08-BP04", "REL09-BP02"},
		Needs:       []string{s3List, "s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration"},
		Risk:        "Without versioning an overwrite or delete, by mistake or by ransomware, destroys the only copy of an object.",
		Remediation: "Enable versioning (and a lifecycle rule that expires old versions) on buckets that hold data you cannot recreate.",
		SecurityHub: []string{"S3.14"},
		Eval:        s3Versioning,
	})
	register(Check{
		ID: "s3.mfa-delete", Title: "Versioned buckets require MFA to delete versions", Service: "s3",
		Scope: Global, Severity: Low, Practices: []string{"SEC08-BP04"},
		Needs:       []string{s3List, "s3:GetBucketVersioning"},
		Risk:        "Without MFA Delete, stolen credentials alone can suspend versioning and erase every object version.",
		Remediation: "For buckets that hold critical data, have the root user enable MFA Delete, or use Object Lock or AWS Backup vault lock where root MFA handling is impractical.",
		CIS:         []string{"2.1.2"},
		SecurityHub: []string{"S3.20"},
		Eval:        s3MFADelete,
	})
	register(Check{
		ID: "s3.access-logging", Title: "Buckets record server access logs", Service: "s3",
		Scope: Global, Severity: Medium, Practices: []string{"SEC04-BP01"},
		Needs:       []string{s3List, "s3:GetBucketLogging"},
		Risk:        "Without access logs (or CloudTrail data events) nobody can tell who read or changed objects during an incident.",
		Remediation: "Turn on server access logging to a dedicated log bucket, or capture S3 data events with CloudTrail for buckets that hold sensitive data.",
		SecurityHub: []string{"S3.9"},
		Eval:        s3AccessLogging,
	})
	register(Check{
		ID: "s3.default-encryption", Title: "Buckets have default encryption", Service: "s3",
		Scope: Global, Severity: Low, Practices: []string{"SEC08-BP02", "SEC08-BP03"},
		Needs:       []string{s3List, "s3:GetEncryptionConfiguration"},
		Risk:        "Objects written without an encryption setting are stored with whatever the bucket default is, and sensitive data under an S3-managed key cannot be governed by key policy.",
		Remediation: "Set a default encryption configuration on each bucket; use SSE-KMS with a customer-managed key where the data classification requires control over who can decrypt.",
		Eval:        s3DefaultEncryption,
	})
	register(Check{
		ID: "s3.lifecycle", Title: "Buckets have lifecycle rules", Service: "s3",
		Scope: Global, Severity: Low, Practices: []string{"SEC07-BP04"},
		Needs:       []string{s3List, "s3:GetLifecycleConfiguration"},
		Risk:        "Without lifecycle rules data, including old versions, is kept forever, which widens what a breach exposes and what retention rules are broken.",
		Remediation: "Add lifecycle rules that transition and expire objects and old versions according to the data's retention requirement.",
		SecurityHub: []string{"S3.13"},
		Eval:        s3Lifecycle,
	})
	register(Check{
		ID: "s3.data-classification", Title: "Buckets carry a data classification tag", Service: "s3",
		Scope: Global, Severity: Low, Practices: []string{"SEC07-BP01", "SEC07-BP02"},
		Needs:       []string{s3List, "s3:GetBucketTagging"},
		Risk:        "A bucket nobody has classified gets whatever protection its creator remembered, and nobody can tell which buckets hold the sensitive data when it matters.",
		Remediation: "Tag every bucket with its data class (for example data-classification=confidential) from your classification scheme, and enforce the key with a tag policy.",
		Eval:        s3DataClassification,
	})
}

// classificationKeys are tag keys that record a data class, compared without
// case, dashes or underscores.
var classificationKeys = []string{"dataclassification", "dataclass", "classification", "datasensitivity", "sensitivity", "confidentiality"}

// classificationTag returns the bucket's data-class tag key and value, if any.
func classificationTag(t Tags) (string, string) {
	for _, k := range mapKeys(t) {
		norm := strings.NewReplacer("-", "", "_", "", ":", "", " ", "").Replace(strings.ToLower(k))
		for _, want := range classificationKeys {
			if strings.HasSuffix(norm, want) && t[k] != "" {
				return k, t[k]
			}
		}
	}
	return "", ""
}

func s3DataClassification(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		k, val := classificationTag(b.Tags)
		ev := map[string]any{"region": b.Region, "tag_keys": mapKeys(b.Tags)}
		if k != "" {
			ev["classification"] = map[string]string{k: val}
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " is classified " + val + " (tag " + k + ")."})
			continue
		}
		out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev, Message: "Bucket " + b.Name + " has no data classification tag."})
	}
	return out
}

// pabEvidence renders a Block Public Access configuration; nil stays nil.
func pabEvidence(p *PublicAccessBlock) map[string]bool {
	if p == nil {
		return nil
	}
	return map[string]bool{
		"block_public_acls":       p.BlockPublicACLs,
		"ignore_public_acls":      p.IgnorePublicACLs,
		"block_public_policy":     p.BlockPublicPolicy,
		"restrict_public_buckets": p.RestrictPublicBuckets,
	}
}

// pabOff names the settings of a configuration that are off; p is not nil.
func pabOff(p *PublicAccessBlock) []string {
	var off []string
	for _, s := range []struct {
		name string
		on   bool
	}{{"BlockPublicAcls", p.BlockPublicACLs}, {"IgnorePublicAcls", p.IgnorePublicACLs}, {"BlockPublicPolicy", p.BlockPublicPolicy}, {"RestrictPublicBuckets", p.RestrictPublicBuckets}} {
		if !s.on {
			off = append(off, s.name)
		}
	}
	return off
}

func s3AccountPublicAccessBlock(v View) []Result {
	p := v.Account.Global.S3.PublicAccessBlock
	res := acctARN(v)
	ev := map[string]any{"public_access_block": pabEvidence(p)}
	switch {
	case p.All():
		return []Result{{Resource: res, Status: Pass, Evidence: ev,
			Message: "Account " + v.Account.ID + " has all four S3 Block Public Access settings on."}}
	case p == nil:
		return []Result{{Resource: res, Status: Fail, Evidence: ev,
			Message: "Account " + v.Account.ID + " has no account-level S3 Block Public Access configuration."}}
	}
	off := pabOff(p)
	ev["off"] = off
	return []Result{{Resource: res, Status: Fail, Evidence: ev,
		Message: "Account " + v.Account.ID + " has S3 Block Public Access only partly on (" + strings.Join(off, ", ") + " off)."}}
}

// s3BucketPublic judges effective exposure. A public bucket policy is
// neutralised by RestrictPublicBuckets at the bucket or account level, and
// public ACL grants by IgnorePublicACLs at either level. A bucket that is not
// public now still fails when neither the bucket nor the account has all four
// Block Public Access settings on, because one edit could then expose it.
func s3BucketPublic(v View) []Result {
	acct := v.Account.Global.S3.PublicAccessBlock
	acctAll := acct.All()
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		bp := b.PublicAccessBlock
		restrict := (acct != nil && acct.RestrictPublicBuckets) || (bp != nil && bp.RestrictPublicBuckets)
		ignoreACL := (acct != nil && acct.IgnorePublicACLs) || (bp != nil && bp.IgnorePublicACLs)
		viaPolicy := b.PolicyPublic && !restrict
		viaACL := len(b.ACLPublicGrants) > 0 && !ignoreACL
		ev := map[string]any{
			"region": b.Region, "policy_public": b.PolicyPublic, "bucket_public_access_block": pabEvidence(bp),
			"account_public_access_block_all": acctAll,
		}
		if len(b.ACLPublicGrants) > 0 {
			ev["acl_public_grants"] = b.ACLPublicGrants
		}
		switch {
		case viaPolicy || viaACL:
			var how []string
			if viaPolicy {
				how = append(how, "its bucket policy")
			}
			if viaACL {
				how = append(how, "its ACL ("+strings.Join(b.ACLPublicGrants, ", ")+")")
			}
			ev["public_now"] = true
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev,
				Message: "Bucket " + b.Name + " is public now through " + joinAnd(how) + "."})
		case !acctAll && !bp.All():
			ev["public_now"] = false
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev,
				Message: "Bucket " + b.Name + " is not public now, but Block Public Access is not fully on for the bucket or the account, so one policy or ACL change could expose it."})
		case b.PolicyPublic || len(b.ACLPublicGrants) > 0:
			ev["public_now"] = false
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev,
				Message: "Bucket " + b.Name + " has a public policy or ACL grant, but Block Public Access stops it taking effect."})
		default:
			ev["public_now"] = false
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev,
				Message: "Bucket " + b.Name + " is not public and Block Public Access is fully on" + s3PABWhere(acctAll) + "."})
		}
	}
	return out
}

func s3PABWhere(acctAll bool) string {
	if acctAll {
		return " for the account"
	}
	return " for the bucket"
}

// secureTransportDeny reports the index (from 1) and Sid of the first
// statement that denies every principal s3:GetObject on the bucket's objects
// when aws:SecureTransport is false; 0 when there is none. Allow statements,
// statements for named principals and statements that do not cover object
// reads do not count.
func secureTransportDeny(p Policy, bucketARN string) (int, string) {
	object := bucketARN + "/example-object"
	for i, s := range p.Statements {
		if s.Allows() || !strings.EqualFold(s.Effect, "Deny") || !s.Principal.Any || !s.MatchesAction("s3:GetObject") {
			continue
		}
		if len(s.Resources) > 0 && !globAny(s.Resources, object) {
			continue
		}
		vals := append(s.ConditionValues("Bool", "aws:SecureTransport"), s.ConditionValues("BoolIfExists", "aws:SecureTransport")...)
		for _, val := range vals {
			if strings.EqualFold(val, "false") {
				return i + 1, s.Sid
			}
		}
	}
	return 0, ""
}

func s3SecureTransport(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		ev := map[string]any{"region": b.Region, "has_policy": b.Policy != ""}
		if b.Policy == "" {
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev,
				Message: "Bucket " + b.Name + " has no bucket policy, so requests over plain HTTP are not denied."})
			continue
		}
		p, err := ParsePolicy(b.Policy)
		if err != nil {
			out = append(out, Result{Resource: b.ARN, Status: Unknown, Evidence: ev,
				Message: "Bucket " + b.Name + " has a bucket policy that could not be parsed."})
			continue
		}
		idx, sid := secureTransportDeny(p, b.ARN)
		if idx == 0 {
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev,
				Message: "Bucket " + b.Name + " has a policy without a statement denying requests when aws:SecureTransport is false."})
			continue
		}
		ev["statement_index"] = idx
		if sid != "" {
			ev["statement_sid"] = sid
		}
		out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev,
			Message: "Bucket " + b.Name + " denies requests that do not use TLS."})
	}
	return out
}

func s3Versioning(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		ev := map[string]any{"region": b.Region, "versioning": b.Versioning, "object_lock": b.ObjectLock}
		switch {
		case b.Versioning == "Enabled":
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " has versioning enabled."})
		case b.ObjectLock:
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " has Object Lock enabled."})
		case b.Versioning == "Suspended":
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev, Message: "Bucket " + b.Name + " has versioning suspended."})
		default:
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev, Message: "Bucket " + b.Name + " has never had versioning enabled."})
		}
	}
	return out
}

func s3MFADelete(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		if b.Versioning != "Enabled" {
			continue
		}
		ev := map[string]any{"region": b.Region, "versioning": b.Versioning, "mfa_delete": b.MFADelete}
		out = append(out, passIf(b.MFADelete, b.ARN, ev,
			"Bucket "+b.Name+" requires MFA to delete object versions.",
			"Bucket "+b.Name+" is versioned but does not require MFA to delete object versions."))
	}
	return out
}

func s3AccessLogging(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		ev := map[string]any{"region": b.Region}
		if b.LoggingTarget != "" {
			ev["logging_target"] = b.LoggingTarget
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " writes server access logs to " + b.LoggingTarget + "."})
			continue
		}
		out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev, Message: "Bucket " + b.Name + " has server access logging off."})
	}
	return out
}

func s3DefaultEncryption(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		ev := map[string]any{"region": b.Region, "encryption": b.Encryption}
		switch {
		case b.Encryption == "":
			out = append(out, Result{Resource: b.ARN, Status: Fail, Evidence: ev, Message: "Bucket " + b.Name + " has no default encryption configuration."})
		case b.Encryption == "AES256":
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " encrypts new objects with S3-managed keys (SSE-S3, the S3 default since January 2023), not a KMS key."})
		default:
			out = append(out, Result{Resource: b.ARN, Status: Pass, Evidence: ev, Message: "Bucket " + b.Name + " encrypts new objects with KMS (" + b.Encryption + ")."})
		}
	}
	return out
}

func s3Lifecycle(v View) []Result {
	var out []Result
	for _, b := range v.Account.Global.S3.Buckets {
		ev := map[string]any{"region": b.Region, "lifecycle_rules": b.LifecycleRules}
		out = append(out, passIf(b.LifecycleRules > 0, b.ARN, ev, "Bucket "+b.Name+" has lifecycle rules.", "Bucket "+b.Name+" has no lifecycle rules."))
	}
	return out
}

// globAny reports whether any IAM-style pattern matches s; in ARNs "*" and
// "?" match any characters, "/" included.
func globAny(patterns []string, s string) bool {
	for _, p := range patterns {
		var re strings.Builder
		re.WriteString("(?i)^")
		for _, r := range p {
			switch r {
			case '*':
				re.WriteString(".*")
			case '?':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString("$")
		if ok, _ := regexp.MatchString(re.String(), s); ok {
			return true
		}
	}
	return false
}

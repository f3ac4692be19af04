package checks

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// KMS checks on customer-managed keys: rotation, scheduled deletion and key
// policies open to everyone.

func init() {
	register(Check{
		ID: "kms.rotation", Title: "Customer-managed symmetric keys rotate automatically", Service: "kms",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC08-BP01", "SEC02-BP05"},
		Needs:       []string{"kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"},
		Risk:        "Key material that never rotates protects ever more data for ever longer, so its exposure would reach further back.",
		Remediation: "Enable automatic rotation on each customer-managed symmetric key (yearly or a shorter period your policy sets); old material stays available to decrypt existing data.",
		CIS:         []string{"3.6"},
		SecurityHub: []string{"KMS.4"},
		Eval:        kmsRotation,
	})
	register(Check{
		ID: "kms.pending-deletion", Title: "No customer-managed key is scheduled for deletion", Service: "kms",
		Scope: Regional, Severity: High, Practices: []string{"SEC08-BP01"},
		Needs:       []string{"kms:ListKeys", "kms:DescribeKey"},
		Reads:       []string{"kms:ListAliases"}, // names the key in messages
		Risk:        "When the waiting period ends the key is destroyed, and every ciphertext, volume, snapshot and backup encrypted under it becomes unreadable for good.",
		Remediation: "Confirm the deletion was intended and that nothing still uses the key (CloudTrail shows recent use); if in doubt, cancel the deletion, which is possible until the deletion date, and disable the key instead.",
		SecurityHub: []string{"KMS.3"},
		Eval:        kmsPendingDeletion,
	})
	register(Check{
		ID: "kms.key-policy-public", Title: "Key policies do not grant access to everyone", Service: "kms",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC08-BP01", "SEC03-BP07"},
		Needs:       []string{"kms:ListKeys", "kms:DescribeKey", "kms:GetKeyPolicy"},
		Risk:        "A key policy that allows any principal without a restricting condition lets any AWS account use or manage the key.",
		Remediation: "Replace the \"*\" principal with the account or role ARNs that need the key, or add a condition such as aws:PrincipalOrgID, kms:CallerAccount or kms:ViaService that limits who can use it.",
		SecurityHub: []string{"KMS.5"},
		Eval:        kmsKeyPolicyPublic,
	})
}

// restrictingKeys are condition keys that narrow a "*" principal to a known
// account, organization or calling service.
var restrictingKeys = []string{
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn",
	"aws:SourceOrgID", "kms:CallerAccount", "kms:ViaService",
}

// statementLabel names a statement by Sid, else by its position from 1.
func statementLabel(i int, s Statement) string {
	if s.Sid != "" {
		return s.Sid
	}
	return "#" + strconv.Itoa(i+1)
}

func isCustomerKey(k KMSKey) bool { return k.Manager == "CUSTOMER" }

func kmsLabel(k KMSKey) string {
	if len(k.Aliases) > 0 {
		return k.ID + " (" + k.Aliases[0] + ")"
	}
	return k.ID
}

func kmsRotation(v View) []Result {
	var out []Result
	for _, k := range v.Region.KMSKeys {
		if !isCustomerKey(k) || k.Spec != "SYMMETRIC_DEFAULT" || k.Origin != "AWS_KMS" || k.State != "Enabled" || k.RotationEnabled == nil {
			continue
		}
		ev := map[string]any{"key": k.ID, "rotation_enabled": *k.RotationEnabled}
		if len(k.Aliases) > 0 {
			ev["aliases"] = k.Aliases
		}
		out = append(out, passIf(*k.RotationEnabled, k.ARN, ev, "Key "+kmsLabel(k)+" rotates automatically.", "Key "+kmsLabel(k)+" has automatic rotation off."))
	}
	return out
}

func kmsPendingDeletion(v View) []Result {
	var out []Result
	for _, k := range v.Region.KMSKeys {
		if !isCustomerKey(k) {
			continue
		}
		ev := map[string]any{"key": k.ID, "state": k.State}
		if len(k.Aliases) > 0 {
			ev["aliases"] = k.Aliases
		}
		if k.State != "PendingDeletion" && k.State != "PendingReplicaDeletion" {
			out = append(out, Result{Resource: k.ARN, Status: Pass, Evidence: ev, Message: "Key " + kmsLabel(k) + " is not scheduled for deletion (" + k.State + ")."})
			continue
		}
		when := "on an unknown date"
		if k.DeletionDate != nil {
			days := int(math.Ceil(k.DeletionDate.Sub(v.Now).Hours() / 24))
			ev["deletion_date"], ev["days_left"] = k.DeletionDate.UTC(), days
			when = fmt.Sprintf("on %s, in %d days", ymd(*k.DeletionDate), days)
		}
		out = append(out, Result{Resource: k.ARN, Status: Fail, Evidence: ev,
			Message: "Key " + kmsLabel(k) + " is scheduled for deletion " + when + "."})
	}
	return out
}

func kmsKeyPolicyPublic(v View) []Result {
	var out []Result
	for _, k := range v.Region.KMSKeys {
		if !isCustomerKey(k) || k.Policy == "" {
			continue
		}
		ev := map[string]any{"key": k.ID}
		p, err := ParsePolicy(k.Policy)
		if err != nil {
			out = append(out, Result{Resource: k.ARN, Status: Unknown, Evidence: ev, Message: "Key " + kmsLabel(k) + " has a key policy that could not be parsed."})
			continue
		}
		var open []string
		for i, s := range p.Statements {
			if s.Allows() && s.Principal.Any && !s.HasRestrictingCondition(restrictingKeys...) {
				open = append(open, statementLabel(i, s))
			}
		}
		if len(open) == 0 {
			out = append(out, Result{Resource: k.ARN, Status: Pass, Evidence: ev, Message: "Key " + kmsLabel(k) + " has no policy statement open to every principal."})
			continue
		}
		ev["open_statements"] = open
		out = append(out, Result{Resource: k.ARN, Status: Fail, Evidence: ev,
			Message: "Key " + kmsLabel(k) + " has a policy allowing any principal without a restricting condition (statement " + strings.Join(open, ", ") + ")."})
	}
	return out
}

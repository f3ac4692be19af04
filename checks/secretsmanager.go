package checks

import (
	"fmt"
	"time"
)

// rotationGrace is how long past its schedule a secret may go unrotated
// before it counts as overdue (a failed rotation Lambda, a retry in flight).
const rotationGrace = 7 * 24 * time.Hour

func init() {
	register(Check{
		ID: "secretsmanager.rotation", Title: "Secrets rotate automatically and on schedule", Service: "secretsmanager",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC02-BP05", "SEC02-BP03"},
		Needs:       []string{"secretsmanager:ListSecrets"},
		Risk:        "A secret that is never rotated, or whose rotation keeps failing, stays valid for as long as anyone who once saw it wants to use it.",
		Remediation: "Configure automatic rotation with a rotation function or managed rotation; when rotation is configured but overdue, read the rotation function's logs and fix the failing step.",
		SecurityHub: []string{"SecretsManager.1", "SecretsManager.4"},
		Eval:        secretsRotation,
	})
}

func secretsRotation(v View) []Result {
	var out []Result
	for _, s := range v.Region.Secrets {
		ev := map[string]any{"rotation_enabled": s.RotationEnabled}
		if s.LastRotated != nil {
			ev["last_rotated"] = s.LastRotated.UTC()
		}
		if !s.RotationEnabled {
			out = append(out, Result{Resource: s.ARN, Status: Fail, Evidence: ev, Message: "Secret " + s.Name + " has no automatic rotation."})
			continue
		}
		ev["rotation_days"] = s.RotationDays
		since, basis := s.LastRotated, "last_rotated"
		if since == nil {
			since, basis = s.Created, "created"
		}
		if s.RotationDays <= 0 || since == nil {
			out = append(out, Result{Resource: s.ARN, Status: Pass, Evidence: ev,
				Message: "Secret " + s.Name + " has automatic rotation configured (schedule not given in days, so lateness is not judged)."})
			continue
		}
		due := since.Add(time.Duration(s.RotationDays)*24*time.Hour + rotationGrace)
		ev["overdue_after"] = due.UTC()
		if basis == "created" {
			ev["created"] = since.UTC()
		}
		out = append(out, passIf(!v.Now.After(due), s.ARN, ev,
			fmt.Sprintf("Secret %s rotates every %d days and is within its schedule.", s.Name, s.RotationDays),
			fmt.Sprintf("Secret %s has rotation configured but overdue: no rotation since %s although the schedule is every %d days.", s.Name, ymd(*since), s.RotationDays)))
	}
	return out
}

package checks

import (
	"fmt"
	"time"
)

// driftMaxAge is how old a stack's last drift check may be.
const driftMaxAge = 90 * 24 * time.Hour

func init() {
	register(Check{
		ID: "cloudformation.drift", Title: "Stacks match their templates and were drift-checked recently", Service: "cloudformation",
		Scope: Regional, Severity: Low, Practices: []string{"SEC11-BP06", "SEC01-BP06"},
		Needs:       []string{"cloudformation:DescribeStacks"},
		Risk:        "Manual changes outside the template bypass review, are lost or reverted at the next deployment, and make the code an unreliable record of what runs.",
		Remediation: "Bring drifted resources back under the template (or import the change into it), and run drift detection regularly from your pipeline; warroom only reads the stored drift result and never starts detection itself.",
		Eval:        cloudformationDrift,
	})
}

func cloudformationDrift(v View) []Result {
	var out []Result
	for _, s := range v.Region.Stacks {
		ev := map[string]any{"stack": s.Name, "status": s.Status, "drift_status": s.DriftStatus}
		recent := false
		if s.LastDriftCheck != nil {
			ev["last_drift_check"] = s.LastDriftCheck.UTC()
			recent = v.Now.Sub(*s.LastDriftCheck) <= driftMaxAge
		}
		switch {
		case s.DriftStatus == "DRIFTED":
			out = append(out, Result{Resource: s.ID, Status: Fail, Evidence: ev, Message: "Stack " + s.Name + " has drifted from its template."})
		case s.DriftStatus == "IN_SYNC" && recent:
			out = append(out, Result{Resource: s.ID, Status: Pass, Evidence: ev,
				Message: "Stack " + s.Name + " matched its template at the last drift check on " + ymd(*s.LastDriftCheck) + "."})
		case s.LastDriftCheck == nil:
			out = append(out, Result{Resource: s.ID, Status: Fail, Evidence: ev,
				Message: "Stack " + s.Name + " has never been checked for drift (" + orDash(s.DriftStatus) + ")."})
		default:
			out = append(out, Result{Resource: s.ID, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("Stack %s has not been checked for drift in the last 90 days (last check %s, %s).", s.Name, ymd(*s.LastDriftCheck), orDash(s.DriftStatus))})
		}
	}
	return out
}

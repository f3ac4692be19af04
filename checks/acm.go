package checks

import (
	"fmt"
	"math"
	"time"
)

// acmWarning is how close to expiry an in-use certificate may get.
const acmWarning = 30 * 24 * time.Hour

func init() {
	register(Check{
		ID: "acm.expiring", Title: "Certificates in use are valid and not about to expire", Service: "acm",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC09-BP01"},
		Needs:       []string{"acm:ListCertificates", "acm:DescribeCertificate"},
		Risk:        "An expired certificate on a live endpoint breaks every client connection, and teams under pressure then tend to turn off certificate checks.",
		Remediation: "For Amazon-issued certificates fix the DNS or email validation that stops managed renewal; re-import renewed imported certificates before they expire, and alarm on the DaysToExpiry metric.",
		SecurityHub: []string{"ACM.1"},
		Eval:        acmExpiring,
	})
}

func acmExpiring(v View) []Result {
	var out []Result
	for _, c := range v.Region.Certificates {
		ev := map[string]any{"domain": c.Domain, "status": c.Status, "in_use": c.InUse}
		if c.Type != "" {
			ev["type"] = c.Type
		}
		var left time.Duration
		if c.NotAfter != nil {
			left = c.NotAfter.Sub(v.Now)
			ev["not_after"] = c.NotAfter.UTC()
			ev["days_left"] = int(math.Floor(left.Hours() / 24))
		}
		name := "Certificate for " + c.Domain
		switch {
		case !c.InUse:
			out = append(out, Result{Resource: c.ARN, Status: Pass, Evidence: ev, Message: name + " is not in use (" + c.Status + ")."})
		case c.Status == "EXPIRED" || c.Status == "FAILED" || c.Status == "REVOKED":
			out = append(out, Result{Resource: c.ARN, Status: Fail, Evidence: ev, Message: name + " is in use but " + c.Status + "."})
		case c.Status == "ISSUED" && c.NotAfter != nil && left <= 0:
			out = append(out, Result{Resource: c.ARN, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("%s is in use and expired on %s.", name, ymd(*c.NotAfter))})
		case c.Status == "ISSUED" && c.NotAfter != nil && left <= acmWarning:
			out = append(out, Result{Resource: c.ARN, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("%s is in use and expires on %s, within 30 days.", name, ymd(*c.NotAfter))})
		default:
			out = append(out, Result{Resource: c.ARN, Status: Pass, Evidence: ev, Message: name + " is in use and " + acmValidity(c) + "."})
		}
	}
	return out
}

func acmValidity(c Certificate) string {
	if c.NotAfter == nil {
		return c.Status
	}
	return "valid until " + ymd(*c.NotAfter)
}

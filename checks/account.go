package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

func init() {
	register(Check{
		ID: "account.security-contact", Title: "A security alternate contact is registered", Service: "account",
		Scope: Global, Severity: Medium, Practices: []string{"SEC10-BP01"},
		Needs:       []string{"account:GetAlternateContact"},
		Risk:        "When AWS detects abuse or a compromise in the account it notifies the security contact, and without one the warning may reach nobody who can act on it.",
		Remediation: "Register a SECURITY alternate contact that points at a monitored team mailbox rather than a single person.",
		CIS:         []string{"1.2"},
		SecurityHub: []string{"Account.1"},
		Eval:        accountSecurityContact,
	})
}

func accountSecurityContact(v View) []Result {
	res := acctARN(v)
	for _, c := range v.Account.Global.Contacts {
		if strings.EqualFold(c.Type, "SECURITY") && strings.TrimSpace(c.Email) != "" {
			return []Result{{Resource: res, Status: Pass,
				Message:  "Account " + v.Account.ID + " has a security alternate contact with an email address.",
				Evidence: map[string]any{"contact_type": "SECURITY", "email_set": true}}}
		}
	}
	return []Result{{Resource: res, Status: Fail,
		Message:  "Account " + v.Account.ID + " has no security alternate contact with an email address.",
		Evidence: map[string]any{"contact_type": "SECURITY", "email_set": false, "contacts": len(v.Account.Global.Contacts)}}}
}

// ---- helpers shared by the account-wide and "is the service on?" checks ----

// IsAccountID reports whether s is an AWS account id: exactly 12 digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// acctARN is the resource of an account-wide fact: the account's root ARN.
func acctARN(v View) string {
	return "arn:" + v.partition() + ":iam::" + v.Account.ID + ":root"
}

// svcUnit is the resource of a regional "is the service on?" fact:
// "<service>/<account>/<region>".
func svcUnit(service string, v View) string {
	return service + "/" + v.Account.ID + "/" + regionName(v.Region)
}

// daysSince is the number of whole days from t to now (negative when t is later).
func daysSince(now, t time.Time) int {
	return int(now.Sub(t) / (24 * time.Hour))
}

// ymd formats a time as a date for messages and evidence.
func ymd(t time.Time) string { return t.UTC().Format("2006-01-02") }

// regionGapActions returns the actions among want that the collector could
// not read in region (a region-wide "*" gap counts for all of them). Global
// checks that read regional facts use it, because Evaluate only applies the
// home region's gaps to them.
func regionGapActions(a *Account, region string, want ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range a.Gaps {
		if g.Region != region || g.Resource != "" {
			continue
		}
		for _, w := range want {
			if (g.Action == "*" || g.Action == w) && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// regionDenied returns the actions of want that were refused with
// AccessDenied for the whole of region: the ones a grant would fix (a
// region-wide "*" denial is usually an SCP, which no grant fixes).
func regionDenied(a *Account, region string, want ...string) []string {
	var out []string
	for _, g := range a.Gaps {
		if g.Region == region && g.Resource == "" && g.Code == GapAccessDenied && slices.Contains(want, g.Action) && !slices.Contains(out, g.Action) {
			out = append(out, g.Action)
		}
	}
	return out
}

// resourceGaps returns the gaps the collector recorded for one resource's
// reads in region ("" for a global service's calls), limited to actions when
// any are given. Evaluate turns a result unknown only when the result names
// that same resource; account- and region-wide verdicts that depend on the
// resource use this to avoid judging what could not be read.
func resourceGaps(a *Account, region, resource string, actions ...string) []Gap {
	if resource == "" {
		return nil
	}
	var out []Gap
	for _, g := range a.Gaps {
		if g.Region != region || g.Resource != resource {
			continue
		}
		if len(actions) > 0 && g.Action != "*" && !slices.Contains(actions, g.Action) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// plural renders "1 user" / "3 users".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

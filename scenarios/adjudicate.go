package scenarios

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/warroom/warroom/checks"
)

// maxBasis is how many failing findings per check a verdict's basis lists.
const maxBasis = 5

// Adjudicate judges a claim answering q against the evidence. A question
// without checks gives NotCheckable; a "no" stance gives Conceded (the team
// names its own gap); otherwise the claim is Contradicted when any of the
// question's checks fails, Verified when every one passes, and Unknown when
// some have no clear outcome. The basis has one line per failing finding (at
// most five per check, "iam.root-mfa fail 111122223333: <message>") or per
// check ("guardduty.enabled pass: 3 of 3 findings pass", "iam.root-mfa: no
// evidence"). A contradicted claim's basis leaves out the passing checks
// but keeps those without a clear outcome. An empty stance counts as yes.
func Adjudicate(q Question, st Stance, ev *Evidence) (Verdict, []string) {
	if len(q.Checks) == 0 {
		return NotCheckable, nil
	}
	var all, notPassing []string
	pass, fail := 0, 0
	for _, c := range q.Checks {
		lines := basisLines(c, ev)
		all = append(all, lines...)
		switch ev.Outcome(c) {
		case OutcomeFail:
			fail++
			notPassing = append(notPassing, lines...)
		case OutcomePass:
			pass++
		default:
			notPassing = append(notPassing, lines...)
		}
	}
	switch {
	case st == StanceNo:
		return Conceded, all
	case fail > 0:
		return Contradicted, notPassing
	case pass == len(q.Checks):
		return Verified, all
	default:
		return Unknown, all
	}
}

// basisLines describes one check's evidence.
func basisLines(check string, ev *Evidence) []string {
	fs := ev.Findings(check)
	switch ev.Outcome(check) {
	case OutcomeFail:
		var lines []string
		n := 0
		for _, f := range fs {
			if f.Status != checks.Fail {
				continue
			}
			n++
			if n <= maxBasis {
				lines = append(lines, failLine(check, f))
			}
		}
		if n > maxBasis {
			lines = append(lines, fmt.Sprintf("%s: %d more failing", check, n-maxBasis))
		}
		return lines
	case OutcomePass:
		return []string{fmt.Sprintf("%s pass: %d of %d findings pass", check, len(fs), len(fs))}
	default:
		if len(fs) == 0 {
			return []string{check + ": no evidence"}
		}
		// Count by status, passing first, then in order of first appearance;
		// the first message of a finding that does not pass says why.
		counts := map[checks.Status]int{}
		var order []checks.Status
		msg := ""
		for _, f := range fs {
			if counts[f.Status] == 0 {
				order = append(order, f.Status)
			}
			counts[f.Status]++
			if f.Status != checks.Pass && msg == "" {
				msg = f.Message
			}
		}
		var parts []string
		if n := counts[checks.Pass]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d pass", n))
		}
		for _, st := range order {
			if st != checks.Pass {
				parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
			}
		}
		what := "no evidence"
		if counts[checks.Pass] > 0 {
			what = "incomplete evidence"
		}
		detail := strings.Join(parts, ", ")
		if msg != "" {
			detail += ": " + msg
		}
		return []string{fmt.Sprintf("%s: %s (%s)", check, what, detail)}
	}
}

// failLine is one failing finding of a basis: the check, where (account,
// else region) and what (message, else resource), leaving out what the
// finding does not say.
func failLine(check string, f checks.Finding) string {
	line := check + " fail"
	if where := cmp.Or(f.Account, f.Region); where != "" {
		line += " " + where
	}
	if what := cmp.Or(f.Message, f.Resource); what != "" {
		line += ": " + what
	}
	return line
}

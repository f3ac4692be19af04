package scenarios

import (
	"fmt"

	"github.com/warroom/warroom/checks"
)

// maxBasis is how many failing findings per check a verdict's basis lists.
const maxBasis = 5

// Adjudicate judges a claim answering q against the evidence. A question
// without checks gives NotCheckable; a "no" stance gives Conceded (the team
// names its own gap); otherwise the claim is Contradicted when any of the
// question's checks fails, Verified when every one passes, and Unknown when
// some have no evidence. The basis has one line per failing finding (at most
// five per check, "iam.root-mfa fail 111122223333: <message>") or per check
// ("guardduty.enabled pass: 3 of 3 findings pass", "iam.root-mfa: no
// evidence"). An empty stance counts as yes.
func Adjudicate(q Question, st Stance, ev *Evidence) (Verdict, []string) {
	if len(q.Checks) == 0 {
		return NotCheckable, nil
	}
	var all, failing []string
	pass := 0
	for _, c := range q.Checks {
		lines := basisLines(c, ev)
		all = append(all, lines...)
		switch ev.Outcome(c) {
		case OutcomeFail:
			failing = append(failing, lines...)
		case OutcomePass:
			pass++
		}
	}
	switch {
	case st == StanceNo:
		return Conceded, all
	case len(failing) > 0:
		return Contradicted, failing
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
				msg := f.Message
				if msg == "" {
					msg = f.Resource
				}
				lines = append(lines, fmt.Sprintf("%s fail %s: %s", check, f.Account, msg))
			}
		}
		if n > maxBasis {
			lines = append(lines, fmt.Sprintf("%s: %d more failing", check, n-maxBasis))
		}
		return lines
	case OutcomePass:
		n := 0
		for _, f := range fs {
			if f.Status == checks.Pass {
				n++
			}
		}
		return []string{fmt.Sprintf("%s pass: %d of %d findings pass", check, n, len(fs))}
	default:
		if len(fs) == 0 {
			return []string{check + ": no evidence"}
		}
		msg := fs[0].Message
		if msg == "" {
			msg = string(fs[0].Status)
		}
		return []string{fmt.Sprintf("%s: no evidence (%d unknown: %s)", check, len(fs), msg)}
	}
}

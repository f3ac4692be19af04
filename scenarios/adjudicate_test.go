package scenarios

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/warroom/warroom/checks"
)

func TestAdjudicate(t *testing.T) {
	q := Question{ID: "q", Checks: []string{"rds.deletion-protection", "guardduty.enabled"}}
	gdPass2 := finding("guardduty.enabled", checks.Pass, "111122223333", "us-east-1", "detector-2", "GuardDuty is on.")
	gdUnknown := finding("guardduty.enabled", checks.Unknown, "111122223333", "eu-west-1", "", "Access denied to guardduty:ListDetectors.")
	gdError := finding("guardduty.enabled", checks.Error, "111122223333", "us-east-1", "", "")
	var many []checks.Finding
	for i := range 7 {
		many = append(many, finding("rds.deletion-protection", checks.Fail, "111122223333", "eu-west-1",
			fmt.Sprintf("db-%d", i), fmt.Sprintf("db-%d has no deletion protection.", i)))
	}
	tests := []struct {
		name    string
		q       Question
		stance  Stance
		ev      *Evidence
		verdict Verdict
		basis   []string
	}{
		{"a failing check contradicts, naming the resource", q, StanceYes, evidence(dbFail, dbPass, gdPass), Contradicted,
			[]string{"rds.deletion-protection fail 111122223333: prod-orders has no deletion protection."}},
		{"partly behaves like yes", q, StancePartly, evidence(dbFail, gdPass), Contradicted,
			[]string{"rds.deletion-protection fail 111122223333: prod-orders has no deletion protection."}},
		{"empty stance behaves like yes", q, "", evidence(dbFail, gdPass), Contradicted,
			[]string{"rds.deletion-protection fail 111122223333: prod-orders has no deletion protection."}},
		{"at most five failing findings per check", q, StanceYes, evidence(many...), Contradicted,
			[]string{
				"rds.deletion-protection fail 111122223333: db-0 has no deletion protection.",
				"rds.deletion-protection fail 111122223333: db-1 has no deletion protection.",
				"rds.deletion-protection fail 111122223333: db-2 has no deletion protection.",
				"rds.deletion-protection fail 111122223333: db-3 has no deletion protection.",
				"rds.deletion-protection fail 111122223333: db-4 has no deletion protection.",
				"rds.deletion-protection: 2 more failing",
				"guardduty.enabled: no evidence",
			}},
		{"a failing check keeps the no-evidence line of another", q, StanceYes, evidence(dbFail), Contradicted,
			[]string{"rds.deletion-protection fail 111122223333: prod-orders has no deletion protection.", "guardduty.enabled: no evidence"}},
		{"a failing finding without account or message names its region and resource", q, StanceYes,
			evidence(finding("rds.deletion-protection", checks.Fail, "", "eu-west-1", "prod-orders", ""), gdPass), Contradicted,
			[]string{"rds.deletion-protection fail eu-west-1: prod-orders"}},
		{"a failing finding that says nothing", q, StanceYes,
			evidence(finding("rds.deletion-protection", checks.Fail, "", "", "", ""), gdPass), Contradicted,
			[]string{"rds.deletion-protection fail"}},
		{"error-only findings read as errors", q, StanceYes, evidence(dbPass, gdError), Unknown,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass", "guardduty.enabled: no evidence (1 error)"}},
		{"pass and error findings leave the check unknown, not verified", q, StanceYes, evidence(dbPass, gdPass, gdError, gdUnknown), Unknown,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass",
				"guardduty.enabled: incomplete evidence (1 pass, 1 unknown, 1 error: Access denied to guardduty:ListDetectors.)"}},
		{"every check passing verifies", q, StanceYes, evidence(dbPass, gdPass, gdPass2), Verified,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass", "guardduty.enabled pass: 2 of 2 findings pass"}},
		{"partly verified when every check passes", q, StancePartly, evidence(dbPass, gdPass), Verified,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass", "guardduty.enabled pass: 1 of 1 findings pass"}},
		{"a check without findings leaves it unknown", q, StanceYes, evidence(dbPass), Unknown,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass", "guardduty.enabled: no evidence"}},
		{"only unknown findings leave it unknown", q, StanceYes, evidence(dbPass, gdUnknown), Unknown,
			[]string{"rds.deletion-protection pass: 1 of 1 findings pass",
				"guardduty.enabled: no evidence (1 unknown: Access denied to guardduty:ListDetectors.)"}},
		{"no evidence at all", q, StanceYes, nil, Unknown,
			[]string{"rds.deletion-protection: no evidence", "guardduty.enabled: no evidence"}},
		{"no checks: not checkable", Question{ID: "q"}, StanceYes, evidence(dbFail), NotCheckable, nil},
		{"no checks wins over no", Question{ID: "q"}, StanceNo, evidence(dbFail), NotCheckable, nil},
		{"no concedes, with the evidence as basis", q, StanceNo, evidence(dbFail, gdPass), Conceded,
			[]string{"rds.deletion-protection fail 111122223333: prod-orders has no deletion protection.",
				"guardduty.enabled pass: 1 of 1 findings pass"}},
		{"no concedes without evidence too", q, StanceNo, nil, Conceded,
			[]string{"rds.deletion-protection: no evidence", "guardduty.enabled: no evidence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, basis := Adjudicate(tt.q, tt.stance, tt.ev)
			if v != tt.verdict {
				t.Errorf("verdict = %q, want %q", v, tt.verdict)
			}
			if !reflect.DeepEqual(basis, tt.basis) {
				t.Errorf("basis =\n  %q\nwant\n  %q", basis, tt.basis)
			}
		})
	}
}

func TestEvidence_Outcome(t *testing.T) {
	f := func(st checks.Status) checks.Finding { return finding("x.y", st, "1", "", "r", "") }
	tests := []struct {
		name string
		ev   *Evidence
		want Outcome
	}{
		{"nil evidence", nil, OutcomeUnknown},
		{"no findings", evidence(), OutcomeUnknown},
		{"pass", evidence(f(checks.Pass), f(checks.Pass)), OutcomePass},
		{"fail wins", evidence(f(checks.Pass), f(checks.Error), f(checks.Fail)), OutcomeFail},
		{"unknown only", evidence(f(checks.Unknown)), OutcomeUnknown},
		{"error only", evidence(f(checks.Error)), OutcomeUnknown},
		{"pass and error", evidence(f(checks.Pass), f(checks.Error)), OutcomeUnknown},
		{"pass and unknown", evidence(f(checks.Pass), f(checks.Unknown)), OutcomeUnknown},
	}
	for _, tt := range tests {
		if got := tt.ev.Outcome("x.y"); got != tt.want {
			t.Errorf("%s: outcome = %q, want %q", tt.name, got, tt.want)
		}
	}
}

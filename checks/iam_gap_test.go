package checks_test

import (
	"testing"

	"github.com/warroom/warroom/checks"
)

func TestEvaluate_gapForANeedMakesCheckUnknown(t *testing.T) {
	c, ok := checks.ByID("iam.root-mfa")
	if !ok {
		t.Fatal("iam.root-mfa is not registered")
	}
	inv := &checks.Inventory{Version: checks.InventoryVersion, Accounts: []checks.Account{{
		ID: "111111111111", HomeRegion: "us-east-1",
		Gaps: []checks.Gap{{Service: "iam", Operation: "GetAccountSummary", Action: "iam:GetAccountSummary", Code: checks.GapAccessDenied}},
		// With the summary unread, AccountMFAEnabled reads as 0: judging would be a false fail.
	}}}
	fs := checks.Evaluate(inv, []checks.Check{c}, "run-test", fixtureNow)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v, want one", fs)
	}
	f := fs[0]
	if f.Status != checks.Unknown || len(f.Actions) != 1 || f.Actions[0] != "iam:GetAccountSummary" {
		t.Errorf("finding = %+v, want unknown naming iam:GetAccountSummary", f)
	}

	// A gap for an action the check does not need leaves it judged.
	inv.Accounts[0].Gaps = []checks.Gap{{Service: "ec2", Action: "ec2:DescribeVpcs", Region: "us-east-1", Code: checks.GapAccessDenied}}
	fs = checks.Evaluate(inv, []checks.Check{c}, "run-test", fixtureNow)
	if len(fs) != 1 || fs[0].Status != checks.Fail {
		t.Errorf("findings = %+v, want one fail", fs)
	}
}

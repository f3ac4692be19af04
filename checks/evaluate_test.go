package checks_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
)

// evalNow is the clock of the Evaluate tests.
var evalNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const evalAcct = "111122223333"

// fakeCheck is a small check for Evaluate's tests; calls counts Eval calls.
func fakeCheck(scope checks.Scope, needs []string, calls *int, eval func(checks.View) []checks.Result) checks.Check {
	return checks.Check{
		ID: "fake.check", Title: "Fake", Service: "fake", Scope: scope, Severity: checks.Low,
		Needs: needs,
		Eval: func(v checks.View) []checks.Result {
			*calls++
			return eval(v)
		},
	}
}

func evalInventory(gaps ...checks.Gap) *checks.Inventory {
	return &checks.Inventory{Version: checks.InventoryVersion, Partition: "aws", Accounts: []checks.Account{{
		ID: evalAcct, HomeRegion: "us-east-1", Gaps: gaps,
		Regions: []checks.Region{{Name: "eu-west-1"}, {Name: "us-east-1"}},
	}}}
}

func denied(action, region, resource string) checks.Gap {
	svc, op, _ := strings.Cut(action, ":")
	return checks.Gap{Service: svc, Operation: op, Action: action, Region: region, Resource: resource, Code: checks.GapAccessDenied}
}

func byResource(t *testing.T, fs []checks.Finding) map[string]checks.Finding {
	t.Helper()
	m := map[string]checks.Finding{}
	for _, f := range fs {
		if _, dup := m[f.Region+" "+f.Resource]; dup {
			t.Fatalf("two findings for %s %s: %+v", f.Region, f.Resource, fs)
		}
		m[f.Region+" "+f.Resource] = f
	}
	return m
}

func TestEvaluate_resourceGapTurnsResultUnknown(t *testing.T) {
	needs := []string{"svc:List", "svc:GetPolicy"}
	calls := 0
	c := fakeCheck(checks.Regional, needs, &calls, func(v checks.View) []checks.Result {
		return []checks.Result{
			{Resource: "arn:a", Status: checks.Fail, Message: "a fails"},
			{Resource: "arn:b", Status: checks.Pass, Message: "b passes"},
		}
	})
	inv := evalInventory(
		denied("svc:GetPolicy", "eu-west-1", "arn:a"),
		checks.Gap{Service: "svc", Operation: "GetPolicy", Action: "svc:GetPolicy", Region: "eu-west-1", Resource: "arn:a", Code: checks.GapThrottled},
		denied("svc:Unrelated", "eu-west-1", "arn:b"), // not a need: ignored
	)
	got := byResource(t, checks.Evaluate(inv, []checks.Check{c}, "run-1", evalNow))
	a := got["eu-west-1 arn:a"]
	if a.Status != checks.Unknown || !reflect.DeepEqual(a.Actions, []string{"svc:GetPolicy"}) {
		t.Errorf("gapped result = %+v, want unknown with the AccessDenied action only", a)
	}
	if want := "Not judged: could not read svc:GetPolicy (AccessDenied, Throttled)."; a.Message != want {
		t.Errorf("message = %q, want %q", a.Message, want)
	}
	if !strings.Contains(string(a.Evidence), `"gaps"`) || strings.Contains(string(a.Evidence), "a fails") {
		t.Errorf("evidence = %s, want the gaps only", a.Evidence)
	}
	b := got["eu-west-1 arn:b"]
	if b.Status != checks.Pass || !reflect.DeepEqual(b.Actions, needs) || b.Message != "b passes" {
		t.Errorf("ungapped result = %+v, want pass with the check's needs", b)
	}
	// The other region has no gap: both results stand.
	if got["us-east-1 arn:a"].Status != checks.Fail || got["us-east-1 arn:b"].Status != checks.Pass {
		t.Errorf("us-east-1 findings = %+v", got)
	}
	if calls != 2 {
		t.Errorf("Eval called %d times, want once per region", calls)
	}
	for _, f := range got {
		if f.RunID != "run-1" || f.CheckID != "fake.check" || f.Account != evalAcct || !f.ObservedAt.Equal(evalNow) {
			t.Errorf("finding header = %+v", f)
		}
	}
}

func TestEvaluate_resourceGapWithoutResultAddsUnknown(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Global, []string{"svc:List", "svc:GetPolicy"}, &calls, func(v checks.View) []checks.Result {
		return []checks.Result{{Resource: "arn:a", Status: checks.Pass, Message: "a passes"}}
	})
	inv := evalInventory(denied("svc:GetPolicy", "", "arn:gone"), denied("svc:List", "", "arn:gone"))
	fs := checks.Evaluate(inv, []checks.Check{c}, "run-1", evalNow)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v, want the result and one unknown for arn:gone", fs)
	}
	got := byResource(t, fs)
	g := got[" arn:gone"]
	if g.Status != checks.Unknown || !reflect.DeepEqual(g.Actions, []string{"svc:GetPolicy", "svc:List"}) ||
		g.Message != "Not judged: could not read svc:GetPolicy, svc:List (AccessDenied)." {
		t.Errorf("added finding = %+v", g)
	}
	if got[" arn:a"].Status != checks.Pass {
		t.Errorf("result = %+v, want pass", got[" arn:a"])
	}
}

func TestEvaluate_regionGapSkipsEval(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Regional, []string{"svc:List", "svc:Get"}, &calls, func(v checks.View) []checks.Result {
		if v.Region.Name == "eu-west-1" {
			t.Error("Eval called for a region whose reads failed")
		}
		return []checks.Result{{Resource: "arn:x", Status: checks.Pass, Message: "x passes"}}
	})
	inv := evalInventory(denied("svc:Get", "eu-west-1", ""), denied("svc:List", "eu-west-1", ""))
	fs := checks.Evaluate(inv, []checks.Check{c}, "run-1", evalNow)
	if len(fs) != 2 || calls != 1 {
		t.Fatalf("findings = %+v, Eval calls = %d; want one per region and one call", fs, calls)
	}
	u := fs[0]
	if u.Region != "eu-west-1" || u.Resource != "account/"+evalAcct+"/eu-west-1" || u.Status != checks.Unknown ||
		!reflect.DeepEqual(u.Actions, []string{"svc:Get", "svc:List"}) || u.Message != "Not judged: could not read svc:Get, svc:List (AccessDenied)." {
		t.Errorf("region unknown = %+v", u)
	}
	if fs[1].Region != "us-east-1" || fs[1].Status != checks.Pass {
		t.Errorf("other region = %+v", fs[1])
	}
}

func TestEvaluate_starGapStandsForEveryNeed(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Regional, []string{"svc:List", "svc:Describe"}, &calls, func(v checks.View) []checks.Result {
		return []checks.Result{{Resource: "arn:x", Status: checks.Pass, Message: "x passes"}}
	})
	inv := evalInventory(checks.Gap{Service: "*", Operation: "*", Action: "*", Region: "eu-west-1", Code: checks.GapAccessDenied, Message: "explicit deny in an SCP"})
	fs := checks.Evaluate(inv, []checks.Check{c}, "run-1", evalNow)
	got := byResource(t, fs)
	u := got["eu-west-1 account/"+evalAcct+"/eu-west-1"]
	if u.Status != checks.Unknown || u.Message != "Not judged: could not read svc:Describe, svc:List (AccessDenied)." {
		t.Errorf("region unknown = %+v", u)
	}
	if len(u.Actions) != 0 {
		t.Errorf("actions = %v, want none: a region-wide denial is not fixed by a grant", u.Actions)
	}
	if calls != 1 || len(fs) != 2 {
		t.Errorf("findings = %+v, Eval calls = %d", fs, calls)
	}
}

func TestEvaluate_globalCheckIgnoresOtherRegionGaps(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Global, []string{"svc:List"}, &calls, func(v checks.View) []checks.Result {
		if v.Region != nil || v.Partition != "aws" {
			t.Errorf("global view = %+v", v)
		}
		return []checks.Result{{Resource: "arn:x", Status: checks.Fail, Message: "x fails"}}
	})
	inv := evalInventory(denied("svc:List", "eu-west-1", ""), checks.Gap{Action: "*", Region: "eu-west-1", Code: checks.GapRegionDisabled})
	fs := checks.Evaluate(inv, []checks.Check{c}, "run-1", evalNow)
	if len(fs) != 1 || fs[0].Status != checks.Fail || fs[0].Region != "" || calls != 1 {
		t.Fatalf("findings = %+v, calls = %d; want the check's own fail", fs, calls)
	}
	// The same gap in the home region (or with no region) stops it.
	for _, region := range []string{"us-east-1", ""} {
		calls = 0
		fs = checks.Evaluate(evalInventory(denied("svc:List", region, "")), []checks.Check{c}, "run-1", evalNow)
		if len(fs) != 1 || fs[0].Status != checks.Unknown || fs[0].Resource != "account/"+evalAcct || calls != 0 {
			t.Errorf("gap in %q: findings = %+v, calls = %d; want one account unknown", region, fs, calls)
		}
	}
}

func TestEvaluate_panicBecomesError(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Regional, []string{"svc:List"}, &calls, func(v checks.View) []checks.Result {
		if v.Region.Name == "us-east-1" {
			var m map[string]int
			m["boom"]++ // panics: assignment to entry in nil map
		}
		return []checks.Result{{Resource: "arn:x", Status: checks.Pass, Message: "x passes"}}
	})
	fs := checks.Evaluate(evalInventory(), []checks.Check{c}, "run-1", evalNow)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v, want a pass and one error", fs)
	}
	e := fs[1]
	if e.Status != checks.Error || e.Region != "us-east-1" || e.Resource != "account/"+evalAcct+"/us-east-1" ||
		!strings.HasPrefix(e.Message, "check fake.check failed: ") || !strings.Contains(e.Message, "nil map") {
		t.Errorf("error finding = %+v", e)
	}
	if fs[0].Status != checks.Pass || fs[0].Region != "eu-west-1" {
		t.Errorf("other region = %+v", fs[0])
	}
}

func TestEvaluate_checkUnknownKeepsItsActions(t *testing.T) {
	calls := 0
	c := fakeCheck(checks.Global, []string{"svc:List"}, &calls, func(v checks.View) []checks.Result {
		return []checks.Result{
			{Resource: "arn:x", Status: checks.Unknown, Message: "x unread", Actions: []string{"other:Read"}},
			{Resource: "arn:y", Status: checks.Unknown, Message: "y unread"},
		}
	})
	got := byResource(t, checks.Evaluate(evalInventory(), []checks.Check{c}, "run-1", evalNow))
	if x := got[" arn:x"]; x.Status != checks.Unknown || !reflect.DeepEqual(x.Actions, []string{"other:Read"}) || x.Message != "x unread" {
		t.Errorf("check unknown = %+v, want its own actions", x)
	}
	if y := got[" arn:y"]; y.Status != checks.Unknown || len(y.Actions) != 0 {
		t.Errorf("check unknown without actions = %+v, want none (not the needs)", y)
	}
}

func TestSortFindings(t *testing.T) {
	f := func(acct, check, region, res string) checks.Finding {
		return checks.Finding{Account: acct, CheckID: check, Region: region, Resource: res}
	}
	want := []checks.Finding{
		f("1", "a.x", "", "r2"),
		f("1", "a.x", "eu-west-1", "r1"),
		f("1", "a.x", "eu-west-1", "r2"),
		f("1", "a.x", "us-east-1", "r0"),
		f("1", "b.x", "", "r0"),
		f("2", "a.x", "", "r0"),
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	got[2], got[4] = got[4], got[2]
	checks.SortFindings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted = %+v\nwant %+v", got, want)
	}
	// Stable: equal keys keep their order.
	a, b := f("1", "a.x", "", "r"), f("1", "a.x", "", "r")
	a.Message, b.Message = "first", "second"
	fs := []checks.Finding{a, b}
	checks.SortFindings(fs)
	if fs[0].Message != "first" {
		t.Errorf("SortFindings is not stable: %+v", fs)
	}
}

func TestIsAccountID(t *testing.T) {
	for s, want := range map[string]bool{
		"123456789012": true, "000000000000": true,
		"": false, "12345678901": false, "1234567890123": false, "12345678901a": false, " 23456789012": false,
		"１２３４５６７８９０１２": false,
	} {
		if got := checks.IsAccountID(s); got != want {
			t.Errorf("IsAccountID(%q) = %v, want %v", s, got, want)
		}
	}
}

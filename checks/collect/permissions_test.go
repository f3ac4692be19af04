package collect

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/warroom/warroom/checks"
)

func wPolicy(t *testing.T, b []byte) policyDocument {
	t.Helper()
	var p policyDocument
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("policy is not JSON: %v\n%s", err, b)
	}
	return p
}

func TestPolicy_everyAction(t *testing.T) {
	b, err := Policy(nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Policy(nil)
	if !bytes.Equal(b, again) {
		t.Error("the policy is not deterministic")
	}
	p := wPolicy(t, b)
	if p.Version != "2012-10-17" || len(p.Statement) != 2 {
		t.Fatalf("policy = %s", b)
	}
	reads, caller := p.Statement[0], p.Statement[1]
	if !sort.StringsAreSorted(reads.Action) || !sort.StringsAreSorted(caller.Action) {
		t.Error("actions are not sorted")
	}
	if !slices.Equal(caller.Action, []string{actionListAccounts, actionAssumeRole}) || caller.Sid == "" {
		t.Errorf("caller-only statement = %+v", caller)
	}
	all := append(append([]string(nil), reads.Action...), caller.Action...)
	sort.Strings(all)
	if !slices.Equal(all, Actions()) {
		t.Errorf("policy actions = %v\nallow-list   = %v", all, Actions())
	}
	for _, s := range p.Statement {
		if s.Effect != "Allow" || s.Resource != "*" {
			t.Errorf("statement = %+v", s)
		}
	}
}

func TestPolicy_needs(t *testing.T) {
	b, err := Policy([]string{"dynamodb:ListTables", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTables"})
	if err != nil {
		t.Fatal(err)
	}
	p := wPolicy(t, b)
	want := []string{"dynamodb:DescribeContinuousBackups", "dynamodb:ListTables", actionRegions, actionCallerIdentity}
	if !slices.Equal(p.Statement[0].Action, want) {
		t.Errorf("actions = %v, want %v", p.Statement[0].Action, want)
	}
	if _, err := Policy([]string{"s3:DeleteBucket"}); err == nil {
		t.Error("an action that is not on the allow-list was accepted")
	}
	if _, err := PolicyFor([]string{"no.such-check"}); err == nil {
		t.Error("an unknown check was accepted")
	}
}

func TestPolicyFor(t *testing.T) {
	for _, c := range checks.All() {
		b, err := PolicyFor([]string{c.ID})
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		got := wPolicy(t, b).Statement[0].Action
		for _, n := range c.Actions() {
			if !slices.Contains(got, n) {
				t.Errorf("%s: policy lacks %s", c.ID, n)
			}
		}
	}
}

// TestChecksNeedAllowedActions: every check's needs are reads the collector
// makes, and every read the collector makes is needed by a check or by the
// framework itself.
func TestChecksNeedAllowedActions(t *testing.T) {
	onList := map[string]bool{}
	for _, a := range Actions() {
		onList[a] = true
	}
	needed := map[string]bool{}
	for _, a := range slices.Concat(frameworkActions, callerOnlyActions) {
		needed[a] = true
	}
	for _, c := range checks.All() {
		for _, n := range c.Actions() {
			needed[n] = true
			if !onList[n] {
				t.Errorf("check %s needs %s, which no collector reads", c.ID, n)
			}
		}
	}
	for a := range onList {
		if !needed[a] {
			t.Errorf("the collector reads %s but no check needs it", a)
		}
	}
}

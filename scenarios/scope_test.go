package scenarios

import (
	"reflect"
	"slices"
	"testing"

	"github.com/warroom/warroom/checks"
)

func TestMachine_RecordActionScope(t *testing.T) {
	const a, b, c = "111111111111", "222222222222", "333333333333"
	mfa := func(st checks.Status, account string) checks.Finding {
		return finding("iam.root-mfa", st, account, "", "arn:aws:iam::"+account+":root", "root of "+account)
	}
	action := func(check string, scope ...string) Entry {
		return Entry{Kind: KindAction, At: at(5), Text: "Hardware MFA on root", Owner: "lee", Due: "2026-11-30",
			PracticeID: "SEC01-BP02", CheckID: check, Scope: scope}
	}
	tests := []struct {
		name string
		ev   *Evidence
		e    Entry
		want []string
	}{
		{"no evidence: any account", nil, action("iam.root-mfa"), nil},
		{"the failing accounts, sorted", evidence(mfa(checks.Fail, b), mfa(checks.Pass, c), mfa(checks.Fail, a), mfa(checks.Fail, b)),
			action("iam.root-mfa"), []string{a, b}},
		{"failing nowhere: every account with a finding", evidence(mfa(checks.Pass, c), mfa(checks.Unknown, a), mfa(checks.Pass, c)),
			action("iam.root-mfa"), []string{a, c}},
		{"a failure that names no account: every account must prove it", evidence(mfa(checks.Fail, ""), mfa(checks.Pass, c)),
			action("iam.root-mfa"), nil},
		{"a pass that names no account does not count", evidence(mfa(checks.Pass, ""), mfa(checks.Fail, c)),
			action("iam.root-mfa"), []string{c}},
		{"no finding of the check: any account", evidence(mfa(checks.Fail, a)), action("account.security-contact"), nil},
		{"what the caller says is replaced", evidence(mfa(checks.Fail, a)), action("iam.root-mfa", b), []string{a}},
		{"an action without a check has none", evidence(mfa(checks.Fail, a)), action("", b), nil},
		{"other kinds have none", evidence(mfa(checks.Fail, a)), Entry{Kind: KindNote, At: at(5), Text: "x", Scope: []string{a}}, nil},
	}
	for _, tt := range tests {
		m := newMachine(t, tt.ev)
		mustAdvance(t, m, t0)
		got := mustRecord(t, m, tt.e)
		if !reflect.DeepEqual(got.Scope, tt.want) {
			t.Errorf("%s: scope %q, want %q", tt.name, got.Scope, tt.want)
		}
		if last := m.Session().Entries[len(m.Session().Entries)-1]; !reflect.DeepEqual(last.Scope, tt.want) {
			t.Errorf("%s: the session's entry has scope %q, want %q", tt.name, last.Scope, tt.want)
		}
	}

	// Replayed with other evidence (or none), the entry keeps the scope it
	// was recorded with, and its action item carries it.
	m := newMachine(t, evidence(mfa(checks.Fail, b), mfa(checks.Pass, a)))
	mustAdvance(t, m, t0)
	mustRecord(t, m, action("iam.root-mfa"))
	sess := m.Session()
	recorded := slices.Clone(sess.Entries)
	for _, ev := range []*Evidence{nil, evidence(mfa(checks.Fail, a))} {
		copySess := *sess
		copySess.Entries = slices.Clone(recorded)
		r, err := NewMachine(testScenario(), ev, &copySess, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Session().Entries; !reflect.DeepEqual(got, recorded) || !slices.Equal(got[1].Scope, []string{b}) {
			t.Errorf("replayed entries %+v, want %+v", got, recorded)
		}
	}
	items := ActionItems(sess)
	if len(items) != 1 || !slices.Equal(items[0].Accounts, []string{b}) {
		t.Fatalf("action items %+v, want one with accounts [%s]", items, b)
	}
	items[0].Accounts[0] = "changed"
	if sess.Entries[1].Scope[0] != b {
		t.Error("changing the item's accounts changed the session's entry")
	}
}

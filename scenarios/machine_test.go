package scenarios

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
)

// t0 is when every test session starts.
var t0 = time.Date(2026, 10, 28, 14, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// testScenario is a small scenario with a variant, probes, branches and a
// next, built as a literal so these tests do not depend on the loader.
//
//	alarm ──(iam.root-mfa pass)──> recovery ─┐
//	  └─────────────> takeover ──next──────> lockdown ──> wrapup ──> end
//	                     └─(cloudtrail.multi-region fail)──> end
func testScenario() *Scenario {
	return &Scenario{
		ID: "test-root", Version: 1, Title: "Test root",
		Roles: []Role{{ID: "ir-lead", Title: "Incident lead"}, {ID: "cloud-admin", Title: "Cloud admin"}},
		Injects: []Inject{
			{
				ID: "alarm", At: "T+0", Title: "Root signs in", TimeboxMin: 10,
				Narrative: "Root of {acct} signed in; the alert says {{root}}.",
				Variants: []Variant{{ID: "mfa-off", When: Condition{Check: "iam.root-mfa", Is: OutcomeFail},
					Narrative: "A phished password opens {acct}; no MFA stands in the way."}},
				Questions: []Question{
					{ID: "who-pages", Text: "Who is paged?", Checks: []string{"guardduty.enabled"}},
					{ID: "root-mfa-q", Text: "Is root protected?", Checks: []string{"iam.root-mfa"}},
				},
				Probes:   []Probe{{ID: "acct", Check: "iam.root-mfa", Fallback: "the production account"}},
				Branches: []Branch{{When: Condition{Check: "iam.root-mfa", Is: OutcomePass}, Goto: "recovery"}},
			},
			{
				ID: "takeover", At: "T+15m", Title: "The attacker acts", TimeboxMin: 15,
				Narrative: "They delete {db} and keep {good}.",
				Questions: []Question{{ID: "q-takeover", Text: "What now?"}},
				Probes: []Probe{
					{ID: "db", Check: "rds.deletion-protection", Fallback: "the orders database"},
					{ID: "good", Check: "rds.deletion-protection", Pick: "pass", Fallback: "nothing"},
				},
				Branches: []Branch{{When: Condition{Check: "cloudtrail.multi-region", Is: OutcomeFail}, Goto: End}},
				Next:     "lockdown",
			},
			{
				ID: "recovery", At: "T+15m", Title: "Account recovery", TimeboxMin: 10,
				Narrative: "The attacker asks support for the account.",
				Questions: []Question{{ID: "q-recovery", Text: "Who owns the root mailbox?"}},
			},
			{
				ID: "lockdown", At: "T+30m", Title: "Lock down", TimeboxMin: 5,
				Narrative: "Time to lock down.",
				Questions: []Question{{ID: "q-lock", Text: "What do you lock first?"}},
			},
			{
				ID: "wrapup", At: "T+45m", Title: "Wrap up", TimeboxMin: 5,
				Narrative: "Wrap up.",
				Questions: []Question{{ID: "q-wrap", Text: "What did we learn?"}},
			},
		},
	}
}

func finding(check string, st checks.Status, account, region, resource, msg string) checks.Finding {
	return checks.Finding{CheckID: check, Status: st, Account: account, Region: region, Resource: resource, Message: msg}
}

func evidence(fs ...checks.Finding) *Evidence { return NewEvidence("run-1", t0, fs) }

var (
	mfaFail   = finding("iam.root-mfa", checks.Fail, "111122223333", "", "arn:aws:iam::111122223333:root", "Root user of account 111122223333 has no MFA.")
	mfaPass   = finding("iam.root-mfa", checks.Pass, "111122223333", "", "arn:aws:iam::111122223333:root", "Root user has MFA.")
	trailFail = finding("cloudtrail.multi-region", checks.Fail, "111122223333", "", "111122223333", "No multi-region trail.")
	gdPass    = finding("guardduty.enabled", checks.Pass, "111122223333", "eu-west-1", "detector-1", "GuardDuty is on.")
	dbFail    = finding("rds.deletion-protection", checks.Fail, "111122223333", "eu-west-1", "prod-orders", "prod-orders has no deletion protection.")
	dbPass    = finding("rds.deletion-protection", checks.Pass, "111122223333", "eu-west-1", "prod-users", "prod-users is protected.")
)

var testOpts = MachineOptions{
	Bank:       questions.MustDefault(),
	KnownCheck: func(id string) bool { return id == "account.security-contact" || id == "iam.root-mfa" },
}

func newSession() *Session {
	return &Session{ID: "ttx-1", ScenarioID: "test-root", Facilitator: "sam", StartedAt: t0,
		Participants: []Participant{{Name: "dana", Role: "ir-lead"}, {Name: "lee", Role: "cloud-admin"}}}
}

func newMachine(t *testing.T, ev *Evidence) *Machine {
	t.Helper()
	m, err := NewMachine(testScenario(), ev, newSession(), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustAdvance(t *testing.T, m *Machine, at time.Time) Entry {
	t.Helper()
	e, err := m.Advance(at, "sam")
	if err != nil {
		t.Fatalf("advance at %s: %v", at.Format("15:04"), err)
	}
	return e
}

func mustRecord(t *testing.T, m *Machine, e Entry) Entry {
	t.Helper()
	got, err := m.Record(e)
	if err != nil {
		t.Fatalf("record %s: %v", e.Kind, err)
	}
	return got
}

func TestMachine_Path(t *testing.T) {
	tests := []struct {
		name     string
		ev       *Evidence
		want     []string
		total    int // Clock.Total before the first inject
		upcoming []string
	}{
		{"no evidence: file order and next", nil,
			[]string{"alarm", "takeover", "lockdown", "wrapup"}, 4, nil},
		{"mfa on: branch to recovery, then file order", evidence(mfaPass),
			[]string{"alarm", "recovery", "lockdown", "wrapup"}, 4, nil},
		{"mfa off: no branch; trail off: branch to end", evidence(mfaFail, trailFail),
			[]string{"alarm", "takeover"}, 2, nil},
		{"mfa on and trail off: the trail branch is never reached", evidence(mfaPass, trailFail),
			[]string{"alarm", "recovery", "lockdown", "wrapup"}, 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, tt.ev)
			if c := m.Clock(t0); c.Total != tt.total || c.Index != 0 {
				t.Errorf("clock before start: index %d total %d, want 0 and %d", c.Index, c.Total, tt.total)
			}
			var upcoming []string
			for i := 0; !m.Ended(); i++ {
				upcoming = append(upcoming, m.Upcoming())
				e := mustAdvance(t, m, at(i*10))
				if e.Seq != i+1 {
					t.Errorf("entry %d has seq %d", i+1, e.Seq)
				}
				if i > 10 {
					t.Fatal("the session never ends")
				}
			}
			if got := m.Path(); !slices.Equal(got, tt.want) {
				t.Errorf("path = %v, want %v", got, tt.want)
			}
			if want := append(slices.Clone(tt.want), End); !slices.Equal(upcoming, want) {
				t.Errorf("upcoming = %v, want %v", upcoming, want)
			}
			last := m.Session().Entries[len(m.Session().Entries)-1]
			if last.Kind != KindEnd || last.InjectID != tt.want[len(tt.want)-1] {
				t.Errorf("last entry = %s on %q, want end on %s", last.Kind, last.InjectID, tt.want[len(tt.want)-1])
			}
			if m.Current() != nil || m.Upcoming() != End {
				t.Errorf("after the end: current %v, upcoming %q", m.Current(), m.Upcoming())
			}
			if _, err := m.Advance(at(100), "sam"); err == nil || !strings.Contains(err.Error(), "advance to the end: the session has ended (at ") {
				t.Errorf("advance after the end: err = %v", err)
			}
		})
	}
}

func TestMachine_Show(t *testing.T) {
	sc := testScenario()
	alarm, takeover := &sc.Injects[0], &sc.Injects[1]
	tests := []struct {
		name      string
		ev        *Evidence
		inj       *Inject
		narrative string
		variant   string
		shaping   []Shaping
	}{
		{
			name: "no evidence: generic narrative, fallback, every item generic", inj: alarm,
			narrative: "Root of the production account signed in; the alert says {root}.",
			shaping: []Shaping{
				{Check: "iam.root-mfa", Outcome: OutcomeUnknown, Effect: "{acct}: no evidence, generic text", Generic: true},
				{Check: "iam.root-mfa", Outcome: OutcomeUnknown, Effect: "no evidence: the generic narrative", Generic: true},
				{Check: "iam.root-mfa", Outcome: OutcomeUnknown, Effect: `no evidence, no branch taken; next "The attacker acts" (takeover)`, Generic: true},
			},
		},
		{
			name: "mfa off: variant chosen, account filled", ev: evidence(mfaFail), inj: alarm,
			narrative: "A phished password opens arn:aws:iam::111122223333:root; no MFA stands in the way.",
			variant:   "mfa-off",
			shaping: []Shaping{
				{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: "filled {acct} with arn:aws:iam::111122223333:root"},
				{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: "read the mfa-off variant"},
				{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: `no branch taken; next "The attacker acts" (takeover)`},
			},
		},
		{
			name: "mfa on: generic narrative by evidence, branch taken", ev: evidence(mfaPass), inj: alarm,
			narrative: "Root of the production account signed in; the alert says {root}.",
			shaping: []Shaping{
				{Check: "iam.root-mfa", Outcome: OutcomePass, Effect: "{acct}: no fail finding, generic text"},
				{Check: "iam.root-mfa", Outcome: OutcomePass, Effect: "no variant matches: the generic narrative"},
				{Check: "iam.root-mfa", Outcome: OutcomePass, Effect: `branches to "Account recovery" (recovery)`},
			},
		},
		{
			name: "regional resources filled with their region, pick fail and pass", ev: evidence(dbPass, dbFail, trailFail), inj: takeover,
			narrative: "They delete prod-orders in eu-west-1 and keep prod-users in eu-west-1.",
			shaping: []Shaping{
				{Check: "rds.deletion-protection", Outcome: OutcomeFail, Effect: "filled {db} with prod-orders in eu-west-1"},
				{Check: "rds.deletion-protection", Outcome: OutcomeFail, Effect: "filled {good} with prod-users in eu-west-1"},
				{Check: "cloudtrail.multi-region", Outcome: OutcomeFail, Effect: "branches to the end"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, tt.ev)
			got := m.Show(tt.inj)
			if got.Inject != tt.inj {
				t.Errorf("inject = %p, want %p", got.Inject, tt.inj)
			}
			if got.Narrative != tt.narrative {
				t.Errorf("narrative =\n  %q\nwant\n  %q", got.Narrative, tt.narrative)
			}
			if got.Variant != tt.variant {
				t.Errorf("variant = %q, want %q", got.Variant, tt.variant)
			}
			if !reflect.DeepEqual(got.Shaping, tt.shaping) {
				t.Errorf("shaping =\n  %+v\nwant\n  %+v", got.Shaping, tt.shaping)
			}
		})
	}
}

func Test_fillPlaceholders(t *testing.T) {
	probes := []Probe{{ID: "a", Check: "x.y", Fallback: "A"}, {ID: "b", Check: "x.y", Fallback: "B"}}
	tests := []struct {
		in, want string
		shaping  int // exact number of shaping items
	}{
		{"{a} and {a}", "A and A", 1},
		{"{a} and {b}", "A and B", 2},
		{"{{a}} is literal", "{a} is literal", 0},
		{"{{a}}", "{a}", 0},
		{"{{{a}}}", "{A}", 1},
		{"{missing}", "{missing}", 0},
		{"{missing} stays", "{missing} stays", 0},
		{"open { brace", "open { brace", 0},
		{"close } brace", "close } brace", 0},
		{"{a{b}", "{aB", 1},
		{"é{a}ü", "éAü", 1},
	}
	for _, tt := range tests {
		got, sh := fillPlaceholders(tt.in, probes, nil)
		if got != tt.want || len(sh) != tt.shaping {
			t.Errorf("fillPlaceholders(%q) = %q with %d shaping items, want %q with %d", tt.in, got, len(sh), tt.want, tt.shaping)
		}
	}
}

// The renderer and the validator read braces alike: what the validator
// takes for a placeholder is what gets filled, and a brace it reports is
// left as written.
func Test_fillPlaceholdersAgreesWithNarrativeSlots(t *testing.T) {
	probes := []Probe{{ID: "a", Check: "x.y", Fallback: "A"}, {ID: "b", Check: "x.y", Fallback: "B"}}
	for _, in := range []string{"{a{b}", "{a}}", "{{a}", "x{a}y{b", "}{a}", "{{{a}}}", "{a}{b}"} {
		names, _ := narrativeSlots(in)
		_, sh := fillPlaceholders(in, probes, nil)
		var filled []string
		for _, s := range sh {
			filled = append(filled, strings.TrimSuffix(strings.TrimPrefix(s.Effect, "{"), "}: no evidence, generic text"))
		}
		distinct := slices.Compact(slices.Clone(names))
		if !slices.Equal(filled, distinct) {
			t.Errorf("%q: filled %v, but the validator reads placeholders %v", in, filled, names)
		}
	}
}

func TestMachine_ShowNil(t *testing.T) {
	m := newMachine(t, nil)
	if got := m.Show(nil); !reflect.DeepEqual(got, Shown{}) {
		t.Errorf("Show(nil) = %+v, want the zero Shown", got)
	}
}

func TestMachine_ShowProbeFindingWithoutResource(t *testing.T) {
	m := newMachine(t, evidence(finding("iam.root-mfa", checks.Fail, "111122223333", "", "", "Root has no MFA.")))
	got := m.Show(&m.s.Injects[0])
	want := Shaping{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: "{acct}: the fail finding names no resource, generic text"}
	if len(got.Shaping) == 0 || got.Shaping[0] != want || !strings.Contains(got.Narrative, "the production account") {
		t.Errorf("shaping %+v narrative %q, want %+v and the fallback", got.Shaping, got.Narrative, want)
	}
}

func TestMachine_AdvanceRecordsShaping(t *testing.T) {
	m := newMachine(t, evidence(mfaFail))
	e := mustAdvance(t, m, t0)
	want := m.Show(&m.s.Injects[0])
	if e.Kind != KindInject || e.InjectID != "alarm" || e.Seq != 1 || e.By != "sam" || !e.At.Equal(t0) {
		t.Errorf("entry = %+v", e)
	}
	if e.Variant != "mfa-off" || !reflect.DeepEqual(e.Shaping, want.Shaping) {
		t.Errorf("variant %q shaping %+v, want mfa-off and %+v", e.Variant, e.Shaping, want.Shaping)
	}
	if !reflect.DeepEqual(m.Session().Entries, []Entry{e}) {
		t.Errorf("session entries = %+v", m.Session().Entries)
	}
	if m.Current() == nil || m.Current().ID != "alarm" {
		t.Errorf("current = %v", m.Current())
	}
	mustRecord(t, m, Entry{Kind: KindPause, At: at(1)})
	if _, err := m.Advance(at(2), "sam"); err == nil || !strings.Contains(err.Error(), "paused; resume it") {
		t.Errorf("advance while paused: err = %v", err)
	}
}

func TestMachine_Clock(t *testing.T) {
	type step struct {
		min  int
		kind EntryKind // "inject" advances
	}
	tests := []struct {
		name  string
		steps []step
		now   int
		want  Clock
	}{
		{"before the first inject", nil, 3,
			Clock{Session: 3 * time.Minute, Total: 4}},
		{"pause before the first inject counts for the session only",
			[]step{{2, KindPause}, {5, KindResume}, {6, KindInject}}, 10,
			Clock{Session: 7 * time.Minute, Inject: 4 * time.Minute, Timebox: 10 * time.Minute, Index: 1, Total: 4}},
		{"open pause before the first inject", []step{{2, KindPause}}, 10,
			Clock{Session: 2 * time.Minute, Total: 4}},
		{"within the timebox", []step{{0, KindInject}}, 10,
			Clock{Session: 10 * time.Minute, Inject: 10 * time.Minute, Timebox: 10 * time.Minute, Index: 1, Total: 4}},
		{"over the timebox", []step{{0, KindInject}}, 11,
			Clock{Session: 11 * time.Minute, Inject: 11 * time.Minute, Timebox: 10 * time.Minute, Over: true, Index: 1, Total: 4}},
		{"closed pause excluded", []step{{0, KindInject}, {4, KindPause}, {9, KindResume}}, 15,
			Clock{Session: 10 * time.Minute, Inject: 10 * time.Minute, Timebox: 10 * time.Minute, Index: 1, Total: 4}},
		{"open pause counts as paused until now", []step{{0, KindInject}, {4, KindPause}}, 30,
			Clock{Session: 4 * time.Minute, Inject: 4 * time.Minute, Timebox: 10 * time.Minute, Index: 1, Total: 4}},
		{"pause before the inject counts for the session only",
			[]step{{0, KindInject}, {5, KindPause}, {10, KindResume}, {12, KindInject}, {20, KindPause}, {25, KindResume}}, 30,
			Clock{Session: 20 * time.Minute, Inject: 13 * time.Minute, Timebox: 15 * time.Minute, Index: 2, Total: 4}},
		{"after the end the clock stands still",
			[]step{{0, KindInject}, {5, KindPause}, {10, KindResume}, {12, KindInject}, {20, KindPause}, {40, KindEnd}}, 90,
			Clock{Session: 15 * time.Minute, Index: 2, Total: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, nil)
			for _, s := range tt.steps {
				if s.kind == KindInject {
					mustAdvance(t, m, at(s.min))
				} else {
					mustRecord(t, m, Entry{Kind: s.kind, At: at(s.min)})
				}
			}
			if got := m.Clock(at(tt.now)); got != tt.want {
				t.Errorf("clock at +%dm = %+v, want %+v", tt.now, got, tt.want)
			}
		})
	}
}

func TestMachine_ClockTotalFollowsEvidence(t *testing.T) {
	tests := []struct {
		name  string
		ev    *Evidence
		total int
	}{
		{"no evidence", nil, 4},
		{"trail off ends after the takeover", evidence(trailFail), 2},
		{"mfa on skips the takeover", evidence(mfaPass, trailFail), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, tt.ev)
			mustAdvance(t, m, t0)
			if c := m.Clock(at(1)); c.Index != 1 || c.Total != tt.total {
				t.Errorf("index %d total %d, want 1 and %d", c.Index, c.Total, tt.total)
			}
		})
	}
}

func TestMachine_Record(t *testing.T) {
	// state prepares the machine; every state but "fresh" has shown alarm at 14:00.
	states := map[string]func(t *testing.T, m *Machine){
		"fresh": func(*testing.T, *Machine) {},
		"shown": func(t *testing.T, m *Machine) { mustAdvance(t, m, t0) },
		"paused": func(t *testing.T, m *Machine) {
			mustAdvance(t, m, t0)
			mustRecord(t, m, Entry{Kind: KindPause, At: at(2)})
		},
		"ended": func(t *testing.T, m *Machine) {
			mustAdvance(t, m, t0)
			mustRecord(t, m, Entry{Kind: KindEnd, At: at(2)})
		},
	}
	claim := func(mod func(*Entry)) Entry {
		e := Entry{Kind: KindClaim, At: at(5), QuestionID: "who-pages", By: "dana", Text: "GuardDuty pages us"}
		if mod != nil {
			mod(&e)
		}
		return e
	}
	action := func(mod func(*Entry)) Entry {
		e := Entry{Kind: KindAction, At: at(5), Text: "Group mailbox for root", Owner: "lee", Due: "2026-11-30",
			PracticeID: "SEC01-BP02", CheckID: "account.security-contact"}
		if mod != nil {
			mod(&e)
		}
		return e
	}
	bad := []struct {
		name, state string
		e           Entry
		want        string
	}{
		{"claim before any inject", "fresh", claim(nil), "record claim: no inject has been shown yet; show the first inject first"},
		{"decision before any inject", "fresh", Entry{Kind: KindDecision, At: at(1), Text: "P1", Owner: "dana"}, "record decision: no inject has been shown yet"},
		{"inject through record", "shown", Entry{Kind: KindInject, At: at(5), InjectID: "takeover"}, "inject entries are made by Advance"},
		{"unknown kind", "shown", Entry{Kind: "vote", At: at(5)}, `unknown entry kind "vote"`},
		{"no time", "shown", claim(func(e *Entry) { e.At = time.Time{} }), "claim: at: missing"},
		{"time going back", "shown", claim(func(e *Entry) { e.At = t0.Add(-time.Minute) }),
			"2026-10-28T13:59:00Z is before the previous entry (2026-10-28T14:00:00Z)"},
		{"claim without question", "shown", claim(func(e *Entry) { e.QuestionID = "" }),
			"question: missing; name the question answered, one of who-pages, root-mfa-q"},
		{"claim on unknown question", "shown", claim(func(e *Entry) { e.QuestionID = "who-paged" }),
			`question: unknown question "who-paged"; questions so far: who-pages, root-mfa-q`},
		{"claim on an inject not shown", "shown", claim(func(e *Entry) { e.QuestionID = "q-lock" }),
			`question: "q-lock" belongs to inject lockdown, which has not been shown`},
		{"claim without speaker", "shown", claim(func(e *Entry) { e.By = "" }), "by: missing; name who made the claim"},
		{"claim by someone not at the table", "shown", claim(func(e *Entry) { e.By = "zed" }),
			`by: "zed" is not at the table; use one of dana, lee, sam (facilitator)`},
		{"claim without text", "shown", claim(func(e *Entry) { e.Text = " " }), "text: missing"},
		{"claim with a bad stance", "shown", claim(func(e *Entry) { e.Stance = "maybe" }),
			`stance: "maybe" is not a stance; use yes, partly or no`},
		{"decision without text and owner", "shown", Entry{Kind: KindDecision, At: at(5)},
			"record decision: text: missing; write down the decision; owner: missing; name who owns the decision"},
		{"gap without practice", "shown", Entry{Kind: KindGap, At: at(5), Text: "no owner"}, "practice: missing"},
		{"gap on unknown practice", "shown", Entry{Kind: KindGap, At: at(5), Text: "no owner", PracticeID: "SEC10-BP1"},
			`practice: unknown practice "SEC10-BP1"; did you mean`},
		{"gap without text", "shown", Entry{Kind: KindGap, At: at(5), PracticeID: "SEC10-BP01"}, "text: missing; say what is missing"},
		{"action without title", "shown", action(func(e *Entry) { e.Text = "" }), "text: missing; give the action a title"},
		{"action without owner", "shown", action(func(e *Entry) { e.Owner = "" }), "owner: missing; name who will do it"},
		{"action without due date", "shown", action(func(e *Entry) { e.Due = "" }), "due: missing; give a due date as YYYY-MM-DD"},
		{"action with a bad due date", "shown", action(func(e *Entry) { e.Due = "30/11/2026" }),
			`due: "30/11/2026" is not a date; write it as YYYY-MM-DD`},
		{"action without practice", "shown", action(func(e *Entry) { e.PracticeID = "" }), "practice: missing"},
		{"action with unknown practice", "shown", action(func(e *Entry) { e.PracticeID = "SEC99-BP01" }), `unknown practice "SEC99-BP01"`},
		{"action with unknown check", "shown", action(func(e *Entry) { e.CheckID = "iam.root-mfaa" }), `check: unknown check "iam.root-mfaa"`},
		{"note without text", "shown", Entry{Kind: KindNote, At: at(5)}, "record note: text: missing; write the note"},
		{"claim while paused", "paused", claim(nil), "record claim: the session is paused; resume it first"},
		{"pause while paused", "paused", Entry{Kind: KindPause, At: at(5)}, "the session is already paused"},
		{"resume when not paused", "shown", Entry{Kind: KindResume, At: at(5)}, "resume: the session is not paused"},
		{"note after the end", "ended", Entry{Kind: KindNote, At: at(5), Text: "late"},
			"record note: the session has ended (at 2026-10-28T14:02:00Z); nothing may follow the end entry"},
		{"end after the end", "ended", Entry{Kind: KindEnd, At: at(5)}, "record end: the session has ended"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, nil)
			states[tt.state](t, m)
			before := len(m.Session().Entries)
			_, err := m.Record(tt.e)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if n := len(m.Session().Entries); n != before {
				t.Errorf("a refused entry was appended: %d entries, want %d", n, before)
			}
		})
	}

	good := []struct {
		name, state string
		e           Entry
		want        Entry // Seq 2 unless paused/ended
	}{
		{"claim defaults to yes and is adjudicated", "shown", claim(nil),
			Entry{Seq: 2, Kind: KindClaim, InjectID: "alarm", At: at(5), QuestionID: "who-pages", By: "dana", Text: "GuardDuty pages us",
				Stance: StanceYes, Verdict: Unknown, Basis: []string{"guardduty.enabled: no evidence"}}},
		{"claim by the facilitator, fields trimmed, machine fields overwritten", "shown",
			claim(func(e *Entry) {
				e.By, e.Text, e.Stance, e.Verdict, e.Seq, e.InjectID = " sam ", " We page ", StanceNo, Verified, 9, "wrapup"
			}),
			Entry{Seq: 2, Kind: KindClaim, InjectID: "alarm", At: at(5), QuestionID: "who-pages", By: "sam", Text: "We page",
				Stance: StanceNo, Verdict: Conceded, Basis: []string{"guardduty.enabled: no evidence"}}},
		{"action with all fields", "shown", action(nil),
			Entry{Seq: 2, Kind: KindAction, InjectID: "alarm", At: at(5), Text: "Group mailbox for root", Owner: "lee", Due: "2026-11-30",
				PracticeID: "SEC01-BP02", CheckID: "account.security-contact"}},
		{"action without check", "shown", action(func(e *Entry) { e.CheckID = "" }),
			Entry{Seq: 2, Kind: KindAction, InjectID: "alarm", At: at(5), Text: "Group mailbox for root", Owner: "lee", Due: "2026-11-30",
				PracticeID: "SEC01-BP02"}},
		{"gap", "shown", Entry{Kind: KindGap, At: at(5), PracticeID: "SEC10-BP01", Text: "nobody owns the mailbox", By: "lee"},
			Entry{Seq: 2, Kind: KindGap, InjectID: "alarm", At: at(5), PracticeID: "SEC10-BP01", Text: "nobody owns the mailbox", By: "lee"}},
		{"gap practice stored as the bank spells it", "shown", Entry{Kind: KindGap, At: at(5), PracticeID: " sec10-bp01 ", Text: "no owner"},
			Entry{Seq: 2, Kind: KindGap, InjectID: "alarm", At: at(5), PracticeID: "SEC10-BP01", Text: "no owner"}},
		{"action practice stored as the bank spells it", "shown", action(func(e *Entry) { e.PracticeID = "sec01-bp02" }),
			Entry{Seq: 2, Kind: KindAction, InjectID: "alarm", At: at(5), Text: "Group mailbox for root", Owner: "lee", Due: "2026-11-30",
				PracticeID: "SEC01-BP02", CheckID: "account.security-contact"}},
		{"stance in capitals", "shown", claim(func(e *Entry) { e.Stance = " Partly " }),
			Entry{Seq: 2, Kind: KindClaim, InjectID: "alarm", At: at(5), QuestionID: "who-pages", By: "dana", Text: "GuardDuty pages us",
				Stance: StancePartly, Verdict: Unknown, Basis: []string{"guardduty.enabled: no evidence"}}},
		{"decision at the same time as the inject", "shown", Entry{Kind: KindDecision, At: t0, Text: "P1", Owner: "dana", Rationale: "root"},
			Entry{Seq: 2, Kind: KindDecision, InjectID: "alarm", At: t0, Text: "P1", Owner: "dana", Rationale: "root"}},
		{"note before any inject", "fresh", Entry{Kind: KindNote, At: at(1), Text: "waiting for lee"},
			Entry{Seq: 1, Kind: KindNote, At: at(1), Text: "waiting for lee"}},
		{"note while paused", "paused", Entry{Kind: KindNote, At: at(5), Text: "coffee"},
			Entry{Seq: 3, Kind: KindNote, InjectID: "alarm", At: at(5), Text: "coffee"}},
		{"end while paused", "paused", Entry{Kind: KindEnd, At: at(5)},
			Entry{Seq: 3, Kind: KindEnd, InjectID: "alarm", At: at(5)}},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, nil)
			states[tt.state](t, m)
			got, err := m.Record(tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entry =\n  %+v\nwant\n  %+v", got, tt.want)
			}
			if es := m.Session().Entries; !reflect.DeepEqual(es[len(es)-1], got) {
				t.Errorf("the session holds %+v, want %+v", es[len(es)-1], got)
			}
		})
	}
}

func TestMachine_RecordClaimOnEarlierInject(t *testing.T) {
	m := newMachine(t, evidence(mfaFail, gdPass))
	mustAdvance(t, m, t0)
	mustAdvance(t, m, at(12))
	got := mustRecord(t, m, Entry{Kind: KindClaim, At: at(14), QuestionID: "root-mfa-q", By: "lee", Stance: StancePartly, Text: "some accounts"})
	if got.InjectID != "alarm" || got.Verdict != Contradicted {
		t.Errorf("claim on an earlier question: inject %q verdict %q, want alarm and contradicted", got.InjectID, got.Verdict)
	}
	want := []string{"iam.root-mfa fail 111122223333: Root user of account 111122223333 has no MFA."}
	if !slices.Equal(got.Basis, want) {
		t.Errorf("basis = %q, want %q", got.Basis, want)
	}
	note := mustRecord(t, m, Entry{Kind: KindNote, At: at(15), Text: "moving on"})
	if note.InjectID != "takeover" {
		t.Errorf("note inject = %q, want the current inject takeover", note.InjectID)
	}
}

func TestMachine_RecordWithoutParticipants(t *testing.T) {
	sess := newSession()
	sess.Participants = nil
	m, err := NewMachine(testScenario(), nil, sess, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, m, t0)
	if _, err := m.Record(Entry{Kind: KindClaim, At: at(1), QuestionID: "who-pages", By: "anyone", Text: "yes"}); err != nil {
		t.Errorf("a session without participants takes claims by anyone: %v", err)
	}
}

// playSession builds a session through the machine with the given evidence.
func playSession(t *testing.T, ev *Evidence) *Session {
	t.Helper()
	m := newMachine(t, ev)
	mustAdvance(t, m, t0)
	mustRecord(t, m, Entry{Kind: KindClaim, At: at(3), QuestionID: "who-pages", By: "dana", Text: "GuardDuty pages us"})
	mustRecord(t, m, Entry{Kind: KindPause, At: at(5)})
	mustRecord(t, m, Entry{Kind: KindNote, At: at(6), Text: "break"})
	mustRecord(t, m, Entry{Kind: KindResume, At: at(10)})
	mustAdvance(t, m, at(12))
	mustRecord(t, m, Entry{Kind: KindGap, At: at(20), PracticeID: "SEC10-BP01", Text: "no owner"})
	mustRecord(t, m, Entry{Kind: KindPause, At: at(25)})
	return m.Session()
}

func TestNewMachine_Replay(t *testing.T) {
	for _, ev := range []*Evidence{nil, evidence(mfaFail, gdPass)} {
		sess := playSession(t, ev)
		// Replay a copy of the log, as the store would return it.
		copySess := *sess
		copySess.Entries = slices.Clone(sess.Entries)
		m, err := NewMachine(testScenario(), ev, &copySess, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		// Bring orig to the same state by replaying the original session too.
		orig, err := NewMachine(testScenario(), ev, sess, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.Path(), []string{"alarm", "takeover"}) || m.Current().ID != "takeover" || !m.Paused() || m.Ended() {
			t.Errorf("replayed: path %v current %s paused %v ended %v", m.Path(), m.Current().ID, m.Paused(), m.Ended())
		}
		if m.Upcoming() != orig.Upcoming() {
			t.Errorf("upcoming %q, want %q", m.Upcoming(), orig.Upcoming())
		}
		now := at(40)
		want := Clock{Session: 20 * time.Minute, Inject: 13 * time.Minute, Timebox: 15 * time.Minute, Index: 2, Total: 4}
		if got := m.Clock(now); got != want {
			t.Errorf("clock = %+v, want %+v", got, want)
		}
		// The replayed machine goes on where the session stopped.
		mustRecord(t, m, Entry{Kind: KindResume, At: at(41)})
		e := mustAdvance(t, m, at(42))
		if e.Seq != len(sess.Entries)+2 || e.InjectID != "lockdown" {
			t.Errorf("next entry = seq %d inject %s, want seq %d lockdown", e.Seq, e.InjectID, len(sess.Entries)+2)
		}
	}
}

func TestNewMachine_KeepsRecordedShaping(t *testing.T) {
	// Played with root MFA failing: the variant was read out. Replayed with no
	// evidence the path is the same, and the record keeps what the room heard.
	sess := playSession(t, evidence(mfaFail, gdPass))
	first, claim := sess.Entries[0], sess.Entries[1]
	m, err := NewMachine(testScenario(), nil, sess, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Session().Entries
	if got[0].Variant != "mfa-off" || !reflect.DeepEqual(got[0], first) {
		t.Errorf("inject entry changed on replay: %+v, want %+v", got[0], first)
	}
	if got[1].Verdict != Verified || !reflect.DeepEqual(got[1], claim) {
		t.Errorf("claim changed on replay: %+v, want %+v", got[1], claim)
	}
}

func TestNewMachine_InconsistentLog(t *testing.T) {
	inject := func(seq, min int, id string) Entry {
		return Entry{Seq: seq, Kind: KindInject, InjectID: id, At: at(min)}
	}
	tests := []struct {
		name    string
		ev      *Evidence
		entries []Entry
		want    string
	}{
		{"seq gap", nil, []Entry{inject(1, 0, "alarm"), inject(3, 10, "takeover")},
			"session ttx-1: entry 2: seq is 3; entries must be numbered 1, 2, 3 in order"},
		{"wrong first inject", nil, []Entry{inject(1, 0, "takeover")},
			"session ttx-1: entry 1: inject takeover, but the scenario goes to alarm here (evidence: no evidence; the scenario starts with its first inject)"},
		{"inject the evidence does not lead to", evidence(mfaFail), []Entry{inject(1, 0, "alarm"), inject(2, 10, "recovery")},
			"entry 2: inject recovery, but the scenario goes to takeover here (evidence: run run-1; after alarm no branch holds (iam.root-mfa is fail, not pass), so takeover follows (the next inject in the file))"},
		{"branch taken", evidence(mfaPass), []Entry{inject(1, 0, "alarm"), inject(2, 10, "takeover")},
			"entry 2: inject takeover, but the scenario goes to recovery here (evidence: run run-1; after alarm, iam.root-mfa is pass, so the branch to recovery is taken)"},
		{"inject after the scenario ends", evidence(trailFail),
			[]Entry{inject(1, 0, "alarm"), inject(2, 10, "takeover"), inject(3, 20, "lockdown")},
			"entry 3: inject lockdown, but the scenario goes to end here (evidence: run run-1; after takeover, cloudtrail.multi-region is fail, so the branch to end is taken)"},
		{"an inject called end", nil, []Entry{inject(1, 0, "alarm"), inject(2, 5, "takeover"), inject(3, 6, "lockdown"), inject(4, 7, "wrapup"), inject(5, 8, End)},
			"entry 5: inject end, but the scenario goes to end here (evidence: no evidence; after wrapup comes end (the last inject))"},
		{"entry after the end", nil, []Entry{inject(1, 0, "alarm"), {Seq: 2, Kind: KindEnd, At: at(5)}, {Seq: 3, Kind: KindNote, At: at(6), Text: "x"}},
			"entry 3: note: the session has ended (at 2026-10-28T14:05:00Z)"},
		{"time going back", nil, []Entry{inject(1, 10, "alarm"), {Seq: 2, Kind: KindNote, At: at(5), Text: "x"}},
			"entry 2: note: at: 2026-10-28T14:05:00Z is before the previous entry (2026-10-28T14:10:00Z)"},
		{"before the session start", nil, []Entry{{Seq: 1, Kind: KindInject, InjectID: "alarm", At: t0.Add(-time.Second)}},
			"entry 1: inject: at: 2026-10-28T13:59:59Z is before the start of the session (2026-10-28T14:00:00Z)"},
		{"claim before any inject", nil, []Entry{{Seq: 1, Kind: KindClaim, At: at(1), QuestionID: "who-pages"}},
			"entry 1: claim: no inject has been shown yet"},
		{"claim on an inject not shown", nil, []Entry{inject(1, 0, "alarm"), {Seq: 2, Kind: KindClaim, At: at(1), InjectID: "lockdown"}},
			`entry 2: claim on inject "lockdown", which has not been shown at this point`},
		{"inject while paused", nil, []Entry{inject(1, 0, "alarm"), {Seq: 2, Kind: KindPause, At: at(1)}, inject(3, 2, "takeover")},
			"entry 3: inject: the session is paused; resume it first"},
		{"resume without pause", nil, []Entry{inject(1, 0, "alarm"), {Seq: 2, Kind: KindResume, At: at(1)}},
			"entry 2: resume: the session is not paused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess := newSession()
			sess.Entries = tt.entries
			_, err := NewMachine(testScenario(), tt.ev, sess, testOpts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestMachine_RecordUnknownPracticeIs(t *testing.T) {
	m := newMachine(t, nil)
	mustAdvance(t, m, t0)
	_, err := m.Record(Entry{Kind: KindGap, At: at(1), PracticeID: "SEC99-BP01"})
	if !errors.Is(err, questions.ErrUnknownPractice) {
		t.Errorf("err = %v, want it to wrap questions.ErrUnknownPractice", err)
	}
	want := `record gap: practice: unknown practice "SEC99-BP01"`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "; text: missing; say what is missing") {
		t.Errorf("err = %v, want %s...; text: missing...", err, want)
	}
}

// A practice typed in lower case must reach the review as the bank spells
// it, or review.Assess, which matches ids exactly, drops the gap.
func TestMachine_RecordCanonicalPracticeReachesReview(t *testing.T) {
	m := newMachine(t, nil)
	mustAdvance(t, m, t0)
	mustRecord(t, m, Entry{Kind: KindGap, At: at(1), PracticeID: "sec10-bp01", Text: "no owner"})
	mustRecord(t, m, Entry{Kind: KindAction, At: at(2), Text: "Name an owner", Owner: "lee", Due: "2026-11-30", PracticeID: "sec10-bp01"})
	gaps, items := TabletopGaps(m.Session()), ActionItems(m.Session())
	if len(gaps) != 1 || gaps[0].PracticeID != "SEC10-BP01" || len(items) != 1 || items[0].PracticeID != "SEC10-BP01" {
		t.Errorf("gaps %+v items %+v, want practice SEC10-BP01", gaps, items)
	}
}

func TestNewMachine_NoStart(t *testing.T) {
	sess := newSession()
	sess.StartedAt = time.Time{}
	_, err := NewMachine(testScenario(), nil, sess, testOpts)
	if err == nil || err.Error() != "new session machine: session ttx-1 has no start time; set StartedAt to when the session began" {
		t.Errorf("err = %v", err)
	}
}

func TestNewMachine_WrongScenario(t *testing.T) {
	sess := newSession()
	sess.ScenarioID = "other"
	_, err := NewMachine(testScenario(), nil, sess, testOpts)
	if err == nil || err.Error() != `session ttx-1 plays scenario "other", not "test-root"` {
		t.Errorf("err = %v", err)
	}
}

func TestNewMachine_DefaultOptions(t *testing.T) {
	m, err := NewMachine(testScenario(), nil, newSession(), MachineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, m, t0)
	a := Entry{Kind: KindAction, At: at(1), Text: "Set a security contact", Owner: "lee", Due: "2026-11-30",
		PracticeID: "SEC10-BP01", CheckID: "account.security-contact"}
	mustRecord(t, m, a)
	a.CheckID = "account.no-such-check"
	if _, err := m.Record(a); err == nil || !strings.Contains(err.Error(), `unknown check "account.no-such-check"`) {
		t.Errorf("the built-in checks are the default: err = %v", err)
	}
}

// The first variant whose condition holds is read out, whichever outcome
// it names; the order of the variants decides when several hold.
func TestMachine_ShowVariants(t *testing.T) {
	mfaOn := Variant{ID: "mfa-on", When: Condition{Check: "iam.root-mfa", Is: OutcomePass},
		Narrative: "The password for {acct} was right, but the MFA prompt stopped them."}
	mfaOff := Variant{ID: "mfa-off", When: Condition{Check: "iam.root-mfa", Is: OutcomeFail},
		Narrative: "A phished password opens {acct}; no MFA stands in the way."}
	trailOff := Variant{ID: "trail-off", When: Condition{Check: "cloudtrail.multi-region", Is: OutcomeFail},
		Narrative: "Root of {acct} signed in, and no trail covers every region."}
	const generic = "Root of the production account signed in; the alert says {root}."
	tests := []struct {
		name      string
		variants  []Variant
		ev        *Evidence
		variant   string
		narrative string
		effect    Shaping // the variant's shaping item
	}{
		{"a variant on pass is chosen when the check passes", []Variant{mfaOn}, evidence(mfaPass),
			"mfa-on", "The password for the production account was right, but the MFA prompt stopped them.",
			Shaping{Check: "iam.root-mfa", Outcome: OutcomePass, Effect: "read the mfa-on variant"}},
		{"a variant on pass is not chosen when the check fails", []Variant{mfaOn}, evidence(mfaFail),
			"", "Root of arn:aws:iam::111122223333:root signed in; the alert says {root}.",
			Shaping{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: "no variant matches: the generic narrative"}},
		{"a variant on pass is not chosen without evidence", []Variant{mfaOn}, nil,
			"", generic,
			Shaping{Check: "iam.root-mfa", Outcome: OutcomeUnknown, Effect: "no evidence: the generic narrative", Generic: true}},
		{"both hold: the first wins", []Variant{mfaOff, trailOff}, evidence(mfaFail, trailFail),
			"mfa-off", "A phished password opens arn:aws:iam::111122223333:root; no MFA stands in the way.",
			Shaping{Check: "iam.root-mfa", Outcome: OutcomeFail, Effect: "read the mfa-off variant"}},
		{"both hold, listed the other way round: the first still wins", []Variant{trailOff, mfaOff}, evidence(mfaFail, trailFail),
			"trail-off", "Root of arn:aws:iam::111122223333:root signed in, and no trail covers every region.",
			Shaping{Check: "cloudtrail.multi-region", Outcome: OutcomeFail, Effect: "read the trail-off variant"}},
		{"only the second holds", []Variant{mfaOff, trailOff}, evidence(mfaPass, trailFail),
			"trail-off", "Root of the production account signed in, and no trail covers every region.",
			Shaping{Check: "cloudtrail.multi-region", Outcome: OutcomeFail, Effect: "read the trail-off variant"}},
		{"only the second holds, the first's check unknown", []Variant{mfaOff, trailOff}, evidence(trailFail),
			"trail-off", "Root of the production account signed in, and no trail covers every region.",
			Shaping{Check: "cloudtrail.multi-region", Outcome: OutcomeFail, Effect: "read the trail-off variant"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := testScenario()
			sc.Injects[0].Variants = tt.variants
			m, err := NewMachine(sc, tt.ev, newSession(), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			got := m.Show(&sc.Injects[0])
			if got.Variant != tt.variant || got.Narrative != tt.narrative {
				t.Errorf("variant %q narrative\n  %q\nwant %q\n  %q", got.Variant, got.Narrative, tt.variant, tt.narrative)
			}
			if !slices.Contains(got.Shaping, tt.effect) {
				t.Errorf("shaping %+v lacks %+v", got.Shaping, tt.effect)
			}
			// Advance records the same variant the room heard.
			if e := mustAdvance(t, m, t0); e.Variant != tt.variant {
				t.Errorf("inject entry variant = %q, want %q", e.Variant, tt.variant)
			}
		})
	}
}

// The built-in lost-root-account scenario takes the path its branches
// and nexts describe for each outcome of iam.root-mfa.
func TestMachine_LostRootAccount(t *testing.T) {
	bank := questions.MustDefault()
	list, err := Library(LoadOptions{Bank: bank})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Find(list, "lost-root-account")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		ev       *Evidence
		path     []string
		variants []string // the variant recorded on each inject entry, in path order
		first    string   // a phrase of the first inject's narrative as read out
	}{
		{"root MFA passing: the attacker turns to the recovery path", evidence(mfaPass),
			[]string{"root-login", "recovery-path", "support-call", "cleanup"},
			[]string{"mfa-on", "", "", "near-miss"},
			"failed console sign-in for the root user arn:aws:iam::111122223333:root from"},
		{"root MFA failing: the attacker takes the account", evidence(mfaFail),
			[]string{"root-login", "attacker-mfa", "persistence", "spend-and-contacts", "cleanup"},
			[]string{"mfa-off", "", "", "", ""},
			"console sign-in for the root user arn:aws:iam::111122223333:root from an address nobody recognises, and it succeeded"},
		{"no evidence: the generic story follows the file", nil,
			[]string{"root-login", "attacker-mfa", "persistence", "spend-and-contacts", "cleanup"},
			[]string{"", "", "", "", ""},
			"console sign-in for the root user of the production account from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess := newSession()
			sess.ScenarioID = sc.ID
			m, err := NewMachine(sc, tt.ev, sess, MachineOptions{Bank: bank})
			if err != nil {
				t.Fatal(err)
			}
			var variants []string
			for i := 0; !m.Ended(); i++ {
				if i > len(sc.Injects) {
					t.Fatal("the session never ends")
				}
				e := mustAdvance(t, m, at(i*10))
				if e.Kind == KindInject {
					variants = append(variants, e.Variant)
				}
				if i == 0 {
					if shown := m.Show(m.Current()); !strings.Contains(shown.Narrative, tt.first) || shown.Variant != e.Variant {
						t.Errorf("first inject read out as variant %q:\n  %q\nwant it to hold %q", shown.Variant, shown.Narrative, tt.first)
					}
				}
			}
			if got := m.Path(); !slices.Equal(got, tt.path) {
				t.Errorf("path = %v, want %v", got, tt.path)
			}
			if !slices.Equal(variants, tt.variants) {
				t.Errorf("variants = %q, want %q", variants, tt.variants)
			}
		})
	}
}

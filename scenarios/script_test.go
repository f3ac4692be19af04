package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/questions"
)

func readScript(t *testing.T, name string) *Script {
	t.Helper()
	file := filepath.Join("testdata", name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseScript(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseScript(t *testing.T) {
	s := readScript(t, "script-good.yaml")
	if s.Scenario != "test-root" || s.Facilitator != "sam" || !s.StartedAt.Equal(t0) || !s.EndedAt.Equal(at(75)) {
		t.Errorf("header = %q %q %s %s", s.Scenario, s.Facilitator, s.StartedAt, s.EndedAt)
	}
	wantP := []Participant{{Name: "dana", Role: "ir-lead"}, {Name: "lee", Role: "cloud-admin"}}
	if !reflect.DeepEqual(s.Participants, wantP) {
		t.Errorf("participants = %+v, want %+v", s.Participants, wantP)
	}
	type rec struct {
		line int
		kind EntryKind
		at   time.Time
	}
	want := [][]rec{
		{{13, KindClaim, at(0)}, {12, KindClaim, at(4)}, {10, KindNote, at(4)}, {15, KindDecision, at(6)}},
		{{23, KindClaim, at(20)}, {21, KindGap, at(20)}, {19, KindAction, at(20)}},
	}
	if len(s.Injects) != 2 || s.Injects[0].ID != "alarm" || s.Injects[1].ID != "takeover" ||
		s.Injects[0].Line != 7 || !s.Injects[1].At.Equal(at(12)) {
		t.Fatalf("injects = %+v", s.Injects)
	}
	for i, inj := range s.Injects {
		var got []rec
		for _, r := range inj.Records {
			got = append(got, rec{r.Line, r.Entry.Kind, r.Entry.At})
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("inject %s records (line, kind, at) =\n  %v\nwant\n  %v", inj.ID, got, want[i])
		}
	}
	action := s.Injects[1].Records[2]
	wantAction := Entry{Kind: KindAction, At: at(20), Text: "Move root email to a group mailbox", Owner: "lee",
		Due: "2026-11-30", PracticeID: "SEC01-BP02", CheckID: "account.security-contact"}
	if action.Field != "injects[1].actions[0]" || !reflect.DeepEqual(action.Entry, wantAction) {
		t.Errorf("action = %s %+v, want %+v", action.Field, action.Entry, wantAction)
	}
}

func TestParseScript_Errors(t *testing.T) {
	file := filepath.Join("testdata", "script-bad.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseScript(file, data)
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`testdata/script-bad.yaml:2: scenaro: unknown field (did you mean "scenario"?); allowed fields are scenario, facilitator, participants, started_at, injects, ended_at`,
		`testdata/script-bad.yaml:2: scenario: missing; name the scenario played, such as lost-root-account`,
		`testdata/script-bad.yaml:2: facilitator: missing; name who ran the session`,
		`testdata/script-bad.yaml:3: participants[1]: "lee" is not name:role; write it like "dana:ir-lead"`,
		`testdata/script-bad.yaml:3: participants[2]: dana is listed twice (first on line 3); list each person once`,
		`testdata/script-bad.yaml:4: started_at: "28/10/2026 14:00" is not a time; write it like 2026-10-28T14:00:00Z`,
		`testdata/script-bad.yaml:7: injects[0].at: "4m" is not a time; write an offset from started_at such as +15m, or a time such as 2026-10-28T14:15:00Z`,
		`testdata/script-bad.yaml:9: injects[0].claims[0].at: "+x" is not an offset; write it like +15m or +1h30m`,
		`testdata/script-bad.yaml:11: injects[1].id: missing; name the inject played`,
		`testdata/script-bad.yaml:13: injects[1].notes[0].who: unknown field; allowed fields are text, by, at`,
		`testdata/script-bad.yaml:14: ended_at: "tomorrow" is not a time; write an offset from started_at such as +15m, or a time such as 2026-10-28T14:15:00Z`,
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("errors =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	var pe *questions.ParseError
	if !errors.As(err, &pe) || pe.File != file || pe.Line == 0 {
		t.Errorf("error is not a *questions.ParseError with a line: %#v", pe)
	}
}

func TestParseScript_SmallErrors(t *testing.T) {
	const head = "scenario: test-root\nfacilitator: sam\nstarted_at: 2026-10-28T14:00:00Z\n"
	tests := []struct{ name, yaml, want string }{
		{"empty", "", "s.yaml:1: file is empty; a script needs scenario, facilitator, started_at and injects"},
		{"not a mapping", "- a\n- b\n", "s.yaml:1: a script must be a mapping with scenario, facilitator, started_at and injects"},
		{"bad YAML", "scenario: [\n", "s.yaml:1: not valid YAML"},
		{"wrong type", head + "injects: {id: alarm}\n", "s.yaml:4: injects: got a mapping of fields where a list belongs; fix the value's type"},
		{"no injects", head, "s.yaml:1: injects: the script plays no inject; list the injects in the order played"},
		{"inject without at", head + "injects:\n  - id: alarm\n", "s.yaml:5: injects[0].at: missing; give when the inject was shown, such as +15m"},
		{"negative offset", head + "injects:\n  - {id: alarm, at: +-5m}\n", `s.yaml:5: injects[0].at: "+-5m" is not an offset`},
		{"unknown record key with a suggestion", head + "injects:\n  - id: alarm\n    at: +0m\n    claims:\n      - {question: q, sayz: hi}\n",
			`s.yaml:8: injects[0].claims[0].sayz: unknown field (did you mean "says"?); allowed fields are question, by, stance, says, at`},
		{"comma inside a flow mapping", head + "injects:\n  - id: alarm\n    at: +0m\n    claims:\n      - {question: q, says: GuardDuty pages us, mostly}\n",
			`s.yaml:8: injects[0].claims[0].mostly: unknown field (a comma inside {...} ends the value before it; put that value in quotes)`},
		{"unknown inject key", head + "injects:\n  - id: alarm\n    at: +0m\n    note: hi\n",
			`s.yaml:7: injects[0].note: unknown field (did you mean "notes"?)`},
		{"record before its inject", head + "injects:\n  - id: alarm\n    at: +10m\n    notes:\n      - {text: early, at: +5m}\n",
			"s.yaml:8: injects[0].notes[0].at: +5m (2026-10-28T14:05:00Z) is before its inject alarm was shown (+10m (2026-10-28T14:10:00Z)); fix the time or move the note under the inject it belongs to"},
		{"record after the next inject", head + "injects:\n  - id: alarm\n    at: +0m\n    claims:\n      - question: who-pages\n        by: dana\n        says: we page\n        at: +1h20m\n  - {id: takeover, at: +1h15m}\n",
			"s.yaml:8: injects[0].claims[0].at: +1h20m (2026-10-28T15:20:00Z) is after the next inject takeover was shown (+1h15m (2026-10-28T15:15:00Z)); move the claim under that inject or fix its time"},
		{"inject before the one above it", head + "injects:\n  - {id: alarm, at: +20m}\n  - {id: takeover, at: +15m}\n",
			"s.yaml:6: injects[1].at: +15m (2026-10-28T14:15:00Z) is before inject alarm was shown (+20m (2026-10-28T14:20:00Z)); list the injects in the order played"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScript("s.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseScript_OneProblemPerError(t *testing.T) {
	const head = "scenario: test-root\nfacilitator: sam\nstarted_at: 2026-10-28T14:00:00Z\n"
	tests := []struct{ name, yaml, want string }{
		{"a key twice", head + "facilitator: lee\ninjects:\n  - {id: alarm, at: +0m}\n",
			"s.yaml:4: facilitator: field appears twice; keep one"},
		{"records at the very time of their inject and of the next", head +
			"injects:\n  - id: alarm\n    at: +0m\n    notes:\n      - {text: a, at: +0m}\n      - {text: b, at: +10m}\n  - {id: takeover, at: +10m}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScript("s.yaml", []byte(tt.yaml))
			if got := loadErrLines(err); strings.Join(got, "\n") != tt.want {
				t.Errorf("errors:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), tt.want)
			}
		})
	}
}

func TestParseScript_TimesInUTC(t *testing.T) {
	src := "scenario: test-root\nfacilitator: sam\nstarted_at: 2026-10-28T16:00:00+02:00\n" +
		"injects:\n  - id: alarm\n    at: 2026-10-28T16:05:00+02:00\n    notes:\n      - {text: hi, at: +10m}\nended_at: 2026-10-28T16:30:00+02:00\n"
	s, err := ParseScript("s.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	times := []time.Time{s.StartedAt, s.Injects[0].At, s.Injects[0].Records[0].Entry.At, s.EndedAt}
	want := []time.Time{t0, at(5), at(10), at(30)}
	for i, tm := range times {
		if tm.Location() != time.UTC || !tm.Equal(want[i]) {
			t.Errorf("time %d = %s, want %s in UTC", i, tm, want[i])
		}
	}
}

// A practice typed in lower case in a script is stored as the bank spells it.
func TestScript_PlayCanonicalPractice(t *testing.T) {
	src := "scenario: test-root\nfacilitator: sam\nstarted_at: 2026-10-28T14:00:00Z\ninjects:\n  - id: alarm\n    at: +0m\n" +
		"    gaps:\n      - {practice: sec10-bp01, note: no owner, at: +1m}\n" +
		"    actions:\n      - {title: Name an owner, owner: lee, due: 2026-11-30, practice: Sec10-Bp01, at: +2m}\n"
	s, err := ParseScript("s.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := newMachine(t, nil)
	if err := s.Play(m, nil); err != nil {
		t.Fatal(err)
	}
	es := m.Session().Entries
	if len(es) != 3 || es[1].Kind != KindGap || es[1].PracticeID != "SEC10-BP01" || es[2].Kind != KindAction || es[2].PracticeID != "SEC10-BP01" {
		t.Errorf("entries = %+v, want a gap and an action on SEC10-BP01", es)
	}
}

func TestScript_Play(t *testing.T) {
	s := readScript(t, "script-good.yaml")
	m := newMachine(t, evidence(mfaFail, gdPass))
	var committed []Entry
	if err := s.Play(m, func(e Entry) error { committed = append(committed, e); return nil }); err != nil {
		t.Fatal(err)
	}
	type row struct {
		seq      int
		kind     EntryKind
		inject   string
		min      int
		by       string
		question string
		verdict  Verdict
	}
	want := []row{
		{1, KindInject, "alarm", 0, "sam", "", ""},
		{2, KindClaim, "alarm", 0, "lee", "root-mfa-q", Contradicted},
		{3, KindClaim, "alarm", 4, "dana", "who-pages", Verified},
		{4, KindNote, "alarm", 4, "sam", "", ""},
		{5, KindDecision, "alarm", 6, "", "", ""},
		{6, KindInject, "takeover", 12, "sam", "", ""},
		{7, KindClaim, "alarm", 20, "dana", "who-pages", Verified},
		{8, KindGap, "takeover", 20, "lee", "", ""},
		{9, KindAction, "takeover", 20, "", "", ""},
		{10, KindEnd, "takeover", 75, "sam", "", ""},
	}
	var got []row
	for _, e := range m.Session().Entries {
		got = append(got, row{e.Seq, e.Kind, e.InjectID, int(e.At.Sub(t0) / time.Minute), e.By, e.QuestionID, e.Verdict})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries =\n  %v\nwant\n  %v", got, want)
	}
	if !reflect.DeepEqual(committed, m.Session().Entries) {
		t.Errorf("committed entries differ from the session's")
	}
	if first := m.Session().Entries[0]; first.Variant != "mfa-off" {
		t.Errorf("inject variant = %q, want mfa-off", first.Variant)
	}
	if !m.Ended() {
		t.Error("the session is not ended")
	}
	claim := m.Session().Entries[1]
	if claim.Stance != StanceYes || claim.Text != "Root has a hardware key" {
		t.Errorf("claim = %+v", claim)
	}
	// Replaying the stored log gives the same state.
	replayed, err := NewMachine(testScenario(), evidence(mfaFail, gdPass), &Session{ID: "ttx-1", ScenarioID: "test-root",
		StartedAt: t0, Entries: committed}, testOpts)
	if err != nil || !replayed.Ended() || !reflect.DeepEqual(replayed.Path(), m.Path()) {
		t.Errorf("replay: err %v, path %v, want %v", err, replayed.Path(), m.Path())
	}
}

func TestScript_PlayOpen(t *testing.T) {
	s := readScript(t, "script-good.yaml")
	s.EndedAt = time.Time{}
	m := newMachine(t, nil)
	if err := s.Play(m, nil); err != nil {
		t.Fatal(err)
	}
	type row struct {
		seq     int
		kind    EntryKind
		inject  string
		min     int
		verdict Verdict
	}
	// Without evidence every claim is unknown and the path is the file order.
	want := []row{
		{1, KindInject, "alarm", 0, ""},
		{2, KindClaim, "alarm", 0, Unknown},
		{3, KindClaim, "alarm", 4, Unknown},
		{4, KindNote, "alarm", 4, ""},
		{5, KindDecision, "alarm", 6, ""},
		{6, KindInject, "takeover", 12, ""},
		{7, KindClaim, "alarm", 20, Unknown},
		{8, KindGap, "takeover", 20, ""},
		{9, KindAction, "takeover", 20, ""},
	}
	var got []row
	for _, e := range m.Session().Entries {
		got = append(got, row{e.Seq, e.Kind, e.InjectID, int(e.At.Sub(t0) / time.Minute), e.Verdict})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries =\n  %v\nwant\n  %v", got, want)
	}
	if m.Ended() || m.Upcoming() != "lockdown" || m.Current() == nil || m.Current().ID != "takeover" {
		t.Errorf("open session: ended %v, upcoming %q, current %v", m.Ended(), m.Upcoming(), m.Current())
	}
}

func TestScript_PlayErrors(t *testing.T) {
	tests := []struct {
		name   string
		script string
		ev     *Evidence
		setup  func(t *testing.T, m *Machine)
		commit func(Entry) error
		want   string
	}{
		{"inject order disagrees with the evidence path", "script-wrong-path.yaml", evidence(mfaFail), nil, nil,
			"testdata/script-wrong-path.yaml:9: injects[1].id: the script plays inject recovery here, but the scenario goes to takeover " +
				"(evidence: run run-1; after alarm no branch holds (iam.root-mfa is fail, not pass), so takeover follows (the next inject in the file))"},
		{"a record the machine refuses", "script-bad-record.yaml", nil, nil, nil,
			`testdata/script-bad-record.yaml:11: injects[0].claims[1]: record claim: by: "zed" is not at the table; use one of dana, sam (facilitator)`},
		{"a session that already has entries", "script-good.yaml", nil,
			func(t *testing.T, m *Machine) { mustAdvance(t, m, t0) }, nil,
			"play testdata/script-good.yaml: the session already holds 1 entries; a script can only be played into a new, empty session"},
		{"commit fails", "script-good.yaml", nil, nil,
			func(e Entry) error {
				if e.Seq == 3 {
					return errors.New("disk full")
				}
				return nil
			},
			"play testdata/script-good.yaml: store entry 3: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := readScript(t, tt.script)
			sess := newSession()
			if tt.script == "script-bad-record.yaml" {
				sess.Participants = []Participant{{Name: "dana", Role: "ir-lead"}}
			}
			m, err := NewMachine(testScenario(), tt.ev, sess, testOpts)
			if err != nil {
				t.Fatal(err)
			}
			if tt.setup != nil {
				tt.setup(t, m)
			}
			err = s.Play(m, tt.commit)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err =\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
}

func TestScript_PlayWrongScenario(t *testing.T) {
	s := readScript(t, "script-good.yaml")
	sc := testScenario()
	sc.ID = "other"
	sess := newSession()
	sess.ScenarioID = "other"
	m, err := NewMachine(sc, nil, sess, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Play(m, nil)
	want := `testdata/script-good.yaml:2: scenario: the script is for scenario "test-root", but the session plays "other"`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

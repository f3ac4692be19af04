package scenarios

import (
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
)

// benchSession plays the embedded lost-root-account scenario with root MFA
// failing: every inject on the path, then notes and claims until the log
// holds n entries, one a minute.
func benchSession(b *testing.B, n int) (*Scenario, *Evidence, *Session, *questions.Bank) {
	b.Helper()
	bank := questions.MustDefault()
	list, err := Library(LoadOptions{Bank: bank})
	if err != nil {
		b.Fatal(err)
	}
	s, err := Find(list, "lost-root-account")
	if err != nil {
		b.Fatal(err)
	}
	ev := NewEvidence("run-bench", t0, []checks.Finding{
		{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111122223333", Resource: "arn:aws:iam::111122223333:root", Message: "no MFA"},
	})
	sess := &Session{ID: "ttx-bench", ScenarioID: s.ID, ScenarioVersion: s.Version, Facilitator: "sam",
		Participants: []Participant{{Name: "dana", Role: "ir-lead"}}, StartedAt: t0}
	m, err := NewMachine(s, ev, sess, MachineOptions{Bank: bank})
	if err != nil {
		b.Fatal(err)
	}
	minute := 0
	tick := func() time.Time { minute++; return t0.Add(time.Duration(minute) * time.Minute) }
	per := n / 6
	for !m.Ended() {
		if _, err := m.Advance(tick(), "sam"); err != nil {
			b.Fatal(err)
		}
		if m.Ended() {
			break
		}
		cur := m.Current()
		for i := 0; i < per && len(sess.Entries) < n-6; i++ {
			e := Entry{Kind: KindNote, At: tick(), By: "sam", Text: fmt.Sprintf("note %d", i)}
			if i%2 == 0 {
				e = Entry{Kind: KindClaim, At: e.At, By: "dana", QuestionID: cur.Questions[0].ID, Text: "we do"}
			}
			if _, err := m.Record(e); err != nil {
				b.Fatal(err)
			}
		}
	}
	return s, ev, sess, bank
}

// BenchmarkNewMachine_Replay measures what --resume and every report pay to
// rebuild a session's state from its stored log.
func BenchmarkNewMachine_Replay(b *testing.B) {
	for _, n := range []int{100, 2000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			s, ev, sess, bank := benchSession(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				replay := *sess
				if _, err := NewMachine(s, ev, &replay, MachineOptions{Bank: bank}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(sess.Entries)), "entries")
		})
	}
}

// BenchmarkBuildAfterAction measures building the after-action record.
func BenchmarkBuildAfterAction(b *testing.B) {
	s, _, sess, bank := benchSession(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if a := BuildAfterAction(s, sess, bank); len(a.Steps) == 0 {
			b.Fatal("no steps")
		}
	}
}

package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

var aarT0 = time.Date(2026, 10, 28, 14, 0, 0, 0, time.UTC)

// aarAt is aarT0 plus m minutes.
func aarAt(m int) time.Time { return aarT0.Add(time.Duration(m) * time.Minute) }

// aarScenario has four injects; "b" can be branched around.
func aarScenario() *Scenario {
	q := func(id string) []Question {
		return []Question{{ID: id + "-q1", Text: "?"}, {ID: id + "-q2", Text: "?"}}
	}
	return &Scenario{ID: "lost-root-account", Version: 2, Title: "We lost control of the root user",
		Injects: []Inject{
			{ID: "a", At: "T+0", Title: "Root signs in", TimeboxMin: 10, Questions: q("a"),
				Branches: []Branch{{When: Condition{Check: "iam.root-mfa", Is: OutcomePass}, Goto: "c"}}},
			{ID: "b", At: "T+15m", Title: "The password is reset", TimeboxMin: 10, Questions: q("b")},
			{ID: "c", At: "T+30m", Title: "The bill arrives", TimeboxMin: 5, Questions: q("c")},
			{ID: "d", At: "T+45m", Title: "Hardening", TimeboxMin: 10, Questions: q("d")},
		}}
}

// aarPlayed is a session that played a, branched to c and ended: a pause of four
// minutes in a, a claim on a's question made during c, gaps in lens order
// reversed, one note before the first inject.
func aarPlayed() *Session {
	shaping := []Shaping{{Check: "iam.root-mfa", Outcome: OutcomePass, Effect: "branch to c"}}
	return &Session{ID: "ttx-1", ScenarioID: "lost-root-account", ScenarioVersion: 2, Facilitator: "sam",
		EvidenceRun: "run-1", StartedAt: aarT0, Entries: []Entry{
			{Seq: 1, Kind: KindNote, At: aarAt(0), By: "sam", Text: "room is set"},
			{Seq: 2, Kind: KindInject, InjectID: "a", At: aarAt(0), Shaping: shaping},
			{Seq: 3, Kind: KindClaim, InjectID: "a", At: aarAt(4), By: "dana", QuestionID: "a-q1", Stance: StanceYes, Text: "pages", Verdict: Contradicted},
			{Seq: 4, Kind: KindPause, InjectID: "a", At: aarAt(6)},
			{Seq: 5, Kind: KindResume, InjectID: "a", At: aarAt(10)},
			{Seq: 6, Kind: KindDecision, InjectID: "a", At: aarAt(12), Text: "P1", Owner: "dana"},
			{Seq: 7, Kind: KindInject, InjectID: "c", At: aarAt(14), Variant: "big-bill"},
			{Seq: 8, Kind: KindGap, InjectID: "c", At: aarAt(15), By: "lee", PracticeID: "SEC10-BP01", Text: "nobody owns the mailbox"},
			{Seq: 9, Kind: KindClaim, InjectID: "a", At: aarAt(16), By: "lee", QuestionID: "a-q2", Stance: StanceNo, Text: "no", Verdict: Conceded},
			{Seq: 10, Kind: KindGap, InjectID: "c", At: aarAt(17), By: "dana", PracticeID: "SEC01-BP02", Text: "root email is personal"},
			{Seq: 11, Kind: KindAction, InjectID: "c", At: aarAt(18), Text: "Group mailbox", Owner: "lee", Due: "2026-11-30", PracticeID: "SEC01-BP02", CheckID: "account.security-contact"},
			{Seq: 12, Kind: KindGap, InjectID: "c", At: aarAt(19), By: "dana", PracticeID: "SEC10-BP01", Text: "no runbook"},
			{Seq: 13, Kind: KindEnd, At: aarAt(20)},
		}}
}

// aarOpen is a session still open, paused and never resumed.
func aarOpen() *Session {
	return &Session{ID: "ttx-2", ScenarioID: "lost-root-account", StartedAt: aarT0, Entries: []Entry{
		{Seq: 1, Kind: KindInject, InjectID: "a", At: aarAt(0)},
		{Seq: 2, Kind: KindNote, InjectID: "a", At: aarAt(3), Text: "slow start"},
		{Seq: 3, Kind: KindPause, InjectID: "a", At: aarAt(5)},
		{Seq: 4, Kind: KindNote, InjectID: "a", At: aarAt(30), Text: "lunch"},
	}}
}

// aarStepLine sums up a step for comparison.
func aarStepLine(s Step) string {
	return fmt.Sprintf("%s %q %s start=%s dur=%s box=%s over=%t variant=%q shaping=%d claims=%d decisions=%d gaps=%d actions=%d notes=%d",
		s.InjectID, s.Title, s.At, s.Start.Format("15:04"), s.Duration, s.Timebox, s.Over, s.Variant, len(s.Shaping),
		len(s.Claims), len(s.Decisions), len(s.Gaps), len(s.Actions), len(s.Notes))
}

func TestBuildAfterAction(t *testing.T) {
	bank := questions.MustDefault()
	title := func(id string) string {
		p, ok := bank.Practice(id)
		if !ok {
			t.Fatalf("practice %s not in the default bank", id)
		}
		return p.Title
	}
	for _, tt := range []struct {
		name     string
		s        *Scenario
		sess     *Session
		ended    bool
		endedAt  time.Time
		duration time.Duration
		evidence string
		steps    []string
		skipped  []string
		verdicts map[Verdict]int
		claims   []int      // seq of each claim
		gaps     [][]string // practice id, title, then entry seqs
		actions  []string
	}{
		{
			name: "played and ended", s: aarScenario(), sess: aarPlayed(),
			ended: true, endedAt: aarAt(20), duration: 16 * time.Minute, evidence: "run-1",
			steps: []string{
				// 14 minutes less a 4-minute pause: exactly the timebox, not over.
				`a "Root signs in" T+0 start=14:00 dur=10m0s box=10m0s over=false variant="" shaping=1 claims=2 decisions=1 gaps=0 actions=0 notes=1`,
				`c "The bill arrives" T+30m start=14:14 dur=6m0s box=5m0s over=true variant="big-bill" shaping=0 claims=0 decisions=0 gaps=3 actions=1 notes=0`,
			},
			skipped:  []string{"b", "d"},
			verdicts: map[Verdict]int{Verified: 0, Contradicted: 1, Unknown: 0, Conceded: 1, NotCheckable: 0},
			claims:   []int{3, 9},
			gaps: [][]string{
				{"SEC01-BP02", title("SEC01-BP02"), "10"},
				{"SEC10-BP01", title("SEC10-BP01"), "8", "12"},
			},
			actions: []string{"ttx-1#11 lost-root-account c Group mailbox lee 2026-11-30 SEC01-BP02 account.security-contact 14:18 state="},
		},
		{
			name: "open and paused", s: aarScenario(), sess: aarOpen(),
			duration: 5 * time.Minute,
			steps: []string{
				// Runs to the last entry; the pause never resumed is excluded.
				`a "Root signs in" T+0 start=14:00 dur=5m0s box=10m0s over=false variant="" shaping=0 claims=0 decisions=0 gaps=0 actions=0 notes=2`,
			},
			skipped:  []string{"b", "c", "d"},
			verdicts: map[Verdict]int{Verified: 0, Contradicted: 0, Unknown: 0, Conceded: 0, NotCheckable: 0},
		},
		{
			name: "nothing recorded", s: aarScenario(), sess: &Session{ID: "ttx-3", StartedAt: aarT0},
			skipped:  []string{"a", "b", "c", "d"},
			verdicts: map[Verdict]int{Verified: 0, Contradicted: 0, Unknown: 0, Conceded: 0, NotCheckable: 0},
		},
		{
			name: "scenario file gone", s: nil, sess: aarPlayed(),
			ended: true, endedAt: aarAt(20), duration: 16 * time.Minute, evidence: "run-1",
			steps: []string{
				`a "a"  start=14:00 dur=10m0s box=0s over=false variant="" shaping=1 claims=2 decisions=1 gaps=0 actions=0 notes=1`,
				`c "c"  start=14:14 dur=6m0s box=0s over=false variant="big-bill" shaping=0 claims=0 decisions=0 gaps=3 actions=1 notes=0`,
			},
			skipped:  []string{},
			verdicts: map[Verdict]int{Verified: 0, Contradicted: 1, Unknown: 0, Conceded: 1, NotCheckable: 0},
			claims:   []int{3, 9},
			gaps: [][]string{
				{"SEC01-BP02", title("SEC01-BP02"), "10"},
				{"SEC10-BP01", title("SEC10-BP01"), "8", "12"},
			},
			actions: []string{"ttx-1#11 lost-root-account c Group mailbox lee 2026-11-30 SEC01-BP02 account.security-contact 14:18 state="},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := BuildAfterAction(tt.s, tt.sess, bank)
			if a.Ended != tt.ended || !a.EndedAt.Equal(tt.endedAt) || a.Duration != tt.duration || a.Evidence != tt.evidence {
				t.Errorf("ended %t at %s, duration %s, evidence %q; want %t at %s, %s, %q",
					a.Ended, a.EndedAt, a.Duration, a.Evidence, tt.ended, tt.endedAt, tt.duration, tt.evidence)
			}
			if a.Session.ID != tt.sess.ID || len(a.Session.Entries) != len(tt.sess.Entries) || a.Scenario != tt.s {
				t.Errorf("header or scenario not carried: %+v", a.Session)
			}
			var steps []string
			for _, s := range a.Steps {
				steps = append(steps, aarStepLine(s))
			}
			if !reflect.DeepEqual(steps, tt.steps) {
				t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(tt.steps, "\n"))
			}
			if !reflect.DeepEqual(a.Skipped, tt.skipped) {
				t.Errorf("skipped %v, want %v", a.Skipped, tt.skipped)
			}
			if !reflect.DeepEqual(a.Verdicts, tt.verdicts) {
				t.Errorf("verdicts %v, want %v", a.Verdicts, tt.verdicts)
			}
			var claims []int
			for _, c := range a.Claims {
				claims = append(claims, c.Seq)
			}
			if !reflect.DeepEqual(claims, tt.claims) {
				t.Errorf("claims %v, want %v", claims, tt.claims)
			}
			var gaps [][]string
			for _, g := range a.Gaps {
				row := []string{g.PracticeID, g.Title}
				for _, e := range g.Entries {
					row = append(row, fmt.Sprint(e.Seq))
				}
				if p, _ := bank.Practice(g.PracticeID); p.Risk != g.Risk {
					t.Errorf("%s risk %q, want %q", g.PracticeID, g.Risk, p.Risk)
				}
				gaps = append(gaps, row)
			}
			if !reflect.DeepEqual(gaps, tt.gaps) {
				t.Errorf("gaps %v, want %v", gaps, tt.gaps)
			}
			var actions []string
			for _, it := range a.Actions {
				actions = append(actions, aarActionLine(it))
			}
			if !reflect.DeepEqual(actions, tt.actions) {
				t.Errorf("actions %v, want %v", actions, tt.actions)
			}
		})
	}
}

func aarActionLine(it review.ActionItem) string {
	return strings.Join([]string{it.ID, it.ScenarioID, it.InjectID, it.Title, it.Owner, it.Due, it.PracticeID, it.CheckID,
		it.CreatedAt.Format("15:04"), "state=" + string(it.State)}, " ")
}

func TestBuildAfterAction_GapsWithoutBank(t *testing.T) {
	a := BuildAfterAction(aarScenario(), aarPlayed(), nil)
	var got []string
	for _, g := range a.Gaps {
		got = append(got, fmt.Sprintf("%s %q %d", g.PracticeID, g.Title, len(g.Entries)))
	}
	// Without a bank: the order first recorded, no titles.
	if want := []string{`SEC10-BP01 "" 2`, `SEC01-BP02 "" 1`}; !reflect.DeepEqual(got, want) {
		t.Errorf("gaps %v, want %v", got, want)
	}
}

func TestBuildAfterAction_UnknownPracticeLast(t *testing.T) {
	sess := aarPlayed()
	sess.Entries = append(sess.Entries[:12:12], Entry{Seq: 13, Kind: KindGap, InjectID: "c", At: aarAt(19), PracticeID: "XYZ-BP01", Text: "?"},
		Entry{Seq: 14, Kind: KindEnd, At: aarAt(20)})
	a := BuildAfterAction(aarScenario(), sess, questions.MustDefault())
	var got []string
	for _, g := range a.Gaps {
		got = append(got, g.PracticeID)
	}
	if want := []string{"SEC01-BP02", "SEC10-BP01", "XYZ-BP01"}; !reflect.DeepEqual(got, want) {
		t.Errorf("gap order %v, want %v", got, want)
	}
	if g := a.Gaps[2]; g.Title != "" || g.Risk != "" {
		t.Errorf("unknown practice has title %q risk %q", g.Title, g.Risk)
	}
}

func TestActionItemsAndTabletopGaps(t *testing.T) {
	sess := aarPlayed()
	items := ActionItems(sess)
	if len(items) != 1 {
		t.Fatalf("%d action items, want 1", len(items))
	}
	want := review.ActionItem{ID: "ttx-1#11", SessionID: "ttx-1", ScenarioID: "lost-root-account", InjectID: "c",
		Title: "Group mailbox", Owner: "lee", Due: "2026-11-30", PracticeID: "SEC01-BP02", CheckID: "account.security-contact", CreatedAt: aarAt(18)}
	if !reflect.DeepEqual(items[0], want) {
		t.Errorf("action item %+v, want %+v", items[0], want)
	}
	gaps := TabletopGaps(sess)
	wantGaps := []review.TabletopGap{
		{PracticeID: "SEC10-BP01", SessionID: "ttx-1", ScenarioID: "lost-root-account", InjectID: "c", Note: "nobody owns the mailbox", By: "lee", At: aarAt(15)},
		{PracticeID: "SEC01-BP02", SessionID: "ttx-1", ScenarioID: "lost-root-account", InjectID: "c", Note: "root email is personal", By: "dana", At: aarAt(17)},
		{PracticeID: "SEC10-BP01", SessionID: "ttx-1", ScenarioID: "lost-root-account", InjectID: "c", Note: "no runbook", By: "dana", At: aarAt(19)},
	}
	if !reflect.DeepEqual(gaps, wantGaps) {
		t.Errorf("tabletop gaps %+v, want %+v", gaps, wantGaps)
	}
	empty := &Session{ID: "ttx-0"}
	if items, gaps := ActionItems(empty), TabletopGaps(empty); items == nil || len(items) != 0 || gaps == nil || len(gaps) != 0 {
		t.Errorf("empty session: %v %v, want empty non-nil lists", items, gaps)
	}
}

package reports

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
)

var ttxStart = time.Date(2026, 10, 28, 14, 0, 0, 0, time.UTC)

// ttxDigest is the SHA-256 of the scenario file the session played, and
// ttxRecorded when the scribe's script of it was stored.
const ttxDigest = "9f2c3b1a0d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"

var ttxRecorded = time.Date(2026, 10, 29, 9, 15, 0, 0, time.UTC)

// ttxAt is the session start plus m minutes.
func ttxAt(m int) time.Time { return ttxStart.Add(time.Duration(m) * time.Minute) }

// ttxScenario is a four-inject scenario: a probe and a variant on
// iam.root-mfa, a branch that skips the second inject when root MFA passes,
// an artifact whose text holds a fence of its own, and questions with and
// without checks.
func ttxScenario() *scenarios.Scenario {
	return &scenarios.Scenario{
		ID: "lost-root-account", Version: 1, Framework: "2026-05",
		Digest:      ttxDigest,
		Title:       "We lost control of the root user",
		Summary:     "Someone signs in as root at night. The team has to find out how, lock it down and recover the account.",
		Objective:   "Establish who is paged for root activity, who holds the root MFA device and how the account is recovered.",
		Audience:    "Platform and security on-call",
		DurationMin: 60,
		Roles: []scenarios.Role{
			{ID: "ir-lead", Title: "Incident lead", Brief: "Runs the response and makes the calls"},
			{ID: "cloud-admin", Title: "Cloud administrator", Brief: "Knows the accounts and who can reach root"},
		},
		Practices: []string{"SEC01-BP02", "SEC02-BP01"},
		Injects: []scenarios.Inject{
			{
				ID: "root-login", At: "T+0", Title: "Root signs in at 02:14", TimeboxMin: 10,
				Narrative: "The pager fires: the root user of {acct} signed in to the console from an address nobody knows.\n\nThe on-call engineer is asleep.",
				Variants: []scenarios.Variant{{ID: "mfa-off", When: scenarios.Condition{Check: "iam.root-mfa", Is: scenarios.OutcomeFail},
					Narrative: "The pager fires: the root user of {acct} signed in with the password alone. Root has no MFA."}},
				Artifacts: []scenarios.Artifact{{Kind: "log", Title: "CloudTrail event",
					Text: "{\"eventName\": \"ConsoleLogin\",\n \"userIdentity\": {\"type\": \"Root\"}}\n```\nnot the end of the block\n```"}},
				Questions: []scenarios.Question{
					{ID: "root-protected", Text: "How is root protected, and who holds its MFA device?", Practices: []string{"SEC01-BP02"}, Checks: []string{"iam.root-mfa"}},
					{ID: "who-is-paged", Text: "Who is paged for root activity?", Checks: []string{"org.member"}},
				},
				Facilitator: scenarios.Notes{GoodAnswer: []string{"names the person who holds the MFA device", "a rule on root sign-in pages a person"},
					Hints: []string{"Ask who last saw the MFA device."}},
				Probes:   []scenarios.Probe{{ID: "acct", Check: "iam.root-mfa", Fallback: "the production account"}},
				Branches: []scenarios.Branch{{When: scenarios.Condition{Check: "iam.root-mfa", Is: scenarios.OutcomePass}, Goto: "recovery"}},
			},
			{
				ID: "password-reset", At: "T+15m", Title: "A password reset mail arrives", TimeboxMin: 10,
				Narrative: "Finance forwards a mail: the root password was reset an hour ago.",
				Questions: []scenarios.Question{
					{ID: "who-owns-mailbox", Text: "Who reads the root user's mailbox?", Practices: []string{"SEC01-BP02"}},
					{ID: "reset-seen", Text: "Would anyone have noticed the reset?"},
				},
				Facilitator: scenarios.Notes{GoodAnswer: []string{"a group mailbox several people read"}},
			},
			{
				ID: "recovery", At: "T+30m", Title: "Getting the account back", TimeboxMin: 10,
				Narrative: "Support asks for proof that you own the account.",
				Questions: []scenarios.Question{
					{ID: "recovery-proof", Text: "What proof can you give, and who holds it?", Checks: []string{"guardduty.enabled"}},
					{ID: "recovery-time", Text: "How long would recovery take?"},
				},
				Facilitator: scenarios.Notes{GoodAnswer: []string{"the account's payment details and phone number are current"}},
			},
			{
				ID: "lessons", At: "T+1h", Title: "What we change on Monday", TimeboxMin: 5,
				Narrative: "The account is back. What changes?",
				Questions: []scenarios.Question{
					{ID: "monday", Text: "What is the first change?"},
					{ID: "owner", Text: "Who owns it?"},
				},
				Facilitator: scenarios.Notes{GoodAnswer: []string{"an owner and a date"}},
			},
		},
	}
}

// ttxEvidence fails iam.root-mfa (the variant is read, no branch) and passes
// org.member; guardduty.enabled has no findings.
func ttxEvidence() *scenarios.Evidence {
	return scenarios.NewEvidence("run-20261027T090000Z-abcd", time.Date(2026, 10, 27, 9, 0, 0, 0, time.UTC), []checks.Finding{
		{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111111111111", Resource: "arn:aws:iam::111111111111:root", Message: "root has no MFA"},
		{CheckID: "org.member", Status: checks.Pass, Account: "111111111111", Resource: "111111111111", Message: "member of o-abc"},
	})
}

// ttxSession plays the scenario through the machine: claims verified,
// contradicted, conceded and unknown, a decision, a pause, gaps, an action,
// a note, an over-run on the third inject, and an end before the fourth.
func ttxSession(t testing.TB, s *scenarios.Scenario, ev *scenarios.Evidence, bank *questions.Bank) *scenarios.Session {
	t.Helper()
	sess := &scenarios.Session{ID: "ttx-20261028T140000Z-1a2b3c4d", Workload: "payments", ScenarioID: s.ID, ScenarioVersion: s.Version,
		ScenarioDigest: s.Digest, Facilitator: "sam", Participants: []scenarios.Participant{{Name: "dana", Role: "ir-lead"}, {Name: "lee", Role: "cloud-admin"}},
		EvidenceRun: ev.RunID, Mode: "script", StartedAt: ttxStart, RecordedAt: ttxRecorded}
	m, err := scenarios.NewMachine(s, ev, sess, scenarios.MachineOptions{Bank: bank, KnownCheck: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	advance := func(min int) {
		t.Helper()
		if _, err := m.Advance(ttxAt(min), "sam"); err != nil {
			t.Fatal(err)
		}
	}
	record := func(min int, e scenarios.Entry) {
		t.Helper()
		e.At = ttxAt(min)
		if _, err := m.Record(e); err != nil {
			t.Fatal(err)
		}
	}
	advance(0)
	record(4, scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: "root-protected", By: "dana", Text: "root has MFA and the device is in the safe"})
	record(5, scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: "who-is-paged", By: "lee", Stance: scenarios.StancePartly, Text: "the org's security team"})
	record(7, scenarios.Entry{Kind: scenarios.KindDecision, Text: "Treat it as a P1", Owner: "dana", Rationale: "root is in play"})
	record(8, scenarios.Entry{Kind: scenarios.KindPause, By: "sam"})
	record(11, scenarios.Entry{Kind: scenarios.KindResume, By: "sam"})
	record(12, scenarios.Entry{Kind: scenarios.KindGap, PracticeID: "SEC01-BP02", Text: "nobody knows where the root MFA device is", By: "lee"})
	advance(14)
	record(16, scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: "who-owns-mailbox", By: "dana", Stance: scenarios.StanceNo, Text: "it is a former employee's address"})
	record(20, scenarios.Entry{Kind: scenarios.KindAction, Text: "Move the root email to a group mailbox", Owner: "lee", Due: "2026-11-30", PracticeID: "SEC01-BP02", CheckID: "iam.root-mfa"})
	record(22, scenarios.Entry{Kind: scenarios.KindGap, PracticeID: "SEC02-BP01", Text: "break-glass users have no MFA", By: "dana"})
	record(25, scenarios.Entry{Kind: scenarios.KindNote, Text: "finance joined late", By: "sam"})
	advance(30)
	record(35, scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: "recovery-proof", By: "lee", Text: "GuardDuty would tell us"})
	record(36, scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: "root-protected", By: "lee", Stance: scenarios.StanceNo, Text: "nobody has tested the MFA device this year"})
	record(38, scenarios.Entry{Kind: scenarios.KindAction, Text: "Write the root recovery runbook", Owner: "dana", Due: "2026-10-31", PracticeID: "SEC02-BP01"})
	record(46, scenarios.Entry{Kind: scenarios.KindEnd, By: "sam"})
	return sess
}

// ttxAfterAction is the played session's record with its action items
// resolved: the root MFA item is done by a later run, the runbook overdue.
func ttxAfterAction(t testing.TB, bank *questions.Bank) scenarios.AfterAction {
	s, ev := ttxScenario(), ttxEvidence()
	a := scenarios.BuildAfterAction(s, ttxSession(t, s, ev, bank), bank)
	a.Actions = review.ResolveActions(a.Actions, []review.CheckOutcome{
		{RunID: "run-20261101T090000Z-ef01", At: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), CheckID: "iam.root-mfa", Account: "111111111111", Pass: 1},
	}, nil, now)
	return a
}

// ttxRunOptions are o with the session's evidence run as o.Evidence, as
// `scenario report` passes it: the header gives the run's finish time.
func ttxRunOptions(o Options) Options {
	ev := ttxEvidence()
	o.Evidence = &Evidence{RunID: ev.RunID, ObservedAt: ev.ObservedAt}
	return o
}

func TestGolden_Tabletop(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	a := ttxAfterAction(t, o.Bank)
	ao := ttxRunOptions(o)
	rev, ro := tabletopReview(t, a)
	po := PackOptions{Version: "test", Bank: o.Bank, Evidence: ttxEvidence()}
	generic := PackOptions{Version: "test", Bank: o.Bank}
	for _, tt := range []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"pack.md", func() ([]byte, error) { return PackMarkdown(s, po) }},
		{"pack.html", func() ([]byte, error) { return PackHTML(s, po) }},
		{"pack-generic.md", func() ([]byte, error) { return PackMarkdown(s, generic) }},
		{"aar.md", func() ([]byte, error) { return AfterActionMarkdown(a, ao) }},
		{"aar.html", func() ([]byte, error) { return AfterActionHTML(a, ao) }},
		{"review-tabletop.md", func() ([]byte, error) { return Markdown(rev, ro) }},
		{"review-tabletop.html", func() ([]byte, error) { return HTML(rev, ro) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, b, "testdata/"+tt.name+".golden")
		})
	}
}

// tabletopReview is the fixture's review with the session's gaps and
// actions joined, and the session for the "Tabletop exercises" section.
func tabletopReview(t testing.TB, a scenarios.AfterAction) (review.Assessment, Options) {
	base, o := fixture(t, "root has MFA, held by dana")
	sess := a.Session
	at := time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC)
	rev := review.Assess(review.Input{
		Workload: base.Workload, Bank: o.Bank, Checks: o.Evidence.Checks, Findings: o.Evidence.Findings[:2], Now: now,
		Answers: []review.Answer{
			{PracticeID: "SEC01-BP02", Status: review.Met, Note: "root has MFA, held by dana", By: "dana", At: at},
			{PracticeID: "SEC02-BP06", Status: review.Partial, By: "lee", At: at},
		},
		Tabletop: scenarios.TabletopGaps(&sess), Actions: a.Actions,
	})
	o.Sessions = []scenarios.AfterAction{a}
	return rev, o
}

func TestAfterAction_Content(t *testing.T) {
	_, o := fixture(t, "fine")
	a := ttxAfterAction(t, o.Bank)
	b, err := AfterActionMarkdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	last := -1
	for _, h := range []string{"# After-action report: We lost control of the root user", "## Objective", "## Participants", "## Timeline",
		"## Inject by inject", "### 1. Root signs in at 02:14", "### 2. A password reset mail arrives", "### 3. Getting the account back",
		"## Claims against evidence", "## Gaps by practice", "### SEC01-BP02", "### SEC02-BP01", "## Improvement plan"} {
		i := strings.Index(s, h)
		if i <= last {
			t.Errorf("%q missing or out of order", h)
		}
		last = i
	}
	for _, want := range []string{
		"| Duration | 43\u00a0min, pauses excluded |",
		"| Evidence | run run-20261027T090000Z-abcd: the narrative and the verdicts come from its findings |",
		"3 of 4 injects played; 5 claims (1 verified, 1 contradicted, 1 unknown, 1 conceded, 1 not checkable)",
		// 14 minutes less the 3-minute pause.
		"| 1 | Root signs in at 02:14 | T+0 | 14:00 | 11\u00a0min | 10\u00a0min | **over by 1\u00a0min** |",
		"| 3 | Getting the account back | T+30m | 14:30 | 16\u00a0min | 10\u00a0min | **over by 6\u00a0min** | none: nothing in this inject depends on evidence |",
		"Not played (branched around or ended before): 4. What we change on Monday (T+1h).",
		"Inject 3 of 4 in the scenario, read out at 14:30 (scenario time T+30m)",
		"| How is root protected, and who holds its MFA device? | dana | yes | root has MFA and the device is in the safe | **contradicted** |",
		"| 1 | How is root protected, and who holds its MFA device? | dana | yes: root has MFA and the device is in the safe | **contradicted** | iam.root-mfa fail 111111111111: root has no MFA |",
		"| 14:07 | Treat it as a P1 | dana | root is in play |",
		"- 14:25 sam: finance joined late",
		"| Move the root email to a group mailbox | lee | 2026-11-30 | SEC01-BP02 Secure account root user and properties | iam.root-mfa | done (run run-20261101T090000Z-ef01, 2026-11-01) |",
		"| Write the root recovery runbook | dana | 2026-10-31 | SEC02-BP01 Use strong sign-in mechanisms | none | open, overdue |",
		"- nobody knows where the root MFA device is (lee, Root signs in at 02:14, 14:12)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("after-action report lacks %q", want)
		}
	}
}

func TestAfterAction_OpenGenericSession(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	sess := &scenarios.Session{ID: "ttx-open", ScenarioID: s.ID, ScenarioVersion: 1, Facilitator: "sam", StartedAt: ttxStart}
	m, err := scenarios.NewMachine(s, nil, sess, scenarios.MachineOptions{Bank: o.Bank})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Advance(ttxAt(0), "sam"); err != nil {
		t.Fatal(err)
	}
	a := scenarios.BuildAfterAction(s, sess, o.Bank)
	b, err := AfterActionMarkdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"| Ended | not ended: the session is still open |", "| Evidence | generic narrative: no evidence collected |",
		"| 1 | Root signs in at 02:14 | T+0 | 14:00 | 0\u00a0min | 10\u00a0min | no | generic: no evidence |", "Nothing was recorded for this inject.",
		"No claims were recorded.", "No gaps were recorded.", "No action items were agreed.", "No participants were recorded."} {
		if !strings.Contains(md, want) {
			t.Errorf("open session report lacks %q:\n%s", want, md)
		}
	}
	// Without the scenario file the ids stand in for titles.
	a = scenarios.BuildAfterAction(nil, sess, o.Bank)
	b, err = AfterActionMarkdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if md := string(b); !strings.Contains(md, "# After-action report: lost-root-account") || !strings.Contains(md, "Not available: the scenario file was not found.") ||
		!strings.Contains(md, "| 1 | root-login |") {
		t.Errorf("report without the scenario:\n%s", md)
	}
}

func TestAfterAction_Provenance(t *testing.T) {
	_, o := fixture(t, "fine")
	render := func(a scenarios.AfterAction, o Options) string {
		t.Helper()
		b, err := AfterActionMarkdown(a, o)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a := ttxAfterAction(t, o.Bank)
	changed := *a.Scenario
	changed.Version, changed.Digest = 2, "0000aaaa"+ttxDigest[8:]
	edited := changed
	edited.Version = 1
	played := a
	played.Scenario = &changed
	editedOnly := a
	editedOnly.Scenario = &edited
	live := a
	live.Session.Mode, live.Session.ScenarioDigest, live.Session.RecordedAt = "interactive", "", ttxStart
	for _, tt := range []struct {
		name      string
		a         scenarios.AfterAction
		o         Options
		want, not []string
	}{
		{"script with its run", a, ttxRunOptions(o), []string{
			"| Scenario | lost-root-account, version 1, sha256 9f2c3b1a0d4e… |\n| Session | ttx-20261028T140000Z-1a2b3c4d |\n",
			"| Mode | script: typed up from a script, recorded 2026-10-29 09:15 UTC |",
			"| Evidence | run run-20261027T090000Z-abcd, finished 2026-10-27 09:00 UTC: the narrative and the verdicts come from its findings |",
		}, []string{"Note:"}},
		// Options whose evidence is another run say nothing of when the
		// session's run finished.
		{"another run in the options", a, o, []string{
			"| Evidence | run run-20261027T090000Z-abcd: the narrative and the verdicts come from its findings |",
		}, []string{"finished"}},
		{"scenario changed", played, o, []string{
			"| Scenario | lost-root-account, version 1, sha256 9f2c3b1a0d4e… |",
			"| Generated | by warroom test |\n\n> **Note:** the scenario has changed since this session (version 1 → 2); titles and questions are from the current file.\n\n",
		}, nil},
		{"edited without a new version", editedOnly, o, []string{
			"> **Note:** the scenario has changed since this session (still version 1: the file was edited without a new version); titles and questions are from the current file.",
		}, nil},
		{"interactive without a digest", live, o, []string{
			"| Scenario | lost-root-account, version 1, digest not recorded |",
			"| Mode | interactive: recorded entry by entry as the room played it |",
		}, []string{"Note:", "recorded 2026"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			md := render(tt.a, tt.o)
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("report lacks %q:\n%s", w, md[:min(len(md), 1500)])
				}
			}
			for _, n := range tt.not {
				if i := strings.Index(md, "## Objective"); strings.Contains(md[:i], n) {
					t.Errorf("header holds %q:\n%s", n, md[:i])
				}
			}
		})
	}
}

func TestScenarioChange(t *testing.T) {
	s := ttxScenario() // version 1, digest ttxDigest
	for _, tt := range []struct {
		name    string
		s       *scenarios.Scenario
		version int
		digest  string
		want    string
	}{
		{"same file", s, 1, ttxDigest, ""},
		{"file gone", nil, 1, ttxDigest, ""},
		{"new version", s, 2, "other", "the scenario has changed since this session (version 2 → 1); titles and questions are from the current file"},
		{"edited in place", s, 1, "other", "the scenario has changed since this session (still version 1: the file was edited without a new version); titles and questions are from the current file"},
		{"no digest, same version", s, 1, "", ""},
		{"no digest, other version", s, 3, "", "the scenario has changed since this session (version 3 → 1); titles and questions are from the current file"},
	} {
		a := scenarios.AfterAction{Scenario: tt.s, Session: scenarios.Session{ScenarioVersion: tt.version, ScenarioDigest: tt.digest}}
		if got := ScenarioChange(a); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPack_Content(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	b, err := PackMarkdown(s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ttxEvidence()})
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	last := -1
	for _, h := range []string{"# Facilitator pack: We lost control of the root user", "## Objective", "## Roles", "## Practices exercised", "## Agenda",
		"## 1. Root signs in at 02:14", "### Read aloud", "### Artifacts", "### Questions", "### Facilitator notes",
		"## 2. A password reset mail arrives", "## 4. What we change on Monday", "## Participant handout: We lost control of the root user",
		"### 1. Root signs in at 02:14 (T+0)", "### 4. What we change on Monday (T+1h)"} {
		i := strings.Index(md, h)
		if i <= last {
			t.Errorf("%q missing or out of order", h)
		}
		last = i
	}
	for _, want := range []string{
		// The variant chosen by evidence, its placeholder filled with the failing resource.
		"> The pager fires: the root user of arn:aws:iam::111111111111:root signed in with the password alone. Root has no MFA.",
		"| SEC01-BP02 | Secure account root user and properties | high |",
		"| 1 | T+0 | Root signs in at 02:14 | 10\u00a0min | if iam.root-mfa is pass, 3. Getting the account back; otherwise 2. A password reset mail arrives |",
		"| 2 | T+15m | A password reset mail arrives | 10\u00a0min | 3. Getting the account back |",
		"| 4 | T+1h | What we change on Monday | 5\u00a0min | the end |",
		"1. root-protected: judged against iam.root-mfa; practices SEC01-BP02",
		"2. who-is-paged: judged against org.member",
		"1. who-owns-mailbox: not checkable: discussion only; practices SEC01-BP02",
		"**Evidence.** Shaped by run run-20261027T090000Z-abcd:",
		"- iam.root-mfa fail: read the mfa-off variant",
		"**Evidence.** Nothing in this inject depends on evidence.",
		"If the room is stuck:\n\n- Ask who last saw the MFA device.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("pack lacks %q", want)
		}
	}

	g, err := PackMarkdown(s, PackOptions{Version: "test", Bank: o.Bank})
	if err != nil {
		t.Fatal(err)
	}
	gm := string(g)
	for _, want := range []string{
		"> The pager fires: the root user of the production account signed in to the console from an address nobody knows.\n>\n> The on-call engineer is asleep.",
		"| Evidence | generic: no evidence collected, so every inject reads its generic narrative |",
		"**Evidence.** Generic: no evidence. With evidence, iam.root-mfa would shape this inject.",
		"**Evidence.** Generic: no evidence.\n",
	} {
		if !strings.Contains(gm, want) {
			t.Errorf("generic pack lacks %q", want)
		}
	}
}

// TestPack_HandoutHasNoNotes: nothing only the facilitator should see (good
// answers, hints, question ids, checks, evidence) is in the handout, in
// Markdown or in HTML.
func TestPack_HandoutHasNoNotes(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	check := func(t *testing.T, s *scenarios.Scenario, po PackOptions) {
		t.Helper()
		md, err := PackMarkdown(s, po)
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(string(md), "\n## Participant handout: ")
		if i < 0 {
			t.Fatal("no participant handout")
		}
		handout := string(md[i:])
		page, err := PackHTML(s, po)
		if err != nil {
			t.Fatal(err)
		}
		j := strings.Index(string(page), `<section class="handout">`)
		if j < 0 {
			t.Fatal("no handout section in html")
		}
		htmlHandout := html.UnescapeString(string(page[j:]))
		if strings.Contains(string(page[:j]), `class="handout`) {
			t.Error("handout sections before the handout")
		}
		var secret []string
		for _, inj := range s.Injects {
			secret = append(secret, inj.Facilitator.GoodAnswer...)
			secret = append(secret, inj.Facilitator.Hints...)
			for _, q := range inj.Questions {
				secret = append(secret, q.ID+":")
				secret = append(secret, q.Checks...)
			}
			for _, p := range inj.Probes {
				secret = append(secret, p.Check)
			}
		}
		secret = append(secret, "Facilitator notes", "good answer", "judged against", "Evidence.", "Then:")
		for _, sec := range secret {
			plain := strings.Join(strings.Fields(sec), " ")
			if strings.Contains(handout, EscapeMarkdown(sec)) || strings.Contains(htmlHandout, plain) {
				t.Errorf("handout shows facilitator material %q", sec)
			}
		}
		// Everything the room needs is there.
		for _, inj := range s.Injects {
			for _, q := range inj.Questions {
				if !strings.Contains(htmlHandout, strings.Join(strings.Fields(q.Text), " ")) {
					t.Errorf("handout lacks question %q", q.Text)
				}
			}
			for _, a := range inj.Artifacts {
				if !strings.Contains(htmlHandout, a.Title) {
					t.Errorf("handout lacks artifact %q", a.Title)
				}
			}
		}
	}
	t.Run("fixture", func(t *testing.T) { check(t, s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ttxEvidence()}) })
	lib, err := scenarios.Library(scenarios.LoadOptions{})
	if err != nil {
		t.Fatalf("library: %v", err)
	}
	for _, ls := range lib {
		t.Run(ls.ID, func(t *testing.T) { check(t, ls, PackOptions{Version: "test", Bank: questions.MustDefault()}) })
	}
}

func TestPack_PrintCSS(t *testing.T) {
	_, o := fixture(t, "fine")
	b, err := PackHTML(ttxScenario(), PackOptions{Version: "test", Bank: o.Bank})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"section.inject, section.handout, section.handout-inject { break-before: page; }",
		`http-equiv="Content-Security-Policy"`, "<title>Facilitator pack: We lost control of the root user</title>",
		"Generated by warroom test. Self-contained",
		// Tables keep their right border in print and wrap on narrow screens.
		"border-collapse: separate; border-spacing: 0;", "overflow-wrap: anywhere; }",
		// Question lists stay whole; the notes box may split.
		"section.handout-inject ol { break-inside: avoid; }"} {
		if !strings.Contains(s, want) {
			t.Errorf("pack html lacks %q", want)
		}
	}
	if n := strings.Count(s, `<section class="inject">`); n != 4 {
		t.Errorf("%d inject sections, want 4", n)
	}
	if n := strings.Count(s, `<section class="handout-inject">`); n != 4 {
		t.Errorf("%d handout inject sections, want 4", n)
	}
	if strings.Contains(s, "<svg") {
		t.Error("the pack draws the review's chart")
	}
	if regexp.MustCompile(`section\.notes[^{]*\{[^}]*break-inside`).MatchString(s) {
		t.Error("the facilitator-notes box is kept whole on one page")
	}
}

func TestReview_TabletopSection(t *testing.T) {
	_, o := fixture(t, "fine")
	rev, ro := tabletopReview(t, ttxAfterAction(t, o.Bank))
	b, err := Markdown(rev, ro)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	plan, tab, details := strings.Index(md, "## Improvement plan"), strings.Index(md, "## Tabletop exercises"), strings.Index(md, "## Questions in detail")
	if plan < 0 || tab < plan || details < tab {
		t.Fatalf("tabletop section not between the plan and the details:\n%s", md)
	}
	section := md[tab:details]
	for _, want := range []string{
		"### We lost control of the root user, 2026-10-28",
		"Session ttx-20261028T140000Z-1a2b3c4d, scenario lost-root-account version 1, facilitated by sam with dana (ir-lead), lee (cloud-admin); shaped by run run-20261027T090000Z-abcd.",
		"Claims: 1 verified, 1 contradicted, 1 unknown, 1 conceded, 1 not checkable.",
		`- dana on "How is root protected, and who holds its MFA device?": "root has MFA and the device is in the safe"; basis: iam.root-mfa fail 111111111111: root has no MFA`,
		"- SEC01-BP02 Secure account root user and properties: nobody knows where the root MFA device is (lee)",
		"- SEC02-BP01 Use strong sign-in mechanisms: break-glass users have no MFA (dana)",
		"| Write the root recovery runbook | dana | 2026-10-31 | SEC02-BP01 Use strong sign-in mechanisms | none | open, overdue |",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("tabletop section lacks %q:\n%s", want, section)
		}
	}
	for _, want := range []string{
		"| SEC01-BP02 Secure account root user and properties (contradiction) (tabletop) |",
		"Agreed in a tabletop: Move the root email to a group mailbox: lee, due 2026-11-30, done (run run-20261101T090000Z-ef01, 2026-11-01).",
		"Agreed in a tabletop: Write the root recovery runbook: dana, due 2026-10-31, open, overdue.",
	} {
		if !strings.Contains(md[plan:tab], want) {
			t.Errorf("plan lacks %q:\n%s", want, md[plan:tab])
		}
	}
	// Without sessions the report is as before: no section, no marks.
	base, bo := fixture(t, "fine")
	b, err = Markdown(base, bo)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Tabletop") || strings.Contains(string(b), "tabletop") {
		t.Error("a review without sessions mentions tabletops")
	}
}

func TestFence(t *testing.T) {
	for _, text := range []string{"plain", "```", "a ``` b\n```\nc", "````go\nx\n````", "`", "``x``", "", "line\r\nline", "  indented\n\ttab"} {
		block := fence(text)
		var b bytes.Buffer
		if err := markdown.Convert([]byte(block+"\n\nafter"), &b); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		want := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		code := regexp.MustCompile(`(?s)^<pre><code>(.*?)</code></pre>\n<p>after</p>\n$`).FindStringSubmatch(got)
		if code == nil {
			t.Errorf("fence(%q) does not render as one code block then a paragraph:\n%s", text, got)
			continue
		}
		if c := strings.TrimSuffix(html.UnescapeString(code[1]), "\n"); c != want {
			t.Errorf("fence(%q) renders as %q", text, c)
		}
	}
}

func TestBlockquote(t *testing.T) {
	for in, want := range map[string]string{
		"one\n\ntwo":          "> one\n>\n> two",
		"1. not a list":       `> 1\. not a list`,
		"    not code":        "> not code",
		"# not a heading":     `> \# not a heading`,
		"":                    "> (no narrative)",
		"a\nb\n \nc":          "> a b\n>\n> c",
		"> nested\n\n- item":  "> \\> nested\n>\n> \\- item",
		"2) also not a list":  `> 2\) also not a list`,
		"<b>x</b> [y](z)":     `> \<b\>x\</b\> \[y\](z)`,
		"tab\there\r\n\r\nok": "> tab here\n>\n> ok",
	} {
		if got := blockquote(in); got != want {
			t.Errorf("blockquote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDurationAndClockLabels(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0\u00a0min", 45 * time.Second: "45\u00a0s", 12*time.Minute + 30*time.Second: "12\u00a0min 30\u00a0s",
		75 * time.Minute: "1\u00a0h 15\u00a0min", 2 * time.Hour: "2\u00a0h"} {
		if got := durationLabel(d); got != want {
			t.Errorf("durationLabel(%s) = %q, want %q", d, got, want)
		}
	}
	if got := clockLabel(ttxAt(90), ttxStart); got != "15:30" {
		t.Errorf("same day: %q", got)
	}
	if got := clockLabel(ttxAt(24*60+5), ttxStart); got != "2026-10-29 14:05" {
		t.Errorf("next day: %q", got)
	}
}

// TestTabletopHostileInput: names, claims, notes, scenario text and AWS
// values with markup, links, pipes and backticks render as text everywhere:
// pack, after-action report and review, Markdown and HTML.
func TestTabletopHostileInput(t *testing.T) {
	_, o := fixture(t, "fine")
	bad := "<script>alert(1)</script> ](javascript:alert(1)) [x](javascript:alert(1)) | pipe | `tick` <img src=x onerror=alert(1)>"
	// A scribe's multi-line text whose lines would be a heading, a list
	// item and a fence if they started a Markdown line.
	lines := bad + "\n# heading\n- item\n```\n" + bad + "\n\n    1. code"
	s := ttxScenario()
	s.Title = "Root " + bad
	s.Objective = bad
	s.Roles[0].Brief = bad
	in := &s.Injects[0]
	in.Title = bad
	in.Narrative = "1. " + bad + " {acct}\n\n    " + bad
	in.Variants = nil
	in.Artifacts = []scenarios.Artifact{{Kind: "log", Title: bad, Text: "```\n</code></pre><script>alert(1)</script>\n````\n" + bad}}
	in.Questions[0].Text = bad
	in.Facilitator.GoodAnswer = []string{bad}
	ev := scenarios.NewEvidence("run-<b>1</b>", ttxStart, []checks.Finding{
		{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111111111111", Resource: "<script>alert(2)</script>", Message: bad},
	})
	sess := &scenarios.Session{ID: "ttx-1", ScenarioID: s.ID, ScenarioVersion: 1, Facilitator: "<img src=x onerror=alert(3)>",
		Participants: []scenarios.Participant{{Name: "[dana](javascript:alert(4))", Role: "ir-lead"}, {Name: "lee | x", Role: "cloud-admin"}},
		EvidenceRun:  ev.RunID, Workload: bad, StartedAt: ttxStart}
	m, err := scenarios.NewMachine(s, ev, sess, scenarios.MachineOptions{Bank: o.Bank, KnownCheck: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { _, err := m.Advance(ttxAt(0), "sam"); return err },
		func() error {
			_, err := m.Record(scenarios.Entry{Kind: scenarios.KindClaim, At: ttxAt(1), QuestionID: "root-protected", By: "[dana](javascript:alert(4))", Text: lines})
			return err
		},
		func() error {
			_, err := m.Record(scenarios.Entry{Kind: scenarios.KindDecision, At: ttxAt(2), Text: bad, Owner: "lee | x", Rationale: bad})
			return err
		},
		func() error {
			_, err := m.Record(scenarios.Entry{Kind: scenarios.KindGap, At: ttxAt(3), PracticeID: "SEC01-BP02", Text: lines, By: "lee | x"})
			return err
		},
		func() error {
			_, err := m.Record(scenarios.Entry{Kind: scenarios.KindAction, At: ttxAt(4), Text: bad, Owner: bad, Due: "2026-12-01", PracticeID: "SEC01-BP02", CheckID: "iam.root-mfa"})
			return err
		},
		func() error {
			_, err := m.Record(scenarios.Entry{Kind: scenarios.KindNote, At: ttxAt(5), Text: "1. " + lines, By: "sam"})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	a := scenarios.BuildAfterAction(s, sess, o.Bank)
	rev, ro := tabletopReview(t, a)

	live := regexp.MustCompile(`<(a|img|script|iframe|b|em|code)\b|href=|onerror=alert\(\d\)>`)
	for _, tt := range []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"pack", func() ([]byte, error) { return PackHTML(s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ev}) }},
		{"aar", func() ([]byte, error) { return AfterActionHTML(a, o) }},
		{"review", func() ([]byte, error) { return HTML(rev, ro) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			// Code blocks are the only place <code> may appear: as <pre><code>.
			page = strings.ReplaceAll(page, "<pre><code>", "<pre>")
			if m := live.FindString(page); m != "" {
				t.Errorf("html carries live markup from input: %q", m)
			}
			if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the hostile text is not shown escaped")
			}
			// The finding's resource fills the narrative (pack) and its message the basis (report, review).
			if !strings.Contains(page, "&lt;script&gt;alert(2)&lt;/script&gt;") && !strings.Contains(page, "fail 111111111111: &lt;script&gt;alert(1)") {
				t.Error("the hostile AWS values are not shown escaped")
			}
			// Multi-line text keeps its breaks and starts no block.
			if m := regexp.MustCompile(`<h[1-6]>heading|<li>item|<li>code|<ol start|<li>1\. code`).FindString(page); m != "" {
				t.Errorf("a scribe's line became markup: %q", m)
			}
			if tt.name != "pack" {
				if strings.Contains(page, "<pre") {
					t.Error("a scribe's fence line opened a code block")
				}
				if !strings.Contains(page, "<br>\n# heading<br>\n- item<br>\n```<br>\n") {
					t.Error("a scribe's line breaks are lost")
				}
			}
			// Tables keep their shape although values hold pipes.
			for _, table := range regexp.MustCompile(`(?s)<table>.*?</table>`).FindAllString(page, -1) {
				head, body, _ := strings.Cut(table, "</thead>")
				cols := len(regexp.MustCompile(`<th[ >]`).FindAllString(head, -1))
				for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(body, -1) {
					if n := strings.Count(row, "<td"); n != cols {
						t.Errorf("row has %d cells, its table %d:\n%s", n, cols, row)
					}
				}
			}
		})
	}

	// The artifact's fence holds: the hostile closing fences stay inside
	// one code block, and the questions that follow are a heading.
	md, err := PackMarkdown(s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ev})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := markdown.Convert(md, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "<pre><code>```\n&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n````\n") {
		t.Errorf("artifact text escaped its fence:\n%s", out)
	}
	if !strings.Contains(out, "</code></pre>\n<h3>Questions</h3>") {
		t.Error("the questions after the artifact are not a heading")
	}
	if !strings.Contains(out, "<blockquote>\n<p>1. &lt;script&gt;") || !strings.Contains(out, "<p>&lt;script&gt;alert(1)&lt;/script&gt; ](javascript:alert(1))") {
		t.Errorf("the narrative is not a plain quote (no list, no code block):\n%s", out)
	}
}

func TestActionStateLabel(t *testing.T) {
	runAt := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		it   review.ActionItem
		want string
	}{
		{review.ActionItem{}, "open"},
		{review.ActionItem{State: review.ActionOpen, Overdue: true}, "open, overdue"},
		{review.ActionItem{State: review.ActionDone, Run: "run-1", RunAt: runAt}, "done (run run-1, 2026-11-01)"},
		{review.ActionItem{State: review.ActionRegressed, Run: "run-<2>", RunAt: runAt, Overdue: true}, `**regressed (run run-\<2\>, 2026-11-01)**, overdue`},
		{review.ActionItem{State: review.ActionDone, ClosedBy: "lee|<b>", ClosedAt: runAt}, `done (by lee\|\<b\>, 2026-11-01)`},
	} {
		if got := actionStateLabel(tt.it); got != tt.want {
			t.Errorf("actionStateLabel(%+v) = %q, want %q", tt.it, got, tt.want)
		}
	}
	got := planActions([]review.ActionItem{{Title: "a | b", Owner: "lee", Due: "2026-11-30", State: review.ActionOpen}, {Title: "c", Owner: "dana"}})
	if want := `a \| b: lee, due 2026-11-30, open; c: dana, open`; got != want {
		t.Errorf("planActions = %q, want %q", got, want)
	}
}

func TestScenarioRoutes(t *testing.T) {
	s := ttxScenario()
	rs := scenarioRoutes(s)
	var got []string
	for _, r := range rs {
		got = append(got, strings.Join(r.IDs, ","))
	}
	want := []string{"root-login,recovery,lessons", "root-login,password-reset,recovery,lessons"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("routes %q, want %q", got, want)
	}
	// A second branch on the same check cannot hold on the fall-through
	// route of the first, so it adds no route.
	s.Injects[1].Branches = []scenarios.Branch{{When: scenarios.Condition{Check: "iam.root-mfa", Is: scenarios.OutcomePass}, Goto: "lessons"}}
	if rs := scenarioRoutes(s); len(rs) != 2 {
		t.Errorf("%d routes with an impossible branch, want 2", len(rs))
	}
	// A branch on unknown does hold without evidence: three routes.
	s.Injects[1].Branches = []scenarios.Branch{{When: scenarios.Condition{Check: "guardduty.enabled", Is: scenarios.OutcomeUnknown}, Goto: "lessons"}}
	rs = scenarioRoutes(s)
	if len(rs) != 3 {
		t.Fatalf("%d routes, want 3", len(rs))
	}
	want3 := "Alternative: played when iam.root-mfa passes, or when iam.root-mfa does not pass and guardduty.enabled has evidence; otherwise the session skips this inject."
	if got := alternativeLabel(s, rs, "recovery"); got != want3 {
		t.Errorf("recovery: %q, want %q", got, want3)
	}
	if got := alternativeLabel(s, rs, "root-login"); got != "" {
		t.Errorf("first inject labelled %q", got)
	}
}

// TestPack_Routes: without evidence the alternative injects are marked on
// both sides and the duration is a range; with evidence the pages and the
// handout follow its path and the injects off it are listed as such.
func TestPack_Routes(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	g, err := PackMarkdown(s, PackOptions{Version: "test", Bank: o.Bank})
	if err != nil {
		t.Fatal(err)
	}
	gm := string(g)
	for _, want := range []string{
		"| Duration | 60\u00a0min planned; the timeboxes add up to 25–35\u00a0min, depending on the route |",
		"| 2 | T+15m | A password reset mail arrives (alternative) | 10\u00a0min |",
		"| 3 | T+30m | Getting the account back | 10\u00a0min |",
		"## 2. A password reset mail arrives\n\nScenario time T+15m; timebox 10\u00a0min.\n\n**Alternative: played when iam.root-mfa does not pass; otherwise the session skips this inject.**",
		"### 2. A password reset mail arrives (T+15m)\n\n_Alternative scene — the facilitator hands out only the one played._",
	} {
		if !strings.Contains(gm, want) {
			t.Errorf("generic pack lacks %q", want)
		}
	}
	if n := strings.Count(gm, "Alternative scene"); n != 1 {
		t.Errorf("%d handout scenes marked alternative, want 1", n)
	}

	// An alternative that replaces others names them.
	alt := ttxScenario()
	alt.Injects[1].Next = "lessons"
	rs := scenarioRoutes(alt)
	if got, want := alternativeLabel(alt, rs, "recovery"), "Alternative to inject 2: played when iam.root-mfa passes."; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if got, want := alternativeLabel(alt, rs, "password-reset"), "Alternative to inject 3: played when iam.root-mfa does not pass."; got != want {
		t.Errorf("label %q, want %q", got, want)
	}

	// Evidence that passes root MFA takes the branch around inject 2.
	ev := scenarios.NewEvidence("run-pass", ttxStart, []checks.Finding{
		{CheckID: "iam.root-mfa", Status: checks.Pass, Account: "111111111111", Resource: "arn:aws:iam::111111111111:root"},
	})
	b, err := PackMarkdown(s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ev})
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{
		"| Duration | 60\u00a0min planned; the timeboxes on this account's path add up to 25\u00a0min |",
		"Not on this account's path, so left out of the pages that follow and of the handout: 2. A password reset mail arrives.",
		"## Not on this account's path",
		"- Inject 2, A password reset mail arrives (T+15m, timebox 10\u00a0min): Not on this account's path (evidence: run run-pass, iam.root-mfa pass): played when iam.root-mfa does not pass.",
		"## 3. Getting the account back",
		"### 3. Getting the account back (T+30m)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("pack with evidence lacks %q", want)
		}
	}
	for _, bad := range []string{"## 2. A password reset mail arrives", "### 2. A password reset mail arrives", "Finance forwards a mail", "(alternative)", "Alternative scene"} {
		if strings.Contains(md, bad) {
			t.Errorf("pack with evidence shows %q, which its path never plays", bad)
		}
	}
	h, err := PackHTML(s, PackOptions{Version: "test", Bank: o.Bank, Evidence: ev})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(h), `<section class="inject">`); n != 3 {
		t.Errorf("%d inject pages, want 3", n)
	}
	if n := strings.Count(string(h), `<section class="handout-inject">`); n != 3 {
		t.Errorf("%d handout scenes, want 3", n)
	}
}

// TestAfterAction_ScenarioNumbers: a session that branched around inject 2
// numbers the injects it played as the scenario (and the pack) does.
func TestAfterAction_ScenarioNumbers(t *testing.T) {
	_, o := fixture(t, "fine")
	s := ttxScenario()
	ev := scenarios.NewEvidence("run-pass", ttxStart, []checks.Finding{{CheckID: "iam.root-mfa", Status: checks.Pass, Account: "1", Resource: "1"}})
	sess := &scenarios.Session{ID: "ttx-pass", ScenarioID: s.ID, ScenarioVersion: 1, Facilitator: "sam", EvidenceRun: ev.RunID, StartedAt: ttxStart}
	m, err := scenarios.NewMachine(s, ev, sess, scenarios.MachineOptions{Bank: o.Bank})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 10} {
		if _, err := m.Advance(ttxAt(at), "sam"); err != nil {
			t.Fatal(err)
		}
	}
	b, err := AfterActionMarkdown(scenarios.BuildAfterAction(s, sess, o.Bank), o)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"| 3 | Getting the account back | T+30m | 14:10 |", "### 3. Getting the account back",
		"Inject 3 of 4 in the scenario, read out at 14:10", "Not played (branched around or ended before): 2. A password reset mail arrives (T+15m), 4. What we change on Monday (T+1h)."} {
		if !strings.Contains(md, want) {
			t.Errorf("after-action report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "### 2.") {
		t.Error("the second inject played is numbered 2, not as the scenario numbers it")
	}
}

// TestEscapeLines: a scribe's line breaks survive as hard breaks in a
// paragraph and a list item, and no line can start a heading, list, quote,
// fence or code block.
func TestEscapeLines(t *testing.T) {
	in := "first line\n# heading\n- item\n```\ncode?\n```\n\n    indented\r\n1. one\n> quote\n---\n<b>x</b> ends with \\"
	for _, tt := range []struct{ prefix, open, close string }{
		{"", "<p>", "</p>\n"},
		{"- 14:25 sam: ", "<ul>\n<li>14:25 sam: ", "</li>\n</ul>\n"},
	} {
		var b bytes.Buffer
		if err := markdown.Convert([]byte(tt.prefix+escapeLines(in)+"\n"), &b); err != nil {
			t.Fatal(err)
		}
		want := tt.open + "first line<br>\n# heading<br>\n- item<br>\n```<br>\ncode?<br>\n```<br>\nindented<br>\n1. one<br>\n&gt; quote<br>\n---<br>\n&lt;b&gt;x&lt;/b&gt; ends with \\" + tt.close
		if got := b.String(); got != want {
			t.Errorf("%q renders as\n%s\nwant\n%s", tt.prefix, got, want)
		}
	}
	if got := escapeLines("one line"); got != "one line" {
		t.Errorf("escapeLines(one line) = %q", got)
	}
}

package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/scenarios"
)

// PackOptions are what a facilitator pack is rendered with.
type PackOptions struct {
	Version string          // warroom version
	Bank    *questions.Bank // practice titles and risks; optional
	// Evidence shapes the narrative as a session would (real resource names,
	// variants, branches); nil gives the generic text throughout.
	Evidence *scenarios.Evidence
	// Generic says why a pack without evidence is generic; "" reads "no
	// evidence collected".
	Generic string
}

// packView is a scenario as the pack shows it.
type packView struct {
	S         *scenarios.Scenario
	Version   string
	Evidence  *scenarios.Evidence
	Generic   string // why there is no evidence
	Practices []practiceRow
	// Injects are the injects the facilitator pages and the handout show:
	// with evidence the path it selects, without every inject.
	Injects []packInject
	// OffPath are, with evidence, the injects its path does not reach.
	OffPath   []packInject
	Timeboxes string // escaped: what the timeboxes add up to, "35 min" or "25–35 min, depending on the route"
	Routes    int    // routes through the scenario
}

type practiceRow struct {
	ID, Title string
	Risk      string
}

type packInject struct {
	N         int
	In        *scenarios.Inject
	Shown     scenarios.Shown
	Artifacts []packArtifact
	Questions []packQuestion
	Route     string   // escaped: where the session goes after this inject
	Shaping   []string // escaped: how the evidence shaped it
	Checks    string   // escaped: the checks that can shape it
	Evidence  bool
	RunID     string
	// Alt is, without evidence, why the inject is not played on every
	// route ("alternative to inject 2: played when iam.root-mfa passes"),
	// escaped; "" for an inject every route plays.
	Alt string
	// OffPath is, with evidence, why the inject is not on the account's
	// path, escaped; "" for an inject on the path.
	OffPath string
}

type packArtifact struct {
	Kind, Title string
	Block       string // a fenced code block the text cannot break out of
}

type packQuestion struct {
	Q      scenarios.Question
	Judged string // escaped: what a claim on the question is judged against
}

func newPackView(s *scenarios.Scenario, o PackOptions) (packView, error) {
	if s == nil {
		return packView{}, errors.New("render pack: no scenario")
	}
	v := packView{S: s, Version: o.Version, Evidence: o.Evidence, Generic: o.Generic}
	if v.Generic == "" {
		v.Generic = "no evidence collected"
	}
	for _, id := range s.Practices {
		r := practiceRow{ID: id}
		if o.Bank != nil {
			if p, ok := o.Bank.Practice(id); ok {
				r.Title, r.Risk = p.Title, string(p.Risk)
			}
		}
		v.Practices = append(v.Practices, r)
	}
	// The pack renders every inject the way a session with this evidence
	// would read it out: through the machine, with an empty session.
	m, err := scenarios.NewMachine(s, o.Evidence, &scenarios.Session{ScenarioID: s.ID, StartedAt: packClock}, scenarios.MachineOptions{Bank: o.Bank})
	if err != nil {
		return v, fmt.Errorf("render pack of %s: %w", s.ID, err)
	}
	rs := scenarioRoutes(s)
	v.Routes = len(rs)
	var path []string
	if o.Evidence != nil {
		if path, err = evidencePath(s, o.Evidence, o.Bank); err != nil {
			return v, err
		}
	}
	for i := range s.Injects {
		inj := &s.Injects[i]
		pi := packInject{N: i + 1, In: inj, Shown: m.Show(inj), Route: route(s, i), Evidence: o.Evidence != nil}
		if o.Evidence != nil {
			pi.RunID = o.Evidence.RunID
			if !slices.Contains(path, inj.ID) {
				pi.OffPath = offPathLabel(s, rs, inj.ID, o.Evidence)
				v.OffPath = append(v.OffPath, pi)
				continue
			}
		} else {
			pi.Alt = alternativeLabel(s, rs, inj.ID)
		}
		for _, a := range inj.Artifacts {
			pi.Artifacts = append(pi.Artifacts, packArtifact{Kind: a.Kind, Title: a.Title, Block: fence(a.Text)})
		}
		for _, q := range inj.Questions {
			j := "not checkable: discussion only"
			if len(q.Checks) > 0 {
				j = "judged against " + joinEscaped(q.Checks, ", ")
			}
			if len(q.Practices) > 0 {
				j += "; practices " + joinEscaped(q.Practices, ", ")
			}
			pi.Questions = append(pi.Questions, packQuestion{Q: q, Judged: j})
		}
		for _, sh := range pi.Shown.Shaping {
			pi.Shaping = append(pi.Shaping, EscapeMarkdown(sh.Check)+" "+EscapeMarkdown(string(sh.Outcome))+": "+EscapeMarkdown(sh.Effect))
		}
		pi.Checks = joinEscaped(shapingChecks(inj), ", ")
		v.Injects = append(v.Injects, pi)
	}
	if o.Evidence != nil {
		n := 0
		for _, pi := range v.Injects {
			n += pi.In.TimeboxMin
		}
		v.Timeboxes = minutes(n)
	} else {
		v.Timeboxes = timeboxRange(s, rs)
	}
	return v, nil
}

// minutes reads n minutes with a non-breaking space, so "10 min" never
// wraps between the number and the unit.
func minutes(n int) string { return fmt.Sprintf("%d\u00a0min", n) }

// timeboxRange says what the timeboxes add up to across the routes: one
// sum when every route takes as long, else the shortest and the longest.
func timeboxRange(s *scenarios.Scenario, rs []scenarioRoute) string {
	tb := map[string]int{}
	for _, inj := range s.Injects {
		tb[inj.ID] = inj.TimeboxMin
	}
	lo, hi := -1, 0
	for _, r := range rs {
		n := 0
		for _, id := range r.IDs {
			n += tb[id]
		}
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	switch {
	case lo < 0:
		return minutes(0)
	case lo == hi:
		return minutes(lo)
	}
	return fmt.Sprintf("%d–%s, depending on the route", lo, minutes(hi))
}

// packClock is the fixed start of the throwaway sessions a pack renders
// and walks injects with; no time from it reaches the output.
var packClock = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// evidencePath walks the scenario from its first inject the way a session
// with this evidence would, on a throwaway session, and returns the ids of
// the injects it plays.
func evidencePath(s *scenarios.Scenario, ev *scenarios.Evidence, bank *questions.Bank) ([]string, error) {
	at := packClock
	m, err := scenarios.NewMachine(s, ev, &scenarios.Session{ScenarioID: s.ID, StartedAt: at}, scenarios.MachineOptions{Bank: bank})
	if err != nil {
		return nil, fmt.Errorf("render pack of %s: %w", s.ID, err)
	}
	for range len(s.Injects) + 1 {
		if m.Upcoming() == scenarios.End {
			break
		}
		if _, err := m.Advance(at, "pack"); err != nil {
			return nil, fmt.Errorf("render pack of %s: walk the path of run %s: %w", s.ID, ev.RunID, err)
		}
	}
	return m.Path(), nil
}

// outcomeSet is a set of check outcomes, one bit each.
type outcomeSet uint8

const anyOutcome outcomeSet = 7

func outcomeBit(o scenarios.Outcome) outcomeSet {
	switch o {
	case scenarios.OutcomeFail:
		return 1
	case scenarios.OutcomePass:
		return 2
	case scenarios.OutcomeUnknown:
		return 4
	}
	return 0
}

// scenarioRoute is one way through a scenario: the injects played, in
// order, and the outcomes each check must have for the session to take it
// (a check not listed may have any outcome).
type scenarioRoute struct {
	IDs  []string
	When map[string]outcomeSet
}

// maxRoutes bounds the routes a pack considers; scenarios have a handful.
const maxRoutes = 256

// scenarioRoutes lists every route through the scenario from its first
// inject: at each inject every branch whose condition can still hold (the
// branches before it not holding), and the fall-through when no branch
// holds. Routes with the same injects are merged; their conditions widen.
func scenarioRoutes(s *scenarios.Scenario) []scenarioRoute {
	index := map[string]int{}
	for i := range s.Injects {
		index[s.Injects[i].ID] = i
	}
	var out []scenarioRoute
	add := func(ids []string, when map[string]outcomeSet) {
		for i := range out {
			if slices.Equal(out[i].IDs, ids) {
				merged := map[string]outcomeSet{}
				for c, set := range out[i].When {
					if w, ok := when[c]; ok {
						merged[c] = set | w
					}
				}
				out[i].When = merged
				return
			}
		}
		out = append(out, scenarioRoute{IDs: ids, When: when})
	}
	var walk func(i int, ids []string, when map[string]outcomeSet)
	goTo := func(target string, ids []string, when map[string]outcomeSet) {
		j, ok := index[target]
		if target == scenarios.End || !ok || len(ids) > len(s.Injects) {
			add(ids, when)
			return
		}
		walk(j, ids, when)
	}
	walk = func(i int, ids []string, when map[string]outcomeSet) {
		if len(out) >= maxRoutes {
			return
		}
		inj := &s.Injects[i]
		ids = append(slices.Clone(ids), inj.ID)
		rest := cloneWhen(when)
		for _, b := range inj.Branches {
			c, bit := b.When.Check, outcomeBit(b.When.Is)
			if set := allowed(rest, c) & bit; set != 0 {
				taken := cloneWhen(rest)
				taken[c] = set
				goTo(b.Goto, ids, taken)
			}
			rest[c] = allowed(rest, c) &^ bit
			if rest[c] == 0 {
				return // some branch always holds: no fall-through
			}
		}
		next := inj.Next
		if next == "" {
			next = scenarios.End
			if i+1 < len(s.Injects) {
				next = s.Injects[i+1].ID
			}
		}
		goTo(next, ids, rest)
	}
	if len(s.Injects) > 0 {
		walk(0, nil, map[string]outcomeSet{})
	}
	return out
}

func allowed(when map[string]outcomeSet, check string) outcomeSet {
	if set, ok := when[check]; ok {
		return set
	}
	return anyOutcome
}

func cloneWhen(when map[string]outcomeSet) map[string]outcomeSet {
	out := make(map[string]outcomeSet, len(when))
	for c, set := range when {
		out[c] = set
	}
	return out
}

// playedWhen says, escaped, what the evidence must show for a session to
// play the inject: each route through it as its conditions ("iam.root-mfa
// passes and guardduty.enabled fails"), the routes joined by "or", checks
// in the order the scenario's branches name them; and the checks named. ""
// when nothing narrows it.
func playedWhen(s *scenarios.Scenario, rs []scenarioRoute, id string) (string, []string) {
	var alts, checks []string
	for _, r := range rs {
		if !slices.Contains(r.IDs, id) {
			continue
		}
		var parts []string
		for _, c := range branchChecks(s) {
			if set := allowed(r.When, c); set != anyOutcome {
				parts = append(parts, EscapeMarkdown(c)+" "+outcomeWords(set))
				if !slices.Contains(checks, c) {
					checks = append(checks, c)
				}
			}
		}
		if len(parts) == 0 {
			return "", nil // a route that plays it whatever the evidence
		}
		if a := strings.Join(parts, " and "); !slices.Contains(alts, a) {
			alts = append(alts, a)
		}
	}
	return strings.Join(alts, ", or when "), checks
}

// branchChecks lists the checks the scenario's branches read, each once.
func branchChecks(s *scenarios.Scenario) []string {
	var out []string
	for _, inj := range s.Injects {
		for _, b := range inj.Branches {
			if !slices.Contains(out, b.When.Check) {
				out = append(out, b.When.Check)
			}
		}
	}
	return out
}

// outcomeWords reads a set of outcomes as what a check does: "passes",
// "does not pass".
func outcomeWords(set outcomeSet) string {
	switch set {
	case 1:
		return "fails"
	case 2:
		return "passes"
	case 4:
		return "has no evidence"
	case 1 | 4:
		return "does not pass"
	case 2 | 4:
		return "does not fail"
	case 1 | 2:
		return "has evidence"
	}
	return "has any outcome"
}

// alternativeLabel says, escaped, why an inject is not played on every
// route: "Alternative to inject 2: played when iam.root-mfa passes." It is
// "" for an inject every route plays.
func alternativeLabel(s *scenarios.Scenario, rs []scenarioRoute, id string) string {
	onAll, onAny := true, false
	for _, r := range rs {
		if slices.Contains(r.IDs, id) {
			onAny = true
		} else {
			onAll = false
		}
	}
	switch {
	case onAll:
		return ""
	case !onAny:
		return "Never played: no route through the scenario reaches this inject."
	}
	when, _ := playedWhen(s, rs, id)
	if when == "" {
		when = "the evidence selects its route"
	}
	// The injects it stands in for: on some route without it, on none with it.
	var instead []string
	for i, inj := range s.Injects {
		with, without := false, false
		for _, r := range rs {
			if slices.Contains(r.IDs, inj.ID) {
				if slices.Contains(r.IDs, id) {
					with = true
				} else {
					without = true
				}
			}
		}
		if without && !with {
			instead = append(instead, fmt.Sprint(i+1))
		}
	}
	if len(instead) == 0 {
		return "Alternative: played when " + when + "; otherwise the session skips this inject."
	}
	noun := "inject "
	if len(instead) > 1 {
		noun = "injects "
	}
	return "Alternative to " + noun + listWords(instead) + ": played when " + when + "."
}

// offPathLabel says, escaped, why an inject is not on the path the
// evidence selects: "Not on this account's path (evidence: run R,
// iam.root-mfa fail): played when iam.root-mfa passes."
func offPathLabel(s *scenarios.Scenario, rs []scenarioRoute, id string, ev *scenarios.Evidence) string {
	when, checks := playedWhen(s, rs, id)
	seen := []string{"run " + EscapeMarkdown(ev.RunID)}
	for _, c := range checks {
		seen = append(seen, EscapeMarkdown(c)+" "+EscapeMarkdown(string(ev.Outcome(c))))
	}
	out := "Not on this account's path (evidence: " + strings.Join(seen, ", ") + ")"
	if when != "" {
		out += ": played when " + when
	}
	return out + "."
}

// listWords joins "2", "4", "5" as "2, 4 and 5".
func listWords(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// shapingChecks lists the checks an inject's probes, variants and branches
// read, each once, in that order.
func shapingChecks(inj *scenarios.Inject) []string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, p := range inj.Probes {
		add(p.Check)
	}
	for _, v := range inj.Variants {
		add(v.When.Check)
	}
	for _, b := range inj.Branches {
		add(b.When.Check)
	}
	return out
}

// route says, escaped, where the session goes after inject i: each branch
// with its condition, then where it goes otherwise.
func route(s *scenarios.Scenario, i int) string {
	target := func(id string) string {
		if id == scenarios.End {
			return "the end"
		}
		for j := range s.Injects {
			if s.Injects[j].ID == id {
				return fmt.Sprintf("%d. %s", j+1, EscapeMarkdown(s.Injects[j].Title))
			}
		}
		return EscapeMarkdown(id)
	}
	inj := &s.Injects[i]
	next := inj.Next
	if next == "" {
		next = scenarios.End
		if i+1 < len(s.Injects) {
			next = s.Injects[i+1].ID
		}
	}
	var parts []string
	for _, b := range inj.Branches {
		parts = append(parts, fmt.Sprintf("if %s is %s, %s", EscapeMarkdown(b.When.Check), EscapeMarkdown(string(b.When.Is)), target(b.Goto)))
	}
	if len(parts) == 0 {
		return target(next)
	}
	return strings.Join(parts, "; ") + "; otherwise " + target(next)
}

// packSections renders the pack as Markdown sections: the header with the
// agenda, per inject what the room hears and the facilitator's notes, the
// injects off the evidence's path, then the participant handout, which has
// no notes.
func packSections(s *scenarios.Scenario, o PackOptions) ([]section, error) {
	v, err := newPackView(s, o)
	if err != nil {
		return nil, err
	}
	head, err := execMD("pack-header", v)
	if err != nil {
		return nil, err
	}
	out := []section{{"header", head}}
	for _, pi := range v.Injects {
		for _, kind := range []string{"inject", "notes"} {
			s, err := execMD("pack-"+kind, pi)
			if err != nil {
				return nil, err
			}
			out = append(out, section{kind, s})
		}
	}
	if len(v.OffPath) > 0 {
		s, err := execMD("pack-offpath", v)
		if err != nil {
			return nil, err
		}
		out = append(out, section{"offpath", s})
	}
	h, err := execMD("pack-handout", v)
	if err != nil {
		return nil, err
	}
	out = append(out, section{"handout", h})
	for _, pi := range v.Injects {
		s, err := execMD("pack-handout-inject", pi)
		if err != nil {
			return nil, err
		}
		out = append(out, section{"handout-inject", s})
	}
	return out, nil
}

// PackMarkdown renders a scenario's facilitator pack as Markdown: the
// scenario's facts and agenda, each inject's read-aloud text (shaped by
// o.Evidence as a session would be), artifacts, questions and facilitator
// notes, and a participant handout without the notes. With evidence the
// pages and the handout follow the path it selects and the injects off it
// are listed as such; without, the injects only some routes play are
// marked as alternatives on both sides.
func PackMarkdown(s *scenarios.Scenario, o PackOptions) ([]byte, error) {
	ss, err := packSections(s, o)
	if err != nil {
		return nil, err
	}
	return joinSections(ss), nil
}

// PackHTML renders the facilitator pack as one self-contained HTML page that
// prints with each inject and the handout on a new page.
func PackHTML(s *scenarios.Scenario, o PackOptions) ([]byte, error) {
	ss, err := packSections(s, o)
	if err != nil {
		return nil, err
	}
	return renderPage(page{Title: "Facilitator pack: " + s.Title, Version: o.Version}, ss)
}

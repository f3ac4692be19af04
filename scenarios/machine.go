package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/questions"
)

// MachineOptions are what a machine checks entries against. They have
// LoadOptions' fields and defaults (NewMachine converts between the two).
type MachineOptions struct {
	// Bank holds the practice ids that gap and action entries may name
	// (nil: the built-in lenses).
	Bank *questions.Bank
	// KnownCheck reports whether an action's check id exists (nil: checks.ByID).
	KnownCheck func(id string) bool
}

// Machine is a session in play: it replays the session's log to know where
// the session stands, and validates and appends new entries. The path
// through the scenario follows the evidence the machine was given.
type Machine struct {
	s    *Scenario
	ev   *Evidence
	sess *Session
	opts MachineOptions

	index    map[string]int      // inject id -> position in s.Injects
	question map[string]int      // question id -> position of its inject
	path     []string            // inject ids shown so far
	shown    map[string]bool     // inject ids on path
	current  int                 // position of the current inject; -1 none
	shownAt  time.Time           // when the current inject was shown
	n        int                 // entries applied
	last     time.Time           // At of the latest entry (StartedAt before any)
	paused   bool                // a pause entry without its resume
	ended    bool                // an end entry was recorded
	endedAt  time.Time           // At of the end entry
	people   map[string]struct{} // participant names and the facilitator
}

// Clock is where a session stands in time at a given moment.
type Clock struct {
	Session time.Duration // since the first entry (StartedAt), pauses excluded
	Inject  time.Duration // since the current inject was shown, pauses excluded
	Timebox time.Duration // the current inject's timebox
	Over    bool          // Inject > Timebox
	Index   int           // 1-based position of the current inject on the path
	Total   int           // Index + injects still ahead on the path as evidence decides it now
}

// Shown is an inject rendered with a machine's evidence.
type Shown struct {
	Inject    *Inject
	Narrative string    // variant or generic narrative with placeholders filled
	Variant   string    // "" = generic
	Shaping   []Shaping // every placeholder filled or left generic, the variant chosen, the branch that will be taken
}

// NewMachine replays sess.Entries against the scenario and evidence. The
// session must have its StartedAt. An
// inconsistent log (entries out of sequence, an inject the path does not go
// to, time going backwards, anything after the end) is an error naming the
// entry's seq. Recorded variants, shaping and verdicts are kept as they
// were: the record is what the room heard, even if the evidence has changed
// since. The machine appends new entries to sess.
func NewMachine(s *Scenario, ev *Evidence, sess *Session, o MachineOptions) (*Machine, error) {
	if s == nil {
		return nil, errors.New("new session machine: no scenario")
	}
	if sess == nil {
		return nil, errors.New("new session machine: no session")
	}
	if sess.ScenarioID != "" && sess.ScenarioID != s.ID {
		return nil, fmt.Errorf("session %s plays scenario %q, not %q", sess.ID, sess.ScenarioID, s.ID)
	}
	if sess.StartedAt.IsZero() {
		return nil, fmt.Errorf("new session machine: session %s has no start time; set StartedAt to when the session began", sess.ID)
	}
	o = MachineOptions(LoadOptions(o).resolved())
	m := &Machine{
		s: s, ev: ev, sess: sess, opts: o,
		index:    map[string]int{},
		question: map[string]int{},
		shown:    map[string]bool{},
		current:  -1,
		last:     sess.StartedAt,
		people:   map[string]struct{}{},
	}
	for i := range s.Injects {
		m.index[s.Injects[i].ID] = i
		for _, q := range s.Injects[i].Questions {
			m.question[q.ID] = i
		}
	}
	for _, p := range sess.Participants {
		m.people[p.Name] = struct{}{}
	}
	if len(sess.Participants) > 0 && sess.Facilitator != "" {
		m.people[sess.Facilitator] = struct{}{}
	}
	for i, e := range sess.Entries {
		if e.Seq != i+1 {
			return nil, fmt.Errorf("session %s: entry %d: seq is %d; entries must be numbered 1, 2, 3 in order", sess.ID, i+1, e.Seq)
		}
		if err := m.replay(e); err != nil {
			return nil, fmt.Errorf("session %s: entry %d: %w", sess.ID, e.Seq, err)
		}
		m.apply(e)
	}
	return m, nil
}

// replay checks that a stored entry fits the session so far. Only the
// structure is checked; field rules (known practices and checks, required
// text) were applied when the entry was recorded and are not re-judged.
func (m *Machine) replay(e Entry) error {
	if err := m.checkState(e.Kind, e.At); err != nil {
		return fmt.Errorf("%s: %w", e.Kind, err)
	}
	switch e.Kind {
	case KindInject:
		want := m.Upcoming()
		if _, ok := m.index[e.InjectID]; !ok || e.InjectID != want {
			return fmt.Errorf("inject %s, but the scenario goes to %s here (evidence: %s)", e.InjectID, want, m.reason())
		}
	case KindClaim:
		if !m.shown[e.InjectID] {
			return fmt.Errorf("claim on inject %q, which has not been shown at this point", e.InjectID)
		}
	}
	return nil
}

// checkState applies the rules every entry must meet, new or replayed:
// nothing after the end, time never going back, the pause rules, and an
// inject in play for claims, decisions, gaps and actions. The message does
// not name the kind; callers prefix it ("record claim: ...").
func (m *Machine) checkState(k EntryKind, at time.Time) error {
	if m.ended {
		return fmt.Errorf("the session has ended (at %s); nothing may follow the end entry", clock(m.endedAt))
	}
	switch k {
	case KindInject, KindClaim, KindDecision, KindGap, KindAction, KindNote, KindPause, KindResume, KindEnd:
	default:
		return fmt.Errorf("unknown entry kind %q; use claim, decision, gap, action, note, pause, resume or end", k)
	}
	if at.IsZero() {
		return errors.New("at: missing; give the time it happened")
	}
	if at.Before(m.last) {
		prev := "the previous entry"
		if m.n == 0 {
			prev = "the start of the session"
		}
		return fmt.Errorf("at: %s is before %s (%s); entries must be in time order", clock(at), prev, clock(m.last))
	}
	if m.paused {
		switch k {
		case KindResume, KindNote, KindEnd:
		case KindPause:
			return errors.New("the session is already paused")
		default:
			return errors.New("the session is paused; resume it first")
		}
	} else if k == KindResume {
		return errors.New("the session is not paused")
	}
	switch k {
	case KindClaim, KindDecision, KindGap, KindAction:
		if m.current < 0 {
			return errors.New("no inject has been shown yet; show the first inject first")
		}
	}
	return nil
}

// apply updates the machine's state with an entry already checked and
// appended (or being replayed).
func (m *Machine) apply(e Entry) {
	m.n++
	m.last = e.At
	switch e.Kind {
	case KindInject:
		m.current = m.index[e.InjectID]
		m.path = append(m.path, e.InjectID)
		m.shown[e.InjectID] = true
		m.shownAt = e.At
	case KindPause:
		m.paused = true
	case KindResume:
		m.paused = false
	case KindEnd:
		m.paused = false
		m.ended, m.endedAt = true, e.At
		m.current = -1
	}
}

// Session returns the session the machine appends to.
func (m *Machine) Session() *Session { return m.sess }

// Current returns the inject in play: nil before the first inject and after
// the end.
func (m *Machine) Current() *Inject {
	if m.current < 0 {
		return nil
	}
	return &m.s.Injects[m.current]
}

// Upcoming returns the id of the inject Advance would show next, or End.
func (m *Machine) Upcoming() string {
	if m.ended {
		return End
	}
	next, _ := m.after(m.current)
	return next
}

// Path returns the ids of the injects shown so far, in order.
func (m *Machine) Path() []string { return slices.Clone(m.path) }

// Paused reports whether the session is paused.
func (m *Machine) Paused() bool { return m.paused }

// Ended reports whether the session has an end entry.
func (m *Machine) Ended() bool { return m.ended }

// after returns the inject that follows the one at position i (-1: before
// the start) and, when a branch decides it, that branch.
func (m *Machine) after(i int) (string, *Branch) {
	if i < 0 {
		if len(m.s.Injects) == 0 {
			return End, nil
		}
		return m.s.Injects[0].ID, nil
	}
	inj := &m.s.Injects[i]
	if b := firstBranch(inj, m.ev); b != nil {
		return b.Goto, b
	}
	if inj.Next != "" {
		return inj.Next, nil
	}
	if i+1 < len(m.s.Injects) {
		return m.s.Injects[i+1].ID, nil
	}
	return End, nil
}

// reason says why Upcoming is what it is, for error messages.
func (m *Machine) reason() string {
	run := "no evidence"
	if m.ev != nil {
		run = "run " + m.ev.RunID
	}
	if m.current < 0 {
		return run + "; the scenario starts with its first inject"
	}
	inj := &m.s.Injects[m.current]
	next, b := m.after(m.current)
	if b != nil {
		return fmt.Sprintf("%s; after %s, %s is %s, so the branch to %s is taken", run, inj.ID, b.When.Check, b.When.Is, next)
	}
	var why []string
	for _, b := range inj.Branches {
		why = append(why, fmt.Sprintf("%s is %s, not %s", b.When.Check, m.ev.Outcome(b.When.Check), b.When.Is))
	}
	how := "the next inject in the file"
	switch {
	case inj.Next != "":
		how = "the inject's next"
	case next == End:
		how = "the last inject"
	}
	if len(why) == 0 {
		return fmt.Sprintf("%s; after %s comes %s (%s)", run, inj.ID, next, how)
	}
	return fmt.Sprintf("%s; after %s no branch holds (%s), so %s follows (%s)", run, inj.ID, strings.Join(why, "; "), next, how)
}

// ahead counts the injects still to come after position i following the
// path as the evidence decides it now.
func (m *Machine) ahead(i int) int {
	n := 0
	for {
		next, _ := m.after(i)
		j, ok := m.index[next]
		if next == End || !ok || n > len(m.s.Injects) {
			return n
		}
		n++
		i = j
	}
}

// Clock returns the session's clock at now. Paused time does not count; a
// pause still open at now counts as paused until now. After the end the
// clock stands at the end entry.
func (m *Machine) Clock(now time.Time) Clock {
	if m.ended {
		now = m.endedAt
	}
	pauses := pauseIntervals(m.sess.Entries, now)
	c := Clock{Session: active(m.sess.StartedAt, now, pauses), Index: len(m.path)}
	if m.ended {
		c.Total = c.Index
		return c
	}
	c.Total = c.Index + m.ahead(m.current)
	if inj := m.Current(); inj != nil {
		c.Inject = active(m.shownAt, now, pauses)
		c.Timebox = time.Duration(inj.TimeboxMin) * time.Minute
		c.Over = c.Inject > c.Timebox
	}
	return c
}

// Advance records the inject entry for Upcoming(), with the variant read
// out and how the evidence shaped it, or the end entry when Upcoming() is
// End. It is refused while paused and after the end.
func (m *Machine) Advance(at time.Time, by string) (Entry, error) {
	if m.paused && !m.ended {
		return Entry{}, errors.New("advance: the session is paused; resume it before going on")
	}
	next := m.Upcoming()
	if next == End {
		if err := m.checkState(KindEnd, at); err != nil {
			return Entry{}, fmt.Errorf("advance to the end: %w", err)
		}
		return m.commit(Entry{Kind: KindEnd, At: at, By: strings.TrimSpace(by), InjectID: m.currentID()}), nil
	}
	if err := m.checkState(KindInject, at); err != nil {
		return Entry{}, fmt.Errorf("advance to %s: %w", next, err)
	}
	i, ok := m.index[next]
	if !ok {
		return Entry{}, fmt.Errorf("advance: the scenario goes to %q, which is not one of its injects", next)
	}
	sh := m.Show(&m.s.Injects[i])
	e := Entry{Kind: KindInject, InjectID: next, At: at, By: strings.TrimSpace(by), Variant: sh.Variant, Shaping: sh.Shaping}
	return m.commit(e), nil
}

// commit numbers an entry, appends it to the session and applies it.
func (m *Machine) commit(e Entry) Entry {
	e.Seq = len(m.sess.Entries) + 1
	m.sess.Entries = append(m.sess.Entries, e)
	m.apply(e)
	return e
}

func (m *Machine) currentID() string {
	if inj := m.Current(); inj != nil {
		return inj.ID
	}
	return ""
}

// Record validates a claim, decision, gap, action, note, pause, resume or
// end entry, completes it (Seq; InjectID, the current inject unless a claim
// answers a question of an earlier inject; Verdict and Basis for claims;
// Scope for actions with a check, see actionScope; the practice id as the
// bank spells it; the stance in lower case), appends it
// to the session and returns it for the caller to store. Errors read
// "record <kind>: <field>: <what to do>"; an unknown practice wraps
// questions.ErrUnknownPractice.
func (m *Machine) Record(e Entry) (Entry, error) {
	if e.Kind == KindInject {
		return Entry{}, errors.New("record inject: inject entries are made by Advance")
	}
	if err := m.checkState(e.Kind, e.At); err != nil {
		return Entry{}, fmt.Errorf("record %s: %w", e.Kind, err)
	}
	e = trimEntry(e)
	e.Seq, e.Verdict, e.Basis, e.Variant, e.Shaping, e.Scope = 0, "", nil, "", nil, nil
	e.InjectID = m.currentID()
	var errs fieldErrors
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	need := func(v, field, what string) {
		if v == "" {
			add("%s: missing; %s", field, what)
		}
	}
	// Names and ids are one line of plain text; free text may hold line
	// breaks and tabs but no other control or invisible characters.
	for _, f := range []struct {
		name, v string
		lines   bool
	}{{"by", e.By, false}, {"owner", e.Owner, false}, {"question", e.QuestionID, false}, {"practice", e.PracticeID, false},
		{"check", e.CheckID, false}, {"due", e.Due, false}, {"text", e.Text, true}, {"rationale", e.Rationale, true}} {
		keep := func(r rune) bool { return f.lines && (r == '\n' || r == '\t') }
		if textsafe.Visible(f.v, keep) != f.v {
			add("%s: holds control or invisible characters (shown as %s); type it again without them", f.name, textsafe.Visible(f.v, keep))
		}
	}
	switch e.Kind {
	case KindClaim:
		q, err := m.claimQuestion(e.QuestionID)
		if err != nil {
			errs = append(errs, err)
		}
		need(e.By, "by", "name who made the claim")
		if e.By != "" && len(m.sess.Participants) > 0 {
			if _, ok := m.people[e.By]; !ok {
				add("by: %q is not at the table; use one of %s", e.By, m.names())
			}
		}
		need(e.Text, "text", "write down what the team said it would do")
		switch e.Stance {
		case "":
			e.Stance = StanceYes
		case StanceYes, StancePartly, StanceNo:
		default:
			add("stance: %q is not a stance; use yes, partly or no", e.Stance)
		}
		if q != nil {
			e.InjectID = m.s.Injects[m.question[q.ID]].ID
			e.Verdict, e.Basis = Adjudicate(*q, e.Stance, m.ev)
		}
	case KindDecision:
		need(e.Text, "text", "write down the decision")
		need(e.Owner, "owner", "name who owns the decision")
	case KindGap:
		e.PracticeID = m.practice(e.PracticeID, &errs)
		need(e.Text, "text", "say what is missing")
	case KindAction:
		need(e.Text, "text", "give the action a title")
		need(e.Owner, "owner", "name who will do it")
		if e.Due == "" {
			add("due: missing; give a due date as YYYY-MM-DD")
		} else if _, err := time.Parse(time.DateOnly, e.Due); err != nil {
			add("due: %q is not a date; write it as YYYY-MM-DD", e.Due)
		}
		e.PracticeID = m.practice(e.PracticeID, &errs)
		switch {
		case e.CheckID == "":
		case !m.opts.KnownCheck(e.CheckID):
			add("check: unknown check %q; leave it empty or name a check from warroom checks list", e.CheckID)
		default:
			e.Scope = actionScope(m.ev, e.CheckID)
		}
	case KindNote:
		need(e.Text, "text", "write the note")
	}
	if len(errs) > 0 {
		return Entry{}, fmt.Errorf("record %s: %w", e.Kind, errs)
	}
	return m.commit(e), nil
}

// actionScope is the accounts, sorted, whose results of check decide an
// action: those where it fails in ev; when it fails nowhere, those with any
// finding of it; none (any account) without evidence or findings, or when
// a failing finding names no account (the failure cannot be placed, so every
// account must prove it).
func actionScope(ev *Evidence, check string) []string {
	var failing, all []string
	for _, f := range ev.Findings(check) {
		if f.Account == "" {
			if f.Status == checks.Fail {
				return nil
			}
			continue
		}
		if f.Status == checks.Fail && !slices.Contains(failing, f.Account) {
			failing = append(failing, f.Account)
		}
		if !slices.Contains(all, f.Account) {
			all = append(all, f.Account)
		}
	}
	scope := failing
	if len(scope) == 0 {
		scope = all
	}
	slices.Sort(scope)
	return scope
}

// fieldErrors are the problems of one entry, read as one message ("by:
// missing; ...; text: missing; ...") and matched one by one by errors.Is
// and errors.As.
type fieldErrors []error

func (fe fieldErrors) Error() string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

func (fe fieldErrors) Unwrap() []error { return fe }

// claimQuestion finds a question of an inject already shown.
func (m *Machine) claimQuestion(id string) (*Question, error) {
	if id == "" {
		return nil, fmt.Errorf("question: missing; name the question answered, one of %s", m.shownQuestions())
	}
	i, ok := m.question[id]
	if !ok {
		return nil, fmt.Errorf("question: unknown question %q; questions so far: %s", id, m.shownQuestions())
	}
	inj := &m.s.Injects[i]
	if !m.shown[inj.ID] {
		return nil, fmt.Errorf("question: %q belongs to inject %s, which has not been shown", id, inj.ID)
	}
	for qi := range inj.Questions {
		if inj.Questions[qi].ID == id {
			return &inj.Questions[qi], nil
		}
	}
	return nil, fmt.Errorf("question: %q not found", id)
}

func (m *Machine) shownQuestions() string {
	var ids []string
	for _, id := range m.path {
		for _, q := range m.s.Injects[m.index[id]].Questions {
			ids = append(ids, q.ID)
		}
	}
	if len(ids) == 0 {
		return "(none)"
	}
	return strings.Join(ids, ", ")
}

// practice returns the bank's spelling of practice id (SEC10-BP01 for
// sec10-bp01), which is what the review matches on, or id itself after
// adding the problem to errs; an unknown id wraps
// questions.ErrUnknownPractice.
func (m *Machine) practice(id string, errs *fieldErrors) string {
	if id == "" {
		*errs = append(*errs, errors.New("practice: missing; name the practice such as SEC10-BP01"))
		return id
	}
	p, err := m.opts.Bank.Lookup(id)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("practice: %w", err))
		return id
	}
	return p.ID
}

// names lists who may speak: the participants and the facilitator.
func (m *Machine) names() string {
	var ns []string
	for _, p := range m.sess.Participants {
		ns = append(ns, p.Name)
	}
	if f := m.sess.Facilitator; f != "" && !slices.Contains(ns, f) {
		ns = append(ns, f+" (facilitator)")
	}
	return strings.Join(ns, ", ")
}

func trimEntry(e Entry) Entry {
	for _, p := range []*string{&e.By, &e.QuestionID, &e.Text, &e.Owner, &e.Rationale, &e.PracticeID, &e.Due, &e.CheckID} {
		*p = strings.TrimSpace(*p)
	}
	e.Stance = Stance(strings.ToLower(strings.TrimSpace(string(e.Stance))))
	return e
}

// clock formats a time for messages.
func clock(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Show renders an inject with the machine's evidence: the narrative of the
// first variant whose condition holds (else the generic one), placeholders
// filled from the inject's probes, and how the evidence shaped it.
func (m *Machine) Show(inj *Inject) Shown {
	if inj == nil {
		return Shown{}
	}
	sh := Shown{Inject: inj, Narrative: inj.Narrative}
	ev := m.ev
	var chosen *Variant
	for vi := range inj.Variants {
		if v := &inj.Variants[vi]; ev.Holds(v.When) {
			chosen = v
			break
		}
	}
	if chosen != nil {
		sh.Narrative, sh.Variant = chosen.Narrative, chosen.ID
	}
	text, fills := fillPlaceholders(sh.Narrative, inj.Probes, ev)
	sh.Narrative = text
	sh.Shaping = append(sh.Shaping, fills...)
	if chosen != nil {
		sh.Shaping = append(sh.Shaping, Shaping{Check: chosen.When.Check, Outcome: ev.Outcome(chosen.When.Check),
			Effect: "read the " + chosen.ID + " variant"})
	} else {
		for _, c := range distinctChecks(inj.Variants, func(v Variant) string { return v.When.Check }) {
			o := ev.Outcome(c)
			s := Shaping{Check: c, Outcome: o, Effect: "no variant matches: the generic narrative"}
			if o == OutcomeUnknown {
				s.Effect, s.Generic = "no evidence: the generic narrative", true
			}
			sh.Shaping = append(sh.Shaping, s)
		}
	}
	if taken := firstBranch(inj, ev); taken != nil {
		sh.Shaping = append(sh.Shaping, Shaping{Check: taken.When.Check, Outcome: ev.Outcome(taken.When.Check),
			Effect: "branches to " + m.injectName(taken.Goto)})
	} else if len(inj.Branches) > 0 {
		next := End
		if i, ok := m.index[inj.ID]; ok {
			next, _ = m.after(i)
		}
		for _, c := range distinctChecks(inj.Branches, func(b Branch) string { return b.When.Check }) {
			o := ev.Outcome(c)
			s := Shaping{Check: c, Outcome: o, Effect: "no branch taken; next " + m.injectName(next)}
			if o == OutcomeUnknown {
				s.Effect, s.Generic = "no evidence, no branch taken; next "+m.injectName(next), true
			}
			sh.Shaping = append(sh.Shaping, s)
		}
	}
	return sh
}

// firstBranch is the first of the inject's branches whose condition holds
// in ev, or nil.
func firstBranch(inj *Inject, ev *Evidence) *Branch {
	for bi := range inj.Branches {
		if b := &inj.Branches[bi]; ev.Holds(b.When) {
			return b
		}
	}
	return nil
}

// injectName names an inject for people: its title and id, or "the end".
func (m *Machine) injectName(id string) string {
	if id == End {
		return "the end"
	}
	if i, ok := m.index[id]; ok {
		return fmt.Sprintf("%q (%s)", m.s.Injects[i].Title, id)
	}
	return id
}

func distinctChecks[T any](xs []T, check func(T) string) []string {
	var out []string
	for _, x := range xs {
		if c := check(x); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// fillPlaceholders replaces {probe-id} in text with the resource the probe
// picks from the evidence, or its fallback; {{ and }} are literal braces. A
// placeholder naming no probe, and a brace that opens or closes nothing, is
// left as written. It reads text with the same tokenizer as the validator
// (braceTokens), and returns one Shaping per placeholder filled, in order of
// first use.
func fillPlaceholders(text string, probes []Probe, ev *Evidence) (string, []Shaping) {
	var b strings.Builder
	var shaping []Shaping
	done := map[string]string{}
	for _, tok := range braceTokens(text) {
		if tok.kind != tokPlaceholder {
			b.WriteString(tok.text)
			continue
		}
		p := findProbe(probes, tok.name)
		if p == nil {
			b.WriteString(tok.text)
			continue
		}
		v, ok := done[tok.name]
		if !ok {
			var s Shaping
			v, s = fillProbe(*p, ev)
			done[tok.name] = v
			shaping = append(shaping, s)
		}
		b.WriteString(v)
	}
	return b.String(), shaping
}

func findProbe(probes []Probe, id string) *Probe {
	for i := range probes {
		if probes[i].ID == id {
			return &probes[i]
		}
	}
	return nil
}

// fillProbe picks the resource of the first finding of the probe's check
// with the probe's pick status ("resource in region" when regional), or the
// fallback.
func fillProbe(p Probe, ev *Evidence) (string, Shaping) {
	pick := checks.Fail
	if p.Pick == string(OutcomePass) {
		pick = checks.Pass
	}
	o := ev.Outcome(p.Check)
	unnamed := false // a finding with the pick status but no resource
	for _, f := range ev.Findings(p.Check) {
		if f.Status != pick {
			continue
		}
		if f.Resource == "" {
			unnamed = true
			continue
		}
		v := f.Resource
		if f.Region != "" {
			v += " in " + f.Region
		}
		return v, Shaping{Check: p.Check, Outcome: o, Effect: fmt.Sprintf("filled {%s} with %s", p.ID, v)}
	}
	if o == OutcomeUnknown {
		return p.Fallback, Shaping{Check: p.Check, Outcome: o, Generic: true,
			Effect: fmt.Sprintf("{%s}: no evidence, generic text", p.ID)}
	}
	if unnamed {
		return p.Fallback, Shaping{Check: p.Check, Outcome: o,
			Effect: fmt.Sprintf("{%s}: the %s finding names no resource, generic text", p.ID, pick)}
	}
	return p.Fallback, Shaping{Check: p.Check, Outcome: o,
		Effect: fmt.Sprintf("{%s}: no %s finding, generic text", p.ID, pick)}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/scenarios"
)

// injectCounts says what an inject already has recorded: "1 claim, 0
// decisions, 2 gaps, 0 actions".
func (fc *facilitation) injectCounts(injectID string) string {
	n := map[scenarios.EntryKind]int{}
	for _, e := range fc.sess().Entries {
		if e.InjectID == injectID {
			n[e.Kind]++
		}
	}
	return strings.Join([]string{
		plural(n[scenarios.KindClaim], "claim", "claims"),
		plural(n[scenarios.KindDecision], "decision", "decisions"),
		plural(n[scenarios.KindGap], "gap", "gaps"),
		plural(n[scenarios.KindAction], "action", "actions"),
	}, ", ")
}

// facilitation is one interactive stretch of a session.
type facilitation struct {
	ctx context.Context
	f   *factory
	ws  *workspace
	s   *scenarios.Scenario
	ev  *scenarios.Evidence
	m   *scenarios.Machine
	p   *heldPrompter
	out io.Writer
	// mu guards the machine and the store: run holds it except while the
	// prompter waits for a line, so Ctrl-C can record the pause without
	// racing an entry being saved.
	mu       sync.Mutex
	finished bool // run has returned (under mu)
	saved    int
}

func newFacilitation(ctx context.Context, f *factory, ws *workspace, s *scenarios.Scenario, ev *scenarios.Evidence, m *scenarios.Machine) *facilitation {
	fc := &facilitation{ctx: ctx, f: f, ws: ws, s: s, ev: ev, m: m, out: f.IO.Out}
	fc.p = &heldPrompter{p: f.NewPrompter(f.IO), mu: &fc.mu}
	return fc
}

// heldPrompter lets go of a facilitation's lock while it waits for a line;
// it is only used inside run, which holds the lock.
type heldPrompter struct {
	p  prompter
	mu *sync.Mutex
}

func (h *heldPrompter) Select(label string, options []string) (int, error) {
	h.mu.Unlock()
	defer h.mu.Lock()
	return h.p.Select(label, options)
}

func (h *heldPrompter) SelectOrBlank(label string, options []string) (int, error) {
	h.mu.Unlock()
	defer h.mu.Lock()
	if b, ok := h.p.(blankSelecter); ok {
		return b.SelectOrBlank(label, options)
	}
	return h.p.Select(label, options)
}

func (h *heldPrompter) Input(label, def string) (string, error) {
	h.mu.Unlock()
	defer h.mu.Lock()
	return h.p.Input(label, def)
}

// exitInterrupted is the exit code after Ctrl-C, as a shell reports it.
const exitInterrupted = 130

// run is loop with Ctrl-C handled: the main goroutine may be blocked reading
// the terminal, so a second goroutine takes the lock (held by run at all
// times except while the prompter waits for input, so no entry is half
// saved), pauses the session, says how to continue and exits with 130.
func (fc *facilitation) run() error {
	fc.mu.Lock()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	done := make(chan struct{})
	defer func() {
		fc.finished = true
		signal.Stop(sigs)
		close(done)
		fc.mu.Unlock()
	}()
	go func() {
		select {
		case <-sigs:
			fc.mu.Lock()
			if !fc.finished {
				fc.interrupted()
			}
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return fc.loop()
}

// interrupted pauses the session after Ctrl-C (fc.mu held) and says how to
// continue it.
func (fc *facilitation) interrupted() {
	paused := fc.leave()
	id := fc.sess().ID
	fmt.Fprintf(fc.out, "\nStopped. Every entry so far is saved; continue with `warroom scenario run --resume %s`.\n", id)
	if paused {
		fmt.Fprintln(fc.out, "The session is paused: the clock stays stopped until then.")
	}
	fc.ws.db.Close()
}

// leave records a pause unless the session is paused or over already, so
// the time away does not count; it reports whether the session is paused.
func (fc *facilitation) leave() bool {
	if fc.m.Ended() {
		return false
	}
	if fc.m.Paused() {
		return true
	}
	e, err := fc.m.Record(scenarios.Entry{Kind: scenarios.KindPause, At: fc.entryTime(), By: fc.sess().Facilitator})
	if err != nil {
		fmt.Fprintf(fc.out, "Not paused: %s\n", oneLine(err.Error()))
		return false
	}
	if err := fc.commit(e); err != nil {
		fmt.Fprintf(fc.out, "Not paused: %s\n", oneLine(err.Error()))
		return false
	}
	return true
}

// pauseSinceLast records a pause at the time of the session's last entry
// (its start when it has none), for a session that stopped without pausing
// (the process was killed, the terminal closed): the time since then is
// counted as a pause, and the room is told so.
func (fc *facilitation) pauseSinceLast() error {
	sess := fc.sess()
	since := sess.StartedAt
	if n := len(sess.Entries); n > 0 {
		since = sess.Entries[n-1].At
	}
	e, err := fc.m.Record(scenarios.Entry{Kind: scenarios.KindPause, At: since, By: sess.Facilitator})
	if err != nil {
		return fmt.Errorf("pause session %s at its last entry: %w", sess.ID, err)
	}
	if err := fc.commit(e); err != nil {
		return err
	}
	fmt.Fprintf(fc.out, "The session was not paused when it stopped; the time since %s is counted as a pause (entry %d).\n",
		clockSince(since, fc.now()), e.Seq)
	fmt.Fprintln(fc.out, "If it is still open in another terminal, that one can no longer record anything: leave it there.")
	return nil
}

// clockSince is t as "14:32 UTC", with the date when it is not now's day.
func clockSince(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.Format(time.DateOnly) != now.Format(time.DateOnly) {
		return stampUTC(t)
	}
	return t.Format("15:04 UTC")
}

func (fc *facilitation) sess() *scenarios.Session { return fc.m.Session() }

func (fc *facilitation) now() time.Time { return fc.f.Now().UTC() }

// entryTime is when a new entry happens: now, but never before the session's
// start or its last entry (a clock that is behind, or a typed-up session
// dated ahead, would otherwise make every entry refused).
func (fc *facilitation) entryTime() time.Time {
	t, sess := fc.now(), fc.sess()
	if sess.StartedAt.After(t) {
		t = sess.StartedAt.UTC()
	}
	if n := len(sess.Entries); n > 0 && sess.Entries[n-1].At.After(t) {
		t = sess.Entries[n-1].At.UTC()
	}
	return t
}

// commit stores an entry the machine has just accepted.
func (fc *facilitation) commit(e scenarios.Entry) error {
	if err := fc.ws.db.AppendEntry(fc.ctx, fc.sess().ID, e); err != nil {
		return fmt.Errorf("save entry %d: %w", e.Seq, err)
	}
	fc.saved++
	return nil
}

// menu entries. Their order stays the same from inject to inject; on the
// last inject the slot of the next one ends the session.
const (
	menuClaim    = "claim – what the team says it does (judged against evidence when the question has checks) [c]"
	menuDecision = "decision – what the room decides, and who owns it [d]"
	menuGap      = "gap – a practice the room finds wanting [g]"
	menuAction   = "action item – owner, due date, practice, check [a]"
	menuNote     = "note [n]"
	menuNext     = "next inject [x]"
	menuLast     = "end of scenario (no more injects): end the session [x]"
	menuShow     = "show the inject again [s]"
	menuPause    = "pause [p]"
	menuResume   = "resume [r]"
	menuQuit     = "quit: pause the session and leave it open [q]"
	menuEnd      = "end the session [e]"
)

func (fc *facilitation) menu() []string {
	if fc.m.Paused() {
		return []string{menuResume, menuNote, menuQuit, menuEnd}
	}
	next := menuNext
	if fc.m.Upcoming() == scenarios.End {
		next = menuLast
	}
	return []string{menuClaim, menuDecision, menuGap, menuAction, menuNote, next, menuShow, menuPause, menuQuit, menuEnd}
}

// loop shows injects and records entries until the session ends, the
// facilitator quits or the input ends. An empty line at the menu redraws the
// clock.
func (fc *facilitation) loop() error {
	for {
		if fc.m.Ended() {
			return fc.ended()
		}
		if fc.m.Current() == nil && !fc.m.Paused() {
			if err := fc.advance(); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(fc.out, "\n%s\n", fc.statusLine())
		items := fc.menu()
		i, err := fc.p.SelectOrBlank("What happened? (Enter updates the clock)", items)
		if err != nil {
			return fc.stop(err)
		}
		if i < 0 {
			continue
		}
		switch items[i] {
		case menuClaim:
			err = fc.claim()
		case menuDecision:
			err = fc.decision()
		case menuGap:
			err = fc.gap()
		case menuAction:
			err = fc.action()
		case menuNote:
			err = fc.note()
		case menuNext:
			err = fc.advance()
		case menuLast, menuEnd:
			err = fc.end()
		case menuShow:
			fc.printInject()
		case menuPause:
			err = fc.record(scenarios.Entry{Kind: scenarios.KindPause}, "Paused: the clock stops until you resume.")
		case menuResume:
			err = fc.record(scenarios.Entry{Kind: scenarios.KindResume}, "Resumed: the clock runs again.")
		case menuQuit:
			return fc.stop(nil)
		}
		if err != nil {
			return fc.stop(err)
		}
	}
}

// stop leaves the session paused (so the time away does not count) and
// open. The end of input (Ctrl-D, a closed pipe) is not an error: everything
// recorded is saved already.
func (fc *facilitation) stop(err error) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	state := "open"
	if fc.leave() {
		state = "paused"
	}
	id := fc.sess().ID
	fmt.Fprintf(fc.out, "\nStopped. Session %s is %s with %s (%d saved just now); continue it with `warroom scenario run --resume %s`.\n",
		id, state, plural(len(fc.sess().Entries), "entry", "entries"), fc.saved, id)
	if state == "paused" {
		fmt.Fprintln(fc.out, "The clock stays stopped until then.")
	}
	return nil
}

func (fc *facilitation) ended() error {
	id := fc.sess().ID
	a := scenarios.BuildAfterAction(fc.s, fc.sess(), fc.ws.bank)
	fmt.Fprintf(fc.out, "\nSession %s ended after %s: %s, %s, %s, %s.\n",
		id, minutes(a.Duration), plural(len(a.Steps), "inject", "injects"), plural(len(a.Claims), "claim", "claims"),
		plural(countKind(fc.sess(), scenarios.KindGap), "gap", "gaps"), plural(len(a.Actions), "action", "actions"))
	fmt.Fprintf(fc.out, "After-action report: warroom scenario report %s --format html --out aar.html\n", id)
	return nil
}

// advance shows the next inject, or ends the session after the last.
func (fc *facilitation) advance() error {
	e, err := fc.m.Advance(fc.entryTime(), fc.sess().Facilitator)
	if err != nil {
		return err
	}
	if err := fc.commit(e); err != nil {
		return err
	}
	if e.Kind == scenarios.KindInject {
		fc.printInject()
	}
	return nil
}

// record completes an entry (time, who) through the machine and commits it.
// A refused entry is reported and the session goes on.
func (fc *facilitation) record(e scenarios.Entry, done string) error {
	e.At = fc.entryTime()
	if e.By == "" {
		e.By = fc.sess().Facilitator
	}
	rec, err := fc.m.Record(e)
	if err != nil {
		fmt.Fprintf(fc.out, "Not recorded: %s\n", oneLine(err.Error()))
		return nil
	}
	if err := fc.commit(rec); err != nil {
		return err
	}
	if done != "" {
		fmt.Fprintf(fc.out, "%s (entry %d)\n", done, rec.Seq)
	}
	if rec.Kind == scenarios.KindClaim {
		printVerdict(fc.out, rec)
	}
	return nil
}

func (fc *facilitation) end() error {
	i, err := fc.p.Select("End the session? Nothing can be added to it afterwards.", []string{"end it [y]", "go back [n]"})
	if err != nil || i == 1 {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindEnd}, "Ended.")
}

// statusLine is the compact clock shown before each choice.
func (fc *facilitation) statusLine() string {
	c := fc.m.Clock(fc.now())
	cur := fc.m.Current()
	var b strings.Builder
	if cur != nil {
		fmt.Fprintf(&b, "[inject %d of %d %s, step %d of ~%d on this path · session %s · inject %s of %s",
			fc.scenarioNumber(cur.ID), len(fc.s.Injects), oneLine(cur.ID), c.Index, c.Total,
			minutes(c.Session), minutes(c.Inject), minutes(c.Timebox))
		if c.Over {
			b.WriteString(" OVER")
		}
	} else {
		fmt.Fprintf(&b, "[no inject shown yet · session %s", minutes(c.Session))
	}
	if fc.m.Paused() {
		b.WriteString(" · PAUSED")
	}
	b.WriteString("]")
	return b.String()
}

// scenarioNumber is an inject's position in the scenario file, as the pack
// and the after-action report number it.
func (fc *facilitation) scenarioNumber(id string) int {
	for i := range fc.s.Injects {
		if fc.s.Injects[i].ID == id {
			return i + 1
		}
	}
	return 0
}

// printInject shows the current inject as the room hears it, with the
// evidence that shaped it and the facilitator's notes.
func (fc *facilitation) printInject() {
	cur := fc.m.Current()
	if cur == nil {
		return
	}
	w := fc.out
	sh := fc.m.Show(cur)
	c := fc.m.Clock(fc.now())
	over := ""
	if c.Over {
		over = " OVER"
	}
	fmt.Fprintf(w, "\n=== Inject %d of ~%d · incident %s · session %s · inject %s of %s timebox%s ===\n",
		c.Index, c.Total, oneLine(cur.At), minutes(c.Session), minutes(c.Inject), minutes(c.Timebox), over)
	fmt.Fprintf(w, "%s (%s)\n", oneLine(cur.Title), oneLine(cur.ID))
	switch {
	case fc.ev == nil:
		fmt.Fprintln(w, "Shaped by evidence: generic: no evidence collected")
	case len(sh.Shaping) == 0:
		fmt.Fprintf(w, "Shaped by evidence: nothing in this inject depends on it (run %s)\n", fc.ev.RunID)
	default:
		fmt.Fprintf(w, "Shaped by evidence (run %s):\n", fc.ev.RunID)
		for _, s := range sh.Shaping {
			fmt.Fprintf(w, "  - %s (%s %s)\n", oneLine(s.Effect), oneLine(s.Check), s.Outcome)
		}
	}
	fmt.Fprintf(w, "\nRead aloud:\n%s\n", wrap(oneLine(sh.Narrative), 76, "  "))
	if len(cur.Artifacts) > 0 {
		fmt.Fprintln(w, "\nArtifacts:")
		for _, a := range cur.Artifacts {
			fmt.Fprintf(w, "  [%s] %s\n", oneLine(a.Kind), oneLine(a.Title))
			printBlock(w, a.Text, "    ")
		}
	}
	fmt.Fprintln(w, "\nQuestions:")
	for i, q := range cur.Questions {
		checksTag := ""
		if len(q.Checks) > 0 {
			checksTag = " [checks: " + oneLine(strings.Join(q.Checks, ", ")) + "]"
		}
		fmt.Fprintf(w, "%s\n", hanging(fmt.Sprintf("  %d. ", i+1), oneLine(q.Text)+checksTag))
	}
	if len(cur.Facilitator.GoodAnswer)+len(cur.Facilitator.Hints) > 0 {
		fmt.Fprintln(w, "\nFacilitator notes (not for the room):")
		printNotes(w, cur.Facilitator, "  ")
	}
}

// printVerdict says at once how a claim stands against the evidence.
func printVerdict(w io.Writer, e scenarios.Entry) {
	switch e.Verdict {
	case scenarios.Contradicted:
		fmt.Fprintln(w, "CONTRADICTED by evidence:")
	case scenarios.Verified:
		fmt.Fprintln(w, "VERIFIED by evidence:")
	case scenarios.Unknown:
		fmt.Fprintln(w, "UNKNOWN: the evidence cannot tell:")
	case scenarios.Conceded:
		fmt.Fprintln(w, "CONCEDED: the team says it does not do this; record the gap with gap [g].")
	case scenarios.NotCheckable:
		fmt.Fprintln(w, "NOT CHECKABLE: no check covers this question; the claim stands as said.")
	default:
		fmt.Fprintf(w, "Verdict: %s\n", oneLine(string(e.Verdict)))
	}
	for _, b := range e.Basis {
		fmt.Fprintf(w, "  %s\n", oneLine(b))
	}
}

// shownQuestion is a question of an inject shown so far.
type shownQuestion struct {
	q   scenarios.Question
	inj *scenarios.Inject
}

// shownQuestions are the current inject's questions, then those of earlier
// injects, most recent first.
func (fc *facilitation) shownQuestions() []shownQuestion {
	var out []shownQuestion
	path := fc.m.Path()
	for i := len(path) - 1; i >= 0; i-- {
		for j := range fc.s.Injects {
			inj := &fc.s.Injects[j]
			if inj.ID != path[i] {
				continue
			}
			for _, q := range inj.Questions {
				out = append(out, shownQuestion{q, inj})
			}
		}
	}
	return out
}

func (fc *facilitation) claim() error {
	qs := fc.shownQuestions()
	if len(qs) == 0 {
		fmt.Fprintln(fc.out, "No inject has been shown yet: there is no question to answer.")
		return nil
	}
	cur := fc.m.Current()
	labels := make([]string, len(qs))
	for i, sq := range qs {
		label := oneLine(sq.q.ID) + ": " + oneLine(sq.q.Text)
		if cur != nil && sq.inj.ID != cur.ID {
			label += " (inject " + oneLine(sq.inj.ID) + ")"
		}
		if len(sq.q.Checks) > 0 {
			label += " [checks: " + oneLine(strings.Join(sq.q.Checks, ", ")) + "]"
		}
		labels[i] = label
	}
	i, err := fc.p.Select("Which question does the claim answer?", labels)
	if err != nil {
		return err
	}
	// A claim speaks for the team, so it comes from someone at the table
	// (the machine refuses other names); gaps may be raised by anyone.
	who, err := fc.askWho("Who said it? (claims come from the people at the table)", false)
	if err != nil {
		return err
	}
	stances := []scenarios.Stance{scenarios.StanceYes, scenarios.StancePartly, scenarios.StanceNo}
	st, err := fc.p.Select("Does the team say yes, we do this / partly / no?", []string{"yes, we do this [y]", "partly [p]", "no [n]"})
	if err != nil {
		return err
	}
	text, err := fc.askRequired("What did they say")
	if err != nil {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindClaim, QuestionID: qs[i].q.ID, By: who, Stance: stances[st], Text: text},
		"Claim recorded.")
}

// askWho picks a person at the table, or, when others may speak, asks for
// another name.
func (fc *facilitation) askWho(label string, others bool) (string, error) {
	sess := fc.sess()
	var labels, names []string
	for _, p := range sess.Participants {
		labels = append(labels, fmt.Sprintf("%s (%s)", oneLine(p.Name), oneLine(p.Role)))
		names = append(names, p.Name)
	}
	labels = append(labels, oneLine(sess.Facilitator)+" (facilitator)")
	names = append(names, sess.Facilitator)
	if others {
		labels = append(labels, "someone else")
	}
	i, err := fc.p.Select(label, labels)
	if err != nil {
		return "", err
	}
	if i < len(names) {
		return names[i], nil
	}
	return fc.askName("Their name")
}

// askRequired asks until a non-empty line is given.
func (fc *facilitation) askRequired(label string) (string, error) {
	for {
		s, err := fc.p.Input(label+" (required)", "")
		if err != nil {
			return "", err
		}
		if s = strings.TrimSpace(s); s != "" {
			return s, nil
		}
	}
}

// askName asks for a person's name until one without control characters is
// given (see checkName).
func (fc *facilitation) askName(label string) (string, error) {
	for {
		name, err := fc.askRequired(label)
		if err != nil {
			return "", err
		}
		if err := checkName(label, name); err == nil {
			return name, nil
		}
		fmt.Fprintf(fc.out, "%q holds control characters (such as an escape sequence); type the name as plain text.\n", name)
	}
}

func (fc *facilitation) decision() error {
	text, err := fc.askRequired("Decision")
	if err != nil {
		return err
	}
	owner, err := fc.askName("Owner")
	if err != nil {
		return err
	}
	why, err := fc.p.Input("Rationale (Enter for none)", "")
	if err != nil {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindDecision, Text: text, Owner: owner, Rationale: strings.TrimSpace(why)},
		"Decision recorded.")
}

// practiceChoices are the practices of the current inject's questions, then
// the scenario's, each once.
func (fc *facilitation) practiceChoices() []string {
	var ids []string
	add := func(id string) {
		if _, ok := fc.ws.bank.Practice(id); ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if cur := fc.m.Current(); cur != nil {
		for _, q := range cur.Questions {
			for _, id := range q.Practices {
				add(id)
			}
		}
	}
	for _, id := range fc.s.Practices {
		add(id)
	}
	return ids
}

// askPractice offers the practices in play as numbered choices, or asks for
// another id until the bank knows it.
func (fc *facilitation) askPractice() (string, error) {
	ids := fc.practiceChoices()
	labels := make([]string, 0, len(ids)+1)
	for _, id := range ids {
		p, _ := fc.ws.bank.Practice(id)
		labels = append(labels, oneLine(id)+": "+oneLine(p.Title))
	}
	labels = append(labels, "other id [o]")
	i, err := fc.p.Select("Which practice?", labels)
	if err != nil {
		return "", err
	}
	if i < len(ids) {
		return ids[i], nil
	}
	for {
		id, err := fc.askRequired("Practice id (such as SEC10-BP01)")
		if err != nil {
			return "", err
		}
		id = strings.ToUpper(id)
		if _, ok := fc.ws.bank.Practice(id); ok {
			return id, nil
		}
		msg := fmt.Sprintf("%q is not a practice id", oneLine(id))
		if near := fc.ws.bank.Nearest(id, 3); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		fmt.Fprintln(fc.out, msg+" (`warroom questions list` lists them)")
	}
}

// askDue asks for a YYYY-MM-DD date until one is given. A date already past
// is accepted with a warning.
func (fc *facilitation) askDue() (string, error) {
	for {
		due, err := fc.askRequired("Due date (YYYY-MM-DD)")
		if err != nil {
			return "", err
		}
		d, err := time.Parse("2006-01-02", due)
		if err != nil {
			fmt.Fprintf(fc.out, "%q is not a date like 2026-12-01.\n", oneLine(due))
			continue
		}
		if today := fc.now().Format("2006-01-02"); d.Format("2006-01-02") < today {
			fmt.Fprintf(fc.out, "Warning: %s is already past (today is %s); recorded as given.\n", due, today)
		}
		return due, nil
	}
}

// checkChoices are the checks of the current inject's questions and probes,
// each once.
func (fc *facilitation) checkChoices() []string {
	var ids []string
	add := func(id string) {
		if _, ok := checks.ByID(id); ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if cur := fc.m.Current(); cur != nil {
		for _, q := range cur.Questions {
			for _, id := range q.Checks {
				add(id)
			}
		}
		for _, p := range cur.Probes {
			add(p.Check)
		}
	}
	return ids
}

// askCheck offers the checks in play, another id (asked until it is known)
// or none.
func (fc *facilitation) askCheck() (string, error) {
	ids := fc.checkChoices()
	labels := make([]string, 0, len(ids)+2)
	for _, id := range ids {
		c, _ := checks.ByID(id)
		labels = append(labels, oneLine(id)+": "+oneLine(c.Title))
	}
	labels = append(labels, "other id [o]", "none: no check will prove it [n]")
	i, err := fc.p.Select("Which check will prove it done?", labels)
	if err != nil {
		return "", err
	}
	switch {
	case i < len(ids):
		return ids[i], nil
	case i == len(ids)+1:
		return "", nil
	}
	for {
		id, err := fc.p.Input("Check id (Enter for none)", "")
		if err != nil {
			return "", err
		}
		id = strings.ToLower(strings.TrimSpace(id))
		if id == "" {
			return "", nil
		}
		if _, ok := checks.ByID(id); ok {
			return id, nil
		}
		var all []string
		for _, c := range checks.All() {
			all = append(all, c.ID)
		}
		msg := fmt.Sprintf("%q is not a check id", oneLine(id))
		if near := questions.Closest(id, all, 3, nil); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		fmt.Fprintln(fc.out, msg+" (`warroom checks list` lists them)")
	}
}

func (fc *facilitation) gap() error {
	practice, err := fc.askPractice()
	if err != nil {
		return err
	}
	text, err := fc.askRequired("What is missing")
	if err != nil {
		return err
	}
	who, err := fc.askWho("Who raised it?", true)
	if err != nil {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindGap, PracticeID: practice, Text: text, By: who}, "Gap recorded.")
}

func (fc *facilitation) action() error {
	title, err := fc.askRequired("Action item")
	if err != nil {
		return err
	}
	owner, err := fc.askName("Owner")
	if err != nil {
		return err
	}
	due, err := fc.askDue()
	if err != nil {
		return err
	}
	practice, err := fc.askPractice()
	if err != nil {
		return err
	}
	check, err := fc.askCheck()
	if err != nil {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindAction, Text: title, Owner: owner, Due: due, PracticeID: practice, CheckID: check},
		"Action recorded.")
}

func (fc *facilitation) note() error {
	text, err := fc.askRequired("Note")
	if err != nil {
		return err
	}
	return fc.record(scenarios.Entry{Kind: scenarios.KindNote, Text: text}, "Note recorded.")
}

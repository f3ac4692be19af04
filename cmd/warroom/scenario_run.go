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
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

type scenarioRunOptions struct {
	f            *factory
	ScenarioID   string
	Facilitator  string
	Participants []scenarios.Participant
	Script       string
	Resume       string
}

func newCmdScenarioRun(f *factory, runF func(*scenarioRunOptions) error) *cobra.Command {
	opts := &scenarioRunOptions{f: f}
	var participants string
	cmd := &cobra.Command{
		Use:   "run [ID]",
		Short: "Facilitate a tabletop session in the terminal (resumable), or replay a script",
		Long: `Walks a session of the scenario: each inject is shown with the evidence that
shaped it, a clock (session time and the inject's timebox), its questions and
the facilitator's notes. Record what the team claims it would do (claims on
questions tied to checks are judged against the evidence at once: verified,
contradicted or unknown), decisions, gaps (a practice found wanting) and
action items (owner, due date, practice, and a check that will prove it done).
Every entry is committed the moment it is made: quit, press Ctrl-C or lose
the terminal and nothing is lost. Leaving pauses the session, so the time
away does not count; --resume continues where it stopped and resumes the
clock. Enter at the menu redraws the clock.

The evidence is the workload's latest run of 'warroom collect'; without one
the generic narrative is used throughout.

Participants are name:role pairs; a role is one of the scenario's roles (see
'warroom scenario show ID') or facilitator, scribe or observer.

--script FILE replays a session typed up in YAML, with no terminal (see
README.md for the format); the script names the scenario, facilitator and
participants, which the flags override.`,
		Example: `  warroom scenario run lost-root-account --facilitator sam --participants "dana:ir-lead,lee:cloud-admin"
  warroom scenario run --resume ttx-20261028T140000Z-1a2b3c4d
  warroom scenario run lost-root-account --script session.yaml`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("%s takes one scenario id (got %d arguments)", cmd.CommandPath(), len(args))
			}
			if len(args) == 1 {
				opts.ScenarioID = args[0]
			}
			var err error
			if opts.Participants, err = parseParticipants(participants); err != nil {
				return err
			}
			opts.Facilitator = strings.TrimSpace(opts.Facilitator)
			if err := checkName("--facilitator", opts.Facilitator); err != nil {
				return err
			}
			switch {
			case opts.Resume != "":
				if opts.ScenarioID != "" || opts.Script != "" || opts.Facilitator != "" || len(opts.Participants) > 0 {
					return usageErrorf("--resume takes no scenario id, --script, --facilitator or --participants: the session keeps its own")
				}
			case opts.Script != "":
			default:
				if opts.ScenarioID == "" {
					return usageErrorf("%s needs a scenario id (see `warroom scenario list`), --script FILE or --resume SESSION-ID", cmd.CommandPath())
				}
				if opts.Facilitator == "" {
					return usageErrorf("--facilitator is missing: say who runs the session")
				}
				if len(opts.Participants) == 0 {
					return usageErrorf("--participants is missing: list who is at the table as name:role pairs (dana:ir-lead,lee:cloud-admin)")
				}
			}
			if runF != nil {
				return runF(opts)
			}
			switch {
			case opts.Resume != "":
				return scenarioResumeRun(cmd.Context(), opts)
			case opts.Script != "":
				return scenarioScriptRun(cmd.Context(), opts)
			}
			return scenarioInteractiveRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Facilitator, "facilitator", "", "who runs the session")
	fl.StringVar(&participants, "participants", "", `who is at the table, as name:role pairs: "dana:ir-lead,lee:cloud-admin"`)
	fl.StringVar(&opts.Script, "script", "", "replay a session typed up in this YAML file, with no terminal")
	fl.StringVar(&opts.Resume, "resume", "", "continue the open session with this id")
	return cmd
}

func machineOptions(bank *questions.Bank) scenarios.MachineOptions {
	return scenarios.MachineOptions{Bank: bank}
}

// needTerminal refuses an interactive session without a terminal. Callers
// check everything else first (the scenario, the roles, the session), so
// the real mistake is the one reported.
func needTerminal(f *factory, what string) error {
	if f.IO.InTTY {
		return nil
	}
	return fmt.Errorf("%s needs a terminal to ask what happens in the room; "+
		"to record a session typed up in a file use `warroom scenario run ID --script FILE`", what)
}

func scenarioInteractiveRun(ctx context.Context, opts *scenarioRunOptions) error {
	f := opts.f
	s, err := f.scenario(opts.ScenarioID)
	if err != nil {
		return err
	}
	if err := checkRoles(s, opts.Participants); err != nil {
		return err
	}
	if err := needTerminal(f, "scenario run"); err != nil {
		return err
	}
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	ev, run, err := latestScenarioEvidence(ctx, ws)
	if err != nil {
		return err
	}
	start := f.Now().UTC()
	id, err := store.NewSessionID(start, f.Rand)
	if err != nil {
		return err
	}
	sess := &scenarios.Session{
		ID: id, Workload: ws.w.Name, ScenarioID: s.ID, ScenarioVersion: s.Version, ScenarioDigest: s.Digest,
		Facilitator: opts.Facilitator, Participants: opts.Participants, Mode: "interactive", StartedAt: start,
	}
	if run != nil {
		sess.EvidenceRun = run.ID
	}
	m, err := scenarios.NewMachine(s, ev, sess, machineOptions(ws.bank))
	if err != nil {
		return err
	}
	if err := ws.db.CreateSession(ctx, ws.w.ID, *m.Session()); err != nil {
		return err
	}
	out := f.IO.Out
	fmt.Fprintf(out, "Session %s: %s (%s), facilitated by %s.\n", id, oneLine(s.Title), s.ID, oneLine(opts.Facilitator))
	if run != nil {
		fmt.Fprintf(out, "Evidence: run %s (finished %s) shapes the injects.\n", run.ID, run.FinishedAt.UTC().Format("2006-01-02 15:04 UTC"))
	} else {
		fmt.Fprintln(out, "Evidence: none collected for this workload; the generic narrative is used throughout.")
	}
	fmt.Fprintln(out, "Every entry is saved as it is made; quit (or Ctrl-C) any time: the session is paused and --resume continues it.")
	fc := newFacilitation(ctx, f, ws, s, ev, m)
	return fc.run()
}

func scenarioResumeRun(ctx context.Context, opts *scenarioRunOptions) error {
	f := opts.f
	ws, sess, err := f.openSession(ctx, opts.Resume)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	if sessionState(sess) == "ended" {
		return fmt.Errorf("session %s is over; nothing more can be recorded. `warroom scenario report %s` renders its after-action report", sess.ID, sess.ID)
	}
	list, err := f.Scenarios()
	if err != nil {
		return err
	}
	s := scenarioByID(list, sess.ScenarioID)
	if s == nil {
		return fmt.Errorf("session %s plays scenario %s, which is neither built in nor in --scenario-dir; pass the folder that holds it with --scenario-dir",
			sess.ID, oneLine(sess.ScenarioID))
	}
	ev, err := sessionEvidence(ctx, ws.db, sess)
	if err != nil {
		return err
	}
	m, err := scenarios.NewMachine(s, ev, sess, machineOptions(ws.bank))
	if err != nil {
		if s.Digest != sess.ScenarioDigest {
			return fmt.Errorf("scenario %s changed since session %s started (version %d then, %d now) and the session's log no longer replays on it: %w; "+
				"the session cannot continue, but `warroom scenario report %s` still renders what was recorded",
				s.ID, sess.ID, sess.ScenarioVersion, s.Version, err, sess.ID)
		}
		return fmt.Errorf("replay session %s: %w", sess.ID, err)
	}
	if err := needTerminal(f, "scenario run --resume"); err != nil {
		return err
	}
	if s.Digest != sess.ScenarioDigest {
		fmt.Fprintf(f.IO.ErrOut, "Note: scenario %s changed since the session started (version %d then, %d now); its log still replays, so the session continues on the current file.\n",
			s.ID, sess.ScenarioVersion, s.Version)
	}
	out := f.IO.Out
	fmt.Fprintf(out, "Resuming session %s: %s (%s), %s so far.\n", sess.ID, oneLine(s.Title), s.ID,
		plural(len(sess.Entries), "entry", "entries"))
	if sess.EvidenceRun != "" {
		fmt.Fprintf(out, "Evidence: run %s, as when the session started.\n", sess.EvidenceRun)
	} else {
		fmt.Fprintln(out, "Evidence: none; the generic narrative is used throughout.")
	}
	fc := newFacilitation(ctx, f, ws, s, ev, m)
	if m.Paused() {
		// Quit, Ctrl-C and the end of input pause the session: the time
		// away does not count, and coming back resumes it.
		if err := fc.record(scenarios.Entry{Kind: scenarios.KindResume}, "Resumed; the clock was stopped while away."); err != nil {
			return err
		}
	}
	if cur := m.Current(); cur != nil {
		fc.printInject()
		fmt.Fprintf(out, "\nRecorded so far for this inject: %s.\n", fc.injectCounts(cur.ID))
	}
	return fc.run()
}

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
	signal.Notify(sigs, os.Interrupt)
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
	e, err := fc.m.Record(scenarios.Entry{Kind: scenarios.KindPause, At: fc.now(), By: fc.sess().Facilitator})
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

func (fc *facilitation) sess() *scenarios.Session { return fc.m.Session() }

func (fc *facilitation) now() time.Time { return fc.f.Now().UTC() }

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
	e, err := fc.m.Advance(fc.now(), fc.sess().Facilitator)
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
	e.At = fc.now()
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
		fmt.Fprintf(&b, "[inject %d of ~%d %s · session %s · inject %s of %s", c.Index, c.Total, oneLine(cur.ID),
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

// scriptSummary is the `scenario run --script -o json` document.
type scriptSummary struct {
	Version int                       `json:"version"`
	Session scenarios.Session         `json:"session"`
	Injects []string                  `json:"injects"`
	Claims  map[scenarios.Verdict]int `json:"claims"`
	Gaps    int                       `json:"gaps"`
	Actions int                       `json:"actions"`
	Ended   bool                      `json:"ended"`
}

func scenarioScriptRun(ctx context.Context, opts *scenarioRunOptions) error {
	f := opts.f
	data, err := os.ReadFile(opts.Script)
	if err != nil {
		return fmt.Errorf("read script: %w", err)
	}
	sc, err := scenarios.ParseScript(opts.Script, data)
	if err != nil {
		printProblems(f.IO.ErrOut, err, opts.Script)
		return errSilent
	}
	if opts.ScenarioID != "" && !strings.EqualFold(opts.ScenarioID, sc.Scenario) {
		return usageErrorf("the script %s plays scenario %s, not %s", opts.Script, oneLine(sc.Scenario), oneLine(opts.ScenarioID))
	}
	s, err := f.scenario(sc.Scenario)
	if err != nil {
		return err
	}
	facilitator, participants := sc.Facilitator, sc.Participants
	if opts.Facilitator != "" {
		facilitator = opts.Facilitator
	}
	if len(opts.Participants) > 0 {
		participants = opts.Participants
	}
	if strings.TrimSpace(facilitator) == "" {
		return usageErrorf("the script names no facilitator; add facilitator: to it or pass --facilitator")
	}
	if err := checkName(opts.Script+": facilitator", facilitator); err != nil {
		return err
	}
	for _, p := range participants {
		if err := checkName(opts.Script+": participants", p.Name); err != nil {
			return err
		}
	}
	if err := checkRoles(s, participants); err != nil {
		return err
	}
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	stored, path, run, err := recordScript(ctx, ws, s, sc, facilitator, participants, f.Rand)
	var se *scriptError
	if errors.As(err, &se) {
		printProblems(f.IO.ErrOut, se.err, opts.Script)
		fmt.Fprintln(f.IO.ErrOut, "Nothing was recorded.")
		return errSilent
	}
	if err != nil {
		return fmt.Errorf("record session from %s: %w", opts.Script, err)
	}
	id := stored.ID
	sum := scriptSummary{Version: 1, Session: *stored, Injects: path, Claims: map[scenarios.Verdict]int{},
		Gaps: countKind(stored, scenarios.KindGap), Actions: countKind(stored, scenarios.KindAction), Ended: sessionState(stored) == "ended"}
	for _, v := range []scenarios.Verdict{scenarios.Verified, scenarios.Contradicted, scenarios.Unknown, scenarios.Conceded, scenarios.NotCheckable} {
		sum.Claims[v] = 0
	}
	for v, n := range claimCounts(stored) {
		sum.Claims[v] += n
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, sum)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Session %s recorded from %s: %s (%s).\n", id, opts.Script, oneLine(s.Title), s.ID)
	if run != nil {
		fmt.Fprintf(w, "Evidence: run %s shaped the injects.\n", run.ID)
	} else {
		fmt.Fprintln(w, "Evidence: none collected; the generic narrative was used throughout.")
	}
	fmt.Fprintf(w, "Injects played: %d (%s)\n", len(sum.Injects), oneLine(strings.Join(sum.Injects, ", ")))
	fmt.Fprintf(w, "Claims: %d verified, %d contradicted, %d unknown, %d conceded, %d not checkable\n",
		sum.Claims[scenarios.Verified], sum.Claims[scenarios.Contradicted], sum.Claims[scenarios.Unknown],
		sum.Claims[scenarios.Conceded], sum.Claims[scenarios.NotCheckable])
	fmt.Fprintf(w, "Recorded: %s, %s\n", plural(sum.Gaps, "gap", "gaps"), plural(sum.Actions, "action", "actions"))
	if sum.Ended {
		fmt.Fprintf(w, "Next: warroom scenario report %s --format html --out aar.html\n", id)
	} else {
		fmt.Fprintf(w, "The session is open (the script has no ended_at); continue it with `warroom scenario run --resume %s`.\n", id)
	}
	return nil
}

// scriptError is a script that does not fit its scenario or the evidence;
// nothing was recorded.
type scriptError struct{ err error }

func (e *scriptError) Error() string { return e.err.Error() }
func (e *scriptError) Unwrap() error { return e.err }

// recordScript records a typed-up session: it plays the script once without
// storing anything, so a script that does not fit the scenario or the
// evidence leaves no half-recorded session behind (a *scriptError), then
// creates the session, shaped by the workload's latest run, and commits every
// entry as it is played. rnd gives the session id its suffix (nil:
// crypto/rand). It returns the stored session, the injects played and the
// run that shaped them (nil when no evidence was collected).
func recordScript(ctx context.Context, ws *workspace, s *scenarios.Scenario, sc *scenarios.Script,
	facilitator string, participants []scenarios.Participant, rnd io.Reader) (*scenarios.Session, []string, *store.Run, error) {
	ev, run, err := latestScenarioEvidence(ctx, ws)
	if err != nil {
		return nil, nil, nil, err
	}
	id, err := store.NewSessionID(sc.StartedAt, rnd)
	if err != nil {
		return nil, nil, nil, err
	}
	header := scenarios.Session{
		ID: id, Workload: ws.w.Name, ScenarioID: s.ID, ScenarioVersion: s.Version, ScenarioDigest: s.Digest,
		Facilitator: facilitator, Participants: participants, Mode: "script", StartedAt: sc.StartedAt.UTC(),
	}
	if run != nil {
		header.EvidenceRun = run.ID
	}
	if dup, err := recordedScript(ctx, ws, header); err != nil {
		return nil, nil, nil, err
	} else if dup != "" {
		return nil, nil, nil, fmt.Errorf("this script (scenario %s, started %s) is already recorded as %s; nothing was recorded",
			s.ID, header.StartedAt.Format(time.RFC3339), dup)
	}
	dry := header
	dm, err := scenarios.NewMachine(s, ev, &dry, machineOptions(ws.bank))
	if err != nil {
		return nil, nil, nil, err
	}
	if err := sc.Play(dm, func(scenarios.Entry) error { return nil }); err != nil {
		return nil, nil, nil, &scriptError{err}
	}
	sess := header
	m, err := scenarios.NewMachine(s, ev, &sess, machineOptions(ws.bank))
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ws.db.CreateSession(ctx, ws.w.ID, *m.Session()); err != nil {
		return nil, nil, nil, err
	}
	if err := sc.Play(m, func(e scenarios.Entry) error { return ws.db.AppendEntry(ctx, id, e) }); err != nil {
		return nil, nil, nil, fmt.Errorf("session %s: %w", id, err)
	}
	stored, err := ws.db.Session(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return stored, m.Path(), run, nil
}

// recordedScript is the id of the workload's session replayed from the same
// script as header (same scenario, mode script, same start), or "".
func recordedScript(ctx context.Context, ws *workspace, header scenarios.Session) (string, error) {
	sessions, err := ws.db.Sessions(ctx, ws.w.ID)
	if err != nil {
		return "", err
	}
	for _, o := range sessions {
		if o.ScenarioID == header.ScenarioID && o.Mode == "script" && o.StartedAt.Equal(header.StartedAt) {
			return o.ID, nil
		}
	}
	return "", nil
}

// printProblems writes each line of a validation error, and how many.
func printProblems(w io.Writer, err error, path string) {
	problems := strings.Split(err.Error(), "\n")
	for _, p := range problems {
		fmt.Fprintln(w, oneLine(p))
	}
	fmt.Fprintf(w, "%s in %s\n", plural(len(problems), "problem", "problems"), path)
}

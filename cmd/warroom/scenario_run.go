package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

type scenarioRunOptions struct {
	f            *factory
	ScenarioID   string
	Facilitator  string
	Participants []scenarios.Participant
	Script       string
	Run          string // --run: the evidence run of a script session
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
clock. A session that was not paused when it stopped (the process was killed
or the terminal closed) is paused from its last entry on resume, so that
time does not count either. Enter at the menu redraws the clock.

The evidence is the workload's latest run of 'warroom collect'; without one
the generic narrative is used throughout. A script is shaped by the latest
run that finished at or before its started_at (evidence collected after the
session cannot have shaped it), or by the run --run names.

Participants are name:role pairs; a role is one of the scenario's roles (see
'warroom scenario show ID') or facilitator, scribe or observer.

--script FILE replays a session typed up in YAML, with no terminal (see
README.md for the format); the script names the scenario, facilitator and
participants, which the flags override.`,
		Example: `  warroom scenario run lost-root-account --facilitator sam --participants "dana:ir-lead,lee:cloud-admin"
  warroom scenario run --resume ttx-20261028T140000Z-1a2b3c4d
  warroom scenario run lost-root-account --script session.yaml
  warroom scenario run --script session.yaml --run run-20261027T090000Z-3f9a01c2`,
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
				if opts.ScenarioID != "" || opts.Script != "" || opts.Run != "" || opts.Facilitator != "" || len(opts.Participants) > 0 {
					return usageErrorf("--resume takes no scenario id, --script, --run, --facilitator or --participants: the session keeps its own")
				}
			case opts.Script != "":
			default:
				if opts.Run != "" {
					return usageErrorf("--run pins the evidence of a session typed up from a script (--script FILE); " +
						"a session run in the terminal is shaped by the workload's latest run")
				}
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
	fl.StringVar(&opts.Run, "run", "", "with --script: the evidence run that shaped the session (default: the latest run finished by its started_at)")
	fl.StringVar(&opts.Resume, "resume", "", "continue the open session with this id")
	return cmd
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
	m, err := scenarios.NewMachine(s, ev, sess, scenarios.MachineOptions{Bank: ws.bank})
	if err != nil {
		return err
	}
	if err := ws.db.CreateSession(ctx, ws.w.ID, *m.Session()); err != nil {
		return err
	}
	out := f.IO.Out
	fmt.Fprintf(out, "Session %s: %s (%s), facilitated by %s.\n", id, oneLine(s.Title), s.ID, oneLine(opts.Facilitator))
	if run != nil {
		fmt.Fprintf(out, "Evidence: run %s (finished %s) shapes the injects.\n", run.ID, stampUTC(run.FinishedAt))
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
	m, err := scenarios.NewMachine(s, ev, sess, scenarios.MachineOptions{Bank: ws.bank})
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
	if !m.Paused() {
		// Quit, Ctrl-C and the end of input pause the session; a killed
		// process or a closed terminal does not. The time since the last
		// entry is then counted as a pause, as if it had paused there.
		if err := fc.pauseSinceLast(); err != nil {
			return err
		}
	}
	if m.Paused() {
		// Coming back resumes the clock: the time away does not count.
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

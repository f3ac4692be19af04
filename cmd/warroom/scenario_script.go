package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

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
	// ParseScript refuses a script without a facilitator, so there is one.
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
	stored, path, run, err := recordScript(ctx, ws, s, sc, facilitator, participants, opts.Run, f.Rand)
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
	switch {
	case run != nil && opts.Run != "":
		fmt.Fprintf(w, "Evidence: run %s (finished %s, pinned with --run) shaped the injects.\n", run.ID, stampUTC(run.FinishedAt))
	case run != nil:
		fmt.Fprintf(w, "Evidence: run %s (finished %s, the latest run finished by the session's start) shaped the injects.\n",
			run.ID, stampUTC(run.FinishedAt))
	default:
		runs, err := ws.db.Runs(ctx, ws.w.ID)
		if err != nil {
			return err
		}
		if len(runs) == 0 {
			fmt.Fprintln(w, "Evidence: none collected; the generic narrative was used throughout.")
		} else {
			fmt.Fprintf(w, "Evidence: none: no run had finished by the session's start (%s), and later evidence cannot have shaped it; "+
				"the generic narrative was used throughout.\n", stampUTC(stored.StartedAt))
		}
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

// recordScript records a typed-up session: it plays the whole script through
// the machine first, so a script that does not fit the scenario or the
// evidence records nothing (a *scriptError), then stores the session with all
// its entries in one transaction. The session
// is shaped by the run pin names, or else by the workload's latest run that
// finished at or before the script's started_at (see scriptEvidence). rnd
// gives the session id its suffix (nil: crypto/rand). It returns the stored
// session, the injects played and the run that shaped them (nil when no run
// had finished by the start: generic narratives throughout).
func recordScript(ctx context.Context, ws *workspace, s *scenarios.Scenario, sc *scenarios.Script,
	facilitator string, participants []scenarios.Participant, pin string, rnd io.Reader) (*scenarios.Session, []string, *store.Run, error) {
	ev, run, err := scriptEvidence(ctx, ws, sc.StartedAt, pin)
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
		return nil, nil, nil, fmt.Errorf("this script (scenario %s, started %s) is already recorded as %s; nothing was recorded "+
			"(`warroom scenario report %s` shows it; an open one continues with `warroom scenario run --resume %s`)",
			s.ID, header.StartedAt.Format(time.RFC3339), dup, dup, dup)
	}
	sess := header
	m, err := scenarios.NewMachine(s, ev, &sess, scenarios.MachineOptions{Bank: ws.bank})
	if err != nil {
		return nil, nil, nil, err
	}
	if err := sc.Play(m, func(scenarios.Entry) error { return nil }); err != nil {
		return nil, nil, nil, &scriptError{err}
	}
	// The header and every entry in one transaction: a script is recorded
	// whole or not at all, even if the process is stopped half-way.
	if err := ws.db.CreateSession(ctx, ws.w.ID, *m.Session()); err != nil {
		return nil, nil, nil, err
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

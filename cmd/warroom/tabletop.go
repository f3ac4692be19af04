package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

// This file holds what the tabletop commands share: finding scenarios,
// participants, the evidence a session is shaped by, and sessions turned into
// gaps, action items and after-action records.

// seatRoles are the roles anyone may take besides a scenario's own.
var seatRoles = []string{"facilitator", "scribe", "observer"}

// scenario loads the scenarios (the library and --scenario-dir) and
// returns the one with id; an unknown id names the nearest ids (an error,
// not a usage mistake).
func (f *factory) scenario(id string) (*scenarios.Scenario, error) {
	list, err := f.Scenarios()
	if err != nil {
		return nil, err
	}
	s, err := scenarios.Find(list, strings.ToLower(strings.TrimSpace(id)))
	if errors.Is(err, scenarios.ErrUnknownScenario) {
		// Find's message points to `warroom scenario list` or names the
		// nearest ids; like an unknown practice it is not a usage mistake.
		return nil, fmt.Errorf("%w (custom scenarios need --scenario-dir)", err)
	}
	return s, err
}

// scenarioByID finds a session's scenario without suggesting anything: nil
// when it is neither in the library nor in --scenario-dir.
func scenarioByID(list []*scenarios.Scenario, id string) *scenarios.Scenario {
	for _, s := range list {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// parseParticipants reads "dana:ir-lead,lee:cloud-admin".
func parseParticipants(raw string) ([]scenarios.Participant, error) {
	var out []scenarios.Participant
	seen := map[string]bool{}
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, role, ok := strings.Cut(part, ":")
		name, role = strings.TrimSpace(name), strings.ToLower(strings.TrimSpace(role))
		if !ok || name == "" || role == "" {
			return nil, usageErrorf("--participants %q: write each person as name:role, separated by commas (dana:ir-lead,lee:cloud-admin)", part)
		}
		if err := checkName("--participants", name); err != nil {
			return nil, err
		}
		if seen[strings.ToLower(name)] {
			return nil, usageErrorf("--participants: %s is listed twice", name)
		}
		seen[strings.ToLower(name)] = true
		out = append(out, scenarios.Participant{Name: name, Role: role})
	}
	return out, nil
}

// checkName refuses a person's name that holds control characters (such as
// a terminal escape sequence) or marks that reorder text: names are shown in
// every listing and report. what says where the name came from.
func checkName(what, name string) error {
	if hasHidden(name) {
		return usageErrorf("%s: the name %q holds control characters; type it as plain text", what, name)
	}
	return nil
}

// roleIDs are the roles a participant of s may take.
func roleIDs(s *scenarios.Scenario) []string {
	var ids []string
	for _, r := range s.Roles {
		ids = append(ids, r.ID)
	}
	return append(ids, seatRoles...)
}

// checkRoles refuses a participant whose role the scenario does not have.
func checkRoles(s *scenarios.Scenario, ps []scenarios.Participant) error {
	roles := roleIDs(s)
	for _, p := range ps {
		if !slices.Contains(roles, p.Role) {
			return usageErrorf("participant %s: role %q is not a role of scenario %s; use one of %s",
				oneLine(p.Name), oneLine(p.Role), s.ID, strings.Join(roles, ", "))
		}
	}
	return nil
}

// runEvidence loads a run's findings as scenario evidence.
func runEvidence(ctx context.Context, db *store.DB, run store.Run) (*scenarios.Evidence, error) {
	fs, err := db.Findings(ctx, run.ID, store.FindingFilter{})
	if err != nil {
		return nil, err
	}
	return scenarios.NewEvidence(run.ID, run.FinishedAt, fs), nil
}

// latestScenarioEvidence is the workload's latest run as scenario evidence,
// with the run; nil when evidence was never collected.
func latestScenarioEvidence(ctx context.Context, ws *workspace) (*scenarios.Evidence, *store.Run, error) {
	run, err := ws.db.LatestRun(ctx, ws.w.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	ev, err := runEvidence(ctx, ws.db, run)
	if err != nil {
		return nil, nil, err
	}
	return ev, &run, nil
}

// scriptEvidence is the evidence a session typed up from a script is shaped
// by, with its run: the run pin names, or else the workload's latest run that
// finished at or before start. Evidence collected after the session cannot
// have shaped what the room heard, so a pinned run that finished after start
// is refused. Both are nil when no run had finished by start.
func scriptEvidence(ctx context.Context, ws *workspace, start time.Time, pin string) (*scenarios.Evidence, *store.Run, error) {
	var run *store.Run
	if pin != "" {
		r, err := ws.db.Run(ctx, pin)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, fmt.Errorf("--run %s: no such run in %s; `warroom collect` prints the id of each run it saves", oneLine(pin), ws.db.Path())
		}
		if err != nil {
			return nil, nil, err
		}
		if r.WorkloadID != ws.w.ID {
			return nil, nil, fmt.Errorf("--run %s: the run belongs to %s", oneLine(pin), workloadOf(ctx, ws.db, r.WorkloadID))
		}
		if r.FinishedAt.After(start) {
			return nil, nil, fmt.Errorf("--run %s finished %s, after the session started (%s): evidence collected after the session cannot have shaped it; "+
				"pin a run that finished by then, or leave out --run to use the latest one that did. Nothing was recorded",
				r.ID, stampUTC(r.FinishedAt), stampUTC(start))
		}
		run = &r
	} else {
		runs, err := ws.db.Runs(ctx, ws.w.ID) // newest first
		if err != nil {
			return nil, nil, err
		}
		for i := range runs {
			if !runs[i].FinishedAt.After(start) {
				run = &runs[i]
				break
			}
		}
	}
	if run == nil {
		return nil, nil, nil
	}
	ev, err := runEvidence(ctx, ws.db, *run)
	if err != nil {
		return nil, nil, err
	}
	return ev, run, nil
}

// sessionEvidence loads the evidence a session was shaped by (nil when it
// was generic).
func sessionEvidence(ctx context.Context, db *store.DB, sess *scenarios.Session) (*scenarios.Evidence, error) {
	if sess.EvidenceRun == "" {
		return nil, nil
	}
	run, err := db.Run(ctx, sess.EvidenceRun)
	if err != nil {
		return nil, fmt.Errorf("evidence run %s of session %s: %w", sess.EvidenceRun, sess.ID, err)
	}
	return runEvidence(ctx, db, run)
}

// openSession opens the workspace of a stored session: the session decides
// the workload (a --workload naming another one is an error).
func (f *factory) openSession(ctx context.Context, id string) (*workspace, *scenarios.Session, error) {
	bank, err := f.Bank()
	if err != nil {
		return nil, nil, err
	}
	db, err := f.existingStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	sess, err := db.Session(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		db.Close()
		return nil, nil, fmt.Errorf("no session %q in %s; `warroom scenario sessions` lists them", id, db.Path())
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	if f.Global.Workload != "" && f.Global.Workload != sess.Workload {
		db.Close()
		return nil, nil, fmt.Errorf("session %s belongs to workload %s, not %s", id, oneLine(sess.Workload), oneLine(f.Global.Workload))
	}
	w, err := db.Workload(ctx, sess.Workload)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return &workspace{db: db, bank: bank, w: w}, sess, nil
}

// sessionState is open, paused or ended, from the log alone.
func sessionState(sess *scenarios.Session) string {
	state := "open"
	for _, e := range sess.Entries {
		switch e.Kind {
		case scenarios.KindPause:
			state = "paused"
		case scenarios.KindResume:
			state = "open"
		case scenarios.KindEnd:
			return "ended"
		}
	}
	return state
}

// actionCheckIDs are the distinct check ids the items name.
func actionCheckIDs(items []review.ActionItem) []string {
	var ids []string
	for _, it := range items {
		if it.CheckID != "" && !slices.Contains(ids, it.CheckID) {
			ids = append(ids, it.CheckID)
		}
	}
	slices.Sort(ids)
	return ids
}

// resolveActions sets each item's state from the workload's runs and the
// manual updates of items without a check.
func resolveActions(ctx context.Context, ws *workspace, items []review.ActionItem, now time.Time) ([]review.ActionItem, error) {
	if len(items) == 0 {
		return []review.ActionItem{}, nil
	}
	ids := actionCheckIDs(items)
	var outcomes []review.CheckOutcome
	if len(ids) > 0 {
		var err error
		if outcomes, err = ws.db.CheckOutcomes(ctx, ws.w.ID, ids); err != nil {
			return nil, err
		}
	}
	updates, err := ws.db.ActionUpdates(ctx, ws.w.ID)
	if err != nil {
		return nil, err
	}
	return review.ResolveActions(items, outcomes, updates, now), nil
}

// tabletop is what the workload's sessions add to a review.
type tabletop struct {
	Sessions []scenarios.Session
	Gaps     []review.TabletopGap
	Actions  []review.ActionItem // resolved
}

// loadTabletop reads every session of the workload with its gaps and its
// action items resolved against the runs at now.
func loadTabletop(ctx context.Context, ws *workspace, now time.Time) (tabletop, error) {
	sessions, err := ws.db.Sessions(ctx, ws.w.ID)
	if err != nil {
		return tabletop{}, err
	}
	t := tabletop{Sessions: sessions}
	var items []review.ActionItem
	for i := range sessions {
		t.Gaps = append(t.Gaps, scenarios.TabletopGaps(&sessions[i])...)
		items = append(items, scenarios.ActionItems(&sessions[i])...)
	}
	if t.Actions, err = resolveActions(ctx, ws, items, now); err != nil {
		return tabletop{}, err
	}
	return t, nil
}

// afterAction builds a session's after-action record with its action items
// resolved at now. s may be nil when the scenario file is gone.
func afterAction(ctx context.Context, ws *workspace, s *scenarios.Scenario, sess *scenarios.Session, now time.Time) (scenarios.AfterAction, error) {
	a := scenarios.BuildAfterAction(s, sess, ws.bank)
	acts, err := resolveActions(ctx, ws, a.Actions, now)
	if err != nil {
		return a, err
	}
	a.Actions = acts
	return a, nil
}

// afterActions builds the after-action record of every session for the
// review report. A session whose scenario cannot be found (a custom one
// without --scenario-dir) is still included, with inject ids for titles.
func (f *factory) afterActions(ctx context.Context, ws *workspace, sessions []scenarios.Session) ([]scenarios.AfterAction, error) {
	if len(sessions) == 0 {
		return nil, nil
	}
	list, err := f.Scenarios()
	if err != nil {
		return nil, err
	}
	var out []scenarios.AfterAction
	for i := range sessions {
		a, err := afterAction(ctx, ws, scenarioByID(list, sessions[i].ScenarioID), &sessions[i], f.Now())
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// actionState is how an item's state reads in a table: done, open or
// REGRESSED, with ", overdue" when past its due date.
func actionState(it review.ActionItem) string {
	s := string(it.State)
	if it.State == review.ActionRegressed {
		s = "REGRESSED"
	}
	if it.Overdue {
		s += ", overdue"
	}
	return s
}

// claimCounts counts a session's claims by verdict.
func claimCounts(sess *scenarios.Session) map[scenarios.Verdict]int {
	c := map[scenarios.Verdict]int{}
	for _, e := range sess.Entries {
		if e.Kind == scenarios.KindClaim {
			c[e.Verdict]++
		}
	}
	return c
}

// countKind counts a session's entries of one kind.
func countKind(sess *scenarios.Session, k scenarios.EntryKind) int {
	n := 0
	for _, e := range sess.Entries {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// hanging wraps text after prefix, indenting the lines that follow to
// line up under the text (list items, numbered questions).
func hanging(prefix, text string) string {
	pad := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	return prefix + strings.TrimPrefix(wrap(text, 78-len(pad), pad), pad)
}

// minutes prints a duration as 1h05m, 12m30s or 45s.
func minutes(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

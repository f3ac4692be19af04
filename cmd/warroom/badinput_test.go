package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/store"
)

// This file covers bad input to the tabletop commands that no other test
// pins down: each refusal is checked for its message and, where the command
// could have written to the database, for having stored nothing.

// tabletopRows counts what the tabletop commands write, over every workload:
// sessions, session entries and manual action updates.
func (h *harness) tabletopRows() (sessions, entries, updates int) {
	h.t.Helper()
	ctx := context.Background()
	db := h.openDB()
	ws, err := db.Workloads(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, w := range ws {
		ss, err := db.Sessions(ctx, w.ID)
		if err != nil {
			h.t.Fatal(err)
		}
		sessions += len(ss)
		for _, s := range ss {
			entries += len(s.Entries)
		}
		us, err := db.ActionUpdates(ctx, w.ID)
		if err != nil {
			h.t.Fatal(err)
		}
		updates += len(us)
	}
	return sessions, entries, updates
}

// refused runs warroom with exec's setup and fails the test unless it exits
// with code, standard error holds every one of want, and the database holds
// the same sessions, entries and action updates as before.
func (h *harness) refused(code int, want []string, setup func(*factory), args ...string) {
	h.t.Helper()
	s0, e0, u0 := h.tabletopRows()
	got := h.exec("", setup, args...)
	msg := h.errOut.String()
	ok := got == code
	for _, w := range want {
		ok = ok && strings.Contains(msg, w)
	}
	if !ok {
		h.t.Errorf("warroom %v: exit %d, stderr:\n%s\nwant exit %d with %q", args, got, msg, code, want)
	}
	if s, e, u := h.tabletopRows(); s != s0 || e != e0 || u != u0 {
		h.t.Errorf("warroom %v stored something: sessions %d→%d, entries %d→%d, action updates %d→%d", args, s0, s, e0, e, u0, u)
	}
}

// TestScenarioRun_ScriptBadInput: a script run refused for its file, its
// people or its scenario stores no session.
func TestScenarioRun_ScriptBadInput(t *testing.T) {
	h := scriptedHarness(t)
	drill := mustRead(t, drillScript)
	other := func(f *factory) { f.Rand = strings.NewReader("\x99\x88\x77\x66") }

	missing := filepath.Join(h.dir, "nope.yaml")
	h.refused(1, []string{"read script: open " + missing}, nil, withDrill("run", "--script", missing)...)

	bad := h.write("bad.yaml", "scenario: drill-leaked-key\nfacilitator: sam\nstarted_at: yesterday\ninjects: []\ncolour: red\n")
	h.refused(1, []string{bad + ":", "in " + bad}, nil, withDrill("run", "--script", bad)...)

	h.refused(2, []string{"the script " + drillScript + " plays scenario drill-leaked-key, not lost-root-account"}, nil,
		withDrill("run", "lost-root-account", "--script", drillScript)...)

	noFac := h.write("nofac.yaml", strings.Replace(drill, "facilitator: sam\n", "", 1))
	h.refused(1, []string{noFac + ":1: facilitator: missing; name who ran the session", "1 problem in " + noFac}, nil,
		withDrill("run", "--script", noFac)...)

	evilFac := h.write("evil-fac.yaml", strings.Replace(drill, "facilitator: sam", `facilitator: "sam\e[2J"`, 1))
	h.refused(2, []string{evilFac + ": facilitator: the name", "holds control characters; type it as plain text"}, nil,
		withDrill("run", "--script", evilFac)...)

	evilPart := h.write("evil-part.yaml", strings.Replace(drill, `"dana:ir-lead"`, `"dana\e[31m:ir-lead"`, 1))
	h.refused(2, []string{evilPart + ": participants: the name", "holds control characters; type it as plain text"}, nil,
		withDrill("run", "--script", evilPart)...)

	badRole := h.write("bad-role.yaml", strings.Replace(drill, `"dana:ir-lead"`, `"dana:pilot"`, 1))
	h.refused(2, []string{`participant dana: role "pilot" is not a role of scenario drill-leaked-key; use one of ir-lead, cloud-admin, security-eng, facilitator, scribe, observer`}, nil,
		withDrill("run", "--script", badRole)...)
	// --participants overrides the script's, and is checked the same way.
	h.refused(2, []string{`participant lee: role "pilot" is not a role of scenario drill-leaked-key`}, nil,
		withDrill("run", "--script", drillScript, "--participants", "lee:pilot")...)

	unknown := h.write("unknown.yaml", strings.Replace(drill, "scenario: drill-leaked-key", "scenario: drill-leaked-kee", 1))
	h.refused(1, []string{"drill-leaked-kee", "did you mean drill-leaked-key", "(custom scenarios need --scenario-dir)"}, nil,
		withDrill("run", "--script", unknown)...)
	// Without --scenario-dir the test scenario is unknown too.
	h.refused(1, []string{"drill-leaked-key", "(custom scenarios need --scenario-dir)"}, nil,
		"scenario", "run", "--script", drillScript)

	// Once recorded, a second replay under another facilitator is refused
	// as the same script.
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	h.refused(1, []string{"is already recorded as " + drillSessionID + "; nothing was recorded"}, other,
		withDrill("run", "--script", drillScript, "--facilitator", "kim")...)
}

// TestScenarioRun_ScriptRunOfAnotherWorkload: --run naming another
// workload's run is refused, in neither workload is a session stored.
func TestScenarioRun_ScriptRunOfAnotherWorkload(t *testing.T) {
	h := scriptedHarness(t)
	h.mustRun("workload", "create", "ledger")
	ctx := context.Background()
	db := h.openDB()
	ledger, err := db.Workload(ctx, "ledger")
	if err != nil {
		t.Fatal(err)
	}
	const ledgerRun = "run-20261027T110000Z-0000aaaa"
	finished := sessionStart.Add(-27 * time.Hour)
	if err := db.SaveRun(ctx, ledger.ID, store.Run{ID: ledgerRun, StartedAt: finished.Add(-time.Minute), FinishedAt: finished,
		Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1"}, ToolVersion: "test"},
		[]checks.Finding{finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1")}); err != nil {
		t.Fatal(err)
	}
	h.refused(1, []string{"--run " + ledgerRun + ": the run belongs to workload ledger; pick it with --workload ledger"}, nil,
		withDrill("--workload", "payments", "run", "--script", drillScript, "--run", ledgerRun)...)
}

// TestScenarioRun_ResumeBadInput: resuming an ended session, or a session
// through another workload, records no pause or resume entry.
func TestScenarioRun_ResumeBadInput(t *testing.T) {
	h := scriptedHarness(t)
	h.tty = true
	open := h.write("open.yaml", strings.Replace(mustRead(t, drillScript), "ended_at: +38m\n", "", 1))
	h.mustExec("", nil, withDrill("run", "--script", open)...)
	h.mustRun("workload", "create", "ledger")

	// The session is open and was not paused: a resume would record a pause
	// and a resume at once. Naming another workload is refused first.
	h.refused(1, []string{"session " + drillSessionID + " belongs to workload payments, not ledger"}, nil,
		append([]string{"--workload", "ledger"}, withDrill("run", "--resume", drillSessionID)...)...)
	h.refused(1, []string{`no session "ttx-nope" in ` + h.db + "; `warroom scenario sessions` lists them"}, nil,
		withDrill("run", "--resume", "ttx-nope")...)
	// Without a terminal, once the session is known to fit.
	h.tty = false
	h.refused(1, []string{"scenario run --resume needs a terminal"}, nil, withDrill("run", "--resume", drillSessionID)...)

	// An ended session.
	h.tty = true
	h.mustExec("e\ny\n", nil, withDrill("run", "--resume", drillSessionID)...)
	h.refused(1, []string{"session " + drillSessionID + " is over; nothing more can be recorded. `warroom scenario report " + drillSessionID + "` renders its after-action report"}, nil,
		withDrill("run", "--resume", drillSessionID)...)
}

// TestScenarioReport_BadSession: report names the session it cannot show.
func TestScenarioReport_BadSession(t *testing.T) {
	h := scriptedHarness(t)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	h.mustRun("workload", "create", "ledger")
	h.refused(1, []string{`no session "ttx-nope" in ` + h.db + "; `warroom scenario sessions` lists them"}, nil,
		withDrill("report", "ttx-nope")...)
	h.refused(1, []string{"session " + drillSessionID + " belongs to workload payments, not ledger"}, nil,
		append([]string{"--workload", "ledger"}, withDrill("report", drillSessionID)...)...)
	if h.out.Len() != 0 {
		t.Errorf("a refused report printed %q", h.out)
	}
}

// TestScenarioDir_DuplicateID: two scenario files with one id are refused
// before anything is played.
func TestScenarioDir_DuplicateID(t *testing.T) {
	h := scriptedHarness(t)
	dir := filepath.Join(t.TempDir(), "copy")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "drill-leaked-key.yaml")
	if err := os.WriteFile(copyPath, []byte(mustRead(t, filepath.Join(drillDir, "drill-leaked-key.yaml"))), 0o644); err != nil {
		t.Fatal(err)
	}
	h.refused(1, []string{"load --scenario-dir " + dir + ": scenario drill-leaked-key in " + copyPath + " is already defined in ",
		"drill-leaked-key.yaml; give it another id"}, nil,
		"scenario", "--scenario-dir", drillDir, "--scenario-dir", dir, "run", "--script", drillScript)
}

// TestActions_BadInputStoresNothing: refusals of actions done and reopen
// before any session and for a malformed id leave the update log empty.
func TestActions_BadInputStoresNothing(t *testing.T) {
	h := scriptedHarness(t)
	h.refused(2, []string{`no action item "` + drillSessionID + `#13": workload payments has no action items`}, nil,
		"actions", "done", drillSessionID+"#13", "--by", "lee")
	h.refused(2, []string{`no action item "` + drillSessionID + `#13": workload payments has no action items`}, nil,
		"actions", "reopen", drillSessionID+"#13", "--by", "sam", "--note", "x")
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	h.refused(2, []string{"--by is missing: say who closes the item"}, nil, "actions", "done", drillSessionID+"#13", "--by", " ")
	h.refused(2, []string{"--note is missing: say why the item is not done after all"}, nil,
		"actions", "reopen", drillSessionID+"#13", "--by", "sam")
	// An id that is not canonical (a seq with a leading zero) is not the item.
	h.refused(2, []string{`no action item "` + drillSessionID + `#013" in workload payments; did you mean`}, nil,
		"actions", "done", drillSessionID+"#013", "--by", "lee")
	// The item belongs to payments: through another workload it is unknown.
	h.mustRun("workload", "create", "ledger")
	h.refused(2, []string{`no action item "` + drillSessionID + `#13": workload ledger has no action items`}, nil,
		"--workload", "ledger", "actions", "done", drillSessionID+"#13", "--by", "lee")
}

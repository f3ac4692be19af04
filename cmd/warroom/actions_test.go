package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/review"
)

func TestNewCmdActionsList(t *testing.T) {
	tests := []optionCase[actionsListOptions]{
		{[]string{}, actionsListOptions{}, ""},
		{[]string{"--open"}, actionsListOptions{Open: true}, ""},
		{[]string{"extra"}, actionsListOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*actionsListOptions) error) *cobra.Command {
		return newCmdActionsList(newFactory(&ioStreams{}), runF)
	}, func(o *actionsListOptions) { o.f = nil })
}

// actionRows returns the rows of `actions list` as fields split on two or
// more spaces, without the header.
func actionRows(out string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		var cells []string
		for _, c := range strings.Split(line, "  ") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		rows = append(rows, cells)
	}
	return rows
}

func (h *harness) actions(args ...string) []review.ActionItem {
	h.t.Helper()
	var doc struct {
		Version int                 `json:"version"`
		Actions []review.ActionItem `json:"actions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun(append([]string{"actions", "list", "-o", "json"}, args...)...)), &doc); err != nil {
		h.t.Fatal(err)
	}
	if doc.Version != 1 {
		h.t.Errorf("actions json version %d", doc.Version)
	}
	return doc.Actions
}

func TestActions_CloseAndReopen(t *testing.T) {
	h := scriptedHarness(t)
	if out := h.mustRun("actions", "list"); !strings.Contains(out, "No tabletop sessions for workload payments yet") {
		t.Errorf("no sessions: %q", out)
	}
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	guard, role := drillSessionID+"#12", drillSessionID+"#13"

	rows := actionRows(h.mustRun("actions", "list"))
	want := [][]string{
		{guard, "open", "2026-11-15", "kim", "SEC04-BP03", "guardduty.enabled", "Turn GuardDuty on in every region"},
		{role, "open", "2026-12-01", "lee", "SEC02-BP05", "-", "Replace the deploy key with a role"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("actions at first:\n%q\nwant\n%q", rows, want)
	}

	// A later run finds GuardDuty on everywhere: the item closes itself.
	h.saveRun("run-20261105T120000Z-00000002", time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Pass, "eu-west-1", "guardduty/111122223333/eu-west-1"),
		finding("guardduty.enabled", checks.Pass, "us-east-1", "guardduty/111122223333/us-east-1"))
	h.now = time.Date(2026, 11, 6, 9, 0, 0, 0, time.UTC)
	items := h.actions()
	if len(items) != 2 || items[0].ID != guard || items[0].State != review.ActionDone || items[0].Run != "run-20261105T120000Z-00000002" ||
		items[1].State != review.ActionOpen {
		t.Errorf("after the passing run: %+v", items)
	}
	open := actionRows(h.mustRun("actions", "list", "--open"))
	if len(open) != 1 || open[0][0] != role {
		t.Errorf("--open after the passing run: %q", open)
	}

	// A still later run finds it off again: regressed, and overdue once its
	// due date has passed.
	h.saveRun("run-20261110T120000Z-00000003", time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1"))
	h.now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	rows = actionRows(h.mustRun("actions", "list", "--open"))
	if len(rows) != 2 || rows[0][0] != guard || rows[0][1] != "REGRESSED, overdue" || rows[1][1] != "open" {
		t.Errorf("after the failing run: %q", rows)
	}
	items = h.actions("--open")
	if len(items) != 2 || items[0].State != review.ActionRegressed || !items[0].Overdue || items[0].Run != "run-20261110T120000Z-00000003" {
		t.Errorf("json after the failing run: %+v", items)
	}

	// The session's gap and actions join the review: SEC04-BP03 is a gap
	// found at the table, and the plan carries the regressed action.
	var doc struct {
		Questions []struct {
			Practices []struct {
				ID         string   `json:"id"`
				Gap        bool     `json:"gap"`
				GapSources []string `json:"gap_sources"`
			} `json:"practices"`
		} `json:"questions"`
		Plan []struct {
			Practice string              `json:"practice"`
			Tabletop bool                `json:"tabletop"`
			Actions  []review.ActionItem `json:"actions"`
		} `json:"improvement_plan"`
		Actions []review.ActionItem `json:"actions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	tabletopGap := false
	for _, q := range doc.Questions {
		for _, p := range q.Practices {
			if p.ID == "SEC04-BP03" {
				tabletopGap = p.Gap && strings.Contains(strings.Join(p.GapSources, ","), "tabletop")
			}
		}
	}
	if !tabletopGap {
		t.Error("SEC04-BP03 is not a tabletop gap in the score")
	}
	planned := false
	for _, it := range doc.Plan {
		if it.Practice == "SEC04-BP03" {
			planned = it.Tabletop && len(it.Actions) == 1 && it.Actions[0].State == review.ActionRegressed
		}
	}
	if !planned || len(doc.Actions) != 2 {
		t.Errorf("plan lacks the tabletop item with its regressed action (%d actions in the assessment)", len(doc.Actions))
	}
	// The review report has the session.
	if md := h.mustRun("--workload", "payments", "report"); !strings.Contains(md, drillSessionID) {
		t.Error("the review report does not mention the session")
	}
}

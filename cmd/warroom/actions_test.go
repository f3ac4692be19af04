package main

import (
	"context"
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

func TestNewCmdActionsUpdate(t *testing.T) {
	done := []optionCase[actionsUpdateOptions]{
		{[]string{"ttx-1#4", "--by", "lee"}, actionsUpdateOptions{State: review.ActionDone, ID: "ttx-1#4", By: "lee"}, ""},
		{[]string{" ttx-1#4 ", "--by", " lee ", "--note", " role in use "},
			actionsUpdateOptions{State: review.ActionDone, ID: "ttx-1#4", By: "lee", Note: "role in use"}, ""},
		{[]string{"ttx-1#4"}, actionsUpdateOptions{}, "--by is missing: say who closes the item"},
		{[]string{"ttx-1#4", "--by", "  "}, actionsUpdateOptions{}, "--by is missing"},
		{[]string{"--by", "lee"}, actionsUpdateOptions{}, "takes one action item id"},
		{[]string{"ttx-1#4", "ttx-1#5", "--by", "lee"}, actionsUpdateOptions{}, "takes one action item id"},
	}
	checkOptions(t, done, func(runF func(*actionsUpdateOptions) error) *cobra.Command {
		return newCmdActionsUpdate(newFactory(&ioStreams{}), review.ActionDone, runF)
	}, func(o *actionsUpdateOptions) { o.f = nil })
	reopen := []optionCase[actionsUpdateOptions]{
		{[]string{"ttx-1#4", "--by", "sam", "--note", "the old key still works"},
			actionsUpdateOptions{State: review.ActionOpen, ID: "ttx-1#4", By: "sam", Note: "the old key still works"}, ""},
		{[]string{"ttx-1#4", "--by", "sam"}, actionsUpdateOptions{}, "--note is missing: say why the item is not done after all"},
		{[]string{"ttx-1#4", "--by", "sam", "--note", " "}, actionsUpdateOptions{}, "--note is missing"},
		{[]string{"ttx-1#4", "--note", "x"}, actionsUpdateOptions{}, "--by is missing: say who reopens the item"},
	}
	checkOptions(t, reopen, func(runF func(*actionsUpdateOptions) error) *cobra.Command {
		return newCmdActionsUpdate(newFactory(&ioStreams{}), review.ActionOpen, runF)
	}, func(o *actionsUpdateOptions) { o.f = nil })
}

// actionUpdates reads every manual update of workload payments.
func (h *harness) actionUpdates() []review.ActionUpdate {
	h.t.Helper()
	ctx := context.Background()
	db := h.openDB()
	w, err := db.Workload(ctx, "payments")
	if err != nil {
		h.t.Fatal(err)
	}
	us, err := db.ActionUpdates(ctx, w.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return us
}

// mustFail runs warroom and fails the test unless it exits with code and
// standard error contains every one of want.
func (h *harness) mustFail(code int, want []string, args ...string) {
	h.t.Helper()
	got := h.run("", args...)
	msg := h.errOut.String()
	ok := got == code
	for _, w := range want {
		ok = ok && strings.Contains(msg, w)
	}
	if !ok {
		h.t.Errorf("warroom %v: exit %d, stderr:\n%s\nwant exit %d with %q", args, got, msg, code, want)
	}
}

func TestActions_ManualDoneAndReopen(t *testing.T) {
	h := scriptedHarness(t)
	if code := h.run("", "actions", "done", drillSessionID+"#13", "--by", "lee"); code != 2 ||
		!strings.Contains(h.errOut.String(), "workload payments has no action items") {
		t.Errorf("done before any session: exit %d %q", code, h.errOut)
	}
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	guard, role := drillSessionID+"#12", drillSessionID+"#13"

	// Refused: an item a check closes, unknown ids, reopening an open item.
	h.mustFail(1, []string{"action item " + guard + " is tied to check guardduty.enabled",
		"closes itself when a collect finds guardduty.enabled passing", "cannot be closed by hand"},
		"actions", "done", guard, "--by", "lee")
	h.mustFail(1, []string{"closes itself when a collect finds guardduty.enabled passing", "cannot be reopened by hand"},
		"actions", "reopen", guard, "--by", "lee", "--note", "not sure")
	h.mustFail(2, []string{`no action item "` + drillSessionID + `#31" in workload payments; did you mean ` + guard + ", " + role + "?"},
		"actions", "done", drillSessionID+"#31", "--by", "lee")
	h.mustFail(2, []string{`no action item "deploy-key" in workload payments; see ` + "`warroom actions list`"},
		"actions", "done", "deploy-key", "--by", "lee")
	h.mustFail(1, []string{"action item " + role + " is already open"},
		"actions", "reopen", role, "--by", "sam", "--note", "still open")
	if us := h.actionUpdates(); len(us) != 0 {
		t.Fatalf("refused updates were stored: %+v", us)
	}

	// Closed by hand: the list says who and when; --open leaves it out.
	h.now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	out := h.mustRun("actions", "done", role, "--by", "lee", "--note", "deploy role in use since 11-19")
	if want := "Action item " + role + " is now done (by lee 2026-11-20): Replace the deploy key with a role\n"; out != want {
		t.Errorf("done printed %q, want %q", out, want)
	}
	rows := actionRows(h.mustRun("actions", "list"))
	want := [][]string{
		{guard, "open, overdue", "2026-11-15", "kim", "SEC04-BP03", "guardduty.enabled", "Turn GuardDuty on in every region"},
		{role, "done (by lee 2026-11-20)", "2026-12-01", "lee", "SEC02-BP05", "-", "Replace the deploy key with a role"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("actions after closing by hand:\n%q\nwant\n%q", rows, want)
	}
	if open := actionRows(h.mustRun("actions", "list", "--open")); len(open) != 1 || open[0][0] != guard {
		t.Errorf("--open after closing by hand: %q", open)
	}
	items := h.actions()
	if len(items) != 2 || items[1].State != review.ActionDone || items[1].ClosedBy != "lee" || !items[1].ClosedAt.Equal(h.now) ||
		items[1].ClosedNote != "deploy role in use since 11-19" || items[1].Run != "" || items[0].ClosedBy != "" {
		t.Errorf("json after closing by hand: %+v", items)
	}
	h.mustFail(1, []string{"action item " + role + " is already done (by lee 2026-11-20)"}, "actions", "done", role, "--by", "kim")

	// Reopened after its due date: open and overdue again; the closure stays in the log.
	h.now = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	h.mustFail(2, []string{"--note is missing"}, "actions", "reopen", role, "--by", "sam")
	out = h.mustRun("actions", "reopen", role, "--by", "sam", "--note", "the old key still works")
	if want := "Action item " + role + " is now open, overdue: Replace the deploy key with a role\n"; out != want {
		t.Errorf("reopen printed %q, want %q", out, want)
	}
	items = h.actions("--open")
	if len(items) != 2 || items[1].ID != role || items[1].State != review.ActionOpen || !items[1].Overdue || items[1].ClosedBy != "" {
		t.Errorf("json after reopening: %+v", items)
	}

	// Closed again, with JSON output.
	h.now = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	var doc struct {
		Version int               `json:"version"`
		Action  review.ActionItem `json:"action"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("actions", "done", role, "--by", "lee", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Action.ID != role || doc.Action.State != review.ActionDone || doc.Action.ClosedBy != "lee" ||
		doc.Action.ClosedNote != "" || doc.Action.Overdue {
		t.Errorf("done -o json: %+v", doc)
	}
	us := h.actionUpdates()
	var log []string
	for _, u := range us {
		log = append(log, string(u.State)+" "+u.By+" "+u.At.Format("01-02")+" "+u.Note)
	}
	if wantLog := []string{"done lee 11-20 deploy role in use since 11-19", "open sam 12-03 the old key still works", "done lee 12-04 "}; !reflect.DeepEqual(log, wantLog) {
		t.Errorf("update log:\n%q\nwant\n%q", log, wantLog)
	}

	// The review sees the manual closure too.
	var score struct {
		Actions []review.ActionItem `json:"actions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &score); err != nil {
		t.Fatal(err)
	}
	closed := false
	for _, it := range score.Actions {
		if it.ID == role {
			closed = it.State == review.ActionDone && it.ClosedBy == "lee"
		}
	}
	if !closed {
		t.Errorf("score lists %+v; want %s done by lee", score.Actions, role)
	}
}

func TestNewCmdActionsHistory(t *testing.T) {
	tests := []optionCase[actionsHistoryOptions]{
		{[]string{" ttx-1#4 "}, actionsHistoryOptions{ID: "ttx-1#4"}, ""},
		{[]string{}, actionsHistoryOptions{}, "takes one action item id"},
		{[]string{"ttx-1#4", "ttx-1#5"}, actionsHistoryOptions{}, "takes one action item id"},
	}
	checkOptions(t, tests, func(runF func(*actionsHistoryOptions) error) *cobra.Command {
		return newCmdActionsHistory(newFactory(&ioStreams{}), runF)
	}, func(o *actionsHistoryOptions) { o.f = nil })
}

// historyDoc is `actions history -o json`.
type historyDoc struct {
	Version int                  `json:"version"`
	ID      string               `json:"id"`
	State   review.ActionState   `json:"state"`
	History []review.ActionEvent `json:"history"`
}

func (h *harness) actionHistory(id string) historyDoc {
	h.t.Helper()
	var doc historyDoc
	if err := json.Unmarshal([]byte(h.mustRun("actions", "history", id, "-o", "json")), &doc); err != nil {
		h.t.Fatal(err)
	}
	return doc
}

func TestActions_AccountsAndHistory(t *testing.T) {
	h := scriptedHarness(t)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	guard, role := drillSessionID+"#12", drillSessionID+"#13"
	const mgmt = "999988887777"
	inMgmt := func(st checks.Status, region string) checks.Finding {
		f := finding("guardduty.enabled", st, region, "guardduty/"+mgmt+"/"+region)
		f.Account = mgmt
		return f
	}

	// GuardDuty failed in 111122223333 in the evidence that shaped the
	// session: that account decides the item.
	items := h.actions()
	if len(items) != 2 || items[0].ID != guard || !reflect.DeepEqual(items[0].Accounts, []string{"111122223333"}) ||
		items[0].History != nil || items[1].Accounts != nil {
		t.Fatalf("accounts at first: %+v", items)
	}
	if doc := h.actionHistory(guard); doc.Version != 1 || doc.ID != guard || doc.State != review.ActionOpen ||
		doc.History == nil || len(doc.History) != 0 {
		t.Errorf("history -o json before any run: %+v", doc)
	}
	out := h.mustRun("actions", "history", guard)
	for _, want := range []string{
		"Action item " + guard + ": Turn GuardDuty on in every region\n",
		"; owner kim, due 2026-11-15.\n",
		"Check guardduty.enabled decides it, in 111122223333.\n",
		"No change of state since it was agreed: it is open.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("history before any run lacks %q:\n%s", want, out)
		}
	}

	// A run that covered only another account, and one that passes with an
	// unknown finding, change nothing.
	h.saveRun("run-20261101T120000Z-00000002", time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		inMgmt(checks.Pass, "eu-west-1"), inMgmt(checks.Pass, "us-east-1"))
	h.saveRun("run-20261102T120000Z-00000003", time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Pass, "eu-west-1", "guardduty/111122223333/eu-west-1"),
		finding("guardduty.enabled", checks.Unknown, "us-east-1", "guardduty/111122223333/us-east-1"))
	h.now = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	if items := h.actions(); items[0].State != review.ActionOpen || items[0].History != nil {
		t.Errorf("after runs that prove nothing: %+v", items[0])
	}

	// Passing in the account, while the other fails: done. Failing again in
	// the account: regressed.
	h.saveRun("run-20261105T120000Z-00000004", time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Pass, "eu-west-1", "guardduty/111122223333/eu-west-1"),
		inMgmt(checks.Fail, "eu-west-1"))
	h.saveRun("run-20261110T120000Z-00000005", time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC),
		finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1"))
	h.now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	wantEvents := []review.ActionEvent{
		{At: time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC), State: review.ActionDone, Run: "run-20261105T120000Z-00000004"},
		{At: time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC), State: review.ActionRegressed, Run: "run-20261110T120000Z-00000005"},
	}
	if items := h.actions(); items[0].State != review.ActionRegressed || !reflect.DeepEqual(items[0].History, wantEvents) {
		t.Errorf("actions list -o json after the runs: %+v", items[0])
	}
	if doc := h.actionHistory(guard); doc.State != review.ActionRegressed || !reflect.DeepEqual(doc.History, wantEvents) {
		t.Errorf("history -o json after the runs: %+v", doc)
	}
	out = h.mustRun("actions", "history", guard)
	if !strings.Contains(out, "Now REGRESSED, overdue.\n\n") {
		t.Errorf("history lacks the state now:\n%s", out)
	}
	rows := actionRows(out[strings.Index(out, "AT "):])
	want := [][]string{
		{"2026-11-05 12:00", "done", "run-20261105T120000Z-00000004", "-"},
		{"2026-11-10 12:00", "REGRESSED", "run-20261110T120000Z-00000005", "-"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("history rows:\n%q\nwant\n%q", rows, want)
	}

	// An item without a check: who closed and reopened it, and why.
	h.now = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	h.mustRun("actions", "done", role, "--by", "lee", "--note", "deploy role in use")
	h.now = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	h.mustRun("actions", "reopen", role, "--by", "sam", "--note", "the old key still works")
	out = h.mustRun("actions", "history", role)
	if strings.Contains(out, "Check ") || !strings.Contains(out, "Now open.\n") {
		t.Errorf("history of a manual item:\n%s", out)
	}
	rows = actionRows(out[strings.Index(out, "AT "):])
	want = [][]string{
		{"2026-11-21 09:00", "done", "lee", "deploy role in use"},
		{"2026-11-22 09:00", "open", "sam", "the old key still works"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("manual history rows:\n%q\nwant\n%q", rows, want)
	}
	if doc := h.actionHistory(role); len(doc.History) != 2 || doc.History[0].By != "lee" || doc.History[0].Run != "" ||
		doc.History[1].Note != "the old key still works" {
		t.Errorf("manual history -o json: %+v", doc)
	}

	h.mustFail(2, []string{`no action item "` + drillSessionID + `#14" in workload payments; did you mean`},
		"actions", "history", drillSessionID+"#14")
}

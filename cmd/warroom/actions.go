package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

func newCmdActions(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "actions",
		Short: "Follow up the action items agreed in tabletop sessions",
	}
	cmd.AddCommand(newCmdActionsList(f, nil), newCmdActionsHistory(f, nil), newCmdActionsUpdate(f, review.ActionDone, nil),
		newCmdActionsUpdate(f, review.ActionOpen, nil))
	return cmd
}

type actionsListOptions struct {
	f    *factory
	Open bool
}

func newCmdActionsList(f *factory, runF func(*actionsListOptions) error) *cobra.Command {
	opts := &actionsListOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the action items of every session of the workload, with their state",
		Long: `Lists the action items agreed in all the workload's tabletop sessions, soonest
due first. An item tied to a check closes itself, judged in the accounts it is
about (those where the check failed in the evidence that shaped the session;
every account when there was none): it is done once a run of 'warroom collect'
after it was agreed read each of those accounts and found nothing failing or
unknown for the check there (a resource that is gone counts as fixed), and
REGRESSED when a later run finds
it failing again in one of them. Items without a check stay open until someone
closes them with 'warroom actions done' (shown as "done (by NAME DATE)"). Items
not done after their due date are marked overdue. 'warroom actions history ID'
shows how an item got where it is. With -o json it prints
{"version":1,"actions":[…]}, each item with its accounts and history.`,
		Example: `  warroom actions list --open`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return actionsListRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Open, "open", false, "only items not done (open or regressed)")
	return cmd
}

func actionsListRun(ctx context.Context, opts *actionsListOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	tt, err := loadTabletop(ctx, ws, f.Now())
	if err != nil {
		return err
	}
	items := []review.ActionItem{}
	for _, it := range tt.Actions {
		if opts.Open && it.State == review.ActionDone {
			continue
		}
		items = append(items, it)
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{"version": 1, "actions": items})
	}
	w := f.IO.Out
	if len(items) == 0 {
		switch {
		case len(tt.Actions) > 0:
			fmt.Fprintf(w, "All %d action items are done.\n", len(tt.Actions))
		case len(tt.Sessions) == 0:
			fmt.Fprintf(w, "No tabletop sessions for workload %s yet, so no action items.\n", oneLine(ws.w.Name))
		default:
			fmt.Fprintln(w, "No action items were recorded in the workload's sessions.")
		}
		return nil
	}
	t := newTable(w)
	fmt.Fprintln(t, "ID\tSTATE\tDUE\tOWNER\tPRACTICE\tCHECK\tTITLE")
	for _, it := range items {
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", oneLine(it.ID), actionListState(it), orDash(oneLine(it.Due)), oneLine(it.Owner),
			orDash(oneLine(it.PracticeID)), orDash(oneLine(it.CheckID)), oneLine(it.Title))
	}
	return t.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type actionsHistoryOptions struct {
	f  *factory
	ID string
}

func newCmdActionsHistory(f *factory, runF func(*actionsHistoryOptions) error) *cobra.Command {
	opts := &actionsHistoryOptions{f: f}
	cmd := &cobra.Command{
		Use:   "history ID",
		Short: "Show every change of state of an action item",
		Long: `Shows how an action item got to its state, oldest first: each run of
'warroom collect' that closed it or found it failing again (for an item tied to
a check), or each person who closed or reopened it by hand (for an item
without one). Runs and updates that left the state as it was are not listed.
With -o json it prints {"version":1,"id":…,"state":…,"history":[…]}.`,
		Example: `  warroom actions history ttx-20261028T140000Z-1a2b3c4d#12`,
		Args:    exactArgs(1, "one action item id (see `warroom actions list`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = strings.TrimSpace(args[0])
			if runF != nil {
				return runF(opts)
			}
			return actionsHistoryRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func actionsHistoryRun(ctx context.Context, opts *actionsHistoryOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	tt, err := loadTabletop(ctx, ws, f.Now())
	if err != nil {
		return err
	}
	it, err := findActionItem(tt.Actions, opts.ID, ws.w.Name)
	if err != nil {
		return err
	}
	history := it.History
	if history == nil {
		history = []review.ActionEvent{}
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{"version": 1, "id": it.ID, "state": it.State, "history": history})
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Action item %s: %s\n", it.ID, oneLine(it.Title))
	fmt.Fprintf(w, "Agreed %s in session %s; owner %s", it.CreatedAt.UTC().Format("2006-01-02 15:04"), oneLine(it.SessionID), oneLine(it.Owner))
	if it.Due != "" {
		fmt.Fprintf(w, ", due %s", oneLine(it.Due))
	}
	fmt.Fprintln(w, ".")
	if it.CheckID != "" {
		where := "in every account a run covers"
		if len(it.Accounts) > 0 {
			where = "in " + oneLine(strings.Join(it.Accounts, ", "))
		}
		fmt.Fprintf(w, "Check %s decides it, %s.\n", oneLine(it.CheckID), where)
	}
	if len(history) == 0 {
		fmt.Fprintf(w, "No change of state since it was agreed: it is %s.\n", actionListState(*it))
		return nil
	}
	fmt.Fprintf(w, "Now %s.\n\n", actionListState(*it))
	t := newTable(w)
	fmt.Fprintln(t, "AT\tSTATE\tBY/RUN\tNOTE")
	for _, e := range history {
		who := e.By
		if e.Run != "" {
			who = e.Run
		}
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04"), eventState(e.State), orDash(oneLine(who)), orDash(oneLine(e.Note)))
	}
	return t.Flush()
}

// eventState is a state as the tables show it: REGRESSED in capitals.
func eventState(s review.ActionState) string {
	if s == review.ActionRegressed {
		return "REGRESSED"
	}
	return string(s)
}

// actionListState is actionState with who closed an item by hand and when:
// "done (by lee 2026-11-20)".
func actionListState(it review.ActionItem) string {
	if it.State == review.ActionDone && it.ClosedBy != "" {
		return fmt.Sprintf("done (by %s %s)", oneLine(it.ClosedBy), it.ClosedAt.UTC().Format("2006-01-02"))
	}
	return actionState(it)
}

type actionsUpdateOptions struct {
	f     *factory
	State review.ActionState // done or open
	ID    string
	By    string
	Note  string
}

// newCmdActionsUpdate is `actions done` (state done) or `actions reopen`
// (state open).
func newCmdActionsUpdate(f *factory, state review.ActionState, runF func(*actionsUpdateOptions) error) *cobra.Command {
	opts := &actionsUpdateOptions{f: f, State: state}
	cmd := &cobra.Command{
		Use:   "done ID --by NAME",
		Short: "Close an action item that has no check, by hand",
		Long: `Records that an action item without a check is done: who says so, when, and
optionally why. Items tied to a check cannot be closed by hand; they close
themselves when a run of 'warroom collect' finds the check passing. Nothing is
overwritten: the update is added to the workload's log, and the latest update
of an item decides its state ('warroom actions reopen' undoes a closure).`,
		Example: `  warroom actions done ttx-20261028T140000Z-1a2b3c4d#13 --by lee --note "deploy role in use since 11-19"`,
		Args:    exactArgs(1, "one action item id (see `warroom actions list`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = strings.TrimSpace(args[0])
			opts.By, opts.Note = strings.TrimSpace(opts.By), strings.TrimSpace(opts.Note)
			if opts.By == "" {
				return usageErrorf("--by is missing: say who %s the item", map[review.ActionState]string{
					review.ActionDone: "closes", review.ActionOpen: "reopens"}[opts.State])
			}
			if opts.State == review.ActionOpen && opts.Note == "" {
				return usageErrorf("--note is missing: say why the item is not done after all")
			}
			if runF != nil {
				return runF(opts)
			}
			return actionsUpdateRun(cmd.Context(), opts)
		},
	}
	noteHelp := "why it is done, for the record"
	if state == review.ActionOpen {
		cmd.Use = "reopen ID --by NAME --note TEXT"
		cmd.Short = "Reopen an action item that was closed by hand"
		cmd.Long = `Records that an action item closed by hand is not done after all: who says so,
when and why (--note is required). Items tied to a check follow their check
and cannot be reopened by hand. The closure stays in the log; the latest
update of an item decides its state.`
		cmd.Example = `  warroom actions reopen ttx-20261028T140000Z-1a2b3c4d#13 --by sam --note "the old key still works"`
		noteHelp = "why it is not done after all (required)"
	}
	cmd.Flags().StringVar(&opts.By, "by", "", "who says so (required)")
	cmd.Flags().StringVar(&opts.Note, "note", "", noteHelp)
	return cmd
}

func actionsUpdateRun(ctx context.Context, opts *actionsUpdateOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	now := f.Now()
	tt, err := loadTabletop(ctx, ws, now)
	if err != nil {
		return err
	}
	it, err := findActionItem(tt.Actions, opts.ID, ws.w.Name)
	if err != nil {
		return err
	}
	if it.CheckID != "" {
		return fmt.Errorf("action item %s is tied to check %s: it closes itself when a collect finds %s passing, "+
			"and reads REGRESSED when a later one finds it failing; it cannot be %s by hand",
			it.ID, oneLine(it.CheckID), oneLine(it.CheckID), map[review.ActionState]string{
				review.ActionDone: "closed", review.ActionOpen: "reopened"}[opts.State])
	}
	if it.State == opts.State {
		if it.State == review.ActionDone {
			return fmt.Errorf("action item %s is already %s", it.ID, actionListState(*it))
		}
		return fmt.Errorf("action item %s is already open", it.ID)
	}
	u := review.ActionUpdate{ActionID: it.ID, State: opts.State, By: opts.By, Note: opts.Note, At: now}
	if err := ws.db.AppendActionUpdate(ctx, ws.w.ID, u); err != nil {
		return err
	}
	if tt, err = loadTabletop(ctx, ws, now); err != nil {
		return err
	}
	if it, err = findActionItem(tt.Actions, opts.ID, ws.w.Name); err != nil {
		return err
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{"version": 1, "action": it})
	}
	fmt.Fprintf(f.IO.Out, "Action item %s is now %s: %s\n", it.ID, actionListState(*it), oneLine(it.Title))
	return nil
}

// findActionItem returns the item with id; an unknown id is a usage error
// naming the nearest ids.
func findActionItem(items []review.ActionItem, id, workload string) (*review.ActionItem, error) {
	ids := make([]string, len(items))
	for i := range items {
		if items[i].ID == id {
			return &items[i], nil
		}
		ids[i] = items[i].ID
	}
	if len(items) == 0 {
		return nil, usageErrorf("no action item %q: workload %s has no action items", oneLine(id), oneLine(workload))
	}
	if near := questions.Closest(id, ids, 3, nil); len(near) > 0 {
		return nil, usageErrorf("no action item %q in workload %s; did you mean %s?", oneLine(id), oneLine(workload), strings.Join(near, ", "))
	}
	return nil, usageErrorf("no action item %q in workload %s; see `warroom actions list`", oneLine(id), oneLine(workload))
}

package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/review"
)

func newCmdActions(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "actions",
		Short: "Follow up the action items agreed in tabletop sessions",
	}
	cmd.AddCommand(newCmdActionsList(f, nil))
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
due first. An item tied to a check closes itself: it is done once a run of
'warroom collect' after it was agreed finds the check passing everywhere, and
REGRESSED when a later run finds it failing again. Items without a check stay
open. Items not done after their due date are marked overdue.
With -o json it prints {"version":1,"actions":[…]}.`,
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
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", oneLine(it.ID), actionState(it), orDash(oneLine(it.Due)), oneLine(it.Owner),
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

package main

import (
	"fmt"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/review"
)

func newCmdWorkload(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workload",
		Short: "Create and list the workloads under review",
	}
	cmd.AddCommand(newCmdWorkloadCreate(f), newCmdWorkloadList(f))
	return cmd
}

func newCmdWorkloadCreate(f *factory) *cobra.Command {
	var w review.Workload
	cmd := &cobra.Command{
		Use:     "create NAME",
		Short:   "Create a workload to review",
		Example: `  warroom workload create payments --owner "platform team" --environment production`,
		Args:    exactArgs(1, "the workload name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			w.Name = args[0]
			for _, fl := range []struct{ name, value string }{{"the workload name", w.Name}, {"--owner", w.Owner}, {"--description", w.Description}} {
				if err := checkWorkloadText(fl.name, fl.value); err != nil {
					return err
				}
			}
			switch w.Environment {
			case "", "production", "preproduction", "development", "test":
			default:
				return usageErrorf("--environment %q is not one of production, preproduction, development, test", w.Environment)
			}
			db, err := f.Store(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			created, err := db.CreateWorkload(cmd.Context(), w)
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, created)
			}
			fmt.Fprintf(f.IO.Out, "Created workload %s in %s.\nNext: warroom interview, or warroom answer import FILE\n", created.Name, db.Path())
			return nil
		},
	}
	cmd.Flags().StringVar(&w.Owner, "owner", "", "team or person that owns the workload")
	cmd.Flags().StringVar(&w.Environment, "environment", "", "production, preproduction, development or test")
	cmd.Flags().StringVar(&w.Description, "description", "", "one line on what the workload does")
	return cmd
}

// checkWorkloadText refuses a workload name, owner or description (what
// names it: "--owner") that is not UTF-8 text or that holds control or
// invisible characters: it is shown in every listing and report and goes
// into every evidence bundle's manifest.
func checkWorkloadText(what, s string) error {
	if !utf8.ValidString(s) {
		return usageErrorf("%s %q holds bytes that are not UTF-8 text; type it as plain text", what, s)
	}
	if hasHidden(s) {
		return usageErrorf("%s %q holds control or invisible characters; type it as plain text on one line", what, s)
	}
	return nil
}

func newCmdWorkloadList(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List workloads in the database",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.dbMissing() {
				// Listing creates no database.
				if f.jsonOutput() {
					return printJSON(f.IO.Out, map[string]any{"version": 1, "workloads": []review.Workload{}})
				}
				fmt.Fprintf(f.IO.Out, "No workloads yet: there is no database at %s. Create one with: warroom workload create NAME\n", oneLine(f.dbPath()))
				return nil
			}
			db, err := f.Store(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			ws, err := db.Workloads(cmd.Context())
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				if ws == nil {
					ws = []review.Workload{}
				}
				return printJSON(f.IO.Out, map[string]any{"version": 1, "workloads": ws})
			}
			if len(ws) == 0 {
				fmt.Fprintln(f.IO.Out, "No workloads yet. Create one with: warroom workload create NAME")
				return nil
			}
			t := newTable(f.IO.Out)
			fmt.Fprintln(t, "NAME\tOWNER\tENVIRONMENT\tCREATED")
			for _, w := range ws {
				fmt.Fprintf(t, "%s\t%s\t%s\t%s\n", oneLine(w.Name), oneLine(w.Owner), w.Environment, w.CreatedAt.UTC().Format("2006-01-02"))
			}
			return t.Flush()
		},
	}
}

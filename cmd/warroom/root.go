package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// run executes warroom with args and returns the exit code.
func run(ctx context.Context, args []string, io *ioStreams) int {
	return runWith(ctx, newFactory(io), args)
}

func runWith(ctx context.Context, f *factory, args []string) int {
	cmd := newRootCmd(f)
	cmd.SetArgs(args)
	cmd.SetIn(f.IO.In)
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	err := cmd.ExecuteContext(ctx)
	if err != nil && isCobraUsageError(err) {
		err = &flagError{err}
	}
	if err != nil && !errors.Is(err, errSilent) {
		fmt.Fprintf(f.IO.ErrOut, "warroom: %s\n", blockText(err.Error()))
		var fe *flagError
		if errors.As(err, &fe) {
			fmt.Fprintln(f.IO.ErrOut, "Run 'warroom --help' or add --help to the command for usage.")
		}
	}
	return exitCode(err)
}

// isCobraUsageError recognises the usage errors cobra raises itself (unknown
// command, missing required flag), which carry no type of their own.
func isCobraUsageError(err error) bool {
	var fe *flagError
	if errors.As(err, &fe) {
		return false
	}
	msg := err.Error()
	for _, prefix := range []string{"unknown command ", "required flag(s) ", "if any flags in the group "} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "warroom",
		Short: "AWS Well-Architected security reviews and tabletop war-games",
		Long: `warroom runs AWS Well-Architected security reviews: the team answers the
Security Pillar's questions (and the REL09 backup practices), warroom scores
the answers into risk per question with a prioritised improvement plan, and
renders a report in Markdown, self-contained HTML, JSON or CSV.

'warroom collect' reads evidence from AWS accounts with read-only calls; the
checks' findings join the scoring, so an answer of met that the account
contradicts is flagged as a contradiction.

Answers live in one SQLite file (--db) as an append-only log: nothing is ever
overwritten. Try it on sample data with:  warroom demo --out warroom-demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       f.Version,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch f.Global.Output {
			case "text", "json":
				return nil
			}
			return usageErrorf("--output %q is not one of text, json", f.Global.Output)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &flagError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&f.Global.DB, "db", "", "SQLite database file (env WARROOM_DB; default ./warroom.db)")
	pf.StringVar(&f.Global.Workload, "workload", "", "workload to work on (default: the only workload in the database)")
	pf.StringVarP(&f.Global.Output, "output", "o", "text", "output format: text or json")
	pf.StringArrayVar(&f.Global.LensDirs, "lens-dir", nil, "folder of custom lens YAML files to review as well (repeatable)")

	root.AddCommand(
		newCmdDemo(f, nil),
		newCmdQuestions(f),
		newCmdWorkload(f),
		newCmdInterview(f, nil),
		newCmdAnswer(f),
		newCmdCollect(f, nil),
		newCmdFindings(f, nil),
		newCmdChecks(f),
		newCmdPermissions(f, nil),
		newCmdScore(f),
		newCmdReport(f, nil),
		newCmdMilestone(f),
		newCmdDiff(f, nil),
		newCmdScenario(f),
		newCmdActions(f),
		newCmdLens(f),
		newCmdExport(f, nil),
		newCmdVerify(f, nil),
		newCmdKeygen(f, nil),
	)
	// Unknown subcommands of a command group are usage errors.
	for _, c := range root.Commands() {
		if c.HasSubCommands() && c.RunE == nil {
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unknown command %q for %q", args[0], c.CommandPath())
				}
				return usageErrorf("%s needs a subcommand: %s", c.CommandPath(), subNames(c))
			}
			c.Args = cobra.ArbitraryArgs
		}
	}
	return root
}

func subNames(c *cobra.Command) string {
	var ns []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			ns = append(ns, s.Name())
		}
	}
	return strings.Join(ns, ", ")
}

// exactArgs is cobra.ExactArgs whose error is a usage error naming what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %s (got %d arguments)", cmd.CommandPath(), what, len(args))
		}
		return nil
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments (got %q)", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// newTable returns a tab-aligned writer; call Flush.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

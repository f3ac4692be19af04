package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

// workspace is what most commands work on: the database, the bank and the workload.
type workspace struct {
	db   *store.DB
	bank *questions.Bank
	w    review.Workload
}

// openWorkspace opens the database, which must exist, loads the bank and
// resolves the workload.
func (f *factory) openWorkspace(ctx context.Context) (*workspace, error) {
	bank, err := f.Bank()
	if err != nil {
		return nil, err
	}
	db, err := f.existingStore(ctx)
	if err != nil {
		return nil, err
	}
	w, err := f.workload(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &workspace{db: db, bank: bank, w: w}, nil
}

// defaultBy is who answers when --by is not given: $WARROOM_USER, else $USER.
func (f *factory) defaultBy() string {
	if u := f.Getenv("WARROOM_USER"); u != "" {
		return u
	}
	return f.Getenv("USER")
}

func newCmdAnswer(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "answer",
		Short: "Record, import, export and trace answers",
		Long: `Answers are an append-only log: every answer is kept with who gave it and
when, and the latest answer of a practice is its current answer. Nothing is
ever overwritten or deleted.`,
	}
	cmd.AddCommand(newCmdAnswerSet(f), newCmdAnswerImport(f), newCmdAnswerExport(f), newCmdAnswerHistory(f))
	return cmd
}

func newCmdAnswerSet(f *factory) *cobra.Command {
	var status, reason, note, by string
	cmd := &cobra.Command{
		Use:   "set PRACTICE --status STATUS",
		Short: "Record one answer for a best practice",
		Example: `  warroom answer set SEC02-BP01 --status not-met --note "break-glass users have no MFA" --by dana
  warroom answer set SEC03-BP09 --status not-applicable --reason "no third party has access" --by lee`,
		Args: exactArgs(1, "one practice id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := review.ParseStatus(status)
			if err != nil {
				return usageErrorf("--status: %v", err)
			}
			if by == "" {
				by = f.defaultBy()
			}
			ws, err := f.openWorkspace(cmd.Context())
			if err != nil {
				return err
			}
			defer ws.db.Close()
			p, err := ws.bank.Lookup(args[0])
			if err != nil {
				return usageErrorf("%v", err)
			}
			a := review.Answer{PracticeID: p.ID, Status: st, Reason: strings.TrimSpace(reason),
				Note: strings.TrimSpace(note), By: strings.TrimSpace(by), At: f.Now().UTC()}
			if err := a.Check(); err != nil {
				return usageErrorf("%s: %v", p.ID, err)
			}
			if _, err := ws.db.AppendAnswers(cmd.Context(), ws.w.ID, "cli", []review.Answer{a}); err != nil {
				return err
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, a)
			}
			fmt.Fprintf(f.IO.Out, "%s %s: %s (by %s)\n", p.ID, p.Title, a.Status, a.By)
			return nil
		},
	}
	cmd.Flags().StringVar(&status, "status", "", "met, partial, not-met or not-applicable (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why the practice does not apply (required with not-applicable)")
	cmd.Flags().StringVar(&note, "note", "", "what the team said, for the record")
	cmd.Flags().StringVar(&by, "by", "", "who gave the answer (default $WARROOM_USER or $USER)")
	cmd.MarkFlagRequired("status")
	return cmd
}

func newCmdAnswerImport(f *factory) *cobra.Command {
	var by string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Record a whole set of answers from a YAML or JSON file (all or nothing)",
		Long: `Reads answers from a YAML or JSON file in the format that 'answer export'
writes. The import is all or nothing: if any row is bad (an unknown practice,
a bad status, not-applicable without a reason, a missing 'by'), every problem
is reported with file:line and nothing is stored. Rows identical to answers
already recorded are skipped, so importing the same file twice adds nothing.`,
		Example: `  warroom answer import answers.yaml --by dana`,
		Args:    exactArgs(1, "one answers file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("import answers: %w", err)
			}
			ws, err := f.openWorkspace(cmd.Context())
			if err != nil {
				return err
			}
			defer ws.db.Close()
			as, err := review.ParseAnswerFile(args[0], data, ws.bank, review.ImportOptions{By: by, Now: f.Now()})
			if err != nil {
				fmt.Fprintln(f.IO.ErrOut, err)
				fmt.Fprintf(f.IO.ErrOut, "Nothing was imported: fix the problems above and run the import again.\n")
				return errSilent
			}
			added, err := ws.db.AppendAnswers(cmd.Context(), ws.w.ID, "import", as)
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, map[string]any{"file": args[0], "rows": len(as), "added": added, "skipped": len(as) - added})
			}
			fmt.Fprintf(f.IO.Out, "Imported %d answers into %s (%d already recorded, skipped).\n", added, ws.w.Name, len(as)-added)
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "who answered, for rows that do not say")
	return cmd
}

func newCmdAnswerExport(f *factory) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every recorded answer, with history, in the import format",
		Example: `  warroom answer export --out answers.yaml
  warroom answer export --format json > answers.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "" {
				format = "yaml"
				if strings.EqualFold(filepath.Ext(out), ".json") || f.jsonOutput() {
					format = "json"
				}
			}
			if format != "yaml" && format != "json" {
				return usageErrorf("--format %q is not one of yaml, json", format)
			}
			ws, err := f.openWorkspace(cmd.Context())
			if err != nil {
				return err
			}
			defer ws.db.Close()
			hist, err := ws.db.AnswerHistory(cmd.Context(), ws.w.ID, "")
			if err != nil {
				return err
			}
			for i := range hist {
				hist[i].ID = 0
			}
			b, err := review.AnswerFile{Workload: ws.w.Name, ExportedAt: f.Now().UTC(), Answers: hist}.Encode(format)
			if err != nil {
				return fmt.Errorf("export answers: %w", err)
			}
			if out == "" || out == "-" {
				_, err = f.IO.Out.Write(b)
				return err
			}
			if err := f.writeFileAtomic(out, "answers", b); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Wrote %d answers to %s\n", len(hist), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	cmd.Flags().StringVar(&format, "format", "", "yaml or json (default: from --out's extension, else yaml)")
	return cmd
}

func newCmdAnswerHistory(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "history PRACTICE",
		Short: "Show every answer ever recorded for a practice, oldest first",
		Args:  exactArgs(1, "one practice id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := f.openWorkspace(cmd.Context())
			if err != nil {
				return err
			}
			defer ws.db.Close()
			p, err := ws.bank.Lookup(args[0])
			if err != nil {
				return usageErrorf("%v", err)
			}
			hist, err := ws.db.AnswerHistory(cmd.Context(), ws.w.ID, p.ID)
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				if hist == nil {
					hist = []review.Answer{}
				}
				return printJSON(f.IO.Out, map[string]any{"version": 1, "practice": p.ID, "answers": hist})
			}
			fmt.Fprintf(f.IO.Out, "%s %s\n", p.ID, p.Title)
			if len(hist) == 0 {
				fmt.Fprintln(f.IO.Out, "No answers recorded yet.")
				return nil
			}
			t := newTable(f.IO.Out)
			fmt.Fprintln(t, "AT\tBY\tSTATUS\tSOURCE\tNOTE / REASON")
			for i, a := range hist {
				text := a.Note
				if a.Reason != "" {
					text = strings.TrimSpace("reason: " + a.Reason + "; " + a.Note)
				}
				mark := ""
				if i == len(hist)-1 {
					mark = " (current)"
				}
				fmt.Fprintf(t, "%s\t%s\t%s%s\t%s\t%s\n", a.At.UTC().Format("2006-01-02 15:04"), oneLine(a.By), a.Status, mark, a.Source, oneLine(text))
			}
			return t.Flush()
		},
	}
}

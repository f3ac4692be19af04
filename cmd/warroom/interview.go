package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

type interviewOptions struct {
	f        *factory
	Question string
	By       string
	All      bool
}

func newCmdInterview(f *factory, runF func(*interviewOptions) error) *cobra.Command {
	opts := &interviewOptions{f: f}
	cmd := &cobra.Command{
		Use:   "interview",
		Short: "Answer the review questions interactively (resumable)",
		Long: `Walks the questions in order, showing each best practice's guidance and the
questions to ask, and records status (met, partial, not-met, not-applicable
with a reason, or skip), a note and who answered. Every answer is committed
the moment it is given: quit at any time, or lose the terminal, and nothing is
lost. Running it again resumes at the first unanswered practice.

It needs a terminal. For scripts use 'warroom answer set' or
'warroom answer import FILE'.`,
		Example: `  warroom interview --by dana
  warroom interview --question SEC03`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return interviewRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Question, "question", "", "only this question, such as SEC03")
	cmd.Flags().StringVar(&opts.By, "by", "", "who is answering (default: asked once, suggesting $WARROOM_USER or $USER)")
	cmd.Flags().BoolVar(&opts.All, "all", false, "walk answered practices too, to revise them (earlier answers are kept in history)")
	return cmd
}

var interviewChoices = []string{
	"met [m]", "partial [p]", "not-met [n]", "not-applicable [a]", "skip [s]", "quit [q]",
}

func interviewRun(ctx context.Context, opts *interviewOptions) error {
	f := opts.f
	if !f.IO.InTTY {
		return fmt.Errorf("interview needs a terminal to ask questions; " +
			"to record answers from a script use `warroom answer set PRACTICE --status S` or `warroom answer import FILE`")
	}
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	var qs []*questions.Question
	if opts.Question != "" {
		q, ok := ws.bank.Question(opts.Question)
		if !ok {
			return usageErrorf("--question %q is not a question id; see `warroom questions list`", opts.Question)
		}
		qs = []*questions.Question{q}
	} else {
		qs = ws.bank.Questions()
	}
	current, err := ws.db.CurrentAnswers(ctx, ws.w.ID)
	if err != nil {
		return err
	}
	answered := map[string]review.Answer{}
	for _, a := range current {
		answered[a.PracticeID] = a
	}
	var todo []*questions.Practice
	total := 0
	for _, q := range qs {
		for i := range q.Practices {
			total++
			if _, ok := answered[q.Practices[i].ID]; !ok || opts.All {
				todo = append(todo, &q.Practices[i])
			}
		}
	}
	out := f.IO.Out
	if len(todo) == 0 {
		fmt.Fprintf(out, "All %d practices are answered. Use --all to revise answers, or `warroom score`.\n", total)
		return nil
	}
	p := f.NewPrompter(f.IO)
	by := strings.TrimSpace(opts.By)
	for by == "" {
		if by, err = p.Input("Who is answering", f.defaultBy()); err != nil {
			return stopInterview(out, err, 0)
		}
		by = strings.TrimSpace(by)
	}
	fmt.Fprintf(out, "Interview for workload %s: %d of %d practices to go. Answers are saved as you go; quit any time.\n",
		ws.w.Name, len(todo), total)
	lastQ := ""
	saved := 0
	for i, bp := range todo {
		if bp.QuestionID != lastQ {
			q, _ := ws.bank.Question(bp.QuestionID)
			fmt.Fprintf(out, "\n=== %s %s ===\n", q.ID, q.Title)
			if q.Summary != "" {
				fmt.Fprintln(out, wrap(q.Summary, 78, ""))
			}
			lastQ = bp.QuestionID
		}
		fmt.Fprintf(out, "\n[%d/%d] ", i+1, len(todo))
		printPractice(out, bp)
		if prev, ok := answered[bp.ID]; ok {
			fmt.Fprintf(out, "\n  Current answer: %s by %s on %s%s\n", prev.Status, oneLine(prev.By),
				prev.At.UTC().Format("2006-01-02"), optional(" — ", oneLine(prev.Note)))
		}
		fmt.Fprintln(out)
		choice, err := p.Select(fmt.Sprintf("Status of %s?", bp.ID), interviewChoices)
		if err != nil {
			return stopInterview(out, err, saved)
		}
		if choice == 4 {
			continue
		}
		if choice == 5 {
			return stopInterview(out, nil, saved)
		}
		a := review.Answer{PracticeID: bp.ID, Status: review.AnswerStatuses[choice], By: by}
		if a.Status == review.NotApplicable {
			for strings.TrimSpace(a.Reason) == "" {
				if a.Reason, err = p.Input("Why does it not apply (required)", ""); err != nil {
					return stopInterview(out, err, saved)
				}
			}
		}
		if a.Note, err = p.Input("Note (what the team said; Enter for none)", ""); err != nil {
			return stopInterview(out, err, saved)
		}
		a.Reason, a.Note = strings.TrimSpace(a.Reason), strings.TrimSpace(a.Note)
		a.At = f.Now().UTC()
		if _, err := ws.db.AppendAnswers(ctx, ws.w.ID, "interview", []review.Answer{a}); err != nil {
			return fmt.Errorf("save answer %s: %w", bp.ID, err)
		}
		saved++
		fmt.Fprintf(out, "Saved %s: %s.\n", bp.ID, a.Status)
	}
	fmt.Fprintf(out, "\nDone: %d answers saved. Next: warroom score, or warroom report --format html --out review.html\n", saved)
	return nil
}

func stopInterview(out io.Writer, err error, saved int) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	fmt.Fprintf(out, "\nStopped. %d answers saved this session; run `warroom interview` again to resume.\n", saved)
	return nil
}

func optional(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

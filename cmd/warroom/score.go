package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
)

// assess scores the workspace's current answers.
func (f *factory) assess(ctx context.Context, ws *workspace) (review.Assessment, error) {
	current, err := ws.db.CurrentAnswers(ctx, ws.w.ID)
	if err != nil {
		return review.Assessment{}, err
	}
	counts, err := ws.db.AnswerCounts(ctx, ws.w.ID)
	if err != nil {
		return review.Assessment{}, err
	}
	return review.Assess(review.Input{
		Workload: ws.w, Bank: ws.bank, Answers: current, History: counts, Now: f.Now(),
	}), nil
}

func newCmdScore(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "score",
		Short: "Score the review: risk per question, contradictions, improvement plan",
		Long: `Scores the current answers of the workload. A practice is a gap when it is
answered not-met or partial, or when evidence for it fails. A question is high
risk when a high-risk practice is a gap, medium when a medium-risk practice is
a gap, unanswered while practices are still unanswered, and none otherwise.
With -o json it prints the versioned assessment document (see README.md).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return scoreRun(cmd.Context(), f)
		},
	}
}

func scoreRun(ctx context.Context, f *factory) error {
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	a, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	if f.jsonOutput() {
		b, err := reports.JSON(a, reports.Options{Version: f.Version})
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(b)
		return err
	}
	printScore(f.IO.Out, a)
	return nil
}

// printScore writes the compact score table and the top of the plan.
func printScore(w io.Writer, a review.Assessment) {
	s := a.Summary
	fmt.Fprintf(w, "Workload %s: %d questions, %d practices\n", oneLine(a.Workload.Name), s.Questions, s.Practices)
	fmt.Fprintf(w, "Risk: %d high, %d medium, %d none, %d unanswered, %d not applicable; %d gaps, %d contradictions\n\n",
		s.High, s.Medium, s.None, s.Unanswered, s.NotApplicable, s.Gaps, s.Contradictions)
	t := newTable(w)
	fmt.Fprintln(t, "QUESTION\tRISK\tMET\tPARTIAL\tNOT MET\tN/A\tUNANSWERED\tTITLE")
	for _, q := range a.Questions {
		c := map[review.Status]int{}
		for _, p := range q.Practices {
			c[p.Status]++
		}
		fmt.Fprintf(t, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", q.ID, q.Risk, c[review.Met], c[review.Partial],
			c[review.NotMet], c[review.NotApplicable], c[review.Unanswered], q.Title)
	}
	t.Flush()
	if len(a.Plan) == 0 {
		return
	}
	fmt.Fprintf(w, "\nImprovement plan (top %d of %d):\n", min(5, len(a.Plan)), len(a.Plan))
	for _, it := range a.Plan[:min(5, len(a.Plan))] {
		flag := ""
		if it.Contradiction {
			flag = " [contradiction]"
		}
		fmt.Fprintf(w, "  %d. %s %s (%s risk, %s)%s\n", it.Rank, it.PracticeID, it.Title, it.Risk, it.Status, flag)
	}
}

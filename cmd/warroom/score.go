package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

// assess scores the workspace's current answers together with the findings
// of the workload's latest evidence run (nil when no run exists), the gaps
// its tabletop sessions found and their action items, resolved against the runs.
func (f *factory) assess(ctx context.Context, ws *workspace) (review.Assessment, *reports.Evidence, error) {
	current, err := ws.db.CurrentAnswers(ctx, ws.w.ID)
	if err != nil {
		return review.Assessment{}, nil, err
	}
	counts, err := ws.db.AnswerCounts(ctx, ws.w.ID)
	if err != nil {
		return review.Assessment{}, nil, err
	}
	in := review.Input{Workload: ws.w, Bank: ws.bank, Answers: current, History: counts, Now: f.Now()}
	ev, err := latestEvidence(ctx, ws)
	if err != nil {
		return review.Assessment{}, nil, err
	}
	if ev != nil {
		in.Checks, in.Findings = ev.Checks, ev.Findings
	}
	tt, err := loadTabletop(ctx, ws, in.Now)
	if err != nil {
		return review.Assessment{}, nil, err
	}
	in.Tabletop, in.Actions = tt.Gaps, tt.Actions
	return review.Assess(in), ev, nil
}

// latestEvidence loads the workload's latest run and its findings; nil when
// evidence was never collected.
func latestEvidence(ctx context.Context, ws *workspace) (*reports.Evidence, error) {
	run, err := ws.db.LatestRun(ctx, ws.w.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	fs, err := ws.db.Findings(ctx, run.ID, store.FindingFilter{})
	if err != nil {
		return nil, err
	}
	return evidenceOf(run, fs), nil
}

// evidenceOf is run as a report's evidence. With findings (non-nil, even
// empty) it carries them and the check catalogue of this build, for scoring
// and the evidence appendix; with nil findings it is the run's header alone,
// as a session's report names its run.
func evidenceOf(run store.Run, findings []checks.Finding) *reports.Evidence {
	ev := &reports.Evidence{RunID: run.ID, ObservedAt: run.FinishedAt, Accounts: run.Accounts, Regions: run.Regions, Error: run.Error}
	if findings != nil {
		ev.Checks, ev.Findings = checks.All(), findings
	}
	return ev
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
	a, ev, err := f.assess(ctx, ws)
	if err != nil {
		return err
	}
	if f.jsonOutput() {
		b, err := reports.JSON(a, reports.Options{Version: f.Version, Evidence: ev})
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(b)
		return err
	}
	printScore(f.IO.Out, a)
	printEvidenceLine(f.IO.Out, ev)
	printActionsLine(f.IO.Out, a.Actions)
	return nil
}

// printActionsLine counts the tabletop action items by state.
func printActionsLine(w io.Writer, items []review.ActionItem) {
	if len(items) == 0 {
		return
	}
	n := map[review.ActionState]int{}
	overdue := 0
	for _, it := range items {
		n[it.State]++
		if it.Overdue {
			overdue++
		}
	}
	fmt.Fprintf(w, "Tabletop action items: %d done, %d open, %d regressed, %d overdue; `warroom actions list` shows them.\n",
		n[review.ActionDone], n[review.ActionOpen], n[review.ActionRegressed], overdue)
}

// printEvidenceLine says which run the evidence comes from, whether that run
// ended early, or how to get some.
func printEvidenceLine(w io.Writer, ev *reports.Evidence) {
	s := reports.Summarize(ev)
	if s == nil {
		fmt.Fprintln(w, "\nEvidence: none collected yet; `warroom collect` reads it from AWS.")
		return
	}
	fmt.Fprintf(w, "\nEvidence: run %s (%s): %d pass, %d fail, %d unknown; `warroom findings` lists them.\n",
		s.RunID, stampUTC(s.ObservedAt), s.Findings["pass"], s.Findings["fail"], s.Findings["unknown"])
	if s.Error != "" {
		fmt.Fprintf(w, "Evidence run %s ended early: %s; regions or services it did not reach have no findings.\n", s.RunID, oneLine(s.Error))
	}
	if len(s.ActionsToGrant) > 0 {
		fmt.Fprintf(w, "Unknown until granted: %s\n", oneLine(joinMax(s.ActionsToGrant, 6)))
	}
}

// printScore writes the compact score table and the top of the plan.
func printScore(w io.Writer, a review.Assessment) {
	s := a.Summary
	fmt.Fprintf(w, "Workload %s: %d questions, %d practices\n", oneLine(a.Workload.Name), s.Questions, s.Practices)
	fmt.Fprintf(w, "Risk: %d high, %d medium, %d none, %d unanswered, %d not applicable; %d gaps, %d contradictions\n\n",
		s.High, s.Medium, s.None, s.Unanswered, s.NotApplicable, s.Gaps, s.Contradictions)
	if len(a.Contradictions) > 0 {
		fmt.Fprintln(w, "Contradictions (answered met, evidence fails):")
		for _, c := range a.Contradictions {
			var checksFailing []string
			for _, fr := range c.Failing {
				if !slices.Contains(checksFailing, fr.Check) {
					checksFailing = append(checksFailing, fr.Check)
				}
			}
			fmt.Fprintf(w, "  %s %s: %d failing (%s)\n", c.PracticeID, oneLine(c.Title), len(c.Failing), oneLine(joinMax(checksFailing, 4)))
		}
		fmt.Fprintln(w)
	}
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
		if it.Tabletop {
			flag += " [tabletop]"
		}
		if n := len(it.Actions); n > 0 {
			flag += fmt.Sprintf(" [%d action(s)]", n)
		}
		fmt.Fprintf(w, "  %d. %s %s (%s risk, %s)%s\n", it.Rank, it.PracticeID, it.Title, it.Risk, it.Status, flag)
	}
}

// joinMax joins at most n values with ", " and says how many more there are.
func joinMax(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ss[:n], ", "), len(ss)-n)
}

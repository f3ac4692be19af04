package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/review"
)

type diffOptions struct {
	f    *factory
	From string
	To   string
}

func newCmdDiff(f *factory, runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{f: f}
	cmd := &cobra.Command{
		Use:   "diff A [B]",
		Short: "Show what changed between two milestones, or a milestone and now",
		Long: `Compares milestone A with milestone B, or with the current review when B is
"now" or left out; A may be "now" only when B names a milestone. Names match
in any case. It lists the questions whose risk
went up, down or moved into or out of unanswered, the practices whose gaps
closed or opened, gaps no longer judged because the evidence that showed them
is gone (evidence lost), other changes of answer or evidence, contradictions
added and resolved, and tabletop action items done, reopened, regressed or
overdue. With -o json it prints
{"version":1,"tool":…,"workload":…,"from":…,"to":…,"counts":…,…} (see README.md).`,
		Example: `  warroom diff 2026-Q3 2026-Q4
  warroom diff 2026-Q4            # the milestone against the current review
  warroom diff 2026-Q3 2026-Q4 -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageErrorf("%s takes one or two milestone names, or %q for the current review (got %d arguments)",
					cmd.CommandPath(), review.NowLabel, len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.From, opts.To = args[0], review.NowLabel
			if len(args) == 2 {
				opts.To = args[1]
			}
			if strings.EqualFold(opts.From, review.NowLabel) && strings.EqualFold(opts.To, review.NowLabel) {
				return usageErrorf("diff compares a milestone with another or with %s; name a milestone first", review.NowLabel)
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(cmd.Context(), opts)
		},
	}
	return cmd
}

// diffJSON is the documented `diff -o json` document: the diff's fields
// inline after the version, tool and workload.
type diffJSON struct {
	Version  int    `json:"version"`
	Tool     string `json:"tool"`
	Workload string `json:"workload"`
	review.Diff
}

func diffRun(ctx context.Context, opts *diffOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	ms, err := ws.db.Milestones(ctx, ws.w.ID)
	if err != nil {
		return err
	}
	var now *review.Snapshot
	snapshot := func(label string) (review.Snapshot, error) {
		if !strings.EqualFold(label, review.NowLabel) {
			m, err := milestoneNamed(ms, label, true)
			return snapshotOf(m), err
		}
		if now == nil {
			m, _, err := f.freezeNow(ctx, ws)
			if err != nil {
				return review.Snapshot{}, err
			}
			now = &review.Snapshot{Label: review.NowLabel, At: m.CreatedAt, Assessment: m.Assessment}
		}
		return *now, nil
	}
	from, err := snapshot(opts.From)
	if err != nil {
		return err
	}
	to, err := snapshot(opts.To)
	if err != nil {
		return err
	}
	d := review.Compare(from, to)
	if f.jsonOutput() {
		return printJSON(f.IO.Out, diffJSON{Version: 1, Tool: "warroom " + f.Version, Workload: ws.w.Name, Diff: d})
	}
	printDiff(f.IO.Out, ws.w.Name, d)
	return nil
}

// sideLabel names one side of a diff for people: "2026-Q3 (milestone 1,
// 2026-09-30 16:00 UTC)" or "now (2026-11-02 10:30 UTC)".
func sideLabel(s review.DiffSide) string {
	if s.Milestone > 0 {
		return fmt.Sprintf("%s (milestone %d, %s)", oneLine(s.Label), s.Milestone, stampUTC(s.At))
	}
	return fmt.Sprintf("%s (%s)", oneLine(s.Label), stampUTC(s.At))
}

// printDiff writes a diff for people: both sides' risk counts, then each
// kind of change that happened.
func printDiff(w io.Writer, workload string, d review.Diff) {
	fmt.Fprintf(w, "Workload %s: from %s to %s\n\n", oneLine(workload), sideLabel(d.From), sideLabel(d.To))
	var table strings.Builder
	t := newTable(&table)
	fmt.Fprintf(t, "RISK\t%s\t%s\tCHANGE\n", oneLine(d.From.Label), oneLine(d.To.Label))
	a, b := d.From.Summary, d.To.Summary
	for _, row := range []struct {
		name     string
		from, to int
	}{
		{"high", a.High, b.High}, {"medium", a.Medium, b.Medium}, {"none", a.None, b.None},
		{"unanswered", a.Unanswered, b.Unanswered}, {"not applicable", a.NotApplicable, b.NotApplicable},
		{"gaps", a.Gaps, b.Gaps}, {"contradictions", a.Contradictions, b.Contradictions},
	} {
		change := ""
		if n := row.to - row.from; n != 0 {
			change = fmt.Sprintf("%+d", n)
		}
		fmt.Fprintf(t, "%s\t%d\t%d\t%s\n", row.name, row.from, row.to, change)
	}
	t.Flush()
	// Rows without a change would end in padding.
	for _, line := range strings.Split(strings.TrimSuffix(table.String(), "\n"), "\n") {
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}

	var closed, opened, lost, other []review.PracticeChange
	for _, p := range d.Practices {
		switch p.Change {
		case review.GapClosed:
			closed = append(closed, p)
		case review.GapOpened:
			opened = append(opened, p)
		case review.EvidenceLost:
			lost = append(lost, p)
		default:
			other = append(other, p)
		}
	}
	section := func(title string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, n)
		for i := range n {
			fmt.Fprintf(w, "  %s\n", line(i))
		}
	}
	// A diff listing nothing but overdue items is empty: the items are
	// listed under a sentence that counts them.
	empty := len(d.Questions)+len(d.Practices)+len(d.ContradictionsAdded)+len(d.ContradictionsResolved)+
		len(d.ActionsDone)+len(d.ActionsReopened)+len(d.ActionsRegressed) == 0
	if empty {
		fmt.Fprintf(w, "\nNo changes since %s.\n", oneLine(d.From.Label))
	}
	section("Question risk changes", len(d.Questions), func(i int) string {
		q := d.Questions[i]
		switch q.Change {
		case review.Added:
			return fmt.Sprintf("%s %s: new, %s", q.ID, oneLine(q.Title), q.To)
		case review.Removed:
			return fmt.Sprintf("%s %s: no longer reviewed (was %s)", q.ID, oneLine(q.Title), q.From)
		}
		return fmt.Sprintf("%s %s: %s -> %s (%s)", q.ID, oneLine(q.Title), q.From, q.To, q.Change)
	})
	practice := func(ps []review.PracticeChange) func(int) string {
		return func(i int) string {
			p := ps[i]
			return fmt.Sprintf("%s %s (%s risk): %s", p.ID, oneLine(p.Title), p.Risk, practiceDelta(p))
		}
	}
	section("Gaps closed", len(closed), practice(closed))
	section("Gaps opened", len(opened), practice(opened))
	section("Gaps no longer judged, evidence lost", len(lost), practice(lost))
	section("Other practice changes", len(other), practice(other))
	section("Contradictions added", len(d.ContradictionsAdded), func(i int) string {
		c := d.ContradictionsAdded[i]
		var ids []string
		for _, fr := range c.Failing {
			if !slices.Contains(ids, fr.Check) {
				ids = append(ids, fr.Check)
			}
		}
		return fmt.Sprintf("%s %s: answered met by %s, evidence fails on %s (%s)", c.PracticeID, oneLine(c.Title),
			oneLine(c.Claim.By), plural(len(c.Failing), "resource", "resources"), oneLine(joinMax(ids, 4)))
	})
	section("Contradictions resolved", len(d.ContradictionsResolved), func(i int) string {
		c := d.ContradictionsResolved[i]
		return fmt.Sprintf("%s %s", c.PracticeID, oneLine(c.Title))
	})
	item := func(its []review.ActionItem) func(int) string {
		return func(i int) string {
			it := its[i]
			s := fmt.Sprintf("%s %s (owner %s", oneLine(it.ID), oneLine(it.Title), oneLine(it.Owner))
			if it.Due != "" {
				s += ", due " + oneLine(it.Due)
			}
			return s + ")"
		}
	}
	section("Action items done", len(d.ActionsDone), item(d.ActionsDone))
	section("Action items reopened", len(d.ActionsReopened), item(d.ActionsReopened))
	section("Action items regressed", len(d.ActionsRegressed), item(d.ActionsRegressed))
	if n := len(d.ActionsOverdue); empty && n > 0 {
		verb := "are"
		if n == 1 {
			verb = "is"
		}
		fmt.Fprintf(w, "\n%s %s overdue:\n", plural(n, "action item", "action items"), verb)
		for i := range n {
			fmt.Fprintf(w, "  %s\n", item(d.ActionsOverdue)(i))
		}
		return
	}
	section("Action items overdue", len(d.ActionsOverdue), item(d.ActionsOverdue))
}

// practiceDelta says in words how a practice changed: "not-met -> met",
// "failing resources 2 -> 0", "now contradicted"; for lost evidence it
// starts with what is left of it: "no findings now".
func practiceDelta(p review.PracticeChange) string {
	switch {
	case p.Change == review.Added:
		return fmt.Sprintf("new, %s", practiceState(p.To))
	case p.Change == review.Removed:
		return fmt.Sprintf("no longer reviewed (was %s)", practiceState(p.From))
	}
	a, b := p.From, p.To
	var parts []string
	if p.Change == review.EvidenceLost {
		if b.Unknown > 0 {
			parts = append(parts, fmt.Sprintf("no finding passes or fails now (%d unknown)", b.Unknown))
		} else {
			parts = append(parts, "no findings now")
		}
	}
	if a.Status != b.Status {
		parts = append(parts, fmt.Sprintf("%s -> %s", a.Status, b.Status))
	}
	if !slices.Equal(a.GapSources, b.GapSources) {
		parts = append(parts, fmt.Sprintf("gap: %s -> %s", sources(a.GapSources), sources(b.GapSources)))
	}
	if a.Failing != b.Failing {
		parts = append(parts, fmt.Sprintf("failing resources %d -> %d", a.Failing, b.Failing))
	}
	switch {
	case !a.Contradicted && b.Contradicted:
		parts = append(parts, "now contradicted")
	case a.Contradicted && !b.Contradicted:
		parts = append(parts, "no longer contradicted")
	}
	switch {
	case !a.Verified && b.Verified:
		parts = append(parts, "now verified by evidence")
	case a.Verified && !b.Verified:
		parts = append(parts, "no longer verified by evidence")
	}
	if len(parts) == 0 {
		return p.Change
	}
	return strings.Join(parts, "; ")
}

// practiceState is a practice's status and gap in words.
func practiceState(s *review.PracticeState) string {
	if s == nil {
		return "-"
	}
	if s.Gap {
		return fmt.Sprintf("%s, a gap from %s", s.Status, sources(s.GapSources))
	}
	return string(s.Status)
}

// sources lists gap sources ("answer+evidence"), "none" for none.
func sources(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, "+")
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/review"
)

func newCmdMilestone(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "milestone",
		Short: "Freeze the review as a named milestone, and list milestones",
		Long: `A milestone freezes the review as it is scored now: the answers as they stand,
the findings of the latest evidence run, the tabletop sessions and action
items. Later answers, runs and sessions never change it, and a milestone is
never changed or removed. 'warroom diff' compares two milestones, or a
milestone and the current review; reports show the trend over milestones.`,
	}
	cmd.AddCommand(newCmdMilestoneCreate(f, nil), newCmdMilestoneList(f, nil))
	return cmd
}

type milestoneCreateOptions struct {
	f    *factory
	Name string
	Note string
	By   string
}

func newCmdMilestoneCreate(f *factory, runF func(*milestoneCreateOptions) error) *cobra.Command {
	opts := &milestoneCreateOptions{f: f}
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Freeze the current review as a milestone named NAME",
		Long: `Scores the current review and stores it under NAME as the workload's next
milestone, with who made it and where the answer, evidence, session and
action logs stood. NAME takes 3 to 100 characters, is unique within the
workload in any case, and cannot be "now" (diff uses that for the current
review). A milestone is created even when nothing was recorded since the
previous one; the command says so. With -o json it prints
{"version":1,"workload":…,"milestone":{…}} (see README.md).`,
		Example: `  warroom milestone create 2026-Q4 --note "after the root MFA rollout" --by dana`,
		Args:    exactArgs(1, "one milestone name, such as 2026-Q4"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if err := review.CheckMilestoneName(opts.Name); err != nil {
				return &flagError{err}
			}
			opts.Note = strings.TrimSpace(opts.Note)
			by, err := resolveBy(f, opts.By, cmd.Flags().Changed("by"), "creates the milestone")
			if err != nil {
				return err
			}
			opts.By = by
			if err := checkMilestoneNote(opts.Note); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return milestoneCreateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "what the milestone marks, for the record (one line, at most 2084 characters)")
	cmd.Flags().StringVar(&opts.By, "by", "", "who creates it (default $WARROOM_USER or $USER)")
	return cmd
}

// resolveBy settles a --by flag: by trimmed, or, when --by is not given,
// $WARROOM_USER (or $USER). A blank --by, nobody known, or a name holding
// control characters are usage errors; who says what the person does
// ("creates the milestone").
func resolveBy(f *factory, by string, given bool, who string) (string, error) {
	by = strings.TrimSpace(by)
	if by == "" && given {
		return "", usageErrorf("--by is blank: name who %s, or leave --by out to use $WARROOM_USER", who)
	}
	if by == "" {
		by = strings.TrimSpace(f.defaultBy())
	}
	if by == "" {
		return "", usageErrorf("who %s is unknown: pass --by NAME (or set WARROOM_USER)", who)
	}
	if err := checkName("--by", by); err != nil {
		return "", err
	}
	return by, nil
}

// maxMilestoneNote is the longest --note, in characters: the Well-Architected
// Tool's limit for notes.
const maxMilestoneNote = 2084

// checkMilestoneNote refuses a note that every listing and report would show
// wrongly: control or invisible characters (a terminal escape, a line break,
// marks that reorder text), or more than maxMilestoneNote characters.
func checkMilestoneNote(note string) error {
	if !utf8.ValidString(note) {
		return usageErrorf("--note %q holds bytes that are not UTF-8 text; type it as plain text", note)
	}
	if hasHidden(note) {
		return usageErrorf("--note %q holds control or invisible characters; type it as plain text on one line", note)
	}
	if n := utf8.RuneCountInString(note); n > maxMilestoneNote {
		return usageErrorf("--note has %d characters; the limit is %d, as in the Well-Architected Tool: shorten it", n, maxMilestoneNote)
	}
	return nil
}

// milestoneJSON is a milestone in the documented JSON documents: its record
// and the frozen assessment's risk counts.
type milestoneJSON struct {
	review.Milestone
	Summary review.Summary `json:"summary"`
}

func milestoneDoc(m review.Milestone) milestoneJSON {
	return milestoneJSON{Milestone: m, Summary: m.Assessment.Summary}
}

func milestoneCreateRun(ctx context.Context, opts *milestoneCreateOptions) error {
	f := opts.f
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	prev, err := ws.db.Milestones(ctx, ws.w.ID)
	if err != nil {
		return err
	}
	m, _, err := f.freezeNow(ctx, ws)
	if err != nil {
		return err
	}
	m.Name, m.Note, m.CreatedBy = opts.Name, opts.Note, opts.By
	m, err = ws.db.CreateMilestone(ctx, ws.w.ID, m)
	if err != nil {
		return err
	}
	var same *review.Milestone
	if len(prev) > 0 && sameLogs(prev[len(prev)-1].Frozen, m.Frozen) {
		same = &prev[len(prev)-1]
	}
	if f.jsonOutput() {
		doc := struct {
			Version  int           `json:"version"`
			Workload string        `json:"workload"`
			Created  milestoneJSON `json:"milestone"`
			// UnchangedSince names the previous milestone when nothing was
			// recorded since it.
			UnchangedSince string `json:"unchanged_since,omitempty"`
		}{Version: 1, Workload: ws.w.Name, Created: milestoneDoc(m)}
		if same != nil {
			doc.UnchangedSince = same.Name
		}
		return printJSON(f.IO.Out, doc)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Milestone %d %s of workload %s created %s by %s.\n", m.Number, quoted(m.Name), oneLine(ws.w.Name),
		stampUTC(m.CreatedAt), oneLine(m.CreatedBy))
	if m.Note != "" {
		fmt.Fprintf(w, "Note: %s\n", oneLine(m.Note))
	}
	printRiskLine(w, m.Assessment.Summary)
	printFrozen(w, m.Frozen)
	fmt.Fprintf(w, "Digest: %s\n", m.Digest)
	if same != nil {
		fmt.Fprintf(w, "Nothing was recorded since milestone %d %s: both freeze the same answers, evidence, sessions and action updates.\n",
			same.Number, quoted(same.Name))
	}
	return nil
}

// quoted is a name from people in double quotes, safe for one line.
func quoted(s string) string { return `"` + oneLine(s) + `"` }

// printRiskLine writes an assessment's risk counts on one line.
func printRiskLine(w io.Writer, s review.Summary) {
	fmt.Fprintf(w, "Risk: %d high, %d medium, %d none, %d unanswered, %d not applicable; %s, %s\n",
		s.High, s.Medium, s.None, s.Unanswered, s.NotApplicable, plural(s.Gaps, "gap", "gaps"),
		plural(s.Contradictions, "contradiction", "contradictions"))
}

// printFrozen says what a milestone froze: the evidence run, the answers,
// the sessions and the action updates.
func printFrozen(w io.Writer, fr review.Frozen) {
	if fr.Run == "" {
		fmt.Fprintln(w, "Evidence: no evidence collected")
	} else {
		fmt.Fprintf(w, "Evidence: run %s, finished %s\n", oneLine(fr.Run), stampUTC(fr.RunFinishedAt))
	}
	entries := 0
	for _, s := range fr.Sessions {
		entries += s.Entries
	}
	sessions := "none"
	if len(fr.Sessions) > 0 {
		sessions = fmt.Sprintf("%d (%s)", len(fr.Sessions), plural(entries, "entry", "entries"))
	}
	fmt.Fprintf(w, "Answers: %d recorded (history included); tabletop sessions: %s\n", fr.Answers, sessions)
}

type milestoneListOptions struct {
	f *factory
}

func newCmdMilestoneList(f *factory, runF func(*milestoneListOptions) error) *cobra.Command {
	opts := &milestoneListOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the workload's milestones with their risk counts",
		Long: `Lists the workload's milestones, oldest first: number, name, when and by whom
each was created, its frozen risk counts and the evidence run it froze. Each
milestone's stored assessment is checked against the digest recorded when it
was made; a milestone changed outside warroom is an error. With -o json it
prints {"version":1,"workload":…,"milestones":[…]} (see README.md).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return milestoneListRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func milestoneListRun(ctx context.Context, opts *milestoneListOptions) error {
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
	if f.jsonOutput() {
		docs := []milestoneJSON{}
		for _, m := range ms {
			docs = append(docs, milestoneDoc(m))
		}
		return printJSON(f.IO.Out, struct {
			Version    int             `json:"version"`
			Workload   string          `json:"workload"`
			Milestones []milestoneJSON `json:"milestones"`
		}{1, ws.w.Name, docs})
	}
	w := f.IO.Out
	if len(ms) == 0 {
		fmt.Fprintf(w, "No milestones for workload %s yet; create one with `warroom milestone create NAME`.\n", oneLine(ws.w.Name))
		return nil
	}
	t := newTable(w)
	fmt.Fprintln(t, "NUMBER\tNAME\tCREATED\tBY\tHIGH\tMEDIUM\tNONE\tUNANSWERED\tGAPS\tCONTRADICTIONS\tRUN")
	for _, m := range ms {
		s := m.Assessment.Summary
		fmt.Fprintf(t, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", m.Number, oneLine(m.Name),
			m.CreatedAt.UTC().Format("2006-01-02 15:04"), oneLine(m.CreatedBy), s.High, s.Medium, s.None, s.Unanswered,
			s.Gaps, s.Contradictions, orDash(oneLine(m.Frozen.Run)))
	}
	return t.Flush()
}

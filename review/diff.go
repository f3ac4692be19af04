package review

import (
	"time"

	"github.com/warroom/warroom/questions"
)

// Snapshot is one side of a comparison: a milestone's frozen assessment or
// the current review.
type Snapshot struct {
	Label      string // the milestone's name, or NowLabel
	Milestone  int    // the milestone's number; 0 for the current review
	At         time.Time
	Assessment Assessment
}

// DiffSide names one side of a Diff and its risk counts.
type DiffSide struct {
	Label     string    `json:"label"`
	Milestone int       `json:"milestone,omitempty"`
	At        time.Time `json:"at"`
	Summary   Summary   `json:"summary"`
}

// Diff is what changed between two snapshots of a review.
type Diff struct {
	From   DiffSide   `json:"from"`
	To     DiffSide   `json:"to"`
	Counts DiffCounts `json:"counts"`
	// Questions whose risk changed, in lens order.
	Questions []QuestionChange `json:"questions"`
	// Practices whose status, gap or contradiction changed, in lens order.
	Practices []PracticeChange `json:"practices"`
	// ContradictionsAdded are in To but not in From; ContradictionsResolved
	// the other way round (taken from To and From respectively).
	ContradictionsAdded    []Contradiction `json:"contradictions_added"`
	ContradictionsResolved []Contradiction `json:"contradictions_resolved"`
	// ActionsDone are the action items done in To that were not done in From
	// (or did not exist yet); ActionsReopened were done in From and are open
	// again in To (reopened by hand); ActionsRegressed regressed in To and
	// were not regressed in From; ActionsOverdue are open or regressed items
	// overdue in To. All are taken from To.
	ActionsDone      []ActionItem `json:"actions_done"`
	ActionsReopened  []ActionItem `json:"actions_reopened"`
	ActionsRegressed []ActionItem `json:"actions_regressed"`
	ActionsOverdue   []ActionItem `json:"actions_overdue"`
}

// DiffCounts sums a Diff up.
type DiffCounts struct {
	GapsClosed int `json:"gaps_closed"`
	GapsOpened int `json:"gaps_opened"`
	// EvidenceLost counts the practices whose change is EvidenceLost; they
	// are not in GapsClosed.
	EvidenceLost           int `json:"evidence_lost"`
	QuestionsImproved      int `json:"questions_improved"`
	QuestionsRegressed     int `json:"questions_regressed"`
	ContradictionsAdded    int `json:"contradictions_added"`
	ContradictionsResolved int `json:"contradictions_resolved"`
	ActionsDone            int `json:"actions_done"`
	ActionsReopened        int `json:"actions_reopened"`
	ActionsRegressed       int `json:"actions_regressed"`
	ActionsOverdue         int `json:"actions_overdue"`
}

// Question and practice changes.
const (
	Improved  = "improved"  // question risk went down: high → medium → none or not applicable
	Regressed = "regressed" // question risk went up among high, medium, none and not applicable
	Changed   = "changed"   // neither better nor worse: none ↔ not applicable, or into or out of unanswered
	Added     = "added"     // only in To (a lens gained it)
	Removed   = "removed"   // only in From

	GapClosed     = "gap-closed"     // a gap in From, not in To, and not EvidenceLost
	GapOpened     = "gap-opened"     // not a gap in From, a gap in To
	StatusChanged = "status-changed" // gap unchanged; answer status, gap sources or contradiction changed
	// EvidenceLost is a gap in From that failing evidence showed, and no gap
	// in To while no finding of To passes or fails for the practice: the
	// evidence was not read (unknown) or not collected, so nothing shows the
	// gap fixed.
	EvidenceLost = "evidence-lost"
)

// QuestionChange is a question whose risk changed.
type QuestionChange struct {
	ID     string `json:"id"`
	Lens   string `json:"lens"`
	Title  string `json:"title"`
	From   Risk   `json:"from,omitempty"` // "" when Added
	To     Risk   `json:"to,omitempty"`   // "" when Removed
	Change string `json:"change"`         // Improved, Regressed, Changed, Added, Removed
}

// PracticeChange is a practice whose state changed.
type PracticeChange struct {
	ID         string         `json:"id"`
	QuestionID string         `json:"question"`
	Title      string         `json:"title"`
	Risk       questions.Risk `json:"risk"`
	From       *PracticeState `json:"from"`   // nil when Added
	To         *PracticeState `json:"to"`     // nil when Removed
	Change     string         `json:"change"` // GapClosed, GapOpened, EvidenceLost, StatusChanged, Added, Removed
}

// PracticeState is what a diff compares of a practice.
type PracticeState struct {
	Status       Status   `json:"status"`
	Gap          bool     `json:"gap"`
	GapSources   []string `json:"gap_sources,omitempty"`
	Contradicted bool     `json:"contradicted"`
	Verified     bool     `json:"verified"`
	Failing      int      `json:"failing"` // failing resources
	Passing      int      `json:"passing"` // passing findings of the mapped checks
	Unknown      int      `json:"unknown"` // findings that could not be judged (access denied, error)
}

package review

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Milestone is the review frozen at one moment, as the Well-Architected
// Tool's milestones are: the assessment exactly as it was scored then
// (answers as they stood, the findings of the latest run, tabletop
// outcomes), and where in the append-only logs it was taken. Later answers,
// runs or sessions never change it.
type Milestone struct {
	Number      int       `json:"number"` // 1, 2, … per workload, in creation order
	Name        string    `json:"name"`
	Note        string    `json:"note,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	ToolVersion string    `json:"tool_version"`
	Frozen      Frozen    `json:"frozen"`
	// Digest is "sha256:<hex>" of the frozen assessment's JSON as stored; the
	// store checks it on every read.
	Digest string `json:"digest"`
	// Assessment is the frozen assessment (not part of the listing JSON).
	Assessment Assessment `json:"-"`
	// AssessmentJSON is the frozen assessment exactly as stored, the bytes
	// Digest is computed over (set by the store; not part of the listing
	// JSON).
	AssessmentJSON []byte `json:"-"`
}

// Frozen says what a milestone froze, as positions in the append-only logs,
// so what it was computed from can be read back (the auditor bundle does).
type Frozen struct {
	// AnswersThrough is the id of the last answer row recorded by then (0:
	// none); Answers counts the rows, history included.
	AnswersThrough int64 `json:"answers_through"`
	Answers        int   `json:"answers"`
	// Run is the evidence run whose findings were scored ("" for none) and
	// RunFinishedAt when it finished.
	Run           string    `json:"run,omitempty"`
	RunFinishedAt time.Time `json:"run_finished_at,omitzero"`
	// Runs counts the workload's evidence runs recorded by then, so a run
	// saved later is seen even when it is not the latest. Like every field
	// added after the first version, it is omitted when zero, so the JSON
	// of a milestone made before it existed (in a bundle's manifest) encodes
	// again byte for byte.
	Runs int `json:"runs,omitempty"`
	// Sessions are the tabletop sessions and how many entries each had.
	Sessions []SessionMark `json:"sessions,omitempty"`
	// ActionUpdatesThrough is the id of the last manual action update (0: none).
	ActionUpdatesThrough int64 `json:"action_updates_through,omitempty"`
	// Lenses are the lenses the assessment was scored with, each with the
	// digest of its content, so a report rendered later can tell whether
	// today's lenses are the same.
	Lenses []LensMark `json:"lenses,omitempty"`
}

// LensMark is one lens a milestone was scored with: its id, version and
// "sha256:<hex>" of its content as JSON.
type LensMark struct {
	ID      string `json:"id"`
	Version string `json:"version,omitempty"`
	Digest  string `json:"digest"`
}

// SessionMark is a tabletop session and the number of entries it had.
type SessionMark struct {
	ID      string `json:"id"`
	Entries int    `json:"entries"`
}

// NowLabel is what diff and the trend call the current, unfrozen review; no
// milestone may take it as a name.
const NowLabel = "now"

// CheckMilestoneName applies the Well-Architected Tool's rule (3 to 100
// characters) and refuses names that are reserved or would be unreadable in
// a listing: bytes that are not UTF-8, control or invisible characters,
// leading or trailing spaces. It also refuses names that are not in
// Unicode NFKC form (a ligature, a fullwidth digit, a no-break space, an
// accent typed as a separate mark), so every stored name is in that form
// and look-alikes such as "café" typed two ways meet the case-folded
// uniqueness check as the same name. Look-alike letters of other scripts
// (a Greek Omicron for an O) are not caught.
func CheckMilestoneName(name string) error {
	if !utf8.ValidString(name) {
		return fmt.Errorf("milestone name %q holds bytes that are not UTF-8 text; use plain text", name)
	}
	n := utf8.RuneCountInString(name)
	switch {
	case n < 3 || n > 100:
		return fmt.Errorf("milestone name %q has %d characters; use 3 to 100, such as 2026-Q4", name, n)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("milestone name %q starts or ends with a space; remove it", name)
	case strings.EqualFold(name, NowLabel):
		return fmt.Errorf("milestone name %q is reserved: diff uses it for the current review; pick another", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("milestone name %q holds control or invisible character %U; use plain text", name, r)
		}
	}
	if plain := norm.NFKC.String(name); plain != name {
		return fmt.Errorf("milestone name %q holds characters with a plainer equivalent (such as a ligature, a fullwidth "+
			"letter or digit, a no-break space, or an accent typed as a separate mark); use plain characters: %+q would be stored as %+q",
			name, name, plain)
	}
	return nil
}

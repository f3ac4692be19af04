package scenarios

import "time"

// Session is one play of a scenario: a header and an append-only log of
// entries. Its state (current inject, paused, ended) is derived by replaying
// the entries through a Machine; nothing about it is ever updated in place.
type Session struct {
	ID              string        `json:"id"` // "ttx-20261120T140000Z-1a2b3c4d"
	Workload        string        `json:"workload"`
	ScenarioID      string        `json:"scenario"`
	ScenarioVersion int           `json:"scenario_version"`
	ScenarioDigest  string        `json:"scenario_digest"`
	Facilitator     string        `json:"facilitator"`
	Participants    []Participant `json:"participants"`
	// EvidenceRun is the run whose findings shaped the session ("" when no
	// run had finished by the time the session started: generic narratives
	// throughout).
	EvidenceRun string    `json:"evidence_run,omitempty"`
	Mode        string    `json:"mode"` // "interactive" or "script"
	StartedAt   time.Time `json:"started_at"`
	// RecordedAt is when the header was stored: for a script typed up after
	// the session, later than StartedAt. The store sets it; it is zero on a
	// session not read back from the store.
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	Entries    []Entry   `json:"entries"`
}

// Participant is a person at the table and the role they play.
type Participant struct {
	Name string `json:"name" yaml:"name"`
	Role string `json:"role" yaml:"role"`
}

// EntryKind says what an entry records.
type EntryKind string

// Entry kinds.
const (
	KindInject   EntryKind = "inject"   // an inject was read out (InjectID, Variant, Shaping)
	KindClaim    EntryKind = "claim"    // what the team said it would do (QuestionID, Text, Stance, By; Verdict)
	KindDecision EntryKind = "decision" // Text = decision, Owner, Rationale
	KindGap      EntryKind = "gap"      // PracticeID, Text = what is missing
	KindAction   EntryKind = "action"   // Text = title, Owner, Due, PracticeID, CheckID; Scope
	KindNote     EntryKind = "note"     // free text from the scribe
	KindPause    EntryKind = "pause"
	KindResume   EntryKind = "resume"
	KindEnd      EntryKind = "end" // the session is over; nothing may follow
)

// Stance is what a claim asserts.
type Stance string

// Stances: the team says it does this (yes), does part of it (partly), or
// does not (no).
const (
	StanceYes    Stance = "yes"
	StancePartly Stance = "partly"
	StanceNo     Stance = "no"
)

// Verdict is a claim judged against the evidence.
type Verdict string

// Verdicts. A yes/partly claim is verified when every check of the question
// passes, contradicted when any fails, unknown otherwise. A "no" claim is
// conceded (the team names its own gap). A question without checks gives
// not-checkable.
const (
	Verified     Verdict = "verified"
	Contradicted Verdict = "contradicted"
	Unknown      Verdict = "unknown"
	Conceded     Verdict = "conceded"
	NotCheckable Verdict = "not-checkable"
)

// Entry is one record of the session log. Which fields are set depends on Kind.
type Entry struct {
	Seq      int       `json:"seq"` // 1, 2, 3… within the session, set by the Machine
	Kind     EntryKind `json:"kind"`
	InjectID string    `json:"inject,omitempty"` // the inject in play when recorded
	At       time.Time `json:"at"`               // when it happened in the room
	By       string    `json:"by,omitempty"`     // who said it or recorded it

	QuestionID string `json:"question,omitempty"`  // claim
	Stance     Stance `json:"stance,omitempty"`    // claim
	Text       string `json:"text,omitempty"`      // claim, decision, gap, action title, note
	Owner      string `json:"owner,omitempty"`     // decision, action
	Rationale  string `json:"rationale,omitempty"` // decision
	PracticeID string `json:"practice,omitempty"`  // gap, action
	Due        string `json:"due,omitempty"`       // action: YYYY-MM-DD
	CheckID    string `json:"check,omitempty"`     // action: the check that will prove it done
	// Scope is set by the Machine for an action with a check: the accounts,
	// sorted, whose results of the check decide the action (those where it
	// fails in the session's evidence; when it fails nowhere, those with any
	// finding of it). Empty means any account: there was no evidence.
	Scope []string `json:"scope,omitempty"`

	// Verdict and Basis are set by the Machine for claims: the judgement and
	// one line per finding or check it rests on.
	Verdict Verdict  `json:"verdict,omitempty"`
	Basis   []string `json:"basis,omitempty"`
	// Variant and Shaping are set by the Machine for inject entries: the
	// variant read out ("" for the generic narrative) and how evidence
	// shaped the inject.
	Variant string    `json:"variant,omitempty"`
	Shaping []Shaping `json:"shaping,omitempty"`
}

// Shaping is one way evidence changed an inject: a placeholder filled, a
// variant chosen or a branch taken, or a placeholder left generic.
type Shaping struct {
	Check   string  `json:"check"`
	Outcome Outcome `json:"outcome"`
	Effect  string  `json:"effect"`            // "filled {db} with prod-orders", "variant mfa-off", "branch to recovery-path", "{db}: no evidence, generic text"
	Generic bool    `json:"generic,omitempty"` // no evidence: the generic text was used
}

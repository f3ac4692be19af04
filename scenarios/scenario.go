// Package scenarios holds tabletop exercises as data: scenarios with timed
// injects whose narrative and path are shaped by the account's evidence, the
// session state machine a facilitator walks through, claim adjudication
// against findings, and the after-action record. Everything here is pure:
// time, evidence and the session log come in as arguments.
package scenarios

import "time"

// Scenario is one tabletop exercise, loaded from a YAML file.
type Scenario struct {
	ID      string `yaml:"id" json:"id"`           // "lost-root-account"
	Version int    `yaml:"version" json:"version"` // bumped whenever injects change
	// Framework is the Well-Architected framework version the practice ids
	// were written against ("2026-05", the lens version).
	Framework   string   `yaml:"framework" json:"framework"`
	Title       string   `yaml:"title" json:"title"`
	Summary     string   `yaml:"summary" json:"summary"`     // one paragraph: what happens
	Objective   string   `yaml:"objective" json:"objective"` // what the session should establish
	Audience    string   `yaml:"audience" json:"audience"`
	DurationMin int      `yaml:"duration_min" json:"duration_min"` // expected length of the session
	Roles       []Role   `yaml:"roles" json:"roles"`
	Practices   []string `yaml:"practices" json:"practices"` // SEC/REL practice ids exercised
	Injects     []Inject `yaml:"injects" json:"injects"`     // in time order

	// Source is the file the scenario was read from ("embedded:library/x.yaml").
	Source string `yaml:"-" json:"source"`
	// Digest is the SHA-256 (hex) of the file's bytes, stored with each session.
	Digest string `yaml:"-" json:"digest"`
}

// Role is a seat at the table ("ir-lead", "cloud-admin").
type Role struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Brief string `yaml:"brief" json:"brief"` // what this person is expected to speak for
}

// Inject is one event the facilitator reads out.
type Inject struct {
	ID    string `yaml:"id" json:"id"`
	At    string `yaml:"at" json:"at"` // offset into the incident as written: "T+0", "T+15m", "T+1h30m", "T+1d"
	Title string `yaml:"title" json:"title"`
	// TimeboxMin is the discussion time the facilitator allows (minutes).
	TimeboxMin int `yaml:"timebox_min" json:"timebox_min"`
	// Narrative is the generic read-aloud text. It may hold placeholders
	// {probe-id} that the probe's evidence fills in, or its fallback.
	Narrative   string     `yaml:"narrative" json:"narrative"`
	Variants    []Variant  `yaml:"variants" json:"variants,omitempty"` // first match replaces Narrative
	Artifacts   []Artifact `yaml:"artifacts" json:"artifacts,omitempty"`
	Questions   []Question `yaml:"questions" json:"questions"`
	Facilitator Notes      `yaml:"facilitator" json:"facilitator"`
	Probes      []Probe    `yaml:"probes" json:"probes,omitempty"`
	// Branches are tried in order after this inject; the first whose
	// condition holds names the next inject. None holds: Next, else the
	// following inject in the file. Branches only go forward.
	Branches []Branch `yaml:"branches" json:"branches,omitempty"`
	Next     string   `yaml:"next" json:"next,omitempty"` // "end" finishes the scenario
	// Offset is At parsed; set when the scenario is loaded.
	Offset time.Duration `yaml:"-" json:"offset"`
}

// Artifact is a prop handed to the room: a log line, an alert, an email.
type Artifact struct {
	Kind  string `yaml:"kind" json:"kind"` // log, alert, email, chat, ticket, bill, console
	Title string `yaml:"title" json:"title"`
	Text  string `yaml:"text" json:"text"`
}

// Question is a discussion question. When Checks are set, a claim the team
// makes in answer is adjudicated against those checks' findings.
type Question struct {
	ID        string   `yaml:"id" json:"id"` // unique within the scenario
	Text      string   `yaml:"text" json:"text"`
	Practices []string `yaml:"practices" json:"practices,omitempty"`
	Checks    []string `yaml:"checks" json:"checks,omitempty"`
}

// Notes are for the facilitator only: never in the participant handout.
type Notes struct {
	GoodAnswer []string `yaml:"good_answer" json:"good_answer"` // what a good answer names
	Hints      []string `yaml:"hints" json:"hints,omitempty"`   // nudges when the room is stuck
}

// Probe ties an inject to a check: its latest findings name a real resource
// in the narrative ({id}) and can be used in conditions.
type Probe struct {
	ID    string `yaml:"id" json:"id"`       // placeholder name, [a-z0-9-]+
	Check string `yaml:"check" json:"check"` // check id
	// Pick says whose resource fills the placeholder: "fail" (default, the
	// first failing resource) or "pass".
	Pick string `yaml:"pick" json:"pick,omitempty"`
	// Fallback is the text used when the check has no such finding.
	Fallback string `yaml:"fallback" json:"fallback"`
}

// Condition holds when a check's latest outcome is Is.
type Condition struct {
	Check string  `yaml:"check" json:"check"`
	Is    Outcome `yaml:"is" json:"is"`
}

// Variant replaces the generic narrative when its condition holds.
type Variant struct {
	ID        string    `yaml:"id" json:"id"`
	When      Condition `yaml:"when" json:"when"`
	Narrative string    `yaml:"narrative" json:"narrative"`
}

// Branch sends the session to another inject when its condition holds.
type Branch struct {
	When Condition `yaml:"when" json:"when"`
	Goto string    `yaml:"goto" json:"goto"` // a later inject id, or "end"
}

// End is the Next/Goto value that finishes the scenario.
const End = "end"

// Package review combines a lens, the team's answers and evidence findings
// into an assessment: status per practice, risk per question, contradictions
// and a prioritised improvement plan. Everything here is pure and deterministic.
package review

import (
	"fmt"
	"strings"
	"time"
)

// Status is the answer given for a best practice.
type Status string

// Practice statuses.
const (
	Met           Status = "met"
	Partial       Status = "partial"
	NotMet        Status = "not-met"
	NotApplicable Status = "not-applicable"
	Unanswered    Status = "unanswered"
)

// AnswerStatuses lists the statuses a person can give, in display order.
var AnswerStatuses = []Status{Met, Partial, NotMet, NotApplicable}

// ParseStatus reads a status as typed by a person ("met", "not met", "n/a", "na"...).
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))) {
	case "met":
		return Met, nil
	case "partial", "partially-met", "partly":
		return Partial, nil
	case "not-met", "not met", "notmet", "unmet":
		return NotMet, nil
	case "not-applicable", "not applicable", "n/a", "na":
		return NotApplicable, nil
	}
	return "", fmt.Errorf("status %q is not one of met, partial, not-met, not-applicable", s)
}

// Answer is one recorded answer for a practice: a row of the append-only log.
type Answer struct {
	ID         int64     `json:"id,omitempty" yaml:"-"`
	PracticeID string    `json:"practice" yaml:"practice"`
	Status     Status    `json:"status" yaml:"status"`
	Reason     string    `json:"reason,omitempty" yaml:"reason,omitempty"`
	Note       string    `json:"note,omitempty" yaml:"note,omitempty"`
	By         string    `json:"by" yaml:"by"`
	At         time.Time `json:"at" yaml:"at"`
	Source     string    `json:"source,omitempty" yaml:"source,omitempty"` // interview, cli, import, demo
	RecordedAt time.Time `json:"recorded_at,omitzero" yaml:"recorded_at,omitempty"`
}

// Check validates an answer on its own: a known status, a reason for
// not-applicable, and someone who gave it.
func (a Answer) Check() error {
	switch a.Status {
	case Met, Partial, NotMet:
	case NotApplicable:
		if strings.TrimSpace(a.Reason) == "" {
			return fmt.Errorf("not-applicable needs a reason: say why the practice does not apply")
		}
	default:
		return fmt.Errorf("status %q is not one of met, partial, not-met, not-applicable", a.Status)
	}
	if strings.TrimSpace(a.By) == "" {
		return fmt.Errorf("who answered is missing: give the person's name")
	}
	return nil
}

// Workload is the system under review.
type Workload struct {
	ID          int64     `json:"-"`
	Name        string    `json:"name"`
	Owner       string    `json:"owner,omitempty"`
	Environment string    `json:"environment,omitempty"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

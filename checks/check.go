// Package checks declares the evidence checks: their metadata, the findings
// they produce and the order of severities. It imports nothing of warroom;
// practice ids are plain strings.
package checks

import (
	"encoding/json"
	"time"
)

// Severity is how bad a failing check is.
type Severity string

// Severities, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Rank orders severities from most to least severe: critical 0 … low 3, unknown 4.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 0
	case High:
		return 1
	case Medium:
		return 2
	case Low:
		return 3
	}
	return 4
}

// Status is the outcome of a check on one resource.
type Status string

// Finding statuses.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Unknown Status = "unknown" // e.g. AccessDenied, or the service is not enabled in the region
	Error   Status = "error"
)

// Check is the metadata of one evidence check.
type Check struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Service     string   `json:"service"`
	Severity    Severity `json:"severity"`
	Practices   []string `json:"practices"`
	Remediation string   `json:"remediation,omitempty"`
}

// Finding is the result of one check on one resource in one account and region.
type Finding struct {
	RunID      string          `json:"run_id"`
	CheckID    string          `json:"check"`
	Status     Status          `json:"status"`
	Account    string          `json:"account"`
	Region     string          `json:"region"`
	Resource   string          `json:"resource"`
	Message    string          `json:"message"`
	Evidence   json.RawMessage `json:"evidence,omitempty"`
	ObservedAt time.Time       `json:"observed_at"`
}

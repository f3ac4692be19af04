// Package checks declares the evidence checks: their metadata, the typed
// Inventory they judge, the findings they produce and the pure evaluation of
// one over the other. It imports nothing of warroom; practice ids are plain
// strings (a test proves they exist in the built-in lenses).
package checks

import (
	"encoding/json"
	"strings"
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

// Scope says whether a check is evaluated once per account or once per
// account and region.
type Scope string

// Scopes.
const (
	Global   Scope = "global"
	Regional Scope = "regional"
)

// Check is one evidence check: its metadata and the pure function that judges
// an account (global scope) or an account's region (regional scope).
type Check struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Service   string   `json:"service"`
	Scope     Scope    `json:"scope"`
	Severity  Severity `json:"severity"`
	Practices []string `json:"practices"`
	// Needs are the IAM actions whose results the check judges, e.g.
	// "iam:GetAccountSummary". When the collector recorded a gap for one of
	// them, the check reports unknown instead of judging partial data.
	Needs []string `json:"needs"`
	// Reads are further IAM actions the check reads for some cases or for
	// context (a KMS key's aliases, the workloads of a management account).
	// Its policy grants them, but a gap in one of them does not make the whole
	// check unknown: the check says unknown itself where it matters.
	Reads []string `json:"reads,omitempty"`
	// Risk says in one sentence why a failure matters.
	Risk string `json:"risk,omitempty"`
	// Remediation says what to do about a failure, in our own words.
	Remediation string `json:"remediation,omitempty"`
	// CIS are CIS AWS Foundations Benchmark v3.0.0 recommendation ids.
	CIS []string `json:"cis,omitempty"`
	// SecurityHub are Security Hub control ids (FSBP where one exists).
	SecurityHub []string `json:"security_hub,omitempty"`
	// Eval judges one account or one account × region. It never sees data
	// whose collection failed for one of Needs, so it contains no error handling.
	Eval func(View) []Result `json:"-"`
}

// Actions returns every IAM action the check reads: Needs, then Reads.
func (c Check) Actions() []string {
	return append(append([]string(nil), c.Needs...), c.Reads...)
}

// Result is what a check's Eval returns for one resource.
type Result struct {
	// Resource is the ARN where AWS has one, else the id; it must equal the
	// Resource of any Gap the collector records for the same resource.
	Resource string
	Status   Status
	// Message is one sentence that names the resource and the fact judged.
	Message string
	// Evidence holds the facts judged, never secrets.
	Evidence map[string]any
	// Actions, on an unknown result the check itself reports, name the IAM
	// actions whose refusal left it unjudged (grant them and collect again).
	Actions []string
}

// passIf is the result of a yes-or-no judgement of one resource: Pass with
// passMsg when ok, else Fail with failMsg, with the same evidence either way.
func passIf(ok bool, resource string, ev map[string]any, passMsg, failMsg string) Result {
	if ok {
		return Result{Resource: resource, Status: Pass, Message: passMsg, Evidence: ev}
	}
	return Result{Resource: resource, Status: Fail, Message: failMsg, Evidence: ev}
}

// View is what a check's Eval sees: one account, and for regional checks one
// of its regions.
type View struct {
	Account *Account
	Region  *Region // nil for global checks
	Now     time.Time
	// Partition is the account's AWS partition ("aws", "aws-cn", "aws-us-gov").
	Partition string
}

// partition is the view's partition; without one it is inferred from the
// account's home region.
func (v View) partition() string {
	if v.Partition != "" {
		return v.Partition
	}
	return PartitionOf(v.Account.HomeRegion)
}

// PartitionOf names the partition a region belongs to.
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// Finding is the result of one check on one resource in one account and region.
type Finding struct {
	RunID    string          `json:"run_id"`
	CheckID  string          `json:"check"`
	Status   Status          `json:"status"`
	Account  string          `json:"account"`
	Region   string          `json:"region"`
	Resource string          `json:"resource"`
	Message  string          `json:"message"`
	Evidence json.RawMessage `json:"evidence,omitempty"`
	// Actions are the IAM actions behind the facts judged; for an unknown
	// finding, the actions that were refused with AccessDenied (grant them
	// and collect again), none when the cause was something else.
	Actions    []string  `json:"actions,omitempty"`
	ObservedAt time.Time `json:"observed_at"`
}

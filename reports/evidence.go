package reports

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/review"
)

// Evidence is the collection run a report's evidence comes from: where it
// looked, the check catalogue and every finding of the run.
type Evidence struct {
	RunID      string
	ObservedAt time.Time
	Accounts   []string
	Regions    []string
	Checks     []checks.Check
	Findings   []checks.Finding
	// Error is why the run ended early (interrupted, timed out) although it
	// saved what it had read; "" for a run that finished.
	Error string
}

// MaxListed is how many failing resources, and how many unknown ones, the
// Markdown and HTML appendix list per check; JSON and CSV carry all of them.
const MaxListed = 25

// EvidenceSummary is the "evidence" object of the JSON document: the run,
// findings by status, the actions to grant for unknown findings and the
// per-check appendix with every failing resource.
type EvidenceSummary struct {
	RunID      string    `json:"run_id"`
	ObservedAt time.Time `json:"observed_at"`
	Accounts   []string  `json:"accounts"`
	Regions    []string  `json:"regions"`
	// Error is why the run ended early; regions and services it did not reach
	// have no findings. Omitted for a run that finished. Added within version 1.
	Error    string         `json:"error,omitempty"`
	Findings map[string]int `json:"findings"` // pass, fail, unknown, error
	// ActionsToGrant are the IAM actions whose absence left findings unknown.
	ActionsToGrant []string        `json:"actions_to_grant"`
	Checks         []CheckEvidence `json:"checks"`
}

// CheckEvidence is one check's share of a run: counts, failing resources and
// the actions missing for its unknown findings.
type CheckEvidence struct {
	Check          string          `json:"check"`
	Title          string          `json:"title"`
	Severity       checks.Severity `json:"severity"`
	Pass           int             `json:"pass"`
	Fail           int             `json:"fail"`
	Unknown        int             `json:"unknown"`
	Error          int             `json:"error"`
	Failing        []FindingRef    `json:"failing,omitempty"`
	Unjudged       []FindingRef    `json:"unjudged,omitempty"` // unknown and error findings
	MissingActions []string        `json:"missing_actions,omitempty"`

	// Unknowns are the unknown findings alone (Unjudged also holds errors),
	// for the appendix to list.
	Unknowns []FindingRef `json:"-"`
	// Grantable counts the unknown findings that name missing actions: the
	// ones granting MissingActions would let the check judge. Others are
	// unknown for reasons a grant does not fix (throttling, time-outs, no
	// endpoint, a region-wide denial, a read the check could not make sense of).
	Grantable int `json:"-"`
}

// FindingRef names one finding's resource and message.
type FindingRef struct {
	Account  string `json:"account"`
	Region   string `json:"region"` // "" for account-wide findings
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// Summarize builds the evidence summary of a run; nil when there is no run.
// Checks are ordered by failing first (most severe first), then by id.
func Summarize(e *Evidence) *EvidenceSummary {
	if e == nil {
		return nil
	}
	byID := map[string]checks.Check{}
	for _, c := range e.Checks {
		byID[c.ID] = c
	}
	s := &EvidenceSummary{
		RunID: e.RunID, ObservedAt: e.ObservedAt.UTC(), Accounts: nonNil(e.Accounts), Regions: nonNil(e.Regions), Error: e.Error,
		Findings: map[string]int{"pass": 0, "fail": 0, "unknown": 0, "error": 0}, ActionsToGrant: []string{},
		Checks: []CheckEvidence{},
	}
	per := map[string]*CheckEvidence{}
	grant := map[string]bool{}
	fs := append([]checks.Finding(nil), e.Findings...)
	checks.SortFindings(fs)
	for _, f := range fs {
		s.Findings[string(f.Status)]++
		ce := per[f.CheckID]
		if ce == nil {
			c := byID[f.CheckID]
			ce = &CheckEvidence{Check: f.CheckID, Title: c.Title, Severity: c.Severity}
			per[f.CheckID] = ce
		}
		ref := FindingRef{Account: f.Account, Region: f.Region, Resource: f.Resource, Message: f.Message}
		switch f.Status {
		case checks.Pass:
			ce.Pass++
		case checks.Fail:
			ce.Fail++
			ce.Failing = append(ce.Failing, ref)
		case checks.Unknown:
			ce.Unknown++
			ce.Unjudged = append(ce.Unjudged, ref)
			ce.Unknowns = append(ce.Unknowns, ref)
			if len(f.Actions) > 0 {
				ce.Grantable++
			}
			for _, a := range f.Actions {
				grant[a] = true
				if !slices.Contains(ce.MissingActions, a) {
					ce.MissingActions = append(ce.MissingActions, a)
				}
			}
		default:
			ce.Error++
			ce.Unjudged = append(ce.Unjudged, ref)
		}
	}
	for _, ce := range per {
		sort.Strings(ce.MissingActions)
		s.Checks = append(s.Checks, *ce)
	}
	sort.Slice(s.Checks, func(i, j int) bool {
		a, b := s.Checks[i], s.Checks[j]
		if (a.Fail > 0) != (b.Fail > 0) {
			return a.Fail > 0
		}
		if a.Fail > 0 && a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		return a.Check < b.Check
	})
	for a := range grant {
		s.ActionsToGrant = append(s.ActionsToGrant, a)
	}
	sort.Strings(s.ActionsToGrant)
	return s
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// RegionLabel shows a finding's region for people: "global" for an
// account-wide finding (region ""), the region name otherwise.
func RegionLabel(r string) string {
	if r == "" {
		return "global"
	}
	return r
}

// refLine renders a finding as escaped inline Markdown.
func refLine(r FindingRef) string {
	return fmt.Sprintf("%s %s: %s — %s", EscapeMarkdown(r.Account), EscapeMarkdown(RegionLabel(r.Region)),
		EscapeMarkdown(r.Resource), EscapeMarkdown(r.Message))
}

// failingList renders at most n failing resources of a contradiction, escaped,
// with "and N more" for the rest.
func failingList(fs []review.FailingResource, n int) string {
	var parts []string
	for i, f := range fs {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(fs)-n))
			break
		}
		parts = append(parts, EscapeMarkdown(f.Check)+" on "+EscapeMarkdown(f.Resource))
	}
	return strings.Join(parts, "; ")
}

// joinEscaped escapes each value and joins them with sep.
func joinEscaped(ss []string, sep string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = EscapeMarkdown(s)
	}
	return strings.Join(out, sep)
}

package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// findingSources are the event sources that carry security findings.
var findingSources = []string{"aws.guardduty", "aws.securityhub", "aws.inspector2", "aws.access-analyzer"}

func init() {
	register(Check{
		ID: "events.findings-routing", Title: "Security findings are routed to a target", Service: "events",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC04-BP03", "SEC04-BP04", "SEC10-BP06"},
		Needs:       []string{"events:ListRules", "events:ListTargetsByRule"},
		Risk:        "Findings that only sit in a console are seen when someone happens to look, which can be days after an attack began.",
		Remediation: "Add an EventBridge rule for GuardDuty, Security Hub, Inspector or Access Analyzer findings that sends them to your alerting or ticketing target.",
		Eval:        eventsFindingsRouting,
	})
}

// patternSources returns the finding sources an EventBridge event pattern
// matches. It reads the pattern's "source" field (plain values and prefix
// matchers); a pattern that is not JSON is searched as text.
func patternSources(pattern string) []string {
	var p struct {
		Source []json.RawMessage `json:"source"`
	}
	if err := json.Unmarshal([]byte(pattern), &p); err != nil {
		var out []string
		for _, s := range findingSources {
			if strings.Contains(pattern, s) {
				out = append(out, s)
			}
		}
		return out
	}
	set := map[string]bool{}
	for _, raw := range p.Source {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if slices.Contains(findingSources, s) {
				set[s] = true
			}
			continue
		}
		var m struct {
			Prefix *string `json:"prefix"`
		}
		if json.Unmarshal(raw, &m) == nil && m.Prefix != nil {
			for _, want := range findingSources {
				if strings.HasPrefix(want, *m.Prefix) {
					set[want] = true
				}
			}
		}
	}
	return mapKeys(set)
}

func eventsFindingsRouting(v View) []Result {
	res := svcUnit("events", v)
	var idle []string
	for _, r := range v.Region.EventRules {
		src := patternSources(r.EventPattern)
		if len(src) == 0 {
			continue
		}
		if r.State == "ENABLED" && r.Targets > 0 {
			return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"rule": r.Name, "sources": src, "targets": r.Targets},
				Message: fmt.Sprintf("EventBridge rule %s routes %s findings to a target in region %s of account %s.", r.Name, strings.Join(src, ", "), v.Region.Name, v.Account.ID)}}
		}
		idle = append(idle, r.Name)
	}
	ev := map[string]any{"rules": len(v.Region.EventRules)}
	msg := fmt.Sprintf("No EventBridge rule in region %s of account %s routes security findings to a target.", v.Region.Name, v.Account.ID)
	if len(idle) > 0 {
		ev["disabled_or_untargeted"] = idle
		verb := "matches findings but is disabled or has no target"
		if len(idle) > 1 {
			verb = "match findings but are disabled or have no target"
		}
		msg = fmt.Sprintf("No enabled EventBridge rule with a target routes security findings in region %s of account %s (%s %s).", v.Region.Name, v.Account.ID, joinAnd(idle), verb)
	}
	return []Result{{Resource: res, Status: Fail, Evidence: ev, Message: msg}}
}

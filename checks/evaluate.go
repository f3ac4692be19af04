package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Evaluate runs the checks over every account (and, for regional checks,
// every region) of the inventory and returns their findings, sorted by
// account, check, region and resource. It is pure: the same inventory, checks
// and time give the same findings.
//
// A check whose Needs meet a gap the collector recorded for the whole account
// or region reports one unknown finding naming the missing actions instead of
// judging partial data. A gap for one resource turns only that resource's
// result into unknown.
func Evaluate(inv *Inventory, cs []Check, runID string, now time.Time) []Finding {
	var out []Finding
	for ai := range inv.Accounts {
		acct := &inv.Accounts[ai]
		for _, c := range cs {
			if c.Scope == Regional {
				for ri := range acct.Regions {
					r := &acct.Regions[ri]
					out = append(out, evalUnit(c, acct, r, r.Name, runID, now, inv.Partition)...)
				}
				continue
			}
			out = append(out, evalUnit(c, acct, nil, "", runID, now, inv.Partition)...)
		}
	}
	SortFindings(out)
	return out
}

// SortFindings orders findings by account, check, region and resource.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Resource < b.Resource
	})
}

// gapsFor returns the gaps that stop or qualify a check in one account unit:
// whole-unit gaps and per-resource gaps, each only for actions the check needs.
func gapsFor(c Check, acct *Account, region string) (unit, resource []Gap) {
	for _, g := range acct.Gaps {
		if g.Action != "*" && !slices.Contains(c.Needs, g.Action) {
			continue
		}
		if region == "" {
			if g.Region != "" && g.Region != acct.HomeRegion {
				continue
			}
		} else if g.Region != region {
			continue
		}
		if g.Resource == "" {
			unit = append(unit, g)
		} else {
			resource = append(resource, g)
		}
	}
	return unit, resource
}

func evalUnit(c Check, acct *Account, r *Region, region, runID string, now time.Time, partition string) []Finding {
	base := Finding{RunID: runID, CheckID: c.ID, Account: acct.ID, Region: region, ObservedAt: now.UTC()}
	unit, byResource := gapsFor(c, acct, region)
	if len(unit) > 0 {
		f := base
		f.Status = Unknown
		f.Resource = unitResource(acct, region)
		f.Actions = deniedActions(unit)
		f.Message = gapMessage(unit, gapActions(unit, c.Needs))
		f.Evidence = mustJSON(map[string]any{"gaps": unit})
		return []Finding{f}
	}
	results := safeEval(c, View{Account: acct, Region: r, Now: now, Partition: partition})
	var out []Finding
	seen := map[string]bool{}
	for _, res := range results {
		f := base
		f.Status, f.Resource, f.Message = res.Status, res.Resource, res.Message
		if res.Status != Unknown {
			f.Actions = append([]string(nil), c.Needs...)
		} else {
			f.Actions = append([]string(nil), res.Actions...)
		}
		if res.Evidence != nil {
			f.Evidence = mustJSON(res.Evidence)
		}
		if gs := matching(byResource, res.Resource); len(gs) > 0 {
			f.Status = Unknown
			f.Actions = deniedActions(gs)
			f.Message = gapMessage(gs, gapActions(gs, c.Needs))
			f.Evidence = mustJSON(map[string]any{"gaps": gs})
		}
		seen[res.Resource] = true
		out = append(out, f)
	}
	for _, g := range byResource {
		if seen[g.Resource] {
			continue
		}
		seen[g.Resource] = true
		gs := matching(byResource, g.Resource)
		f := base
		f.Status = Unknown
		f.Resource = g.Resource
		f.Actions = deniedActions(gs)
		f.Message = gapMessage(gs, gapActions(gs, c.Needs))
		f.Evidence = mustJSON(map[string]any{"gaps": gs})
		out = append(out, f)
	}
	return out
}

// safeEval runs a check's function; a panic becomes one error finding so one
// faulty check cannot end a run.
func safeEval(c Check, v View) (rs []Result) {
	defer func() {
		if p := recover(); p != nil {
			rs = []Result{{
				Resource: unitResource(v.Account, regionName(v.Region)),
				Status:   Error,
				Message:  fmt.Sprintf("check %s failed: %v", c.ID, p),
			}}
		}
	}()
	if c.Eval == nil {
		return nil
	}
	return c.Eval(v)
}

func regionName(r *Region) string {
	if r == nil {
		return ""
	}
	return r.Name
}

// unitResource names an account (global) or an account's region as a resource.
func unitResource(acct *Account, region string) string {
	if region == "" {
		return "account/" + acct.ID
	}
	return "account/" + acct.ID + "/" + region
}

func matching(gs []Gap, resource string) []Gap {
	var out []Gap
	for _, g := range gs {
		if g.Resource == resource {
			out = append(out, g)
		}
	}
	return out
}

// gapActions lists the missing actions; a region-wide gap ("*") stands for
// every action the check needs.
func gapActions(gs []Gap, needs []string) []string {
	set := map[string]bool{}
	for _, g := range gs {
		if g.Action == "*" {
			for _, n := range needs {
				set[n] = true
			}
			continue
		}
		set[g.Action] = true
	}
	return mapKeys(set)
}

// deniedActions lists the actions a grant would fix: those refused with
// AccessDenied for this account or resource. Throttling, time-outs, regions
// that are not enabled and region-wide denials (usually an SCP) are not
// solved by granting, so they name no action.
func deniedActions(gs []Gap) []string {
	set := map[string]bool{}
	for _, g := range gs {
		if g.Code == GapAccessDenied && g.Action != "*" && g.Action != "" {
			set[g.Action] = true
		}
	}
	return mapKeys(set)
}

func gapMessage(gs []Gap, actions []string) string {
	codes := map[string]bool{}
	var cs []string
	for _, g := range gs {
		if !codes[g.Code] {
			codes[g.Code] = true
			cs = append(cs, g.Code)
		}
	}
	sort.Strings(cs)
	return fmt.Sprintf("Not judged: could not read %s (%s).", strings.Join(actions, ", "), strings.Join(cs, ", "))
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return b
}

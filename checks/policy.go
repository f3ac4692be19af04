package checks

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Policy is a parsed IAM policy document (identity, resource, trust or key
// policy). Single values and lists are both accepted where AWS accepts both.
type Policy struct {
	Statements []Statement
}

// Statement is one statement of a policy.
type Statement struct {
	Sid       string
	Effect    string // Allow or Deny
	Principal Principal
	Actions   []string
	NotAction []string
	Resources []string
	// Conditions maps operator → condition key → values, e.g.
	// "Bool" → "aws:SecureTransport" → ["false"]. Keys keep AWS's case.
	Conditions map[string]map[string][]string
}

// Principal is a statement's principal: Any for "*" (or {"AWS": "*"}), else
// the listed principals by type (AWS, Service, Federated, CanonicalUser).
type Principal struct {
	Any bool
	IDs map[string][]string
}

// ParsePolicy parses a policy document.
func ParsePolicy(doc string) (Policy, error) {
	var raw struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return Policy{}, fmt.Errorf("parse policy: %w", err)
	}
	var list []json.RawMessage
	if len(raw.Statement) > 0 && raw.Statement[0] == '[' {
		if err := json.Unmarshal(raw.Statement, &list); err != nil {
			return Policy{}, fmt.Errorf("parse policy statements: %w", err)
		}
	} else if len(raw.Statement) > 0 {
		list = []json.RawMessage{raw.Statement}
	}
	var p Policy
	for i, r := range list {
		var s struct {
			Sid       string
			Effect    string
			Principal json.RawMessage
			Action    json.RawMessage
			NotAction json.RawMessage
			Resource  json.RawMessage
			Condition map[string]map[string]json.RawMessage
		}
		if err := json.Unmarshal(r, &s); err != nil {
			return Policy{}, fmt.Errorf("parse policy statement %d: %w", i+1, err)
		}
		st := Statement{Sid: s.Sid, Effect: s.Effect, Actions: strList(s.Action), NotAction: strList(s.NotAction), Resources: strList(s.Resource)}
		st.Principal = parsePrincipal(s.Principal)
		if len(s.Condition) > 0 {
			st.Conditions = map[string]map[string][]string{}
			for op, kv := range s.Condition {
				m := map[string][]string{}
				for k, v := range kv {
					m[k] = strList(v)
				}
				st.Conditions[op] = m
			}
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

// strList reads a JSON string, list of strings, or scalar as strings.
func strList(r json.RawMessage) []string {
	if len(r) == 0 || string(r) == "null" {
		return nil
	}
	var one string
	if err := json.Unmarshal(r, &one); err == nil {
		return []string{one}
	}
	var many []any
	if err := json.Unmarshal(r, &many); err == nil {
		out := make([]string, 0, len(many))
		for _, v := range many {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	var scalar any
	if err := json.Unmarshal(r, &scalar); err == nil {
		return []string{fmt.Sprint(scalar)}
	}
	return nil
}

func parsePrincipal(r json.RawMessage) Principal {
	if len(r) == 0 {
		return Principal{}
	}
	var s string
	if err := json.Unmarshal(r, &s); err == nil {
		return Principal{Any: s == "*"}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r, &m); err != nil {
		return Principal{}
	}
	p := Principal{IDs: map[string][]string{}}
	for k, v := range m {
		ids := strList(v)
		p.IDs[k] = ids
		if k == "AWS" {
			for _, id := range ids {
				if id == "*" {
					p.Any = true
				}
			}
		}
	}
	return p
}

// Allows reports whether the statement is an Allow.
func (s Statement) Allows() bool { return strings.EqualFold(s.Effect, "Allow") }

// MatchesAction reports whether the statement's Action covers action (IAM
// wildcards, case-insensitive), or its NotAction leaves it in.
func (s Statement) MatchesAction(action string) bool {
	if len(s.NotAction) > 0 {
		return !anyMatch(s.NotAction, action)
	}
	return anyMatch(s.Actions, action)
}

// HasCondition reports whether any condition uses one of the given keys
// (case-insensitive), under any operator.
func (s Statement) HasCondition(keys ...string) bool {
	for _, kv := range s.Conditions {
		for k := range kv {
			for _, want := range keys {
				if strings.EqualFold(k, want) {
					return true
				}
			}
		}
	}
	return false
}

// ConditionValues returns the values of a condition key under an operator
// (both case-insensitive).
func (s Statement) ConditionValues(operator, key string) []string {
	for op, kv := range s.Conditions {
		if !strings.EqualFold(op, operator) {
			continue
		}
		for k, v := range kv {
			if strings.EqualFold(k, key) {
				return v
			}
		}
	}
	return nil
}

// AccountIDs returns the 12-digit account ids named as AWS principals,
// from plain ids and from ARNs, sorted and unique.
func (p Principal) AccountIDs() []string {
	set := map[string]bool{}
	for _, id := range p.IDs["AWS"] {
		switch {
		case len(id) == 12 && isDigits(id):
			set[id] = true
		case strings.HasPrefix(id, "arn:"):
			parts := strings.Split(id, ":")
			if len(parts) > 4 && len(parts[4]) == 12 {
				set[parts[4]] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func anyMatch(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(s)); ok {
			return true
		}
	}
	return false
}

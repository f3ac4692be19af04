package checks

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
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
		if k == "AWS" && slices.Contains(ids, "*") {
			p.Any = true
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

// HasRestrictingCondition reports whether a condition on one of keys
// (case-insensitive) limits the statement to callers that carry an expected
// value. A condition does not restrict when its operator ends in IfExists or
// starts with ForAllValues: (both hold when the key is absent), when it is a
// Null test, when it is negated (StringNotEquals, ArnNotLike, …: it admits
// every other value), or when every value is only wildcards ("*").
func (s Statement) HasRestrictingCondition(keys ...string) bool {
	for op, kv := range s.Conditions {
		if !restrictingOperator(op) {
			continue
		}
		for k, vals := range kv {
			if !slices.ContainsFunc(keys, func(want string) bool { return strings.EqualFold(want, k) }) {
				continue
			}
			if slices.ContainsFunc(vals, func(val string) bool { return strings.Trim(val, "*") != "" }) {
				return true
			}
		}
	}
	return false
}

// restrictingOperator reports whether a condition operator can only hold when
// its key is present with one of the listed values.
func restrictingOperator(op string) bool {
	lop := strings.ToLower(op)
	if strings.HasPrefix(lop, "forallvalues:") {
		return false
	}
	lop = strings.TrimPrefix(lop, "foranyvalue:")
	return !strings.HasSuffix(lop, "ifexists") && lop != "null" && !strings.Contains(lop, "not")
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
			if acct := arnAccount(id); len(acct) == 12 {
				set[acct] = true
			}
		}
	}
	return mapKeys(set)
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
	return slices.ContainsFunc(patterns, func(p string) bool {
		ok, _ := path.Match(strings.ToLower(p), strings.ToLower(s))
		return ok
	})
}

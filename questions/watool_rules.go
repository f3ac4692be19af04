package questions

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// waCond is a parsed risk rule condition.
type waCond interface {
	eval(selected map[string]bool) bool
	// evalNA evaluates with choices marked not applicable, which are
	// neutral (see waTri).
	evalNA(selected, na map[string]bool) waTri
}

// waTri is a condition's value when choices can be not applicable. The WA
// Tool treats a not-applicable choice as neutral: true inside &&, false
// inside ||. A neutral operand therefore leaves the other operand's value,
// an expression of neutral operands only is neutral (so is its negation),
// and a whole condition that is neutral holds.
type waTri int8

const (
	waFalse waTri = iota
	waTrue
	waNeutral
)

func waTriOf(b bool) waTri {
	if b {
		return waTrue
	}
	return waFalse
}

func (waAlways) evalNA(map[string]bool, map[string]bool) waTri { return waTrue }

func (c waIdent) evalNA(s, na map[string]bool) waTri {
	if na[string(c)] {
		return waNeutral
	}
	return waTriOf(s[string(c)])
}

func (c waNot) evalNA(s, na map[string]bool) waTri {
	switch c.x.evalNA(s, na) {
	case waTrue:
		return waFalse
	case waFalse:
		return waTrue
	}
	return waNeutral
}

func (c waAnd) evalNA(s, na map[string]bool) waTri {
	l, r := c.l.evalNA(s, na), c.r.evalNA(s, na)
	switch {
	case l == waNeutral:
		return r
	case r == waNeutral:
		return l
	}
	return waTriOf(l == waTrue && r == waTrue)
}

func (c waOr) evalNA(s, na map[string]bool) waTri {
	l, r := c.l.evalNA(s, na), c.r.evalNA(s, na)
	switch {
	case l == waNeutral:
		return r
	case r == waNeutral:
		return l
	}
	return waTriOf(l == waTrue || r == waTrue)
}

type (
	waAlways struct{} // the literal default
	waIdent  string
	waNot    struct{ x waCond }
	waAnd    struct{ l, r waCond }
	waOr     struct{ l, r waCond }
)

func (waAlways) eval(map[string]bool) bool    { return true }
func (c waIdent) eval(s map[string]bool) bool { return s[string(c)] }
func (c waNot) eval(s map[string]bool) bool   { return !c.x.eval(s) }
func (c waAnd) eval(s map[string]bool) bool   { return c.l.eval(s) && c.r.eval(s) }
func (c waOr) eval(s map[string]bool) bool    { return c.l.eval(s) || c.r.eval(s) }
func isWAIdentByte(b byte) bool               { return b == '_' || isAlnum(b) }
func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// waCondParser is a recursive-descent parser for risk rule conditions:
//
//	or      = and { "||" and }
//	and     = unary { "&&" unary }
//	unary   = "!" unary | primary
//	primary = "(" or ")" | choice-id
//
// or the literal default as the whole condition.
type waCondParser struct {
	src    string
	pos    int    // next byte to read
	tok    string // current token; "" at the end
	tokPos int    // byte offset of tok
	idents []string
}

// errorf is an error at the current token's position (1-based).
func (p *waCondParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at character %d: %s", p.tokPos+1, fmt.Sprintf(format, args...))
}

// parseWACondition parses a risk rule condition and returns it with the
// choice ids it names, in order of appearance.
func parseWACondition(s string) (waCond, []string, error) {
	if strings.TrimSpace(s) == waDefaultCond {
		return waAlways{}, nil, nil
	}
	p := &waCondParser{src: s}
	if err := p.next(); err != nil {
		return nil, nil, err
	}
	if p.tok == "" {
		return nil, nil, fmt.Errorf("empty condition; write choice ids joined with &&, ||, ! and parentheses, or %s", waDefaultCond)
	}
	c, err := p.or()
	if err != nil {
		return nil, nil, err
	}
	if p.tok != "" {
		return nil, nil, p.errorf("expected &&, || or the end of the condition, found %q", p.tok)
	}
	return c, p.idents, nil
}

// next reads the next token into p.tok.
func (p *waCondParser) next() error {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
	p.tokPos = p.pos
	if p.pos >= len(p.src) {
		p.tok = ""
		return nil
	}
	rest := p.src[p.pos:]
	switch {
	case strings.HasPrefix(rest, "&&"), strings.HasPrefix(rest, "||"):
		p.tok = rest[:2]
	case rest[0] == '!' || rest[0] == '(' || rest[0] == ')':
		p.tok = rest[:1]
	case rest[0] == '&' || rest[0] == '|':
		return p.errorf("%q is not an operator; use && or ||", rest[:1])
	case isWAIdentByte(rest[0]):
		n := 0
		for n < len(rest) && isWAIdentByte(rest[n]) {
			n++
		}
		p.tok = rest[:n]
	default:
		r, _ := utf8.DecodeRuneInString(rest)
		return p.errorf("unexpected %q; a condition holds only choice ids, &&, ||, ! and parentheses", r)
	}
	p.pos += len(p.tok)
	return nil
}

func (p *waCondParser) or() (waCond, error) {
	return p.binary("||", p.and, func(l, r waCond) waCond { return waOr{l, r} })
}

func (p *waCondParser) and() (waCond, error) {
	return p.binary("&&", p.unary, func(l, r waCond) waCond { return waAnd{l, r} })
}

// binary parses operands joined by op, left to right: operand (op operand)*.
func (p *waCondParser) binary(op string, operand func() (waCond, error), join func(l, r waCond) waCond) (waCond, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for p.tok == op {
		if err := p.next(); err != nil {
			return nil, err
		}
		r, err := operand()
		if err != nil {
			return nil, err
		}
		l = join(l, r)
	}
	return l, nil
}

func (p *waCondParser) unary() (waCond, error) {
	switch {
	case p.tok == "!":
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return waNot{x}, nil
	case p.tok == "(":
		open := p.tokPos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.tok != ")" {
			if p.tok == "" {
				return nil, fmt.Errorf("at character %d: the ( is never closed; add a )", open+1)
			}
			return nil, p.errorf("expected ) to close the ( at character %d, found %q", open+1, p.tok)
		}
		return x, p.next()
	case p.tok == "":
		return nil, p.errorf("the condition ends early; expected a choice id, ! or (")
	case isWAIdentByte(p.tok[0]):
		if p.tok == waDefaultCond {
			return nil, p.errorf("%s stands alone as the whole condition of the last rule", waDefaultCond)
		}
		id := p.tok
		p.idents = append(p.idents, id)
		return waIdent(id), p.next()
	}
	return nil, p.errorf("expected a choice id, ! or (, found %q", p.tok)
}

// Risk evaluates the question's risk rules for the selected choice ids as
// the WA Tool does: the risk (HIGH_RISK, MEDIUM_RISK or NO_RISK) of the
// first rule whose condition holds.
func (q WAToolQuestion) Risk(selected map[string]bool) (string, error) {
	rules, err := parseWARules(q.RiskRules)
	if err != nil {
		return "", fmt.Errorf("question %s: %w", q.ID, err)
	}
	if r := evalWARules(rules, selected); r != "" {
		return r, nil
	}
	return "", fmt.Errorf("question %s: no risk rule holds and there is no default rule", q.ID)
}

// WARisk evaluates the risk rules kept from a Well-Architected Tool custom
// lens (q.WA.RiskRules) as the WA Tool does and returns the risk of the
// first rule that holds: HIGH_RISK, MEDIUM_RISK or NO_RISK. A choice is
// selected when selected says so for its practice, and neutral (see the
// WA Tool's not-applicable choices) when notApplicable does; a choice id
// that names no practice, such as "None of these", is never selected. ok
// is false when the question kept no rules, or the rules do not parse or
// give no risk.
func (q Question) WARisk(selected, notApplicable func(practiceID string) bool) (risk string, ok bool) {
	if q.WA == nil || len(q.WA.RiskRules) == 0 {
		return "", false
	}
	rules, err := parseWARules(q.WA.RiskRules)
	if err != nil {
		return "", false
	}
	sel, na := map[string]bool{}, map[string]bool{}
	for _, p := range q.Practices {
		id := p.WAChoiceID
		if id == "" {
			id = p.ID
		}
		sel[id] = selected(p.ID)
		na[id] = notApplicable(p.ID)
	}
	for _, r := range rules {
		if r.cond.evalNA(sel, na) != waFalse {
			return r.risk, true
		}
	}
	return "", false
}

// waRuleLine is where one rule of a question's wa.risk_rules is in a lens
// file: the rule, its condition and its risk (0 when unknown).
type waRuleLine struct{ rule, condition, risk int }

// waRuleLines finds the lines of the rules under wa.risk_rules of a
// question's YAML node.
func waRuleLines(qn *yaml.Node) []waRuleLine {
	rs := yamlnode.ValueOf(yamlnode.ValueOf(qn, "wa"), "risk_rules")
	if rs == nil || rs.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]waRuleLine, len(rs.Content))
	for i, rn := range rs.Content {
		out[i].rule = rn.Line
		if c := yamlnode.ValueOf(rn, "condition"); c != nil {
			out[i].condition = c.Line
		}
		if r := yamlnode.ValueOf(rn, "risk"); r != nil {
			out[i].risk = r.Line
		}
	}
	return out
}

// checkKeptRules checks the risk rules a question kept from a
// Well-Architected Tool custom lens (wa.risk_rules), which scoring uses in
// place of the practices' risk levels: each condition parses and names
// only choices of the question (its practices' WA choice ids and its None
// of these choice), each risk is a WA risk, and exactly one rule, the last,
// has the condition default. lines are where the rules are in the file.
func checkKeptRules(q *Question, lines []waRuleLine, add func(line int, field, format string, args ...any)) {
	if q.WA == nil || len(q.WA.RiskRules) == 0 {
		return
	}
	qf := "question " + q.ID
	if q.ID == "" {
		qf = "question"
	}
	lineOf := func(i int, pick func(waRuleLine) int) int {
		if i < len(lines) {
			if l := pick(lines[i]); l > 0 {
				return l
			}
			return lines[i].rule
		}
		return q.line
	}
	var choices []string
	for _, p := range q.Practices {
		choices = append(choices, orDefault(p.WAChoiceID, p.ID))
	}
	switch {
	case q.WA.WithoutNoneChoice:
	case q.WA.NoneChoice != nil:
		choices = append(choices, q.WA.NoneChoice.ID)
	default:
		none := orDefault(q.WAQuestionID, q.ID) + waNoneSuffix
		choices = append(choices, none)
		if s := sanitizeWAID(none); s != none {
			choices = append(choices, s)
		}
	}
	rules := q.WA.RiskRules
	defaults := 0
	for i, r := range rules {
		rf := fmt.Sprintf("%s.wa.risk_rules[%d]", qf, i)
		if !contains(waRisks, r.Risk) {
			add(lineOf(i, func(l waRuleLine) int { return l.risk }), rf+".risk", "%q is not a risk; use %s", r.Risk, strings.Join(waRisks, ", "))
		}
		cline := lineOf(i, func(l waRuleLine) int { return l.condition })
		cond, idents, err := parseWACondition(r.Condition)
		switch {
		case err != nil:
			add(cline, rf+".condition", "%q does not parse: %v", r.Condition, err)
		case cond == waAlways{}:
			defaults++
			if defaults > 1 {
				add(cline, rf+".condition", "a second default rule; keep one, as the last rule")
			} else if i != len(rules)-1 {
				add(cline, rf+".condition", "the default rule is not the last one, so the rules after it never apply; move it to the end")
			}
		default:
			seen := map[string]bool{}
			for _, id := range idents {
				if !seen[id] && !slices.Contains(choices, id) {
					add(cline, rf+".condition", "%q is not a choice of this question; its choices are %s (a practice's wa_choice_id, else its id)",
						id, strings.Join(choices, ", "))
				}
				seen[id] = true
			}
		}
	}
	if defaults == 0 {
		add(lineOf(len(rules)-1, func(l waRuleLine) int { return l.rule }), qf+".wa.risk_rules",
			"no rule has the condition default, so some answers would get no risk; add a last rule with condition: default and its risk")
	}
}

// waRule is a parsed risk rule.
type waRule struct {
	cond waCond
	risk string
}

// parseWARules parses the rules of a question that passed validation.
func parseWARules(rules []WARiskRule) ([]waRule, error) {
	out := make([]waRule, 0, len(rules))
	for i, r := range rules {
		c, _, err := parseWACondition(r.Condition)
		if err != nil {
			return nil, fmt.Errorf("risk rule %d: %w", i+1, err)
		}
		out = append(out, waRule{c, r.Risk})
	}
	return out, nil
}

// evalWARules returns the risk of the first rule whose condition holds.
func evalWARules(rules []waRule, selected map[string]bool) string {
	for _, r := range rules {
		if r.cond.eval(selected) {
			return r.risk
		}
	}
	return ""
}

// waRulesFor writes the risk rules that give warroom's question risk for
// choices of the given risk levels: NO_RISK when every high and medium
// choice is selected, MEDIUM_RISK when every high one is (only when there
// are both), else the worst level as default. noneID ("" for none) guards
// the rules against "None of these".
func waRulesFor(ids []string, levels []Risk, noneID string) []WARiskRule {
	var high, needed []string
	for i, id := range ids {
		switch levels[i] {
		case High:
			high = append(high, id)
			needed = append(needed, id)
		case Medium:
			needed = append(needed, id)
		}
	}
	if len(needed) == 0 {
		return []WARiskRule{{Condition: waDefaultCond, Risk: WANoRisk}}
	}
	all := func(ids []string) string {
		c := strings.Join(ids, " && ")
		if noneID != "" {
			c += " && !" + noneID
		}
		return c
	}
	rules := []WARiskRule{{Condition: all(needed), Risk: WANoRisk}}
	if len(high) > 0 && len(high) < len(needed) {
		rules = append(rules, WARiskRule{Condition: all(high), Risk: WAMediumRisk})
	}
	def := WAMediumRisk
	if len(high) > 0 {
		def = WAHighRisk
	}
	return append(rules, WARiskRule{Condition: waDefaultCond, Risk: def})
}

// waLevels derives a risk level per choice from a question's rules: the
// rules' result with every choice selected but that one ("None of these"
// unselected); HIGH_RISK is high, MEDIUM_RISK medium, NO_RISK low.
func waLevels(ids []string, rules []waRule) []Risk {
	levels := make([]Risk, len(ids))
	for i := range ids {
		sel := map[string]bool{}
		for j, id := range ids {
			sel[id] = j != i
		}
		switch evalWARules(rules, sel) {
		case WAHighRisk:
			levels[i] = High
		case WAMediumRisk:
			levels[i] = Medium
		default:
			levels[i] = Low
		}
	}
	return levels
}

// warroomRisk is warroom's question risk as a WA risk: HIGH_RISK when a
// high-risk practice is not selected, else MEDIUM_RISK when a medium one is
// not, else NO_RISK.
func warroomRisk(levels []Risk, selected []bool) string {
	risk := WANoRisk
	for i, l := range levels {
		if selected[i] {
			continue
		}
		switch l {
		case High:
			return WAHighRisk
		case Medium:
			risk = WAMediumRisk
		}
	}
	return risk
}

// waMismatch compares the rules with warroom's rule over levels for every
// selection of the choices ("None of these" unselected) and describes the
// first selection where they differ; "" when they agree everywhere.
func waMismatch(ids []string, levels []Risk, rules []waRule) string {
	n := len(ids)
	for mask := 0; mask < 1<<n; mask++ {
		sel := map[string]bool{}
		picked := make([]bool, n)
		var names []string
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				sel[id], picked[i] = true, true
				names = append(names, id)
			}
		}
		wa, wr := evalWARules(rules, sel), warroomRisk(levels, picked)
		if wa != wr {
			return fmt.Sprintf("with %s the WA Tool says %s, the practices' risk levels alone give %s",
				describeSelection(names), waRiskWord(wa), strings.ToLower(waRiskWord(wr)))
		}
	}
	return ""
}

func describeSelection(names []string) string {
	switch len(names) {
	case 0:
		return "nothing selected"
	case 1:
		return "only " + names[0] + " selected"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " selected"
}

// waRiskWord is a question risk as the WA Tool shows it: HIGH, MEDIUM, NONE.
func waRiskWord(r string) string {
	switch r {
	case WAHighRisk:
		return "HIGH"
	case WAMediumRisk:
		return "MEDIUM"
	case WANoRisk:
		return "NONE"
	}
	return r
}

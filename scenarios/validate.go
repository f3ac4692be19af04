package scenarios

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/yamlnode"
	"github.com/warroom/warroom/questions"
)

// Limits on the shape of a scenario file: enough injects for the story to
// move and few enough to finish in a session, and a handful of questions
// per inject so the room can answer each one.
const (
	maxRoles           = 8
	minInjects         = 4
	maxInjects         = 8
	minInjectQuestions = 2
	maxInjectQuestions = 4
	maxTimeboxMin      = 60
)

// nounCount writes n with the noun, singular for one: "1 inject", "3 injects".
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// scenarioSlug is the form of every id in a scenario file.
var scenarioSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// injectAt is an inject's offset: T+0, or days, hours and minutes in that
// order (T+15m, T+1h30m, T+2d).
var injectAt = regexp.MustCompile(`^T\+(?:0|(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?)$`)

// maxInjectDays caps an inject's offset: a tabletop spans at most a year.
const maxInjectDays = 365

// parseInjectAt parses an inject's at. The error says what to write
// instead: the form is T+0 or days, hours and minutes in that order; hours
// stay under 24 when days are given, minutes under 60 when hours or days
// are; the whole offset is at most maxInjectDays days.
func parseInjectAt(at string) (time.Duration, error) {
	at = strings.TrimSpace(at)
	m := injectAt.FindStringSubmatch(at)
	if m == nil || (m[0] != "T+0" && m[1] == "" && m[2] == "" && m[3] == "") {
		return 0, fmt.Errorf("%q is not a time offset; write T+0, T+15m, T+1h30m or T+2d", at)
	}
	const maxMinutes = maxInjectDays * 24 * 60
	var n [3]int64 // days, hours, minutes
	for i := range n {
		if m[i+1] == "" {
			continue
		}
		v, err := strconv.ParseInt(m[i+1], 10, 64)
		if err != nil || v > maxMinutes {
			return 0, fmt.Errorf("%q is more than %d days into the incident; keep offsets within %d days", at, maxInjectDays, maxInjectDays)
		}
		n[i] = v
	}
	days, hours, mins := n[0], n[1], n[2]
	total := (days*24+hours)*60 + mins
	if total > maxMinutes {
		return 0, fmt.Errorf("%q is more than %d days into the incident; keep offsets within %d days", at, maxInjectDays, maxInjectDays)
	}
	switch {
	case m[1] != "" && hours >= 24:
		return 0, fmt.Errorf("%q: hours must be under 24 when days are given; write it as %s", at, formatInjectAt(total))
	case (m[1] != "" || m[2] != "") && mins >= 60:
		return 0, fmt.Errorf("%q: minutes must be under 60 when hours or days are given; write it as %s", at, formatInjectAt(total))
	}
	return time.Duration(total) * time.Minute, nil
}

// formatInjectAt writes an offset of total minutes in the canonical form:
// T+0, T+2d, T+1h30m, T+1d2h5m.
func formatInjectAt(total int64) string {
	if total == 0 {
		return "T+0"
	}
	out := "T+"
	if d := total / (24 * 60); d > 0 {
		out += fmt.Sprintf("%dd", d)
	}
	if h := total / 60 % 24; h > 0 {
		out += fmt.Sprintf("%dh", h)
	}
	if mi := total % 60; mi > 0 {
		out += fmt.Sprintf("%dm", mi)
	}
	return out
}

// narrativeSlots returns the placeholder names in a narrative, in order,
// and the first problem when braces are unbalanced or a placeholder is not
// a probe-id shape. {{ and }} are literal braces. Character offsets count
// characters, not bytes. It reads braces as fillPlaceholders does.
func narrativeSlots(text string) ([]string, string) {
	var names []string
	bad := ""
	for _, tok := range braceTokens(text) {
		switch {
		case bad != "" && tok.kind != tokPlaceholder:
		case tok.kind == tokOpen:
			bad = fmt.Sprintf("a { at character %d is not closed; write {probe-id} for a placeholder or {{ for a literal brace", tok.pos)
		case tok.kind == tokClose:
			bad = fmt.Sprintf("a } at character %d has no opening {; write }} for a literal brace", tok.pos)
		case tok.kind == tokPlaceholder && !scenarioSlug.MatchString(tok.name):
			if bad == "" {
				bad = fmt.Sprintf("{%s} is not a placeholder; name a probe of this inject in lower-case letters, digits and dashes, or write {{ and }} for literal braces", tok.name)
			}
		case tok.kind == tokPlaceholder:
			names = append(names, tok.name)
		}
	}
	return names, bad
}

// scenarioValidator checks the rules of a decoded scenario, reporting each
// problem at the line of the field at fault.
type scenarioValidator struct {
	s     *Scenario
	lines yamlnode.Lines
	add   yamlnode.AddFunc
	o     LoadOptions

	checkIDs []string // known check ids, for suggestions
}

// problem reports a problem with the field at path.
func (v *scenarioValidator) problem(path, format string, args ...any) {
	v.add(v.lines.Of(path), path, format, args...)
}

func (v *scenarioValidator) run(fileID string) {
	s := v.s
	switch {
	case s.ID == "":
		v.problem("id", "missing; set it to the file name, %q", fileID)
	case !scenarioSlug.MatchString(s.ID):
		v.problem("id", "%q is not a valid id; use lower-case letters, digits and dashes", s.ID)
	case s.ID != fileID:
		v.problem("id", "%q does not match the file name %q; rename the file to %s.yaml or set id to %q", s.ID, fileID, s.ID, fileID)
	}
	if s.Version < 1 {
		v.problem("version", "must be 1 or more; start at 1 and bump it whenever the injects change")
	}
	if v.required("framework", s.Framework, "name the Security lens version the practice ids are written against, such as \"2026-05\"") {
		v.framework(s.Framework)
	}
	v.required("title", s.Title, "give the scenario a one-line title")
	v.required("summary", s.Summary, "say in a few sentences what happens")
	v.required("objective", s.Objective, "say what the session must establish")
	if s.DurationMin <= 0 {
		v.problem("duration_min", "must be a positive number of minutes: how long the session is expected to take")
	}
	v.roles()
	switch {
	case len(s.Practices) == 0:
		v.problem("practices", "missing; list the practice ids the scenario exercises, such as [SEC10-BP01]")
	default:
		seen := map[string]bool{}
		for i, id := range s.Practices {
			p := fmt.Sprintf("practices[%d]", i)
			if seen[id] {
				v.problem(p, "%s is listed twice; keep one", id)
			}
			seen[id] = true
			v.practice(p, id)
		}
	}
	v.injects()
}

// required reports a blank string field and says whether it is set.
func (v *scenarioValidator) required(path, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		v.problem(path, "missing; %s", what)
		return false
	}
	return true
}

// framework reports a framework that is not the version of a lens in the
// bank: the practice ids were written against another version.
func (v *scenarioValidator) framework(fw string) {
	var versions []string
	for _, l := range v.o.Bank.Lenses {
		if l.Version != "" && !slices.Contains(versions, l.Version) {
			versions = append(versions, l.Version)
		}
	}
	if slices.Contains(versions, fw) {
		return
	}
	sort.Strings(versions)
	if len(versions) == 0 {
		v.problem("framework", "%q is not the version of a loaded lens; no loaded lens has a version", fw)
		return
	}
	v.problem("framework", "%q is not the version of a loaded lens; the loaded lenses are version %s", fw, strings.Join(versions, ", "))
}

// slug checks an id field: present and of the [a-z0-9-]+ form.
func (v *scenarioValidator) slug(path, id, example string) bool {
	switch {
	case id == "":
		v.problem(path, "missing; give it an id such as %q", example)
	case !scenarioSlug.MatchString(id):
		v.problem(path, "%q is not a valid id; use lower-case letters, digits and dashes", id)
	default:
		return true
	}
	return false
}

// unique reports id when seen already holds it, and records it otherwise.
func (v *scenarioValidator) unique(path, id, what string, seen map[string]int) {
	if first, ok := seen[id]; ok {
		v.problem(path, "duplicate %s id %q (first defined on line %d); give each %s a unique id", what, id, first, what)
		return
	}
	seen[id] = v.lines.Of(path)
}

func (v *scenarioValidator) roles() {
	rs := v.s.Roles
	switch {
	case len(rs) == 0:
		v.problem("roles", "missing; list the seats at the table, such as {id: ir-lead, title: Incident lead, brief: ...}")
	case len(rs) > maxRoles:
		v.problem("roles", "%d roles; a table has at most %d seats, merge some", len(rs), maxRoles)
	}
	seen := map[string]int{}
	for i, r := range rs {
		p := fmt.Sprintf("roles[%d]", i)
		if v.slug(p+".id", r.ID, "ir-lead") {
			v.unique(p+".id", r.ID, "role", seen)
		}
		v.required(p+".title", r.Title, "say who sits in this seat, such as \"Incident lead\"")
	}
}

// practice reports a practice id that is not in the bank, with the nearest.
func (v *scenarioValidator) practice(path, id string) {
	if p, ok := v.o.Bank.Practice(id); ok {
		if p.ID != id {
			v.problem(path, "write the practice id as %s", p.ID)
		}
		return
	}
	if near := v.o.Bank.Nearest(id, 3); len(near) > 0 {
		v.problem(path, "unknown practice %q; did you mean %s?", id, strings.Join(near, ", "))
		return
	}
	v.problem(path, "unknown practice %q; use an id from `warroom questions list`", id)
}

// check reports a check id that is missing or unknown, with the nearest.
func (v *scenarioValidator) check(path, id string) {
	switch {
	case id == "":
		v.problem(path, "missing; name a check id such as \"iam.root-mfa\"")
	case v.o.KnownCheck(id):
	default:
		if v.checkIDs == nil {
			for _, c := range checks.All() {
				if v.o.KnownCheck(c.ID) {
					v.checkIDs = append(v.checkIDs, c.ID)
				}
			}
		}
		if near := questions.Closest(id, v.checkIDs, 3, nil); len(near) > 0 {
			v.problem(path, "unknown check %q; did you mean %s?", id, strings.Join(near, ", "))
			return
		}
		v.problem(path, "unknown check %q; use an id from `warroom checks list`", id)
	}
}

// condition checks a when: a known check and an outcome.
func (v *scenarioValidator) condition(path string, c Condition) {
	if c.Check == "" && c.Is == "" {
		v.problem(path, "missing; give the condition as {check: <check id>, is: fail|pass|unknown}")
		return
	}
	v.check(path+".check", c.Check)
	switch {
	case c.Is == "":
		v.problem(path+".is", "missing; set it to fail, pass or unknown")
	case !c.Is.Valid():
		v.problem(path+".is", "%q is not an outcome; set it to fail, pass or unknown", string(c.Is))
	}
}

func (v *scenarioValidator) injects() {
	injs := v.s.Injects
	switch {
	case len(injs) == 0:
		v.problem("injects", "missing; add %d to %d events the facilitator reads out, in time order", minInjects, maxInjects)
		return
	case len(injs) < minInjects:
		v.problem("injects", "%s; a scenario has %d to %d injects, add the events that follow so the story can develop",
			nounCount(len(injs), "inject"), minInjects, maxInjects)
	case len(injs) > maxInjects:
		v.problem("injects", "%s; a scenario has %d to %d injects, merge some or split it in two",
			nounCount(len(injs), "inject"), minInjects, maxInjects)
	}
	index := map[string]int{} // inject id -> position of its first definition
	seen := map[string]int{}
	for i, inj := range injs {
		p := fmt.Sprintf("injects[%d].id", i)
		if v.slug(p, inj.ID, "first-alert") {
			if _, ok := index[inj.ID]; !ok {
				index[inj.ID] = i
			}
			v.unique(p, inj.ID, "inject", seen)
		}
	}
	questionSeen := map[string]int{}
	var prev *Inject
	for i := range injs {
		inj := &injs[i]
		p := fmt.Sprintf("injects[%d]", i)
		if off, ok := v.at(p+".at", inj.At); ok {
			inj.Offset = off
			if prev != nil && off < prev.Offset {
				v.problem(p+".at", "%s is earlier than the previous inject's %s; keep injects in time order", inj.At, prev.At)
			}
			prev = inj
		}
		v.required(p+".title", inj.Title, "give the inject a one-line title")
		if inj.TimeboxMin < 1 || inj.TimeboxMin > maxTimeboxMin {
			v.problem(p+".timebox_min", "must be between 1 and %d minutes of discussion", maxTimeboxMin)
		}
		probes := v.probes(p, inj.Probes)
		if strings.TrimSpace(inj.Narrative) == "" {
			v.problem(p+".narrative", "missing; write the text the facilitator reads aloud")
		} else {
			v.narrative(p+".narrative", inj.Narrative, probes)
		}
		v.variants(p, inj.Variants, probes)
		v.unusedProbes(p, inj)
		for ai, a := range inj.Artifacts {
			ap := fmt.Sprintf("%s.artifacts[%d]", p, ai)
			v.required(ap+".kind", a.Kind, "say what the prop is: log, alert, email, chat, ticket, bill or console")
			v.required(ap+".text", a.Text, "write the text handed to the room")
		}
		v.questions(p, inj.Questions, questionSeen)
		if len(inj.Facilitator.GoodAnswer) == 0 {
			v.problem(p+".facilitator.good_answer", "missing; list at least one thing a good answer names")
		}
		for gi, g := range inj.Facilitator.GoodAnswer {
			v.required(fmt.Sprintf("%s.facilitator.good_answer[%d]", p, gi), g, "write what a good answer names, or remove the item")
		}
		for bi, b := range inj.Branches {
			bp := fmt.Sprintf("%s.branches[%d]", p, bi)
			v.condition(bp+".when", b.When)
			if b.Goto == "" {
				v.problem(bp+".goto", "missing; name a later inject or %q", End)
			} else {
				v.target(bp+".goto", b.Goto, i, index)
			}
		}
		if inj.Next != "" {
			v.target(p+".next", inj.Next, i, index)
		}
	}
	v.reachable(index)
}

// reachable reports injects no path from the first inject reaches, taking
// every branch whatever its condition, each next, and the step to the
// following inject when there is no next. Targets already reported as
// wrong are not followed (a wrong next falls through instead), and
// injects without a unique id are left to the id problems.
func (v *scenarioValidator) reachable(index map[string]int) {
	injs := v.s.Injects
	seen := make([]bool, len(injs))
	stack := []int{0}
	follow := func(i int, id string) bool {
		j, ok := index[id]
		if ok && j > i {
			stack = append(stack, j)
		}
		return ok && j > i || id == End
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		inj := &injs[i]
		for _, b := range inj.Branches {
			follow(i, b.Goto)
		}
		if inj.Next != "" && follow(i, inj.Next) {
			continue
		}
		if i+1 < len(injs) {
			stack = append(stack, i+1)
		}
	}
	for i, inj := range injs {
		if seen[i] || inj.ID == "" || index[inj.ID] != i {
			continue
		}
		v.problem(fmt.Sprintf("injects[%d].id", i),
			"no path from the first inject reaches %s: no branch or next leads to it, and the inject before it never goes on to it; point a branch or next at it, or remove it", inj.ID)
	}
}

// at parses an inject's offset, reporting it when missing or malformed.
func (v *scenarioValidator) at(path, at string) (time.Duration, bool) {
	if strings.TrimSpace(at) == "" {
		v.problem(path, "missing; give the time into the incident, such as \"T+0\" or \"T+15m\"")
		return 0, false
	}
	off, err := parseInjectAt(at)
	if err != nil {
		v.problem(path, "%s", err)
		return 0, false
	}
	return off, true
}

// target checks a goto or next of inject i: a later inject or "end".
func (v *scenarioValidator) target(path, id string, i int, index map[string]int) {
	if id == End {
		return
	}
	if j, ok := index[id]; ok && j > i {
		return
	}
	var later []string
	for _, inj := range v.s.Injects[i+1:] {
		if inj.ID != "" {
			later = append(later, inj.ID)
		}
	}
	later = append(later, End)
	if _, ok := index[id]; ok {
		v.problem(path, "%q is this inject or an earlier one; branches only go forward: use one of %s", id, strings.Join(later, ", "))
		return
	}
	v.problem(path, "%q is not an inject of this scenario; use one of %s", id, strings.Join(later, ", "))
}

// probes checks an inject's probes and returns their ids.
func (v *scenarioValidator) probes(injPath string, ps []Probe) map[string]bool {
	ids := map[string]bool{}
	seen := map[string]int{}
	for i := range ps {
		pr := &ps[i]
		p := fmt.Sprintf("%s.probes[%d]", injPath, i)
		if v.slug(p+".id", pr.ID, "acct") {
			v.unique(p+".id", pr.ID, "probe", seen)
			ids[pr.ID] = true
		}
		v.check(p+".check", pr.Check)
		switch pr.Pick {
		case "":
			pr.Pick = string(OutcomeFail)
		case string(OutcomeFail), string(OutcomePass):
		default:
			v.problem(p+".pick", "%q is not a pick; set it to fail (the default) or pass", pr.Pick)
		}
		v.required(p+".fallback", pr.Fallback, "write the words used when the check has no such finding, such as \"the production account\"")
	}
	return ids
}

// narrative checks braces and that each placeholder names a probe.
func (v *scenarioValidator) narrative(path, text string, probes map[string]bool) {
	names, bad := narrativeSlots(text)
	for _, n := range names {
		if !probes[n] {
			v.problem(path, "{%s} names no probe of this inject; add a probe with id %s or write {{%s}} for literal braces", n, n, n)
		}
	}
	if bad != "" {
		v.problem(path, "%s", bad)
	}
}

// unusedProbes reports probes that neither the narrative nor any variant
// names as a placeholder.
func (v *scenarioValidator) unusedProbes(injPath string, inj *Inject) {
	used := map[string]bool{}
	texts := []string{inj.Narrative}
	for _, va := range inj.Variants {
		texts = append(texts, va.Narrative)
	}
	for _, t := range texts {
		names, _ := narrativeSlots(t)
		for _, n := range names {
			used[n] = true
		}
	}
	for i, pr := range inj.Probes {
		if pr.ID != "" && !used[pr.ID] {
			v.problem(fmt.Sprintf("%s.probes[%d].id", injPath, i),
				"probe %s is not used: neither the narrative nor a variant holds {%s}; write {%s} where its resource belongs, or remove the probe", pr.ID, pr.ID, pr.ID)
		}
	}
}

func (v *scenarioValidator) variants(injPath string, vs []Variant, probes map[string]bool) {
	seen := map[string]int{}
	for i, va := range vs {
		p := fmt.Sprintf("%s.variants[%d]", injPath, i)
		if v.slug(p+".id", va.ID, "mfa-off") {
			v.unique(p+".id", va.ID, "variant", seen)
		}
		v.condition(p+".when", va.When)
		if strings.TrimSpace(va.Narrative) == "" {
			v.problem(p+".narrative", "missing; write the text read aloud instead when the condition holds")
		} else {
			v.narrative(p+".narrative", va.Narrative, probes)
		}
	}
}

func (v *scenarioValidator) questions(injPath string, qs []Question, seen map[string]int) {
	switch {
	case len(qs) == 0:
		v.problem(injPath+".questions", "missing; add %d to %d questions the room discusses", minInjectQuestions, maxInjectQuestions)
	case len(qs) < minInjectQuestions:
		v.problem(injPath+".questions", "%s; an inject has %d to %d questions, add another the room should answer",
			nounCount(len(qs), "question"), minInjectQuestions, maxInjectQuestions)
	case len(qs) > maxInjectQuestions:
		v.problem(injPath+".questions", "%s; an inject has %d to %d questions, keep the ones that matter",
			nounCount(len(qs), "question"), minInjectQuestions, maxInjectQuestions)
	}
	for i, q := range qs {
		p := fmt.Sprintf("%s.questions[%d]", injPath, i)
		if v.slug(p+".id", q.ID, "who-is-paged") {
			v.unique(p+".id", q.ID, "question", seen)
		}
		v.required(p+".text", q.Text, "write the question put to the room")
		for pi, id := range q.Practices {
			pp := fmt.Sprintf("%s.practices[%d]", p, pi)
			if slices.Contains(q.Practices[:pi], id) {
				v.problem(pp, "%s is listed twice in this question; keep one", id)
				continue
			}
			v.practice(pp, id)
		}
		for ci, id := range q.Checks {
			cp := fmt.Sprintf("%s.checks[%d]", p, ci)
			if id != "" && slices.Contains(q.Checks[:ci], id) {
				v.problem(cp, "%s is listed twice in this question; keep one", id)
				continue
			}
			v.check(cp, id)
		}
	}
}

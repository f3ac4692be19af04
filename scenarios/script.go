package scenarios

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom/internal/yamlnode"
	"github.com/warroom/warroom/questions"
)

// Script is a session typed up by a scribe as YAML: the injects in the order
// they were played and what was recorded during each. Play replays it
// through a Machine with no terminal.
type Script struct {
	File         string // the file it was read from, for errors
	Scenario     string // scenario id
	Facilitator  string
	Participants []Participant
	StartedAt    time.Time
	EndedAt      time.Time // zero: the session stays open (resumable)
	Injects      []ScriptInject

	lines yamlnode.Lines
}

// ScriptInject is one inject as played.
type ScriptInject struct {
	ID   string
	At   time.Time
	Line int // line of the inject in the script
	// Records are in play order: by time, then claims, decisions, gaps,
	// actions and notes, then file order.
	Records []ScriptRecord
}

// ScriptRecord is one claim, decision, gap, action or note of a script.
type ScriptRecord struct {
	Line  int    // line of the record in the script
	Field string // where it is in the script: "injects[0].claims[1]"
	// Entry has Kind, At, By and the kind's fields; the machine sets the rest.
	Entry Entry
}

// The YAML shapes of a script file; times and dates are kept as written and
// parsed afterwards so errors can point at them.
type (
	scriptYAML struct {
		Scenario     string             `yaml:"scenario"`
		Facilitator  string             `yaml:"facilitator"`
		Participants []string           `yaml:"participants"`
		StartedAt    string             `yaml:"started_at"`
		Injects      []scriptInjectYAML `yaml:"injects"`
		EndedAt      string             `yaml:"ended_at"`
	}
	scriptInjectYAML struct {
		ID        string               `yaml:"id"`
		At        string               `yaml:"at"`
		Claims    []scriptClaimYAML    `yaml:"claims"`
		Decisions []scriptDecisionYAML `yaml:"decisions"`
		Gaps      []scriptGapYAML      `yaml:"gaps"`
		Actions   []scriptActionYAML   `yaml:"actions"`
		Notes     []scriptNoteYAML     `yaml:"notes"`
	}
	scriptClaimYAML struct {
		Question string `yaml:"question"`
		By       string `yaml:"by"`
		Stance   string `yaml:"stance"`
		Says     string `yaml:"says"`
		At       string `yaml:"at"`
	}
	scriptDecisionYAML struct {
		Decision  string `yaml:"decision"`
		Owner     string `yaml:"owner"`
		Rationale string `yaml:"rationale"`
		By        string `yaml:"by"`
		At        string `yaml:"at"`
	}
	scriptGapYAML struct {
		Practice string `yaml:"practice"`
		Note     string `yaml:"note"`
		By       string `yaml:"by"`
		At       string `yaml:"at"`
	}
	scriptActionYAML struct {
		Title    string `yaml:"title"`
		Owner    string `yaml:"owner"`
		Due      string `yaml:"due"`
		Practice string `yaml:"practice"`
		Check    string `yaml:"check"`
		By       string `yaml:"by"`
		At       string `yaml:"at"`
	}
	scriptNoteYAML struct {
		Text string `yaml:"text"`
		By   string `yaml:"by"`
		At   string `yaml:"at"`
	}
)

// kindOrder ranks record kinds that share a time within an inject.
var kindOrder = map[EntryKind]int{KindClaim: 0, KindDecision: 1, KindGap: 2, KindAction: 3, KindNote: 4}

// ParseScript decodes a script strictly: unknown fields (with the nearest
// allowed name), missing scenario, facilitator, started_at or injects, bad
// times, participants not written as "name:role", an inject shown before
// the one listed above it, and a record timed before its inject or after
// the next inject (the same minute as either is fine) are errors. Times are
// kept in UTC. The error is an errors.Join of *questions.ParseError with
// file and line. Whether the records make sense for the scenario is decided
// when the script is played.
func ParseScript(file string, data []byte) (*Script, error) {
	var errs []*questions.ParseError
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, &questions.ParseError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var raw scriptYAML
	doc, ok := yamlnode.Load(data, &raw,
		"file is empty; a script needs scenario, facilitator, started_at and injects",
		"a script must be a mapping with scenario, facilitator, started_at and injects",
		problemTo(file, &errs))
	if !ok {
		sortParseErrors(errs)
		return nil, joinParseErrors(errs)
	}
	lines := yamlnode.Index(doc)
	s := &Script{File: file, lines: lines,
		Scenario: strings.TrimSpace(raw.Scenario), Facilitator: strings.TrimSpace(raw.Facilitator)}
	if s.Scenario == "" {
		add(lines.Of("scenario"), "scenario", "missing; name the scenario played, such as lost-root-account")
	}
	if s.Facilitator == "" {
		add(lines.Of("facilitator"), "facilitator", "missing; name who ran the session")
	}
	names := map[string]int{}
	for i, p := range raw.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		name, role, ok := strings.Cut(p, ":")
		name, role = strings.TrimSpace(name), strings.TrimSpace(role)
		if !ok || name == "" || role == "" {
			add(lines.Of(f), f, "%q is not name:role; write it like \"dana:ir-lead\"", p)
			continue
		}
		if first, dup := names[name]; dup {
			add(lines.Of(f), f, "%s is listed twice (first on line %d); list each person once", name, first)
			continue
		}
		names[name] = lines.Of(f)
		s.Participants = append(s.Participants, Participant{Name: name, Role: role})
	}
	switch st := strings.TrimSpace(raw.StartedAt); st {
	case "":
		add(lines.Of("started_at"), "started_at", "missing; give the start as an RFC 3339 time such as 2026-10-28T14:00:00Z")
	default:
		t, err := time.Parse(time.RFC3339, st)
		if err != nil {
			add(lines.Of("started_at"), "started_at", "%q is not a time; write it like 2026-10-28T14:00:00Z", st)
		}
		s.StartedAt = t.UTC()
	}
	at := func(v, field string, def time.Time) time.Time {
		v = strings.TrimSpace(v)
		if v == "" {
			return def
		}
		t, err := s.parseAt(v)
		if err != nil {
			add(lines.Of(field), field, "%s", err)
			return def
		}
		return t
	}
	if len(raw.Injects) == 0 {
		add(lines.Of("injects"), "injects", "the script plays no inject; list the injects in the order played")
	}
	for i, ri := range raw.Injects {
		f := fmt.Sprintf("injects[%d]", i)
		inj := ScriptInject{ID: strings.TrimSpace(ri.ID), Line: lines.Of(f)}
		if inj.ID == "" {
			add(lines.Of(f), f+".id", "missing; name the inject played")
		}
		if strings.TrimSpace(ri.At) == "" {
			add(lines.Of(f), f+".at", "missing; give when the inject was shown, such as +15m")
		}
		inj.At = at(ri.At, f+".at", time.Time{})
		rec := func(list string, j int, e Entry, when string) {
			rf := fmt.Sprintf("%s.%s[%d]", f, list, j)
			e.At = at(when, rf+".at", inj.At)
			inj.Records = append(inj.Records, ScriptRecord{Line: lines.Of(rf), Field: rf, Entry: e})
		}
		for j, c := range ri.Claims {
			rec("claims", j, Entry{Kind: KindClaim, QuestionID: c.Question, By: c.By, Stance: Stance(c.Stance), Text: c.Says}, c.At)
		}
		for j, d := range ri.Decisions {
			rec("decisions", j, Entry{Kind: KindDecision, Text: d.Decision, Owner: d.Owner, Rationale: d.Rationale, By: d.By}, d.At)
		}
		for j, g := range ri.Gaps {
			rec("gaps", j, Entry{Kind: KindGap, PracticeID: g.Practice, Text: g.Note, By: g.By}, g.At)
		}
		for j, a := range ri.Actions {
			rec("actions", j, Entry{Kind: KindAction, Text: a.Title, Owner: a.Owner, Due: a.Due, PracticeID: a.Practice, CheckID: a.Check, By: a.By}, a.At)
		}
		for j, n := range ri.Notes {
			rec("notes", j, Entry{Kind: KindNote, Text: n.Text, By: n.By}, n.At)
		}
		// Records were appended kind by kind in file order, so a stable
		// sort by time and kind keeps file order last.
		sort.SliceStable(inj.Records, func(a, b int) bool {
			ea, eb := inj.Records[a].Entry, inj.Records[b].Entry
			if !ea.At.Equal(eb.At) {
				return ea.At.Before(eb.At)
			}
			return kindOrder[ea.Kind] < kindOrder[eb.Kind]
		})
		s.Injects = append(s.Injects, inj)
	}
	s.checkTimes(add)
	s.EndedAt = at(raw.EndedAt, "ended_at", time.Time{})
	if len(errs) > 0 {
		sortParseErrors(errs)
		return nil, joinParseErrors(errs)
	}
	return s, nil
}

// parseAt reads a script time: an offset from started_at ("+15m",
// "+1h30m") or an RFC 3339 time.
func (s *Script) parseAt(v string) (time.Time, error) {
	if rest, ok := strings.CutPrefix(v, "+"); ok {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			return time.Time{}, fmt.Errorf("%q is not an offset; write it like +15m or +1h30m", v)
		}
		return s.StartedAt.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time; write an offset from started_at such as +15m, or a time such as 2026-10-28T14:15:00Z", v)
	}
	return t.UTC(), nil
}

// checkTimes reports injects shown before the inject listed above them, and
// records timed before their inject was shown or after the next inject was
// (a record at the very time of either is fine), each at its own line.
// Injects whose time could not be read are left out.
func (s *Script) checkTimes(add yamlnode.AddFunc) {
	var prev *ScriptInject
	for i := range s.Injects {
		inj := &s.Injects[i]
		if inj.At.IsZero() {
			continue
		}
		if prev != nil && inj.At.Before(prev.At) {
			add(s.lines.Of(fmt.Sprintf("injects[%d].at", i)), fmt.Sprintf("injects[%d].at", i),
				"%s is before inject %s was shown (%s); list the injects in the order played", s.when(inj.At), prev.ID, s.when(prev.At))
		}
		prev = inj
	}
	for i := range s.Injects {
		inj := &s.Injects[i]
		if inj.At.IsZero() {
			continue
		}
		var next *ScriptInject
		for j := i + 1; j < len(s.Injects); j++ {
			if !s.Injects[j].At.IsZero() {
				next = &s.Injects[j]
				break
			}
		}
		for _, r := range inj.Records {
			at := r.Entry.At
			switch {
			case at.Before(inj.At):
				add(r.Line, r.Field+".at", "%s is before its inject %s was shown (%s); fix the time or move the %s under the inject it belongs to",
					s.when(at), inj.ID, s.when(inj.At), r.Entry.Kind)
			case next != nil && at.After(next.At):
				add(r.Line, r.Field+".at", "%s is after the next inject %s was shown (%s); move the %s under that inject or fix its time",
					s.when(at), next.ID, s.when(next.At), r.Entry.Kind)
			}
		}
	}
}

// when writes a script time for messages: its offset from started_at and
// the time itself ("+20m (2026-10-28T14:20:00Z)").
func (s *Script) when(t time.Time) string {
	if s.StartedAt.IsZero() || t.Before(s.StartedAt) {
		return clock(t)
	}
	return fmt.Sprintf("+%s (%s)", shortDuration(t.Sub(s.StartedAt)), clock(t))
}

// shortDuration writes d without zero units: 20m, 1h15m, 2h, 0m.
func shortDuration(d time.Duration) string {
	out := d.Truncate(time.Second).String()
	if strings.HasSuffix(out, "m0s") {
		out = strings.TrimSuffix(out, "0s")
	}
	if strings.HasSuffix(out, "h0m") {
		out = strings.TrimSuffix(out, "0m")
	}
	if out == "0s" {
		out = "0m"
	}
	return out
}

// Play replays the script into m, which must hold an empty session for the
// script's scenario: each inject is shown with Advance (it must be the
// inject the scenario goes to next with m's evidence), then its records are
// recorded in play order, and, when ended_at is set, the session is ended
// at that time. commit (may be nil) is called with each entry as soon as
// the machine has accepted it; an error from commit stops the play.
// Problems are errors naming the script line.
func (s *Script) Play(m *Machine, commit func(Entry) error) error {
	if n := len(m.Session().Entries); n > 0 {
		return fmt.Errorf("play %s: the session already holds %d entries; a script can only be played into a new, empty session", s.File, n)
	}
	if s.Scenario != m.s.ID {
		return s.errorAt(s.lines.Of("scenario"), "scenario", nil,
			"the script is for scenario %q, but the session plays %q", s.Scenario, m.s.ID)
	}
	keep := func(e Entry) error {
		if commit == nil {
			return nil
		}
		if err := commit(e); err != nil {
			return fmt.Errorf("play %s: store entry %d: %w", s.File, e.Seq, err)
		}
		return nil
	}
	for i, inj := range s.Injects {
		f := fmt.Sprintf("injects[%d]", i)
		if want := m.Upcoming(); inj.ID != want {
			where := "goes to " + want
			if want == End {
				where = "has ended"
			}
			return s.errorAt(inj.Line, f+".id", nil, "the script plays inject %s here, but the scenario %s (evidence: %s)",
				inj.ID, where, m.reason())
		}
		e, err := m.Advance(inj.At, s.Facilitator)
		if err != nil {
			return s.errorAt(inj.Line, f, err, "%s", err)
		}
		if err := keep(e); err != nil {
			return err
		}
		for _, r := range inj.Records {
			e, err := m.Record(r.Entry)
			if err != nil {
				return s.errorAt(r.Line, r.Field, err, "%s", err)
			}
			if err := keep(e); err != nil {
				return err
			}
		}
	}
	if s.EndedAt.IsZero() {
		return nil
	}
	e, err := m.Record(Entry{Kind: KindEnd, At: s.EndedAt, By: s.Facilitator})
	if err != nil {
		return s.errorAt(s.lines.Of("ended_at"), "ended_at", err, "%s", err)
	}
	return keep(e)
}

func (s *Script) errorAt(line int, field string, err error, format string, args ...any) error {
	return &questions.ParseError{File: s.File, Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Err: err}
}

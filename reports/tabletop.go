package reports

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
)

// sessionView is one played session as the after-action report and the
// review's "Tabletop exercises" section show it. Strings named as escaped
// are ready-made Markdown; everything else goes through md in the templates.
type sessionView struct {
	A         scenarios.AfterAction
	Title     string // the scenario's title, or its id when the file is gone
	Version   int    // the version played
	Objective string
	Start     time.Time // reference for clock times
	People    []personView
	Steps     []stepView
	Skipped   []string    // escaped: "Title (T+15m)"
	Claims    []claimView // every claim, in log order
	Against   []claimView // contradicted claims
	Gaps      []gapView
	Actions   []actionView
	Total     int    // injects played and not played
	Injects   int    // injects in the scenario; 0 when the file is gone
	Verdicts  string // "1 verified, 2 contradicted, …"
	GapCount  int    // gap entries
}

type personView struct{ Name, Role, Title, Brief string }

type stepView struct {
	N        int // the inject's position in the scenario, as the pack numbers it; order played without the file
	S        scenarios.Step
	Evidence string // escaped: how evidence shaped the inject
	Claims   []claimView
	Gaps     []entryView
	Actions  []actionView
	Empty    bool // nothing was recorded under the inject
	Of       int  // injects in the scenario; 0 when the file is gone
	OverBy   time.Duration
	Ref      time.Time // reference for clock times
}

type claimView struct {
	E        scenarios.Entry
	Question string // the question's text, or its id when the scenario lacks it
	Inject   string // title of the inject the question belongs to
	Basis    string // escaped, "; "-separated
}

type entryView struct {
	E        scenarios.Entry
	Practice string // escaped: id and title
	Inject   string // title of the inject it was recorded under
}

type gapView struct {
	G       scenarios.PracticeGaps
	Entries []entryView
}

type actionView struct {
	It       review.ActionItem
	Practice string // escaped: id and title
	State    string // escaped
}

// sessionViews builds the views of several sessions.
func sessionViews(as []scenarios.AfterAction, bank *questions.Bank) []sessionView {
	out := make([]sessionView, len(as))
	for i, a := range as {
		out[i] = newSessionView(a, bank)
	}
	return out
}

func newSessionView(a scenarios.AfterAction, bank *questions.Bank) sessionView {
	v := sessionView{A: a, Title: a.Session.ScenarioID, Version: a.Session.ScenarioVersion, Start: a.Session.StartedAt}
	injects := map[string]*scenarios.Inject{}
	position := map[string]int{} // inject id -> 1-based position in the scenario
	qs := map[string]*scenarios.Question{}
	qInject := map[string]string{}
	roles := map[string]scenarios.Role{}
	if s := a.Scenario; s != nil {
		v.Title, v.Objective = s.Title, s.Objective
		v.Injects = len(s.Injects)
		if v.Version == 0 {
			v.Version = s.Version
		}
		for i := range s.Injects {
			inj := &s.Injects[i]
			injects[inj.ID] = inj
			position[inj.ID] = i + 1
			for j := range inj.Questions {
				qs[inj.Questions[j].ID] = &inj.Questions[j]
				qInject[inj.Questions[j].ID] = inj.Title
			}
		}
		for _, r := range s.Roles {
			roles[r.ID] = r
		}
	}
	injectTitle := func(id string) string {
		if inj, ok := injects[id]; ok {
			return inj.Title
		}
		return id
	}
	for _, p := range a.Session.Participants {
		r := roles[p.Role]
		v.People = append(v.People, personView{Name: p.Name, Role: p.Role, Title: r.Title, Brief: r.Brief})
	}
	claim := func(e scenarios.Entry) claimView {
		c := claimView{E: e, Question: e.QuestionID, Inject: injectTitle(e.InjectID), Basis: joinEscaped(e.Basis, "; ")}
		if q, ok := qs[e.QuestionID]; ok {
			c.Question, c.Inject = q.Text, qInject[e.QuestionID]
		}
		return c
	}
	for _, e := range a.Claims {
		c := claim(e)
		v.Claims = append(v.Claims, c)
		if e.Verdict == scenarios.Contradicted {
			v.Against = append(v.Against, c)
		}
	}
	items := map[string]review.ActionItem{}
	for _, it := range a.Actions {
		items[it.ID] = it
		v.Actions = append(v.Actions, newActionView(it, bank))
	}
	for i, st := range a.Steps {
		n, ok := position[st.InjectID]
		if !ok {
			n = i + 1
		}
		sv := stepView{N: n, Of: v.Injects, S: st, Evidence: shapingLabel(st.Shaping, a.Evidence != "", st.Variant), Ref: v.Start}
		if st.Over {
			sv.OverBy = st.Duration - st.Timebox
		}
		for _, e := range st.Claims {
			sv.Claims = append(sv.Claims, claim(e))
		}
		for _, e := range st.Gaps {
			sv.Gaps = append(sv.Gaps, entryView{E: e, Practice: practiceLabel(e.PracticeID, bank), Inject: st.Title})
		}
		for _, e := range st.Actions {
			it, ok := items[fmt.Sprintf("%s#%d", a.Session.ID, e.Seq)]
			if !ok {
				it = review.ActionItem{Title: e.Text, Owner: e.Owner, Due: e.Due, PracticeID: e.PracticeID, CheckID: e.CheckID}
			}
			sv.Actions = append(sv.Actions, newActionView(it, bank))
		}
		sv.Empty = len(st.Claims)+len(st.Decisions)+len(st.Gaps)+len(st.Actions)+len(st.Notes) == 0
		v.Steps = append(v.Steps, sv)
	}
	for _, id := range a.Skipped {
		label := EscapeMarkdown(injectTitle(id))
		if n, ok := position[id]; ok {
			label = fmt.Sprintf("%d. %s", n, label)
		}
		if inj, ok := injects[id]; ok && inj.At != "" {
			label += " (" + EscapeMarkdown(inj.At) + ")"
		}
		v.Skipped = append(v.Skipped, label)
	}
	v.Total = len(v.Steps) + len(v.Skipped)
	v.Verdicts = verdictCounts(a.Verdicts)
	for _, g := range a.Gaps {
		v.GapCount += len(g.Entries)
		gv := gapView{G: g}
		for _, e := range g.Entries {
			gv.Entries = append(gv.Entries, entryView{E: e, Inject: injectTitle(e.InjectID)})
		}
		v.Gaps = append(v.Gaps, gv)
	}
	return v
}

func newActionView(it review.ActionItem, bank *questions.Bank) actionView {
	return actionView{It: it, Practice: practiceLabel(it.PracticeID, bank), State: actionStateLabel(it)}
}

// practiceLabel is "SEC01-BP02 Secure account root user and properties",
// escaped; the id alone when the bank does not know it.
func practiceLabel(id string, bank *questions.Bank) string {
	if bank != nil {
		if p, ok := bank.Practice(id); ok {
			return EscapeMarkdown(id) + " " + EscapeMarkdown(p.Title)
		}
	}
	return EscapeMarkdown(id)
}

// actionStateLabel says where an action item stands, escaped: "open",
// "done (run X, 2026-11-03)", "regressed (run X, …)", with ", overdue". An
// item never resolved against runs reads as open.
func actionStateLabel(it review.ActionItem) string {
	s := string(it.State)
	switch it.State {
	case "":
		s = "open"
	case review.ActionDone, review.ActionRegressed:
		if it.Run != "" {
			s += " (run " + EscapeMarkdown(it.Run)
			if !it.RunAt.IsZero() {
				s += ", " + it.RunAt.UTC().Format("2006-01-02")
			}
			s += ")"
		} else if it.ClosedBy != "" {
			s += " (by " + EscapeMarkdown(it.ClosedBy)
			if !it.ClosedAt.IsZero() {
				s += ", " + it.ClosedAt.UTC().Format("2006-01-02")
			}
			s += ")"
		}
		if it.State == review.ActionRegressed {
			s = "**" + s + "**"
		}
	}
	if it.Overdue {
		s += ", overdue"
	}
	return s
}

// planActions lists a plan item's tabletop action items for its table cell,
// escaped: "Move root email to a group mailbox: lee, due 2026-11-30, open".
func planActions(items []review.ActionItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		s := EscapeMarkdown(it.Title) + ": " + EscapeMarkdown(it.Owner)
		if it.Due != "" {
			s += ", due " + EscapeMarkdown(it.Due)
		}
		parts[i] = s + ", " + actionStateLabel(it)
	}
	return strings.Join(parts, "; ")
}

// shapingLabel says how evidence shaped an inject, escaped and "; "-separated.
func shapingLabel(sh []scenarios.Shaping, evidence bool, variant string) string {
	if !evidence {
		return "generic: no evidence"
	}
	var parts []string
	for _, s := range sh {
		parts = append(parts, EscapeMarkdown(s.Check)+" "+EscapeMarkdown(string(s.Outcome))+": "+EscapeMarkdown(s.Effect))
	}
	if len(parts) == 0 {
		if variant != "" {
			return "variant " + EscapeMarkdown(variant)
		}
		return "none: nothing in this inject depends on evidence"
	}
	return strings.Join(parts, "; ")
}

// verdictCounts reads claim counts: "1 verified, 2 contradicted, 0 unknown,
// 1 conceded, 0 not checkable".
func verdictCounts(m map[scenarios.Verdict]int) string {
	var parts []string
	for _, v := range []scenarios.Verdict{scenarios.Verified, scenarios.Contradicted, scenarios.Unknown, scenarios.Conceded, scenarios.NotCheckable} {
		parts = append(parts, fmt.Sprintf("%d %s", m[v], strings.ReplaceAll(string(v), "-", " ")))
	}
	return strings.Join(parts, ", ")
}

// verdictLabel reads a verdict in words; contradicted stands out.
func verdictLabel(v scenarios.Verdict) string {
	switch v {
	case scenarios.Contradicted:
		return "**contradicted**"
	case scenarios.NotCheckable:
		return "not checkable"
	case "":
		return "not judged"
	}
	return EscapeMarkdown(string(v))
}

// plural is "1 claim", "2 claims".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// durationLabel reads a duration in hours, minutes and seconds: "1 h 15 min",
// "12 min 30 s", "0 min", each number joined to its unit by a non-breaking
// space.
func durationLabel(d time.Duration) string {
	d = d.Round(time.Second)
	if d < 0 {
		d = -d
	}
	h, m, s := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d\u00a0h", h))
	}
	if m > 0 {
		parts = append(parts, minutes(int(m)))
	}
	if s > 0 {
		parts = append(parts, fmt.Sprintf("%d\u00a0s", s))
	}
	if len(parts) == 0 {
		return minutes(0)
	}
	return strings.Join(parts, " ")
}

// clockLabel is t's time of day in UTC, with the date when it falls on
// another day than ref.
func clockLabel(t, ref time.Time) string {
	t, ref = t.UTC(), ref.UTC()
	if t.Format(time.DateOnly) != ref.Format(time.DateOnly) {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("15:04")
}

// orderedMarker matches text that would start an ordered list at the start
// of a line: "1. " or "1) ".
var orderedMarker = regexp.MustCompile(`^([0-9]{1,9})([.)])`)

// escapeLineStart escapes s for a place where it starts a line or a list
// item: EscapeMarkdown, leading spaces dropped (they would make a code
// block) and an ordered-list marker defused.
func escapeLineStart(s string) string {
	s = EscapeMarkdown(strings.TrimLeft(s, " \t\r\n"))
	return orderedMarker.ReplaceAllString(s, `$1\$2`)
}

// escapeLines escapes a scribe's text for a paragraph or a list item and
// keeps its line breaks: each line escaped as if it started a line (no
// heading, list, quote, fence or code block can begin there), joined by
// Markdown hard line breaks (a backslash before the newline). Blank lines
// are dropped, so the text stays one paragraph (one list item); continuation
// lines are indented by two spaces. Table cells must use EscapeMarkdown,
// which keeps a value on one line.
func escapeLines(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, escapeLineStart(l))
		}
	}
	return strings.Join(lines, "\\\n  ")
}

// blankLine separates paragraphs.
var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// blockquote renders read-aloud text as a Markdown blockquote, escaped, one
// quoted paragraph per paragraph of the text (blank lines separate them).
func blockquote(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var paras []string
	for _, p := range blankLine.Split(strings.TrimSpace(text), -1) {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, "> "+escapeLineStart(p))
		}
	}
	if len(paras) == 0 {
		return "> (no narrative)"
	}
	return strings.Join(paras, "\n>\n")
}

// fence wraps text in a fenced code block whose fence is longer than any
// run of backticks inside, so the text cannot close it and always renders
// as literal text.
func fence(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = textsafe.Visible(text, isSpace)
	text = strings.TrimRight(text, "\n")
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return f + "\n" + text + "\n" + f
}

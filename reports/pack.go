package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/scenarios"
)

// PackOptions are what a facilitator pack is rendered with.
type PackOptions struct {
	Version string          // warroom version
	Bank    *questions.Bank // practice titles and risks; optional
	// Evidence shapes the narrative as a session would (real resource names,
	// variants, branches); nil gives the generic text throughout.
	Evidence *scenarios.Evidence
}

// packView is a scenario as the pack shows it.
type packView struct {
	S         *scenarios.Scenario
	Version   string
	Evidence  *scenarios.Evidence
	Practices []practiceRow
	Injects   []packInject
	Timeboxes int // minutes
}

type practiceRow struct {
	ID, Title string
	Risk      string
}

type packInject struct {
	N         int
	In        *scenarios.Inject
	Shown     scenarios.Shown
	Artifacts []packArtifact
	Questions []packQuestion
	Route     string   // escaped: where the session goes after this inject
	Shaping   []string // escaped: how the evidence shaped it
	Checks    string   // escaped: the checks that can shape it
	Evidence  bool
	RunID     string
}

type packArtifact struct {
	Kind, Title string
	Block       string // a fenced code block the text cannot break out of
}

type packQuestion struct {
	Q      scenarios.Question
	Judged string // escaped: what a claim on the question is judged against
}

func newPackView(s *scenarios.Scenario, o PackOptions) (packView, error) {
	if s == nil {
		return packView{}, errors.New("render pack: no scenario")
	}
	v := packView{S: s, Version: o.Version, Evidence: o.Evidence}
	for _, id := range s.Practices {
		r := practiceRow{ID: id}
		if o.Bank != nil {
			if p, ok := o.Bank.Practice(id); ok {
				r.Title, r.Risk = p.Title, string(p.Risk)
			}
		}
		v.Practices = append(v.Practices, r)
	}
	// The pack renders every inject the way a session with this evidence
	// would read it out: through the machine, with an empty session.
	m, err := scenarios.NewMachine(s, o.Evidence, &scenarios.Session{ScenarioID: s.ID}, scenarios.MachineOptions{Bank: o.Bank})
	if err != nil {
		return v, fmt.Errorf("render pack of %s: %w", s.ID, err)
	}
	for i := range s.Injects {
		inj := &s.Injects[i]
		v.Timeboxes += inj.TimeboxMin
		pi := packInject{N: i + 1, In: inj, Shown: m.Show(inj), Route: route(s, i), Evidence: o.Evidence != nil}
		if o.Evidence != nil {
			pi.RunID = o.Evidence.RunID
		}
		for _, a := range inj.Artifacts {
			pi.Artifacts = append(pi.Artifacts, packArtifact{Kind: a.Kind, Title: a.Title, Block: fence(a.Text)})
		}
		for _, q := range inj.Questions {
			j := "not checkable: discussion only"
			if len(q.Checks) > 0 {
				j = "judged against " + joinEscaped(q.Checks, ", ")
			}
			if len(q.Practices) > 0 {
				j += "; practices " + joinEscaped(q.Practices, ", ")
			}
			pi.Questions = append(pi.Questions, packQuestion{Q: q, Judged: j})
		}
		for _, sh := range pi.Shown.Shaping {
			pi.Shaping = append(pi.Shaping, EscapeMarkdown(sh.Check)+" "+EscapeMarkdown(string(sh.Outcome))+": "+EscapeMarkdown(sh.Effect))
		}
		pi.Checks = joinEscaped(shapingChecks(inj), ", ")
		v.Injects = append(v.Injects, pi)
	}
	return v, nil
}

// shapingChecks lists the checks an inject's probes, variants and branches
// read, each once, in that order.
func shapingChecks(inj *scenarios.Inject) []string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, p := range inj.Probes {
		add(p.Check)
	}
	for _, v := range inj.Variants {
		add(v.When.Check)
	}
	for _, b := range inj.Branches {
		add(b.When.Check)
	}
	return out
}

// route says, escaped, where the session goes after inject i: each branch
// with its condition, then where it goes otherwise.
func route(s *scenarios.Scenario, i int) string {
	target := func(id string) string {
		if id == scenarios.End {
			return "the end"
		}
		for j := range s.Injects {
			if s.Injects[j].ID == id {
				return fmt.Sprintf("%d. %s", j+1, EscapeMarkdown(s.Injects[j].Title))
			}
		}
		return EscapeMarkdown(id)
	}
	inj := &s.Injects[i]
	next := inj.Next
	if next == "" {
		next = scenarios.End
		if i+1 < len(s.Injects) {
			next = s.Injects[i+1].ID
		}
	}
	var parts []string
	for _, b := range inj.Branches {
		parts = append(parts, fmt.Sprintf("if %s is %s, %s", EscapeMarkdown(b.When.Check), EscapeMarkdown(string(b.When.Is)), target(b.Goto)))
	}
	if len(parts) == 0 {
		return target(next)
	}
	return strings.Join(parts, "; ") + "; otherwise " + target(next)
}

// packSections renders the pack as Markdown sections: the header with the
// agenda, per inject what the room hears and the facilitator's notes, then
// the participant handout, which has no notes.
func packSections(s *scenarios.Scenario, o PackOptions) ([]section, error) {
	v, err := newPackView(s, o)
	if err != nil {
		return nil, err
	}
	head, err := execMD("pack-header", v)
	if err != nil {
		return nil, err
	}
	out := []section{{"header", head}}
	for _, pi := range v.Injects {
		for _, kind := range []string{"inject", "notes"} {
			s, err := execMD("pack-"+kind, pi)
			if err != nil {
				return nil, err
			}
			out = append(out, section{kind, s})
		}
	}
	h, err := execMD("pack-handout", v)
	if err != nil {
		return nil, err
	}
	out = append(out, section{"handout", h})
	for _, pi := range v.Injects {
		s, err := execMD("pack-handout-inject", pi)
		if err != nil {
			return nil, err
		}
		out = append(out, section{"handout-inject", s})
	}
	return out, nil
}

// PackMarkdown renders a scenario's facilitator pack as Markdown: the
// scenario's facts and agenda, each inject's read-aloud text (shaped by
// o.Evidence as a session would be), artifacts, questions and facilitator
// notes, and a participant handout without the notes.
func PackMarkdown(s *scenarios.Scenario, o PackOptions) ([]byte, error) {
	ss, err := packSections(s, o)
	if err != nil {
		return nil, err
	}
	return joinSections(ss), nil
}

// PackHTML renders the facilitator pack as one self-contained HTML page that
// prints with each inject and the handout on a new page.
func PackHTML(s *scenarios.Scenario, o PackOptions) ([]byte, error) {
	ss, err := packSections(s, o)
	if err != nil {
		return nil, err
	}
	return renderPage(page{Title: "Facilitator pack: " + s.Title, Version: o.Version}, ss)
}

package reports

import (
	"bytes"

	"github.com/warroom/warroom/scenarios"
)

// aarSections renders an after-action record as Markdown sections: header,
// objective and participants, timeline, one section per inject played,
// claims against evidence, gaps by practice and the improvement plan.
func aarSections(a scenarios.AfterAction, o Options) ([]section, error) {
	v := newSessionView(a, o.Bank)
	data := map[string]any{"V": v, "Version": o.Version}
	var out []section
	for _, name := range []string{"header", "objective", "timeline"} {
		s, err := execMD("aar-"+name, data)
		if err != nil {
			return nil, err
		}
		out = append(out, section{name, s})
	}
	if len(v.Steps) > 0 {
		out = append(out, section{"details", "## Inject by inject\n"})
	}
	for _, st := range v.Steps {
		s, err := execMD("aar-step", st)
		if err != nil {
			return nil, err
		}
		out = append(out, section{"step", s})
	}
	for _, name := range []string{"claims", "gaps", "plan"} {
		s, err := execMD("aar-"+name, data)
		if err != nil {
			return nil, err
		}
		out = append(out, section{name, s})
	}
	return out, nil
}

// AfterActionMarkdown renders a session's after-action report as Markdown.
// o.Bank names the practices of action items; o.Version is the warroom
// version; the other options are not used.
func AfterActionMarkdown(a scenarios.AfterAction, o Options) ([]byte, error) {
	ss, err := aarSections(a, o)
	if err != nil {
		return nil, err
	}
	return joinSections(ss), nil
}

// AfterActionHTML renders the after-action report as one self-contained
// HTML page, through the same Markdown.
func AfterActionHTML(a scenarios.AfterAction, o Options) ([]byte, error) {
	ss, err := aarSections(a, o)
	if err != nil {
		return nil, err
	}
	title := a.Session.ScenarioID
	if a.Scenario != nil {
		title = a.Scenario.Title
	}
	return renderPage(page{Title: "After-action report: " + title, Version: o.Version}, ss)
}

// joinSections concatenates sections with a blank line between them.
func joinSections(ss []section) []byte {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(s.MD)
	}
	return b.Bytes()
}

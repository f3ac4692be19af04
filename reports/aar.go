package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/warroom/warroom/scenarios"
)

// aarHeader is what the after-action report's header says about where the
// session came from, for auditors. Strings are escaped.
type aarHeader struct {
	Digest     string // "sha256 9f2c3b1a0d4e…" of the scenario file played, "" when not recorded
	Mode       string // "script: typed up from a script, recorded 2026-11-02 10:30 UTC"
	EvidenceAt string // when the evidence run finished, "" when not known
	Changed    string // ScenarioChange, "" when the scenario is the one played
}

func newAARHeader(a scenarios.AfterAction, o Options) aarHeader {
	h := aarHeader{Digest: shortDigest(a.Session.ScenarioDigest), Changed: EscapeMarkdown(ScenarioChange(a))}
	switch a.Session.Mode {
	case "script":
		h.Mode = "script: typed up from a script"
		if !a.Session.RecordedAt.IsZero() {
			h.Mode += ", recorded " + a.Session.RecordedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
	case "interactive":
		h.Mode = "interactive: recorded entry by entry as the room played it"
	case "":
		h.Mode = "not recorded"
	default:
		h.Mode = EscapeMarkdown(a.Session.Mode)
	}
	if ev := o.Evidence; ev != nil && a.Evidence != "" && ev.RunID == a.Evidence && !ev.ObservedAt.IsZero() {
		h.EvidenceAt = ev.ObservedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	return h
}

// shortDigest is "sha256 " and the first 12 hex digits of a scenario
// digest, escaped; "" for none.
func shortDigest(d string) string {
	d = strings.TrimPrefix(strings.TrimSpace(d), "sha256:")
	if d == "" {
		return ""
	}
	if len(d) > 12 {
		d = d[:12] + "…"
	}
	return "sha256 " + EscapeMarkdown(d)
}

// ScenarioChange says how the scenario file a session's report is rendered
// with differs from the file the session played, as a sentence without its
// full stop: "the scenario has changed since this session (version 1 → 2);
// titles and questions are from the current file" (an edit that kept the
// version number says so). It is "" when the file is
// the one played (same digest), when the file is gone, and when the session
// recorded no digest and the version is the same.
func ScenarioChange(a scenarios.AfterAction) string {
	s := a.Scenario
	if s == nil {
		return ""
	}
	played := a.Session.ScenarioDigest
	changed := played != "" && s.Digest != "" && played != s.Digest
	if played == "" || s.Digest == "" {
		changed = a.Session.ScenarioVersion != 0 && a.Session.ScenarioVersion != s.Version
	}
	if !changed {
		return ""
	}
	versions := fmt.Sprintf("version %d → %d", a.Session.ScenarioVersion, s.Version)
	if a.Session.ScenarioVersion == s.Version {
		versions = fmt.Sprintf("still version %d: the file was edited without a new version", s.Version)
	}
	return "the scenario has changed since this session (" + versions + "); titles and questions are from the current file"
}

// aarSections renders an after-action record as Markdown sections: header,
// objective and participants, timeline, one section per inject played,
// claims against evidence, gaps by practice and the improvement plan.
func aarSections(a scenarios.AfterAction, o Options) ([]section, error) {
	v := newSessionView(a, o.Bank)
	data := map[string]any{"V": v, "H": newAARHeader(a, o), "Version": o.Version}
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
// version; o.Evidence, when it is the session's evidence run, gives the
// run's finish time for the header (its findings are not used); the other
// options are not used.
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

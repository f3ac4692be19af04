// Package reports renders an assessment: Markdown from embedded templates,
// a self-contained HTML page from that Markdown (goldmark, raw HTML off),
// JSON and CSV; and the tabletop outputs in the same two forms: a
// scenario's facilitator pack and a session's after-action report.
package reports

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var mdTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"md":          EscapeMarkdown,
	"ts":          func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"date":        func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"riskLabel":   riskLabel,
	"statusLabel": statusLabel,
	"evidence":    evidenceLabel,
	"count":       func(m map[review.Status]int, s string) int { return m[review.Status(s)] },
	"failing":     func(fs []review.FailingResource) string { return failingList(fs, 5) },
	"ref":         refLine,
	"joinmd":      func(ss []string) string { return joinEscaped(ss, ", ") },
	"add":         func(a, b int) int { return a + b },
	"sub":         func(a, b int) int { return a - b },
	"join":        strings.Join,
	"plural":      plural,
	"dur":         durationLabel,
	"clock":       clockLabel,
	"quote":       blockquote,
	"mdl":         escapeLineStart,
	"mdbr":        escapeLines,
	"mins":        minutes,
	"verdict":     verdictLabel,
	"actions":     planActions,
	"qchange":     questionChangeLabel,
	"gapsources":  gapSourcesLabel,
	"gaps": func(q review.QuestionResult) int {
		n := 0
		for _, p := range q.Practices {
			if p.Gap {
				n++
			}
		}
		return n
	},
}).ParseFS(templateFS, "templates/*.md.tmpl"))

// Options are the facts a report shows besides the assessment.
type Options struct {
	Version string           // warroom version
	Lenses  []questions.Lens // lenses reviewed, for names and question summaries
	Bank    *questions.Bank  // for question summaries; optional
	// Evidence is the collection run behind the findings, for the evidence
	// appendix and the JSON "evidence" object; nil when none was collected.
	Evidence *Evidence
	// Sessions are the workload's tabletop sessions; when there are any, the
	// review report gets a "Tabletop exercises" section after the plan.
	Sessions []scenarios.AfterAction
	// Trend is the review's history of milestones; with two or more points
	// the summary gets a trend (a table, and a chart in HTML) and, when
	// Since is set, a "since" section follows the summary.
	Trend *Trend
	// ScoredWith is the warroom version that scored the assessment when the
	// report renders one frozen earlier (a milestone in a bundle): the
	// header and footer then say who scored it and who rendered it. "" when
	// the assessment is scored as the report is rendered.
	ScoredWith string
}

// section is one part of the report: its Markdown and its kind.
type section struct {
	Kind string // header, summary, contradictions, plan, tabletop, question…
	MD   string
}

func sections(a review.Assessment, o Options) ([]section, error) {
	data := map[string]any{"A": a, "Lenses": o.Lenses, "Version": o.Version, "Evidence": hasEvidence(a), "ScoredWith": o.ScoredWith}
	var out []section
	for _, name := range []string{"header", "summary", "contradictions", "plan"} {
		s, err := execMD(name, data)
		if err != nil {
			return nil, err
		}
		out = append(out, section{name, s})
		if name == "summary" {
			ts, err := trendSections(o.Trend)
			if err != nil {
				return nil, err
			}
			out = append(out, ts...)
		}
	}
	if len(o.Sessions) > 0 {
		s, err := execMD("tabletop", map[string]any{"Sessions": sessionViews(o.Sessions, o.Bank)})
		if err != nil {
			return nil, err
		}
		out = append(out, section{"tabletop", s})
	}
	out = append(out, section{"details", "## Questions in detail\n"})
	for _, q := range a.Questions {
		summary := ""
		if o.Bank != nil {
			if bq, ok := o.Bank.Question(q.ID); ok {
				summary = bq.Summary
			}
		}
		s, err := execMD("question", map[string]any{"Q": q, "Summary": summary})
		if err != nil {
			return nil, err
		}
		out = append(out, section{"question", s})
	}
	if sum := Summarize(o.Evidence); sum != nil {
		s, err := execMD("appendix", map[string]any{"S": sum, "Max": MaxListed})
		if err != nil {
			return nil, err
		}
		out = append(out, section{"appendix", s})
	}
	return out, nil
}

// trendSections are the "trend" section (with two or more points) and the
// "since" section (when the trend has a diff) of a report.
func trendSections(t *Trend) ([]section, error) {
	var out []section
	if hasTrend(t) {
		s, err := execMD("trend", map[string]any{"T": t})
		if err != nil {
			return nil, err
		}
		out = append(out, section{"trend", s})
	}
	if t != nil && t.Since != nil {
		s, err := execMD("since", sinceView(*t.Since))
		if err != nil {
			return nil, err
		}
		out = append(out, section{"since", s})
	}
	return out, nil
}

func execMD(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := mdTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// Markdown renders the assessment as a Markdown document.
func Markdown(a review.Assessment, o Options) ([]byte, error) {
	ss, err := sections(a, o)
	if err != nil {
		return nil, err
	}
	return joinSections(ss), nil
}

func hasEvidence(a review.Assessment) bool {
	for _, q := range a.Questions {
		for _, p := range q.Practices {
			if p.Evidence.Pass+p.Evidence.Fail+p.Evidence.Unknown > 0 {
				return true
			}
		}
	}
	return false
}

// mdEscaper backslash-escapes every character that could start Markdown
// syntax inside inline text, so values from people and from AWS render as
// the literal text they are. Newlines become spaces: values are inline.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `#`, `\#`, `&`, `\&`, `!`, `\!`, `~`, `\~`, `{`, `\{`, `}`, `\}`,
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// EscapeMarkdown makes s safe to place inline in Markdown: it renders as the
// literal text, never as a link, image, HTML, emphasis or table cell break.
func EscapeMarkdown(s string) string {
	s = mdEscaper.Replace(textsafe.Visible(s, isSpace))
	// A leading list or heading marker only matters at the start of a line;
	// values never start a line in our templates, but be safe.
	if len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '=') {
		s = `\` + s
	}
	return s
}

// isSpace keeps line breaks and tabs, which the escaper folds into spaces,
// while textsafe.Visible shows every other hidden character as its code.
func isSpace(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }

func riskLabel(r review.Risk) string {
	switch r {
	case review.RiskHigh:
		return "high"
	case review.RiskMedium:
		return "medium"
	case review.RiskNone:
		return "none"
	case review.RiskNotApplicable:
		return "not applicable"
	}
	return "unanswered"
}

func statusLabel(s review.Status) string {
	switch s {
	case review.NotMet:
		return "not met"
	case review.NotApplicable:
		return "not applicable"
	}
	return string(s)
}

func evidenceLabel(p review.PracticeResult) string {
	e := p.Evidence
	switch {
	case p.Contradicted:
		return fmt.Sprintf("contradicted: %d failing", e.Fail)
	case e.Fail > 0:
		return fmt.Sprintf("%d failing", e.Fail)
	case p.Verified:
		return fmt.Sprintf("verified: %d passing", e.Pass)
	case e.Pass > 0:
		return fmt.Sprintf("%d passing", e.Pass)
	case e.Unknown > 0:
		return fmt.Sprintf("%d unknown", e.Unknown)
	}
	return "none"
}

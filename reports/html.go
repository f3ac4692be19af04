package reports

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/warroom/warroom/review"
)

// markdown is goldmark with tables and raw HTML left off (the default):
// any HTML in the source is dropped, never passed through.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table))

var pageTemplate = template.Must(template.ParseFS(templateFS, "templates/page.html.tmpl"))

type htmlSection struct {
	Kind string
	HTML template.HTML
}

type bar struct {
	Label, Color            string
	Count                   int
	Y, TextY, Width, CountX int
}

type chart struct {
	Bars                                        []bar
	Width, Height, LabelWidth, BarHeight, Total int
}

// riskChart draws questions by risk as horizontal bars.
func riskChart(s review.Summary) chart {
	const labelW, barH, gap, maxW = 110, 22, 8, 360
	rows := []struct {
		label, color string
		n            int
	}{
		{"High", "#b3261e", s.High},
		{"Medium", "#b26a00", s.Medium},
		{"None", "#2e7d32", s.None},
		{"Unanswered", "#6b7280", s.Unanswered},
		{"Not applicable", "#9ca3af", s.NotApplicable},
	}
	c := chart{LabelWidth: labelW, BarHeight: barH, Width: labelW + maxW + 40, Total: s.Questions}
	peak := 1
	for _, r := range rows {
		peak = max(peak, r.n)
	}
	for i, r := range rows {
		w := r.n * maxW / peak
		if r.n > 0 && w < 2 {
			w = 2
		}
		y := i * (barH + gap)
		c.Bars = append(c.Bars, bar{Label: r.label, Color: r.color, Count: r.n,
			Y: y, TextY: y + 16, Width: w, CountX: labelW + w + 6})
	}
	c.Height = len(rows)*(barH+gap) - gap
	return c
}

// HTML renders the assessment as one self-contained HTML page: the Markdown
// report through goldmark, inline CSS with print rules, an inline SVG chart
// of risk and, with a trend, one of risk over time.
func HTML(a review.Assessment, o Options) ([]byte, error) {
	ss, err := sections(a, o)
	if err != nil {
		return nil, err
	}
	c := riskChart(a.Summary)
	p := page{
		Title:      "Security review: " + a.Workload.Name,
		Version:    o.Version,
		Generated:  a.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"),
		ScoredWith: o.ScoredWith,
		Chart:      &c,
	}
	if hasTrend(o.Trend) {
		tc := trendChart(o.Trend)
		p.TrendChart = &tc
	}
	return renderPage(p, ss)
}

// page is the shell every HTML output shares: the review report, the
// facilitator pack and the after-action report.
type page struct {
	Title     string // plain text; html/template escapes it
	Version   string
	Generated string // "" leaves the time out of the footer
	// ScoredWith is Options.ScoredWith: the footer then says the assessment
	// was scored by that version at Generated and rendered by Version.
	ScoredWith string
	Chart      *chart // drawn after the summary section; nil for none
	// TrendChart is drawn at the end of the trend section; nil for none.
	TrendChart *trendChartData
	Sections   []htmlSection
}

// renderPage converts each Markdown section with goldmark and places it in
// the page shell as a <section> of its kind.
func renderPage(p page, ss []section) ([]byte, error) {
	for _, s := range ss {
		var b bytes.Buffer
		if err := markdown.Convert([]byte(s.MD), &b); err != nil {
			return nil, fmt.Errorf("render %s as html: %w", s.Kind, err)
		}
		// goldmark escapes text and drops raw HTML, so its output is safe to embed.
		p.Sections = append(p.Sections, htmlSection{Kind: s.Kind, HTML: template.HTML(b.String())})
	}
	var out bytes.Buffer
	if err := pageTemplate.Execute(&out, p); err != nil {
		return nil, fmt.Errorf("render html page: %w", err)
	}
	return out.Bytes(), nil
}

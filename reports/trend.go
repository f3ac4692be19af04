package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/review"
)

// Trend is the review over time: risk counts per milestone, oldest first,
// ending with the review being reported, and what changed since the
// milestone before it.
type Trend struct {
	Points []TrendPoint
	// Since is the change from the previous milestone to the review being
	// reported; nil when there is no earlier milestone.
	Since *review.Diff
}

// TrendPoint is one milestone (or the current review) and its risk counts.
type TrendPoint struct {
	Label   string    // milestone name, or review.NowLabel
	At      time.Time // when it was frozen (or scored)
	Summary review.Summary
	// Current marks the point the report is about.
	Current bool
}

// hasTrend reports whether t has enough points to show a trend.
func hasTrend(t *Trend) bool { return t != nil && len(t.Points) >= 2 }

// sinceData is what the "since" template shows of a diff.
type sinceData struct {
	D review.Diff
	// Empty is true when nothing changed: the diff lists nothing but
	// overdue action items.
	Empty bool
	// GapsOpened and GapsClosed are the practices that opened or closed a
	// gap, in lens order; EvidenceLost those whose gap is no longer judged;
	// Other counts the practices whose answer or evidence changed without
	// any of these.
	GapsOpened, GapsClosed []review.PracticeChange
	EvidenceLost           []lostEvidence
	Other                  int
	// Overdue heads the overdue items of an empty diff: "1 action item is
	// overdue".
	Overdue string
}

// lostEvidence is a gap no longer judged and what To has of its evidence.
type lostEvidence struct {
	review.PracticeChange
	Now string // "2 findings unknown now, none pass or fail", "no findings now"
}

// sinceView prepares a diff for the "since" template.
func sinceView(d review.Diff) sinceData {
	v := sinceData{D: d}
	for _, p := range d.Practices {
		switch p.Change {
		case review.GapOpened:
			v.GapsOpened = append(v.GapsOpened, p)
		case review.GapClosed:
			v.GapsClosed = append(v.GapsClosed, p)
		case review.EvidenceLost:
			v.EvidenceLost = append(v.EvidenceLost, lostEvidence{PracticeChange: p, Now: evidenceNow(p.To)})
		case review.StatusChanged:
			v.Other++
		}
	}
	c := d.Counts
	c.ActionsOverdue = 0
	v.Empty = c == (review.DiffCounts{}) && len(d.Questions) == 0 && len(d.Practices) == 0
	v.Overdue = overdueHeading(len(d.ActionsOverdue))
	return v
}

// evidenceNow says what a practice whose evidence was lost has of it now:
// "2 findings unknown now, none pass or fail", or "no findings now" when its
// checks were not run.
func evidenceNow(s *review.PracticeState) string {
	if s == nil || s.Unknown == 0 {
		return "no findings now"
	}
	return plural(s.Unknown, "finding") + " unknown now, none pass or fail"
}

// overdueHeading counts overdue action items in a sentence: "1 action item
// is overdue", "3 action items are overdue".
func overdueHeading(n int) string {
	if n == 1 {
		return "1 action item is overdue"
	}
	return plural(n, "action item") + " are overdue"
}

// questionChangeLabel says how a question's risk moved: "high → medium",
// "new: unanswered", "removed: was high".
func questionChangeLabel(q review.QuestionChange) string {
	switch q.Change {
	case review.Added:
		return "new: " + riskLabel(q.To)
	case review.Removed:
		return "removed: was " + riskLabel(q.From)
	}
	return riskLabel(q.From) + " → " + riskLabel(q.To) + " (" + q.Change + ")"
}

// gapSourcesLabel names where a practice's gap comes from, escaped.
func gapSourcesLabel(p review.PracticeChange) string {
	if p.To == nil || len(p.To.GapSources) == 0 {
		return ""
	}
	return joinEscaped(p.To.GapSources, ", ")
}

// Trend chart colours, the same as riskChart's.
const (
	colorHigh       = "#b3261e"
	colorMedium     = "#b26a00"
	colorNone       = "#2e7d32"
	colorUnanswered = "#6b7280"
)

// trendChartData is the inline SVG of the trend: one stacked bar per point.
type trendChartData struct {
	Width, Height int
	AxisX         int // x of the y axis
	PlotTop       int
	PlotBottom    int
	PlotRight     int
	Peak          int
	Rotate        bool // labels are slanted to fit narrow slots
	Desc          string
	Bars          []trendBar
	Legend        []legendItem
}

// trendBar is one point of the trend chart.
type trendBar struct {
	X, Width, CenterX int
	Top, Height       int // top of the bar and its height
	TotalY            int // where its total is written
	LabelY, DateY     int
	Label             string // shortened to fit; Title holds it in full
	Title             string
	Date              string
	Total             int
	Current           bool
	Segments          []segment
}

// segment is one risk's part of a stacked bar.
type segment struct {
	Name, Color      string
	Count            int
	Y, Height, TextY int
	ShowCount        bool // tall enough to write the count inside
}

// legendItem is one entry of the chart's legend.
type legendItem struct {
	Name, Color string
	X, TextX    int
	Outline     bool // the entry explaining the current point's outline
}

// trendChart lays the trend out as stacked bars, oldest on the left: high,
// medium, unanswered, and none or not applicable, from the bottom up. It
// stays readable from 1 to 20 points: the slots narrow and the labels slant
// and shorten as points are added; each bar's title holds the full label.
func trendChart(t *Trend) trendChartData {
	const (
		axisW, rotatedAxisW, legendH, plotH, maxPlotW = 40, 90, 34, 160, 720
	)
	n := len(t.Points)
	slot := min(96, max(36, maxPlotW/max(n, 1)))
	barW := slot * 3 / 5
	c := trendChartData{AxisX: axisW, PlotTop: legendH + 16, Rotate: slot < 72, Peak: 1}
	if c.Rotate {
		c.AxisX = rotatedAxisW // room for the first slanted label
	}
	c.PlotBottom = c.PlotTop + plotH
	c.PlotRight = c.AxisX + n*slot + 8
	c.Width = max(c.PlotRight, 470)
	for _, p := range t.Points {
		c.Peak = max(c.Peak, total(p.Summary))
	}
	maxRunes := slot/7 - 1
	if c.Rotate {
		maxRunes = 18
	}
	labels := make([]string, n)
	for i, p := range t.Points {
		labels[i] = textsafe.Visible(p.Label, nil)
	}
	short := chartLabels(labels, maxRunes)
	var desc []string
	for i, p := range t.Points {
		s := p.Summary
		x := c.AxisX + 8 + i*slot + (slot-barW)/2
		b := trendBar{X: x, Width: barW, CenterX: x + barW/2, Total: total(s), Current: p.Current,
			Date: p.At.UTC().Format("2006-01-02"), LabelY: c.PlotBottom + 16, DateY: c.PlotBottom + 30}
		label := labels[i]
		b.Label = short[i]
		b.Title = fmt.Sprintf("%s, %s: %d high, %d medium, %d unanswered, %d none or not applicable", label, b.Date,
			s.High, s.Medium, s.Unanswered, s.None+s.NotApplicable)
		if p.Current {
			b.Title += " (this report)"
		}
		desc = append(desc, b.Title)
		cum := 0
		y := func(cum int) int { return c.PlotBottom - cum*plotH/c.Peak }
		for _, part := range []struct {
			name, color string
			n           int
		}{
			{"high", colorHigh, s.High},
			{"medium", colorMedium, s.Medium},
			{"unanswered", colorUnanswered, s.Unanswered},
			{"none or not applicable", colorNone, s.None + s.NotApplicable},
		} {
			if part.n == 0 {
				continue
			}
			bottom := y(cum)
			cum += part.n
			top := y(cum)
			h := bottom - top
			b.Segments = append(b.Segments, segment{Name: part.name, Color: part.color, Count: part.n,
				Y: top, Height: h, TextY: top + h/2 + 4, ShowCount: h >= 14 && barW >= 18})
		}
		b.Top = y(cum)
		b.Height = c.PlotBottom - b.Top
		b.TotalY = b.Top - 4
		c.Bars = append(c.Bars, b)
	}
	c.Desc = "Questions by risk at each point, oldest first: " + strings.Join(desc, "; ") + "."
	x := 0
	for _, l := range []legendItem{
		{Name: "High", Color: colorHigh}, {Name: "Medium", Color: colorMedium},
		{Name: "Unanswered", Color: colorUnanswered}, {Name: "None or not applicable", Color: colorNone},
		{Name: "This report", Color: "none", Outline: true},
	} {
		l.X, l.TextX = x, x+18
		c.Legend = append(c.Legend, l)
		x += 18 + 7*len(l.Name) + 16
	}
	c.Width = max(c.Width, x)
	if c.Rotate {
		c.Height = c.PlotBottom + 16 + maxRunes*5 + 8
	} else {
		c.Height = c.PlotBottom + 40
	}
	return c
}

// total is the number of questions a summary counts by risk.
func total(s review.Summary) int {
	return s.High + s.Medium + s.Unanswered + s.None + s.NotApplicable
}

// chartLabels shortens each label to at most n runes for the chart. They
// are cut at the end ("2026-Q…") unless that makes different labels read
// the same, as when they share a long start ("2026 quarterly review number
// 1", "… number 2"); then each keeps its end instead ("…number 1"), from a
// word's start where it can.
func chartLabels(labels []string, n int) []string {
	head := make([]string, len(labels))
	tail := make([]string, len(labels))
	for i, l := range labels {
		head[i], tail[i] = shorten(l, n), shortenStart(l, n)
	}
	if tellsApart(labels, head) || !tellsApart(labels, tail) {
		return head
	}
	return tail
}

// tellsApart reports whether short gives different labels different
// shortenings.
func tellsApart(labels, short []string) bool {
	seen := map[string]string{}
	for i, s := range short {
		if l, ok := seen[s]; ok && l != labels[i] {
			return false
		}
		seen[s] = labels[i]
	}
	return true
}

// shortenStart cuts s to at most n runes keeping its end, starting with an
// ellipsis when cut, and at a word when the kept end holds a space.
func shortenStart(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	keep := r[len(r)-(n-1):]
	if i := slices.Index(keep, ' '); i >= 0 && i < len(keep)-1 {
		keep = keep[i+1:]
	}
	return "…" + string(keep)
}

// shorten cuts s to at most n runes, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	return string(r[:n-1]) + "…"
}

package reports

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/review"
)

// trendFixture is the fixture review with two milestones before it: 2026-Q2
// with nothing answered, and 2026-Q3, from which the current review differs
// in every way the "since" section lists. In 2026-Q3 a check the current
// review does not run failed on SEC01-BP08, whose gap is then no longer
// judged; action item s1#4 was done, and is open again now.
func trendFixture(t *testing.T, labels ...string) (review.Assessment, Options) {
	t.Helper()
	if len(labels) == 0 {
		labels = []string{"2026-Q2", "2026-Q3"}
	}
	a, o := fixture(t, "root has MFA, held by dana")
	q2At := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	q3At := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	cs := o.Evidence.Checks
	q2 := review.Assess(review.Input{Workload: a.Workload, Bank: o.Bank, Checks: cs, Now: q2At})
	q3Checks := append(slices.Clone(cs), checks.Check{ID: "securityhub.enabled", Title: "Security Hub is on", Severity: checks.Low, Practices: []string{"SEC01-BP08"}})
	q3 := review.Assess(review.Input{Workload: a.Workload, Bank: o.Bank, Checks: q3Checks, Now: q3At,
		Answers: []review.Answer{
			{PracticeID: "SEC01-BP01", Status: review.Met, By: "dana", At: q3At.Add(-time.Hour)},
			{PracticeID: "SEC01-BP02", Status: review.NotMet, By: "dana", At: q3At.Add(-time.Hour)},
			{PracticeID: "SEC02-BP01", Status: review.Met, By: "lee", At: q3At.Add(-time.Hour)},
			{PracticeID: "SEC02-BP06", Status: review.NotMet, By: "lee", At: q3At.Add(-time.Hour)},
		},
		Findings: []checks.Finding{
			{CheckID: "org.member", Status: checks.Fail, Account: "111111111111", Region: "global", Resource: "111111111111", Message: "not in an organization"},
			{CheckID: "iam.root-mfa", Status: checks.Pass, Account: "111111111111", Region: "global", Resource: "arn:aws:iam::111111111111:root", Message: "root has MFA"},
			{CheckID: "securityhub.enabled", Status: checks.Fail, Account: "111111111111", Region: "eu-west-1", Resource: "111111111111", Message: "Security Hub is off"},
		},
		Actions: []review.ActionItem{
			{ID: "s1#2", Title: "Require MFA for break-glass users", Owner: "lee", Due: "2026-09-30", PracticeID: "SEC02-BP01", State: review.ActionOpen},
			{ID: "s1#3", Title: "Write the root recovery runbook", Owner: "dana", Due: "2026-10-01", PracticeID: "SEC01-BP02", State: review.ActionOpen},
			{ID: "s1#4", Title: "Rotate the deploy keys", Owner: "sam", Due: "2026-12-01", State: review.ActionDone},
		}})
	a.Actions = []review.ActionItem{
		{ID: "s1#2", Title: "Require MFA for break-glass users", Owner: "lee", Due: "2026-09-30", PracticeID: "SEC02-BP01", State: review.ActionDone},
		{ID: "s1#3", Title: "Write the root recovery runbook", Owner: "dana", Due: "2026-10-01", PracticeID: "SEC01-BP02", State: review.ActionOpen, Overdue: true},
		{ID: "s1#4", Title: "Rotate the deploy keys", Owner: "sam", Due: "2026-12-01", State: review.ActionOpen},
	}
	d := review.Compare(review.Snapshot{Label: labels[1], Milestone: 2, At: q3At, Assessment: q3},
		review.Snapshot{Label: review.NowLabel, At: a.GeneratedAt, Assessment: a})
	o.Trend = &Trend{Points: []TrendPoint{
		{Label: labels[0], At: q2At, Summary: q2.Summary},
		{Label: labels[1], At: q3At, Summary: q3.Summary},
		{Label: review.NowLabel, At: a.GeneratedAt, Summary: a.Summary, Current: true},
	}, Since: &d}
	return a, o
}

func TestGolden_Trend(t *testing.T) {
	a, o := trendFixture(t)
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, md, "testdata/review-trend.md.golden")
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, page, "testdata/review-trend.html.golden")

	s := string(md)
	last := -1
	for _, h := range []string{"## Summary", "## Trend", "## Since 2026-Q3", "## Contradictions", "## Improvement plan"} {
		i := strings.Index(s, h)
		if i <= last {
			t.Errorf("%q missing or out of order", h)
		}
		last = i
	}
	for _, want := range []string{
		"| **now** (this report) | 2026-11-02 | 2 | 0 | 0 | 0 | 0 | 2 | 1 |",
		"| 2026-Q2 | 2026-04-01 | 0 | 0 | 0 | 2 | 0 | 0 | 0 |",
		"From 2026-Q3 (2026-07-01) to now (2026-11-02): 2 gaps closed, 1 no longer judged (evidence lost) and 1 opened; " +
			"0 questions improved and 1 regressed; 1 contradiction added and 1 resolved; 1 action item done, 1 reopened, 0 regressed and 1 overdue.",
		"- SEC02 How do you manage authentication for people and machines?: medium → high",
		"Gaps opened:\n\n- SEC02-BP01 Use strong sign-in mechanisms (high risk): from answer, evidence",
		"Gaps closed:\n\n- SEC01-BP01 Separate workloads using accounts (high risk)\n- SEC02-BP06 Employ user groups and attributes (medium risk)\n\n",
		"Gaps no longer judged (evidence lost): failing evidence showed these gaps, and now no finding passes or fails for them",
		"\n\n- SEC01-BP08 Evaluate and implement new security services and features regularly (low risk): no findings now\n\n",
		"Action items reopened (done before, open again):\n\n- Rotate the deploy keys (sam)\n\n",
		"Contradictions added:\n\n- SEC01-BP02 Secure account root user and properties (high risk): dana answered met on 2026-10-13",
		"Contradictions resolved:\n\n- SEC01-BP01 Separate workloads using accounts (high risk)",
		"Action items done:\n\n- Require MFA for break-glass users (lee), SEC02-BP01",
		"Action items overdue:\n\n- Write the root recovery runbook (dana), due 2026-10-01",
		"1 other best practice changed answer or evidence",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(s, "Action items regressed") {
		t.Error("an empty list is shown")
	}
	h := string(page)
	if n := strings.Count(h, "<svg"); n != 2 {
		t.Errorf("page has %d charts, want the risk chart and the trend chart", n)
	}
	trend := regexp.MustCompile(`(?s)<section class="trend">.*?</section>`).FindString(h)
	for _, want := range []string{`<figure class="chart">`, `<title id="trend-title">`, `<desc id="trend-desc">`, `stroke="#1f2328"`, ">now</text>", ">2026-Q2</text>"} {
		if !strings.Contains(trend, want) {
			t.Errorf("trend section lacks %q", want)
		}
	}
	if n := strings.Count(trend, "<g>\n<title>"); n != 3 {
		t.Errorf("trend chart has %d bars, want 3", n)
	}
}

func TestTrend_HostileLabels(t *testing.T) {
	hostileLabels := []string{`<script>alert(1)</script>`, `](javascript:x) | a | b |`}
	a, o := trendFixture(t, hostileLabels...)
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	if regexp.MustCompile(`(^|[^\\])<script`).MatchString(s) || regexp.MustCompile(`(^|[^\\])\]\(javascript`).MatchString(s) {
		t.Errorf("markdown holds a label unescaped:\n%s", s)
	}
	if !strings.Contains(s, `## Since \](javascript:x) \| a \| b \|`) {
		t.Error("the since heading does not show the label escaped")
	}
	rows := 0
	for _, row := range strings.Split(s, "\n") {
		if strings.HasPrefix(row, "| ") && strings.Contains(row, "| 2026-0") {
			rows++
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(row, -1)); n != 10 {
				t.Errorf("trend row has %d cell borders, want 10: %s", n, row)
			}
		}
	}
	if rows != 2 {
		t.Errorf("found %d rows of hostile milestones, want 2", rows)
	}
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	h := string(page)
	if strings.Contains(h, "<script") || strings.Contains(h, "href=") || regexp.MustCompile(`<(a|img|iframe)\b`).MatchString(h) {
		t.Error("html contains live markup from a milestone label")
	}
	if n := strings.Count(h, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 3 {
		t.Errorf("the label is shown escaped %d times, want it in the table, the chart's label and its description", n)
	}
	trend := regexp.MustCompile(`(?s)<section class="trend">.*?</section>`).FindString(h)
	trs := regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(trend, -1)
	if len(trs) != 4 {
		t.Fatalf("trend table has %d rows, want 4", len(trs))
	}
	for _, r := range trs[1:] {
		if n := strings.Count(r, "<td"); n != 9 {
			t.Errorf("trend row has %d cells, want 9:\n%s", n, r)
		}
	}
}

func TestTrend_SectionsOnlyWhenThereIsATrend(t *testing.T) {
	a, plain := fixture(t, "root has MFA, held by dana")
	wantMD, err := Markdown(a, plain)
	if err != nil {
		t.Fatal(err)
	}
	wantHTML, err := HTML(a, plain)
	if err != nil {
		t.Fatal(err)
	}
	one := plain
	one.Trend = &Trend{Points: []TrendPoint{{Label: review.NowLabel, At: now, Summary: a.Summary, Current: true}}}
	md, err := Markdown(a, one)
	if err != nil {
		t.Fatal(err)
	}
	page, err := HTML(a, one)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(md, wantMD) || !bytes.Equal(page, wantHTML) {
		t.Error("a trend of one point changes the report")
	}

	_, o := trendFixture(t)
	o.Trend.Since = nil
	md, err = Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(md); !strings.Contains(s, "## Trend") || strings.Contains(s, "## Since") {
		t.Errorf("with no diff: trend %v, since %v", strings.Contains(s, "## Trend"), strings.Contains(s, "## Since"))
	}
}

// TestTrend_NothingChanged checks the since section of a diff that lists
// nothing, or nothing but overdue action items: it says nothing changed, then
// lists the overdue items under a sentence that counts them.
func TestTrend_NothingChanged(t *testing.T) {
	nothing := "## Since 2026-Q4\n\nNothing changed from 2026-Q4 (2026-11-02) to now (2026-11-02): no question changed risk, " +
		"no gap opened, closed or lost its evidence, no contradiction was added or resolved, and no action item was done, reopened or regressed.\n\n"
	late := func(id, title string) review.ActionItem {
		return review.ActionItem{ID: id, Title: title, Owner: "dana", Due: "2026-10-01", State: review.ActionOpen, Overdue: true}
	}
	tests := []struct {
		name    string
		actions []review.ActionItem
		want    string
	}{
		{"nothing at all", nil, nothing},
		{"an action item done on both sides", []review.ActionItem{{ID: "s1#1", Title: "Done long ago", Owner: "lee", State: review.ActionDone}}, nothing},
		{"one item overdue", []review.ActionItem{late("s1#3", "Write the root recovery runbook")},
			nothing + "1 action item is overdue:\n\n- Write the root recovery runbook (dana), due 2026-10-01\n\n"},
		{"two items overdue", []review.ActionItem{late("s1#3", "Write the root recovery runbook"), late("s1#5", "Tag the *prod* buckets")},
			nothing + "2 action items are overdue:\n\n- Write the root recovery runbook (dana), due 2026-10-01\n- Tag the \\*prod\\* buckets (dana), due 2026-10-01\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, o := trendFixture(t)
			a.Actions = tt.actions
			snap := review.Snapshot{Label: "2026-Q4", Milestone: 3, At: now, Assessment: a}
			d := review.Compare(snap, review.Snapshot{Label: review.NowLabel, At: now, Assessment: a})
			o.Trend.Since = &d
			md, err := Markdown(a, o)
			if err != nil {
				t.Fatal(err)
			}
			s := string(md)
			since := s[strings.Index(s, "## Since"):strings.Index(s, "## Contradictions")]
			if since != tt.want {
				t.Errorf("since section =\n%q\nwant\n%q", since, tt.want)
			}
		})
	}
}

func Test_sinceView(t *testing.T) {
	overdue := []review.ActionItem{{ID: "s1#3", Overdue: true}}
	lost := func(unknown int) review.PracticeChange {
		return review.PracticeChange{ID: "P1", Change: review.EvidenceLost,
			From: &review.PracticeState{Gap: true, GapSources: []string{"evidence"}, Failing: 1}, To: &review.PracticeState{Unknown: unknown}}
	}
	tests := []struct {
		name  string
		d     review.Diff
		empty bool
		lost  []string // EvidenceLost's Now
	}{
		{name: "nothing", empty: true},
		{name: "only overdue", d: review.Diff{ActionsOverdue: overdue, Counts: review.DiffCounts{ActionsOverdue: 1}}, empty: true},
		{name: "a reopened item", d: review.Diff{ActionsReopened: overdue, Counts: review.DiffCounts{ActionsReopened: 1}}},
		{name: "a changed question", d: review.Diff{Questions: []review.QuestionChange{{ID: "Q1", Change: review.Changed}}}},
		{name: "a practice added", d: review.Diff{Practices: []review.PracticeChange{{ID: "P1", Change: review.Added}}}},
		{name: "evidence lost", d: review.Diff{Practices: []review.PracticeChange{lost(2), lost(0), lost(1)}, Counts: review.DiffCounts{EvidenceLost: 3}},
			lost: []string{"2 findings unknown now, none pass or fail", "no findings now", "1 finding unknown now, none pass or fail"}},
	}
	for _, tt := range tests {
		v := sinceView(tt.d)
		if v.Empty != tt.empty {
			t.Errorf("%s: empty %v, want %v", tt.name, v.Empty, tt.empty)
		}
		var got []string
		for _, l := range v.EvidenceLost {
			got = append(got, l.Now)
		}
		if !slices.Equal(got, tt.lost) || len(v.GapsClosed) != 0 {
			t.Errorf("%s: evidence lost %v (gaps closed %d), want %v", tt.name, got, len(v.GapsClosed), tt.lost)
		}
	}
	for n, want := range map[int]string{0: "0 action items are overdue", 1: "1 action item is overdue", 3: "3 action items are overdue"} {
		if got := overdueHeading(n); got != want {
			t.Errorf("overdueHeading(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTrendChart_Readable(t *testing.T) {
	for n := 1; n <= 20; n++ {
		tr := &Trend{}
		for i := range n {
			label := strings.Repeat("milestone-", i%4+1) + string(rune('A'+i))
			s := review.Summary{High: i % 5, Medium: 3, Unanswered: (i * 7) % 11, None: i, NotApplicable: 1}
			tr.Points = append(tr.Points, TrendPoint{Label: label, At: now.AddDate(0, -3*(n-i), 0), Summary: s, Current: i == n-1})
		}
		c := trendChart(tr)
		if len(c.Bars) != n {
			t.Fatalf("%d points: %d bars", n, len(c.Bars))
		}
		if c.Width > 820 {
			t.Errorf("%d points: chart is %d wide", n, c.Width)
		}
		maxRunes := 12
		if c.Rotate {
			maxRunes = 18
		}
		for i, b := range c.Bars {
			if b.Width < 16 {
				t.Errorf("%d points: bar %d is %d wide", n, i, b.Width)
			}
			if i > 0 && c.Bars[i-1].X+c.Bars[i-1].Width+8 > b.X {
				t.Errorf("%d points: bars %d and %d touch", n, i-1, i)
			}
			if b.X+b.Width > c.Width {
				t.Errorf("%d points: bar %d leaves the chart", n, i)
			}
			if utf8.RuneCountInString(b.Label) > maxRunes {
				t.Errorf("%d points: label %q is not shortened", n, b.Label)
			}
			// A slanted label (about 6 px a character at 40°) stays on the chart.
			if c.Rotate && float64(b.CenterX) < 6*0.77*float64(maxRunes) {
				t.Errorf("%d points: label of bar %d leaves the chart on the left", n, i)
			}
			if !strings.HasPrefix(b.Title, tr.Points[i].Label+", ") {
				t.Errorf("%d points: bar title %q lacks the full label", n, b.Title)
			}
			if (i == n-1) != b.Current || b.Current != strings.HasSuffix(b.Title, "(this report)") {
				t.Errorf("%d points: bar %d current %v, title %q", n, i, b.Current, b.Title)
			}
			// The segments stack without gaps from the axis to the top.
			y, sum := c.PlotBottom, 0
			for _, sg := range b.Segments {
				if sg.Y+sg.Height != y {
					t.Errorf("%d points: bar %d segment %s does not sit on the one below", n, i, sg.Name)
				}
				y, sum = sg.Y, sum+sg.Count
			}
			if y != b.Top || sum != b.Total || b.Top < c.PlotTop || b.Height != c.PlotBottom-b.Top {
				t.Errorf("%d points: bar %d top %d, total %d of %d", n, i, b.Top, sum, b.Total)
			}
		}
		if c.Rotate != (n > 10) {
			t.Errorf("%d points: labels slanted %v", n, c.Rotate)
		}
	}
	// The tallest bar reaches the top.
	c := trendChart(&Trend{Points: []TrendPoint{{Label: "a", Summary: review.Summary{High: 1}}, {Label: "b", Summary: review.Summary{High: 4, None: 4}}}})
	if c.Bars[1].Top != c.PlotTop || c.Peak != 8 || c.Bars[0].Height != (c.PlotBottom-c.PlotTop)/8 {
		t.Errorf("scale: peak %d, tops %d %d, plot top %d", c.Peak, c.Bars[0].Top, c.Bars[1].Top, c.PlotTop)
	}
}

// TestTrendChart_SharedStart: names that share a long start keep their
// ends on the chart, so each bar reads differently; the full name stays in
// the bar's title.
func TestTrendChart_SharedStart(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   []string
	}{
		{"quarterly reviews", []string{
			"2026 quarterly review number 1", "2026 quarterly review number 2", "2026 quarterly review number 3",
			"2026 quarterly review number 4", "2026 quarterly review number 5", "2026 quarterly review number 6",
			"2026 quarterly review number 7", "2026 quarterly review number 8"},
			[]string{"…number 1", "…number 2", "…number 3", "…number 4", "…number 5", "…number 6", "…number 7", "…number 8"}},
		{"with now", []string{
			"2026 quarterly review number 1", "2026 quarterly review number 2", "2026 quarterly review number 3",
			"2026 quarterly review number 4", "2026 quarterly review number 5", "2026 quarterly review number 6",
			"2026 quarterly review number 7", review.NowLabel},
			[]string{"…number 1", "…number 2", "…number 3", "…number 4", "…number 5", "…number 6", "…number 7", "now"}},
		// Ends that differ are cut at the end, as before.
		{"different starts", []string{"2026-Q1", "2026-Q2", "annual review of 2026", "after the incident of March"},
			[]string{"2026-Q1", "2026-Q2", "annual revi…", "after the i…"}},
		{"long, different starts", []string{"a", "b", "c", "d", "e", "f", "annual review of 2026", "after the incident of March"},
			[]string{"a", "b", "c", "d", "e", "f", "annual rev…", "after the …"}},
	}
	for _, tt := range tests {
		tr := &Trend{}
		for i, l := range tt.labels {
			tr.Points = append(tr.Points, TrendPoint{Label: l, At: now.AddDate(0, 3*i, 0), Summary: review.Summary{High: 1},
				Current: i == len(tt.labels)-1})
		}
		c := trendChart(tr)
		var got []string
		for i, b := range c.Bars {
			got = append(got, b.Label)
			if !strings.HasPrefix(b.Title, tt.labels[i]+", ") {
				t.Errorf("%s: bar %d title %q lacks the full name", tt.name, i, b.Title)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: labels %q, want %q", tt.name, got, tt.want)
		}
	}
	// Twenty of them, slanted, still read differently.
	tr := &Trend{}
	for i := range 20 {
		tr.Points = append(tr.Points, TrendPoint{Label: fmt.Sprintf("2026 quarterly review number %d", i+1), At: now.AddDate(0, i, 0)})
	}
	c := trendChart(tr)
	seen := map[string]bool{}
	for _, b := range c.Bars {
		if seen[b.Label] || utf8.RuneCountInString(b.Label) > 18 {
			t.Errorf("20 points: label %q repeats or is too long", b.Label)
		}
		seen[b.Label] = true
	}
	if c.Bars[19].Label != "…review number 20" {
		t.Errorf("20 points: last label %q", c.Bars[19].Label)
	}
}

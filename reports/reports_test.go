package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

var now = time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC)

// fixture is a small review: two questions, five practices, one check that
// contradicts a met answer and one that verifies another.
func fixture(t testing.TB, note string) (review.Assessment, Options) {
	t.Helper()
	lens := questions.Lens{ID: "mini", Name: "Mini lens", Questions: []questions.Question{
		{ID: "SEC01", Title: "How do you securely operate your workload?", Summary: "Accounts, root and threats.", Practices: []questions.Practice{
			{ID: "SEC01-BP01", Title: "Separate workloads using accounts", Risk: questions.High,
				Why: "One account for everything means one mistake reaches everything.", NextStep: "Move production into its own account."},
			{ID: "SEC01-BP02", Title: "Secure account root user and properties", Risk: questions.High,
				Why: "Root can delete everything.", NextStep: "Add MFA to root."},
			{ID: "SEC01-BP08", Title: "Evaluate and implement new security services and features regularly", Risk: questions.Low,
				Why: "New features close old gaps.", NextStep: "Review AWS security announcements monthly."},
		}},
		{ID: "SEC02", Title: "How do you manage authentication for people and machines?", Practices: []questions.Practice{
			{ID: "SEC02-BP01", Title: "Use strong sign-in mechanisms", Risk: questions.High,
				Why: "Passwords alone get phished.", NextStep: "Require MFA for every human."},
			{ID: "SEC02-BP06", Title: "Employ user groups and attributes", Risk: questions.Medium,
				Why: "Per-user policies drift.", NextStep: "Grant through groups."},
		}},
	}}
	bank, err := questions.NewBank(lens)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC)
	answers := []review.Answer{
		{PracticeID: "SEC01-BP01", Status: review.Met, Note: "prod, staging and logs are separate accounts", By: "dana", At: at},
		{PracticeID: "SEC01-BP02", Status: review.Met, Note: note, By: "dana", At: at.Add(time.Minute)},
		{PracticeID: "SEC01-BP08", Status: review.NotApplicable, Reason: "covered by the group security team", By: "lee", At: at.Add(2 * time.Minute)},
		{PracticeID: "SEC02-BP01", Status: review.NotMet, Note: "break-glass users have no MFA", By: "lee", At: at.Add(3 * time.Minute)},
	}
	cs := []checks.Check{
		{ID: "iam.root-mfa", Title: "Root user has MFA", Severity: checks.Critical, Practices: []string{"SEC01-BP02", "SEC02-BP01"}},
		{ID: "org.member", Title: "Account is in an organization", Severity: checks.Medium, Practices: []string{"SEC01-BP01"}},
	}
	fs := []checks.Finding{
		{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111111111111", Region: "global", Resource: "arn:aws:iam::111111111111:root", Message: "root has no MFA"},
		{CheckID: "org.member", Status: checks.Pass, Account: "111111111111", Region: "global", Resource: "111111111111", Message: "member of o-abc"},
	}
	a := review.Assess(review.Input{
		Workload: review.Workload{Name: "payments", Owner: "platform team", Environment: "production", CreatedAt: at},
		Bank:     bank, Answers: answers, Checks: cs, Findings: fs, Now: now,
		History: map[string]int{"SEC01-BP02": 2},
	})
	ev := &Evidence{RunID: "run-20261102T100000Z-abcd", ObservedAt: now.Add(-30 * time.Minute),
		Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"}, Checks: cs,
		Findings: append(fs, checks.Finding{CheckID: "org.member", Status: checks.Unknown, Account: "222222222222",
			Resource: "account/222222222222", Message: "Not judged: could not read organizations:DescribeOrganization (AccessDenied).",
			Actions: []string{"organizations:DescribeOrganization"}})}
	return a, Options{Version: "test", Lenses: bank.Lenses, Bank: bank, Evidence: ev}
}

func TestGolden(t *testing.T) {
	a, o := fixture(t, "root has MFA, held by dana")
	for _, tt := range []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"review.md", func() ([]byte, error) { return Markdown(a, o) }},
		{"review.html", func() ([]byte, error) { return HTML(a, o) }},
		{"review.json", func() ([]byte, error) { return JSON(a, o) }},
		{"review.csv", func() ([]byte, error) { return CSV(a) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, b, "testdata/"+tt.name+".golden")
		})
	}
}

func TestMarkdown_SectionsInOrder(t *testing.T) {
	a, o := fixture(t, "fine")
	b, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	last := -1
	for _, h := range []string{"# Security review: payments", "## Summary", "## Contradictions", "## Improvement plan",
		"## Questions in detail", "### SEC01", "### SEC02", "## Appendix: evidence", "### iam.root-mfa", "### org.member"} {
		i := strings.Index(s, h)
		if i <= last {
			t.Errorf("%q missing or out of order", h)
		}
		last = i
	}
	// Plan: SEC01-BP02 (high, contradiction, critical) before SEC02-BP01 (high, critical, not a contradiction).
	if i, j := strings.Index(s, "| 1 | SEC01-BP02"), strings.Index(s, "| 2 | SEC02-BP01"); i < 0 || j < i {
		t.Errorf("plan order wrong:\n%s", s)
	}
	for _, want := range []string{"contradicted: 1 failing", "verified: 1 passing", "not applicable (reason: covered by the group security team)", "(2 answers)"} {
		if !strings.Contains(s, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`[click](javascript:alert(1))`,
	`&#106;avascript:alert(1)`,
	`![img](http://example.com/x.png)`,
	"| a | b |",
	"line one\nline two",
	"`code` *em* _em_ **strong** ~~del~~ <http://example.com>",
}

func TestHostileInput(t *testing.T) {
	note := strings.Join(hostile, " ")
	a, o := fixture(t, note)
	a.Workload.Name = `pay"><img src=x onerror=alert(1)>`
	for i := range a.Questions[0].Practices {
		a.Questions[0].Practices[i].Title += ` <script>x</script>`
	}
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if strings.Contains(s, "<script") || strings.Contains(s, "<img") || strings.Contains(s, "href=") || regexp.MustCompile(`<(a|img|script|iframe|del|em|code)\b`).MatchString(s) {
		t.Error("html contains live markup from input")
	}
	if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the note's text is not shown escaped")
	}
	// The practice row keeps 7 cells although the note holds pipes.
	row := regexp.MustCompile(`(?s)<tr>\s*<td>SEC01-BP02.*?</tr>`).FindString(s)
	if n := strings.Count(row, "<td"); n != 7 {
		t.Errorf("practice row has %d cells, want 7:\n%s", n, row)
	}
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), `\<script\>alert(1)\</script\>`) {
		t.Error("markdown does not escape the note")
	}
}

func TestHTML_SelfContained(t *testing.T) {
	a, o := fixture(t, "fine")
	b, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	urls := regexp.MustCompile(`https?://[^\s"'<>)]*`).FindAllString(s, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("html references %s", u)
		}
	}
	for _, want := range []string{`http-equiv="Content-Security-Policy"`, "@media print", "section.question { break-before: page; }", "<svg", `<section class="question">`} {
		if !strings.Contains(s, want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestEscapeMarkdown_Lossless(t *testing.T) {
	cases := append([]string{`a\b`, "*x*", "_y_", "#1", "1. item", "- item", "+ item", "= x", "a|b", "{.class}", "&amp;", "!", "~~s~~", "[a]: b"}, hostile...)
	for _, in := range cases {
		var b bytes.Buffer
		if err := markdown.Convert([]byte("x "+EscapeMarkdown(in)), &b); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(b.String()), "<p>"), "</p>")
		want := "x " + strings.Join(strings.Fields(strings.ReplaceAll(in, "\n", " ")), " ")
		got = strings.Join(strings.Fields(html.UnescapeString(got)), " ")
		if got != want {
			t.Errorf("EscapeMarkdown(%q) renders as %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	a, _ := fixture(t, "=HYPERLINK(\"http://evil\",\"x\")")
	b, err := CSV(a)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines, want header + 5 practices", len(lines))
	}
	if !strings.Contains(string(b), `'=HYPERLINK(`) {
		t.Error("formula not defused")
	}
}

func TestJSON_Document(t *testing.T) {
	a, o := fixture(t, "fine")
	b, err := JSON(a, o)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "tool", "workload", "generated_at", "summary", "questions", "contradictions", "improvement_plan"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("json lacks %q", k)
		}
	}
	if doc["version"] != float64(1) {
		t.Errorf("version = %v", doc["version"])
	}
	q := doc["questions"].([]any)[0].(map[string]any)
	p := q["practices"].([]any)[1].(map[string]any)
	if q["risk"] != "high" || p["status"] != "met" || p["contradicted"] != true || p["risk"] != "high" {
		t.Errorf("question/practice shape: %v / %v", q["risk"], p)
	}
}

func TestRiskChart(t *testing.T) {
	c := riskChart(review.Summary{Questions: 12, High: 6, Medium: 3, None: 0, Unanswered: 1, NotApplicable: 2})
	w := map[string]int{}
	for _, b := range c.Bars {
		w[b.Label] = b.Width
	}
	if w["High"] != 360 || w["Medium"] != 180 || w["None"] != 0 || w["Unanswered"] != 60 || w["Not applicable"] != 120 {
		t.Errorf("bar widths: %v", w)
	}
	c = riskChart(review.Summary{Questions: 400, High: 399, Medium: 1})
	if c.Bars[1].Width < 2 {
		t.Errorf("a non-zero count must stay visible, width %d", c.Bars[1].Width)
	}
}

func BenchmarkHTML(b *testing.B) {
	a, o := fixture(b, "a note of moderate length that says what the team does and does not do")
	for b.Loop() {
		if _, err := HTML(a, o); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEvidenceAppendix(t *testing.T) {
	a, o := fixture(t, "fine")
	// 30 failing resources: Markdown lists 25 and says how many more; JSON and CSV carry all.
	ev := *o.Evidence
	ev.Findings = nil
	for i := 0; i < 30; i++ {
		ev.Findings = append(ev.Findings, checks.Finding{CheckID: "iam.root-mfa", Status: checks.Fail, Account: fmt.Sprintf("1111111111%02d", i),
			Resource: fmt.Sprintf("arn:aws:iam::1111111111%02d:root", i), Message: "root has no MFA"})
	}
	ev.Findings = append(ev.Findings, checks.Finding{CheckID: "org.member", Status: checks.Unknown, Account: "111111111100",
		Resource: "account/111111111100", Actions: []string{"organizations:DescribeOrganization"}})
	o.Evidence = &ev
	a = review.Assess(review.Input{Workload: a.Workload, Bank: o.Bank, Checks: ev.Checks, Findings: ev.Findings, Now: now})
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	app := s[strings.Index(s, "## Appendix: evidence"):]
	for _, want := range []string{"| iam.root-mfa | Root user has MFA | critical | 0 | 30 | 0 |", "| org.member | Account is in an organization | medium | 0 | 0 | 1 |",
		"Failing resources (30):", "- and 5 more", "grant organizations:DescribeOrganization", "111111111124 global: arn:aws:iam::111111111124:root"} {
		if !strings.Contains(app, want) {
			t.Errorf("appendix lacks %q:\n%s", want, app)
		}
	}
	if strings.Contains(app, "111111111125") {
		t.Error("appendix lists more than 25 failing resources")
	}
	b, err := JSON(a, o)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Evidence EvidenceSummary `json:"evidence"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	e := doc.Evidence
	if e.RunID != ev.RunID || e.Findings["fail"] != 30 || e.Findings["unknown"] != 1 || len(e.Checks) != 2 ||
		len(e.Checks[0].Failing) != 30 || strings.Join(e.ActionsToGrant, ",") != "organizations:DescribeOrganization" {
		t.Errorf("json evidence: %+v", e)
	}
	c, err := CSV(a)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(c), "iam.root-mfa 1111111111"); n != 60 { // SEC01-BP02 and SEC02-BP01 rows
		t.Errorf("csv carries %d failing resources, want 60", n)
	}
}

func TestEvidenceAppendix_HostileValues(t *testing.T) {
	a, o := fixture(t, "fine")
	ev := *o.Evidence
	ev.Findings = []checks.Finding{{CheckID: "iam.root-mfa", Status: checks.Fail, Account: "111111111111",
		Resource: "<script>alert(1)</script>", Message: "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"}}
	o.Evidence = &ev
	a = review.Assess(review.Input{Workload: a.Workload, Bank: o.Bank, Answers: nil, Checks: ev.Checks, Findings: ev.Findings, Now: now})
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if strings.Contains(s, "<script") || strings.Contains(s, `href="javascript`) || strings.Contains(s, "<img") || strings.Contains(s, "href=") {
		t.Errorf("html carries live markup from AWS values")
	}
	if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(s, "[x](javascript:alert(1))") {
		t.Error("the hostile values are not shown as text")
	}
}

// appendixSections splits the Markdown appendix into its "### " sections,
// heading → body.
func appendixSections(t *testing.T, md string) map[string]string {
	t.Helper()
	i := strings.Index(md, "## Appendix: evidence")
	if i < 0 {
		t.Fatalf("no appendix:\n%s", md)
	}
	out := map[string]string{}
	for _, part := range strings.Split(md[i:], "\n### ")[1:] {
		head, body, _ := strings.Cut(part, "\n")
		out[head] = body
	}
	return out
}

func TestEvidenceAppendix_UnknownsAGrantWontFix(t *testing.T) {
	a, o := fixture(t, "fine")
	ev := *o.Evidence
	ev.Checks = append(append([]checks.Check(nil), ev.Checks...),
		checks.Check{ID: "s3.block-public", Title: "Buckets block public access", Severity: checks.High, Practices: []string{"SEC01-BP01"}},
		checks.Check{ID: "ec2.ebs-encrypted", Title: "Volumes are encrypted", Severity: checks.Medium, Practices: []string{"SEC01-BP01"}})
	ev.Findings = []checks.Finding{
		// org.member: one unknown a grant fixes, two it does not.
		{CheckID: "org.member", Status: checks.Unknown, Account: "111111111111", Resource: "account/111111111111",
			Message: "Not judged: could not read organizations:DescribeOrganization (AccessDenied).", Actions: []string{"organizations:DescribeOrganization"}},
		{CheckID: "org.member", Status: checks.Unknown, Account: "222222222222", Resource: "account/222222222222",
			Message: "Not judged: organizations:DescribeOrganization was throttled."},
		{CheckID: "org.member", Status: checks.Unknown, Account: "333333333333", Resource: "account/333333333333",
			Message: "Not judged: the read timed out."},
		// s3.block-public: only an unknown without actions, with a hostile message.
		{CheckID: "s3.block-public", Status: checks.Unknown, Account: "111111111111", Region: "ap-east-1", Resource: "region/ap-east-1",
			Message: "Not judged: no endpoint <img src=x onerror=alert(1)> [x](javascript:alert(1))"},
	}
	// ec2.ebs-encrypted: 30 unknowns for lack of endpoints; 25 listed.
	for i := 0; i < 30; i++ {
		ev.Findings = append(ev.Findings, checks.Finding{CheckID: "ec2.ebs-encrypted", Status: checks.Unknown, Account: "111111111111",
			Region: "eu-west-1", Resource: fmt.Sprintf("vol-%02d", i), Message: "Not judged: NoEndpoint"})
	}
	o.Evidence = &ev
	a = review.Assess(review.Input{Workload: a.Workload, Bank: o.Bank, Checks: ev.Checks, Findings: ev.Findings, Now: now})
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	secs := appendixSections(t, string(md))
	for head, body := range secs {
		if strings.TrimSpace(body) == "" {
			t.Errorf("section %q is empty", head)
		}
	}

	org := secs["org.member Account is in an organization"]
	for _, want := range []string{"Unknown resources (3):",
		"- 111111111111 global: account/111111111111 — Not judged: could not read organizations:DescribeOrganization (AccessDenied).",
		"- 222222222222 global: account/222222222222 — Not judged: organizations:DescribeOrganization was throttled.",
		"- 333333333333 global: account/333333333333 — Not judged: the read timed out.",
		"Not judged on 1 resource(s) for lack of read access: grant organizations:DescribeOrganization.",
		"2 resource(s) were not judged for reasons a grant does not fix"} {
		if !strings.Contains(org, want) {
			t.Errorf("org.member section lacks %q:\n%s", want, org)
		}
	}

	s3, ok := secs["s3.block-public Buckets block public access"]
	if !ok {
		t.Fatalf("a check with only unknowns without actions has no section:\n%s", md)
	}
	if !strings.Contains(s3, `- 111111111111 ap-east-1: region/ap-east-1 — Not judged: no endpoint \<img src=x onerror=alert(1)\> \[x\](javascript:alert(1))`) ||
		!strings.Contains(s3, "1 resource(s) were not judged for reasons a grant does not fix") {
		t.Errorf("s3.block-public section:\n%s", s3)
	}
	if strings.Contains(s3, "grant ") && !strings.Contains(s3, "a grant does not fix") || strings.Contains(s3, "Not judged on") {
		t.Errorf("s3.block-public asks for a grant that would not help:\n%s", s3)
	}

	ebs := secs["ec2.ebs-encrypted Volumes are encrypted"]
	if !strings.Contains(ebs, "Unknown resources (30):") || !strings.Contains(ebs, "vol-24 — Not judged: NoEndpoint") ||
		strings.Contains(ebs, "vol-25") || !strings.Contains(ebs, "- and 5 more") {
		t.Errorf("ec2.ebs-encrypted section does not list 25 unknowns and how many more:\n%s", ebs)
	}

	// The HTML page carries the same lists, with the hostile message as text.
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(page); strings.Contains(s, "<img") || strings.Contains(s, "href=") ||
		!strings.Contains(s, "Not judged: no endpoint &lt;img src=x onerror=alert(1)&gt;") {
		t.Error("html does not show the unknown finding's message as text")
	}
	// JSON keeps every unjudged finding and the missing actions of the check.
	b, err := JSON(a, o)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Evidence EvidenceSummary `json:"evidence"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Evidence.Checks {
		if c.Check == "ec2.ebs-encrypted" && (len(c.Unjudged) != 30 || c.MissingActions != nil) {
			t.Errorf("json %s: %d unjudged, missing actions %v", c.Check, len(c.Unjudged), c.MissingActions)
		}
	}
}

func TestEvidenceAppendix_RunEndedEarly(t *testing.T) {
	a, o := fixture(t, "fine")
	// A run that finished: no paragraph, no "error" in JSON.
	md, err := Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "ended early") {
		t.Error("a finished run is said to have ended early")
	}
	b, err := JSON(a, o)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Evidence map[string]any `json:"evidence"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Evidence["error"]; ok || raw.Evidence == nil {
		t.Errorf("finished run: evidence %v", raw.Evidence)
	}

	ev := *o.Evidence
	ev.Error = "interrupted <b>by</b> *operator*"
	o.Evidence = &ev
	md, err = Markdown(a, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	app := s[strings.Index(s, "## Appendix: evidence"):]
	want := "## Appendix: evidence\n\n**This run ended early: interrupted \\<b\\>by\\</b\\> \\*operator\\*.** Regions or services it did not reach have no findings"
	if !strings.HasPrefix(app, want) {
		t.Errorf("appendix does not open with the early end:\n%s", app)
	}
	page, err := HTML(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if p := string(page); strings.Contains(p, "<b>by") ||
		!strings.Contains(p, "<strong>This run ended early: interrupted &lt;b&gt;by&lt;/b&gt; *operator*.</strong>") {
		t.Errorf("html does not show the early end as text")
	}
	b, err = JSON(a, o)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Evidence EvidenceSummary `json:"evidence"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Evidence.Error != ev.Error {
		t.Errorf("json evidence error %q, want %q", doc.Evidence.Error, ev.Error)
	}
}

func TestRegionLabel(t *testing.T) {
	for in, want := range map[string]string{"": "global", "eu-west-1": "eu-west-1"} {
		if got := RegionLabel(in); got != want {
			t.Errorf("RegionLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEscapeMarkdown_Hidden: control characters, bidi overrides and invisible
// characters never reach a report as they are; they show as their codes.
func TestEscapeMarkdown_Hidden(t *testing.T) {
	for in, want := range map[string]string{
		"reset\x1bc":       `reset\\u001bc`,
		"evil\u202egnp":    `evil\\u202egnp`,
		"zero\u200bwidth":  `zero\\u200bwidth`,
		"bell\a and\nline": `bell\\u0007 and line`,
	} {
		got := EscapeMarkdown(in)
		if got != want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", in, got, want)
		}
		var html bytes.Buffer
		if err := markdown.Convert([]byte(got), &html); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(html.String(), "\x1b\u202e\u200b\a") {
			t.Errorf("%q reaches HTML with a hidden character: %q", in, html.String())
		}
	}
	if f := fence("log line \x1b[2J\nnext\tcolumn"); strings.Contains(f, "\x1b") || !strings.Contains(f, "\\u001b[2J\nnext\tcolumn") {
		t.Errorf("fence keeps a hidden character or loses the layout: %q", f)
	}
}

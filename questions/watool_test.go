package questions_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/questions"
)

// decodeLens decodes custom lens JSON into the format's Go structs.
func decodeLens(t *testing.T, data []byte) questions.WAToolLens {
	t.Helper()
	var l questions.WAToolLens
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		t.Fatalf("decode lens JSON: %v", err)
	}
	return l
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roomRisk is warroom's question risk (DESIGN.md, scoring) written as a WA
// risk: high if a high-risk practice is not met, else medium if a medium one
// is not, else none. Low-risk gaps do not raise a question's risk.
func roomRisk(ps []questions.Practice, met func(i int) bool) string {
	risk := questions.WANoRisk
	for i, p := range ps {
		if met(i) {
			continue
		}
		if p.Risk == questions.High {
			return questions.WAHighRisk
		}
		if p.Risk == questions.Medium {
			risk = questions.WAMediumRisk
		}
	}
	return risk
}

func TestExportWATool_Builtin(t *testing.T) {
	lenses, err := questions.DefaultLenses()
	if err != nil {
		t.Fatal(err)
	}
	data, warnings, err := questions.ExportWATool(lenses)
	if err != nil {
		t.Fatalf("export built-in lenses: %v", err)
	}
	golden.Assert(t, data, "testdata/watool/builtin.golden.json")
	// The one thing the format cannot hold: SEC11's title is 137 characters.
	if len(warnings) != 1 || !strings.Contains(warnings[0], "question SEC11: the title is 137 characters and the WA Tool allows 128, so the export shortens it to") {
		t.Errorf("warnings = %q, want only the shortened SEC11 title", warnings)
	}
	doc := decodeLens(t, data)
	if doc.SchemaVersion != "2021-11-01" || doc.Name != "warroom: Security Pillar, Backup (Reliability REL09)" {
		t.Errorf("schemaVersion %q, name %q", doc.SchemaVersion, doc.Name)
	}
	want := []struct {
		id, name  string
		questions int
	}{{"security", "Security", 11}, {"reliability", "Reliability", 1}}
	if len(doc.Pillars) != len(want) {
		t.Fatalf("pillars = %d, want %d", len(doc.Pillars), len(want))
	}
	for i, w := range want {
		if p := doc.Pillars[i]; p.ID != w.id || p.Name != w.name || len(p.Questions) != w.questions {
			t.Errorf("pillar %d = %s %q with %d questions, want %+v", i, p.ID, p.Name, len(p.Questions), w)
		}
	}
	// Each built-in lens exports alone too, named after itself.
	for _, l := range lenses {
		b, _, err := questions.ExportWATool([]questions.Lens{l})
		if err != nil {
			t.Errorf("export lens %s: %v", l.ID, err)
			continue
		}
		if d := decodeLens(t, b); d.Name != l.Name || d.Description != l.Description {
			t.Errorf("lens %s exported as %q / %q", l.ID, d.Name, d.Description)
		}
	}
}

func TestExportWATool_LimitsOfTheBuiltinExport(t *testing.T) {
	lenses, _ := questions.DefaultLenses()
	data, _, err := questions.ExportWATool(lenses)
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeLens(t, data)
	idRE := regexp.MustCompile(`^[A-Za-z0-9_]{3,128}$`)
	if n := len([]rune(string(data))); n > 500000 {
		t.Errorf("export is %d characters", n)
	}
	qids := map[string]bool{}
	for _, p := range doc.Pillars {
		if !idRE.MatchString(p.ID) || len(p.Questions) > 20 || len(doc.Pillars) > 10 {
			t.Errorf("pillar %s breaks a limit", p.ID)
		}
		for _, q := range p.Questions {
			if !idRE.MatchString(q.ID) || qids[q.ID] || len([]rune(q.Title)) > 128 || len([]rune(q.Description)) > 2048 ||
				len(q.Choices) > 15 || len(q.RiskRules) > 3 || len(q.RiskRules) == 0 || q.RiskRules[len(q.RiskRules)-1].Condition != "default" {
				t.Errorf("question %s breaks a limit", q.ID)
			}
			qids[q.ID] = true
			cids := map[string]bool{}
			for _, c := range q.Choices {
				none := strings.HasSuffix(c.ID, "_no")
				if !idRE.MatchString(c.ID) || len(c.ID) > 64 || cids[c.ID] || len([]rune(c.Title)) > 128 ||
					(!none && (c.ImprovementPlan == nil || c.ImprovementPlan.DisplayText == "")) {
					t.Errorf("question %s choice %s breaks a limit", q.ID, c.ID)
				}
				cids[c.ID] = true
				for _, r := range []*questions.WAToolResource{c.HelpfulResource, c.ImprovementPlan} {
					if r != nil && (len([]rune(r.DisplayText)) > 2048 || r.URL != "" && !strings.HasPrefix(r.URL, "https://")) {
						t.Errorf("question %s choice %s: resource %+v breaks a limit", q.ID, c.ID, r)
					}
				}
			}
			if last := q.Choices[len(q.Choices)-1]; last.ID != q.ID+"_no" || last.Title != "None of these" {
				t.Errorf("question %s: last choice %s %q, want the None of these choice", q.ID, last.ID, last.Title)
			}
		}
	}
}

// TestExportWATool_RulesAgreeWithScoring evaluates every exported question's
// risk rules for a sample of selections and compares the WA Tool's answer
// with warroom's question risk over the same practices.
func TestExportWATool_RulesAgreeWithScoring(t *testing.T) {
	lenses, _ := questions.DefaultLenses()
	custom, err := questions.LoadDir(os.DirFS("testdata/custom"), ".", "testdata/custom/")
	if err != nil {
		t.Fatal(err)
	}
	lenses = append(lenses, custom...)
	// A question of only low practices and one of only medium ones.
	lenses = append(lenses, questions.Lens{ID: "levels", Name: "Levels", Questions: []questions.Question{
		{ID: "LOW01", Title: "Only low?", Practices: []questions.Practice{
			{ID: "LOW01-BP01", Title: "a", Risk: questions.Low, NextStep: "a"},
			{ID: "LOW01-BP02", Title: "b", Risk: questions.Low, NextStep: "b"}}},
		{ID: "MED01", Title: "Only medium?", Practices: []questions.Practice{
			{ID: "MED01-BP01", Title: "a", Risk: questions.Medium, NextStep: "a"},
			{ID: "MED01-BP02", Title: "b", Risk: questions.Low, NextStep: "b"}}},
	}})
	doc, _, err := questions.ToWATool(lenses)
	if err != nil {
		t.Fatal(err)
	}
	var exported []questions.WAToolQuestion
	for _, p := range doc.Pillars {
		exported = append(exported, p.Questions...)
	}
	var qs []*questions.Question
	for li := range lenses {
		for qi := range lenses[li].Questions {
			qs = append(qs, &lenses[li].Questions[qi])
		}
	}
	if len(qs) != len(exported) {
		t.Fatalf("%d questions exported, want %d", len(exported), len(qs))
	}
	for qi, q := range qs {
		wq := exported[qi]
		n := len(q.Practices)
		type sample struct {
			name string
			met  func(i int) bool
		}
		samples := []sample{
			{"all selected", func(int) bool { return true }},
			{"nothing selected", func(int) bool { return false }},
		}
		for k := range n {
			samples = append(samples,
				sample{fmt.Sprintf("all but %s", q.Practices[k].ID), func(i int) bool { return i != k }},
				sample{fmt.Sprintf("only %s", q.Practices[k].ID), func(i int) bool { return i == k }})
		}
		for _, s := range samples {
			sel := map[string]bool{}
			for i := range n {
				sel[wq.Choices[i].ID] = s.met(i)
			}
			got, err := wq.Risk(sel)
			if err != nil {
				t.Fatal(err)
			}
			if want := roomRisk(q.Practices, s.met); got != want {
				t.Errorf("%s with %s: the WA rules give %s, warroom gives %s\nrules: %+v", q.ID, s.name, got, want, wq.RiskRules)
			}
			// Ticking None of these as well gives the worst risk of the question.
			sel[wq.Choices[n].ID] = true
			got, _ = wq.Risk(sel)
			if want := roomRisk(q.Practices, func(int) bool { return false }); got != want {
				t.Errorf("%s with %s and None of these: the WA rules give %s, want %s", q.ID, s.name, got, want)
			}
		}
	}
	// The shapes of the rules: only low practices give one default NO_RISK rule.
	if last := exported[len(exported)-2]; !reflect.DeepEqual(last.RiskRules, []questions.WARiskRule{{Condition: "default", Risk: "NO_RISK"}}) {
		t.Errorf("LOW01 rules = %+v", last.RiskRules)
	}
	want := []questions.WARiskRule{{Condition: "MED01_BP01 && !MED01_no", Risk: "NO_RISK"}, {Condition: "default", Risk: "MEDIUM_RISK"}}
	if last := exported[len(exported)-1]; !reflect.DeepEqual(last.RiskRules, want) {
		t.Errorf("MED01 rules = %+v, want %+v", last.RiskRules, want)
	}
}

func TestWATool_RoundTripExample(t *testing.T) {
	in := readFile(t, "testdata/watool/example-custom-lens.json")
	imp, err := questions.ImportWATool("example-custom-lens.json", in, "exco-wa")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, imp.YAML, "testdata/watool/example.golden.yaml")
	out, warnings, err := questions.ExportWATool([]questions.Lens{imp.Lens})
	if err != nil {
		t.Fatalf("export the imported lens: %v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("export warnings: %q", warnings)
	}
	orig, back := decodeLens(t, in), decodeLens(t, out)
	if !reflect.DeepEqual(orig, back) {
		a, _ := json.MarshalIndent(orig, "", " ")
		b, _ := json.MarshalIndent(back, "", " ")
		t.Errorf("export(import(x)) differs from x\nwant %s\ngot  %s", a, b)
	}
}

func TestImportWATool_Example(t *testing.T) {
	imp, err := questions.ImportWATool("example-custom-lens.json", readFile(t, "testdata/watool/example-custom-lens.json"), "")
	if err != nil {
		t.Fatal(err)
	}
	l := imp.Lens
	if l.ID != "example-co-backup-and-secrets-lens" || l.Name != "Example Co backup and secrets lens" || l.Pillar != "reliability" {
		t.Errorf("lens %s %q pillar %s", l.ID, l.Name, l.Pillar)
	}
	if len(imp.Warnings) != 1 || imp.Warnings[0] != "exco_secrets: with nothing selected the WA Tool says HIGH, the practices' risk levels alone give medium; "+
		"warroom keeps the original risk rules, scores the question by them, and lens export writes them back" {
		t.Errorf("warnings = %q, want one for exco_secrets only", imp.Warnings)
	}
	bank, err := questions.NewBank(l)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]questions.Risk{
		"exco_bk_scheduled": questions.High, "exco_bk_restore_drill": questions.Medium,
		"exco_sec_store": questions.Medium, "exco_sec_rotation": questions.Medium,
	}
	if got := len(bank.Practices()); got != len(levels) {
		t.Errorf("%d practices, want %d (None of these is not a practice)", got, len(levels))
	}
	for id, want := range levels {
		p, ok := bank.Practice(id)
		if !ok || p.Risk != want || p.WAChoiceID != id {
			t.Errorf("practice %s = %+v, want risk %s", id, p, want)
		}
	}
	backup, _ := bank.Question("exco_backup_restore")
	secrets, _ := bank.Question("exco_secrets")
	if backup.WAQuestionID != "exco_backup_restore" || backup.Pillar != "" || backup.WA.RiskRules != nil {
		t.Errorf("exco_backup_restore: wa id %s, pillar %q, kept rules %v (its rules are representable)", backup.WAQuestionID, backup.Pillar, backup.WA.RiskRules)
	}
	if secrets.Pillar != "security" || len(secrets.WA.RiskRules) != 3 {
		t.Errorf("exco_secrets: pillar %q, kept rules %v", secrets.Pillar, secrets.WA.RiskRules)
	}
	drill, _ := bank.Practice("exco_bk_restore_drill")
	if drill.NextStep != "Schedule a quarterly restore test into an isolated account and record the measured RTO." ||
		drill.Meaning != "Record the drill date, the data set restored and the measured time." ||
		drill.WA == nil || drill.WA.ImprovementPlanURL != "https://example.com/runbooks/restore-drill" {
		t.Errorf("exco_bk_restore_drill = %+v", drill)
	}
}

func TestWATool_RoundTripBuiltin(t *testing.T) {
	lenses, _ := questions.DefaultLenses()
	first, _, err := questions.ExportWATool(lenses)
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeLens(t, first)
	imp, err := questions.ImportWATool("builtin.json", first, "wa-builtin")
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Warnings) != 0 {
		t.Errorf("import warnings: %q", imp.Warnings)
	}
	// Built-ins and the imported copy load together: no id clashes.
	if _, err := questions.NewBank(append(lenses, imp.Lens)...); err != nil {
		t.Errorf("built-ins and their imported copy: %v", err)
	}
	var orig []*questions.Question
	for li := range lenses {
		for qi := range lenses[li].Questions {
			orig = append(orig, &lenses[li].Questions[qi])
		}
	}
	got := imp.Lens.Questions
	if len(got) != len(orig) {
		t.Fatalf("%d questions imported, want %d", len(got), len(orig))
	}
	qi := 0
	for _, p := range doc.Pillars {
		for _, wq := range p.Questions {
			o, g := orig[qi], got[qi]
			qi++
			if g.ID != wq.ID || g.WAQuestionID != wq.ID || g.ID != strings.ReplaceAll(o.WAQuestionID, "-", "_") || g.Title != wq.Title || g.Summary != o.Summary {
				t.Errorf("question %s came back as %s (wa %s) %q", o.ID, g.ID, g.WAQuestionID, g.Title)
			}
			if o.ID != "SEC11" && g.Title != o.Title {
				t.Errorf("question %s title %q, want %q", o.ID, g.Title, o.Title)
			}
			if len(g.Practices) != len(o.Practices) {
				t.Errorf("question %s: %d practices, want %d", o.ID, len(g.Practices), len(o.Practices))
				continue
			}
			for i, op := range o.Practices {
				gp := g.Practices[i]
				wantID := op.WAChoiceID
				if wantID == "" {
					wantID = strings.ReplaceAll(op.ID, "-", "_")
				}
				if gp.ID != wantID || gp.WAChoiceID != wantID || gp.Title != op.Title || gp.Risk != op.Risk ||
					gp.NextStep != op.NextStep || gp.Meaning != op.Meaning || gp.DocURL != op.DocURL || gp.WA != nil {
					t.Errorf("practice %s came back as %+v", op.ID, gp)
				}
			}
			if g.WA != nil {
				t.Errorf("question %s keeps %+v; a warroom export needs nothing kept", o.ID, g.WA)
			}
		}
	}
	second, _, err := questions.ExportWATool([]questions.Lens{imp.Lens})
	if err != nil {
		t.Fatal(err)
	}
	if string(second) != string(first) {
		t.Errorf("export(import(export(built-ins))) differs from export(built-ins)")
	}
}

// smallLens is a valid lens to break one limit at a time.
func smallLens() questions.Lens {
	return questions.Lens{ID: "small", Name: "Small", Pillar: "security", Questions: []questions.Question{
		{ID: "SM01", Title: "Is it small?", Practices: []questions.Practice{
			{ID: "SM01-BP01", Title: "One", Risk: questions.High, NextStep: "Do one.", DocURL: "https://example.com/one", Meaning: "One means one."},
			{ID: "SM01-BP02", Title: "Two", Risk: questions.Medium, NextStep: "Do two."},
		}},
	}}
}

func TestExportWATool_Limits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	practices := func(n int) []questions.Practice {
		var ps []questions.Practice
		for i := range n {
			ps = append(ps, questions.Practice{ID: fmt.Sprintf("SM01-BP%02d", i+1), Title: "P", Risk: questions.Low, NextStep: "Do."})
		}
		return ps
	}
	questionsN := func(n int, pillar func(i int) string) []questions.Question {
		var qs []questions.Question
		for i := range n {
			qs = append(qs, questions.Question{ID: fmt.Sprintf("Q%02d", i), Title: "Q?", Pillar: pillar(i),
				Practices: []questions.Practice{{ID: fmt.Sprintf("Q%02d-BP01", i), Title: "P", Risk: questions.High, NextStep: "Do."}}})
		}
		return qs
	}
	q0 := func(l *questions.Lens) *questions.Question { return &l.Questions[0] }
	p0 := func(l *questions.Lens) *questions.Practice { return &l.Questions[0].Practices[0] }
	keep := func(l *questions.Lens, rules ...questions.WARiskRule) {
		q0(l).WA = &questions.WAQuestion{RiskRules: rules}
	}
	rule := func(c, r string) questions.WARiskRule { return questions.WARiskRule{Condition: c, Risk: r} }
	tests := []struct {
		name    string
		mutate  func(l *questions.Lens)
		want    string
		warning bool
	}{
		{"lens name", func(l *questions.Lens) { l.Name = long(129) },
			"lens small: name (WA name): is 129 characters; the WA Tool allows 128: shorten it", false},
		{"lens description", func(l *questions.Lens) { l.Description = long(2049) },
			"lens small: description (WA description): is 2049 characters; the WA Tool allows 2048", false},
		{"pillars per lens", func(l *questions.Lens) {
			l.Questions = questionsN(11, func(i int) string { return fmt.Sprintf("pillar%02d", i) })
		}, "lens small: questions' pillars (WA pillars): has 11 pillars; the WA Tool allows 10 per lens", false},
		{"pillar id", func(l *questions.Lens) { l.Pillar = "ab" },
			`lens small, pillar ab: pillar (WA id): "ab" is 2 characters; the WA Tool needs 3 to 128`, false},
		{"questions per pillar", func(l *questions.Lens) { l.Questions = questionsN(21, func(int) string { return "" }) },
			"lens small, pillar security: questions (WA questions): has 21 questions; the WA Tool allows 20 per pillar", false},
		{"question id too long", func(l *questions.Lens) { q0(l).WAQuestionID = long(129) },
			"lens small, question SM01: wa_question_id (or id) (WA id): \"" + long(129) + "\" is 129 characters; the WA Tool needs 3 to 128", false},
		{"question id too short", func(l *questions.Lens) { q0(l).WAQuestionID = "q1" },
			`lens small, question SM01: wa_question_id (or id) (WA id): "q1" is 2 characters; the WA Tool needs 3 to 128`, false},
		{"question id twice", func(l *questions.Lens) {
			l.Questions = append(l.Questions, questionsN(1, func(int) string { return "" })...)
			l.Questions[0].WAQuestionID, l.Questions[1].WAQuestionID = "same", "same"
		}, `lens small, question Q00: wa_question_id (or id) (WA id): "same" is already the id of the question "Is it small?"; give each question a unique id`, false},
		{"question title", func(l *questions.Lens) { q0(l).Title = long(140) },
			"lens small, question SM01: the title is 140 characters and the WA Tool allows 128, so the export shortens it", true},
		{"question summary", func(l *questions.Lens) { q0(l).Summary = long(2049) },
			"lens small, question SM01: summary (WA description): is 2049 characters; the WA Tool allows 2048", false},
		{"question helpful text shown", func(l *questions.Lens) {
			q0(l).WA = &questions.WAQuestion{HelpfulResource: &questions.WAResource{DisplayText: long(65)}}
		}, "lens small, question SM01: wa.helpful_resource (WA helpfulResource.displayText): is 65 characters; the WA Tool's API keeps 64", true},
		{"question helpful text", func(l *questions.Lens) {
			q0(l).WA = &questions.WAQuestion{HelpfulResource: &questions.WAResource{DisplayText: long(2049)}}
		}, "lens small, question SM01: wa.helpful_resource (WA helpfulResource.displayText): is 2049 characters; the WA Tool allows 2048", false},
		{"question helpful link without text", func(l *questions.Lens) {
			q0(l).WA = &questions.WAQuestion{HelpfulResource: &questions.WAResource{URL: "https://example.com"}}
		}, "lens small, question SM01: wa.helpful_resource (WA helpfulResource.displayText): missing; the WA Tool needs a text for every link", false},
		{"choices per question", func(l *questions.Lens) { q0(l).Practices = practices(15) },
			"lens small, question SM01: practices (WA choices): has 16 choices; the WA Tool allows 15 per question (None of these included)", false},
		{"choice id too long", func(l *questions.Lens) { p0(l).WAChoiceID = long(65) },
			"lens small, question SM01, practice SM01-BP01: wa_choice_id (or id) (WA id): \"" + long(65) + "\" is 65 characters; the WA Tool needs 3 to 64", false},
		{"choice id twice", func(l *questions.Lens) { q0(l).Practices[0].WAChoiceID, q0(l).Practices[1].WAChoiceID = "same", "same" },
			`lens small, question SM01, practice SM01-BP02: wa_choice_id (or id) (WA id): "same" is already the id of the choice "One"; give each choice a unique id`, false},
		{"choice id of None of these", func(l *questions.Lens) { p0(l).WAChoiceID = "one_no" },
			`lens small, question SM01, practice SM01-BP01: wa_choice_id (or id) (WA id): "one_no" ends in _no, which the WA Tool treats as None of these`, false},
		{"choice title", func(l *questions.Lens) { p0(l).Title = long(129) },
			"lens small, question SM01, practice SM01-BP01: the title is 129 characters and the WA Tool allows 128, so the export shortens it", true},
		{"meaning", func(l *questions.Lens) { p0(l).Meaning = long(2049) },
			"lens small, question SM01, practice SM01-BP01: meaning (WA helpfulResource.displayText): is 2049 characters; the WA Tool allows 2048", false},
		{"next step", func(l *questions.Lens) { p0(l).NextStep = long(2049) },
			"lens small, question SM01, practice SM01-BP01: next_step (WA improvementPlan.displayText): is 2049 characters; the WA Tool allows 2048", false},
		{"next step missing", func(l *questions.Lens) { p0(l).NextStep = "" },
			"lens small, question SM01, practice SM01-BP01: next_step is empty; the WA Tool needs an improvement plan for every choice, so the export uses the practice's title", true},
		{"doc url", func(l *questions.Lens) { p0(l).DocURL = "ftp://example.com/one" },
			`lens small, question SM01, practice SM01-BP01: doc_url (WA helpfulResource.url): "ftp://example.com/one" is not an http:// or https:// link`, false},
		{"improvement plan url", func(l *questions.Lens) {
			p0(l).WA = &questions.WAChoice{ImprovementPlanURL: "javascript:alert(1)"}
		}, `lens small, question SM01, practice SM01-BP01: wa.improvement_plan_url (WA improvementPlan.url): "javascript:alert(1)" is not an http:// or https:// link`, false},
		{"additional resource type", func(l *questions.Lens) {
			p0(l).WA = &questions.WAChoice{AdditionalResources: []questions.WAAdditionalResource{{Type: "LINK", Content: []questions.WAResource{{DisplayText: "a"}}}}}
		}, `lens small, question SM01, practice SM01-BP01: wa.additional_resources (WA additionalResources[0].type): "LINK" is not a resource type; use HELPFUL_RESOURCE or IMPROVEMENT_PLAN`, false},
		{"additional resource items", func(l *questions.Lens) {
			c := make([]questions.WAResource, 6)
			for i := range c {
				c[i] = questions.WAResource{DisplayText: "a", URL: "https://example.com"}
			}
			p0(l).WA = &questions.WAChoice{AdditionalResources: []questions.WAAdditionalResource{{Type: "HELPFUL_RESOURCE", Content: c}}}
		}, "lens small, question SM01, practice SM01-BP01: wa.additional_resources (WA additionalResources[0].content): has 6 items; the WA Tool allows 5 per type", false},
		{"rules naming an unknown choice", func(l *questions.Lens) {
			keep(l, rule("SM01_BP01 && nope", "NO_RISK"), rule("default", "HIGH_RISK"))
		}, `lens small, question SM01, risk rule 1: wa.risk_rules (WA riskRules.condition): "nope" is not a choice of this question; its choices are SM01_BP01, SM01_BP02, SM01_no`, false},
		{"rules with two defaults", func(l *questions.Lens) {
			keep(l, rule("SM01_BP01", "NO_RISK"), rule("default", "MEDIUM_RISK"), rule("default", "HIGH_RISK"))
		}, "lens small, question SM01, risk rule 3: wa.risk_rules (WA riskRules.condition): a second default rule; keep one, as the last rule", false},
		{"rules without default", func(l *questions.Lens) { keep(l, rule("SM01_BP01", "NO_RISK")) },
			"lens small, question SM01: wa.risk_rules (WA riskRules): no rule has the condition default", false},
		{"rules with bad syntax", func(l *questions.Lens) { keep(l, rule("SM01_BP01 &&", "NO_RISK"), rule("default", "HIGH_RISK")) },
			"lens small, question SM01, risk rule 1: wa.risk_rules (WA riskRules.condition): at character 13: the condition ends early; expected a choice id, ! or (", false},
		{"four rules", func(l *questions.Lens) {
			keep(l, rule("SM01_BP01", "NO_RISK"), rule("SM01_BP02", "MEDIUM_RISK"), rule("SM01_no", "HIGH_RISK"), rule("default", "HIGH_RISK"))
		}, "lens small, question SM01: wa.risk_rules (WA riskRules): has 4 rules; the WA Tool allows 3, one per risk level", false},
		{"rule risk", func(l *questions.Lens) { keep(l, rule("default", "LOW_RISK")) },
			`lens small, question SM01, risk rule 1: wa.risk_rules (WA riskRules.risk): "LOW_RISK" is not a risk; use NO_RISK, MEDIUM_RISK, HIGH_RISK`, false},
		{"two rules of one risk", func(l *questions.Lens) { keep(l, rule("SM01_BP01", "NO_RISK"), rule("default", "NO_RISK")) },
			"lens small, question SM01, risk rule 2: wa.risk_rules (WA riskRules.risk): rule 1 already gives NO_RISK; the WA Tool allows one rule per risk level", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := smallLens()
			tc.mutate(&l)
			_, warnings, err := questions.ExportWATool([]questions.Lens{l})
			if tc.warning {
				if err != nil {
					t.Fatalf("want only a warning, got error %v", err)
				}
				if !strings.Contains(strings.Join(warnings, "\n"), tc.want) {
					t.Errorf("warnings %q do not contain %q", warnings, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("export succeeded, want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\ndoes not contain:\n%s", err, tc.want)
			}
		})
	}
	// Every problem is reported, not only the first.
	l := smallLens()
	l.Name, l.Description, l.Questions[0].Practices[1].DocURL = long(200), long(3000), "mailto:x@example.com"
	_, _, err := questions.ExportWATool([]questions.Lens{l})
	if err == nil || strings.Count(err.Error(), "\n") != 3 {
		t.Errorf("want 4 problems (name, description, and the link used twice), got:\n%v", err)
	}
}

func TestExportWATool_TotalSize(t *testing.T) {
	text := strings.Repeat("y", 2048)
	l := questions.Lens{ID: "big", Name: "Big", Pillar: "security"}
	for qi := range 20 {
		q := questions.Question{ID: fmt.Sprintf("BIG%02d", qi), Title: "Big?"}
		for pi := range 14 {
			q.Practices = append(q.Practices, questions.Practice{ID: fmt.Sprintf("BIG%02d-BP%02d", qi, pi), Title: "P",
				Risk: questions.Low, Meaning: text, NextStep: text})
		}
		l.Questions = append(l.Questions, q)
	}
	_, _, err := questions.ExportWATool([]questions.Lens{l})
	if err == nil || !regexp.MustCompile(`the lens JSON is \d+ characters; the WA Tool imports at most 500000: split it into several lenses`).MatchString(err.Error()) {
		t.Errorf("err = %v", err)
	}
}

func TestImportWATool_BadInput(t *testing.T) {
	example := string(readFile(t, "testdata/watool/example-custom-lens.json"))
	edit := func(old, new string) string {
		t.Helper()
		if !strings.Contains(example, old) {
			t.Fatalf("example has no %q", old)
		}
		return strings.Replace(example, old, new, 1)
	}
	// build edits the decoded example and encodes it again.
	build := func(mutate func(l *questions.WAToolLens)) string {
		l := decodeLens(t, []byte(example))
		mutate(&l)
		b, err := json.MarshalIndent(l, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name, input string
		want        []string // each must appear in the error
	}{
		{"empty file", "", []string{"lens.json:1: the file is empty"}},
		{"not an object", "[]", []string{"lens.json:1: must be an object with the fields description, name, pillars, schemaVersion (found a list)"}},
		{"ends early", example[:200], []string{"lens.json:4: the JSON ends early"}},
		{"bad JSON", edit(`"name": "Example Co backup and secrets lens",`, `"name": "Example Co" "x",`),
			[]string{"lens.json:3: not valid JSON: invalid character"}},
		{"more after the object", example + "{}", []string{"more data after the lens object"}},
		{"unknown field", edit(`"title": "Secrets rotate automatically"`, `"titel": "Secrets rotate automatically"`),
			[]string{`lens.json:71: pillars[1].questions[0].choices[1].titel: unknown field (did you mean "title"?); allowed fields are additionalResources, description, helpfulResource, id, improvementPlan, title`}},
		{"field twice", edit(`"name": "Reliability",`, `"name": "Reliability", "name": "Again",`),
			[]string{"lens.json:8: pillars[0].name: field appears twice; keep one"}},
		{"wrong type", edit(`"risk": "NO_RISK"`, `"risk": 3`),
			[]string{"lens.json:49: pillars[0].questions[0].riskRules[0].risk: must be a string (found a number)"}},
		{"wrong schemaVersion", edit(`"2021-11-01"`, `"2020-01-01"`),
			[]string{`lens.json:2: schemaVersion: is "2020-01-01"; warroom reads and writes schemaVersion "2021-11-01" only`}},
		{"rule names an unknown choice", edit(`"exco_bk_scheduled && !exco_bk_none_no"`, `"exco_bk_schedule && !exco_bk_none_no"`),
			[]string{`lens.json:50: pillars[0].questions[0].riskRules[1].condition: "exco_bk_schedule" is not a choice of this question; its choices are exco_bk_scheduled, exco_bk_restore_drill, exco_bk_none_no`}},
		{"two default rules", edit(`"condition": "exco_bk_scheduled && !exco_bk_none_no"`, `"condition": "default"`),
			[]string{"lens.json:50: pillars[0].questions[0].riskRules[1].condition: the default rule is not the last one",
				"lens.json:51: pillars[0].questions[0].riskRules[2].condition: a second default rule; keep one, as the last rule"}},
		{"no default rule", edit(`{ "condition": "default", "risk": "HIGH_RISK" }`, `{ "condition": "!exco_bk_scheduled", "risk": "HIGH_RISK" }`),
			[]string{"lens.json:48: pillars[0].questions[0].riskRules: no rule has the condition default; add"}},
		{"unclosed parenthesis", edit(`"(exco_sec_store || exco_sec_rotation) && !exco_sec_none_no"`, `"(exco_sec_store || exco_sec_rotation && !exco_sec_none_no"`),
			[]string{"lens.json:78: pillars[1].questions[0].riskRules[1].condition: at character 1: the ( is never closed; add a )"}},
		{"single ampersand", edit(`"exco_sec_store && exco_sec_rotation && !exco_sec_none_no"`, `"exco_sec_store & exco_sec_rotation"`),
			[]string{`lens.json:77: pillars[1].questions[0].riskRules[0].condition: at character 16: "&" is not an operator; use && or ||`}},
		{"two ids in a row", edit(`"exco_sec_store && exco_sec_rotation && !exco_sec_none_no"`, `"exco_sec_store exco_sec_rotation"`),
			[]string{`riskRules[0].condition: at character 16: expected &&, || or the end of the condition, found "exco_sec_rotation"`}},
		{"bad risk", edit(`"risk": "MEDIUM_RISK"`, `"risk": "MEDIUM"`),
			[]string{`pillars[0].questions[0].riskRules[1].risk: "MEDIUM" is not a risk; use NO_RISK, MEDIUM_RISK, HIGH_RISK`}},
		{"bad choice id", edit(`"id": "exco_sec_rotation"`, `"id": "exco-sec-rotation"`),
			[]string{`lens.json:70: pillars[1].questions[0].choices[1].id: "exco-sec-rotation" has characters the WA Tool does not accept`}},
		{"no improvement plan", edit(`"improvementPlan": { "displayText": "Turn on automatic rotation for each stored secret." }`, `"description": "x"`),
			[]string{"pillars[1].questions[0].choices[1].improvementPlan.displayText: missing; the WA Tool needs an improvement plan for every choice except None of these"}},
		{"bad link", edit(`"https://example.com/runbooks/restore-drill"`, `"file:///etc/passwd"`),
			[]string{`lens.json:31: pillars[0].questions[0].choices[1].improvementPlan.url: "file:///etc/passwd" is not an http:// or https:// link`}},
		{"name too long", edit(`"Example Co backup and secrets lens"`, `"`+strings.Repeat("n", 129)+`"`),
			[]string{"lens.json:3: name: is 129 characters; the WA Tool allows 128: shorten it"}},
		{"too many choices", build(func(l *questions.WAToolLens) {
			q := &l.Pillars[1].Questions[0]
			for i := range 14 {
				q.Choices = append(q.Choices, questions.WAToolChoice{ID: fmt.Sprintf("extra_%02d", i), Title: "x",
					ImprovementPlan: &questions.WAToolResource{DisplayText: "x"}})
			}
		}), []string{"pillars[1].questions[0].choices: has 17 choices; the WA Tool allows 15 per question"}},
		{"too many pillars", build(func(l *questions.WAToolLens) {
			for i := range 9 {
				p := l.Pillars[1]
				p.ID = fmt.Sprintf("pillar_%d", i)
				l.Pillars = append(l.Pillars, p)
			}
		}), []string{"pillars: has 11 pillars; the WA Tool allows 10 per lens", `lens.json:125: pillars[2].questions[0].id: "exco_secrets" is already the id of the question "Where do workload secrets live?"`}},
		{"only None of these", build(func(l *questions.WAToolLens) {
			q := &l.Pillars[1].Questions[0]
			q.Choices = q.Choices[2:]
			q.RiskRules = []questions.WARiskRule{{Condition: "default", Risk: "HIGH_RISK"}}
		}), []string{"pillars[1].questions[0].choices: the question has only a None of these choice; warroom needs at least one practice"}},
		{"two None of these", build(func(l *questions.WAToolLens) {
			q := &l.Pillars[1].Questions[0]
			q.Choices = append(q.Choices, questions.WAToolChoice{ID: "exco_sec_other_no", Title: "Also none"})
		}), []string{"pillars[1].questions[0].choices[3].id: a second None of these choice (its id ends in _no, as does exco_sec_none_no)"}},
		{"too large", example + strings.Repeat(" ", 500000), []string{"lens.json: the lens JSON is 503"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			imp, err := questions.ImportWATool("lens.json", []byte(tc.input), "")
			if err == nil {
				t.Fatalf("import succeeded, want an error; YAML:\n%s", imp.YAML)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\ndoes not contain:\n%s", err, w)
				}
			}
		})
	}
}

func TestImportWATool_IDs(t *testing.T) {
	in := readFile(t, "testdata/watool/example-custom-lens.json")
	if _, err := questions.ImportWATool("x.json", in, "Bad_ID"); err == nil || !strings.Contains(err.Error(), `lens id "Bad_ID" is not valid`) {
		t.Errorf("bad --id: %v", err)
	}
	noName := strings.Replace(string(in), `"Example Co backup and secrets lens"`, `"!!!"`, 1)
	if _, err := questions.ImportWATool("x.json", []byte(noName), ""); err == nil || !strings.Contains(err.Error(), `the lens name "!!!" has no letters or digits to make a lens id of`) {
		t.Errorf("name without letters: %v", err)
	}
	// A choice id used by two questions gets a question-qualified practice id.
	var l questions.WAToolLens
	if err := json.Unmarshal(in, &l); err != nil {
		t.Fatal(err)
	}
	q := &l.Pillars[1].Questions[0]
	q.Choices[0].ID = "exco_bk_scheduled"
	q.RiskRules[0].Condition = "exco_bk_scheduled && exco_sec_rotation && !exco_sec_none_no"
	q.RiskRules[1].Condition = "(exco_bk_scheduled || exco_sec_rotation) && !exco_sec_none_no"
	b, _ := json.Marshal(l)
	imp, err := questions.ImportWATool("x.json", b, "dup")
	if err != nil {
		t.Fatal(err)
	}
	p := imp.Lens.Questions[1].Practices[0]
	if p.ID != "exco_secrets.exco_bk_scheduled" || p.WAChoiceID != "exco_bk_scheduled" {
		t.Errorf("practice = %s (wa %s)", p.ID, p.WAChoiceID)
	}
	if !strings.Contains(strings.Join(imp.Warnings, "\n"), "exco_secrets: choice exco_bk_scheduled is also a choice of question exco_backup_restore; its warroom practice id is exco_secrets.exco_bk_scheduled") {
		t.Errorf("warnings = %q", imp.Warnings)
	}
	out, _, err := questions.ExportWATool([]questions.Lens{imp.Lens})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(decodeLens(t, out), decodeLens(t, b)) {
		t.Errorf("round trip with a shared choice id differs")
	}
}

func TestImportWATool_WithoutNoneChoiceAndPillarNames(t *testing.T) {
	in := `{"schemaVersion": "2021-11-01", "name": "Ops", "pillars": [
  {"id": "ops_pillar", "name": "Our operations", "questions": [
    {"id": "ops_oncall", "title": "Is there an on-call rota?",
     "choices": [{"id": "ops_rota", "title": "A rota exists", "improvementPlan": {"displayText": "Write the rota."}},
                 {"id": "ops_pager", "title": "Pages reach a person", "improvementPlan": {"displayText": "Test the pager."}}],
     "riskRules": [{"condition": "ops_rota && ops_pager", "risk": "NO_RISK"},
                   {"condition": "ops_rota", "risk": "MEDIUM_RISK"},
                   {"condition": "default", "risk": "HIGH_RISK"}]}]},
  {"id": "performance", "name": "Performance Efficiency", "questions": [
    {"id": "perf_load", "title": "Was the service load tested?",
     "choices": [{"id": "perf_tested", "title": "Load tested this quarter", "improvementPlan": {"displayText": "Run a load test."}}],
     "riskRules": [{"condition": "default", "risk": "NO_RISK"}]}]}]}`
	imp, err := questions.ImportWATool("ops.json", []byte(in), "")
	if err != nil {
		t.Fatal(err)
	}
	l := imp.Lens
	if l.ID != "ops" || l.WA == nil || !reflect.DeepEqual(l.WA.Pillars, []questions.WAPillarName{{ID: "ops_pillar", Name: "Our operations"}}) {
		t.Errorf("lens %s, wa %+v", l.ID, l.WA)
	}
	q := l.Questions[0]
	if q.WA == nil || !q.WA.WithoutNoneChoice || q.WA.RiskRules != nil || q.Practices[0].Risk != questions.High || q.Practices[1].Risk != questions.Medium {
		t.Errorf("question %s: wa %+v, practices %+v", q.ID, q.WA, q.Practices)
	}
	if p := l.Questions[1]; p.Pillar != "performance" || p.Practices[0].Risk != questions.Low {
		t.Errorf("question %s: pillar %q risk %s", p.ID, p.Pillar, p.Practices[0].Risk)
	}
	if len(imp.Warnings) != 0 {
		t.Errorf("warnings: %q", imp.Warnings)
	}
	out, _, err := questions.ExportWATool([]questions.Lens{l})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(decodeLens(t, out), decodeLens(t, []byte(in))) {
		t.Errorf("round trip differs:\n%s", out)
	}
}

func TestExportWATool_KeptRulesOutOfStep(t *testing.T) {
	imp, err := questions.ImportWATool("example-custom-lens.json", readFile(t, "testdata/watool/example-custom-lens.json"), "")
	if err != nil {
		t.Fatal(err)
	}
	l := imp.Lens
	l.Questions[1].Practices[0].Risk = questions.High // exco_sec_store; the kept rules say medium
	_, warnings, err := questions.ExportWATool([]questions.Lens{l})
	if err != nil {
		t.Fatal(err)
	}
	want := "lens example-co-backup-and-secrets-lens, question exco_secrets, practice exco_sec_store: risk is high but the risk rules kept from the import (wa.risk_rules) give it medium"
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}
}

func TestParse_WABlocksAreStrict(t *testing.T) {
	lens := `id: strict
name: Strict
questions:
  - id: ST01
    title: Strict?
    wa:
      risk_rule:
        - condition: default
    practices:
      - id: ST01-BP01
        title: One
        risk: high
        wa:
          improvement_plan_url: https://example.com
          additional_resources:
            - type: HELPFUL_RESOURCE
              content:
                - display_txt: a
`
	_, errs := questions.Parse("strict.yaml", []byte(lens))
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		`strict.yaml:7: questions[0].wa.risk_rule: unknown field (did you mean "risk_rules"?); allowed fields are helpful_resource, none_choice, without_none_choice, risk_rules`,
		`strict.yaml:18: questions[0].practices[0].wa.additional_resources[0].content[0].display_txt: unknown field (did you mean "display_text"?); allowed fields are display_text, url`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExportWATool_SeveralLensesNameTooLong(t *testing.T) {
	a, b := smallLens(), smallLens()
	a.ID, a.Name = "first", strings.Repeat("a", 70)
	b.ID, b.Name = "second", strings.Repeat("b", 70)
	b.Questions[0].ID, b.Questions[0].WAQuestionID = "SM02", "SM02"
	for i := range b.Questions[0].Practices {
		b.Questions[0].Practices[i].ID += "x"
		b.Questions[0].Practices[i].WAChoiceID = fmt.Sprintf("second_%d", i)
	}
	_, _, err := questions.ExportWATool([]questions.Lens{a, b})
	want := "lens first, second: name (made from the lens names) (WA name): is 151 characters; the WA Tool allows 128: shorten the lens names or export fewer lenses at once"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestWAToolQuestion_RiskPrecedence(t *testing.T) {
	tests := []struct {
		cond     string
		selected string // choice ids, comma-separated
		want     bool
	}{
		{"aaa || bbb && ccc", "aaa", true}, // && binds tighter than ||
		{"aaa || bbb && ccc", "bbb", false},
		{"(aaa || bbb) && ccc", "aaa", false},
		{"(aaa || bbb) && ccc", "bbb,ccc", true},
		{"!aaa && bbb", "bbb", true},
		{"!aaa && bbb", "aaa,bbb", false},
		{"!(aaa || bbb)", "", true},
		{"!(aaa || bbb)", "bbb", false},
		{"!!aaa", "aaa", true},
		{" aaa&&bbb ", "aaa,bbb", true},
		{"aaa && !ccc_no", "aaa,ccc_no", false},
	}
	for _, tc := range tests {
		q := questions.WAToolQuestion{ID: "qqq", RiskRules: []questions.WARiskRule{
			{Condition: tc.cond, Risk: questions.WANoRisk}, {Condition: "default", Risk: questions.WAHighRisk}}}
		sel := map[string]bool{}
		for _, id := range strings.Split(tc.selected, ",") {
			sel[id] = id != ""
		}
		got, err := q.Risk(sel)
		if err != nil {
			t.Fatalf("%s: %v", tc.cond, err)
		}
		if (got == questions.WANoRisk) != tc.want {
			t.Errorf("%q with {%s} = %s, want the condition to be %v", tc.cond, tc.selected, got, tc.want)
		}
	}
	bad := []struct{ cond, want string }{
		{"", "empty condition"},
		{"aaa &&", "at character 7: the condition ends early"},
		{"aaa bbb", `at character 5: expected &&, || or the end of the condition, found "bbb"`},
		{"(aaa", "at character 1: the ( is never closed"},
		{"aaa)", `at character 4: expected &&, || or the end of the condition, found ")"`},
		{"aaa | bbb", `at character 5: "|" is not an operator`},
		{"aaa && default", "at character 8: default stands alone"},
		{"aaa == bbb", `at character 5: unexpected '='`},
		{"&& aaa", `at character 1: expected a choice id, ! or (, found "&&"`},
	}
	for _, tc := range bad {
		q := questions.WAToolQuestion{ID: "qqq", RiskRules: []questions.WARiskRule{{Condition: tc.cond, Risk: questions.WANoRisk}}}
		if _, err := q.Risk(nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.cond, err, tc.want)
		}
	}
}

// TestQuestion_WARisk: the kept rules are evaluated as the WA Tool does,
// with choices named by wa_choice_id, "None of these" never selected and a
// not-applicable choice neutral: true inside &&, false inside ||, and a
// condition of neutral choices only holds.
func TestQuestion_WARisk(t *testing.T) {
	q := questions.Question{ID: "qq", Practices: []questions.Practice{
		{ID: "p.aaa", WAChoiceID: "aaa"}, {ID: "bbb"}, {ID: "p.ccc", WAChoiceID: "ccc"}}}
	tests := []struct {
		cond     string
		selected string // practice ids, comma-separated
		na       string
		want     bool
	}{
		{"aaa && bbb", "p.aaa,bbb", "", true},
		{"aaa && bbb", "p.aaa", "", false},
		{"aaa && bbb", "p.aaa", "bbb", true}, // neutral is true inside &&
		{"aaa || bbb", "", "p.aaa", false},   // neutral is false inside ||
		{"aaa || bbb", "bbb", "p.aaa", true},
		{"aaa && bbb", "", "p.aaa,bbb", true}, // all neutral holds
		{"aaa || bbb", "", "p.aaa,bbb", true}, // all neutral holds
		{"!aaa", "", "p.aaa", true},           // the negation of neutral is neutral
		{"!aaa && bbb", "", "p.aaa", false},   // neutral && false
		{"(aaa || bbb) && ccc", "p.ccc", "bbb", false},
		{"(aaa || bbb) && ccc", "p.aaa,p.ccc", "bbb", true},
		{"aaa && !qq_no", "p.aaa", "", true}, // None of these is never selected
		{"qq_no", "p.aaa,bbb,p.ccc", "", false},
	}
	set := func(s string) func(string) bool {
		return func(id string) bool { return slices.Contains(strings.Split(s, ","), id) }
	}
	for _, tc := range tests {
		q.WA = &questions.WAQuestion{RiskRules: []questions.WARiskRule{
			{Condition: tc.cond, Risk: questions.WANoRisk}, {Condition: "default", Risk: questions.WAHighRisk}}}
		got, ok := q.WARisk(set(tc.selected), set(tc.na))
		if !ok || (got == questions.WANoRisk) != tc.want {
			t.Errorf("%q with selected {%s}, not applicable {%s} = %s %v, want the condition to be %v", tc.cond, tc.selected, tc.na, got, ok, tc.want)
		}
	}
	// No kept rules, rules that do not parse, and rules that give no risk are not ok.
	for _, wa := range []*questions.WAQuestion{nil, {}, {RiskRules: []questions.WARiskRule{{Condition: "aaa &&", Risk: questions.WANoRisk}}},
		{RiskRules: []questions.WARiskRule{{Condition: "aaa", Risk: questions.WANoRisk}}}} {
		q.WA = wa
		if got, ok := q.WARisk(set(""), set("")); ok {
			t.Errorf("rules %+v: %s, want not ok", wa, got)
		}
	}
}

// endless is a reader that never ends, counting what is read from it.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read += len(p)
	return len(p), nil
}

func TestReadWATool_SizeCap(t *testing.T) {
	at := strings.Repeat(" ", questions.MaxWAToolFileBytes)
	if b, err := questions.ReadWATool("lens.json", strings.NewReader(at)); err != nil || len(b) != questions.MaxWAToolFileBytes {
		t.Errorf("a file at the cap: %d bytes, %v", len(b), err)
	}
	want := "big.json is larger than 1000000 bytes; the WA Tool imports custom lenses of at most 500000 characters"
	if _, err := questions.ReadWATool("big.json", strings.NewReader(at+" ")); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a file one byte past the cap: %v, want %q", err, want)
	}
	r := &endless{}
	if _, err := questions.ReadWATool("/dev/zero", r); err == nil || !strings.Contains(err.Error(), "/dev/zero is larger than") {
		t.Errorf("an endless file: %v", err)
	}
	if r.read > 2*questions.MaxWAToolFileBytes {
		t.Errorf("read %d bytes of an endless file; the cap is %d", r.read, questions.MaxWAToolFileBytes)
	}
}

// TestParse_KeptRiskRules: risk rules kept from a WA Tool lens
// (wa.risk_rules) are checked when a lens is loaded, as scoring uses them:
// a hand-edited rule that does not parse, names a choice the question does
// not have, gives no WA risk, or leaves the default out or not last is a
// problem with its line and field, not a silent fallback to risk levels.
func TestParse_KeptRiskRules(t *testing.T) {
	lens := func(wa string) string {
		return `id: kept
name: Kept rules
questions:
  - id: KR01
    title: Rules?
    wa:
` + wa + `    practices:
      - id: KR01-BP01
        title: One
        risk: high
        wa_choice_id: kr_one
      - id: kr_two
        title: Two
        risk: medium
`
	}
	rules := func(rs ...string) string {
		var b strings.Builder
		b.WriteString("      risk_rules:\n")
		for _, r := range rs {
			cond, risk, _ := strings.Cut(r, " => ")
			fmt.Fprintf(&b, "        - condition: %q\n          risk: %s\n", cond, risk)
		}
		return b.String()
	}
	tests := []struct {
		name string
		wa   string
		want []string
	}{
		{"as imported", rules("kr_one && kr_two && !KR01_no => NO_RISK", "kr_one && !KR01_no => MEDIUM_RISK", "default => HIGH_RISK"), nil},
		{"its own None of these", "      none_choice:\n        id: kr_none\n        title: None\n" +
			rules("kr_one && !kr_none => NO_RISK", "default => HIGH_RISK"), nil},
		{"does not parse", rules("kr_one && => NO_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:8: question KR01.wa.risk_rules[0].condition: "kr_one &&" does not parse: at character 10: the condition ends early; expected a choice id, ! or (`}},
		{"an unknown choice", rules("kr_one && kr_three => NO_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:8: question KR01.wa.risk_rules[0].condition: "kr_three" is not a choice of this question; its choices are kr_one, kr_two, KR01_no (a practice's wa_choice_id, else its id)`}},
		{"a practice id where the choice id is kept", rules("KR01-BP01 => NO_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:8: question KR01.wa.risk_rules[0].condition: "KR01-BP01" does not parse: at character 5: unexpected '-'; a condition holds only choice ids, &&, ||, ! and parentheses`}},
		{"None of these of a question without one", "      without_none_choice: true\n" +
			rules("kr_one && !KR01_no => NO_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:9: question KR01.wa.risk_rules[0].condition: "KR01_no" is not a choice of this question; its choices are kr_one, kr_two (a practice's wa_choice_id, else its id)`}},
		{"no default", rules("kr_one => NO_RISK", "kr_two => MEDIUM_RISK"), []string{
			`kept.yaml:10: question KR01.wa.risk_rules: no rule has the condition default, so some answers would get no risk; add a last rule with condition: default and its risk`}},
		{"default not last", rules("default => HIGH_RISK", "kr_one => NO_RISK"), []string{
			`kept.yaml:8: question KR01.wa.risk_rules[0].condition: the default rule is not the last one, so the rules after it never apply; move it to the end`}},
		{"two defaults", rules("kr_one => NO_RISK", "default => MEDIUM_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:10: question KR01.wa.risk_rules[1].condition: the default rule is not the last one, so the rules after it never apply; move it to the end`,
			`kept.yaml:12: question KR01.wa.risk_rules[2].condition: a second default rule; keep one, as the last rule`}},
		{"not a risk", rules("kr_one => LOW_RISK", "default => HIGH_RISK"), []string{
			`kept.yaml:9: question KR01.wa.risk_rules[0].risk: "LOW_RISK" is not a risk; use NO_RISK, MEDIUM_RISK, HIGH_RISK`}},
	}
	for _, tt := range tests {
		l, errs := questions.Parse("kept.yaml", []byte(lens(tt.wa)))
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
		if tt.want == nil {
			// The rules that load are the ones scoring uses.
			if _, ok := l.Questions[0].WARisk(func(string) bool { return false }, func(string) bool { return false }); !ok {
				t.Errorf("%s: rules that load give no risk", tt.name)
			}
		}
	}
	// LoadDir reports them as ParseErrors too.
	_, err := questions.LoadDir(fstest.MapFS{"kept.yaml": {Data: []byte(lens(rules("kr_one => NO_RISK")))}}, ".", "mine/")
	var pe *questions.ParseError
	if !errors.As(err, &pe) || pe.File != "mine/kept.yaml" || pe.Field != "question KR01.wa.risk_rules" || pe.Line != 8 {
		t.Errorf("LoadDir: %v (%+v)", err, pe)
	}
}

package questions_test

import (
	"bufio"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/warroom/warroom/questions"
)

// tsvRow is one practice of the reference facts.
type tsvRow struct{ question, questionTitle, practice, title, risk, waQuestion, waChoice, url string }

func readTSV(t *testing.T, path string) []tsvRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 8 {
			t.Fatalf("%s: want 8 columns, got %d: %q", path, len(c), sc.Text())
		}
		rows = append(rows, tsvRow{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]})
	}
	return rows
}

func TestDefault_MatchesReferenceFacts(t *testing.T) {
	bank, err := questions.Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := append(readTSV(t, "testdata/security-pillar.tsv"), readTSV(t, "testdata/rel09.tsv")...)
	var got []*questions.Practice
	got = append(got, bank.Practices()...)
	if len(got) != len(rows) {
		t.Fatalf("bank has %d practices, reference has %d", len(got), len(rows))
	}
	for i, r := range rows {
		p := got[i]
		q, _ := bank.Question(p.QuestionID)
		if p.ID != r.practice || p.Title != r.title || string(p.Risk) != r.risk || p.QuestionID != r.question ||
			p.WAChoiceID != r.waChoice || p.DocURL != r.url || q.Title != r.questionTitle || q.WAQuestionID != r.waQuestion {
			t.Errorf("practice %d: got %s %q %s (q %s %q %s, %s, %s), want %+v", i, p.ID, p.Title, p.Risk,
				p.QuestionID, q.Title, q.WAQuestionID, p.WAChoiceID, p.DocURL, r)
		}
	}
	secQuestions := 0
	for _, q := range bank.Questions() {
		if strings.HasPrefix(q.ID, "SEC") {
			secQuestions++
		}
	}
	if secQuestions != 11 {
		t.Errorf("SEC questions = %d, want 11", secQuestions)
	}
	if len(bank.Lenses) != 2 || bank.Lenses[0].ID != "backup" && bank.Lenses[1].ID != "backup" {
		t.Errorf("want lenses security and backup, got %d lenses", len(bank.Lenses))
	}
}

var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// TestDefault_GuidanceComplete holds the built-in guidance to the bar set for
// it: every practice explains itself, why it matters, what to ask, the signs
// of a gap, services that help and a next step; no placeholder text.
func TestDefault_GuidanceComplete(t *testing.T) {
	bank := questions.MustDefault()
	seen := map[string]string{}
	for _, q := range bank.Questions() {
		if strings.TrimSpace(q.Summary) == "" {
			t.Errorf("%s: no summary", q.ID)
		}
		for _, p := range q.Practices {
			n := len(sentenceEnd.FindAllString(p.Meaning, -1))
			if n < 2 || n > 5 {
				t.Errorf("%s: meaning has %d sentences, want 2-5", p.ID, n)
			}
			if len(p.Why) < 40 {
				t.Errorf("%s: why is missing or too short", p.ID)
			}
			if len(p.Prompts) < 2 || len(p.Prompts) > 4 {
				t.Errorf("%s: %d verification prompts, want 2-4", p.ID, len(p.Prompts))
			}
			if len(p.GapSigns) < 2 {
				t.Errorf("%s: %d gap signs, want at least 2", p.ID, len(p.GapSigns))
			}
			if len(p.Services) < 1 {
				t.Errorf("%s: no AWS services listed", p.ID)
			}
			if len(p.NextStep) < 20 {
				t.Errorf("%s: next step missing or too short", p.ID)
			}
			for _, text := range append([]string{p.Meaning, p.Why, p.NextStep}, append(p.Prompts, p.GapSigns...)...) {
				low := strings.ToLower(text)
				for _, bad := range []string{"todo", "tbd", "lorem", "placeholder", "xxx", "one or two sentences"} {
					if regexp.MustCompile(`\b` + bad + `\b`).MatchString(low) {
						t.Errorf("%s: placeholder text %q in %q", p.ID, bad, text)
					}
				}
				if len(text) > 60 {
					if other, dup := seen[text]; dup {
						t.Errorf("%s: text repeated from %s: %q", p.ID, other, text)
					}
					seen[text] = p.ID
				}
			}
		}
	}
}

func TestLoadDir_Custom(t *testing.T) {
	lenses, err := questions.LoadDir(os.DirFS("testdata/custom"), ".", "custom/")
	if err != nil {
		t.Fatal(err)
	}
	if len(lenses) != 1 || lenses[0].ID != "exco" || len(lenses[0].Questions[0].Practices) != 2 {
		t.Fatalf("unexpected lenses: %+v", lenses)
	}
	builtin, err := questions.DefaultLenses()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questions.NewBank(append(builtin, lenses...)...)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := bank.Practice("exco01-bp02")
	if !ok || p.Risk != questions.High || p.QuestionID != "EXCO01" {
		t.Errorf("custom practice lookup: %+v %v", p, ok)
	}
}

func TestParse_Problems(t *testing.T) {
	tests := []struct {
		file string
		want []string // each must appear in the joined error text
	}{
		{"testdata/bad-fields.yaml", []string{
			`testdata/bad-fields.yaml:3: lens.colour: unknown field; allowed fields are id, name`,
			`testdata/bad-fields.yaml:10: practice EX01-BP01.risk: "severe" is not a risk level; set risk to high, medium or low`,
			`testdata/bad-fields.yaml:11: questions[0].practices[0].mening: unknown field (did you mean "meaning"?)`,
			`testdata/bad-fields.yaml:12: practice EX01-BP01.id: duplicate practice id (first defined on line 8)`,
			`testdata/bad-fields.yaml:12: practice EX01-BP01.title: missing title`,
			`testdata/bad-fields.yaml:14: question EX01.id: duplicate question id (first defined on line 5)`,
			`testdata/bad-fields.yaml:14: question EX01.title: missing title`,
			`testdata/bad-fields.yaml:14: question EX01.practices: the question has no practices`,
		}},
		{"testdata/bad-syntax.yaml", []string{`testdata/bad-syntax.yaml:5: not valid YAML`}},
		{"testdata/bad-types.yaml", []string{`testdata/bad-types.yaml:10:`, `fix the value's type`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			_, perrs := questions.Parse(tt.file, data)
			var msgs []string
			for _, pe := range perrs {
				msgs = append(msgs, pe.Error())
			}
			all := strings.Join(msgs, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing problem %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestLoadDir_ClashAcrossFiles(t *testing.T) {
	lens := "id: %s\nname: L\nquestions:\n  - id: Q1\n    title: T\n    practices:\n      - id: Q1-BP01\n        title: P\n        risk: low\n"
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(strings.ReplaceAll(lens, "%s", "a"))},
		"b.yaml": {Data: []byte(strings.ReplaceAll(lens, "%s", "b"))},
	}
	_, err := questions.LoadDir(fsys, ".", "")
	if err == nil {
		t.Fatal("want an error for ids defined in two files")
	}
	for _, w := range []string{"b.yaml:4: question Q1: id is already defined in a.yaml:4", "b.yaml:7: practice Q1-BP01"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in %v", w, err)
		}
	}
	var pe *questions.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("errors should be *ParseError, got %T", err)
	}
}

func TestLoadDir_EmptyFolder(t *testing.T) {
	_, err := questions.LoadDir(fstest.MapFS{"README.md": {Data: []byte("x")}}, ".", "mine/")
	if err == nil || !strings.Contains(err.Error(), "holds no .yaml or .yml files") {
		t.Errorf("got %v", err)
	}
}

func TestBank_LookupSuggests(t *testing.T) {
	bank := questions.MustDefault()
	tests := []struct {
		id, want string
	}{
		{"SEC02-BP1", "did you mean SEC02-BP01"},
		{"sec02-bp01", ""},
		{"SEC2-BP01", "SEC02-BP01"},
		{"REL09-BP05", "REL09-BP0"},
		{"zzzzzzzzzzzzzzzzzz", `unknown practice "zzzzzzzzzzzzzzzzzz"`},
	}
	for _, tt := range tests {
		_, err := bank.Lookup(tt.id)
		if tt.want == "" {
			if err != nil {
				t.Errorf("Lookup(%q) = %v, want ok", tt.id, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, questions.ErrUnknownPractice) {
			t.Errorf("Lookup(%q) = %v, want error containing %q wrapping ErrUnknownPractice", tt.id, err, tt.want)
		}
	}
}

func TestRisk_Rank(t *testing.T) {
	if !(questions.High.Rank() < questions.Medium.Rank() && questions.Medium.Rank() < questions.Low.Rank() &&
		questions.Low.Rank() < questions.Risk("other").Rank()) {
		t.Error("risk ranks out of order")
	}
}

package review_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
)

func secBank(t *testing.T) *questions.Bank {
	t.Helper()
	b, err := questions.NewBank(questions.Lens{ID: "s", Name: "S", Questions: []questions.Question{
		{ID: "SEC02", Title: "Auth", Practices: []questions.Practice{
			{ID: "SEC02-BP01", Title: "Strong sign-in", Risk: questions.High},
			{ID: "SEC02-BP02", Title: "Temporary credentials", Risk: questions.High},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var importOpts = review.ImportOptions{By: "default-person", Now: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)}

func TestParseAnswerFile_YAMLAndJSON(t *testing.T) {
	yamlDoc := `version: 1
answers:
  - practice: sec02-bp01
    status: not met
    note: "  no MFA  "
    by: dana
    at: 2026-10-13T09:00:00+02:00
  - practice: SEC02-BP02
    status: n/a
    reason: no machines
`
	jsonDoc := `{"version": 1, "answers": [
  {"practice": "SEC02-BP01", "status": "not-met", "note": "no MFA", "by": "dana", "at": "2026-10-13T07:00:00Z"},
  {"practice": "SEC02-BP02", "status": "not-applicable", "reason": "no machines"}]}`
	want := []review.Answer{
		{PracticeID: "SEC02-BP01", Status: review.NotMet, Note: "no MFA", By: "dana", At: time.Date(2026, 10, 13, 7, 0, 0, 0, time.UTC)},
		{PracticeID: "SEC02-BP02", Status: review.NotApplicable, Reason: "no machines", By: "default-person", At: importOpts.Now},
	}
	for name, doc := range map[string]string{"a.yaml": yamlDoc, "a.json": jsonDoc} {
		got, err := review.ParseAnswerFile(name, []byte(doc), secBank(t), importOpts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
}

func TestParseAnswerFile_Problems(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"unknown practice", "answers:\n  - practice: SEC02-BP1\n    status: met\n    by: d\n",
			[]string{`f.yaml:2: answer SEC02-BP1.practice: unknown practice "SEC02-BP1"; did you mean SEC02-BP01`}},
		{"bad status", "answers:\n  - practice: SEC02-BP01\n    by: d\n    status: finished\n",
			[]string{`f.yaml:4: answer SEC02-BP01.status: status "finished" is not one of met, partial, not-met, not-applicable`}},
		{"missing status", "answers:\n  - practice: SEC02-BP01\n    by: d\n", []string{`f.yaml:2: answer SEC02-BP01.status: missing`}},
		{"n/a without reason", "answers:\n  - practice: SEC02-BP01\n    status: not-applicable\n    by: d\n",
			[]string{`f.yaml:3: answer SEC02-BP01.reason: not-applicable needs a reason`}},
		{"missing practice", "answers:\n  - status: met\n    by: d\n", []string{`f.yaml:2: answers[0].practice: missing`}},
		{"bad time", "answers:\n  - practice: SEC02-BP01\n    status: met\n    by: d\n    at: yesterday\n",
			[]string{`f.yaml:5: answer SEC02-BP01.at: "yesterday" is not a time; use RFC 3339`}},
		{"unknown field", "answers:\n  - practice: SEC02-BP01\n    status: met\n    by: d\n    owner: x\n",
			[]string{`f.yaml:5: answer SEC02-BP01.owner: unknown field`}},
		{"unknown top-level field", "answerz: []\n", []string{`f.yaml:1: file.answerz: unknown field`, `answers: missing`}},
		{"not a mapping", "- a\n- b\n", []string{`f.yaml:1: expected a mapping with an answers: list`}},
		{"answers not a list", "answers: yes\n", []string{`f.yaml:1: answers: must be a list of answers`}},
		{"empty list", "answers: []\n", []string{`f.yaml:1: answers: the list is empty`}},
		{"invalid yaml", "answers:\n  - practice: [\n", []string{`f.yaml: not valid YAML or JSON`}},
		{"bad version", "version: 2\nanswers:\n  - practice: SEC02-BP01\n    status: met\n    by: d\n", []string{`f.yaml:1: version: unsupported version "2"`}},
		{"every problem at once", "answers:\n  - practice: X\n    status: met\n    by: d\n  - practice: SEC02-BP01\n    status: nope\n    by: d\n",
			[]string{`f.yaml:2: answer X.practice`, `f.yaml:6: answer SEC02-BP01.status`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := review.ParseAnswerFile("f.yaml", []byte(tt.doc), secBank(t), review.ImportOptions{Now: importOpts.Now})
			if err == nil {
				t.Fatalf("no error; got %+v", got)
			}
			if got != nil {
				t.Errorf("answers returned with an error: %+v", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	_, err := review.ParseAnswerFile("f.yaml", []byte("answers:\n  - practice: SEC02-BP01\n    status: met\n"), secBank(t), review.ImportOptions{Now: importOpts.Now})
	if err == nil || !strings.Contains(err.Error(), "f.yaml:2: answer SEC02-BP01.by: missing; say who gave the answer (or pass --by)") {
		t.Errorf("missing by: %v", err)
	}
}

func TestAnswerFile_RoundTrip(t *testing.T) {
	at := time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC)
	in := []review.Answer{
		{PracticeID: "SEC02-BP01", Status: review.NotMet, Note: `quotes " and: colons`, By: "dana", At: at, Source: "cli", RecordedAt: at},
		{PracticeID: "SEC02-BP01", Status: review.Met, Note: "multi\nline", By: "lee", At: at.Add(time.Hour)},
		{PracticeID: "SEC02-BP02", Status: review.NotApplicable, Reason: "none", By: "lee", At: at.Add(2 * time.Hour)},
	}
	for _, format := range []string{"yaml", "json"} {
		b, err := review.AnswerFile{Workload: "w", ExportedAt: at, Answers: in}.Encode(format)
		if err != nil {
			t.Fatal(err)
		}
		got, err := review.ParseAnswerFile("x."+format, b, secBank(t), review.ImportOptions{Now: importOpts.Now})
		if err != nil {
			t.Fatalf("%s: %v\n%s", format, err, b)
		}
		for i := range got {
			w := in[i]
			w.Source, w.RecordedAt = "", time.Time{}
			if strings.Contains(w.Note, "\n") {
				w.Note = strings.TrimSpace(w.Note)
			}
			if !reflect.DeepEqual(got[i], w) {
				t.Errorf("%s row %d: got %+v, want %+v", format, i, got[i], w)
			}
		}
	}
}

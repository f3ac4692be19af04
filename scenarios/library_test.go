package scenarios

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/warroom/warroom/questions"
)

// libraryPlaceholder matches words left in by an unfinished draft.
var libraryPlaceholder = regexp.MustCompile(`\b(TODO|TBD|FIXME)\b|(?i)\blorem\b|(?i)\bx{3,}\b`)

// scenarioTexts returns every piece of prose in a scenario with where it is.
func scenarioTexts(s *Scenario) map[string]string {
	t := map[string]string{
		"title": s.Title, "summary": s.Summary, "objective": s.Objective, "audience": s.Audience,
	}
	for _, r := range s.Roles {
		t["role "+r.ID+".title"] = r.Title
		t["role "+r.ID+".brief"] = r.Brief
	}
	for _, inj := range s.Injects {
		p := "inject " + inj.ID
		t[p+".title"] = inj.Title
		t[p+".narrative"] = inj.Narrative
		for _, v := range inj.Variants {
			t[p+".variant "+v.ID] = v.Narrative
		}
		for i, a := range inj.Artifacts {
			t[p+".artifact "+a.Title] = a.Text
			t[p+".artifact title "+string(rune('a'+i))] = a.Title
		}
		for _, q := range inj.Questions {
			t[p+".question "+q.ID] = q.Text
		}
		for i, g := range inj.Facilitator.GoodAnswer {
			t[p+".good_answer "+string(rune('a'+i))] = g
		}
		for i, h := range inj.Facilitator.Hints {
			t[p+".hint "+string(rune('a'+i))] = h
		}
		for _, pr := range inj.Probes {
			t[p+".probe "+pr.ID+".fallback"] = pr.Fallback
		}
	}
	return t
}

// libraryFilesThatParse loads the library file by file, so that the quality
// gates still run on the files without problems.
func libraryFilesThatParse(t *testing.T, bank *questions.Bank) []*Scenario {
	t.Helper()
	entries, err := fs.ReadDir(libraryFS, "library")
	if err != nil {
		t.Fatal(err)
	}
	var list []*Scenario
	for _, e := range entries {
		data, err := fs.ReadFile(libraryFS, "library/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if s, err := Parse("embedded:library/"+e.Name(), data, LoadOptions{Bank: bank}); err == nil {
			list = append(list, s)
		}
	}
	return list
}

func TestLibrary(t *testing.T) {
	bank := questions.MustDefault()
	list, err := Library(LoadOptions{Bank: bank})
	if err != nil {
		t.Errorf("the embedded library does not load:\n%v", err)
		list = libraryFilesThatParse(t, bank)
	}
	if len(list) < 10 {
		t.Errorf("the library has %d scenarios; it needs at least 10", len(list))
	}
	if !sort.SliceIsSorted(list, func(i, j int) bool { return list[i].ID < list[j].ID }) {
		t.Error("Library is not sorted by id")
	}
	narratives := map[string]string{} // normalised narrative -> where first seen
	for _, s := range list {
		t.Run(s.ID, func(t *testing.T) {
			if !strings.HasPrefix(s.Source, "embedded:library/"+s.ID+".y") || len(s.Digest) != 64 {
				t.Errorf("source %q digest %q", s.Source, s.Digest)
			}
			if n := len(s.Roles); n < 3 || n > 6 {
				t.Errorf("%d roles; a library scenario seats 3 to 6", n)
			}
			probes, shaped, adjudicated := 0, 0, 0
			listed := map[string]bool{}
			for _, id := range s.Practices {
				listed[id] = true
			}
			for _, inj := range s.Injects {
				probes += len(inj.Probes)
				shaped += len(inj.Variants) + len(inj.Branches)
				for _, q := range inj.Questions {
					if len(q.Checks) > 0 {
						adjudicated++
					}
					for _, p := range q.Practices {
						if !listed[p] {
							t.Errorf("question %s exercises %s, which the scenario's practices do not list", q.ID, p)
						}
					}
				}
				texts := map[string]string{"narrative": inj.Narrative}
				for _, v := range inj.Variants {
					texts["variant "+v.ID] = v.Narrative
				}
				for where, text := range texts {
					norm := strings.Join(strings.Fields(text), " ")
					here := s.ID + ": inject " + inj.ID + " " + where
					if first, ok := narratives[norm]; ok {
						t.Errorf("%s repeats %s word for word", here, first)
					}
					narratives[norm] = here
				}
			}
			if probes == 0 {
				t.Error("no probe: no inject names a real resource from the evidence")
			}
			if shaped == 0 {
				t.Error("no variant or branch: evidence never changes the story")
			}
			if adjudicated == 0 {
				t.Error("no question has checks: no claim can be adjudicated")
			}
			for where, text := range scenarioTexts(s) {
				if m := libraryPlaceholder.FindString(text); m != "" {
					t.Errorf("%s holds the placeholder %q", where, m)
				}
			}
		})
	}
}

func TestLibraryPlaceholderWords(t *testing.T) {
	for text, want := range map[string]bool{
		"TODO: write this": true, "owner TBD": true, "Lorem ipsum": true, "FIXME later": true,
		"account xxx": true, "arn:aws:iam::xxxxxxxxxxxx:root": true,
		"a todo list": false, "Toddler": false, "tbd": false, "max 3 boxes": false, "": false,
	} {
		if got := libraryPlaceholder.MatchString(text); got != want {
			t.Errorf("placeholder in %q = %v, want %v", text, got, want)
		}
	}
}

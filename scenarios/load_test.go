package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/warroom/warroom/questions"
)

// loadErrLines splits a joined load error into its lines.
func loadErrLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestParse_Problems(t *testing.T) {
	tests := []struct {
		file string
		want []string // every line of the error, in order
	}{
		{"testdata/bad-top.yaml", []string{
			`testdata/bad-top.yaml:1: id: "not-the-file-name" does not match the file name "bad-top"; rename the file to not-the-file-name.yaml or set id to "bad-top"`,
			`testdata/bad-top.yaml:1: framework: missing; name the Security lens version the practice ids are written against, such as "2026-05"`,
			`testdata/bad-top.yaml:1: objective: missing; say what the session must establish`,
			`testdata/bad-top.yaml:2: version: must be 1 or more; start at 1 and bump it whenever the injects change`,
			`testdata/bad-top.yaml:3: title: missing; give the scenario a one-line title`,
			`testdata/bad-top.yaml:5: duration_min: must be a positive number of minutes: how long the session is expected to take`,
			`testdata/bad-top.yaml:8: roles[1].id: duplicate role id "ir-lead" (first defined on line 7); give each role a unique id`,
			`testdata/bad-top.yaml:9: roles[2].id: "Cloud Admin" is not a valid id; use lower-case letters, digits and dashes`,
			`testdata/bad-top.yaml:9: roles[2].title: missing; say who sits in this seat, such as "Incident lead"`,
			`testdata/bad-top.yaml:10: practices[1]: unknown practice "SEC10-BP1"; did you mean SEC10-BP01, SEC10-BP02, SEC10-BP03?`,
			`testdata/bad-top.yaml:10: practices[2]: SEC10-BP01 is listed twice; keep one`,
			`testdata/bad-top.yaml:10: practices[3]: unknown practice "XYZ99"; use an id from ` + "`warroom questions list`",
		}},
		{"testdata/bad-keys.yaml", []string{
			`testdata/bad-keys.yaml:7: colour: unknown field; allowed fields are id, version, framework, title, summary, objective, audience, duration_min, roles, practices, injects`,
			`testdata/bad-keys.yaml:10: roles[0].breif: unknown field (did you mean "brief"?); allowed fields are id, title, brief`,
			`testdata/bad-keys.yaml:16: injects[0].title: field appears twice; keep one`,
			`testdata/bad-keys.yaml:18: injects[0].narative: unknown field (did you mean "narrative"?); allowed fields are id, at, title, timebox_min, narrative, variants, artifacts, questions, facilitator, probes, branches, next`,
			`testdata/bad-keys.yaml:22: injects[0].variants[0].when.iz: unknown field (did you mean "is"?); allowed fields are check, is`,
			`testdata/bad-keys.yaml:25: injects[0].artifacts[0].size: unknown field; allowed fields are kind, title, text`,
			`testdata/bad-keys.yaml:29: injects[0].questions[0].check: unknown field (did you mean "checks"?); allowed fields are id, text, practices, checks`,
			`testdata/bad-keys.yaml:32: injects[0].facilitator.hint: unknown field (did you mean "hints"?); allowed fields are good_answer, hints`,
			`testdata/bad-keys.yaml:37: injects[0].probes[0].default: unknown field; allowed fields are id, check, pick, fallback`,
			`testdata/bad-keys.yaml:41: injects[0].branches[0].else: unknown field; allowed fields are when, goto`,
		}},
		{"testdata/bad-injects.yaml", []string{
			`testdata/bad-injects.yaml:11: injects: 3 injects; a scenario has 4 to 8 injects, add the events that follow so the story can develop`,
			`testdata/bad-injects.yaml:15: injects[0].timebox_min: must be between 1 and 60 minutes of discussion`,
			`testdata/bad-injects.yaml:18: injects[0].artifacts[0].text: missing; write the text handed to the room`,
			`testdata/bad-injects.yaml:22: injects[0].questions[0].practices[0]: unknown practice "SEC10-BP02x"; did you mean SEC10-BP02, SEC10-BP01, SEC10-BP03?`,
			`testdata/bad-injects.yaml:23: injects[0].questions[0].checks[0]: unknown check "iam.root-mfaa"; did you mean iam.root-mfa?`,
			`testdata/bad-injects.yaml:23: injects[0].questions[0].checks[1]: unknown check "nothing.like-this"; use an id from ` + "`warroom checks list`",
			`testdata/bad-injects.yaml:24: injects[0].questions[1].id: duplicate question id "q1" (first defined on line 20); give each question a unique id`,
			`testdata/bad-injects.yaml:24: injects[0].questions[1].text: missing; write the question put to the room`,
			`testdata/bad-injects.yaml:26: injects[0].facilitator.good_answer: missing; list at least one thing a good answer names`,
			`testdata/bad-injects.yaml:27: injects[1].id: duplicate inject id "first" (first defined on line 12); give each inject a unique id`,
			`testdata/bad-injects.yaml:28: injects[1].at: T+15m is earlier than the previous inject's T+30m; keep injects in time order`,
			`testdata/bad-injects.yaml:30: injects[1].timebox_min: must be between 1 and 60 minutes of discussion`,
			`testdata/bad-injects.yaml:31: injects[1].narrative: missing; write the text the facilitator reads aloud`,
			`testdata/bad-injects.yaml:32: injects[1].questions: missing; add 2 to 4 questions the room discusses`,
			`testdata/bad-injects.yaml:35: injects[2].id: "Third" is not a valid id; use lower-case letters, digits and dashes`,
			`testdata/bad-injects.yaml:35: injects[2].title: missing; give the inject a one-line title`,
			`testdata/bad-injects.yaml:36: injects[2].at: "15 minutes" is not a time offset; write T+0, T+15m, T+1h30m or T+2d`,
			`testdata/bad-injects.yaml:39: injects[2].questions: 7 questions; an inject has 2 to 4 questions, keep the ones that matter`,
			`testdata/bad-injects.yaml:48: injects[2].facilitator.good_answer[1]: missing; write what a good answer names, or remove the item`,
		}},
		{"testdata/bad-probes.yaml", []string{
			`testdata/bad-probes.yaml:16: injects[0].narrative: {user} names no probe of this inject; add a probe with id user or write {{user}} for literal braces`,
			`testdata/bad-probes.yaml:20: injects[0].variants[0].when.is: "failed" is not an outcome; set it to fail, pass or unknown`,
			`testdata/bad-probes.yaml:21: injects[0].variants[0].narrative: a { at character 9 is not closed; write {probe-id} for a placeholder or {{ for a literal brace`,
			`testdata/bad-probes.yaml:22: injects[0].variants[1].id: duplicate variant id "off" (first defined on line 19); give each variant a unique id`,
			`testdata/bad-probes.yaml:23: injects[0].variants[1].when.check: unknown check "iam.root-mfaa"; did you mean iam.root-mfa?`,
			`testdata/bad-probes.yaml:24: injects[0].variants[1].narrative: a } at character 9 has no opening {; write }} for a literal brace`,
			`testdata/bad-probes.yaml:25: injects[0].variants[2].id: missing; give it an id such as "mfa-off"`,
			`testdata/bad-probes.yaml:25: injects[0].variants[2].when: missing; give the condition as {check: <check id>, is: fail|pass|unknown}`,
			`testdata/bad-probes.yaml:26: injects[0].variants[2].narrative: missing; write the text read aloud instead when the condition holds`,
			`testdata/bad-probes.yaml:29: injects[0].variants[3].narrative: {Bad Name} is not a placeholder; name a probe of this inject in lower-case letters, digits and dashes, or write {{ and }} for literal braces`,
			`testdata/bad-probes.yaml:38: injects[0].probes[0].pick: "oldest" is not a pick; set it to fail (the default) or pass`,
			`testdata/bad-probes.yaml:40: injects[0].probes[1].id: duplicate probe id "key" (first defined on line 36); give each probe a unique id`,
			`testdata/bad-probes.yaml:40: injects[0].probes[1].fallback: missing; write the words used when the check has no such finding, such as "the production account"`,
			`testdata/bad-probes.yaml:41: injects[0].probes[1].check: unknown check "iam.nothing"; did you mean iam.root-mfa?`,
			`testdata/bad-probes.yaml:42: injects[0].probes[2].id: missing; give it an id such as "acct"`,
		}},
		{"testdata/bad-branches.yaml", []string{
			`testdata/bad-branches.yaml:24: injects[0].branches[1].goto: "nowhere" is not an inject of this scenario; use one of two, three, four, end`,
			`testdata/bad-branches.yaml:35: injects[1].branches[0].goto: "one" is this inject or an earlier one; branches only go forward: use one of three, four, end`,
			`testdata/bad-branches.yaml:36: injects[1].branches[1].when: missing; give the condition as {check: <check id>, is: fail|pass|unknown}`,
			`testdata/bad-branches.yaml:36: injects[1].branches[1].goto: "two" is this inject or an earlier one; branches only go forward: use one of three, four, end`,
			`testdata/bad-branches.yaml:37: injects[1].next: "one" is this inject or an earlier one; branches only go forward: use one of three, four, end`,
			`testdata/bad-branches.yaml:46: injects[2].next: "three" is this inject or an earlier one; branches only go forward: use one of four, end`,
		}},
		{"testdata/bad-types.yaml", []string{
			`testdata/bad-types.yaml:2: version: got text ("one") where a whole number belongs; fix the value's type`,
			`testdata/bad-types.yaml:7: duration_min: got a list where a whole number belongs; fix the value's type`,
			`testdata/bad-types.yaml:10: practices: got text ("SEC10-BP01") where a list belongs; fix the value's type`,
		}},
		{"testdata/bad-syntax.yaml", []string{
			`testdata/bad-syntax.yaml:3: not valid YAML: did not find expected '-' indicator`,
		}},
		{"testdata/bad-empty.yaml", []string{
			`testdata/bad-empty.yaml:1: file is empty; a scenario needs id, title, summary, objective, roles, practices and injects`,
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(tt.file, data, LoadOptions{})
			if s != nil {
				t.Errorf("Parse returned a scenario with problems: %+v", s.ID)
			}
			got := loadErrLines(err)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
			// Every problem is a *questions.ParseError with a line.
			var joined interface{ Unwrap() []error }
			if !errors.As(err, &joined) {
				t.Fatalf("error is not a joined list: %T", err)
			}
			for _, e := range joined.Unwrap() {
				var pe *questions.ParseError
				if !errors.As(e, &pe) || pe.File != tt.file || pe.Line == 0 {
					t.Errorf("problem %v is not a ParseError of %s with a line", e, tt.file)
				}
			}
		})
	}
}

func TestParse_Good(t *testing.T) {
	data, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("testdata/good.yaml", data, LoadOptions{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	sum := sha256.Sum256(data)
	if s.Source != "testdata/good.yaml" || s.Digest != hex.EncodeToString(sum[:]) || len(s.Digest) != 64 {
		t.Errorf("source %q digest %q", s.Source, s.Digest)
	}
	if s.ID != "good" || s.Version != 2 || s.Framework != "2026-05" || s.DurationMin != 45 ||
		s.Title != "A small but complete scenario" || s.Audience != "Platform and security on-call" {
		t.Errorf("header: %+v", s)
	}
	if len(s.Roles) != 2 || s.Roles[0] != (Role{ID: "ir-lead", Title: "Incident lead", Brief: "Runs the response"}) ||
		s.Roles[1].ID != "cloud-admin" {
		t.Errorf("roles: %+v", s.Roles)
	}
	if strings.Join(s.Practices, ",") != "SEC01-BP02,SEC10-BP01" {
		t.Errorf("practices: %v", s.Practices)
	}
	var ids []string
	var offsets []time.Duration
	for _, inj := range s.Injects {
		ids = append(ids, inj.ID)
		offsets = append(offsets, inj.Offset)
	}
	if strings.Join(ids, ",") != "root-login,spread,recovery,lessons" {
		t.Errorf("injects: %v", ids)
	}
	wantOff := []time.Duration{0, 90 * time.Minute, 48 * time.Hour, 72 * time.Hour}
	for i := range wantOff {
		if offsets[i] != wantOff[i] {
			t.Errorf("inject %d offset = %v, want %v", i, offsets[i], wantOff[i])
		}
	}
	first := s.Injects[0]
	if first.Narrative != `The root user of {acct} signed in; the alert body reads {{"user": "root"}}.` {
		t.Errorf("narrative: %q", first.Narrative)
	}
	if len(first.Variants) != 1 || first.Variants[0].When != (Condition{Check: "iam.root-mfa", Is: OutcomeFail}) {
		t.Errorf("variants: %+v", first.Variants)
	}
	if len(first.Artifacts) != 1 || first.Artifacts[0].Text != `{"eventName": "ConsoleLogin"}` {
		t.Errorf("artifacts: %+v", first.Artifacts)
	}
	if len(first.Questions) != 2 || strings.Join(first.Questions[0].Checks, ",") != "guardduty.enabled" {
		t.Errorf("questions: %+v", first.Questions)
	}
	if len(first.Facilitator.GoodAnswer) != 1 || len(first.Facilitator.Hints) != 1 {
		t.Errorf("facilitator: %+v", first.Facilitator)
	}
	if len(first.Probes) != 1 || first.Probes[0].Pick != "fail" || first.Probes[0].Fallback != "the production account" {
		t.Errorf("probe (pick defaults to fail): %+v", first.Probes)
	}
	if len(first.Branches) != 1 || first.Branches[0].Goto != "recovery" {
		t.Errorf("branches: %+v", first.Branches)
	}
	if s.Injects[1].Next != End || s.Injects[2].Probes[0].Pick != "pass" {
		t.Errorf("next %q, pick %q", s.Injects[1].Next, s.Injects[2].Probes[0].Pick)
	}
}

func TestParse_Options(t *testing.T) {
	data, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A narrower set of known checks turns the others into problems.
	only := func(id string) bool { return id == "iam.root-mfa" }
	_, err = Parse("testdata/good.yaml", data, LoadOptions{KnownCheck: only})
	want := []string{
		`testdata/good.yaml:34: injects[0].questions[0].checks[0]: unknown check "guardduty.enabled"; use an id from ` + "`warroom checks list`",
		`testdata/good.yaml:73: injects[2].probes[0].check: unknown check "account.security-contact"; use an id from ` + "`warroom checks list`",
	}
	if got := loadErrLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("KnownCheck problems:\n got: %q\nwant: %q", got, want)
	}
	// A bank without the Security Pillar knows none of the practices.
	bank, err := questions.NewBank()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("testdata/good.yaml", data, LoadOptions{Bank: bank})
	if got := loadErrLines(err); len(got) != 5 || got[0] != `testdata/good.yaml:4: framework: "2026-05" is not the version of a loaded lens; no loaded lens has a version` ||
		!strings.Contains(got[1], `testdata/good.yaml:16: practices[0]: unknown practice "SEC01-BP02"`) {
		t.Errorf("Bank problems: %q", got)
	}
	// The file name decides the id.
	_, err = Parse("elsewhere/other.yml", data, LoadOptions{})
	if got := loadErrLines(err); len(got) != 1 || !strings.HasPrefix(got[0], `elsewhere/other.yml:2: id: "good" does not match the file name "other"`) {
		t.Errorf("id vs file name: %q", got)
	}
}

func Test_parseInjectAt(t *testing.T) {
	tests := []struct {
		at   string
		want time.Duration
		bad  string // part of the error, "" for none
	}{
		{"T+0", 0, ""},
		{"T+0m", 0, ""},
		{"T+15m", 15 * time.Minute, ""},
		{"T+90m", 90 * time.Minute, ""},
		{"T+1h", time.Hour, ""},
		{"T+30h", 30 * time.Hour, ""},
		{"T+1h30m", 90 * time.Minute, ""},
		{"T+2d", 48 * time.Hour, ""},
		{"T+1d2h5m", 26*time.Hour + 5*time.Minute, ""},
		{"T+1d23h59m", 47*time.Hour + 59*time.Minute, ""},
		{"T+365d", 365 * 24 * time.Hour, ""},
		{"T+", 0, "is not a time offset"},
		{"T+90s", 0, "is not a time offset"},
		{"T+30m1h", 0, "is not a time offset"},
		{"15m", 0, "is not a time offset"},
		{"T-5m", 0, "is not a time offset"},
		{"", 0, "is not a time offset"},
		{"T+1h90m", 0, `"T+1h90m": minutes must be under 60 when hours or days are given; write it as T+2h30m`},
		{"T+1d60m", 0, "minutes must be under 60 when hours or days are given; write it as T+1d1h"},
		{"T+1d24h", 0, `"T+1d24h": hours must be under 24 when days are given; write it as T+2d`},
		{"T+366d", 0, `"T+366d" is more than 365 days into the incident; keep offsets within 365 days`},
		{"T+8785h", 0, "is more than 365 days"},
		{"T+200000d", 0, "is more than 365 days"},
		{"T+99999999999999999999m", 0, "is more than 365 days"},
	}
	for _, tt := range tests {
		got, err := parseInjectAt(tt.at)
		if got != tt.want || (tt.bad == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.bad)) {
			t.Errorf("parseInjectAt(%q) = %v, %v; want %v, %q", tt.at, got, err, tt.want, tt.bad)
		}
	}
}

func Test_narrativeSlots(t *testing.T) {
	tests := []struct {
		text  string
		names string
		bad   string // part of the problem, "" for none
	}{
		{"plain text", "", ""},
		{"{a} and {b-2} and {a}", "a,b-2,a", ""},
		{`literal {{"k": 1}} and {x}`, "x", ""},
		{"{{{x}}}", "x", ""},
		{"open {x", "", "is not closed"},
		{"open {x {y}", "y", "a { at character 6 is not closed"},
		{"{a{b}", "b", "a { at character 1 is not closed"},
		{"}{a}", "a", "a } at character 1 has no opening {"},
		{"é ü {x", "", "a { at character 5 is not closed"},
		{"ünïcode } here", "", "a } at character 9 has no opening {"},
		{"{Bad} then {x", "", "{Bad} is not a placeholder"},
		{"stray } here", "", "has no opening {"},
		{"{x}} y", "x", "has no opening {"},
		{"{}", "", "{} is not a placeholder"},
		{"{Upper}", "", "{Upper} is not a placeholder"},
	}
	for _, tt := range tests {
		names, bad := narrativeSlots(tt.text)
		if strings.Join(names, ",") != tt.names || (tt.bad == "") != (bad == "") || !strings.Contains(bad, tt.bad) {
			t.Errorf("narrativeSlots(%q) = %v, %q; want %s, %q", tt.text, names, bad, tt.names, tt.bad)
		}
	}
}

// loadGood is testdata/good.yaml with its id (and name) replaced.
func loadGood(t *testing.T, id string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.Replace(string(data), "id: good\n", "id: "+id+"\n", 1))
}

func TestLoadDir(t *testing.T) {
	fsys := fstest.MapFS{
		"sc/beta.yaml":         {Data: loadGood(t, "beta")},
		"sc/alpha.yml":         {Data: loadGood(t, "alpha")},
		"sc/README.md":         {Data: []byte("not a scenario")},
		"sc/nested/gamma.yaml": {Data: []byte("not: read")},
	}
	list, err := LoadDir(fsys, "sc", "custom:", LoadOptions{})
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(list) != 2 || list[0].ID != "alpha" || list[1].ID != "beta" || list[0].Source != "custom:sc/alpha.yml" {
		t.Fatalf("loaded: %+v", list)
	}

	// All problems of all files at once, and the same id in two files.
	fsys["sc/beta.yml"] = &fstest.MapFile{Data: loadGood(t, "beta")}
	fsys["sc/broken.yaml"] = &fstest.MapFile{Data: []byte("id: broken\nversion: 0\n")}
	_, err = LoadDir(fsys, "sc", "custom:", LoadOptions{})
	got := err.Error()
	for _, w := range []string{
		"custom:sc/beta.yml:2: id: scenario \"beta\" is already defined in custom:sc/beta.yaml:2; keep one of the two files",
		"custom:sc/broken.yaml:2: version: must be 1 or more",
		"custom:sc/broken.yaml:1: title: missing",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("LoadDir error lacks %q:\n%s", w, got)
		}
	}

	// A folder without scenario files, and a missing folder.
	if _, err := LoadDir(fstest.MapFS{"e/x.txt": {}}, "e", "", LoadOptions{}); err == nil || !strings.Contains(err.Error(), "holds no .yaml or .yml files") {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := LoadDir(fsys, "missing", "", LoadOptions{}); err == nil || !strings.Contains(err.Error(), "read scenario folder missing") {
		t.Errorf("missing folder: %v", err)
	}
}

func TestLoadPath(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "one.yaml")
	if err := os.WriteFile(good, loadGood(t, "one"), 0o644); err != nil {
		t.Fatal(err)
	}
	list, err := LoadPath(good, LoadOptions{})
	if err != nil || len(list) != 1 || list[0].Source != good {
		t.Fatalf("LoadPath(file) = %v, %v", list, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "two.yaml"), []byte("id: two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadPath(dir, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "two.yaml")+":1: title: missing") {
		t.Errorf("LoadPath(dir) error: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "two.yaml")); err != nil {
		t.Fatal(err)
	}
	list, err = LoadPath(dir+string(filepath.Separator), LoadOptions{})
	if err != nil || len(list) != 1 || list[0].Source != good {
		t.Errorf("LoadPath(dir/) = %v, %v", list, err)
	}
	if _, err := LoadPath(filepath.Join(dir, "absent.yaml"), LoadOptions{}); err == nil {
		t.Error("LoadPath of a missing file: no error")
	}
}

func TestFind(t *testing.T) {
	list := []*Scenario{{ID: "lost-root-account"}, {ID: "leaked-access-key"}, {ID: "public-bucket"}}
	s, err := Find(list, "public-bucket")
	if err != nil || s != list[2] {
		t.Fatalf("Find = %v, %v", s, err)
	}
	_, err = Find(list, "lost-root-acount")
	if !errors.Is(err, ErrUnknownScenario) || err.Error() != `unknown scenario "lost-root-acount"; did you mean lost-root-account?` {
		t.Errorf("typo: %v", err)
	}
	_, err = Find(list, "zz")
	if !errors.Is(err, ErrUnknownScenario) || err.Error() != `unknown scenario "zz"; see `+"`warroom scenario list`" {
		t.Errorf("far off: %v", err)
	}
}

func TestParse_Rules(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // a change to testdata/good.yaml
		want     []string
	}{
		{"an inject no path reaches", "        goto: recovery\n  - id: spread", "        goto: recovery\n    next: recovery\n  - id: spread",
			[]string{`good.yaml:48: injects[1].id: no path from the first inject reaches spread: no branch or next leads to it, and the inject before it never goes on to it; point a branch or next at it, or remove it`}},
		{"a branch makes an inject reachable", "    next: end\n", "    next: recovery\n", nil},
		{"framework of no loaded lens", `framework: "2026-05"`, `framework: "2024-01"`,
			[]string{`good.yaml:4: framework: "2024-01" is not the version of a loaded lens; the loaded lenses are version 2026-05`}},
		{"offset past a year", "at: T+2d", "at: T+200000d",
			[]string{`good.yaml:61: injects[2].at: "T+200000d" is more than 365 days into the incident; keep offsets within 365 days`}},
		{"minutes past an hour", "at: T+1h30m", "at: T+1h90m",
			[]string{`good.yaml:48: injects[1].at: "T+1h90m": minutes must be under 60 when hours or days are given; write it as T+2h30m`}},
		{"a probe no narrative uses", "    probes:\n      - id: acct\n", "    probes:\n      - {id: spare, check: iam.root-mfa, fallback: someone}\n      - id: acct\n",
			[]string{`good.yaml:41: injects[0].probes[0].id: probe spare is not used: neither the narrative nor a variant holds {spare}; write {spare} where its resource belongs, or remove the probe`}},
		{"a probe only a variant uses is used", "The root user of {acct} signed in", "The root user signed in", nil},
		{"a check twice in a question", "checks: [guardduty.enabled]", "checks: [guardduty.enabled, guardduty.enabled]",
			[]string{`good.yaml:34: injects[0].questions[0].checks[1]: guardduty.enabled is listed twice in this question; keep one`}},
		{"a practice twice in a question", "practices: [SEC02-BP01]", "practices: [SEC02-BP01, SEC02-BP01]",
			[]string{`good.yaml:55: injects[1].questions[0].practices[1]: SEC02-BP01 is listed twice in this question; keep one`}},
		{"a key twice is reported once", "title: A small but complete scenario\n", "title: A small but complete scenario\ntitle: Again\n",
			[]string{`good.yaml:6: title: field appears twice; keep one`}},
		{"a wrongly typed value deep down", "timebox_min: 15", "timebox_min: fifteen",
			[]string{`good.yaml:50: injects[1].timebox_min: got text ("fifteen") where a whole number belongs; fix the value's type`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := string(loadGood(t, "good"))
			if !strings.Contains(data, tt.old) {
				t.Fatalf("good.yaml does not hold %q", tt.old)
			}
			data = strings.Replace(data, tt.old, tt.new, 1)
			_, err := Parse("good.yaml", []byte(data), LoadOptions{})
			if got := loadErrLines(err); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
		})
	}
}

// countsScenario writes a valid scenario whose inject i has questions[i]
// questions, and returns it with the line of each inject's questions.
func countsScenario(questions ...int) (string, []int) {
	var b strings.Builder
	b.WriteString("id: counts\nversion: 1\nframework: \"2026-05\"\ntitle: Counts\nsummary: Injects and questions are counted.\n" +
		"objective: Each limit is reported with the range allowed.\nduration_min: 60\nroles:\n  - {id: ir-lead, title: Incident lead}\n" +
		"practices: [SEC10-BP01]\n")
	if len(questions) == 0 {
		b.WriteString("injects: []\n")
		return b.String(), nil
	}
	b.WriteString("injects:\n")
	line := 12 // the first inject's id
	var lines []int
	for i, n := range questions {
		fmt.Fprintf(&b, "  - id: i%d\n    at: T+%dm\n    title: Inject %d\n    timebox_min: 10\n    narrative: Something happens.\n    questions:\n", i, i*10, i)
		lines = append(lines, line+5)
		for j := range n {
			fmt.Fprintf(&b, "      - {id: i%d-q%d, text: \"What now?\"}\n", i, j)
		}
		b.WriteString("    facilitator: {good_answer: [Something]}\n")
		line += 7 + n
	}
	return b.String(), lines
}

func TestParse_Counts(t *testing.T) {
	const few, many = "add the events that follow so the story can develop", "merge some or split it in two"
	tests := []struct {
		name      string
		questions []int // per inject
		want      func(qline []int) []string
	}{
		{"no injects", nil, func([]int) []string {
			return []string{"counts.yaml:11: injects: missing; add 4 to 8 events the facilitator reads out, in time order"}
		}},
		{"one inject", []int{2}, func([]int) []string {
			return []string{"counts.yaml:11: injects: 1 inject; a scenario has 4 to 8 injects, " + few}
		}},
		{"three injects", []int{2, 2, 2}, func([]int) []string {
			return []string{"counts.yaml:11: injects: 3 injects; a scenario has 4 to 8 injects, " + few}
		}},
		{"four injects", []int{2, 2, 2, 2}, func([]int) []string { return nil }},
		{"eight injects", []int{2, 2, 2, 2, 2, 2, 2, 2}, func([]int) []string { return nil }},
		{"nine injects", []int{2, 2, 2, 2, 2, 2, 2, 2, 2}, func([]int) []string {
			return []string{"counts.yaml:11: injects: 9 injects; a scenario has 4 to 8 injects, " + many}
		}},
		{"one question", []int{2, 1, 2, 2}, func(l []int) []string {
			return []string{fmt.Sprintf("counts.yaml:%d: injects[1].questions: 1 question; an inject has 2 to 4 questions, add another the room should answer", l[1])}
		}},
		{"four questions", []int{4, 2, 2, 4}, func([]int) []string { return nil }},
		{"five questions", []int{2, 2, 2, 5}, func(l []int) []string {
			return []string{fmt.Sprintf("counts.yaml:%d: injects[3].questions: 5 questions; an inject has 2 to 4 questions, keep the ones that matter", l[3])}
		}},
		{"both limits at once", []int{1, 5, 3}, func(l []int) []string {
			return []string{
				"counts.yaml:11: injects: 3 injects; a scenario has 4 to 8 injects, " + few,
				fmt.Sprintf("counts.yaml:%d: injects[0].questions: 1 question; an inject has 2 to 4 questions, add another the room should answer", l[0]),
				fmt.Sprintf("counts.yaml:%d: injects[1].questions: 5 questions; an inject has 2 to 4 questions, keep the ones that matter", l[1]),
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, lines := countsScenario(tt.questions...)
			_, err := Parse("counts.yaml", []byte(data), LoadOptions{})
			want := tt.want(lines)
			if got := loadErrLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
		})
	}
}

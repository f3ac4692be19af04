package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exampleLens = "../../questions/testdata/watool/example-custom-lens.json"

// TestLens_ExportImportScore exports the built-in lenses, imports the file
// again as a custom lens, and reviews with it: the imported lens lists,
// scores as the WA rules do, and exports back to the same file.
func TestLens_ExportImportScore(t *testing.T) {
	h := newHarness(t)
	all := filepath.Join(h.dir, "all.json")
	h.mustRun("lens", "export", "--format", "wellarchitected", "--out", all)
	if e := h.errOut.String(); !strings.Contains(e, "Wrote "+all+" (wellarchitected, ") ||
		!strings.Contains(e, "Warning: lens security, question SEC11: the title is 137 characters") {
		t.Errorf("export stderr: %q", e)
	}
	first, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion string
		Pillars       []struct{ ID string }
	}
	if err := json.Unmarshal(first, &doc); err != nil || doc.SchemaVersion != "2021-11-01" || len(doc.Pillars) != 2 {
		t.Fatalf("exported lens: %v %+v", err, doc)
	}

	lensDir := filepath.Join(h.dir, "lenses")
	out := h.mustRun("lens", "import", all, "--id", "wa-copy", "--out", filepath.Join(lensDir, "wa-copy.yaml"))
	for _, want := range []string{
		"Wrote " + filepath.Join(lensDir, "wa-copy.yaml") + ": lens wa-copy (warroom: Security Pillar, Backup (Reliability REL09)) from " + all +
			", 12 questions, 67 practices (32 high, 30 medium, 5 low).",
		"  securely_operate\n    sec_securely_operate_multi_accounts ",
		"warroom --lens-dir " + lensDir + " questions list",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	if h.errOut.Len() != 0 {
		t.Errorf("a warroom export imports without warnings, got %q", h.errOut)
	}

	var list questionsListJSON
	if err := json.Unmarshal([]byte(h.mustRun("--lens-dir", lensDir, "questions", "list", "-o", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Lenses) != 3 || list.Lenses[2].ID != "wa-copy" || len(list.Questions) != 24 {
		t.Errorf("questions list with the imported lens: %d lenses %+v, %d questions", len(list.Lenses), list.Lenses, len(list.Questions))
	}

	h.mustRun("workload", "create", "payments")
	h.mustRun("--lens-dir", lensDir, "answer", "set", "rel_backing_up_data_identified_backups_data", "--status", "met", "--by", "dana")
	h.mustRun("--lens-dir", lensDir, "answer", "set", "rel_backing_up_data_secured_backups_data", "--status", "met", "--by", "dana")
	h.mustRun("--lens-dir", lensDir, "answer", "set", "rel_backing_up_data_automated_backups_data", "--status", "not-met", "--by", "dana")
	var score struct {
		Questions []struct{ ID, Lens, Risk string }
	}
	if err := json.Unmarshal([]byte(h.mustRun("--lens-dir", lensDir, "score", "-o", "json")), &score); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range score.Questions {
		if q.ID == "backing_up_data" {
			found = true
			// Both high choices met, a medium one not: the WA rules say MEDIUM.
			if q.Lens != "wa-copy" || q.Risk != "medium" {
				t.Errorf("backing_up_data: lens %s risk %s, want wa-copy medium", q.Lens, q.Risk)
			}
		}
	}
	if !found {
		t.Errorf("score has no question backing_up_data: %+v", score.Questions)
	}

	again := filepath.Join(h.dir, "again.json")
	h.mustRun("--lens-dir", lensDir, "lens", "export", "wa-copy", "--out", again)
	second, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if string(second) != string(first) {
		t.Errorf("exporting the imported lens does not give the first export back")
	}
}

func TestLens_ImportExample(t *testing.T) {
	h := newHarness(t)
	src, err := filepath.Abs(exampleLens)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(h.dir)
	out := h.mustRun("lens", "import", src)
	if !strings.Contains(out, "Wrote example-co-backup-and-secrets-lens.yaml: lens example-co-backup-and-secrets-lens (Example Co backup and secrets lens)") ||
		!strings.Contains(out, "2 questions, 4 practices (1 high, 3 medium, 0 low).") ||
		!strings.Contains(out, "    exco_bk_scheduled      high\n    exco_bk_restore_drill  medium\n") ||
		!strings.Contains(out, "warroom --lens-dir . questions list") {
		t.Errorf("import output:\n%s", out)
	}
	if e := h.errOut.String(); e != "Warning: exco_secrets: with nothing selected the WA Tool says HIGH, the practices' risk levels alone give medium; "+
		"warroom keeps the original risk rules, scores the question by them, and lens export writes them back.\n" {
		t.Errorf("stderr: %q", e)
	}
	written := filepath.Join(h.dir, "example-co-backup-and-secrets-lens.yaml")
	before := fileSum(t, written)

	if code := h.run("", "lens", "import", src); code != 1 ||
		!strings.Contains(h.errOut.String(), "example-co-backup-and-secrets-lens.yaml exists; pass --force to replace it") {
		t.Errorf("second import: exit %d, %q", code, h.errOut)
	}
	if fileSum(t, written) != before {
		t.Errorf("a refused import changed the file")
	}

	var js struct {
		Version   int
		Out       string
		Lens      struct{ ID string }
		Questions []struct {
			ID, Pillar string
			Practices  []struct{ ID, Risk string }
		}
		Counts   map[string]int `json:"practices_by_risk"`
		Warnings []string
	}
	if err := json.Unmarshal([]byte(h.mustRun("lens", "import", src, "--force", "--id", "exco-wa", "--out", "wa/exco.yaml", "-o", "json")), &js); err != nil {
		t.Fatal(err)
	}
	if js.Version != 1 || js.Out != "wa/exco.yaml" || js.Lens.ID != "exco-wa" || len(js.Questions) != 2 ||
		js.Questions[1].Pillar != "security" || js.Questions[0].Practices[1].Risk != "medium" ||
		js.Counts["high"] != 1 || js.Counts["medium"] != 3 || js.Counts["low"] != 0 || len(js.Warnings) != 1 {
		t.Errorf("import -o json: %+v", js)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "wa", "exco.yaml")); err != nil {
		t.Errorf("--out into a new folder: %v", err)
	}
	h.mustRun("questions", "validate", "wa/exco.yaml")
}

// TestLens_ImportIntoFolder: an --out ending in / or naming an existing
// folder is where ID.yaml goes; a missing folder is made.
func TestLens_ImportIntoFolder(t *testing.T) {
	h := newHarness(t)
	src, err := filepath.Abs(exampleLens)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(h.dir)
	const file = "example-co-backup-and-secrets-lens.yaml"
	if err := os.Mkdir("there", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ out, want string }{
		{"newdir/", filepath.Join("newdir", file)},
		{"a/b/", filepath.Join("a", "b", file)},
		{"there", filepath.Join("there", file)},
		{filepath.Join(h.dir, "there") + "/", filepath.Join(h.dir, "there", file)},
		{"plain.yaml", "plain.yaml"},
	} {
		var js struct{ Out string }
		if err := json.Unmarshal([]byte(h.mustRun("lens", "import", src, "--out", tt.out, "--force", "-o", "json")), &js); err != nil {
			t.Fatal(err)
		}
		if js.Out != tt.want {
			t.Errorf("--out %s: wrote %s, want %s", tt.out, js.Out, tt.want)
		}
		h.mustRun("questions", "validate", tt.want)
	}
	out := h.mustRun("lens", "import", src, "--out", "more/")
	if !strings.Contains(out, "Wrote "+filepath.Join("more", file)+": lens") || !strings.Contains(out, "warroom --lens-dir more questions list") {
		t.Errorf("import --out more/:\n%s", out)
	}
	// The folder's file is not replaced without --force.
	if code := h.run("", "lens", "import", src, "--out", "more"); code != 1 || !strings.Contains(h.errOut.String(), filepath.Join("more", file)+" exists") {
		t.Errorf("again into more: exit %d, %q", code, h.errOut)
	}
}

func TestLens_Refusals(t *testing.T) {
	h := newHarness(t)
	bad := h.write("bad.json", strings.Replace(readTestFile(t, exampleLens), `"risk": "NO_RISK"`, `"risk": 3`, 1))
	// A file past the size cap is refused before it is parsed.
	huge := h.write("huge.json", `{"name": "`+strings.Repeat("x", 1_000_000)+`"}`)
	long := strings.Repeat("x", 2049)
	lensDir := filepath.Join(h.dir, "lenses")
	if err := os.Mkdir(lensDir, 0o755); err != nil {
		t.Fatal(err)
	}
	h.write("lenses/long.yaml", `id: long
name: Long
questions:
  - id: LONG01
    title: Long?
    practices:
      - id: LONG01-BP01
        title: Long practice
        risk: high
        next_step: `+long+"\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown format", []string{"lens", "export", "--format", "json"}, 2, `--format "json" is not a lens format; the one format is wellarchitected`},
		{"unknown lens", []string{"lens", "export", "securty"}, 2, `no lens "securty" (did you mean security?); the lenses are security, backup`},
		{"over a limit", []string{"--lens-dir", lensDir, "lens", "export", "long"}, 1,
			"lens long, question LONG01, practice LONG01-BP01: next_step (WA improvementPlan.displayText): is 2049 characters; the WA Tool allows 2048: shorten it\n1 problem in lens long"},
		{"no subcommand", []string{"lens"}, 2, "lens needs a subcommand: export, import"},
		{"no file", []string{"lens", "import"}, 2, "takes one custom lens JSON file (got 0 arguments)"},
		{"missing file", []string{"lens", "import", filepath.Join(h.dir, "none.json")}, 1, "read lens " + filepath.Join(h.dir, "none.json")},
		{"bad JSON", []string{"lens", "import", bad}, 1,
			bad + ":49: pillars[0].questions[0].riskRules[0].risk: must be a string (found a number)\n1 problem in " + bad},
		{"too large", []string{"lens", "import", huge}, 1,
			"warroom: " + huge + " is larger than 1000000 bytes; the WA Tool imports custom lenses of at most 500000 characters"},
		{"built-in id", []string{"lens", "import", exampleLens, "--id", "security"}, 2, "--id security is the id of a built-in lens; choose another"},
		{"bad id", []string{"lens", "import", exampleLens, "--id", "Not Valid"}, 2, `--id: lens id "Not Valid" is not valid`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code := h.run("", tc.args...); code != tc.code || !strings.Contains(h.errOut.String(), tc.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant it to contain:\n%s", code, tc.code, h.errOut, tc.want)
			}
			if h.out.Len() != 0 {
				t.Errorf("refused command printed %q", h.out)
			}
		})
	}
	entries, _ := os.ReadDir(h.dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			t.Errorf("a refused import wrote %s", e.Name())
		}
	}
}

func TestLens_ExportJSONSummary(t *testing.T) {
	h := newHarness(t)
	out := filepath.Join(h.dir, "backup.json")
	var js struct {
		Version                     int
		Out, Format                 string
		Lenses                      []string
		Pillars, Questions, Choices int
		Warnings                    []string
	}
	if err := json.Unmarshal([]byte(h.mustRun("lens", "export", "backup", "--out", out, "-o", "json")), &js); err != nil {
		t.Fatal(err)
	}
	if js.Version != 1 || js.Out != out || js.Format != "wellarchitected" || len(js.Lenses) != 1 || js.Lenses[0] != "backup" ||
		js.Pillars != 1 || js.Questions != 1 || js.Choices != 5 || js.Warnings == nil || len(js.Warnings) != 0 {
		t.Errorf("export -o json: %+v", js)
	}
	// Without --out the lens itself goes to standard output.
	var lens struct{ Name string }
	if err := json.Unmarshal([]byte(h.mustRun("lens", "export", "backup")), &lens); err != nil || lens.Name != "Backup (Reliability REL09)" {
		t.Errorf("lens on stdout: %v %+v", err, lens)
	}
}

func readTestFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

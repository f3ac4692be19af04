package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
)

func TestNewCmdExport(t *testing.T) {
	tests := []optionCase[exportOptions]{
		{[]string{"--out", "b.zip", "--by", "dana"}, exportOptions{Out: "b.zip", By: "dana"}, ""},
		{[]string{"--out", "b.zip", "--by", " dana ", "--milestone", "2026-Q3", "--sign-key", "k", "--force"},
			exportOptions{Out: "b.zip", By: "dana", Milestone: "2026-Q3", SignKey: "k", Force: true}, ""},
		{[]string{"--by", "dana"}, exportOptions{}, "--out is missing"},
		{[]string{"--out", "b.zip", "--by", "dana", "--milestone", "NOW"}, exportOptions{}, "--milestone now: a bundle holds a frozen milestone"},
		{[]string{"--out", "b.zip"}, exportOptions{}, "who exports the bundle is unknown: pass --by NAME"},
		{[]string{"--out", "b.zip", "--by", "da\x1bna"}, exportOptions{}, "holds control characters"},
		{[]string{"--out", "b.zip", "--by", "dana", "extra"}, exportOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*exportOptions) error) *cobra.Command {
		f := newFactory(&ioStreams{})
		f.Getenv = func(string) string { return "" }
		return newCmdExport(f, runF)
	}, func(o *exportOptions) { o.f = nil })
}

func TestNewCmdVerify(t *testing.T) {
	tests := []optionCase[verifyOptions]{
		{[]string{"b.zip"}, verifyOptions{Path: "b.zip"}, ""},
		{[]string{"b.zip", "--pub-key", "k.pub"}, verifyOptions{Path: "b.zip", PubKey: "k.pub"}, ""},
		{[]string{}, verifyOptions{}, "takes one bundle file (got 0 arguments)"},
		{[]string{"a.zip", "b.zip"}, verifyOptions{}, "takes one bundle file (got 2 arguments)"},
	}
	checkOptions(t, tests, func(runF func(*verifyOptions) error) *cobra.Command {
		return newCmdVerify(newFactory(&ioStreams{}), runF)
	}, func(o *verifyOptions) { o.f = nil })
}

func TestNewCmdKeygen(t *testing.T) {
	tests := []optionCase[keygenOptions]{
		{[]string{"--out", "signing"}, keygenOptions{Out: "signing"}, ""},
		{[]string{}, keygenOptions{}, "--out is missing"},
		{[]string{"--out", "k", "x"}, keygenOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*keygenOptions) error) *cobra.Command {
		return newCmdKeygen(newFactory(&ioStreams{}), runF)
	}, func(o *keygenOptions) { o.f = nil })
}

// exportHarness is workload payments with answers (one practice answered
// twice), the drill's evidence run and session, a collected run with an
// inventory, and milestones 2026-Q3 (after the first answer) and 2026-Q4.
func exportHarness(t *testing.T) *harness {
	t.Helper()
	h := scriptedHarness(t)
	h.mustRun("answer", "set", "SEC01-BP01", "--status", "partial", "--by", "lee")
	h.mustRun("milestone", "create", "2026-Q3", "--by", "dana")
	h.now = fixedNow.Add(time.Hour)
	h.mustExec("", nil, withDrill("run", "--script", drillScript)...)
	h.mustRun("answer", "set", "SEC01-BP01", "--status", "met", "--note", "all accounts in the organization", "--by", "lee")
	h.mustRun("answer", "set", "SEC02-BP01", "--status", "not-met", "--by", "kim")
	if code := h.runWith(func(f *factory) { f.AWS = fakeAWS(nil); f.Collect = fakeCollect(t, nil, nil) }, "collect"); code != 0 {
		t.Fatalf("collect: exit %d: %s", code, h.errOut)
	}
	h.now = fixedNow.Add(2 * time.Hour)
	h.mustRun("milestone", "create", "2026-Q4", "--by", "dana")
	h.now = fixedNow.Add(3 * time.Hour)
	return h
}

// export runs export with the drill's scenario folder.
func (h *harness) export(args ...string) int {
	h.t.Helper()
	return h.run("", append([]string{"export", "--scenario-dir", drillDir, "--by", "auditor"}, args...)...)
}

// bundleEntries reads every entry of a zip file.
func bundleEntries(t *testing.T, path string) (names []string, data map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	data = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		data[f.Name] = b
	}
	return names, data
}

func TestExport_VerifyRoundTrip(t *testing.T) {
	h := exportHarness(t)
	out := filepath.Join(h.dir, "payments-2026-Q4.zip")
	if code := h.export("--out", out); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, h.out, h.errOut)
	}
	for _, want := range []string{
		"Wrote " + out + ": ",
		"bytes, 10 files and the manifest.",
		`Milestone: 2 "2026-Q4" of workload payments, created 2026-11-02 12:30 UTC by dana`,
		"Evidence:  run run-20261102T113000Z-abcdef01, finished 2026-11-02 11:30 UTC",
		"Digest:    sha256:",
		"Signed:    not signed",
		"Verify with: warroom verify " + out,
	} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("export output lacks %q:\n%s", want, h.out)
		}
	}
	if h.errOut.Len() > 0 {
		t.Errorf("export warned although nothing was recorded after the milestone:\n%s", h.errOut)
	}

	const sess = "scenarios/" + drillSessionID + "/"
	names, data := bundleEntries(t, out)
	want := []string{"answers.json", "assessment.json", "checks.json", "evidence/inventory.json", "findings.json",
		"report.html", "report.md", sess + "aar.html", sess + "aar.md", sess + "session.json", "manifest.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("bundle entries %q, want %q", names, want)
	}
	var m reports.Manifest
	if err := json.Unmarshal(data["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.Format != reports.BundleFormat || m.Tool != "warroom test" || m.CreatedBy != "auditor" || !m.CreatedAt.Equal(h.now) ||
		m.Workload.Name != "payments" || m.Milestone.Name != "2026-Q4" || m.Milestone.Digest == "" ||
		m.Evidence == nil || m.Evidence.ID != "run-20261102T113000Z-abcdef01" || len(m.Files) != 10 {
		t.Errorf("manifest: %s", data["manifest.json"])
	}

	// The answers are the full history up to the milestone.
	var answers struct {
		Version int `json:"version"`
		Answers []struct {
			ID       int64  `json:"id"`
			Practice string `json:"practice"`
			Status   string `json:"status"`
			By       string `json:"by"`
			Source   string `json:"source"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(data["answers.json"], &answers); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, a := range answers.Answers {
		rows = append(rows, a.Practice+" "+a.Status+" "+a.By)
	}
	if answers.Version != 1 || !slices.Equal(rows, []string{"SEC01-BP01 partial lee", "SEC01-BP01 met lee", "SEC02-BP01 not-met kim"}) ||
		answers.Answers[0].ID == 0 || answers.Answers[0].Source == "" {
		t.Errorf("answers.json rows %q: %s", rows, data["answers.json"])
	}

	// Findings with the run's provenance, the inventory and the catalogue.
	var findings struct {
		Version int `json:"version"`
		Run     struct {
			ID          string          `json:"id"`
			Accounts    []string        `json:"accounts"`
			Stats       json.RawMessage `json:"stats"`
			ToolVersion string          `json:"tool_version"`
		} `json:"run"`
		Findings []checks.Finding `json:"findings"`
	}
	if err := json.Unmarshal(data["findings.json"], &findings); err != nil {
		t.Fatal(err)
	}
	inv := mustInventory(t, "testdata/collect-inventory.json")
	if findings.Run.ID != "run-20261102T113000Z-abcdef01" || findings.Run.ToolVersion != "test" || len(findings.Run.Stats) == 0 ||
		len(findings.Findings) != len(checks.Evaluate(inv, checks.All(), findings.Run.ID, fixedNow)) || len(findings.Findings[0].Evidence) == 0 {
		t.Errorf("findings.json: run %+v, %d findings", findings.Run, len(findings.Findings))
	}
	if got, err := checks.DecodeInventory(bytes.NewReader(data["evidence/inventory.json"])); err != nil || len(got.Accounts) != len(inv.Accounts) {
		t.Errorf("evidence/inventory.json: %v", err)
	}
	var cat checksListJSON
	if err := json.Unmarshal(data["checks.json"], &cat); err != nil || cat.Version != 1 || len(cat.Checks) != len(checks.All()) {
		t.Errorf("checks.json: %v, %d checks", err, len(cat.Checks))
	}

	// The session, its after-action report, and the review report.
	var session struct {
		Version int `json:"version"`
		scenarios.Session
	}
	if err := json.Unmarshal(data[sess+"session.json"], &session); err != nil || session.ID != drillSessionID || len(session.Entries) == 0 {
		t.Errorf("session.json: %v: %s", err, data[sess+"session.json"])
	}
	if !bytes.Contains(data[sess+"aar.md"], []byte("Turn GuardDuty on in every region")) ||
		!bytes.Contains(data["report.md"], []byte("Tabletop exercises")) || !bytes.HasPrefix(data["report.html"], []byte("<!DOCTYPE html>")) {
		t.Error("the after-action report or the review report lacks the session")
	}
	var doc reports.Document
	if err := json.Unmarshal(data["assessment.json"], &doc); err != nil || doc.Evidence == nil || doc.Evidence.RunID != m.Evidence.ID {
		t.Errorf("assessment.json: %v", err)
	}

	// verify passes, and needs no database.
	h.db = filepath.Join(h.dir, "none", "warroom.db")
	if code := h.run("", "verify", out); code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, h.out, h.errOut)
	}
	for _, want := range []string{"Digest:    sha256:", "Workload:  payments",
		`Milestone: 2 "2026-Q4", created 2026-11-02 12:30 UTC by dana`, "Exported:  2026-11-02 13:30 UTC by auditor with warroom test",
		"Files:     10 listed in the manifest", "Signature: not signed", "\nOK: every file listed is in the bundle once",
		"To prove the manifest itself, compare the digest"} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("verify output lacks %q:\n%s", want, h.out)
		}
	}
	if _, err := os.Stat(filepath.Dir(h.db)); !os.IsNotExist(err) {
		t.Errorf("verify created a database folder: %v", err)
	}
}

// exportDigest is the digest line of export's output.
func exportDigest(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if d, ok := strings.CutPrefix(l, "Digest:    "); ok {
			return d
		}
	}
	t.Fatalf("no digest in:\n%s", out)
	return ""
}

func TestExport_Reproducible(t *testing.T) {
	h := exportHarness(t)
	a, b := filepath.Join(h.dir, "a.zip"), filepath.Join(h.dir, "b.zip")
	if code := h.export("--out", a); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	digest := exportDigest(t, h.out.String())
	// Later answers and a new run change nothing in a bundle of the
	// milestone: it is rendered from what the milestone froze. The run
	// closes the GuardDuty action item today; the bundle keeps it open.
	h.mustRun("answer", "set", "SEC01-BP01", "--status", "not-met", "--by", "mallory")
	h.saveRun("run-20261102T140000Z-00000002", fixedNow.Add(150*time.Minute),
		finding("guardduty.enabled", checks.Pass, "eu-west-1", "guardduty/111122223333/eu-west-1"))
	states := map[string]review.ActionState{}
	for _, it := range h.actions() {
		states[it.CheckID] = it.State
	}
	if states["guardduty.enabled"] != review.ActionDone {
		t.Fatalf("the new run did not close the GuardDuty action: %v", states)
	}
	if code := h.export("--out", b, "--milestone", "2026-q4"); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	if fileSum(t, a) != fileSum(t, b) || exportDigest(t, h.out.String()) != digest {
		t.Error("the same milestone and clock gave different bundles")
	}
	if !strings.Contains(h.errOut.String(), `Warning: answers, an evidence run were recorded after milestone "2026-Q4" (created 2026-11-02 12:30 UTC) and are not in this bundle`) {
		t.Errorf("no warning about what was recorded after the milestone:\n%s", h.errOut)
	}
	// A second database built the same way gives the same bytes.
	h2 := exportHarness(t)
	c := filepath.Join(h2.dir, "c.zip")
	if code := h2.export("--out", c); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h2.errOut)
	}
	if fileSum(t, a) != fileSum(t, c) {
		t.Error("two databases built alike gave different bundles")
	}
	// The earlier milestone has its own bundle, without the later answers.
	q3 := filepath.Join(h.dir, "q3.zip")
	if code := h.export("--out", q3, "--milestone", "2026-Q3"); code != 0 {
		t.Fatalf("export 2026-Q3: exit %d: %s", code, h.errOut)
	}
	names, data := bundleEntries(t, q3)
	if slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "scenarios/") }) {
		t.Errorf("2026-Q3 holds a session it did not freeze: %q", names)
	}
	if bytes.Count(data["answers.json"], []byte(`"practice"`)) != 1 ||
		!bytes.Contains(data["findings.json"], []byte(`"id": "run-20261027T120000Z-00000001"`)) {
		t.Errorf("2026-Q3 answers or evidence run:\n%s\n%s", data["answers.json"], data["findings.json"])
	}
}

// rewriteZip rewrites the zip at path entry by entry through edit (nil data
// drops the entry), then adds more.
func rewriteZip(t *testing.T, path string, edit func(name string, data []byte) []byte, more map[string]string) {
	t.Helper()
	_, data := bundleEntries(t, path)
	names, _ := bundleEntries(t, path)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	for _, n := range names {
		if b := edit(n, data[n]); b != nil {
			put(n, b)
		}
	}
	for n, b := range more {
		put(n, []byte(b))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVerify_Tampered(t *testing.T) {
	h := exportHarness(t)
	clean := filepath.Join(h.dir, "clean.zip")
	if code := h.export("--out", clean); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	original, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	copyTo := func(name string) string {
		p := filepath.Join(h.dir, name)
		if err := os.WriteFile(p, original, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	flipped := copyTo("flipped.zip")
	zr, err := zip.OpenReader(flipped)
	if err != nil {
		t.Fatal(err)
	}
	var off int64
	for _, f := range zr.File {
		if f.Name == "report.md" {
			if off, err = f.DataOffset(); err != nil {
				t.Fatal(err)
			}
			off += int64(f.CompressedSize64) / 2
		}
	}
	zr.Close()
	b := slices.Clone(original)
	b[off] ^= 0x01
	if err := os.WriteFile(flipped, b, 0o644); err != nil {
		t.Fatal(err)
	}

	removed := copyTo("removed.zip")
	rewriteZip(t, removed, func(n string, d []byte) []byte {
		if n == "checks.json" {
			return nil
		}
		return d
	}, nil)
	added := copyTo("added.zip")
	rewriteZip(t, added, func(_ string, d []byte) []byte { return d }, map[string]string{"notes.txt": "added later"})
	replaced := copyTo("replaced.zip")
	rewriteZip(t, replaced, func(n string, d []byte) []byte {
		if n == "answers.json" {
			return bytes.Replace(d, []byte(`"not-met"`), []byte(`"met"`), 1)
		}
		return d
	}, nil)

	tests := []struct {
		name, path string
		want       []string
	}{
		{"flipped byte", flipped, []string{"FAILED: 1 problem:", "  altered    report.md: cannot be read: "}},
		{"removed file", removed, []string{"  missing    checks.json: listed in manifest.json, not in the bundle"}},
		{"added file", added, []string{"  extra      notes.txt: in the bundle, not listed in manifest.json"}},
		{"replaced content", replaced, []string{"  altered    answers.json: size differs (manifest "}},
	}
	for _, tt := range tests {
		if code := h.run("", "verify", tt.path); code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s%s", tt.name, code, h.out, h.errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(h.out.String(), w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, w, h.out)
			}
		}
		if strings.Contains(h.out.String(), "OK:") || h.errOut.Len() > 0 {
			t.Errorf("%s: says OK, or wrote to stderr:\n%s%s", tt.name, h.out, h.errOut)
		}
	}

	// -o json lists the problems and still exits 1.
	if code := h.run("", "verify", removed, "-o", "json"); code != 1 {
		t.Fatalf("verify -o json: exit %d", code)
	}
	var doc struct {
		Version  int               `json:"version"`
		OK       bool              `json:"ok"`
		Digest   string            `json:"digest"`
		Problems []reports.Problem `json:"problems"`
		Manifest reports.Manifest  `json:"manifest"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &doc); err != nil {
		t.Fatalf("%v: %s", err, h.out)
	}
	if doc.Version != 1 || doc.OK || len(doc.Problems) != 1 || doc.Problems[0] != (reports.Problem{Path: "checks.json", Kind: "missing",
		Detail: "listed in manifest.json, not in the bundle"}) || doc.Manifest.Milestone.Name != "2026-Q4" || !strings.HasPrefix(doc.Digest, "sha256:") {
		t.Errorf("verify -o json: %s", h.out)
	}
	if code := h.run("", "verify", clean, "-o", "json"); code != 0 || !strings.Contains(h.out.String(), `"ok": true`) ||
		!strings.Contains(h.out.String(), `"problems": []`) {
		t.Errorf("verify -o json of a clean bundle: exit %d\n%s", code, h.out)
	}
}

func TestExport_Signed(t *testing.T) {
	h := exportHarness(t)
	key, other := filepath.Join(h.dir, "signing"), filepath.Join(h.dir, "other")
	h.mustRun("keygen", "--out", key)
	if !strings.Contains(h.out.String(), "Key id: sha256:") {
		t.Errorf("keygen output:\n%s", h.out)
	}
	h.mustRun("keygen", "--out", other)
	signed, unsigned := filepath.Join(h.dir, "signed.zip"), filepath.Join(h.dir, "unsigned.zip")
	if code := h.export("--out", signed, "--sign-key", key, "-o", "json"); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	var doc exportJSON
	if err := json.Unmarshal(h.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(signed)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Path != signed || doc.Bytes != int(st.Size()) || doc.Files != 10 || doc.Milestone != "2026-Q4" ||
		!doc.Signed || !strings.HasPrefix(doc.KeyID, "sha256:") || !strings.HasPrefix(doc.Digest, "sha256:") {
		t.Errorf("export -o json: %+v", doc)
	}
	if h.errOut.Len() > 0 {
		t.Errorf("a 0600 key gave a warning: %s", h.errOut)
	}
	if code := h.export("--out", unsigned); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}

	tests := []struct {
		name   string
		args   []string
		code   int
		want   string
		wantOK bool
	}{
		{"its key", []string{signed, "--pub-key", key + ".pub"}, 0, "Signature: signed by key " + doc.KeyID + ", verified", true},
		{"no key", []string{signed}, 0, "Signature: signed by key " + doc.KeyID + ", not checked: pass --pub-key", true},
		{"another key", []string{signed, "--pub-key", other + ".pub"}, 1,
			"  signature  manifest.sig: signed by key " + doc.KeyID + ", not by the given key sha256:", false},
		{"unsigned with a key", []string{unsigned, "--pub-key", key + ".pub"}, 1,
			"  signature  manifest.sig: the bundle is not signed, so it cannot be checked against key " + doc.KeyID, false},
	}
	for _, tt := range tests {
		if code := h.run("", append([]string{"verify"}, tt.args...)...); code != tt.code || !strings.Contains(h.out.String(), tt.want) ||
			strings.Contains(h.out.String(), "\nOK:") != tt.wantOK {
			t.Errorf("%s: exit %d, want %d with %q:\n%s%s", tt.name, code, tt.code, tt.want, h.out, h.errOut)
		}
	}

	// A private key given as --pub-key, and a public key as --sign-key, are refused.
	if code := h.run("", "verify", signed, "--pub-key", key); code != 1 || !strings.Contains(h.errOut.String(), "this is a private key") {
		t.Errorf("private key as --pub-key: exit %d: %s", code, h.errOut)
	}
	if code := h.export("--out", filepath.Join(h.dir, "x.zip"), "--sign-key", key+".pub"); code != 1 ||
		!strings.Contains(h.errOut.String(), "--sign-key "+key+".pub: this is a public key") {
		t.Errorf("public key as --sign-key: exit %d: %s", code, h.errOut)
	}
	// A key others can read gets a warning, not a refusal.
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	if code := h.export("--out", filepath.Join(h.dir, "y.zip"), "--sign-key", key); code != 0 ||
		!strings.Contains(h.errOut.String(), "Warning: signing key "+key+" can be read by other users (mode 0644)") {
		t.Errorf("readable key: exit %d: %s", code, h.errOut)
	}
}

func TestExport_Refused(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	out := filepath.Join(h.dir, "b.zip")
	if code := h.export("--out", out); code != 1 ||
		!strings.Contains(h.errOut.String(), "no milestone yet: create one with `warroom milestone create NAME`; a bundle holds a frozen milestone so it can be reproduced") {
		t.Errorf("no milestone: exit %d: %s", code, h.errOut)
	}
	h.mustRun("milestone", "create", "2026-Q4", "--by", "dana")
	if code := h.export("--out", out, "--milestone", "2025-Q1"); code != 1 || !strings.Contains(h.errOut.String(), `no milestone named "2025-Q1"; there are 2026-Q4`) {
		t.Errorf("unknown milestone: exit %d: %s", code, h.errOut)
	}
	if code := h.run("", "export", "--by", "dana"); code != 2 || !strings.Contains(h.errOut.String(), "--out is missing") {
		t.Errorf("no --out: exit %d: %s", code, h.errOut)
	}
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := h.export("--out", out); code != 1 || !strings.Contains(h.errOut.String(), out+" exists; pass --force to replace it") {
		t.Errorf("existing --out: exit %d: %s", code, h.errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Error("an existing file was replaced without --force")
	}
	if code := h.export("--out", out, "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, h.errOut)
	}
	// No run: no findings or inventory, and the manifest has no evidence.
	names, data := bundleEntries(t, out)
	if !slices.Equal(names, []string{"answers.json", "assessment.json", "checks.json", "report.html", "report.md", "manifest.json"}) ||
		bytes.Contains(data["manifest.json"], []byte(`"evidence"`)) || !strings.Contains(h.out.String(), "Evidence:  none; the milestone scored no evidence run") {
		t.Errorf("bundle without a run: %q\n%s", names, h.out)
	}
	if code := h.export("--out", filepath.Join(h.dir, "missing", "b.zip")); code != 1 || !strings.Contains(h.errOut.String(), "write bundle ") {
		t.Errorf("--out in a missing folder: exit %d: %s", code, h.errOut)
	}
}

func TestVerify_NotABundle(t *testing.T) {
	h := newHarness(t)
	text := h.write("notes.zip", "these are notes, not a zip archive\n")
	half := h.write("half.zip", "")
	var b bytes.Buffer
	if _, err := reports.WriteBundle(&b, reports.Manifest{Format: reports.BundleFormat, Version: reports.BundleVersion},
		[]reports.BundleFile{{Path: "report.md", Data: bytes.Repeat([]byte("x"), 1000)}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(half, b.Bytes()[:b.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	notBundle := filepath.Join(h.dir, "other.zip")
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	zw.Create("readme.txt")
	zw.Close()
	if err := os.WriteFile(notBundle, z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify", filepath.Join(h.dir, "nope.zip")}, 1, "warroom: verify " + filepath.Join(h.dir, "nope.zip") + ": no such file\n"},
		{[]string{"verify", text}, 1, "warroom: verify " + text + ": not a zip archive, or it is truncated: zip: not a valid zip file\n"},
		{[]string{"verify", half}, 1, "warroom: verify " + half + ": not a zip archive, or it is truncated: "},
		{[]string{"verify", notBundle}, 1, "warroom: verify " + notBundle + ": not a warroom evidence bundle: manifest.json is missing\n"},
		{[]string{"verify", h.dir}, 1, ": is a folder; give the bundle's .zip file"},
		{[]string{"verify", text, "--pub-key", text}, 1, "--pub-key " + text + ": not a PEM key file"},
		{[]string{"verify", text, "--pub-key", filepath.Join(h.dir, "nope.pub")}, 1, "read --pub-key: open "},
	}
	for _, tt := range tests {
		if code := h.run("", tt.args...); code != tt.code || !strings.Contains(h.errOut.String(), tt.want) || h.out.Len() > 0 {
			t.Errorf("%v: exit %d, want %d with %q\nstdout: %s\nstderr: %s", tt.args, code, tt.code, tt.want, h.out, h.errOut)
		}
	}
	if _, err := os.Stat(h.db); !os.IsNotExist(err) {
		t.Errorf("verify created the database: %v", err)
	}
}

func TestKeygen(t *testing.T) {
	h := newHarness(t)
	key := filepath.Join(h.dir, "signing")
	if code := h.run("", "keygen", "--out", key, "-o", "json"); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, h.errOut)
	}
	var doc struct {
		Version    int    `json:"version"`
		PrivateKey string `json:"private_key"`
		PublicKey  string `json:"public_key"`
		KeyID      string `json:"key_id"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	privPEM, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	priv, err1 := reports.ParsePrivateKey(privPEM)
	pub, err2 := reports.ParsePublicKey(pubPEM)
	if err1 != nil || err2 != nil || !pub.Equal(priv.Public()) {
		t.Fatalf("keys: %v, %v", err1, err2)
	}
	if doc.Version != 1 || doc.PrivateKey != key || doc.PublicKey != key+".pub" || doc.KeyID != reports.KeyID(pub) {
		t.Errorf("keygen -o json: %+v", doc)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode: %v %v", st.Mode(), err)
	}
	// Never replaces a key: neither the private one nor the public one.
	if code := h.run("", "keygen", "--out", key); code != 1 || !strings.Contains(h.errOut.String(), key+" exists; keygen never replaces a key") {
		t.Errorf("second keygen: exit %d: %s", code, h.errOut)
	}
	if b, _ := os.ReadFile(key); !bytes.Equal(b, privPEM) {
		t.Error("the private key was replaced")
	}
	lone := filepath.Join(h.dir, "lone")
	h.write("lone.pub", "someone's key")
	if code := h.run("", "keygen", "--out", lone); code != 1 || !strings.Contains(h.errOut.String(), lone+".pub exists") {
		t.Errorf("keygen over a .pub: exit %d: %s", code, h.errOut)
	}
	if _, err := os.Stat(lone); !os.IsNotExist(err) {
		t.Error("keygen wrote a private key although the .pub exists")
	}
	if _, err := os.Stat(h.db); !os.IsNotExist(err) {
		t.Errorf("keygen created the database: %v", err)
	}
}

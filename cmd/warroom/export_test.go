package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	"github.com/warroom/warroom/store"
)

func TestNewCmdExport(t *testing.T) {
	tests := []optionCase[exportOptions]{
		{[]string{"--out", "b.zip", "--by", "dana"}, exportOptions{Out: "b.zip", By: "dana"}, ""},
		{[]string{"--out", "b.zip", "--by", " dana ", "--milestone", "2026-Q3", "--sign-key", "k", "--force"},
			exportOptions{Out: "b.zip", By: "dana", Milestone: "2026-Q3", SignKey: "k", Force: true}, ""},
		{[]string{"--by", "dana"}, exportOptions{}, "--out is missing"},
		{[]string{"--out", "b.zip", "--by", "dana", "--milestone", "NOW"}, exportOptions{}, "--milestone now: a bundle holds a frozen milestone"},
		{[]string{"--out", "b.zip"}, exportOptions{}, "who exports the bundle is unknown: pass --by NAME"},
		{[]string{"--out", "b.zip", "--by", "   "}, exportOptions{}, "--by is blank: name who exports the bundle, or leave --by out to use $WARROOM_USER"},
		{[]string{"--out", "-", "--by", "dana"}, exportOptions{}, "--out -: a bundle is a zip file, not text for standard output"},
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
		"bytes, 11 files and the manifest.",
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
		"milestone/assessment.json", "report.html", "report.md", sess + "aar.html", sess + "aar.md", sess + "session.json", "manifest.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("bundle entries %q, want %q", names, want)
	}
	var m reports.Manifest
	if err := json.Unmarshal(data["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.Format != reports.BundleFormat || m.Tool != "warroom test" || m.CreatedBy != "auditor" || !m.CreatedAt.Equal(h.now) ||
		m.Workload.Name != "payments" || m.Milestone.Name != "2026-Q4" || m.Milestone.Digest == "" ||
		m.Evidence == nil || m.Evidence.ID != "run-20261102T113000Z-abcdef01" || len(m.Files) != 11 {
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
		"Files:     11 listed in the manifest", "Signature: not signed", "\nOK: every file listed is in the bundle once",
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
	if !strings.Contains(h.errOut.String(), `Warning: 1 answer and 1 evidence run were recorded after milestone "2026-Q4" (created 2026-11-02 12:30 UTC) and are not in this bundle; to include them, create a milestone`) {
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
	// Its warning names the later milestone rather than asking for a new one.
	if want := `Warning: the bundle holds milestone "2026-Q3" (created 2026-11-02 10:30 UTC); later milestones: "2026-Q4". Export without --milestone for the latest.` + "\n"; !strings.Contains(h.errOut.String(), want) ||
		strings.Contains(h.errOut.String(), "milestone create") {
		t.Errorf("export of an older milestone warns:\n%s\nwant %q", h.errOut, want)
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
	names, data := bundleEntries(t, path)
	// Entries are written as export writes them (deflated, dated as the
	// bundle), so verify finds only what the edit changed.
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	dated := zr.File[0].Modified.UTC()
	zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, b []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: dated})
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
	if doc.Version != 1 || doc.Path != signed || doc.Bytes != int(st.Size()) || doc.Files != 11 || doc.Milestone != "2026-Q4" ||
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
	// The hint names the public key beside the private one when it is its
	// pair, and otherwise says what to pass.
	pem, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	lonely, mismatched := filepath.Join(h.dir, "lonely.pem"), filepath.Join(h.dir, "mismatched")
	for _, p := range []string{lonely, mismatched} {
		if err := os.WriteFile(p, pem, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	otherPub, err := os.ReadFile(other + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mismatched+".pub", otherPub, 0o644); err != nil {
		t.Fatal(err)
	}
	generic := " --pub-key FILE, where FILE holds the signer's public key\n"
	for i, tt := range []struct{ key, want string }{
		{key, " --pub-key " + key + ".pub\n"},
		{lonely, generic},
		{mismatched, generic},
	} {
		out := filepath.Join(h.dir, fmt.Sprintf("hint-%d.zip", i))
		if code := h.export("--out", out, "--sign-key", tt.key); code != 0 ||
			!strings.Contains(h.out.String(), "Verify with: warroom verify "+out+tt.want) || strings.Contains(h.out.String(), "KEY.pub") {
			t.Errorf("--sign-key %s: exit %d, output:\n%s\nwant %q", tt.key, code, h.out, tt.want)
		}
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
	if !slices.Equal(names, []string{"answers.json", "assessment.json", "checks.json", "milestone/assessment.json", "report.html", "report.md", "manifest.json"}) ||
		bytes.Contains(data["manifest.json"], []byte(`"evidence"`)) || !strings.Contains(h.out.String(), "Evidence:  none; the milestone scored no evidence run") {
		t.Errorf("bundle without a run: %q\n%s", names, h.out)
	}
	// Errors name --out, never the temporary file written first.
	missing := filepath.Join(h.dir, "missing")
	adir := filepath.Join(h.dir, "adir")
	if err := os.Mkdir(adir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--out", filepath.Join(missing, "b.zip")}, 1,
			"warroom: write " + filepath.Join(missing, "b.zip") + ": folder " + missing + " does not exist\n"},
		{[]string{"--out", filepath.Join(missing, "b.zip"), "--force"}, 1,
			"warroom: write " + filepath.Join(missing, "b.zip") + ": folder " + missing + " does not exist\n"},
		{[]string{"--out", adir}, 1, "warroom: write " + adir + ": is a folder; name a file to write\n"},
		{[]string{"--out", adir, "--force"}, 1, "warroom: write " + adir + ": is a folder; name a file to write\n"},
		{[]string{"--out", filepath.Join(out, "b.zip"), "--force"}, 1, "warroom: write " + filepath.Join(out, "b.zip") + ": " + out + " is not a folder\n"},
		// A bundle is binary: standard output is no place for it.
		{[]string{"--out", "-"}, 2, "--out -: a bundle is a zip file, not text for standard output; name the file to write"},
		// --by given blank is a mistake, not a reason to use $WARROOM_USER.
		{[]string{"--out", out, "--force", "--by", "  "}, 2, "--by is blank: name who exports the bundle"},
	} {
		code := h.export(tt.args...)
		if code != tt.code || !strings.Contains(h.errOut.String(), tt.want) || strings.Contains(h.errOut.String(), ".warroom-") {
			t.Errorf("export %q: exit %d, stderr %q; want exit %d with %q", tt.args, code, h.errOut, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "-")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("export --out - wrote a file named -: %v", err)
	}
}

func TestVerify_NotABundle(t *testing.T) {
	h := newHarness(t)
	text := h.write("notes.zip", "these are notes, not a zip archive\n")
	half := h.write("half.zip", "")
	var b bytes.Buffer
	if _, err := reports.WriteBundle(&b, reports.Manifest{Format: reports.BundleFormat, Version: reports.BundleVersion, CreatedAt: fixedNow},
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
		// With -o json, standard output says why, as one document.
		code := h.run("", append(tt.args, "-o", "json")...)
		var doc map[string]any
		err := json.Unmarshal(h.out.Bytes(), &doc)
		msg, _ := doc["error"].(string)
		if err != nil || code != 1 || len(doc) != 3 || doc["version"] != float64(1) || doc["ok"] != false ||
			!strings.Contains("warroom: "+msg+"\n", tt.want) {
			t.Errorf("%v -o json: exit %d, %v\nstdout: %s\nstderr: %s", tt.args, code, err, h.out, h.errOut)
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

// storedAssessment reads milestone name's assessment column as stored.
func (h *harness) storedAssessment(name string) []byte {
	h.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+h.db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		h.t.Fatal(err)
	}
	defer raw.Close()
	var b []byte
	if err := raw.QueryRow(`SELECT assessment FROM milestones WHERE name = ?`, name).Scan(&b); err != nil {
		h.t.Fatal(err)
	}
	return b
}

// TestExport_MilestoneAssessment: milestone/assessment.json holds the
// frozen assessment byte for byte as stored, so its SHA-256 is the
// milestone digest the manifest records.
func TestExport_MilestoneAssessment(t *testing.T) {
	h := exportHarness(t)
	for _, name := range []string{"2026-Q3", "2026-Q4"} {
		out := filepath.Join(h.dir, name+".zip")
		if code := h.export("--out", out, "--milestone", name); code != 0 {
			t.Fatalf("export %s: exit %d: %s", name, code, h.errOut)
		}
		_, data := bundleEntries(t, out)
		var m reports.Manifest
		if err := json.Unmarshal(data["manifest.json"], &m); err != nil {
			t.Fatal(err)
		}
		got := data["milestone/assessment.json"]
		if stored := h.storedAssessment(name); len(stored) == 0 || !bytes.Equal(got, stored) {
			t.Errorf("%s: milestone/assessment.json (%d bytes) is not the stored assessment (%d bytes)", name, len(got), len(stored))
		}
		sum := sha256.Sum256(got)
		if d := "sha256:" + hex.EncodeToString(sum[:]); d != m.Milestone.Digest {
			t.Errorf("%s: milestone/assessment.json hashes to %s, the manifest's milestone digest is %s", name, d, m.Milestone.Digest)
		}
	}
}

// TestExport_ScoredAndRendered: the bundle's report says which warroom
// scored the milestone and which one rendered it.
func TestExport_ScoredAndRendered(t *testing.T) {
	h := exportHarness(t)
	out := filepath.Join(h.dir, "b.zip")
	if code := h.runWith(func(f *factory) { f.Version = "9.9.0" }, "export", "--scenario-dir", drillDir, "--by", "auditor", "--out", out); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	_, data := bundleEntries(t, out)
	for _, want := range []string{"| Scored | 2026-11-02 12:30 UTC by warroom test, frozen as a milestone |", "| Rendered | by warroom 9.9.0 |"} {
		if !bytes.Contains(data["report.md"], []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if bytes.Contains(data["report.md"], []byte("| Generated |")) {
		t.Error("report.md says the milestone was generated by the warroom that rendered it")
	}
	if want := "Scored by warroom test at 2026-11-02 12:30 UTC, frozen as a milestone; rendered by warroom 9.9.0."; !bytes.Contains(data["report.html"], []byte(want)) {
		t.Errorf("report.html lacks %q", want)
	}
	var m reports.Manifest
	if err := json.Unmarshal(data["manifest.json"], &m); err != nil || m.Tool != "warroom 9.9.0" || m.Milestone.ToolVersion != "test" {
		t.Errorf("manifest tool %q, milestone tool version %q: %v", m.Tool, m.Milestone.ToolVersion, err)
	}
	// A report of the current review still says "Generated".
	if md := h.mustRun("report", "--format", "md", "--scenario-dir", drillDir); !strings.Contains(md, "| Generated | ") || strings.Contains(md, "| Scored |") {
		t.Error("the report of the current review lost its Generated row")
	}
}

// TestExport_CheckCatalogue: checks.json and the report's evidence appendix
// show the checks as the run recorded them; a run that recorded none gets
// today's catalogue with a note saying so.
func TestExport_CheckCatalogue(t *testing.T) {
	h := exportHarness(t)
	// A run whose catalogue has another title for guardduty.enabled, as an
	// older build of warroom would have recorded.
	const oldTitle = "GuardDuty is on (as the run knew it)"
	cat := checks.All()
	found := false
	for i := range cat {
		if cat[i].ID == "guardduty.enabled" {
			cat[i].Title, found = oldTitle, true
		}
	}
	b, err := json.Marshal(cat)
	if err != nil || !found {
		t.Fatalf("catalogue: %v, guardduty.enabled found %v", err, found)
	}
	ctx := context.Background()
	db := h.openDB()
	w, err := db.Workload(ctx, "payments")
	if err != nil {
		t.Fatal(err)
	}
	const runID = "run-20261102T140000Z-0c0c0c0c"
	run := store.Run{ID: runID, StartedAt: fixedNow.Add(209 * time.Minute), FinishedAt: fixedNow.Add(210 * time.Minute),
		Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1"}, ToolVersion: "0.9", Catalogue: b}
	fs := []checks.Finding{finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1")}
	fs[0].ObservedAt = run.FinishedAt
	if err := db.SaveRun(ctx, w.ID, run, fs); err != nil {
		t.Fatal(err)
	}
	h.now = fixedNow.Add(4 * time.Hour)
	h.mustRun("milestone", "create", "2026-Q4-old-run", "--by", "dana")

	out := filepath.Join(h.dir, "old-run.zip")
	if code := h.export("--out", out); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	_, data := bundleEntries(t, out)
	var doc checksFileJSON
	if err := json.Unmarshal(data["checks.json"], &doc); err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, c := range doc.Checks {
		titles[c.ID] = c.Title
	}
	if doc.Version != 1 || doc.Run != runID || doc.Note != "" || len(doc.Checks) != len(cat) || titles["guardduty.enabled"] != oldTitle {
		t.Errorf("checks.json: version %d, run %q, note %q, %d checks, guardduty.enabled %q", doc.Version, doc.Run, doc.Note,
			len(doc.Checks), titles["guardduty.enabled"])
	}
	if !bytes.Contains(data["report.md"], []byte(oldTitle)) {
		t.Errorf("the report's evidence appendix does not use the run's catalogue")
	}

	// 2026-Q4 scored the collected run, which recorded this build's catalogue.
	q4 := filepath.Join(h.dir, "q4.zip")
	if code := h.export("--out", q4, "--milestone", "2026-Q4"); code != 0 {
		t.Fatalf("export 2026-Q4: exit %d: %s", code, h.errOut)
	}
	_, data = bundleEntries(t, q4)
	doc = checksFileJSON{}
	if err := json.Unmarshal(data["checks.json"], &doc); err != nil || doc.Run != "run-20261102T113000Z-abcdef01" || doc.Note != "" ||
		len(doc.Checks) != len(checks.All()) {
		t.Errorf("2026-Q4 checks.json: run %q, note %q, %d checks, %v", doc.Run, doc.Note, len(doc.Checks), err)
	}

	// 2026-Q3 scored a run saved without a catalogue.
	q3 := filepath.Join(h.dir, "q3.zip")
	if code := h.export("--out", q3, "--milestone", "2026-Q3"); code != 0 {
		t.Fatalf("export 2026-Q3: exit %d: %s", code, h.errOut)
	}
	_, data = bundleEntries(t, q3)
	doc = checksFileJSON{}
	if err := json.Unmarshal(data["checks.json"], &doc); err != nil || doc.Run != "" || len(doc.Checks) != len(checks.All()) ||
		doc.Note != "run run-20261027T120000Z-00000001 did not record the check catalogue it was judged with (it was saved before warroom kept one); "+
			"this is the check catalogue of warroom test, which wrote the bundle" {
		t.Errorf("2026-Q3 checks.json: run %q, note %q, %d checks, %v", doc.Run, doc.Note, len(doc.Checks), err)
	}

	// A milestone without a run.
	h2 := newHarness(t)
	h2.mustRun("workload", "create", "payments")
	h2.mustRun("milestone", "create", "2026-Q1", "--by", "dana")
	none := filepath.Join(h2.dir, "none.zip")
	if code := h2.export("--out", none); code != 0 {
		t.Fatalf("export without a run: exit %d: %s", code, h2.errOut)
	}
	_, data = bundleEntries(t, none)
	doc = checksFileJSON{}
	if err := json.Unmarshal(data["checks.json"], &doc); err != nil || doc.Run != "" ||
		doc.Note != "the milestone scored no evidence run; this is the check catalogue of warroom test, which wrote the bundle" {
		t.Errorf("checks.json without a run: run %q, note %q, %v", doc.Run, doc.Note, err)
	}
}

// copyDir copies the files of src into a new folder under the harness's.
func (h *harness) copyDir(src, name string) string {
	h.t.Helper()
	dst := filepath.Join(h.dir, name)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		h.t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			h.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			h.t.Fatal(err)
		}
	}
	return dst
}

// appendTo adds text at the end of a file.
func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestExport_LensWarnings: export says when the lenses loaded now are not
// the ones the milestone was scored with, since the report takes lens names
// and question summaries from today's lenses.
func TestExport_LensWarnings(t *testing.T) {
	h := newHarness(t)
	lenses := h.copyDir("../../questions/testdata/custom", "lenses")
	h.mustRun("workload", "create", "payments")
	h.mustRun("--lens-dir", lenses, "answer", "set", "EXCO01-BP02", "--status", "not-met", "--by", "dana")
	h.mustRun("--lens-dir", lenses, "milestone", "create", "2026-Q4", "--by", "dana")

	const tail = ". The scores are as frozen, but the report takes lens names and question summaries from today's lenses.\n"
	exportWith := func(name string, args ...string) string {
		t.Helper()
		out := filepath.Join(h.dir, name+".zip")
		if code := h.run("", append(args, "export", "--by", "auditor", "--out", out)...); code != 0 {
			t.Fatalf("export %s: exit %d: %s", name, code, h.errOut)
		}
		return h.errOut.String()
	}
	if got := exportWith("same", "--lens-dir", lenses); got != "" {
		t.Errorf("export with the same lenses warned:\n%s", got)
	}
	if got, want := exportWith("missing"), `Warning: the lenses differ from those milestone "2026-Q4" was scored with: `+
		"lens exco is not loaded now (pass the --lens-dir it came from)"+tail; got != want {
		t.Errorf("export without the custom lens:\n got %q\nwant %q", got, want)
	}
	// The same lens, read from another folder, is the same lens.
	if got := exportWith("moved", "--lens-dir", h.copyDir(lenses, "moved")); got != "" {
		t.Errorf("export with the lens read from another folder warned:\n%s", got)
	}
	appendTo(t, filepath.Join(lenses, "exco.yaml"), "      - id: EXCO01-BP09\n        title: A practice added later\n        risk: low\n        next_step: Do it.\n")
	if got, want := exportWith("changed", "--lens-dir", lenses), `Warning: the lenses differ from those milestone "2026-Q4" was scored with: `+
		"lens exco has changed since (still version none)"+tail; got != want {
		t.Errorf("export with the lens edited:\n got %q\nwant %q", got, want)
	}

	// A lens loaded now that the milestone did not review.
	h.mustRun("workload", "create", "ledger")
	h.mustRun("--workload", "ledger", "milestone", "create", "2026-Q4", "--by", "dana")
	if got := exportWith("extra", "--workload", "ledger", "--lens-dir", lenses); !strings.Contains(got, `milestone "2026-Q4" was scored with: lens exco was not reviewed then.`) {
		t.Errorf("export with an extra lens:\n%s", got)
	}
}

// TestExport_ScenarioWarnings: export says when a frozen session's scenario
// is missing or has changed since the session, as scenario report does.
func TestExport_ScenarioWarnings(t *testing.T) {
	h := exportHarness(t)
	out := filepath.Join(h.dir, "b.zip")
	if code := h.run("", "export", "--by", "auditor", "--out", out); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	want := "Warning: scenario drill-leaked-key is neither built in nor in --scenario-dir; the after-action report of session " +
		drillSessionID + " in the bundle uses inject ids for titles.\n"
	if h.errOut.String() != want {
		t.Errorf("export without the scenario:\n got %q\nwant %q", h.errOut, want)
	}
	edited := h.copyDir(drillDir, "edited")
	appendTo(t, filepath.Join(edited, "drill-leaked-key.yaml"), "# edited after the session\n")
	if code := h.run("", "export", "--by", "auditor", "--out", out, "--force", "--scenario-dir", edited); code != 0 {
		t.Fatalf("export: exit %d: %s", code, h.errOut)
	}
	want = "Warning: for the after-action report of session " + drillSessionID + " in the bundle, the scenario has changed since this session " +
		"(still version 1: the file was edited without a new version); titles and questions are from the current file.\n"
	if h.errOut.String() != want {
		t.Errorf("export with the scenario edited:\n got %q\nwant %q", h.errOut, want)
	}
	if code := h.export("--out", out, "--force"); code != 0 || h.errOut.Len() > 0 {
		t.Errorf("export with the scenario as played: exit %d, stderr %q", code, h.errOut)
	}
}

// TestExport_NeverReplaces: without --force, a file that appears at --out
// while the bundle is built is kept, and the export fails as if it had been
// there from the start.
func TestExport_NeverReplaces(t *testing.T) {
	h := exportHarness(t)
	out := filepath.Join(h.dir, "b.zip")
	appeared := false
	code := h.runWith(func(f *factory) {
		f.Now = func() time.Time {
			// The clock is read for the manifest, after export checked --out.
			if !appeared {
				if err := os.WriteFile(out, []byte("written by someone else"), 0o644); err != nil {
					t.Fatal(err)
				}
				appeared = true
			}
			return h.now
		}
	}, "export", "--scenario-dir", drillDir, "--by", "auditor", "--out", out)
	if code != 1 || !strings.Contains(h.errOut.String(), out+" exists; pass --force to replace it") {
		t.Errorf("export: exit %d: %s", code, h.errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "written by someone else" {
		t.Error("export replaced a file that appeared while it ran")
	}
	entries, err := os.ReadDir(h.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".warroom-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// writers are the factory's file writers as plain functions, for a
// database in dir.
func writers(dir string) (writeFileAtomic, writeFileNew func(string, []byte) error) {
	f := newFactory(&ioStreams{})
	f.Global.DB = filepath.Join(dir, "warroom.db")
	return func(p string, b []byte) error { return f.writeFileAtomic(p, "bundle", b) },
		func(p string, b []byte) error { return f.writeFileNew(p, "bundle", b) }
}

func Test_writeFileNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.zip")
	writeFileAtomic, writeFileNew := writers(dir)
	if err := writeFileNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	err := writeFileNew(path, []byte("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("writeFileNew over a file: %v, want an error wrapping fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("writeFileNew replaced the file: %q", b)
	}
	// A symbolic link at path is not followed, and not replaced.
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "link.zip")
	if err := os.Symlink(target, link); err == nil {
		if err := writeFileNew(link, []byte("x")); !errors.Is(err, fs.ErrExist) {
			t.Errorf("writeFileNew over a dangling link: %v", err)
		}
		if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("writeFileNew wrote through a link: %v", err)
		}
	}
	if err := writeFileAtomic(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("writeFileAtomic did not replace the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".warroom-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if err := writeFileNew(filepath.Join(dir, "missing", "b.zip"), []byte("x")); err == nil {
		t.Error("writeFileNew into a missing folder succeeded")
	}
}

// TestDemo_RunsRecordCatalogue: the demo's runs record the check catalogue
// they were judged with, as collect's do, so the demo's bundles show it.
func TestDemo_RunsRecordCatalogue(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, "demo")
	h.mustRun("demo", "--out", dir)
	h.db = filepath.Join(dir, "demo.db")
	want, err := json.Marshal(checks.All())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db := h.openDB()
	ws, err := db.Workloads(ctx)
	if err != nil || len(ws) != 1 {
		t.Fatalf("demo workloads: %d, %v", len(ws), err)
	}
	runs, err := db.Runs(ctx, ws[0].ID)
	if err != nil || len(runs) != 2 {
		t.Fatalf("demo runs: %d, %v", len(runs), err)
	}
	for _, listed := range runs {
		r, err := db.Run(ctx, listed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.Catalogue, want) {
			t.Errorf("demo run %s recorded a catalogue of %d bytes, want this build's %d", r.ID, len(r.Catalogue), len(want))
		}
	}
	out := filepath.Join(h.dir, "demo.zip")
	if code := h.run("", "export", "--by", "auditor", "--out", out); code != 0 {
		t.Fatalf("export of the demo: exit %d: %s", code, h.errOut)
	}
	_, data := bundleEntries(t, out)
	var doc checksFileJSON
	if err := json.Unmarshal(data["checks.json"], &doc); err != nil || doc.Run != runs[0].ID || doc.Note != "" {
		t.Errorf("the demo bundle's checks.json: run %q, note %q, %v", doc.Run, doc.Note, err)
	}
}

// TestOutput_NeverTheDatabase: no command writes its output over the
// database or the files SQLite keeps beside it, however --out spells it.
func TestOutput_NeverTheDatabase(t *testing.T) {
	h := exportHarness(t)
	before := fileSum(t, h.db)
	link := filepath.Join(h.dir, "link.db")
	if err := os.Symlink(h.db, link); err != nil {
		t.Fatal(err)
	}
	isDB := "--out " + h.db + " is the database (--db); write the "
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export", "--scenario-dir", drillDir, "--by", "auditor", "--out", h.db, "--force"}, isDB + "bundle somewhere else"},
		{[]string{"export", "--scenario-dir", drillDir, "--by", "auditor", "--out", h.db}, isDB + "bundle somewhere else"},
		{[]string{"findings", "export", "--format", "csv", "--out", h.db}, isDB + "findings somewhere else"},
		{[]string{"lens", "export", "--out", h.db}, isDB + "lens somewhere else"},
		{[]string{"report", "--out", h.db}, isDB + "report somewhere else"},
		{[]string{"answer", "export", "--out", h.db}, isDB + "answers somewhere else"},
		{[]string{"scenario", "pack", "compromised-ec2", "--out", h.db}, isDB + "pack somewhere else"},
		{[]string{"report", "--out", h.db + "-wal"}, "--out " + h.db + "-wal is the -wal file of the database " + h.db + " (--db)"},
		{[]string{"report", "--out", h.db + "-journal"}, "is the -journal file of the database"},
		{[]string{"report", "--out", filepath.Join(h.dir, "sub", "..", "warroom.db")}, "is the database (--db)"},
		{[]string{"report", "--out", link}, "--out " + link + " is the database (--db)"},
	}
	for _, tt := range tests {
		if code := h.run("", tt.args...); code != 2 || !strings.Contains(h.errOut.String(), tt.want) {
			t.Errorf("warroom %q: exit %d, stderr %q; want exit 2 with %q", tt.args, code, h.errOut, tt.want)
		}
		if fileSum(t, h.db) != before {
			t.Fatalf("warroom %q changed the database", tt.args)
		}
	}
	// The review is intact.
	if out := h.mustRun("milestone", "list"); !strings.Contains(out, "2026-Q4") {
		t.Errorf("milestone list after the refused writes:\n%s", out)
	}
	// A file next to the database is fine.
	h.mustRun("report", "--out", h.db+".md")

	// With --db a link, SQLite keeps its files beside the file linked to:
	// they are refused under the name of either.
	real := h.db
	h.db = link
	for _, out := range []string{real + "-wal", real + "-shm", real + "-journal", link + "-wal"} {
		if code := h.run("", "report", "--out", out); code != 2 || !strings.Contains(h.errOut.String(), " file of the database ") {
			t.Errorf("--db %s report --out %s: exit %d, stderr %q; want exit 2, a file of the database", link, out, code, h.errOut)
		}
		// SQLite may keep the file; the report never replaces it.
		if b, err := os.ReadFile(out); err == nil && bytes.HasPrefix(b, []byte("#")) {
			t.Errorf("--db %s report --out %s: the report was written there", link, out)
		}
	}
	if code := h.run("", "report", "--out", real+"-wal"); code != 2 ||
		!strings.Contains(h.errOut.String(), "--out "+real+"-wal is the -wal file of the database "+real+" (--db "+link+" links to it)") {
		t.Errorf("the message names the link: %q", h.errOut)
	}
	if fileSum(t, real) != before {
		t.Fatal("a refused write through the linked --db changed the database")
	}
	if out := h.mustRun("milestone", "list"); !strings.Contains(out, "2026-Q4") {
		t.Errorf("milestone list through the link after the refused writes:\n%s", out)
	}
}

// TestRefuseDatabase_Links: the database and its -wal file are found
// through a linked --db, and through a linked folder in --out, before
// SQLite has made the -wal file.
func TestRefuseDatabase_Links(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if err := os.WriteFile(db, []byte("SQLite format 3\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	linkDir := filepath.Join(t.TempDir(), "reports")
	for _, l := range [][2]string{{"c.db", link}, {dir, linkDir}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	tests := []struct {
		db, out, want string
	}{
		{link, db + "-wal", "--out " + db + "-wal is the -wal file of the database " + db + " (--db " + link + " links to it); write the report somewhere else"},
		{link, db + "-shm", "is the -shm file of the database"},
		{link, db, "is the database (--db)"},
		{link, link + "-wal", "is the -wal file of the database " + link + " (--db)"},
		{db, filepath.Join(linkDir, "c.db-wal"), "is the -wal file of the database " + db + " (--db)"},
		{link, filepath.Join(linkDir, "c.db-journal"), "is the -journal file of the database " + db},
		{link, filepath.Join(linkDir, "link.db-wal"), "is the -wal file of the database " + link},
		{link, filepath.Join(dir, "c.db.md"), ""},
		{link, filepath.Join(linkDir, "other.db-wal"), ""},
	}
	for _, tt := range tests {
		f := newFactory(&ioStreams{})
		f.Global.DB = tt.db
		err := f.refuseDatabase(tt.out, "report")
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2) {
			t.Errorf("--db %s: refuseDatabase(%s) = %v, want %q", tt.db, tt.out, err, tt.want)
		}
	}
}

func Test_recordedAfter(t *testing.T) {
	then := review.Frozen{AnswersThrough: 10, Answers: 8, Run: "run-a", Runs: 1,
		Sessions: []review.SessionMark{{ID: "ttx-a", Entries: 9}}, ActionUpdatesThrough: 4}
	tests := []struct {
		name    string
		now     func(*review.Frozen)
		updates int
		want    string
		first   int
	}{
		{"answers, a run and session entries", func(f *review.Frozen) {
			f.AnswersThrough, f.Answers, f.Run, f.Runs = 13, 11, "run-b", 2
			f.Sessions = []review.SessionMark{{ID: "ttx-a", Entries: 13}, {ID: "ttx-b", Entries: 8}}
		}, 0, "3 answers, 1 evidence run and 12 tabletop session entries", 3},
		{"one answer", func(f *review.Frozen) { f.AnswersThrough, f.Answers = 11, 9 }, 0, "1 answer", 1},
		{"two runs", func(f *review.Frozen) { f.Run, f.Runs = "run-c", 3 }, 0, "2 evidence runs", 2},
		{"a new session without entries", func(f *review.Frozen) {
			f.Sessions = append(f.Sessions, review.SessionMark{ID: "ttx-b"})
		}, 0, "1 tabletop session", 1},
		{"action updates", func(f *review.Frozen) { f.ActionUpdatesThrough = 9 }, 2, "2 action item updates", 2},
		{"everything", func(f *review.Frozen) {
			f.AnswersThrough, f.Answers, f.Run, f.Runs, f.ActionUpdatesThrough = 11, 9, "run-b", 2, 5
			f.Sessions = []review.SessionMark{{ID: "ttx-a", Entries: 10}}
		}, 1, "1 answer, 1 evidence run, 1 tabletop session entry and 1 action item update", 1},
	}
	for _, tt := range tests {
		now := then
		now.Sessions = slices.Clone(then.Sessions)
		tt.now(&now)
		what, first := recordedAfter(then, now, tt.updates)
		if got := andList(what); got != tt.want || first != tt.first {
			t.Errorf("%s: %q (first count %d), want %q (%d)", tt.name, got, first, tt.want, tt.first)
		}
	}
	for _, tt := range []struct {
		words []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := andList(tt.words); got != tt.want {
			t.Errorf("andList(%q) = %q, want %q", tt.words, got, tt.want)
		}
	}
}

func TestRefuseDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if err := os.WriteFile(db, []byte("SQLite format 3\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFactory(&ioStreams{})
	f.Getenv = func(k string) string { return map[string]string{"WARROOM_DB": db}[k] } // WARROOM_DB=x.db, no --db
	tests := []struct {
		out, want string
	}{
		{db, "--out " + db + " is the database (--db); write the report somewhere else"},
		{filepath.Join(dir, ".", "x.db"), "is the database (--db)"},
		{db + "-wal", "--out " + db + "-wal is the -wal file of the database " + db + " (--db); write the report somewhere else"},
		{db + "-shm", "is the -shm file of the database"},
		{db + "-journal", "is the -journal file of the database"},
		{filepath.Join(dir, "x.db.md"), ""},
		{filepath.Join(dir, "y.db"), ""},
	}
	for _, tt := range tests {
		err := f.refuseDatabase(tt.out, "report")
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2) {
			t.Errorf("refuseDatabase(%s) = %v, want %q", tt.out, err, tt.want)
		}
	}
	// The same file under another path (a hard link) is the database too.
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(db, hard); err == nil {
		if err := f.refuseDatabase(hard, "report"); err == nil {
			t.Errorf("refuseDatabase(%s), a hard link to the database: no error", hard)
		}
	}
}

// TestExport_NotUTF8VerifiesOK: a workload whose name was stored before
// workload create refused bytes that are not UTF-8, and a run whose error
// (from AWS) holds such bytes, export to a bundle that verifies; before,
// verify said its manifest was changed by hand.
func TestExport_NotUTF8VerifiesOK(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	db := h.openDB()
	w, err := db.CreateWorkload(ctx, review.Workload{Name: "pay\xffx", Owner: "team \xe2\x82", Description: "caf\xe9"})
	if err != nil {
		t.Fatal(err)
	}
	run := store.Run{ID: "run-20261102T100000Z-0d0d0d0d", StartedAt: fixedNow.Add(-time.Hour), FinishedAt: fixedNow.Add(-time.Minute),
		Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1"}, ToolVersion: "test",
		Error: "collect: operation error GuardDuty: ListDetectors, https response error StatusCode: 400, \xc3( invalid"}
	fs := []checks.Finding{finding("guardduty.enabled", checks.Fail, "eu-west-1", "guardduty/111122223333/eu-west-1")}
	fs[0].ObservedAt = run.FinishedAt
	if err := db.SaveRun(ctx, w.ID, run, fs); err != nil {
		t.Fatal(err)
	}
	h.mustRun("milestone", "create", "2026-Q4", "--by", "dana")
	out := filepath.Join(h.dir, "bundle.zip")
	h.mustRun("export", "--by", "auditor", "--out", out)
	if code := h.run("", "verify", out, "-o", "json"); code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, h.out, h.errOut)
	}
	var doc struct {
		OK       bool `json:"ok"`
		Manifest struct {
			Workload struct{ Name, Owner, Description string }
			Evidence struct{ Error string }
		} `json:"manifest"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.OK || doc.Manifest.Workload.Name != "pay\ufffdx" || doc.Manifest.Evidence.Error != strings.ToValidUTF8(run.Error, "\ufffd") {
		t.Errorf("verify -o json: %s", h.out)
	}
}

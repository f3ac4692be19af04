package reports

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/review"
)

var bundleAt = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)

func bundleManifest() Manifest {
	return Manifest{
		Format: BundleFormat, Version: BundleVersion, Tool: "warroom test",
		Workload:  review.Workload{Name: "payments", CreatedAt: bundleAt.Add(-90 * 24 * time.Hour)},
		CreatedAt: bundleAt, CreatedBy: "dana",
		Milestone: review.Milestone{Number: 2, Name: "2026-Q4", CreatedAt: bundleAt.Add(-time.Hour), CreatedBy: "lee",
			Digest: "sha256:00", Frozen: review.Frozen{AnswersThrough: 12, Answers: 12, Run: "run-1"}},
		Evidence: &BundleRun{ID: "run-1", StartedAt: bundleAt.Add(-3 * time.Hour), FinishedAt: bundleAt.Add(-2 * time.Hour),
			Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1"}},
	}
}

// bundleFiles are given out of order; the bundle sorts them.
func bundleFiles() []BundleFile {
	return []BundleFile{
		{"report.md", []byte(strings.Repeat("# Review of payments\n\nSEC01: high risk.\n", 40))},
		{"answers.json", []byte(`{"version":1,"answers":[]}` + "\n")},
		{"scenarios/ttx-1/aar.md", []byte("# After-action report\n")},
		{"report.html", []byte("<!doctype html><title>Review</title>\n")},
		{"empty.txt", nil},
	}
}

func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func pubOf(k ed25519.PrivateKey) ed25519.PublicKey { return k.Public().(ed25519.PublicKey) }

func writeBundle(t *testing.T, key ed25519.PrivateKey) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	digest, err := WriteBundle(&b, bundleManifest(), bundleFiles(), key)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), digest
}

func verify(t *testing.T, b []byte, pub ed25519.PublicKey) *Verification {
	t.Helper()
	v, err := VerifyBundle(bytes.NewReader(b), int64(len(b)), pub)
	if err != nil {
		t.Fatalf("VerifyBundle: %v", err)
	}
	return v
}

// problems renders a verification's problems as "kind path: detail" lines.
func problems(v *Verification) string {
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.Kind+" "+p.Path+": "+p.Detail)
	}
	return strings.Join(out, "\n")
}

func readAll(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteBundle_Layout(t *testing.T) {
	b, digest := writeBundle(t, testKey(1))
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Deflate || !f.Modified.Equal(bundleAt) {
			t.Errorf("%s: method %d, modified %s; want deflate at %s", f.Name, f.Method, f.Modified, bundleAt)
		}
	}
	want := []string{"answers.json", "empty.txt", "report.html", "report.md", "scenarios/ttx-1/aar.md", "manifest.json", "manifest.sig"}
	if !slices.Equal(names, want) {
		t.Fatalf("entries %q, want %q", names, want)
	}
	manifest := readAll(t, zr.File[5])
	if sum := sha256.Sum256(manifest); digest != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("digest %s is not the SHA-256 of manifest.json", digest)
	}
	if !bytes.HasSuffix(manifest, []byte("}\n")) || !bytes.Contains(manifest, []byte("\n  \"format\": \"warroom-evidence-bundle\",\n")) {
		t.Errorf("manifest.json is not indented JSON ending in a newline:\n%s", manifest)
	}
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.CreatedBy != "dana" || m.Milestone.Name != "2026-Q4" || m.Evidence == nil || m.Evidence.ID != "run-1" || len(m.Files) != 5 {
		t.Fatalf("manifest: %+v", m)
	}
	for i, f := range m.Files {
		data := readAll(t, zr.File[i])
		sum := sha256.Sum256(data)
		if f.Path != want[i] || f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(data)) {
			t.Errorf("manifest row %d: %+v; entry %s has %d bytes", i, f, want[i], len(data))
		}
	}
	var sig signatureFile
	if err := json.Unmarshal(readAll(t, zr.File[6]), &sig); err != nil {
		t.Fatal(err)
	}
	if sig.Algorithm != "ed25519" || sig.KeyID != KeyID(pubOf(testKey(1))) || sig.PublicKey == "" || sig.Signature == "" {
		t.Errorf("manifest.sig: %+v", sig)
	}

	// Without a key there is no manifest.sig; without a run no "evidence".
	m2 := bundleManifest()
	m2.Evidence = nil
	var b2 bytes.Buffer
	if _, err := WriteBundle(&b2, m2, bundleFiles(), nil); err != nil {
		t.Fatal(err)
	}
	zr2, err := zip.NewReader(bytes.NewReader(b2.Bytes()), int64(b2.Len()))
	if err != nil {
		t.Fatal(err)
	}
	last := zr2.File[len(zr2.File)-1]
	if last.Name != "manifest.json" || bytes.Contains(readAll(t, last), []byte(`"evidence"`)) {
		t.Errorf("unsigned bundle ends with %s, or its manifest names evidence", last.Name)
	}
}

func TestWriteBundle_Deterministic(t *testing.T) {
	a, da := writeBundle(t, testKey(1))
	b, db := writeBundle(t, testKey(1))
	if !bytes.Equal(a, b) || da != db {
		t.Fatal("the same inputs gave different bundles")
	}
	files := bundleFiles()
	slices.Reverse(files)
	var c bytes.Buffer
	if _, err := WriteBundle(&c, bundleManifest(), files, testKey(1)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, c.Bytes()) {
		t.Error("the order files are given in changed the bundle")
	}
	m := bundleManifest()
	m.CreatedAt = bundleAt.Add(time.Second)
	var d bytes.Buffer
	if _, err := WriteBundle(&d, m, bundleFiles(), testKey(1)); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, d.Bytes()) {
		t.Error("another creation time gave the same bytes")
	}
}

func TestWriteBundle_BadPaths(t *testing.T) {
	for _, p := range []string{"", ".", "/etc/passwd", "../up.txt", "a/../b", "a//b", "a/", "./a", `a\b`, "manifest.json", "manifest.sig", "a\x1b[2Jb"} {
		files := append(bundleFiles(), BundleFile{Path: p, Data: []byte("x")})
		if _, err := WriteBundle(io.Discard, bundleManifest(), files, nil); err == nil || !strings.Contains(err.Error(), "bundle file") {
			t.Errorf("path %q: error %v", p, err)
		}
	}
	files := append(bundleFiles(), BundleFile{Path: "report.md", Data: []byte("again")})
	if _, err := WriteBundle(io.Discard, bundleManifest(), files, nil); err == nil || !strings.Contains(err.Error(), `"report.md" is given twice`) {
		t.Errorf("duplicate path: error %v", err)
	}
	if _, err := WriteBundle(io.Discard, bundleManifest(), bundleFiles(), ed25519.PrivateKey{1, 2}); err == nil {
		t.Error("a 2-byte signing key was accepted")
	}
}

func TestVerifyBundle_Clean(t *testing.T) {
	unsigned, du := writeBundle(t, nil)
	signed, ds := writeBundle(t, testKey(1))
	tests := []struct {
		name            string
		bundle          []byte
		pub             ed25519.PublicKey
		digest          string
		signed, checked bool
		problems        string
	}{
		{"unsigned", unsigned, nil, du, false, false, ""},
		{"signed, no key given", signed, nil, ds, true, false, ""},
		{"signed, its key", signed, pubOf(testKey(1)), ds, true, true, ""},
		{"signed, another key", signed, pubOf(testKey(2)), ds, true, true,
			"signature manifest.sig: signed by key " + KeyID(pubOf(testKey(1))) + ", not by the given key " + KeyID(pubOf(testKey(2)))},
		{"unsigned, a key given", unsigned, pubOf(testKey(1)), du, false, true,
			"signature manifest.sig: the bundle is not signed, so it cannot be checked against key " + KeyID(pubOf(testKey(1)))},
	}
	for _, tt := range tests {
		v := verify(t, tt.bundle, tt.pub)
		if got := problems(v); got != tt.problems || v.OK() != (tt.problems == "") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, tt.problems)
		}
		if v.Digest != tt.digest || v.Signed != tt.signed || v.SignatureChecked != tt.checked {
			t.Errorf("%s: digest %s signed %v checked %v", tt.name, v.Digest, v.Signed, v.SignatureChecked)
		}
		if tt.signed && v.KeyID != KeyID(pubOf(testKey(1))) || !tt.signed && v.KeyID != "" {
			t.Errorf("%s: key id %q", tt.name, v.KeyID)
		}
		if v.Manifest.Milestone.Name != "2026-Q4" || len(v.Manifest.Files) != 5 {
			t.Errorf("%s: manifest %+v", tt.name, v.Manifest)
		}
	}
}

// flipData flips one byte in the middle of an entry's stored (compressed)
// data.
func flipData(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			out := slices.Clone(b)
			out[off+int64(f.CompressedSize64)/2] ^= 0x20
			return out
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

func TestVerifyBundle_FlippedByte(t *testing.T) {
	for _, key := range []ed25519.PrivateKey{nil, testKey(1)} {
		b, _ := writeBundle(t, key)
		v := verify(t, flipData(t, b, "report.md"), nil)
		if v.OK() || len(v.Problems) != 1 || v.Problems[0].Path != "report.md" || v.Problems[0].Kind != ProblemAltered {
			t.Errorf("signed %v: problems\n%s", key != nil, problems(v))
		}
	}
}

// rezip rewrites a bundle entry by entry: edit returns an entry's new data
// and whether to keep it; more entries are appended at the end.
func rezip(t *testing.T, b []byte, edit func(name string, data []byte) ([]byte, bool), more ...BundleFile) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, data []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: bundleAt})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for _, f := range zr.File {
		data, keep := edit(f.Name, readAll(t, f))
		if keep {
			put(f.Name, data)
		}
	}
	for _, f := range more {
		put(f.Path, f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func keep(_ string, data []byte) ([]byte, bool) { return data, true }

// editManifest changes manifest.json through fn and keeps the rest.
func editManifest(t *testing.T, fn func(*Manifest)) func(string, []byte) ([]byte, bool) {
	return func(name string, data []byte) ([]byte, bool) {
		if name != ManifestName {
			return data, true
		}
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		fn(&m)
		out, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return append(out, '\n'), true
	}
}

func TestVerifyBundle_Tampered(t *testing.T) {
	unsigned, _ := writeBundle(t, nil)
	signed, _ := writeBundle(t, testKey(1))
	newReport := []byte("# Review of payments\n\nEverything is fine.\n")
	newSum := sha256.Sum256(newReport)
	tests := []struct {
		name     string
		bundle   []byte
		pub      ed25519.PublicKey
		problems string
	}{
		{"rewritten as it was", rezip(t, unsigned, keep), nil, ""},
		{"a file removed", rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) { return d, name != "answers.json" }), nil,
			"missing answers.json: listed in manifest.json, not in the bundle"},
		{"a file added", rezip(t, unsigned, keep, BundleFile{"notes/extra.md", []byte("hi")}), nil,
			"extra notes/extra.md: in the bundle, not listed in manifest.json"},
		{"a file added twice", rezip(t, unsigned, keep, BundleFile{"report.md", []byte("other")}), nil,
			"duplicate report.md: 2 entries with this name; the first was verified, and a zip tool may extract another"},
		{"a file's content replaced", rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) {
			if name == "report.html" {
				return []byte("<!doctype html><title>Fake!!</title>\n"), true
			}
			return d, true
		}), nil, "altered report.html: sha256 differs (manifest "},
		{"a file cut short", rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) {
			if name == "report.md" {
				return d[:10], true
			}
			return d, true
		}), nil, "altered report.md: size differs (manifest 1600 bytes, file 10 bytes)"},
		{"a file grown", rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) {
			if name == "empty.txt" {
				return []byte("x"), true
			}
			return d, true
		}), nil, "altered empty.txt: size differs (manifest 0 bytes, file more)"},
		{"a listed hash flipped", rezip(t, unsigned, editManifest(t, func(m *Manifest) {
			h := []byte(m.Files[3].SHA256)
			h[5] ^= 0x01
			m.Files[3].SHA256 = string(h)
		})), nil, "altered report.md: sha256 differs (manifest "},
		{"a path listed twice", rezip(t, unsigned, editManifest(t, func(m *Manifest) {
			m.Files = append(m.Files, m.Files[0])
		})), nil, "duplicate answers.json: listed twice in manifest.json"},
		{"a manifest edited to match a replaced file", rezip(t, signed, func(name string, d []byte) ([]byte, bool) {
			if name == "report.md" {
				return newReport, true
			}
			return editManifest(t, func(m *Manifest) {
				m.Files[3].SHA256, m.Files[3].Size = hex.EncodeToString(newSum[:]), int64(len(newReport))
			})(name, d)
		}), pubOf(testKey(1)), "signature manifest.sig: the signature does not match manifest.json: the manifest changed after it was signed"},
		{"a manifest edited, no key given", rezip(t, signed, editManifest(t, func(m *Manifest) { m.CreatedBy = "mallory" })), nil,
			"signature manifest.sig: the signature does not match manifest.json: the manifest changed after it was signed"},
		{"re-signed by another key", func() []byte {
			var b bytes.Buffer
			m := bundleManifest()
			m.CreatedBy = "mallory"
			if _, err := WriteBundle(&b, m, bundleFiles(), testKey(2)); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}(), pubOf(testKey(1)), "signature manifest.sig: signed by key " + KeyID(pubOf(testKey(2))) + ", not by the given key"},
		{"signature removed", rezip(t, signed, func(name string, d []byte) ([]byte, bool) { return d, name != SignatureName }), pubOf(testKey(1)),
			"signature manifest.sig: the bundle is not signed"},
		{"signature not JSON", rezip(t, signed, func(name string, d []byte) ([]byte, bool) {
			if name == SignatureName {
				return []byte("garbage"), true
			}
			return d, true
		}), nil, "signature manifest.sig: malformed: not valid JSON"},
		{"signature names another key id", rezip(t, signed, func(name string, d []byte) ([]byte, bool) {
			if name == SignatureName {
				return bytes.Replace(d, []byte(`"sha256:`), []byte(`"sha256:0`), 1), true
			}
			return d, true
		}), nil, "signature manifest.sig: malformed: key_id "},
		{"everything at once", rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) {
			switch name {
			case "answers.json":
				return nil, false
			case "scenarios/ttx-1/aar.md":
				return []byte("changed"), true
			}
			return d, true
		}, BundleFile{"a-first.txt", nil}, BundleFile{"zz.txt", nil}), nil,
			"extra a-first.txt: in the bundle, not listed in manifest.json\n" +
				"missing answers.json: listed in manifest.json, not in the bundle\n" +
				"altered scenarios/ttx-1/aar.md: size differs (manifest 22 bytes, file 7 bytes)\n" +
				"extra zz.txt: in the bundle, not listed in manifest.json"},
	}
	for _, tt := range tests {
		v := verify(t, tt.bundle, tt.pub)
		got := problems(v)
		if tt.problems == "" && got != "" || !strings.HasPrefix(got, tt.problems) || strings.Count(got, "\n") != strings.Count(tt.problems, "\n") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, tt.problems)
		}
	}
}

func TestVerifyBundle_NotABundle(t *testing.T) {
	b, _ := writeBundle(t, testKey(1))
	noManifest := rezip(t, b, func(name string, d []byte) ([]byte, bool) { return d, name != ManifestName })
	otherFormat := rezip(t, b, editManifest(t, func(m *Manifest) { m.Version = 2 }))
	badJSON := rezip(t, b, func(name string, d []byte) ([]byte, bool) {
		if name == ManifestName {
			return d[:len(d)/2], true
		}
		return d, true
	})
	tests := []struct {
		name   string
		bundle []byte
		want   string
	}{
		{"text file", []byte("this is not a zip archive\n"), "not a zip archive, or it is truncated: zip: not a valid zip file"},
		{"truncated", b[:len(b)/2], "not a zip archive, or it is truncated"},
		{"empty", nil, "not a zip archive, or it is truncated"},
		{"no manifest", noManifest, "not a warroom evidence bundle: manifest.json is missing"},
		{"another version", otherFormat, `manifest.json says format "warroom-evidence-bundle" version 2; this warroom reads "warroom-evidence-bundle" version 1`},
		{"manifest not JSON", badJSON, "manifest.json is not valid JSON"},
		{"manifest damaged", flipData(t, b, ManifestName), "manifest.json cannot be read, so nothing can be verified"},
	}
	for _, tt := range tests {
		v, err := VerifyBundle(bytes.NewReader(tt.bundle), int64(len(tt.bundle)), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || v != nil {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

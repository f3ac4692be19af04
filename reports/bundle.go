package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warroom/warroom/review"
)

// BundleFormat is the manifest's "format": what says a zip is a warroom
// evidence bundle.
const BundleFormat = "warroom-evidence-bundle"

// BundleVersion is the version of the bundle layout and its manifest.
const BundleVersion = 1

// The two files of a bundle that are not listed in its manifest.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
)

// Limits that keep verify's memory and time bounded whatever the zip says.
// WriteBundle refuses to write a bundle beyond them, so a bundle it wrote
// always verifies:
//   - maxManifest: manifest.json is read whole, so at most 16 MiB (about
//     100,000 file rows);
//   - maxSignature: manifest.sig is read whole, so at most 64 KiB (it is
//     about 300 bytes);
//   - maxEntries: at most 100,000 zip entries, manifest.json and
//     manifest.sig included.
//
// Every other entry is read at most its listed size plus one byte (and
// never past the size the zip's central directory gives it), and only
// hashed, never kept.
const (
	maxManifest  = 16 << 20
	maxSignature = 64 << 10
	maxEntries   = 100_000
)

// Manifest is a bundle's manifest.json: what the bundle holds and where it
// came from, with every file's SHA-256 and size.
//
// Verify accepts a manifest only when encoding it again gives its bytes, so
// a field added to version 1 later (here, in RunInfo, or in the review
// types it holds: Workload, Milestone, Frozen) must be omitted when zero
// (`omitempty` or `omitzero`) and zero when absent: a manifest written by
// an older warroom then encodes again byte for byte. Anything else needs a
// new BundleVersion.
type Manifest struct {
	Format    string           `json:"format"`  // BundleFormat
	Version   int              `json:"version"` // BundleVersion
	Tool      string           `json:"tool"`    // "warroom <version>"
	Workload  review.Workload  `json:"workload"`
	CreatedAt time.Time        `json:"created_at"`
	CreatedBy string           `json:"created_by"` // who ran the export
	Milestone review.Milestone `json:"milestone"`
	// Evidence is the run the milestone scored; absent when it scored none.
	Evidence *RunInfo `json:"evidence,omitempty"`
	// Files are every file of the bundle but manifest.json and
	// manifest.sig, sorted by path.
	Files []ManifestFile `json:"files"`
}

// RunInfo is an evidence run as exports name it: the run a bundle's
// milestone scored, or the run whose findings are exported.
type RunInfo struct {
	ID        string    `json:"id"`
	StartedAt time.Time `json:"started_at"`
	// FinishedAt is when the run ended and judged its findings: the
	// UpdatedAt of the findings ASFF archives.
	FinishedAt time.Time `json:"finished_at"`
	// Accounts and Regions are what the run read: a finding of an earlier
	// run elsewhere is not archived, since this run cannot say it is gone.
	Accounts    []string `json:"accounts"`
	Regions     []string `json:"regions"`
	ToolVersion string   `json:"tool_version,omitempty"`
	// Error is why the run ended early; omitted for a run that finished.
	// Such a run may not have reached everything it meant to read, so
	// nothing is archived.
	Error string `json:"error,omitempty"`
}

// ManifestFile is one file of a bundle: its path in the zip, SHA-256 (hex)
// and size in bytes.
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// BundleFile is a file to put in a bundle.
type BundleFile struct {
	Path string
	Data []byte
}

// signatureFile is manifest.sig: an ed25519 signature of manifest.json's
// bytes and the public key that makes it.
type signatureFile struct {
	Algorithm string `json:"algorithm"` // "ed25519"
	KeyID     string `json:"key_id"`    // KeyID of PublicKey
	PublicKey string `json:"public_key"`
	Signature string `json:"signature"`
}

// WriteBundle writes an evidence bundle to w: a zip holding files in path
// order, then manifest.json (m with its Files filled in), then manifest.sig
// when key is not nil. Every entry is deflated and dated m.CreatedAt, so the
// same inputs give the same bytes. It returns the manifest's digest,
// "sha256:<hex>" of manifest.json: the one value to record to pin the
// bundle. Paths must be relative with forward slashes, without "." or ".."
// elements, unique even when case is ignored, and not a name the bundle
// keeps for itself. Manifest text that is not UTF-8 is written as U+FFFD,
// and a manifest that VerifyBundle would not read back as written is an
// error, so every bundle WriteBundle writes verifies.
func WriteBundle(w io.Writer, m Manifest, files []BundleFile, key ed25519.PrivateKey) (string, error) {
	if key != nil && len(key) != ed25519.PrivateKeySize {
		return "", fmt.Errorf("signing key has %d bytes, not the %d of an ed25519 private key", len(key), ed25519.PrivateKeySize)
	}
	if len(files)+2 > maxEntries {
		return "", fmt.Errorf("a bundle holds at most %d files, not %d", maxEntries-2, len(files))
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if y := m.CreatedAt.Year(); y < 1980 || y > 2105 {
		return "", fmt.Errorf("bundle date %s is outside the years 1980 to 2105 that a zip entry's date holds", m.CreatedAt.Format(time.RFC3339))
	}
	sorted := append([]BundleFile(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	m.Files = make([]ManifestFile, 0, len(sorted))
	folded := map[string]string{foldKey(ManifestName): ManifestName, foldKey(SignatureName): SignatureName}
	for i, f := range sorted {
		if err := checkBundlePath(f.Path); err != nil {
			return "", err
		}
		if i > 0 && sorted[i-1].Path == f.Path {
			return "", fmt.Errorf("bundle file %q is given twice", f.Path)
		}
		if other, ok := folded[foldKey(f.Path)]; ok {
			return "", fmt.Errorf("bundle file %q differs only in case from %q: unpacked on a case-insensitive file system, one would replace the other; rename one",
				f.Path, other)
		}
		folded[foldKey(f.Path)] = f.Path
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, ManifestFile{Path: f.Path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.Data))})
	}
	manifest, err := encodeManifest(m)
	if err != nil {
		return "", err
	}
	if len(manifest) > maxManifest {
		return "", fmt.Errorf("%s would have %d bytes; verify reads at most %s, so put fewer files in the bundle",
			ManifestName, len(manifest), sizeLabel(maxManifest))
	}
	// Verify reads the manifest back this way; a bundle that would fail it
	// is not written.
	if err := decodeManifest(manifest, &Manifest{}); err != nil {
		return "", fmt.Errorf("the manifest would not verify, so no bundle is written: %w", err)
	}

	zw := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.CreatedAt})
		if err != nil {
			return fmt.Errorf("bundle %s: %w", name, err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("bundle %s: %w", name, err)
		}
		return nil
	}
	for _, f := range sorted {
		if err := put(f.Path, f.Data); err != nil {
			return "", err
		}
	}
	if err := put(ManifestName, manifest); err != nil {
		return "", err
	}
	if key != nil {
		pub := key.Public().(ed25519.PublicKey)
		sig, err := json.MarshalIndent(signatureFile{
			Algorithm: "ed25519", KeyID: KeyID(pub),
			PublicKey: base64.StdEncoding.EncodeToString(pub),
			Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(key, manifest)),
		}, "", "  ")
		if err != nil {
			return "", fmt.Errorf("encode %s: %w", SignatureName, err)
		}
		if err := put(SignatureName, append(sig, '\n')); err != nil {
			return "", err
		}
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("finish bundle: %w", err)
	}
	return Digest(manifest), nil
}

// encodeManifest is m as manifest.json: indented JSON and a newline, in
// the one form decodeManifest accepts. Text that is not UTF-8 (a workload
// name stored before warroom refused such names, an AWS error message)
// becomes U+FFFD: encoding/json writes each such byte as the escape
// \ufffd, which would decode to U+FFFD and encode again as itself, so m is
// encoded, decoded and encoded again to give the bytes verify rebuilds.
func encodeManifest(m Manifest) ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	var back Manifest
	if err := json.Unmarshal(b, &back); err != nil {
		return nil, fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	out, err := json.MarshalIndent(back, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	return append(out, '\n'), nil
}

// checkBundlePath refuses a path that could land outside the folder a bundle
// is unpacked in, that some zip tools read differently, or that the bundle
// keeps for itself.
func checkBundlePath(p string) error {
	if p == ManifestName || p == SignatureName {
		return fmt.Errorf("bundle file %q: the bundle writes that file itself", p)
	}
	if d := unsafePath(p); d != "" {
		return fmt.Errorf("bundle file %q: %s; use a relative path with forward slashes and no empty, . or .. elements", p, d)
	}
	return nil
}

// unsafePath says why a path in a bundle could be unpacked outside its
// folder, or read differently by some zip tools; "" when it is safe.
func unsafePath(p string) string {
	switch {
	case p == "":
		return "the path is empty"
	case strings.IndexFunc(p, unicode.IsControl) >= 0:
		return "the path holds a control character"
	case !utf8.ValidString(p):
		return "the path is not valid UTF-8"
	case strings.Contains(p, `\`):
		return "the path holds a backslash, which Windows reads as a folder separator"
	case strings.HasPrefix(p, "/"):
		return "path escapes the bundle folder: it starts with /"
	case len(p) >= 2 && p[1] == ':' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z'):
		return "path escapes the bundle folder: it starts with a drive letter"
	case slices.Contains(strings.Split(p, "/"), ".."):
		return "path escapes the bundle folder: it has a .. element"
	case !fs.ValidPath(p) || p == ".":
		return "the path has an empty or . element, which zip tools read differently"
	}
	return ""
}

// Digest is "sha256:<hex>" of b: how bundles, keys and lenses are named.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Problem kinds of a verification.
const (
	ProblemMissing   = "missing"   // listed in the manifest, not in the zip
	ProblemExtra     = "extra"     // in the zip, not listed
	ProblemAltered   = "altered"   // hash or size differ, or the entry cannot be read
	ProblemDuplicate = "duplicate" // two entries (or two manifest rows) with one name
	ProblemSignature = "signature" // unsigned when a key was given, bad or malformed signature
	ProblemUnsafe    = "unsafe"    // a name that could be unpacked outside the folder, or is not a plain file
	ProblemFraming   = "framing"   // zip bytes that WriteBundle does not write
)

// ArchivePath is the Path of a problem with the zip as a whole rather than
// one of its entries.
const ArchivePath = "(archive)"

// AssessmentName is the bundle file holding the milestone's assessment
// exactly as stored; its SHA-256 is the manifest's milestone digest.
const AssessmentName = "milestone/assessment.json"

// Problem is one way a bundle differs from what its manifest says.
type Problem struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"` // ProblemMissing, ProblemExtra, …
	Detail string `json:"detail"`
}

// Verification is what VerifyBundle found.
type Verification struct {
	Manifest Manifest
	// Digest is "sha256:<hex>" of manifest.json as stored in the zip.
	Digest string
	// Signed says the bundle holds manifest.sig; KeyID is the key it names.
	Signed bool
	KeyID  string
	// SignatureChecked says the signature was checked against a public key
	// the caller gave.
	SignatureChecked bool
	// Problems are sorted by path, kind and detail; none means every file is
	// as the manifest lists it (and, when checked, the signature holds).
	Problems []Problem
}

// OK reports whether the bundle verified without a problem.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// VerifyBundle checks a bundle of size bytes read from r: every file the
// manifest lists is in the zip once with the listed size and SHA-256
// (recomputed from the bytes), nothing else is there, every name is safe to
// unpack, the zip holds no byte WriteBundle does not write (every header
// field as archive/zip writes it, so no file mode and no extra field but
// the timestamp, no byte after a deflate stream, and every entry deflated
// and dated with the manifest's created_at), the milestone's
// assessment is listed when the manifest gives its digest, and, when pub is
// given, manifest.sig is a valid signature of manifest.json by pub. A
// signature is also checked against the key it names, so a manifest edited
// after signing is caught without pub; only pub proves who signed. Input
// that is not a zip, a zip of more than 100,000 entries, a zip without
// manifest.json, and a manifest over 16 MiB, not a version-1 warroom
// manifest or not byte for byte as WriteBundle encodes it are errors;
// everything else is a Problem, and all of them are listed.
func VerifyBundle(r io.ReaderAt, size int64, pub ed25519.PublicKey) (*Verification, error) {
	end, endDetail := readZipEnd(r, size)
	if endDetail == "" && end.records > maxEntries {
		return nil, tooManyEntries(end.records)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// An insecure name is reported below as a problem of its entry.
		return nil, fmt.Errorf("not a zip archive, or it is truncated: %w", err)
	}
	if len(zr.File) > maxEntries {
		return nil, tooManyEntries(uint64(len(zr.File)))
	}
	v := &Verification{}
	seen := map[Problem]bool{}
	add := func(path, kind, format string, args ...any) {
		p := Problem{Path: path, Kind: kind, Detail: fmt.Sprintf(format, args...)}
		if !seen[p] {
			seen[p] = true
			v.Problems = append(v.Problems, p)
		}
	}
	checkFraming(r, size, zr, end, endDetail, add)
	entries := map[string][]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = append(entries[f.Name], f)
		if d := unsafePath(f.Name); d != "" {
			add(f.Name, ProblemUnsafe, "%s", d)
		}
		if d := unsafeMode(f.Mode()); d != "" {
			add(f.Name, ProblemUnsafe, "%s", d)
		}
	}
	checkCase(entries, add)

	mfs := entries[ManifestName]
	if len(mfs) == 0 {
		return nil, fmt.Errorf("not a warroom evidence bundle: %s is missing", ManifestName)
	}
	if len(mfs) > 1 {
		add(ManifestName, ProblemDuplicate, "%d entries with this name; the first was verified, and a zip tool may show another", len(mfs))
	}
	manifest, err := readEntry(mfs[0], maxManifest, add)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read, so nothing can be verified: %w", ManifestName, err)
	}
	if err := decodeManifest(manifest, &v.Manifest); err != nil {
		return nil, err
	}
	v.Digest = Digest(manifest)
	checkMethodAndDate(zr.File, v.Manifest.CreatedAt, add)
	verifySignature(v, entries[SignatureName], manifest, pub, add)

	listed := map[string]bool{}
	for _, mf := range v.Manifest.Files {
		if d := unsafePath(mf.Path); d != "" {
			add(mf.Path, ProblemUnsafe, "%s", d)
		}
		if listed[mf.Path] {
			add(mf.Path, ProblemDuplicate, "listed twice in %s", ManifestName)
			continue
		}
		listed[mf.Path] = true
		zfs := entries[mf.Path]
		if mf.Path == ManifestName || mf.Path == SignatureName || len(zfs) == 0 {
			add(mf.Path, ProblemMissing, "listed in %s, not in the bundle", ManifestName)
			continue
		}
		if len(zfs) > 1 {
			add(mf.Path, ProblemDuplicate, "%d entries with this name; the first was verified, and a zip tool may extract another", len(zfs))
		}
		sum, kind, detail := checkEntry(zfs[0], mf)
		switch {
		case kind == ProblemAltered:
			add(mf.Path, kind, "%s", detail)
		case mf.Path == AssessmentName && "sha256:"+sum != v.Manifest.Milestone.Digest:
			add(mf.Path, ProblemAltered, "does not match the milestone digest in the manifest (digest sha256:%s, file sha256:%s)",
				shortHex(strings.TrimPrefix(v.Manifest.Milestone.Digest, "sha256:")), shortHex(sum))
		}
		if kind == ProblemFraming {
			add(mf.Path, kind, "%s", detail)
		}
	}
	if d := v.Manifest.Milestone.Digest; d != "" && !listed[AssessmentName] {
		add(AssessmentName, ProblemMissing, "%s gives the milestone digest sha256:%s but does not list this file, the assessment the digest is of",
			ManifestName, shortHex(strings.TrimPrefix(d, "sha256:")))
	}
	for name, zfs := range entries {
		if name != ManifestName && name != SignatureName && !listed[name] {
			add(name, ProblemExtra, "in the bundle, not listed in %s", ManifestName)
			if len(zfs) > 1 {
				add(name, ProblemDuplicate, "%d entries with this name", len(zfs))
			}
		}
	}
	sort.Slice(v.Problems, func(i, j int) bool {
		a, b := v.Problems[i], v.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Detail < b.Detail
	})
	return v, nil
}

func tooManyEntries(n uint64) error {
	return fmt.Errorf("the zip has %d entries; verify reads at most %d, and warroom never writes more", n, maxEntries)
}

// decodeManifest decodes manifest.json into m and checks that it is a
// version-1 warroom manifest written by WriteBundle: encoding m again must
// give the same bytes. That refuses what the JSON decoder would let
// through silently: keys in another case, repeated or unknown keys, other
// spacing or order.
func decodeManifest(b []byte, m *Manifest) error {
	if err := json.Unmarshal(b, m); err != nil {
		return fmt.Errorf("%s is not valid JSON: %w", ManifestName, err)
	}
	if m.Format != BundleFormat || m.Version != BundleVersion {
		return fmt.Errorf("%s says format %q version %d; this warroom reads %q version %d",
			ManifestName, m.Format, m.Version, BundleFormat, BundleVersion)
	}
	again, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("%s cannot be encoded again: %w", ManifestName, err)
	}
	again = append(again, '\n')
	if !bytes.Equal(again, b) {
		have, want := bytes.Split(b, []byte("\n")), bytes.Split(again, []byte("\n"))
		line := 1
		for line <= len(have) && line <= len(want) && bytes.Equal(have[line-1], want[line-1]) {
			line++
		}
		return fmt.Errorf("%s is not in the form warroom writes (line %d differs from how warroom encodes the same manifest): "+
			"it was changed by hand or by another tool, so its content cannot be trusted; keys in another case, "+
			"repeated or unknown keys, and other spacing are refused", ManifestName, line)
	}
	return nil
}

// unsafeMode says why a zip entry's mode is not that of a plain file; ""
// when it is one.
func unsafeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "entry is a symbolic link"
	case m.IsDir():
		return "entry is a folder"
	case m.Type() != 0:
		return fmt.Sprintf("entry is not a plain file (mode %s)", m)
	case m&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0:
		return fmt.Sprintf("entry has the setuid, setgid or sticky bit set (mode %s)", m)
	}
	return ""
}

// checkCase reports every entry whose name equals another's when case is
// ignored (strings.EqualFold): unpacked on a case-insensitive file system,
// one would replace the other.
func checkCase(entries map[string][]*zip.File, add func(path, kind, format string, args ...any)) {
	groups := map[string][]string{}
	for name := range entries {
		k := foldKey(name)
		groups[k] = append(groups[k], name)
	}
	for _, names := range groups {
		if len(names) < 2 {
			continue
		}
		sort.Strings(names)
		for i, name := range names {
			other := names[0]
			if i == 0 {
				other = names[1]
			}
			add(name, ProblemUnsafe, "differs only in case from %q", other)
		}
	}
}

// foldKey maps every rune of s to the smallest rune it equals under simple
// case folding, so that for UTF-8 strings foldKey(a) == foldKey(b) exactly
// when strings.EqualFold(a, b). Bytes that are not UTF-8 are kept as they
// are, where EqualFold would take them all for U+FFFD (such names are
// unsafe anyway).
func foldKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(s[i])
			i++
			continue
		}
		low := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			low = min(low, f)
		}
		b.WriteRune(low)
		i += n
	}
	return b.String()
}

// verifySignature checks manifest.sig (zfs: its entries) against manifest
// and, when given, pub.
func verifySignature(v *Verification, zfs []*zip.File, manifest []byte, pub ed25519.PublicKey, add func(path, kind, format string, args ...any)) {
	v.SignatureChecked = pub != nil
	if len(zfs) == 0 {
		if pub != nil {
			add(SignatureName, ProblemSignature, "the bundle is not signed, so it cannot be checked against key %s", KeyID(pub))
		}
		return
	}
	v.Signed = true
	if len(zfs) > 1 {
		add(SignatureName, ProblemDuplicate, "%d entries with this name; the first was checked", len(zfs))
	}
	b, err := readEntry(zfs[0], maxSignature, add)
	if err != nil {
		add(SignatureName, ProblemSignature, "cannot be read: %v", err)
		return
	}
	var sf signatureFile
	if err := json.Unmarshal(b, &sf); err != nil {
		add(SignatureName, ProblemSignature, "malformed: not valid JSON: %v", err)
		return
	}
	signer, err1 := base64.StdEncoding.DecodeString(sf.PublicKey)
	sig, err2 := base64.StdEncoding.DecodeString(sf.Signature)
	switch {
	case sf.Algorithm != "ed25519":
		add(SignatureName, ProblemSignature, "malformed: algorithm %q is not ed25519", sf.Algorithm)
		return
	case err1 != nil || len(signer) != ed25519.PublicKeySize:
		add(SignatureName, ProblemSignature, "malformed: public_key is not a base64 ed25519 public key")
		return
	case err2 != nil || len(sig) != ed25519.SignatureSize:
		add(SignatureName, ProblemSignature, "malformed: signature is not a base64 ed25519 signature")
		return
	case sf.KeyID != KeyID(signer):
		add(SignatureName, ProblemSignature, "malformed: key_id %q does not name the public key it holds (%s)", sf.KeyID, KeyID(signer))
		return
	}
	v.KeyID = sf.KeyID
	switch {
	case pub != nil && !bytes.Equal(pub, signer):
		add(SignatureName, ProblemSignature, "signed by key %s, not by the given key %s", v.KeyID, KeyID(pub))
	case !ed25519.Verify(ed25519.PublicKey(signer), manifest, sig):
		add(SignatureName, ProblemSignature, "the signature does not match %s: the manifest changed after it was signed", ManifestName)
	}
}

// checkEntry hashes a zip entry and compares it with its manifest row; it
// returns the entry's SHA-256 (hex), and the kind of problem and what
// differs, or "". It reads at most one byte more than the manifest lists.
func checkEntry(f *zip.File, want ManifestFile) (sum, kind, detail string) {
	rc, err := openEntry(f)
	if err != nil {
		return "", ProblemAltered, fmt.Sprintf("cannot be read: %v", err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, max(want.Size, 0)+1))
	var trailing *trailingError
	switch {
	case n > want.Size:
		return "", ProblemAltered, fmt.Sprintf("size differs (manifest %d bytes, file more)", want.Size)
	case errors.As(err, &trailing):
		// The content is whole: its hash is checked below all the same.
	case err != nil:
		// Reading to the end checked the entry's size and CRC-32.
		return "", ProblemAltered, fmt.Sprintf("cannot be read: %v", err)
	}
	got := hex.EncodeToString(h.Sum(nil))
	switch {
	case n != want.Size:
		return got, ProblemAltered, fmt.Sprintf("size differs (manifest %d bytes, file %d bytes)", want.Size, n)
	case !strings.EqualFold(got, want.SHA256):
		return got, ProblemAltered, fmt.Sprintf("sha256 differs (manifest %s, file %s)", shortHex(want.SHA256), shortHex(got))
	case trailing != nil:
		return got, ProblemFraming, trailing.Error()
	}
	return got, "", ""
}

// readEntry reads a small zip entry whole, refusing one of more than limit
// bytes. Compressed bytes after the end of its deflate stream are a
// framing problem, added with add; the content is returned all the same.
func readEntry(f *zip.File, limit int64, add func(path, kind, format string, args ...any)) ([]byte, error) {
	rc, err := openEntry(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	var trailing *trailingError
	switch {
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("larger than %s", sizeLabel(limit))
	case errors.As(err, &trailing):
		add(f.Name, ProblemFraming, "%s", trailing.Error())
	case err != nil:
		return nil, err
	}
	return b, nil
}

// trailingError says that a deflated entry's compressed data goes on after
// its deflate stream ends: bytes that are in the zip but in no file, so no
// hash covers them.
type trailingError struct{ n uint64 }

func (e *trailingError) Error() string {
	return fmt.Sprintf("the compressed data holds %d bytes after the end of the deflate stream, which warroom does not write and no hash covers", e.n)
}

// openEntry opens an entry's content as f.Open does: reading it to the end
// checks its size and CRC-32 (zip.ErrChecksum). A deflated entry is
// inflated from its raw bytes here, so that the end also checks that the
// deflate stream used every compressed byte (a *trailingError when not,
// after the whole content). archive/zip stops at the end of the stream and
// ignores what follows.
func openEntry(f *zip.File) (io.ReadCloser, error) {
	if f.Method != zip.Deflate {
		return f.Open()
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	// flate reads no byte past the stream from an io.ByteReader.
	in := &countingReader{r: bufio.NewReader(raw)}
	return &entryReader{f: f, in: in, inflate: flate.NewReader(in), crc: crc32.NewIEEE()}, nil
}

// entryReader inflates a deflated entry and checks it at the end.
type entryReader struct {
	f       *zip.File
	in      *countingReader
	inflate io.ReadCloser
	crc     hash.Hash32
	n       uint64 // bytes of content read
	err     error  // sticky
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.inflate.Read(p)
	r.crc.Write(p[:n])
	r.n += uint64(n)
	switch {
	case r.n > r.f.UncompressedSize64:
		err = zip.ErrFormat
	case err == io.EOF && r.n != r.f.UncompressedSize64:
		err = io.ErrUnexpectedEOF
	case err == io.EOF && r.crc.Sum32() != r.f.CRC32:
		err = zip.ErrChecksum
	case err == io.EOF && r.in.n != r.f.CompressedSize64:
		err = &trailingError{r.f.CompressedSize64 - r.in.n}
	}
	r.err = err
	return n, err
}

func (r *entryReader) Close() error { return r.inflate.Close() }

// countingReader counts the bytes read through it, as an io.ByteReader too.
type countingReader struct {
	r *bufio.Reader
	n uint64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += uint64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// sizeLabel is n bytes in KiB or MiB, for the limits above.
func sizeLabel(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// shortHex is the first 12 characters of a hex digest and "…".
func shortHex(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// Zip record signatures and sizes (APPNOTE.TXT 4.3).
const (
	localHeaderSig     = 0x04034b50
	centralHeaderSig   = 0x02014b50
	dataDescriptorSig  = 0x08074b50
	endRecordSig       = 0x06054b50
	zip64EndSig        = 0x06064b50
	zip64LocatorSig    = 0x07064b50
	localHeaderLen     = 30
	centralHeaderLen   = 46
	endRecordLen       = 22
	zip64EndLen        = 56
	zip64LocatorLen    = 20
	zip64ExtraID       = 0x0001
	flagDataDescriptor = 0x8
	max16              = 0xffff
	max32              = 0xffffffff
)

// zipEnd is where a zip's central directory is, as read from its end
// record (and zip64 end record) at the very end of the file.
type zipEnd struct {
	cdStart, cdEnd int64  // where the directory lies: cdEnd is where the end records begin
	offset         uint64 // where the end record says the directory starts
	records        uint64 // how many entries it says the directory holds
}

// readZipEnd reads the end records WriteBundle writes at the end of a zip:
// the end-of-central-directory record with no comment and, for a zip64
// archive, the zip64 end record and locator right before it. It returns
// what differs from that, or "".
func readZipEnd(r io.ReaderAt, size int64) (zipEnd, string) {
	const notAtEnd = "the file does not end with the zip's end-of-central-directory record: bytes follow it, which warroom does not write"
	var end zipEnd
	b, ok := readAt(r, size-endRecordLen, endRecordLen)
	if !ok || le32(b) != endRecordSig || le16(b[20:]) != 0 {
		return end, notAtEnd
	}
	if le16(b[4:]) != 0 || le16(b[6:]) != 0 || le16(b[8:]) != le16(b[10:]) {
		return end, "the end-of-central-directory record names other disks, which warroom does not write"
	}
	end.records, end.offset = uint64(le16(b[10:])), uint64(le32(b[16:]))
	cdSize := uint64(le32(b[12:]))
	end.cdEnd = size - endRecordLen
	if end.records == max16 || cdSize == max32 || end.offset == max32 {
		const bad = "the zip64 end records are not as warroom writes them"
		at := size - endRecordLen - zip64LocatorLen - zip64EndLen
		loc, ok1 := readAt(r, size-endRecordLen-zip64LocatorLen, zip64LocatorLen)
		rec, ok2 := readAt(r, at, zip64EndLen)
		if !ok1 || !ok2 || le32(loc) != zip64LocatorSig || le32(loc[4:]) != 0 || le64(loc[8:]) != uint64(at) || le32(loc[16:]) != 1 ||
			le32(rec) != zip64EndSig || le64(rec[4:]) != zip64EndLen-12 || le32(rec[16:]) != 0 || le32(rec[20:]) != 0 ||
			le64(rec[24:]) != le64(rec[32:]) {
			return end, bad
		}
		end.records, cdSize, end.offset = le64(rec[32:]), le64(rec[40:]), le64(rec[48:])
		end.cdEnd = at
	}
	if cdSize > uint64(end.cdEnd) {
		return end, "the end record gives a central directory larger than the file"
	}
	end.cdStart = end.cdEnd - int64(cdSize)
	return end, ""
}

// checkFraming checks that the zip holds exactly what WriteBundle writes:
// from byte 0, each entry's local header (agreeing with the central
// directory), its data and its data descriptor, in central-directory order
// with no gap; then the central directory holding nothing but its records,
// each with the fields archive/zip's Writer gives a deflated entry (see
// checkCentral); then the end records, ending the file, with no comment.
// Anything else could carry bytes that no hash covers, or make zip tools
// disagree on what the bundle holds or how to unpack it.
func checkFraming(r io.ReaderAt, size int64, zr *zip.Reader, end zipEnd, endDetail string, add func(path, kind, format string, args ...any)) {
	switch {
	case zr.Comment != "":
		add(ArchivePath, ProblemFraming, "the archive has a comment (%d bytes), which warroom does not write", len(zr.Comment))
		return
	case endDetail != "":
		add(ArchivePath, ProblemFraming, "%s", endDetail)
		return
	case end.records != uint64(len(zr.File)):
		add(ArchivePath, ProblemFraming, "the end record counts %d entries, the central directory holds %d", end.records, len(zr.File))
		return
	case uint64(end.cdStart) > end.offset:
		add(ArchivePath, ProblemFraming, "%d bytes come before the first entry, which warroom does not write", uint64(end.cdStart)-end.offset)
		return
	case uint64(end.cdStart) != end.offset:
		add(ArchivePath, ProblemFraming, "the end record puts the central directory at byte %d, but it starts at byte %d", end.offset, end.cdStart)
		return
	}
	records := make([][]byte, len(zr.File))
	at := end.cdStart
	for i, f := range zr.File {
		h, ok := readAt(r, at, centralHeaderLen)
		if !ok || le32(h) != centralHeaderSig {
			add(ArchivePath, ProblemFraming, "no central directory record at byte %d, where the record of %q must start", at, f.Name)
			return
		}
		records[i] = h
		at += centralHeaderLen + int64(le16(h[28:])) + int64(le16(h[30:])) + int64(le16(h[32:]))
	}
	if at != end.cdEnd {
		add(ArchivePath, ProblemFraming, "the central directory holds %d bytes besides its entry records", end.cdEnd-at)
	}
	at = 0
	for i, f := range zr.File {
		next, diffs := walkEntry(r, size, f, records[i], at)
		for _, d := range diffs {
			add(f.Name, ProblemFraming, "%s", d)
		}
		if next < 0 {
			return
		}
		at = next
	}
	switch {
	case at < end.cdStart:
		add(ArchivePath, ProblemFraming, "%d bytes lie between the last entry and the central directory, which warroom does not write", end.cdStart-at)
	case at > end.cdStart:
		add(ArchivePath, ProblemFraming, "the last entry runs %d bytes into the central directory", at-end.cdStart)
	}
}

// checkMethodAndDate reports every entry that is not deflated or not dated
// created (the manifest's created_at) as WriteBundle dates each one: the
// MS-DOS time of its headers and the modification time of its extended
// timestamp. A bundle unpacked and zipped again by another tool, or an
// entry redated in both headers, is told apart this way. Compressed data
// that differs but inflates to the same bytes is not: telling it would need
// deflating again, whose output changes between Go versions.
func checkMethodAndDate(files []*zip.File, created time.Time, add func(path, kind, format string, args ...any)) {
	created = created.UTC()
	date, clock := msDosTime(created)
	for _, f := range files {
		if f.Method != zip.Deflate {
			add(f.Name, ProblemFraming, "the entry has compression method %d; warroom deflates every entry (method %d)", f.Method, zip.Deflate)
		}
		var dated []string
		if stamp := extTime(f.Extra); stamp != nil && le32(stamp[5:]) != uint32(created.Unix()) {
			dated = append(dated, "its extended timestamp gives "+time.Unix(int64(le32(stamp[5:])), 0).UTC().Format(time.RFC3339))
		}
		if f.ModifiedDate != date || f.ModifiedTime != clock {
			dated = append(dated, "its MS-DOS time gives "+msDosLabel(f.ModifiedDate, f.ModifiedTime))
		}
		if len(dated) > 0 {
			add(f.Name, ProblemFraming, "the entry is not dated with the manifest's created_at (%s), as warroom dates every entry: %s",
				created.Format(time.RFC3339), strings.Join(dated, " and "))
		}
	}
}

// msDosLabel is an MS-DOS date and time as "2006-01-02 15:04:05" (they
// carry no time zone), read as written, even when out of range.
func msDosLabel(date, clock uint16) string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", int(date>>9)+1980, date>>5&0xf, date&0x1f,
		clock>>11, clock>>5&0x3f, clock&0x1f*2)
}

// What archive/zip's Writer writes for an entry that CreateHeader deflates
// with Modified set, as WriteBundle makes every entry.
const (
	zipVersion20  = 20     // version needed (and made by): zip 2.0
	zipVersion45  = 45     // version needed in the central directory of an entry with zip64 sizes
	zipMadeBy     = 0x0014 // version made by: host 0 (MS-DOS and FAT, no Unix mode), zip 2.0
	extTimeID     = 0x5455 // the extended-timestamp extra block
	extTimeLen    = 9      // its id, size, flags and modification time
	zip64BlockLen = 28     // a zip64 extra block with both sizes and the offset
	flagUTF8      = 0x800
)

// walkEntry checks the local header, data and data descriptor of entry f,
// which must start at byte at, and its central directory record (central:
// the record's fixed 46 bytes). It returns where the next entry must start
// (-1 when the walk cannot go on) and what differs from what WriteBundle
// writes.
func walkEntry(r io.ReaderAt, size int64, f *zip.File, central []byte, at int64) (int64, []string) {
	h, ok := readAt(r, at, localHeaderLen)
	if !ok || le32(h) != localHeaderSig {
		return -1, []string{fmt.Sprintf("no local header at byte %d, where the entry must start", at)}
	}
	flags, method := le16(h[6:]), le16(h[8:])
	nameLen, extraLen := int64(le16(h[26:])), int64(le16(h[28:]))
	ne, ok := readAt(r, at+localHeaderLen, nameLen+extraLen)
	if !ok {
		return -1, []string{"the local header runs past the end of the file"}
	}
	name, extra := ne[:nameLen], ne[nameLen:]
	var diffs []string
	differ := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	if string(name) != f.Name {
		differ("the local header names the entry %q, the central directory %q", name, f.Name)
	}
	if method != f.Method {
		differ("the local header gives compression method %d, the central directory %d", method, f.Method)
	}
	if flags != f.Flags {
		differ("the local header gives flags %#04x, the central directory %#04x", flags, f.Flags)
	}
	if le16(h[10:]) != f.ModifiedTime || le16(h[12:]) != f.ModifiedDate {
		differ("the local header gives another modification time than the central directory")
	}
	if v := le16(h[4:]); v != zipVersion20 {
		differ("the local header gives version needed to extract %d; warroom writes %d", v, zipVersion20)
	}
	if f.Comment != "" {
		differ("the central directory gives the entry a comment (%d bytes), which warroom does not write", len(f.Comment))
	}
	diffs = append(diffs, checkCentral(f, central, at)...)
	switch stamp := extTime(f.Extra); {
	case extTime(extra) == nil || len(extra) != extTimeLen:
		differ("the local header's extra field (%d bytes) is not the one %d-byte extended timestamp warroom writes", len(extra), extTimeLen)
	case stamp != nil && !bytes.Equal(extra, stamp):
		differ("the local header's extended timestamp differs from the central directory's")
	}
	zip64 := f.CompressedSize64 >= max32 || f.UncompressedSize64 >= max32
	crc, csize, usize := le32(h[14:]), le32(h[18:]), le32(h[22:])
	descriptor := flags&flagDataDescriptor != 0
	switch {
	case descriptor && (crc != 0 || csize != 0 || usize != 0):
		differ("the local header gives a checksum or sizes although a data descriptor follows the data")
	case !descriptor && (crc != f.CRC32 || !zip64 && (uint64(csize) != f.CompressedSize64 || uint64(usize) != f.UncompressedSize64)):
		differ("the local header's checksum or sizes differ from the central directory's")
	}
	data := at + localHeaderLen + nameLen + extraLen
	if off, err := f.DataOffset(); err != nil || off != data {
		differ("the central directory points at another local header than the one at byte %d", at)
	}
	if f.CompressedSize64 > uint64(size-data) {
		return -1, append(diffs, "the compressed data runs past the end of the file")
	}
	next := data + int64(f.CompressedSize64)
	if !descriptor {
		return next, diffs
	}
	sizes := 8
	if zip64 {
		sizes = 16
	}
	d, _ := readAt(r, next, min(int64(8+sizes), size-next))
	switch {
	case len(d) == 8+sizes && le32(d) == dataDescriptorSig && le32(d[4:]) == f.CRC32:
		d, next = d[8:], next+int64(8+sizes)
	case len(d) >= 4+sizes && le32(d) == f.CRC32:
		return -1, append(diffs, "the data descriptor has no signature, which warroom always writes")
	default:
		return -1, append(diffs, "no data descriptor with the central directory's checksum follows the data")
	}
	if zip64 && (le64(d) != f.CompressedSize64 || le64(d[8:]) != f.UncompressedSize64) ||
		!zip64 && (uint64(le32(d)) != f.CompressedSize64 || uint64(le32(d[4:])) != f.UncompressedSize64) {
		differ("the data descriptor gives other sizes than the central directory")
	}
	return next, diffs
}

// checkCentral compares the central directory record of entry f (rec: its
// fixed 46 bytes; at: where its local header is) with the one
// archive/zip's Writer writes for a deflated entry dated by Modified:
// made by MS-DOS (so no Unix mode) with zip 2.0, version needed 2.0 (4.5
// for zip64 sizes), flags 0x0008 (a data descriptor follows) with 0x0800
// for a name that needs UTF-8, disk 0, internal and
// external attributes 0, and an extra field holding the 9-byte extended
// timestamp, which the MS-DOS time must agree with, then a zip64 block
// exactly when the sizes or the offset need one. It returns what differs.
func checkCentral(f *zip.File, rec []byte, at int64) []string {
	var diffs []string
	differ := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	zip64Sizes := f.CompressedSize64 >= max32 || f.UncompressedSize64 >= max32
	zip64 := zip64Sizes || at >= max32
	if v := le16(rec[4:]); v != zipMadeBy {
		differ("the central directory gives version made by %#04x (host system %d), which can carry a Unix file mode; warroom writes %#04x (MS-DOS, zip 2.0)",
			v, v>>8, zipMadeBy)
	}
	wantNeeded := uint16(zipVersion20)
	if zip64Sizes {
		wantNeeded = zipVersion45
	}
	if v := le16(rec[6:]); v != wantNeeded {
		differ("the central directory gives version needed to extract %d; warroom writes %d", v, wantNeeded)
	}
	wantFlags := uint16(flagDataDescriptor)
	if valid, require := zipNeedsUTF8(f.Name); valid && require {
		wantFlags |= flagUTF8
	}
	if f.Flags != wantFlags {
		differ("the central directory gives flags %#04x; warroom writes %#04x for this name", f.Flags, wantFlags)
	}
	if v := le16(rec[34:]); v != 0 {
		differ("the central directory puts the entry on disk %d; warroom writes 0", v)
	}
	if v := le16(rec[36:]); v != 0 {
		differ("the central directory gives internal file attributes %#04x; warroom writes 0", v)
	}
	if v := le32(rec[38:]); v != 0 {
		differ("the central directory gives external file attributes %#08x (such as a file mode); warroom writes 0", v)
	}
	wantSizes := [3]uint32{uint32(f.CompressedSize64), uint32(f.UncompressedSize64), uint32(min(at, max32))}
	if zip64 {
		wantSizes[0], wantSizes[1] = max32, max32
	}
	if [3]uint32{le32(rec[20:]), le32(rec[24:]), le32(rec[42:])} != wantSizes {
		differ("the central directory's 32-bit size and offset fields are not as warroom writes them")
	}
	stamp := extTime(f.Extra)
	want := stamp
	if zip64 {
		var b [zip64BlockLen]byte
		binary.LittleEndian.PutUint16(b[0:], zip64ExtraID)
		binary.LittleEndian.PutUint16(b[2:], zip64BlockLen-4)
		binary.LittleEndian.PutUint64(b[4:], f.UncompressedSize64)
		binary.LittleEndian.PutUint64(b[12:], f.CompressedSize64)
		binary.LittleEndian.PutUint64(b[20:], uint64(at))
		want = append(want, b[:]...) // extTime's block has no spare capacity: this copies
	}
	switch {
	case stamp == nil || !bytes.Equal(f.Extra, want):
		what := "the 9-byte extended timestamp"
		if zip64 {
			what += " and a zip64 block"
		}
		differ("the central directory's extra field (%d bytes) is not what warroom writes: %s", len(f.Extra), what)
	default:
		mtime := time.Unix(int64(le32(stamp[5:])), 0).UTC()
		if date, clock := msDosTime(mtime); date != f.ModifiedDate || clock != f.ModifiedTime {
			differ("the MS-DOS modification time is not the extended timestamp's (%s), as warroom writes it", mtime.Format(time.RFC3339))
		}
	}
	return diffs
}

// extTime is the extended-timestamp block archive/zip's Writer puts first
// in an entry's extra field (id 0x5455, 5 bytes: flags 1, the modification
// time), taken from extra; nil when extra does not start with one.
func extTime(extra []byte) []byte {
	if len(extra) < extTimeLen || le16(extra) != extTimeID || le16(extra[2:]) != extTimeLen-4 || extra[4] != 1 {
		return nil
	}
	return extra[:extTimeLen:extTimeLen]
}

// msDosTime is t as the MS-DOS date and time of a zip header, as
// archive/zip's Writer writes them.
func msDosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// zipNeedsUTF8 is archive/zip's rule for setting the UTF-8 flag of a name:
// valid is false for a name that is not UTF-8, require is true for one
// that is and holds a character outside the ASCII that every code page
// shares (below 0x20, above 0x7d, or a backslash).
func zipNeedsUTF8(s string) (valid, require bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r < 0x20 || r > 0x7d || r == 0x5c {
			if !utf8.ValidRune(r) || r == utf8.RuneError && n == 1 {
				return false, false
			}
			require = true
		}
	}
	return true, require
}

// readAt reads n bytes at off; ok is false when they are not all there.
func readAt(r io.ReaderAt, off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 {
		return nil, false
	}
	b := make([]byte, n)
	got, _ := r.ReadAt(b, off) // io.EOF with every byte read is fine
	return b[:got], int64(got) == n
}

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

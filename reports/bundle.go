package reports

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
type Manifest struct {
	Format    string           `json:"format"`  // BundleFormat
	Version   int              `json:"version"` // BundleVersion
	Tool      string           `json:"tool"`    // "warroom <version>"
	Workload  review.Workload  `json:"workload"`
	CreatedAt time.Time        `json:"created_at"`
	CreatedBy string           `json:"created_by"` // who ran the export
	Milestone review.Milestone `json:"milestone"`
	// Evidence is the run the milestone scored; absent when it scored none.
	Evidence *BundleRun `json:"evidence,omitempty"`
	// Files are every file of the bundle but manifest.json and
	// manifest.sig, sorted by path.
	Files []ManifestFile `json:"files"`
}

// BundleRun is the evidence run a bundle's milestone scored.
type BundleRun struct {
	ID          string    `json:"id"`
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	Accounts    []string  `json:"accounts"`
	Regions     []string  `json:"regions"`
	ToolVersion string    `json:"tool_version,omitempty"`
	// Error is why the run ended early; omitted for a run that finished.
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
// elements, unique, and not a name the bundle keeps for itself.
func WriteBundle(w io.Writer, m Manifest, files []BundleFile, key ed25519.PrivateKey) (string, error) {
	if key != nil && len(key) != ed25519.PrivateKeySize {
		return "", fmt.Errorf("signing key has %d bytes, not the %d of an ed25519 private key", len(key), ed25519.PrivateKeySize)
	}
	if len(files)+2 > maxEntries {
		return "", fmt.Errorf("a bundle holds at most %d files, not %d", maxEntries-2, len(files))
	}
	sorted := append([]BundleFile(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	m.Files = make([]ManifestFile, 0, len(sorted))
	for i, f := range sorted {
		if err := checkBundlePath(f.Path); err != nil {
			return "", err
		}
		if i > 0 && sorted[i-1].Path == f.Path {
			return "", fmt.Errorf("bundle file %q is given twice", f.Path)
		}
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, ManifestFile{Path: f.Path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.Data))})
	}
	m.CreatedAt = m.CreatedAt.UTC()
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	manifest = append(manifest, '\n')
	if len(manifest) > maxManifest {
		return "", fmt.Errorf("%s would have %d bytes; verify reads at most %s, so put fewer files in the bundle",
			ManifestName, len(manifest), sizeLabel(maxManifest))
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
	return digestOf(manifest), nil
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

// digestOf is "sha256:<hex>" of b.
func digestOf(b []byte) string {
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
// unpack, the zip holds no byte WriteBundle does not write, and, when pub is
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
	manifest, err := readEntry(mfs[0], maxManifest)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read, so nothing can be verified: %w", ManifestName, err)
	}
	if err := decodeManifest(manifest, &v.Manifest); err != nil {
		return nil, err
	}
	v.Digest = digestOf(manifest)
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
		sum, detail := checkEntry(zfs[0], mf)
		switch {
		case detail != "":
			add(mf.Path, ProblemAltered, "%s", detail)
		case mf.Path == AssessmentName && "sha256:"+sum != v.Manifest.Milestone.Digest:
			add(mf.Path, ProblemAltered, "does not match the milestone digest in the manifest (digest sha256:%s, file sha256:%s)",
				shortHex(strings.TrimPrefix(v.Manifest.Milestone.Digest, "sha256:")), shortHex(sum))
		}
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
	b, err := readEntry(zfs[0], maxSignature)
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
// returns the entry's SHA-256 (hex) and what differs, or "". It reads at
// most one byte more than the manifest lists.
func checkEntry(f *zip.File, want ManifestFile) (sum, detail string) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Sprintf("cannot be read: %v", err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, max(want.Size, 0)+1))
	switch {
	case n > want.Size:
		return "", fmt.Sprintf("size differs (manifest %d bytes, file more)", want.Size)
	case err != nil:
		// Reading to the end made the zip reader check the entry's CRC-32.
		return "", fmt.Sprintf("cannot be read: %v", err)
	}
	got := hex.EncodeToString(h.Sum(nil))
	switch {
	case n != want.Size:
		return got, fmt.Sprintf("size differs (manifest %d bytes, file %d bytes)", want.Size, n)
	case !strings.EqualFold(got, want.SHA256):
		return got, fmt.Sprintf("sha256 differs (manifest %s, file %s)", shortHex(want.SHA256), shortHex(got))
	}
	return got, ""
}

// readEntry reads a small zip entry whole, refusing one of more than limit
// bytes.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %s", sizeLabel(limit))
	}
	return b, nil
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
// with no gap; then the central directory holding nothing but its records;
// then the end records, ending the file, with no comment. Anything else
// could carry bytes that no hash covers, or make zip tools disagree on what
// the bundle holds.
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
	var records int64
	for _, f := range zr.File {
		records += centralHeaderLen + int64(len(f.Name)+len(f.Extra)+len(f.Comment))
	}
	if records != end.cdEnd-end.cdStart {
		add(ArchivePath, ProblemFraming, "the central directory holds %d bytes besides its entry records", end.cdEnd-end.cdStart-records)
	}
	var at int64
	for _, f := range zr.File {
		next, diffs := walkEntry(r, size, f, at)
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

// walkEntry checks the local header, data and data descriptor of entry f,
// which must start at byte at. It returns where the next entry must start
// (-1 when the walk cannot go on) and what differs from what WriteBundle
// writes.
func walkEntry(r io.ReaderAt, size int64, f *zip.File, at int64) (int64, []string) {
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
	if !bytes.Equal(extra, withoutZip64(f.Extra)) {
		differ("the local header's extra field differs from the central directory's")
	}
	if f.Comment != "" {
		differ("the central directory gives the entry a comment (%d bytes), which warroom does not write", len(f.Comment))
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
		d, next = d[4:4+sizes], next+int64(4+sizes)
	default:
		return -1, append(diffs, "no data descriptor with the central directory's checksum follows the data")
	}
	if zip64 && (le64(d) != f.CompressedSize64 || le64(d[8:]) != f.UncompressedSize64) ||
		!zip64 && (uint64(le32(d)) != f.CompressedSize64 || uint64(le32(d[4:])) != f.UncompressedSize64) {
		differ("the data descriptor gives other sizes than the central directory")
	}
	return next, diffs
}

// withoutZip64 is a central directory extra field without its zip64 block,
// which the central directory alone carries: the rest must equal the local
// header's extra field.
func withoutZip64(extra []byte) []byte {
	var out []byte
	for b := extra; len(b) >= 4; {
		n := 4 + int(le16(b[2:]))
		if n > len(b) {
			return extra // malformed: compare it whole
		}
		if le16(b) != zip64ExtraID {
			out = append(out, b[:n]...)
		}
		b = b[n:]
		if len(b) > 0 && len(b) < 4 {
			return extra // malformed: compare it whole
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
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

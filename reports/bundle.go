package reports

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"
	"unicode"

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

// maxManifest caps how much of manifest.json and manifest.sig is read.
const maxManifest = 64 << 20

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
	switch {
	case p == ManifestName || p == SignatureName:
		return fmt.Errorf("bundle file %q: the bundle writes that file itself", p)
	case strings.Contains(p, `\`):
		return fmt.Errorf("bundle file %q: use forward slashes", p)
	case strings.IndexFunc(p, unicode.IsControl) >= 0:
		return fmt.Errorf("bundle file %q: control characters are not allowed in a path", p)
	case !fs.ValidPath(p) || p == ".":
		return fmt.Errorf("bundle file %q: use a relative path without a leading /, empty, . or .. elements", p)
	}
	return nil
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
)

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
	// Problems are sorted by path, then kind; none means every file is as
	// the manifest lists it (and, when checked, the signature holds).
	Problems []Problem
}

// OK reports whether the bundle verified without a problem.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// VerifyBundle checks a bundle of size bytes read from r: every file the
// manifest lists is in the zip once with the listed size and SHA-256
// (recomputed from the bytes), nothing else is there, and, when pub is
// given, manifest.sig is a valid signature of manifest.json by pub. A
// signature is also checked against the key it names, so a manifest edited
// after signing is caught without pub; only pub proves who signed. Input
// that is not a zip, a zip without manifest.json and a manifest that is not
// a version-1 warroom manifest are errors; everything else is a Problem,
// and all of them are listed.
func VerifyBundle(r io.ReaderAt, size int64, pub ed25519.PublicKey) (*Verification, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// An insecure name is only a problem for tools that unpack; this one
		// does not, and lists such an entry as extra.
		return nil, fmt.Errorf("not a zip archive, or it is truncated: %w", err)
	}
	entries := map[string][]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = append(entries[f.Name], f)
	}
	v := &Verification{}
	add := func(path, kind, format string, args ...any) {
		v.Problems = append(v.Problems, Problem{Path: path, Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}

	mfs := entries[ManifestName]
	if len(mfs) == 0 {
		return nil, fmt.Errorf("not a warroom evidence bundle: %s is missing", ManifestName)
	}
	if len(mfs) > 1 {
		add(ManifestName, ProblemDuplicate, "%d entries with this name; the first was verified, and a zip tool may show another", len(mfs))
	}
	manifest, err := readEntry(mfs[0])
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read, so nothing can be verified: %w", ManifestName, err)
	}
	if err := json.Unmarshal(manifest, &v.Manifest); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %w", ManifestName, err)
	}
	if v.Manifest.Format != BundleFormat || v.Manifest.Version != BundleVersion {
		return nil, fmt.Errorf("%s says format %q version %d; this warroom reads %q version %d",
			ManifestName, v.Manifest.Format, v.Manifest.Version, BundleFormat, BundleVersion)
	}
	v.Digest = digestOf(manifest)
	verifySignature(v, entries[SignatureName], manifest, pub, add)

	listed := map[string]bool{}
	for _, mf := range v.Manifest.Files {
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
		if detail := checkEntry(zfs[0], mf); detail != "" {
			add(mf.Path, ProblemAltered, "%s", detail)
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
	sort.SliceStable(v.Problems, func(i, j int) bool {
		a, b := v.Problems[i], v.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Kind < b.Kind
	})
	return v, nil
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
	b, err := readEntry(zfs[0])
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
// returns what differs, or "". It reads at most one byte more than the
// manifest lists.
func checkEntry(f *zip.File, want ManifestFile) string {
	rc, err := f.Open()
	if err != nil {
		return fmt.Sprintf("cannot be read: %v", err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, max(want.Size, 0)+1))
	switch {
	case n > want.Size:
		return fmt.Sprintf("size differs (manifest %d bytes, file more)", want.Size)
	case err != nil:
		// Reading to the end made the zip reader check the entry's CRC-32.
		return fmt.Sprintf("cannot be read: %v", err)
	}
	got := hex.EncodeToString(h.Sum(nil))
	switch {
	case n != want.Size:
		return fmt.Sprintf("size differs (manifest %d bytes, file %d bytes)", want.Size, n)
	case !strings.EqualFold(got, want.SHA256):
		return fmt.Sprintf("sha256 differs (manifest %s, file %s)", shortHex(want.SHA256), shortHex(got))
	}
	return ""
}

// readEntry reads a small zip entry whole.
func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifest+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxManifest {
		return nil, fmt.Errorf("larger than %d MiB", maxManifest>>20)
	}
	return b, nil
}

// shortHex is the first 12 characters of a hex digest and "…".
func shortHex(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

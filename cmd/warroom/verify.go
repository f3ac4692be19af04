package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/reports"
)

type verifyOptions struct {
	f      *factory
	Path   string
	PubKey string
}

func newCmdVerify(f *factory, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{f: f}
	cmd := &cobra.Command{
		Use:   "verify FILE.zip",
		Short: "Check that an evidence bundle is exactly as exported",
		Long: `Recomputes the SHA-256 and size of every file in an evidence bundle from
'warroom export' and compares them with its manifest.json. Each missing,
extra, altered or duplicated file is named, and so is every name that is
unsafe to unpack (a path that leaves the folder, a link, names that differ
only in case) and every byte of the zip that warroom does not write; the exit
code is 0 only when there is no problem, 1 otherwise. It needs no database.

Without --pub-key this proves that the files match the manifest. To prove
the manifest itself, compare the digest printed here with the one recorded
at export, or check the signature: with --pub-key (the .pub file of the
signer's key) the bundle must be signed by that key. A signed bundle whose
manifest changed after signing fails even without --pub-key, but only
--pub-key proves who signed it.
With -o json it prints {"version":1,"ok","digest","signed","signature_checked",
"key_id","problems":[…],"manifest":{…}}, or {"version":1,"ok":false,"error"}
when the bundle cannot be checked at all (not a zip, no manifest).`,
		Example: `  warroom verify payments-2026-Q4.zip
  warroom verify payments-2026-Q4.zip --pub-key warroom-signing.pub`,
		Args: exactArgs(1, "one bundle file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.PubKey, "pub-key", "", "ed25519 public key (PEM) the bundle must be signed with")
	return cmd
}

// verifyJSON is the `verify -o json` document.
type verifyJSON struct {
	Version          int               `json:"version"`
	OK               bool              `json:"ok"`
	Digest           string            `json:"digest"`
	Signed           bool              `json:"signed"`
	SignatureChecked bool              `json:"signature_checked"`
	KeyID            string            `json:"key_id,omitempty"`
	Problems         []reports.Problem `json:"problems"`
	Manifest         reports.Manifest  `json:"manifest"`
}

// verifyFailedJSON is the `verify -o json` document when the bundle could
// not be checked at all (no such file, not a zip, no manifest, a bad key).
type verifyFailedJSON struct {
	Version int    `json:"version"`
	OK      bool   `json:"ok"`
	Error   string `json:"error"`
}

func verifyRun(opts *verifyOptions) error {
	f := opts.f
	v, err := verifyFile(opts)
	if err != nil {
		if f.jsonOutput() {
			if jerr := printJSON(f.IO.Out, verifyFailedJSON{Version: 1, Error: err.Error()}); jerr != nil {
				return jerr
			}
		}
		return err
	}
	if f.jsonOutput() {
		doc := verifyJSON{Version: 1, OK: v.OK(), Digest: v.Digest, Signed: v.Signed, SignatureChecked: v.SignatureChecked,
			KeyID: v.KeyID, Problems: v.Problems, Manifest: v.Manifest}
		if doc.Problems == nil {
			doc.Problems = []reports.Problem{}
		}
		if err := printJSON(f.IO.Out, doc); err != nil {
			return err
		}
		if !v.OK() {
			return errSilent
		}
		return nil
	}
	w := f.IO.Out
	m := v.Manifest
	fmt.Fprintf(w, "Bundle:    %s\n", oneLine(opts.Path))
	fmt.Fprintf(w, "Digest:    %s\n", v.Digest)
	fmt.Fprintf(w, "Workload:  %s\n", oneLine(m.Workload.Name))
	fmt.Fprintf(w, "Milestone: %d %s, created %s by %s\n", m.Milestone.Number, quoted(m.Milestone.Name),
		stampUTC(m.Milestone.CreatedAt), oneLine(m.Milestone.CreatedBy))
	if m.Evidence != nil {
		fmt.Fprintf(w, "Evidence:  run %s, finished %s\n", oneLine(m.Evidence.ID), stampUTC(m.Evidence.FinishedAt))
	} else {
		fmt.Fprintln(w, "Evidence:  none; the milestone scored no evidence run")
	}
	fmt.Fprintf(w, "Exported:  %s by %s with %s\n", stampUTC(m.CreatedAt), oneLine(m.CreatedBy), oneLine(m.Tool))
	fmt.Fprintf(w, "Files:     %d listed in the manifest\n", len(m.Files))
	fmt.Fprintf(w, "Signature: %s\n", signatureState(v))
	if !v.OK() {
		fmt.Fprintf(w, "\nFAILED: %s:\n", plural(len(v.Problems), "problem", "problems"))
		for _, p := range v.Problems {
			fmt.Fprintf(w, "  %-9s  %s: %s\n", p.Kind, oneLine(p.Path), oneLine(p.Detail))
		}
		return errSilent
	}
	fmt.Fprintln(w, "\nOK: every file listed is in the bundle once, with the size and SHA-256 the manifest gives, and nothing else is.")
	if !v.SignatureChecked {
		fmt.Fprintln(w, "This proves the files match the manifest. To prove the manifest itself, compare the digest above with the one recorded at export, or check the signature with --pub-key.")
	}
	return nil
}

// signatureState says whether a verified bundle is signed, by which key,
// and whether the signature holds.
func signatureState(v *reports.Verification) string {
	bad := false
	for _, p := range v.Problems {
		bad = bad || p.Kind == reports.ProblemSignature
	}
	switch {
	case !v.Signed:
		return "not signed"
	case v.KeyID == "":
		return "signed, but manifest.sig is malformed"
	case bad:
		return "signed by key " + v.KeyID + ", NOT valid (see below)"
	case !v.SignatureChecked:
		return "signed by key " + v.KeyID + ", not checked: pass --pub-key"
	}
	return "signed by key " + v.KeyID + ", verified"
}

// verifyFile reads --pub-key and checks the bundle at opts.Path; an error
// means it could not be checked at all.
func verifyFile(opts *verifyOptions) (*reports.Verification, error) {
	var pub ed25519.PublicKey
	if opts.PubKey != "" {
		b, err := os.ReadFile(opts.PubKey)
		if err != nil {
			return nil, fmt.Errorf("read --pub-key: %w", err)
		}
		if pub, err = reports.ParsePublicKey(b); err != nil {
			return nil, fmt.Errorf("--pub-key %s: %w", oneLine(opts.PubKey), err)
		}
	}
	file, err := os.Open(opts.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("verify %s: no such file", oneLine(opts.Path))
	}
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", oneLine(opts.Path), err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", oneLine(opts.Path), err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("verify %s: is a folder; give the bundle's .zip file", oneLine(opts.Path))
	}
	v, err := reports.VerifyBundle(file, st.Size(), pub)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", oneLine(opts.Path), err)
	}
	return v, nil
}

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

type keygenOptions struct {
	f   *factory
	Out string
}

func newCmdKeygen(f *factory, runF func(*keygenOptions) error) *cobra.Command {
	opts := &keygenOptions{f: f}
	cmd := &cobra.Command{
		Use:   "keygen --out NAME",
		Short: "Create an ed25519 key pair to sign evidence bundles",
		Long: `Creates an ed25519 key pair for signing evidence bundles: NAME holds the
private key (PEM, PKCS #8, file mode 0600; keep it secret) and NAME.pub the
public key (PEM) to give to auditors. Existing files are never replaced. The
files are the ones 'openssl genpkey -algorithm ed25519' and 'openssl pkey
-pubout' write, so either tool's keys work. It needs no database. With -o
json it prints {"version":1,"private_key","public_key","key_id"}.`,
		Example: `  warroom keygen --out warroom-signing
  warroom export --out payments-2026-Q4.zip --sign-key warroom-signing
  warroom verify payments-2026-Q4.zip --pub-key warroom-signing.pub`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return usageErrorf("--out is missing: name the private key file to write; the public key goes to NAME.pub")
			}
			if runF != nil {
				return runF(opts)
			}
			return keygenRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "private key file to write; the public key goes to the same name with .pub (required)")
	return cmd
}

func keygenRun(opts *keygenOptions) error {
	f := opts.f
	privPath, pubPath := opts.Out, opts.Out+".pub"
	for _, p := range []string{privPath, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s exists; keygen never replaces a key: pick another --out", oneLine(p))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check %s: %w", oneLine(p), err)
		}
	}
	_, priv, err := ed25519.GenerateKey(nil) // nil: crypto/rand
	if err != nil {
		return fmt.Errorf("generate key: %w", err)
	}
	privPEM, pubPEM, err := reports.MarshalKeyPair(priv)
	if err != nil {
		return err
	}
	if err := writeNew(privPath, privPEM, 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, pubPEM, 0o644); err != nil {
		os.Remove(privPath)
		return err
	}
	keyID := reports.KeyID(priv.Public().(ed25519.PublicKey))
	if f.jsonOutput() {
		return printJSON(f.IO.Out, map[string]any{"version": 1, "private_key": privPath, "public_key": pubPath, "key_id": keyID})
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Wrote %s (private key, mode 0600: keep it secret) and %s (public key: give it to auditors).\n",
		oneLine(privPath), oneLine(pubPath))
	fmt.Fprintf(w, "Key id: %s\n", keyID)
	fmt.Fprintf(w, "Sign with: warroom export --out BUNDLE.zip --sign-key %s\n", shellArg(privPath))
	fmt.Fprintf(w, "Check with: warroom verify BUNDLE.zip --pub-key %s\n", shellArg(pubPath))
	return nil
}

// writeNew creates path with mode perm and writes b, synced to disk; an
// existing file is an error, never replaced.
func writeNew(path string, b []byte, perm os.FileMode) error {
	if err := writeExclusive(path, b, perm); err != nil {
		return fmt.Errorf("write %s: %w", oneLine(path), pathCause(err))
	}
	return nil
}

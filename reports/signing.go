package reports

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// A bundle is signed with an ed25519 key kept in PEM files: the private key
// as PKCS #8 ("PRIVATE KEY"), the public key as PKIX ("PUBLIC KEY"), the
// forms `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout`
// write, and `warroom keygen` too.

// KeyID names a public key: "sha256:<hex>" of its 32 bytes.
func KeyID(pub ed25519.PublicKey) string {
	return Digest(pub)
}

// MarshalKeyPair returns the PEM files of a key pair: the private key
// (PKCS #8) and its public key (PKIX).
func MarshalKeyPair(priv ed25519.PrivateKey) (privPEM, pubPEM []byte, err error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, nil, fmt.Errorf("an ed25519 private key has %d bytes, not %d", ed25519.PrivateKeySize, len(priv))
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, fmt.Errorf("encode private key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("encode public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), nil
}

// ParsePrivateKey reads an ed25519 private key from a PEM file (PKCS #8,
// "PRIVATE KEY"). Other key types, encrypted keys, OpenSSH keys, public keys
// and files that are not PEM are refused with a sentence saying which.
func ParsePrivateKey(b []byte) (ed25519.PrivateKey, error) {
	block, err := decodePEM(b)
	if err != nil {
		return nil, err
	}
	switch block.Type {
	case "PRIVATE KEY":
	case "PUBLIC KEY":
		return nil, errors.New("this is a public key; signing needs the private key (the file without .pub)")
	default:
		return nil, otherPEM(block.Type)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKCS #8 private key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the key is %s, not ed25519; create one with `warroom keygen` or `openssl genpkey -algorithm ed25519`", keyKind(k))
	}
	return priv, nil
}

// ParsePublicKey reads an ed25519 public key from a PEM file (PKIX, "PUBLIC
// KEY"). A private key is refused: an auditor needs only the public half.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	block, err := decodePEM(b)
	if err != nil {
		return nil, err
	}
	switch block.Type {
	case "PUBLIC KEY":
	case "PRIVATE KEY":
		return nil, errors.New("this is a private key; give the public key (the .pub file), and keep the private key secret")
	default:
		return nil, otherPEM(block.Type)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKIX public key: %w", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("the key is %s, not ed25519", keyKind(k))
	}
	return pub, nil
}

// decodePEM returns the first PEM block of b.
func decodePEM(b []byte) (*pem.Block, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("not a PEM key file: expected text starting with -----BEGIN, as `warroom keygen` writes")
	}
	return block, nil
}

// otherPEM explains a PEM block of a type warroom does not read.
func otherPEM(typ string) error {
	switch typ {
	case "ENCRYPTED PRIVATE KEY":
		return errors.New("the private key is encrypted with a passphrase; warroom reads unencrypted keys (keep the file mode 0600)")
	case "OPENSSH PRIVATE KEY":
		return errors.New("this is an OpenSSH key; convert it or create one with `warroom keygen`")
	case "RSA PRIVATE KEY", "RSA PUBLIC KEY":
		return errors.New("this is an RSA key; bundles are signed with ed25519 keys (`warroom keygen`)")
	case "EC PRIVATE KEY":
		return errors.New("this is an elliptic-curve (ECDSA) key; bundles are signed with ed25519 keys (`warroom keygen`)")
	}
	return fmt.Errorf("the PEM block is %q, not an ed25519 key", typ)
}

// keyKind names a parsed key's algorithm for error messages.
func keyKind(k any) string {
	switch k.(type) {
	case *rsa.PrivateKey, *rsa.PublicKey:
		return "an RSA key"
	case *ecdsa.PrivateKey, *ecdsa.PublicKey:
		return "an ECDSA key"
	}
	return fmt.Sprintf("a %T", k)
}

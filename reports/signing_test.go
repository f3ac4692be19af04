package reports

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
)

// Keys written by OpenSSL 3: `openssl genpkey -algorithm ed25519`, `openssl
// pkey -pubout`, a P-256 key pair, and an ed25519 key encrypted with
// `openssl pkcs8 -topk8`.
const (
	opensslPriv = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIKXfvknKXxQ2rzty0zGkrhShLckAP4GYXWFffwPD+is6
-----END PRIVATE KEY-----
`
	opensslPub = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAwJYajgNua2v9eRdEApKPXHpEvGS6eZfsNi7q63pZL3g=
-----END PUBLIC KEY-----
`
	// opensslKeyID is sha256 of the public key's 32 bytes, from
	// `openssl pkey -pubout -outform DER | tail -c 32 | sha256sum`.
	opensslKeyID = "sha256:71b0dd59b9d4ef109afe9e3bf9972ec2a066a57fc5a14006c9c994f637c5d54d"
	ecPriv       = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmt9pIaXyvWId1sCw
wRxhgD1XYS9PUgasIA4B5Oq7YQ2hRANCAAQ4AieUiqtTdAbqHWGNkBJuxeTF212T
YwnCQxTf9CxYK8KCwMhABEpYuUvmKFjBbFQyQjVv75hLNpLHPyfm6jrv
-----END PRIVATE KEY-----
`
	ecPub = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOAInlIqrU3QG6h1hjZASbsXkxdtd
k2MJwkMU3/QsWCvCgsDIQARKWLlL5ihYwWxUMkI1b++YSzaSxz8n5uo67w==
-----END PUBLIC KEY-----
`
	encryptedPriv = `-----BEGIN ENCRYPTED PRIVATE KEY-----
MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgWtU0ES3hudAICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEOXYwrU/DFIMzPH/2tBTagAEQMCu
yWdNLWvL3LpMza0u9/cicNQr4PFqbjHqe1ydT53V9xuvoBGWlJ3oQi6TE7xcrx2B
H65yJACc6IZFqvCffqI=
-----END ENCRYPTED PRIVATE KEY-----
`
)

func TestParseKeys_OpenSSL(t *testing.T) {
	priv, err := ParsePrivateKey([]byte(opensslPriv))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey([]byte(opensslPub))
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) {
		t.Fatal("the public key OpenSSL derived is not the private key's")
	}
	if got := KeyID(pub); got != opensslKeyID {
		t.Errorf("KeyID = %s, want %s", got, opensslKeyID)
	}
	// Written back, the pair is byte for byte what OpenSSL wrote.
	privPEM, pubPEM, err := MarshalKeyPair(priv)
	if err != nil {
		t.Fatal(err)
	}
	if string(privPEM) != opensslPriv || string(pubPEM) != opensslPub {
		t.Errorf("MarshalKeyPair differs from OpenSSL:\n%s%s", privPEM, pubPEM)
	}
}

func TestMarshalKeyPair_RoundTrip(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	privPEM, pubPEM, err := MarshalKeyPair(priv)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePrivateKey(privPEM)
	if err != nil || !back.Equal(priv) {
		t.Fatalf("private key round trip: %v", err)
	}
	pub, err := ParsePublicKey(pubPEM)
	if err != nil || !pub.Equal(priv.Public()) {
		t.Fatalf("public key round trip: %v", err)
	}
	if _, _, err := MarshalKeyPair(priv[:10]); err == nil {
		t.Error("a 10-byte key was accepted")
	}
}

func TestParseKeys_Refused(t *testing.T) {
	tests := []struct {
		name, pem string
		private   bool // parse as a private key, else as a public one
		want      string
	}{
		{"text as private", "hello\n", true, "not a PEM key file"},
		{"text as public", "", false, "not a PEM key file"},
		{"public as private", opensslPub, true, "this is a public key"},
		{"private as public", opensslPriv, false, "this is a private key"},
		{"ecdsa private", ecPriv, true, "the key is an ECDSA key, not ed25519"},
		{"ecdsa public", ecPub, false, "the key is an ECDSA key, not ed25519"},
		{"encrypted", encryptedPriv, true, "encrypted with a passphrase"},
		{"openssh", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n", true, "OpenSSH key"},
		{"rsa pkcs1", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", true, "RSA key"},
		{"certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", false, `the PEM block is "CERTIFICATE"`},
		{"garbage der", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", true, "not a PKCS #8 private key"},
	}
	for _, tt := range tests {
		var err error
		if tt.private {
			_, err = ParsePrivateKey([]byte(tt.pem))
		} else {
			_, err = ParsePublicKey([]byte(tt.pem))
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

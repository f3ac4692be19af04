package awstest

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"
)

func TestRoute(t *testing.T) {
	cases := []struct {
		service, method, target, want string
	}{
		{"lambda", "GET", "/2015-03-31/functions/", "ListFunctions"},
		{"lambda", "GET", "/2015-03-31/functions/f1/policy", "GetPolicy"},
		{"lambda", "GET", "/2021-10-31/functions/f1/urls", "ListFunctionUrlConfigs"},
		{"backup", "GET", "/backup/plans/p1/selections/", "ListBackupSelections"},
		{"guardduty", "GET", "/detector/d1", "GetDetector"},
		{"securityhub", "GET", "/accounts", "DescribeHub"},
		{"s3", "GET", "/?x-id=ListBuckets", "ListBuckets"},
		{"s3", "GET", "/bucket?policyStatus", "GetBucketPolicyStatus"},
		{"s3", "GET", "/bucket?versioning", "GetBucketVersioning"},
		{"s3control", "GET", "/v20180820/configuration/publicAccessBlock", "GetPublicAccessBlock"},
		{"lambda", "DELETE", "/2015-03-31/functions/f1", "DELETE /2015-03-31/functions/f1"},
	}
	for _, c := range cases {
		u, err := url.Parse(c.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := route(c.service, c.method, u); got != c.want {
			t.Errorf("%s %s %s = %q, want %q", c.service, c.method, c.target, got, c.want)
		}
	}
}

func TestCanned_mostSpecificFirst(t *testing.T) {
	dir := t.TempDir()
	for rel, body := range map[string]string{
		"kms/ListKeys.json":                           `{"who":"{{account}}/{{region}}"}`,
		"kms/ListKeys.t2.json":                        `{"page":2}`,
		"eu-west-1/kms/ListKeys.json":                 `{"who":"region"}`,
		"111111111111/kms/ListKeys.json":              `{"who":"account"}`,
		"111111111111/eu-west-1/kms/ListKeys.json":    `{"who":"account+region"}`,
		"222222222222/us-east-1/kms/ListKeys.t2.json": `{"page":"2b"}`,
	} {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{dir: dir}
	cases := []struct {
		acct, region, token, want string
	}{
		{"111111111111", "eu-west-1", "", `{"who":"account+region"}`},
		{"111111111111", "us-east-1", "", `{"who":"account"}`},
		{"333333333333", "eu-west-1", "", `{"who":"region"}`},
		{"333333333333", "us-west-2", "", `{"who":"333333333333/us-west-2"}`},
		{"333333333333", "us-west-2", "t2", `{"page":2}`},
		{"222222222222", "us-east-1", "t2", `{"page":"2b"}`},
	}
	for _, c := range cases {
		q := &Request{Account: c.acct, Region: c.region, Service: "kms", Operation: "ListKeys", Protocol: ProtoJSON, Token: c.token}
		got, ok := s.canned(q)
		if !ok || string(got) != c.want {
			t.Errorf("%+v: %s (%v), want %s", c, got, ok, c.want)
		}
	}
	if _, ok := s.canned(&Request{Service: "kms", Operation: "DescribeKey", Protocol: ProtoJSON}); ok {
		t.Error("a canned answer for an operation without a file")
	}
}

func TestJSONToCBOR(t *testing.T) {
	b, err := jsonToCBOR([]byte(`{"a":[1,-2,1.5,"x",true,null],"t":{"$epoch":1700000000}}`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := cbor.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(cbor.Map)
	l := m["a"].(cbor.List)
	if l[0] != cbor.Uint(1) || l[1] != cbor.NegInt(2) || l[2] != cbor.Float64(1.5) || l[3] != cbor.String("x") || l[4] != cbor.Bool(true) {
		t.Errorf("list = %#v", l)
	}
	if tag, ok := m["t"].(*cbor.Tag); !ok || tag.ID != 1 || tag.Value != cbor.Uint(1700000000) {
		t.Errorf("timestamp = %#v", m["t"])
	}
}

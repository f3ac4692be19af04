package checks

import "testing"

func Test_secureTransportDeny(t *testing.T) {
	const arn = "arn:aws:s3:::b"
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"deny s3:* with string false", `{"Statement":[{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
		{"deny s3:GetObject with bool false", `{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}}`, true},
		{"deny * on resource *", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:securetransport":["false"]}}}]}`, true},
		{"deny with BoolIfExists", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}`, true},
		{"deny only PutObject", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"deny on the bucket but not its objects", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"deny for another bucket", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::other/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"allow with the condition does not count", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"allow only over TLS does not count", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`, false},
		{"deny for one role only", `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/app"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"deny when TLS is true", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`, false},
		{"deny without condition is another matter", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::b"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			idx, _ := secureTransportDeny(p, arn)
			if got := idx > 0; got != tt.want {
				t.Errorf("secureTransportDeny = %d, want found=%v", idx, tt.want)
			}
		})
	}
	rs := judgeGlobal(s3SecureTransport, GlobalFacts{S3: S3Account{Buckets: []Bucket{
		{Name: "none", ARN: "arn:aws:s3:::none"}, {Name: "bad", ARN: "arn:aws:s3:::bad", Policy: "{"},
	}}})
	if statusOf(t, rs, "arn:aws:s3:::none") != Fail || statusOf(t, rs, "arn:aws:s3:::bad") != Unknown {
		t.Errorf("no policy / unparsable policy: %+v", rs)
	}
}

func Test_s3BucketPublic(t *testing.T) {
	all := &PublicAccessBlock{true, true, true, true}
	restrictOnly := &PublicAccessBlock{RestrictPublicBuckets: true}
	ignoreACLOnly := &PublicAccessBlock{IgnorePublicACLs: true}
	tests := []struct {
		name      string
		account   *PublicAccessBlock
		bucket    Bucket
		want      Status
		publicNow bool
	}{
		{"public policy, account block all on", all, Bucket{PolicyPublic: true}, Pass, false},
		{"public ACL, account block all on", all, Bucket{ACLPublicGrants: []string{"READ"}}, Pass, false},
		{"public policy, nothing blocked", nil, Bucket{PolicyPublic: true}, Fail, true},
		{"public ACL, nothing blocked", nil, Bucket{ACLPublicGrants: []string{"READ", "WRITE"}}, Fail, true},
		{"public policy, bucket restricts", nil, Bucket{PolicyPublic: true, PublicAccessBlock: restrictOnly}, Fail, false},
		{"public policy, account restricts only", restrictOnly, Bucket{PolicyPublic: true}, Fail, false},
		{"public ACL, bucket ignores ACLs, policy not restricted", nil, Bucket{ACLPublicGrants: []string{"READ"}, PublicAccessBlock: ignoreACLOnly}, Fail, false},
		{"public ACL ignored but policy public", ignoreACLOnly, Bucket{PolicyPublic: true, ACLPublicGrants: []string{"READ"}}, Fail, true},
		{"private, bucket block all on", nil, Bucket{PublicAccessBlock: all}, Pass, false},
		{"public policy, bucket block all on", nil, Bucket{PolicyPublic: true, PublicAccessBlock: all}, Pass, false},
		{"private, nothing blocked", nil, Bucket{}, Fail, false},
		{"private, both partly on", ignoreACLOnly, Bucket{PublicAccessBlock: restrictOnly}, Fail, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.bucket
			b.Name, b.ARN, b.Region = "b", "arn:aws:s3:::b", "eu-west-1"
			rs := judgeGlobal(s3BucketPublic, GlobalFacts{S3: S3Account{PublicAccessBlock: tt.account, Buckets: []Bucket{b}}})
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Evidence["public_now"] != tt.publicNow {
				t.Errorf("results = %+v, want %s with public_now=%v", rs, tt.want, tt.publicNow)
			}
		})
	}
}

func Test_s3AccountPublicAccessBlock(t *testing.T) {
	tests := []struct {
		pab  *PublicAccessBlock
		want Status
	}{
		{nil, Fail},
		{&PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true}, Fail},
		{&PublicAccessBlock{true, true, true, true}, Pass},
	}
	for _, tt := range tests {
		rs := judgeGlobal(s3AccountPublicAccessBlock, GlobalFacts{S3: S3Account{PublicAccessBlock: tt.pab}})
		if statusOf(t, rs, "arn:aws:iam::111111111111:root") != tt.want {
			t.Errorf("%+v: results = %+v, want %s", tt.pab, rs, tt.want)
		}
	}
	acct := &Account{ID: "111111111111", HomeRegion: "cn-north-1"}
	if got := acctARN(View{Account: acct}); got != "arn:aws-cn:iam::111111111111:root" {
		t.Errorf("China root ARN = %s", got)
	}
}

func Test_s3BucketSettings(t *testing.T) {
	g := GlobalFacts{S3: S3Account{Buckets: []Bucket{
		{Name: "v", ARN: "v", Versioning: "Enabled", MFADelete: true, Encryption: "AES256", LoggingTarget: "logs", LifecycleRules: 1},
		{Name: "s", ARN: "s", Versioning: "Suspended", Encryption: "aws:kms:dsse"},
		{Name: "l", ARN: "l", ObjectLock: true},
		{Name: "n", ARN: "n"},
	}}}
	checks := []struct {
		name string
		eval func(View) []Result
		want map[string]Status
	}{
		{"versioning", s3Versioning, map[string]Status{"v": Pass, "s": Fail, "l": Pass, "n": Fail}},
		{"mfa-delete", s3MFADelete, map[string]Status{"v": Pass, "s": "", "l": "", "n": ""}},
		{"default-encryption", s3DefaultEncryption, map[string]Status{"v": Pass, "s": Pass, "l": Fail, "n": Fail}},
		{"access-logging", s3AccessLogging, map[string]Status{"v": Pass, "s": Fail, "l": Fail, "n": Fail}},
		{"lifecycle", s3Lifecycle, map[string]Status{"v": Pass, "s": Fail, "l": Fail, "n": Fail}},
	}
	for _, c := range checks {
		rs := judgeGlobal(c.eval, g)
		for res, want := range c.want {
			if got := statusOf(t, rs, res); got != want {
				t.Errorf("%s %s = %q, want %q", c.name, res, got, want)
			}
		}
	}
}

package checks

import (
	"testing"
	"time"
)

func Test_kmsKeyPolicyPublic(t *testing.T) {
	tests := []struct {
		name string
		stmt string
		want Status
	}{
		{"star without condition", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`, Fail},
		{"AWS star without condition", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}`, Fail},
		{"star limited to the organization", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`, Pass},
		{"star limited by caller account and service", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111111111111","kms:ViaService":"ec2.eu-west-1.amazonaws.com"}}}`, Pass},
		{"star limited by principal account, any case", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"AWS:PrincipalAccount":["111111111111"]}}}`, Pass},
		{"star limited by source arn", `{"Effect":"Allow","Principal":"*","Action":"kms:GenerateDataKey","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111111111111:trail/*"}}}`, Pass},
		{"IfExists does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111111111111"}}}`, Fail},
		{"wildcard value does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:CallerAccount":"*"}}}`, Fail},
		{"Null test does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"Null":{"aws:PrincipalOrgID":"false"}}}`, Fail},
		{"negated operator does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`, Fail},
		{"ForAllValues does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:CallerAccount":"111111111111"}}}`, Fail},
		{"unrelated condition does not restrict", `{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, Fail},
		{"deny to star is fine", `{"Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"}`, Pass},
		{"named account is fine", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"kms:Decrypt","Resource":"*"}`, Pass},
		{"service principal is fine", `{"Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},"Action":"kms:Encrypt*","Resource":"*"}`, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"},` + tt.stmt + `]}`
			rs := judgeRegion(kmsKeyPolicyPublic, Region{KMSKeys: []KMSKey{{ID: "k", ARN: "arn:k", Manager: "CUSTOMER", State: "Enabled", Policy: doc}}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
		})
	}
	rs := judgeRegion(kmsKeyPolicyPublic, Region{KMSKeys: []KMSKey{
		{ID: "aws", ARN: "arn:aws", Manager: "AWS", Policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}`},
		{ID: "bad", ARN: "arn:bad", Manager: "CUSTOMER", Policy: "not json"},
	}})
	if statusOf(t, rs, "arn:aws") != "" || statusOf(t, rs, "arn:bad") != Unknown {
		t.Errorf("AWS-managed key must be skipped and a bad policy unknown: %+v", rs)
	}
}

func Test_kmsRotationAndDeletion(t *testing.T) {
	on, off := true, false
	del := testNow.Add(72*time.Hour + time.Hour)
	keys := []KMSKey{
		{ID: "on", ARN: "on", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", RotationEnabled: &on},
		{ID: "off", ARN: "off", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", RotationEnabled: &off},
		{ID: "unread", ARN: "unread", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS"},
		{ID: "aws", ARN: "aws", Manager: "AWS", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", RotationEnabled: &off},
		{ID: "rsa", ARN: "rsa", Manager: "CUSTOMER", State: "Enabled", Spec: "RSA_2048", Origin: "AWS_KMS", RotationEnabled: &off},
		{ID: "imported", ARN: "imported", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "EXTERNAL", RotationEnabled: &off},
		{ID: "disabled", ARN: "disabled", Manager: "CUSTOMER", State: "Disabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", RotationEnabled: &off},
		{ID: "doomed", ARN: "doomed", Manager: "CUSTOMER", State: "PendingDeletion", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", DeletionDate: &del},
	}
	rot := judgeRegion(kmsRotation, Region{KMSKeys: keys})
	want := map[string]Status{"on": Pass, "off": Fail, "unread": "", "aws": "", "rsa": "", "imported": "", "disabled": "", "doomed": ""}
	for k, w := range want {
		if got := statusOf(t, rot, k); got != w {
			t.Errorf("rotation %s = %q, want %q", k, got, w)
		}
	}
	pd := judgeRegion(kmsPendingDeletion, Region{KMSKeys: keys})
	if statusOf(t, pd, "doomed") != Fail || statusOf(t, pd, "on") != Pass || statusOf(t, pd, "aws") != "" {
		t.Fatalf("pending-deletion = %+v", pd)
	}
	for _, r := range pd {
		if r.Resource == "doomed" && r.Evidence["days_left"] != 4 {
			t.Errorf("days_left = %v, want 4 (3 days and an hour, rounded up)", r.Evidence["days_left"])
		}
	}
}

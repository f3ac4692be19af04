package checks

import (
	"reflect"
	"testing"
)

func TestParsePolicy(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"*","Resource":"*"},
	  {"Sid":"Deny","Effect":"Deny","Principal":"*","Action":["s3:*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
	   "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
	  {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:root","333333333333"]},"Action":"sts:AssumeRole",
	   "Condition":{"StringEquals":{"sts:ExternalId":["x"]}}},
	  {"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
	p, err := ParsePolicy(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Statements) != 4 {
		t.Fatalf("statements = %d, want 4", len(p.Statements))
	}
	s0, s1, s2, s3 := p.Statements[0], p.Statements[1], p.Statements[2], p.Statements[3]
	if !s0.Allows() || !s0.MatchesAction("ec2:RunInstances") || !reflect.DeepEqual(s0.Resources, []string{"*"}) {
		t.Errorf("statement 1 = %+v", s0)
	}
	if s1.Allows() || !s1.Principal.Any || !s1.MatchesAction("S3:GetObject") || s1.MatchesAction("kms:Decrypt") {
		t.Errorf("statement 2 = %+v", s1)
	}
	if got := s1.ConditionValues("bool", "AWS:SecureTransport"); !reflect.DeepEqual(got, []string{"false"}) {
		t.Errorf("condition values = %v", got)
	}
	if got := s2.Principal.AccountIDs(); !reflect.DeepEqual(got, []string{"222222222222", "333333333333"}) {
		t.Errorf("account ids = %v", got)
	}
	if s2.Principal.Any || !s2.HasRestrictingCondition("sts:externalid") {
		t.Errorf("statement 3 = %+v", s2)
	}
	if s3.MatchesAction("iam:CreateUser") || !s3.MatchesAction("s3:GetObject") {
		t.Errorf("NotAction statement = %+v", s3)
	}
	single, err := ParsePolicy(`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:InvokeFunction"}}`)
	if err != nil || len(single.Statements) != 1 || !single.Statements[0].Principal.Any {
		t.Errorf("single statement object: %+v, %v", single, err)
	}
	if _, err := ParsePolicy("not json"); err == nil {
		t.Error("want an error for a document that is not JSON")
	}
}

func TestStatement_HasRestrictingCondition(t *testing.T) {
	keys := []string{"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"}
	tests := []struct {
		name, cond string
		want       bool
	}{
		{"no condition", ``, false},
		{"StringEquals", `{"StringEquals":{"sts:ExternalId":"abc"}}`, true},
		{"key and operator in any case", `{"stringequals":{"STS:EXTERNALID":"abc"}}`, true},
		{"StringLike with a real pattern", `{"StringLike":{"aws:PrincipalOrgID":"o-abc*"}}`, true},
		{"ForAnyValue StringLike", `{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-1/r-ab/*"}}`, true},
		{"one real value among wildcards", `{"StringLike":{"sts:ExternalId":["*","abc"]}}`, true},
		{"other key only", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, false},
		{"Null test", `{"Null":{"sts:ExternalId":"false"}}`, false},
		{"Null test true", `{"Null":{"sts:ExternalId":"true"}}`, false},
		{"IfExists", `{"StringEqualsIfExists":{"sts:ExternalId":"abc"}}`, false},
		{"ForAnyValue IfExists", `{"ForAnyValue:StringLikeIfExists":{"aws:PrincipalOrgPaths":"o-1/*"}}`, false},
		{"ForAllValues holds when the key is absent", `{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-1/*"}}`, false},
		{"wildcard value", `{"StringLike":{"sts:ExternalId":"*"}}`, false},
		{"only wildcards", `{"StringLike":{"sts:ExternalId":["*","**"]}}`, false},
		{"empty value list", `{"StringEquals":{"sts:ExternalId":[]}}`, false},
		{"negated operator", `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}`, false},
		{"negated ARN operator", `{"ArnNotLike":{"aws:PrincipalOrgID":"o-abc"}}`, false},
		{"restricting beside a weak one", `{"Null":{"sts:ExternalId":"false"},"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}]}`
			if tt.cond != "" {
				doc = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":` + tt.cond + `}]}`
			}
			p, err := ParsePolicy(doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Statements[0].HasRestrictingCondition(keys...); got != tt.want {
				t.Errorf("HasRestrictingCondition = %v, want %v", got, tt.want)
			}
		})
	}
}

package checks

import (
	"reflect"
	"testing"
)

func Test_lambdaPublic(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		urls   []string
		want   Status
	}{
		{"no policy, no URL", "", nil, Pass},
		{"star without condition", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}`, nil, Fail},
		{"AWS star without condition", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`, nil, Fail},
		{"star with SourceArn", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:eu-west-1:111111111111:abc/*"}}}]}`, nil, Pass},
		{"star with SourceAccount", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}`, nil, Pass},
		{"star with PrincipalOrgID", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`, nil, Pass},
		{"FunctionUrlAuthType alone does not restrict", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"*","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}}]}`, nil, Fail},
		{"service principal without condition", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`, nil, Pass},
		{"named account", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`, nil, Pass},
		{"URL without auth", "", []string{"NONE"}, Fail},
		{"URL with IAM auth", "", []string{"AWS_IAM"}, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeRegion(lambdaPublic, Region{Functions: []Function{{Name: "f", ARN: "arn:f", Policy: tt.policy, URLAuth: tt.urls}}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
		})
	}
}

func Test_secretLookingNames(t *testing.T) {
	suspect, refs := secretLookingNames([]string{
		"DB_PASSWORD", "db_passwd", "JWT_SECRET", "GITHUB_TOKEN", "APIKEY", "STRIPE_API_KEY", "PRIVATE_KEY", "privatekey",
		"AWS_SECRET_ACCESS_KEY", "SERVICE_CREDENTIALS", "TABLE_NAME", "LOG_LEVEL", "AWS_REGION", "DB_PASSWORD_SECRET_ARN", "API_KEY_PARAMETER_NAME",
	})
	wantSuspect := []string{"DB_PASSWORD", "db_passwd", "JWT_SECRET", "GITHUB_TOKEN", "APIKEY", "STRIPE_API_KEY", "PRIVATE_KEY", "privatekey", "AWS_SECRET_ACCESS_KEY", "SERVICE_CREDENTIALS"}
	if !reflect.DeepEqual(suspect, wantSuspect) {
		t.Errorf("suspect = %v, want %v", suspect, wantSuspect)
	}
	if want := []string{"DB_PASSWORD_SECRET_ARN", "API_KEY_PARAMETER_NAME"}; !reflect.DeepEqual(refs, want) {
		t.Errorf("references = %v, want %v", refs, want)
	}
	rs := judgeRegion(lambdaEnvSecrets, Region{Functions: []Function{{Name: "f", ARN: "arn:f", EnvVarNames: []string{"TOKEN", "MODE"}}, {Name: "g", ARN: "arn:g"}}})
	if statusOf(t, rs, "arn:f") != Fail || statusOf(t, rs, "arn:g") != Pass {
		t.Errorf("results = %+v", rs)
	}
}

func Test_lambdaCodeSigning(t *testing.T) {
	csc := "arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0abc"
	rs := judgeRegion(lambdaCodeSigning, Region{Functions: []Function{
		{Name: "signed", ARN: "arn:signed", CodeSigning: csc},
		{Name: "unsigned", ARN: "arn:unsigned"},
	}})
	if len(rs) != 2 || statusOf(t, rs, "arn:signed") != Pass || statusOf(t, rs, "arn:unsigned") != Fail {
		t.Fatalf("results = %+v", rs)
	}
	for _, r := range rs {
		if r.Resource == "arn:signed" && r.Evidence["code_signing_config"] != csc {
			t.Errorf("evidence = %v, want the config ARN", r.Evidence)
		}
	}
	if rs := judgeRegion(lambdaCodeSigning, Region{}); len(rs) != 0 {
		t.Errorf("no functions: results = %+v, want none", rs)
	}
}

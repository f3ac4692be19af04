package checks

import (
	"reflect"
	"strings"
	"testing"
)

func Test_secretLookingNames_awsCredentialVars(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"AWS_ACCESS_KEY_ID", true},
		{"aws_access_key_id", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"AWS_SESSION_TOKEN", true},
		{"DB_PASSWORD", true},
		{"db_passwd", true},
		{"CLIENT_SECRET", true},
		{"GITHUB_TOKEN", true},
		{"APIKEY", true},
		{"NPM_API_KEY", true},
		{"PRIVATE_KEY", true},
		{"sshPrivateKey", true},
		{"SERVICE_CREDENTIALS", true},
		{"AWS_REGION", false},
		{"AWS_ACCESS_KEY", false}, // not the SDK's variable and not named like a secret
		{"AWS_DEFAULT_REGION", false},
		{"ACCESS_KEY_ID", false},
		{"NODE_ENV", false},
		{"IMAGE_TAG", false},
		{"KEYSPACE", false},
		{"DB_PASSWORD_SECRET_ARN", false}, // points at a secret store: good practice
		{"API_KEY_PARAMETER_NAME", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			suspect, _ := secretLookingNames([]string{tt.name}, awsCredentialVars...)
			got := suspect != nil
			if got != tt.want {
				t.Errorf("secretLookingNames(%q, awsCredentialVars...) matched = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
	got, refs := secretLookingNames([]string{"STAGE", "GITHUB_TOKEN", "DB_SECRET_ARN", "AWS_ACCESS_KEY_ID", "REGION"}, awsCredentialVars...)
	if want := []string{"GITHUB_TOKEN", "AWS_ACCESS_KEY_ID"}; !reflect.DeepEqual(got, want) {
		t.Errorf("secretLookingNames = %v, want %v (in order, others left out)", got, want)
	}
	if want := []string{"DB_SECRET_ARN"}; !reflect.DeepEqual(refs, want) {
		t.Errorf("secret references = %v, want %v", refs, want)
	}
}

func Test_codebuildPlaintextCreds(t *testing.T) {
	tests := []struct {
		name    string
		project CodeBuildProject
		want    Status
		suspect []string
	}{
		{"no variables", CodeBuildProject{Name: "p", ARN: "arn:p"}, Pass, nil},
		{"harmless plaintext names", CodeBuildProject{Name: "p", ARN: "arn:p", PlaintextEnvNames: []string{"STAGE", "NODE_ENV"}}, Pass, nil},
		{"privileged alone is not judged here", CodeBuildProject{Name: "p", ARN: "arn:p", Privileged: true}, Pass, nil},
		{"access keys", CodeBuildProject{Name: "p", ARN: "arn:p", PlaintextEnvNames: []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}},
			Fail, []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}},
		{"token among others", CodeBuildProject{Name: "p", ARN: "arn:p", PlaintextEnvNames: []string{"STAGE", "SONAR_TOKEN"}}, Fail, []string{"SONAR_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeRegion(codebuildPlaintextCreds, Region{CodeBuildProjects: []CodeBuildProject{tt.project}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			r := rs[0]
			if r.Resource != tt.project.ARN {
				t.Errorf("resource = %q, want %q", r.Resource, tt.project.ARN)
			}
			got, _ := r.Evidence["suspect_names"].([]string)
			if !reflect.DeepEqual(got, tt.suspect) {
				t.Errorf("suspect_names = %v, want %v", got, tt.suspect)
			}
			for _, n := range tt.suspect {
				if !strings.Contains(r.Message, n) {
					t.Errorf("message %q does not name %s", r.Message, n)
				}
			}
		})
	}
}

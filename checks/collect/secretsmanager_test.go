package collect

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/warroom/warroom/checks"
)

// fakeSecrets serves canned Secrets Manager answers; nil funcs answer empty outputs.
type fakeSecrets struct {
	calls bCalls
	list  func(*secretsmanager.ListSecretsInput) (*secretsmanager.ListSecretsOutput, error)
}

var _ secretsmanagerAPI = (*fakeSecrets)(nil)

func (f *fakeSecrets) ListSecrets(_ context.Context, in *secretsmanager.ListSecretsInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error) {
	return bAnswer(&f.calls, f.list, in, "ListSecrets", aws.ToString(in.NextToken))
}

func Test_readSecrets(t *testing.T) {
	const region = "us-west-2"
	secARN := func(name string) string {
		return "arn:aws:secretsmanager:" + region + ":" + bAccount + ":secret:" + name
	}
	rotated := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		list func(*secretsmanager.ListSecretsInput) (*secretsmanager.ListSecretsOutput, error)
		want []checks.Secret
		gaps []aGap
	}{
		{
			name: "two pages with rotation metadata",
			list: func(in *secretsmanager.ListSecretsInput) (*secretsmanager.ListSecretsOutput, error) {
				return bPage(in.NextToken,
					&secretsmanager.ListSecretsOutput{NextToken: aws.String("1"), SecretList: []smtypes.SecretListEntry{{
						Name: aws.String("db"), ARN: aws.String(secARN("db")), RotationEnabled: aws.Bool(true),
						RotationRules:   &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)},
						LastRotatedDate: &rotated, LastAccessedDate: &rotated, CreatedDate: &created,
					}}},
					&secretsmanager.ListSecretsOutput{SecretList: []smtypes.SecretListEntry{{
						Name: aws.String("api"), ARN: aws.String(secARN("api")), CreatedDate: &created,
					}}},
				), nil
			},
			want: []checks.Secret{
				{Name: "db", ARN: secARN("db"), RotationEnabled: true, RotationDays: 30, LastRotated: &rotated, LastAccessed: &rotated, Created: &created},
				{Name: "api", ARN: secARN("api"), Created: &created},
			},
		},
		{
			name: "list denied",
			list: func(*secretsmanager.ListSecretsInput) (*secretsmanager.ListSecretsOutput, error) {
				return nil, aErr(secretsmanager.ServiceID, "ListSecrets", "AccessDeniedException")
			},
			gaps: []aGap{{"Secrets Manager", "ListSecrets", "secretsmanager:ListSecrets", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := bJob(t, region)
			readSecrets(context.Background(), &fakeSecrets{list: tt.list}, j)
			bWant(t, "Secrets", j.Facts.Secrets, tt.want)
			bWantGaps(t, j, tt.gaps)
		})
	}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(secretsmanager.ServiceID,
		op{"ListSecrets", "secretsmanager:ListSecrets", "lists secret metadata (never values) for secretsmanager.rotation"},
	)
	register(service{Name: "secretsmanager", ID: secretsmanager.ServiceID, Collect: func(ctx context.Context, j *job) {
		readSecrets(ctx, secretsmanager.NewFromConfig(j.Cfg), j)
	}})
}

// secretsmanagerAPI is the part of the Secrets Manager client warroom calls:
// the metadata list only. Secret values are never read.
type secretsmanagerAPI interface {
	secretsmanager.ListSecretsAPIClient
}

// readSecrets fills j.Facts.Secrets from ListSecrets, which already carries
// the rotation and access dates.
func readSecrets(ctx context.Context, api secretsmanagerAPI, j *job) {
	var list []checks.Secret
	p := secretsmanager.NewListSecretsPaginator(api, &secretsmanager.ListSecretsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *secretsmanager.ListSecretsOutput) {
		for _, s := range page.SecretList {
			sec := checks.Secret{
				Name:            aws.ToString(s.Name),
				ARN:             aws.ToString(s.ARN),
				RotationEnabled: aws.ToBool(s.RotationEnabled),
				LastRotated:     s.LastRotatedDate,
				LastAccessed:    s.LastAccessedDate,
				Created:         s.CreatedDate,
			}
			if s.RotationRules != nil {
				sec.RotationDays = aws.ToInt64(s.RotationRules.AutomaticallyAfterDays)
			}
			list = append(list, sec)
		}
	})
	j.Facts.Secrets = list
}

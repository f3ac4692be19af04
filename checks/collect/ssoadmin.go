package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
)

func init() {
	allow(ssoadmin.ServiceID,
		op{"ListInstances", "sso:ListInstances", "finds an IAM Identity Center instance for iam.federation"},
	)
	register(service{Name: "ssoadmin", ID: ssoadmin.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readSSOInstances(ctx, ssoadmin.NewFromConfig(j.Cfg), j)
	}})
}

// ssoadminAPI is the part of the IAM Identity Center admin client warroom calls: reads only.
type ssoadminAPI interface {
	ssoadmin.ListInstancesAPIClient
}

// readSSOInstances fills Global.SSOInstances with Identity Center instance ARNs.
func readSSOInstances(ctx context.Context, api ssoadminAPI, j *job) {
	var arns []string
	p := ssoadmin.NewListInstancesPaginator(api, &ssoadmin.ListInstancesInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ssoadmin.ListInstancesOutput) {
		for _, in := range page.Instances {
			arns = append(arns, aws.ToString(in.InstanceArn))
		}
	}) {
		return
	}
	j.Account.Global.SSOInstances = arns
}

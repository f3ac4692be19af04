package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(securityhub.ServiceID,
		op{"DescribeHub", "securityhub:DescribeHub", "reads whether Security Hub is on for securityhub.enabled"},
		op{"GetEnabledStandards", "securityhub:GetEnabledStandards", "lists enabled standards for securityhub.standards"},
	)
	register(service{Name: "securityhub", ID: securityhub.ServiceID, Collect: func(ctx context.Context, j *job) {
		readSecurityHub(ctx, securityhub.NewFromConfig(j.Cfg), j)
	}})
}

// securityhubAPI is the part of the Security Hub client warroom calls: reads only.
type securityhubAPI interface {
	securityhub.GetEnabledStandardsAPIClient
	DescribeHub(context.Context, *securityhub.DescribeHubInput, ...func(*securityhub.Options)) (*securityhub.DescribeHubOutput, error)
}

// readSecurityHub fills the region's SecurityHub; a region where the account
// is not subscribed leaves it nil. A failed standards read is a gap on the hub ARN.
func readSecurityHub(ctx context.Context, api securityhubAPI, j *job) {
	out, err := api.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil {
		if !hasCode(err, "InvalidAccessException", "ResourceNotFoundException") {
			j.fail(err, "")
		}
		return
	}
	hub := &checks.SecurityHub{HubARN: aws.ToString(out.HubArn)}
	j.Facts.SecurityHub = hub
	p := securityhub.NewGetEnabledStandardsPaginator(api, &securityhub.GetEnabledStandardsInput{})
	if !eachPage(ctx, j, hub.HubARN, p.HasMorePages, p.NextPage, func(page *securityhub.GetEnabledStandardsOutput) {
		for _, s := range page.StandardsSubscriptions {
			if s.StandardsStatus == types.StandardsStatusDeleting || s.StandardsStatus == types.StandardsStatusFailed {
				continue
			}
			hub.Standards = append(hub.Standards, aws.ToString(s.StandardsArn))
		}
	}) {
		hub.Standards = nil
	}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(cloudformation.ServiceID,
		op{"DescribeStacks", "cloudformation:DescribeStacks", "reads stacks and their stored drift status for cloudformation.drift"},
	)
	register(service{Name: "cloudformation", ID: cloudformation.ServiceID, Collect: func(ctx context.Context, j *job) {
		readStacks(ctx, cloudformation.NewFromConfig(j.Cfg), j)
	}})
}

// cloudformationAPI is the part of the CloudFormation client warroom calls:
// reads only. DetectStackDrift starts a job, so warroom never calls it and
// reads the drift status the stacks already carry.
type cloudformationAPI interface {
	cloudformation.DescribeStacksAPIClient
}

// readStacks fills j.Facts.Stacks.
func readStacks(ctx context.Context, api cloudformationAPI, j *job) {
	var list []checks.Stack
	p := cloudformation.NewDescribeStacksPaginator(api, &cloudformation.DescribeStacksInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *cloudformation.DescribeStacksOutput) {
		for _, s := range page.Stacks {
			st := checks.Stack{
				Name:   aws.ToString(s.StackName),
				ID:     aws.ToString(s.StackId),
				Status: string(s.StackStatus),
			}
			if d := s.DriftInformation; d != nil {
				st.DriftStatus = string(d.StackDriftStatus)
				st.LastDriftCheck = d.LastCheckTimestamp
			}
			list = append(list, st)
		}
	})
	j.Facts.Stacks = list
}

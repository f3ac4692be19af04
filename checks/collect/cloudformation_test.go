package collect

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/warroom/warroom/checks"
)

// fakeCloudFormation serves canned stacks; a nil func answers an empty output.
type fakeCloudFormation struct {
	calls  bCalls
	stacks func(*cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error)
}

var _ cloudformationAPI = (*fakeCloudFormation)(nil)

func (f *fakeCloudFormation) DescribeStacks(_ context.Context, in *cloudformation.DescribeStacksInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return bAnswer(&f.calls, f.stacks, in, "DescribeStacks", aws.ToString(in.NextToken))
}

func Test_readStacks(t *testing.T) {
	const region = "eu-north-1"
	stackID := func(name string) string {
		return "arn:aws:cloudformation:" + region + ":" + bAccount + ":stack/" + name + "/0001"
	}
	checked := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		stacks func(*cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error)
		want   []checks.Stack
		gaps   []aGap
	}{
		{
			name: "two pages with stored drift information",
			stacks: func(in *cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error) {
				return bPage(in.NextToken,
					&cloudformation.DescribeStacksOutput{NextToken: aws.String("1"), Stacks: []cfntypes.Stack{{
						StackName: aws.String("net"), StackId: aws.String(stackID("net")), StackStatus: cfntypes.StackStatusUpdateComplete,
						DriftInformation: &cfntypes.StackDriftInformation{StackDriftStatus: cfntypes.StackDriftStatusDrifted, LastCheckTimestamp: &checked},
					}}},
					&cloudformation.DescribeStacksOutput{Stacks: []cfntypes.Stack{{
						StackName: aws.String("app"), StackId: aws.String(stackID("app")), StackStatus: cfntypes.StackStatusCreateComplete,
						DriftInformation: &cfntypes.StackDriftInformation{StackDriftStatus: cfntypes.StackDriftStatusNotChecked},
					}}},
				), nil
			},
			want: []checks.Stack{
				{Name: "net", ID: stackID("net"), Status: "UPDATE_COMPLETE", DriftStatus: "DRIFTED", LastDriftCheck: &checked},
				{Name: "app", ID: stackID("app"), Status: "CREATE_COMPLETE", DriftStatus: "NOT_CHECKED"},
			},
		},
		{
			name: "list denied",
			stacks: func(*cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error) {
				return nil, aErr(cloudformation.ServiceID, "DescribeStacks", "AccessDenied")
			},
			gaps: []aGap{{"CloudFormation", "DescribeStacks", "cloudformation:DescribeStacks", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := bJob(t, region)
			readStacks(context.Background(), &fakeCloudFormation{stacks: tt.stacks}, j)
			bWant(t, "Stacks", j.Facts.Stacks, tt.want)
			bWantGaps(t, j, tt.gaps)
		})
	}
}

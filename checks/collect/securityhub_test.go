package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/warroom/warroom/checks"
)

// fakeSecurityHub is a hand-written securityhubAPI.
type fakeSecurityHub struct {
	hub       func() (*securityhub.DescribeHubOutput, error)
	standards func(*securityhub.GetEnabledStandardsInput) (*securityhub.GetEnabledStandardsOutput, error)
}

var _ securityhubAPI = (*fakeSecurityHub)(nil)

func (f *fakeSecurityHub) DescribeHub(context.Context, *securityhub.DescribeHubInput, ...func(*securityhub.Options)) (*securityhub.DescribeHubOutput, error) {
	return f.hub()
}

func (f *fakeSecurityHub) GetEnabledStandards(_ context.Context, in *securityhub.GetEnabledStandardsInput, _ ...func(*securityhub.Options)) (*securityhub.GetEnabledStandardsOutput, error) {
	return f.standards(in)
}

func TestReadSecurityHub(t *testing.T) {
	const hubARN = "arn:aws:securityhub:eu-west-1:123456789012:hub/default"
	const fsbp = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	const cis = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	hub := func() (*securityhub.DescribeHubOutput, error) {
		return &securityhub.DescribeHubOutput{HubArn: aws.String(hubARN)}, nil
	}
	tests := []struct {
		name     string
		api      *fakeSecurityHub
		want     *checks.SecurityHub
		wantGaps []aGap
	}{
		{
			name: "not subscribed",
			api: &fakeSecurityHub{hub: func() (*securityhub.DescribeHubOutput, error) {
				return nil, aErr(securityhub.ServiceID, "DescribeHub", "InvalidAccessException", "Account 123456789012 is not subscribed to AWS Security Hub")
			}},
			wantGaps: []aGap{},
		},
		{
			name: "hub not found",
			api: &fakeSecurityHub{hub: func() (*securityhub.DescribeHubOutput, error) {
				return nil, aErr(securityhub.ServiceID, "DescribeHub", "ResourceNotFoundException")
			}},
			wantGaps: []aGap{},
		},
		{
			name: "describe denied",
			api: &fakeSecurityHub{hub: func() (*securityhub.DescribeHubOutput, error) {
				return nil, aErr(securityhub.ServiceID, "DescribeHub", "AccessDeniedException")
			}},
			wantGaps: []aGap{{"SecurityHub", "DescribeHub", "securityhub:DescribeHub", "eu-west-1", "", checks.GapAccessDenied}},
		},
		{
			name: "standards over two pages, failed and deleting ones left out",
			api: &fakeSecurityHub{hub: hub, standards: func(in *securityhub.GetEnabledStandardsInput) (*securityhub.GetEnabledStandardsOutput, error) {
				i := aPageIndex(in.NextToken)
				page := [][]types.StandardsSubscription{
					{{StandardsArn: aws.String(fsbp), StandardsStatus: types.StandardsStatusReady}},
					{
						{StandardsArn: aws.String(cis), StandardsStatus: types.StandardsStatusIncomplete},
						{StandardsArn: aws.String("arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1"), StandardsStatus: types.StandardsStatusDeleting},
						{StandardsArn: aws.String("arn:aws:securityhub:eu-west-1::standards/nist-800-53/v/5.0.0"), StandardsStatus: types.StandardsStatusFailed},
					},
				}[i]
				return &securityhub.GetEnabledStandardsOutput{StandardsSubscriptions: page, NextToken: aNext(i, 2)}, nil
			}},
			want:     &checks.SecurityHub{HubARN: hubARN, Standards: []string{fsbp, cis}},
			wantGaps: []aGap{},
		},
		{
			name: "standards denied: a gap on the hub",
			api: &fakeSecurityHub{hub: hub, standards: func(*securityhub.GetEnabledStandardsInput) (*securityhub.GetEnabledStandardsOutput, error) {
				return nil, aErr(securityhub.ServiceID, "GetEnabledStandards", "AccessDeniedException")
			}},
			want:     &checks.SecurityHub{HubARN: hubARN},
			wantGaps: []aGap{{"SecurityHub", "GetEnabledStandards", "securityhub:GetEnabledStandards", "eu-west-1", hubARN, checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := aJob(t, "eu-west-1", false)
			readSecurityHub(context.Background(), tt.api, j)
			if !reflect.DeepEqual(j.Facts.SecurityHub, tt.want) {
				t.Errorf("hub = %+v, want %+v", j.Facts.SecurityHub, tt.want)
			}
			if g := aGaps(j); !reflect.DeepEqual(g, tt.wantGaps) {
				t.Errorf("gaps = %+v, want %+v", g, tt.wantGaps)
			}
		})
	}
}

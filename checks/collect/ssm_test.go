package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/warroom/warroom/checks"
)

// fakeSSM serves canned Systems Manager answers; nil funcs answer empty outputs.
type fakeSSM struct {
	calls      bCalls
	instances  func(*ssm.DescribeInstanceInformationInput) (*ssm.DescribeInstanceInformationOutput, error)
	documents  func(*ssm.ListDocumentsInput) (*ssm.ListDocumentsOutput, error)
	compliance func(*ssm.ListResourceComplianceSummariesInput) (*ssm.ListResourceComplianceSummariesOutput, error)
}

var _ ssmAPI = (*fakeSSM)(nil)

func (f *fakeSSM) DescribeInstanceInformation(_ context.Context, in *ssm.DescribeInstanceInformationInput, _ ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	return bAnswer(&f.calls, f.instances, in, "DescribeInstanceInformation", aws.ToString(in.NextToken))
}

func (f *fakeSSM) ListDocuments(_ context.Context, in *ssm.ListDocumentsInput, _ ...func(*ssm.Options)) (*ssm.ListDocumentsOutput, error) {
	var filters []string
	for _, fl := range in.Filters {
		filters = append(filters, aws.ToString(fl.Key)+"="+bJoin(fl.Values))
	}
	return bAnswer(&f.calls, f.documents, in, "ListDocuments", bJoin(filters), aws.ToString(in.NextToken))
}

func (f *fakeSSM) ListResourceComplianceSummaries(_ context.Context, in *ssm.ListResourceComplianceSummariesInput, _ ...func(*ssm.Options)) (*ssm.ListResourceComplianceSummariesOutput, error) {
	var filters []string
	for _, fl := range in.Filters {
		filters = append(filters, aws.ToString(fl.Key)+string(fl.Type)+bJoin(fl.Values))
	}
	return bAnswer(&f.calls, f.compliance, in, "ListResourceComplianceSummaries", bJoin(filters), aws.ToString(in.NextToken))
}

func Test_readSSM(t *testing.T) {
	const region = "eu-west-2"
	base := func() *fakeSSM {
		return &fakeSSM{
			instances: func(in *ssm.DescribeInstanceInformationInput) (*ssm.DescribeInstanceInformationOutput, error) {
				return bPage(in.NextToken,
					&ssm.DescribeInstanceInformationOutput{NextToken: aws.String("1"), InstanceInformationList: []ssmtypes.InstanceInformation{{InstanceId: aws.String("i-1"), PingStatus: ssmtypes.PingStatusOnline}}},
					&ssm.DescribeInstanceInformationOutput{InstanceInformationList: []ssmtypes.InstanceInformation{{InstanceId: aws.String("i-2"), PingStatus: ssmtypes.PingStatusConnectionLost}}},
				), nil
			},
			documents: func(in *ssm.ListDocumentsInput) (*ssm.ListDocumentsOutput, error) {
				return bPage(in.NextToken,
					&ssm.ListDocumentsOutput{NextToken: aws.String("1"), DocumentIdentifiers: []ssmtypes.DocumentIdentifier{{Name: aws.String("IsolateInstance")}}},
					&ssm.ListDocumentsOutput{DocumentIdentifiers: []ssmtypes.DocumentIdentifier{{Name: aws.String("RevokeKeys")}}},
				), nil
			},
			compliance: func(in *ssm.ListResourceComplianceSummariesInput) (*ssm.ListResourceComplianceSummariesOutput, error) {
				return bPage(in.NextToken,
					&ssm.ListResourceComplianceSummariesOutput{NextToken: aws.String("1"), ResourceComplianceSummaryItems: []ssmtypes.ResourceComplianceSummaryItem{{ResourceId: aws.String("i-1"), Status: ssmtypes.ComplianceStatusCompliant}}},
					&ssm.ListResourceComplianceSummariesOutput{ResourceComplianceSummaryItems: []ssmtypes.ResourceComplianceSummaryItem{{ResourceId: aws.String("i-2"), Status: ssmtypes.ComplianceStatusNonCompliant}}},
				), nil
			},
		}
	}
	instances := []checks.ManagedInstance{{ID: "i-1", PingStatus: "Online"}, {ID: "i-2", PingStatus: "ConnectionLost"}}
	documents := []string{"IsolateInstance", "RevokeKeys"}
	patches := []checks.ComplianceSummary{{ResourceID: "i-1", Status: "COMPLIANT"}, {ResourceID: "i-2", Status: "NON_COMPLIANT"}}

	t.Run("three lists over two pages, with the asked filters", func(t *testing.T) {
		f := base()
		j := bJob(t, region)
		readSSM(context.Background(), f, j)
		if !reflect.DeepEqual(j.Facts.SSMInstances, instances) {
			t.Errorf("SSMInstances = %+v, want %+v", j.Facts.SSMInstances, instances)
		}
		if !reflect.DeepEqual(j.Facts.SSMDocuments, documents) {
			t.Errorf("SSMDocuments = %+v, want %+v", j.Facts.SSMDocuments, documents)
		}
		if !reflect.DeepEqual(j.Facts.PatchCompliance, patches) {
			t.Errorf("PatchCompliance = %+v, want %+v", j.Facts.PatchCompliance, patches)
		}
		if gs := aGaps(j); len(gs) != 0 {
			t.Errorf("gaps = %+v, want none", gs)
		}
		wantDocs := []string{"ListDocuments Owner=Self,DocumentType=Automation ", "ListDocuments Owner=Self,DocumentType=Automation 1"}
		if got := bFilter(f.calls.sorted(), "ListDocuments"); !reflect.DeepEqual(got, wantDocs) {
			t.Errorf("document calls = %q, want %q", got, wantDocs)
		}
		wantPatch := []string{"ListResourceComplianceSummaries ComplianceTypeEQUALPatch ", "ListResourceComplianceSummaries ComplianceTypeEQUALPatch 1"}
		if got := bFilter(f.calls.sorted(), "ListResourceComplianceSummaries"); !reflect.DeepEqual(got, wantPatch) {
			t.Errorf("compliance calls = %q, want %q", got, wantPatch)
		}
	})

	t.Run("denied compliance list: region gap, other lists collected", func(t *testing.T) {
		f := base()
		f.compliance = func(*ssm.ListResourceComplianceSummariesInput) (*ssm.ListResourceComplianceSummariesOutput, error) {
			return nil, aErr(ssm.ServiceID, "ListResourceComplianceSummaries", "AccessDeniedException")
		}
		j := bJob(t, region)
		readSSM(context.Background(), f, j)
		if !reflect.DeepEqual(j.Facts.SSMInstances, instances) || !reflect.DeepEqual(j.Facts.SSMDocuments, documents) || j.Facts.PatchCompliance != nil {
			t.Errorf("facts = %+v / %+v / %+v", j.Facts.SSMInstances, j.Facts.SSMDocuments, j.Facts.PatchCompliance)
		}
		want := []aGap{{"SSM", "ListResourceComplianceSummaries", "ssm:ListResourceComplianceSummaries", region, "", checks.GapAccessDenied}}
		bWantGaps(t, j, want)
	})
}

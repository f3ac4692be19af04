package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/warroom/warroom/checks"
)

// fakeAccessAnalyzer is a hand-written accessanalyzerAPI.
type fakeAccessAnalyzer struct {
	list func(*accessanalyzer.ListAnalyzersInput) (*accessanalyzer.ListAnalyzersOutput, error)
}

var _ accessanalyzerAPI = (*fakeAccessAnalyzer)(nil)

func (f *fakeAccessAnalyzer) ListAnalyzers(_ context.Context, in *accessanalyzer.ListAnalyzersInput, _ ...func(*accessanalyzer.Options)) (*accessanalyzer.ListAnalyzersOutput, error) {
	return f.list(in)
}

func TestReadAccessAnalyzer(t *testing.T) {
	api := &fakeAccessAnalyzer{list: func(in *accessanalyzer.ListAnalyzersInput) (*accessanalyzer.ListAnalyzersOutput, error) {
		if in.Type != "" {
			t.Errorf("type filter = %q, want every type", in.Type)
		}
		i := aPageIndex(in.NextToken)
		page := [][]types.AnalyzerSummary{
			{{Name: aws.String("org"), Arn: aws.String("arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/org"), Type: types.TypeOrganization, Status: types.AnalyzerStatusActive}},
			{{Name: aws.String("unused"), Arn: aws.String("arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/unused"), Type: types.TypeAccountUnusedAccess, Status: types.AnalyzerStatusCreating}},
		}[i]
		return &accessanalyzer.ListAnalyzersOutput{Analyzers: page, NextToken: aNext(i, 2)}, nil
	}}
	j := aJob(t, "eu-west-1", false)
	readAccessAnalyzer(context.Background(), api, j)
	want := []checks.Analyzer{
		{Name: "org", ARN: "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/org", Type: "ORGANIZATION", Status: "ACTIVE"},
		{Name: "unused", ARN: "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/unused", Type: "ACCOUNT_UNUSED_ACCESS", Status: "CREATING"},
	}
	if got := j.Facts.AccessAnalyzers; !reflect.DeepEqual(got, want) {
		t.Errorf("analyzers = %+v, want %+v", got, want)
	}
}

func TestReadAccessAnalyzer_denied(t *testing.T) {
	api := &fakeAccessAnalyzer{list: func(*accessanalyzer.ListAnalyzersInput) (*accessanalyzer.ListAnalyzersOutput, error) {
		return nil, aErr(accessanalyzer.ServiceID, "ListAnalyzers", "AccessDeniedException")
	}}
	j := aJob(t, "eu-west-1", false)
	readAccessAnalyzer(context.Background(), api, j)
	want := []aGap{{"AccessAnalyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

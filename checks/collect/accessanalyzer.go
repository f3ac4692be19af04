package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(accessanalyzer.ServiceID,
		op{"ListAnalyzers", "access-analyzer:ListAnalyzers", "lists analyzers for iam.access-analyzer"},
	)
	register(service{Name: "accessanalyzer", ID: accessanalyzer.ServiceID, Collect: func(ctx context.Context, j *job) {
		readAccessAnalyzer(ctx, accessanalyzer.NewFromConfig(j.Cfg), j)
	}})
}

// accessanalyzerAPI is the part of the IAM Access Analyzer client warroom calls: reads only.
type accessanalyzerAPI interface {
	accessanalyzer.ListAnalyzersAPIClient
}

// readAccessAnalyzer fills the region's AccessAnalyzers, of every type.
func readAccessAnalyzer(ctx context.Context, api accessanalyzerAPI, j *job) {
	var out []checks.Analyzer
	p := accessanalyzer.NewListAnalyzersPaginator(api, &accessanalyzer.ListAnalyzersInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *accessanalyzer.ListAnalyzersOutput) {
		for _, a := range page.Analyzers {
			out = append(out, checks.Analyzer{Name: aws.ToString(a.Name), ARN: aws.ToString(a.Arn), Type: string(a.Type), Status: string(a.Status)})
		}
	}) {
		return
	}
	j.Facts.AccessAnalyzers = out
}

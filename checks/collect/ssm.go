package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(ssm.ServiceID,
		op{"DescribeInstanceInformation", "ssm:DescribeInstanceInformation", "lists managed nodes for ssm.managed-instances"},
		op{"ListDocuments", "ssm:ListDocuments", "lists self-owned Automation documents for ssm.ir-runbooks"},
		op{"ListResourceComplianceSummaries", "ssm:ListResourceComplianceSummaries", "reads patch compliance for ssm.patch-compliance"},
	)
	register(service{Name: "ssm", ID: ssm.ServiceID, Collect: func(ctx context.Context, j *job) {
		readSSM(ctx, ssm.NewFromConfig(j.Cfg), j)
	}})
}

// ssmAPI is the part of the Systems Manager client warroom calls: reads only.
type ssmAPI interface {
	ssm.DescribeInstanceInformationAPIClient
	ssm.ListDocumentsAPIClient
	ssm.ListResourceComplianceSummariesAPIClient
}

// readSSM fills SSMInstances, SSMDocuments and PatchCompliance; the three
// lists are independent and run side by side.
func readSSM(ctx context.Context, api ssmAPI, j *job) {
	reads := []func(){
		func() { j.Facts.SSMInstances = readManagedInstances(ctx, api, j) },
		func() { j.Facts.SSMDocuments = readAutomationDocuments(ctx, api, j) },
		func() { j.Facts.PatchCompliance = readPatchCompliance(ctx, api, j) },
	}
	forEach(len(reads), func(i int) { reads[i]() })
}

func readManagedInstances(ctx context.Context, api ssmAPI, j *job) []checks.ManagedInstance {
	var list []checks.ManagedInstance
	p := ssm.NewDescribeInstanceInformationPaginator(api, &ssm.DescribeInstanceInformationInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ssm.DescribeInstanceInformationOutput) {
		for _, in := range page.InstanceInformationList {
			list = append(list, checks.ManagedInstance{
				ID:         aws.ToString(in.InstanceId),
				PingStatus: string(in.PingStatus),
			})
		}
	})
	return list
}

func readAutomationDocuments(ctx context.Context, api ssmAPI, j *job) []string {
	var names []string
	in := &ssm.ListDocumentsInput{Filters: []ssmtypes.DocumentKeyValuesFilter{
		{Key: aws.String("Owner"), Values: []string{"Self"}},
		{Key: aws.String("DocumentType"), Values: []string{"Automation"}},
	}}
	p := ssm.NewListDocumentsPaginator(api, in)
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ssm.ListDocumentsOutput) {
		for _, d := range page.DocumentIdentifiers {
			names = append(names, aws.ToString(d.Name))
		}
	})
	return names
}

func readPatchCompliance(ctx context.Context, api ssmAPI, j *job) []checks.ComplianceSummary {
	var list []checks.ComplianceSummary
	in := &ssm.ListResourceComplianceSummariesInput{Filters: []ssmtypes.ComplianceStringFilter{
		{Key: aws.String("ComplianceType"), Values: []string{"Patch"}, Type: ssmtypes.ComplianceQueryOperatorTypeEqual},
	}}
	p := ssm.NewListResourceComplianceSummariesPaginator(api, in)
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ssm.ListResourceComplianceSummariesOutput) {
		for _, s := range page.ResourceComplianceSummaryItems {
			list = append(list, checks.ComplianceSummary{
				ResourceID: aws.ToString(s.ResourceId),
				Status:     string(s.Status),
			})
		}
	})
	return list
}

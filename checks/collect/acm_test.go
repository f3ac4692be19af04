package collect

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/warroom/warroom/checks"
)

// fakeACM serves canned ACM answers; nil funcs answer empty outputs.
type fakeACM struct {
	calls    bCalls
	list     func(*acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error)
	describe func(*acm.DescribeCertificateInput) (*acm.DescribeCertificateOutput, error)
}

var _ acmAPI = (*fakeACM)(nil)

func (f *fakeACM) ListCertificates(_ context.Context, in *acm.ListCertificatesInput, _ ...func(*acm.Options)) (*acm.ListCertificatesOutput, error) {
	var keyTypes []string
	if in.Includes != nil {
		for _, k := range in.Includes.KeyTypes {
			keyTypes = append(keyTypes, string(k))
		}
	}
	var statuses []string
	for _, s := range in.CertificateStatuses {
		statuses = append(statuses, string(s))
	}
	return bAnswer(&f.calls, f.list, in, "ListCertificates", bJoin(statuses), bJoin(keyTypes), aws.ToString(in.NextToken))
}

func (f *fakeACM) DescribeCertificate(_ context.Context, in *acm.DescribeCertificateInput, _ ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	return bAnswer(&f.calls, f.describe, in, "DescribeCertificate", aws.ToString(in.CertificateArn))
}

func Test_readACM(t *testing.T) {
	const region = "us-east-1"
	certARN := func(id string) string { return "arn:aws:acm:" + region + ":" + bAccount + ":certificate/" + id }
	soon := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	listed := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	base := func() *fakeACM {
		return &fakeACM{
			list: func(in *acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error) {
				return bPage(in.NextToken,
					&acm.ListCertificatesOutput{NextToken: aws.String("1"), CertificateSummaryList: []acmtypes.CertificateSummary{
						{CertificateArn: aws.String(certARN("c1")), DomainName: aws.String("www.example.com"), Status: "ISSUED", NotAfter: &listed},
					}},
					&acm.ListCertificatesOutput{CertificateSummaryList: []acmtypes.CertificateSummary{
						{CertificateArn: aws.String(certARN("c2")), DomainName: aws.String("old.example.com"), Status: "EXPIRED", Type: "IMPORTED", InUse: aws.Bool(true)},
					}},
				), nil
			},
			describe: func(in *acm.DescribeCertificateInput) (*acm.DescribeCertificateOutput, error) {
				if aws.ToString(in.CertificateArn) == certARN("c1") {
					return &acm.DescribeCertificateOutput{Certificate: &acmtypes.CertificateDetail{
						CertificateArn: in.CertificateArn, DomainName: aws.String("www.example.com"), Status: "ISSUED", NotAfter: &soon,
						InUseBy: []string{"arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1"}, Type: "AMAZON_ISSUED",
					}}, nil
				}
				return &acm.DescribeCertificateOutput{Certificate: &acmtypes.CertificateDetail{
					CertificateArn: in.CertificateArn, DomainName: aws.String("old.example.com"), Status: "EXPIRED", Type: "IMPORTED",
				}}, nil
			},
		}
	}
	tests := []struct {
		name   string
		change func(f *fakeACM)
		want   []checks.Certificate
		gaps   []aGap
	}{
		{
			name: "two pages, details from DescribeCertificate",
			want: []checks.Certificate{
				{ARN: certARN("c1"), Domain: "www.example.com", Status: "ISSUED", NotAfter: &soon, InUse: true, Type: "AMAZON_ISSUED"},
				{ARN: certARN("c2"), Domain: "old.example.com", Status: "EXPIRED", Type: "IMPORTED"},
			},
		},
		{
			name: "describe denied for one certificate: kept from its summary, gap for its ARN",
			change: func(f *fakeACM) {
				ok := f.describe
				f.describe = func(in *acm.DescribeCertificateInput) (*acm.DescribeCertificateOutput, error) {
					if aws.ToString(in.CertificateArn) == certARN("c1") {
						return nil, aErr(acm.ServiceID, "DescribeCertificate", "AccessDeniedException")
					}
					return ok(in)
				}
			},
			want: []checks.Certificate{
				{ARN: certARN("c1"), Domain: "www.example.com", Status: "ISSUED", NotAfter: &listed},
				{ARN: certARN("c2"), Domain: "old.example.com", Status: "EXPIRED", Type: "IMPORTED"},
			},
			gaps: []aGap{{"ACM", "DescribeCertificate", "acm:DescribeCertificate", region, certARN("c1"), checks.GapAccessDenied}},
		},
		{
			name: "list denied",
			change: func(f *fakeACM) {
				f.list = func(*acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error) {
					return nil, aErr(acm.ServiceID, "ListCertificates", "AccessDeniedException")
				}
			},
			gaps: []aGap{{"ACM", "ListCertificates", "acm:ListCertificates", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readACM(context.Background(), f, j)
			bWant(t, "Certificates", j.Facts.Certificates, tt.want)
			bWantGaps(t, j, tt.gaps)
			// Every list call asks for every status and every key type, not ACM's RSA-only default.
			want := "ListCertificates " + bJoin(bStrings(acmtypes.CertificateStatus("").Values())) + " " + bJoin(bStrings(acmtypes.KeyAlgorithm("").Values())) + " "
			if calls := bFilter(f.calls.sorted(), "ListCertificates"); len(calls) == 0 || !bHasPrefixAll(calls, want) {
				t.Errorf("list calls = %q, want each to start %q", calls, want)
			}
		})
	}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(acm.ServiceID,
		op{"ListCertificates", "acm:ListCertificates", "lists certificates for acm.expiring"},
		op{"DescribeCertificate", "acm:DescribeCertificate", "reads certificate status, expiry and use for acm.expiring"},
	)
	register(service{Name: "acm", ID: acm.ServiceID, Collect: func(ctx context.Context, j *job) {
		readACM(ctx, acm.NewFromConfig(j.Cfg), j)
	}})
}

// acmAPI is the part of the ACM client warroom calls: reads only. Private
// keys are never exported.
type acmAPI interface {
	acm.ListCertificatesAPIClient
	DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
}

// readACM fills j.Facts.Certificates. The list asks for every status and key
// type (ACM lists only RSA_1024 and RSA_2048 keys by default). Each
// certificate starts from its summary and is refined by DescribeCertificate.
func readACM(ctx context.Context, api acmAPI, j *job) {
	var list []checks.Certificate
	in := &acm.ListCertificatesInput{
		CertificateStatuses: acmtypes.CertificateStatus("").Values(),
		Includes:            &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()},
	}
	p := acm.NewListCertificatesPaginator(api, in)
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *acm.ListCertificatesOutput) {
		for _, s := range page.CertificateSummaryList {
			list = append(list, checks.Certificate{
				ARN:      aws.ToString(s.CertificateArn),
				Domain:   aws.ToString(s.DomainName),
				Status:   string(s.Status),
				NotAfter: s.NotAfter,
				InUse:    aws.ToBool(s.InUse),
				Type:     string(s.Type),
			})
		}
	})
	forEach(len(list), func(i int) {
		c := &list[i]
		out, err := api.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(c.ARN)})
		if err != nil {
			j.fail(err, c.ARN)
			return
		}
		d := out.Certificate
		if d == nil {
			return
		}
		if v := aws.ToString(d.DomainName); v != "" {
			c.Domain = v
		}
		c.Status = string(d.Status)
		c.NotAfter = d.NotAfter
		c.InUse = len(d.InUseBy) > 0
		c.Type = string(d.Type)
	})
	j.Facts.Certificates = list
}

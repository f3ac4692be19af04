package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(guardduty.ServiceID,
		op{"ListDetectors", "guardduty:ListDetectors", "finds the region's detector for guardduty.enabled"},
		op{"GetDetector", "guardduty:GetDetector", "reads whether the detector is enabled for guardduty.enabled"},
	)
	register(service{Name: "guardduty", ID: guardduty.ServiceID, Collect: func(ctx context.Context, j *job) {
		readGuardDuty(ctx, guardduty.NewFromConfig(j.Cfg), j)
	}})
}

// guarddutyAPI is the part of the GuardDuty client warroom calls: reads only.
type guarddutyAPI interface {
	guardduty.ListDetectorsAPIClient
	GetDetector(context.Context, *guardduty.GetDetectorInput, ...func(*guardduty.Options)) (*guardduty.GetDetectorOutput, error)
}

// readGuardDuty fills the region's GuardDuty detectors. A detector whose
// status cannot be read is kept with an empty status and a gap on the
// region's GuardDuty unit ("guardduty/<account>/<region>"), the resource the
// guardduty.enabled check reports.
func readGuardDuty(ctx context.Context, api guarddutyAPI, j *job) {
	var ids []string
	p := guardduty.NewListDetectorsPaginator(api, &guardduty.ListDetectorsInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *guardduty.ListDetectorsOutput) {
		ids = append(ids, page.DetectorIds...)
	}) {
		return
	}
	unit := "guardduty/" + j.Account.ID + "/" + j.Region
	dets := make([]checks.Detector, len(ids))
	forEach(len(ids), func(i int) {
		dets[i].ID = ids[i]
		out, err := api.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(ids[i])})
		if err != nil {
			j.fail(err, unit)
			return
		}
		dets[i].Status = string(out.Status)
	})
	j.Facts.GuardDuty = dets
}

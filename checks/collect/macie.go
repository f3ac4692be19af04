package collect

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(macie2.ServiceID,
		op{"GetMacieSession", "macie2:GetMacieSession", "reads whether Macie is on for macie.enabled"},
	)
	register(service{Name: "macie2", ID: macie2.ServiceID, Collect: func(ctx context.Context, j *job) {
		readMacie(ctx, macie2.NewFromConfig(j.Cfg), j)
	}})
}

// macie2API is the part of the Amazon Macie client warroom calls: reads only.
type macie2API interface {
	GetMacieSession(context.Context, *macie2.GetMacieSessionInput, ...func(*macie2.Options)) (*macie2.GetMacieSessionOutput, error)
}

// readMacie fills the region's Macie status. Macie answers AccessDenied with
// a "not enabled" message when it is off: that is a fact (""), not a gap.
func readMacie(ctx context.Context, api macie2API, j *job) {
	out, err := api.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	if err != nil {
		if !macieOff(err) {
			j.fail(err, "")
		}
		return
	}
	j.Facts.Macie = string(out.Status)
}

// macieOff reports whether err says Macie is not enabled in the region.
func macieOff(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	msg := strings.ToLower(ae.ErrorMessage())
	return (classify(err, "", "", false).Code == checks.GapAccessDenied || hasCode(err, "ResourceNotFoundException")) && strings.Contains(msg, "not enabled")
}

package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/warroom/warroom/checks"
)

// fakeMacie is a hand-written macie2API.
type fakeMacie struct {
	session func() (*macie2.GetMacieSessionOutput, error)
}

var _ macie2API = (*fakeMacie)(nil)

func (f *fakeMacie) GetMacieSession(context.Context, *macie2.GetMacieSessionInput, ...func(*macie2.Options)) (*macie2.GetMacieSessionOutput, error) {
	return f.session()
}

func TestReadMacie(t *testing.T) {
	tests := []struct {
		name     string
		out      *macie2.GetMacieSessionOutput
		err      error
		want     string
		wantGaps []aGap
	}{
		{name: "enabled", out: &macie2.GetMacieSessionOutput{Status: types.MacieStatusEnabled}, want: "ENABLED", wantGaps: []aGap{}},
		{name: "paused", out: &macie2.GetMacieSessionOutput{Status: types.MacieStatusPaused}, want: "PAUSED", wantGaps: []aGap{}},
		{
			name:     "not enabled is a fact",
			err:      aErr(macie2.ServiceID, "GetMacieSession", "AccessDeniedException", "Macie is not enabled."),
			wantGaps: []aGap{},
		},
		{
			name: "really denied is a gap",
			err: aErr(macie2.ServiceID, "GetMacieSession", "AccessDeniedException",
				"User: arn:aws:iam::123456789012:user/x is not authorized to perform: macie2:GetMacieSession"),
			wantGaps: []aGap{{"Macie2", "GetMacieSession", "macie2:GetMacieSession", "eu-west-1", "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := aJob(t, "eu-west-1", false)
			readMacie(context.Background(), &fakeMacie{session: func() (*macie2.GetMacieSessionOutput, error) { return tt.out, tt.err }}, j)
			if j.Facts.Macie != tt.want {
				t.Errorf("macie = %q, want %q", j.Facts.Macie, tt.want)
			}
			if g := aGaps(j); !reflect.DeepEqual(g, tt.wantGaps) {
				t.Errorf("gaps = %+v, want %+v", g, tt.wantGaps)
			}
		})
	}
}

package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/warroom/warroom/checks"
)

// fakeGuardDuty is a hand-written guarddutyAPI.
type fakeGuardDuty struct {
	list func(*guardduty.ListDetectorsInput) (*guardduty.ListDetectorsOutput, error)
	get  func(id string) (*guardduty.GetDetectorOutput, error)
}

var _ guarddutyAPI = (*fakeGuardDuty)(nil)

func (f *fakeGuardDuty) ListDetectors(_ context.Context, in *guardduty.ListDetectorsInput, _ ...func(*guardduty.Options)) (*guardduty.ListDetectorsOutput, error) {
	return f.list(in)
}

func (f *fakeGuardDuty) GetDetector(_ context.Context, in *guardduty.GetDetectorInput, _ ...func(*guardduty.Options)) (*guardduty.GetDetectorOutput, error) {
	return f.get(aws.ToString(in.DetectorId))
}

func TestReadGuardDuty(t *testing.T) {
	api := &fakeGuardDuty{
		list: func(in *guardduty.ListDetectorsInput) (*guardduty.ListDetectorsOutput, error) {
			i := aPageIndex(in.NextToken)
			return &guardduty.ListDetectorsOutput{DetectorIds: [][]string{{"det-on"}, {"det-off", "det-hidden"}}[i], NextToken: aNext(i, 2)}, nil
		},
		get: func(id string) (*guardduty.GetDetectorOutput, error) {
			switch id {
			case "det-on":
				return &guardduty.GetDetectorOutput{Status: types.DetectorStatusEnabled}, nil
			case "det-off":
				return &guardduty.GetDetectorOutput{Status: types.DetectorStatusDisabled}, nil
			}
			return nil, aErr(guardduty.ServiceID, "GetDetector", "AccessDeniedException")
		},
	}
	j := aJob(t, "eu-west-1", false)
	readGuardDuty(context.Background(), api, j)
	want := []checks.Detector{{ID: "det-on", Status: "ENABLED"}, {ID: "det-off", Status: "DISABLED"}, {ID: "det-hidden"}}
	if got := j.Facts.GuardDuty; !reflect.DeepEqual(got, want) {
		t.Errorf("detectors = %+v, want %+v", got, want)
	}
	wantGaps := []aGap{{"GuardDuty", "GetDetector", "guardduty:GetDetector", "eu-west-1", "guardduty/123456789012/eu-west-1", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps = %+v, want %+v", g, wantGaps)
	}
}

func TestReadGuardDuty_listDenied(t *testing.T) {
	api := &fakeGuardDuty{list: func(*guardduty.ListDetectorsInput) (*guardduty.ListDetectorsOutput, error) {
		return nil, aErr(guardduty.ServiceID, "ListDetectors", "AccessDeniedException")
	}}
	j := aJob(t, "eu-west-1", false)
	readGuardDuty(context.Background(), api, j)
	want := []aGap{{"GuardDuty", "ListDetectors", "guardduty:ListDetectors", "eu-west-1", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
	if j.Facts.GuardDuty != nil {
		t.Errorf("detectors = %+v", j.Facts.GuardDuty)
	}
}

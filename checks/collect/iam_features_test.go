package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/warroom/warroom/checks"
)

// TestReadRootCredentialsManaged_errors: the errors that mean "no
// organization, or the feature is not on" answer false without a gap; any
// other failure (throttling, a server error) is a gap, not a false fact.
func TestReadRootCredentialsManaged_errors(t *testing.T) {
	for _, code := range []string{
		"AWSOrganizationsNotInUseException", "OrganizationNotFoundException", "OrganizationNotInAllFeaturesModeException",
		"ServiceAccessNotEnabledException", "AccountNotManagementOrDelegatedAdministratorException",
	} {
		t.Run(code, func(t *testing.T) {
			j := aJob(t, "us-east-1", true)
			api := &fakeIAM{orgFeatures: func() (*iam.ListOrganizationsFeaturesOutput, error) {
				return nil, aErr(iam.ServiceID, "ListOrganizationsFeatures", code)
			}}
			if readRootCredentialsManaged(context.Background(), api, j) {
				t.Error("managed = true")
			}
			if gaps := aGaps(j); len(gaps) != 0 {
				t.Errorf("gaps = %+v, want none", gaps)
			}
		})
	}
	for code, gap := range map[string]string{
		"ThrottlingException": checks.GapThrottled,
		"ServiceFailure":      checks.GapError,
		"AccessDenied":        checks.GapAccessDenied,
	} {
		t.Run(code, func(t *testing.T) {
			j := aJob(t, "us-east-1", true)
			api := &fakeIAM{orgFeatures: func() (*iam.ListOrganizationsFeaturesOutput, error) {
				return nil, aErr(iam.ServiceID, "ListOrganizationsFeatures", code)
			}}
			if readRootCredentialsManaged(context.Background(), api, j) {
				t.Error("managed = true")
			}
			want := []aGap{{"IAM", "ListOrganizationsFeatures", "iam:ListOrganizationsFeatures", "", "", gap}}
			if gaps := aGaps(j); !reflect.DeepEqual(gaps, want) {
				t.Errorf("gaps = %+v, want %+v", gaps, want)
			}
		})
	}
}

package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/warroom/warroom/checks"
)

// fakeSSOAdmin is a hand-written ssoadminAPI.
type fakeSSOAdmin struct {
	list func(*ssoadmin.ListInstancesInput) (*ssoadmin.ListInstancesOutput, error)
}

var _ ssoadminAPI = (*fakeSSOAdmin)(nil)

func (f *fakeSSOAdmin) ListInstances(_ context.Context, in *ssoadmin.ListInstancesInput, _ ...func(*ssoadmin.Options)) (*ssoadmin.ListInstancesOutput, error) {
	return f.list(in)
}

func TestReadSSOInstances(t *testing.T) {
	t.Run("two pages", func(t *testing.T) {
		api := &fakeSSOAdmin{list: func(in *ssoadmin.ListInstancesInput) (*ssoadmin.ListInstancesOutput, error) {
			i := aPageIndex(in.NextToken)
			arn := []string{"arn:aws:sso:::instance/ssoins-1", "arn:aws:sso:::instance/ssoins-2"}[i]
			return &ssoadmin.ListInstancesOutput{Instances: []ssotypes.InstanceMetadata{{InstanceArn: aws.String(arn)}}, NextToken: aNext(i, 2)}, nil
		}}
		j := aJob(t, "us-east-1", true)
		readSSOInstances(context.Background(), api, j)
		want := []string{"arn:aws:sso:::instance/ssoins-1", "arn:aws:sso:::instance/ssoins-2"}
		if got := j.Account.Global.SSOInstances; !reflect.DeepEqual(got, want) {
			t.Errorf("instances = %v, want %v", got, want)
		}
	})
	t.Run("denied", func(t *testing.T) {
		api := &fakeSSOAdmin{list: func(*ssoadmin.ListInstancesInput) (*ssoadmin.ListInstancesOutput, error) {
			return nil, aErr(ssoadmin.ServiceID, "ListInstances", "AccessDeniedException")
		}}
		j := aJob(t, "us-east-1", true)
		readSSOInstances(context.Background(), api, j)
		want := []aGap{{"SSO Admin", "ListInstances", "sso:ListInstances", "", "", checks.GapAccessDenied}}
		if g := aGaps(j); !reflect.DeepEqual(g, want) {
			t.Errorf("gaps = %+v, want %+v", g, want)
		}
	})
}

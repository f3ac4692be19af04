package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/warroom/warroom/checks"
)

// fakeInspector is a hand-written inspector2API.
type fakeInspector struct {
	status func(*inspector2.BatchGetAccountStatusInput) (*inspector2.BatchGetAccountStatusOutput, error)
}

var _ inspector2API = (*fakeInspector)(nil)

func (f *fakeInspector) BatchGetAccountStatus(_ context.Context, in *inspector2.BatchGetAccountStatusInput, _ ...func(*inspector2.Options)) (*inspector2.BatchGetAccountStatusOutput, error) {
	return f.status(in)
}

func TestReadInspector(t *testing.T) {
	state := func(s types.Status) *types.State { return &types.State{Status: s} }
	tests := []struct {
		name     string
		out      *inspector2.BatchGetAccountStatusOutput
		err      error
		want     *checks.Inspector
		wantGaps []aGap
	}{
		{
			name: "own status",
			out: &inspector2.BatchGetAccountStatusOutput{Accounts: []types.AccountState{{
				AccountId: aws.String(aAccount), State: state(types.StatusEnabled),
				ResourceState: &types.ResourceState{Ec2: state(types.StatusEnabled), Ecr: state(types.StatusDisabled), Lambda: state(types.StatusEnabling)},
			}}},
			want:     &checks.Inspector{EC2: "ENABLED", ECR: "DISABLED", Lambda: "ENABLING"},
			wantGaps: []aGap{},
		},
		{
			name: "off everywhere",
			out: &inspector2.BatchGetAccountStatusOutput{Accounts: []types.AccountState{{
				AccountId: aws.String(aAccount), State: state(types.StatusDisabled),
				ResourceState: &types.ResourceState{Ec2: state(types.StatusDisabled), Ecr: state(types.StatusDisabled), Lambda: state(types.StatusDisabled)},
			}}},
			want:     &checks.Inspector{EC2: "DISABLED", ECR: "DISABLED", Lambda: "DISABLED"},
			wantGaps: []aGap{},
		},
		{
			name: "account refused in the batch",
			out: &inspector2.BatchGetAccountStatusOutput{FailedAccounts: []types.FailedAccount{{
				AccountId: aws.String(aAccount), ErrorCode: types.ErrorCodeAccessDenied, ErrorMessage: aws.String("no"),
			}}},
			wantGaps: []aGap{{"Inspector2", "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus", "eu-west-1", "", checks.GapAccessDenied}},
		},
		{
			name:     "call denied",
			err:      aErr(inspector2.ServiceID, "BatchGetAccountStatus", "AccessDeniedException"),
			wantGaps: []aGap{{"Inspector2", "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus", "eu-west-1", "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &fakeInspector{status: func(in *inspector2.BatchGetAccountStatusInput) (*inspector2.BatchGetAccountStatusOutput, error) {
				return tt.out, tt.err
			}}
			j := aJob(t, "eu-west-1", false)
			readInspector(context.Background(), api, j)
			if !reflect.DeepEqual(j.Facts.Inspector, tt.want) {
				t.Errorf("inspector = %+v, want %+v", j.Facts.Inspector, tt.want)
			}
			if g := aGaps(j); !reflect.DeepEqual(g, tt.wantGaps) {
				t.Errorf("gaps = %+v, want %+v", g, tt.wantGaps)
			}
		})
	}
}

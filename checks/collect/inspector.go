package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(inspector2.ServiceID,
		op{"BatchGetAccountStatus", "inspector2:BatchGetAccountStatus", "reads EC2, ECR and Lambda scan status for inspector.enabled"},
	)
	register(service{Name: "inspector2", ID: inspector2.ServiceID, Collect: func(ctx context.Context, j *job) {
		readInspector(ctx, inspector2.NewFromConfig(j.Cfg), j)
	}})
}

// inspector2API is the part of the Amazon Inspector client warroom calls: reads only.
type inspector2API interface {
	BatchGetAccountStatus(context.Context, *inspector2.BatchGetAccountStatusInput, ...func(*inspector2.Options)) (*inspector2.BatchGetAccountStatusOutput, error)
}

// readInspector fills the region's Inspector with the calling account's own
// scan status. Asking with no account ids returns the caller's status only.
func readInspector(ctx context.Context, api inspector2API, j *job) {
	out, err := api.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{})
	if err != nil {
		j.fail(err, "")
		return
	}
	for _, a := range out.Accounts {
		if id := aws.ToString(a.AccountId); id != "" && id != j.Account.ID {
			continue
		}
		ins := &checks.Inspector{}
		if rs := a.ResourceState; rs != nil {
			ins.EC2, ins.ECR, ins.Lambda = inspectorStatus(rs.Ec2), inspectorStatus(rs.Ecr), inspectorStatus(rs.Lambda)
		}
		j.Facts.Inspector = ins
		return
	}
	for _, f := range out.FailedAccounts {
		if id := aws.ToString(f.AccountId); id != "" && id != j.Account.ID {
			continue
		}
		j.fail(&smithy.OperationError{ServiceID: inspector2.ServiceID, OperationName: "BatchGetAccountStatus",
			Err: &smithy.GenericAPIError{Code: inspectorGapCode(f.ErrorCode), Message: aws.ToString(f.ErrorMessage)}}, "")
		return
	}
}

func inspectorStatus(s *types.State) string {
	if s == nil {
		return ""
	}
	return string(s.Status)
}

// inspectorGapCode turns Inspector's per-account error code into a gap code.
func inspectorGapCode(c types.ErrorCode) string {
	if c == types.ErrorCodeAccessDenied {
		return checks.GapAccessDenied
	}
	return string(c)
}

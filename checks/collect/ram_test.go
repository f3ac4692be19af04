package collect

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ram"
	ramtypes "github.com/aws/aws-sdk-go-v2/service/ram/types"

	"github.com/warroom/warroom/checks"
)

// fakeRAM serves canned RAM answers; a nil func answers an empty output.
type fakeRAM struct {
	calls  bCalls
	shares func(*ram.GetResourceSharesInput) (*ram.GetResourceSharesOutput, error)
}

var _ ramAPI = (*fakeRAM)(nil)

func (f *fakeRAM) GetResourceShares(_ context.Context, in *ram.GetResourceSharesInput, _ ...func(*ram.Options)) (*ram.GetResourceSharesOutput, error) {
	return bAnswer(&f.calls, f.shares, in, "GetResourceShares", string(in.ResourceOwner), aws.ToString(in.NextToken))
}

func Test_readRAM(t *testing.T) {
	const region = "ap-southeast-2"
	shareARN := func(id string) string { return "arn:aws:ram:" + region + ":" + bAccount + ":resource-share/" + id }
	share := func(id, name string, status ramtypes.ResourceShareStatus, external *bool) ramtypes.ResourceShare {
		return ramtypes.ResourceShare{Name: aws.String(name), ResourceShareArn: aws.String(shareARN(id)), Status: status,
			AllowExternalPrincipals: external, OwningAccountId: aws.String(bAccount)}
	}
	base := func() *fakeRAM {
		return &fakeRAM{shares: func(in *ram.GetResourceSharesInput) (*ram.GetResourceSharesOutput, error) {
			if in.ResourceOwner != ramtypes.ResourceOwnerSelf {
				return &ram.GetResourceSharesOutput{ResourceShares: []ramtypes.ResourceShare{share("other", "not-ours", ramtypes.ResourceShareStatusActive, aws.Bool(true))}}, nil
			}
			return bPage(in.NextToken,
				&ram.GetResourceSharesOutput{NextToken: aws.String("1"), ResourceShares: []ramtypes.ResourceShare{
					share("1", "partner-tgw", ramtypes.ResourceShareStatusActive, aws.Bool(true)),
					share("2", "gone", ramtypes.ResourceShareStatusDeleted, aws.Bool(true)),
				}},
				&ram.GetResourceSharesOutput{ResourceShares: []ramtypes.ResourceShare{
					share("3", "subnets", ramtypes.ResourceShareStatusActive, aws.Bool(false)),
					share("4", "pending", ramtypes.ResourceShareStatusPending, nil),
				}},
			), nil
		}}
	}
	tests := []struct {
		name   string
		change func(f *fakeRAM)
		want   []checks.ResourceShare
		gaps   []aGap
	}{
		{
			name: "own shares over two pages; deleted left out; unset external is false",
			want: []checks.ResourceShare{
				{Name: "partner-tgw", ARN: shareARN("1"), Status: "ACTIVE", AllowExternalPrincipals: true},
				{Name: "subnets", ARN: shareARN("3"), Status: "ACTIVE"},
				{Name: "pending", ARN: shareARN("4"), Status: "PENDING"},
			},
		},
		{
			name: "no shares",
			change: func(f *fakeRAM) {
				f.shares = nil
			},
		},
		{
			name: "second page throttled: gap for the region, nothing kept",
			change: func(f *fakeRAM) {
				ok := f.shares
				f.shares = func(in *ram.GetResourceSharesInput) (*ram.GetResourceSharesOutput, error) {
					if aws.ToString(in.NextToken) == "1" {
						return nil, aErr(ram.ServiceID, "GetResourceShares", "ThrottlingException")
					}
					return ok(in)
				}
			},
			gaps: []aGap{{"RAM", "GetResourceShares", "ram:GetResourceShares", region, "", checks.GapThrottled}},
		},
		{
			name: "listing denied: gap for the region",
			change: func(f *fakeRAM) {
				f.shares = func(*ram.GetResourceSharesInput) (*ram.GetResourceSharesOutput, error) {
					return nil, aErr(ram.ServiceID, "GetResourceShares", "AccessDeniedException")
				}
			},
			gaps: []aGap{{"RAM", "GetResourceShares", "ram:GetResourceShares", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readRAM(context.Background(), f, j)
			bWant(t, "ResourceShares", j.Facts.ResourceShares, tt.want)
			bWantGaps(t, j, tt.gaps)
			for _, c := range f.calls.sorted() {
				if !strings.HasPrefix(c, "GetResourceShares SELF") {
					t.Errorf("call %q does not ask for the account's own shares", c)
				}
			}
		})
	}
}

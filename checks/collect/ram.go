package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ram"
	ramtypes "github.com/aws/aws-sdk-go-v2/service/ram/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(ram.ServiceID,
		op{"GetResourceShares", "ram:GetResourceShares", "lists the account's resource shares and whether they allow external principals for ram.external-shares"},
	)
	register(service{Name: "ram", ID: ram.ServiceID, Collect: func(ctx context.Context, j *job) {
		readRAM(ctx, ram.NewFromConfig(j.Cfg), j)
	}})
}

// ramAPI is the part of the RAM client warroom calls: reads only.
type ramAPI interface {
	ram.GetResourceSharesAPIClient
}

// readRAM fills j.Facts.ResourceShares with the shares the account owns,
// leaving out deleted ones. A listing that fails part way keeps nothing.
func readRAM(ctx context.Context, api ramAPI, j *job) {
	var shares []checks.ResourceShare
	p := ram.NewGetResourceSharesPaginator(api, &ram.GetResourceSharesInput{ResourceOwner: ramtypes.ResourceOwnerSelf})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *ram.GetResourceSharesOutput) {
		for _, s := range page.ResourceShares {
			if s.Status == ramtypes.ResourceShareStatusDeleted {
				continue
			}
			shares = append(shares, checks.ResourceShare{
				Name:                    aws.ToString(s.Name),
				ARN:                     aws.ToString(s.ResourceShareArn),
				Status:                  string(s.Status),
				AllowExternalPrincipals: aws.ToBool(s.AllowExternalPrincipals),
			})
		}
	}) {
		return
	}
	j.Facts.ResourceShares = shares
}

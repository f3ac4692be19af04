package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	wafv2types "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(wafv2.ServiceID,
		op{"ListWebACLs", "wafv2:ListWebACLs", "lists the region's web ACLs for wafv2.edge-protection"},
		op{"ListResourcesForWebACL", "wafv2:ListResourcesForWebACL", "reads which application load balancers each web ACL protects for wafv2.edge-protection"},
	)
	register(service{Name: "wafv2", ID: wafv2.ServiceID, Collect: func(ctx context.Context, j *job) {
		readWAFv2(ctx, wafv2.NewFromConfig(j.Cfg), j)
	}})
}

// wafv2API is the part of the AWS WAF (v2) client warroom calls: reads only.
type wafv2API interface {
	ListWebACLs(ctx context.Context, in *wafv2.ListWebACLsInput, optFns ...func(*wafv2.Options)) (*wafv2.ListWebACLsOutput, error)
	ListResourcesForWebACL(ctx context.Context, in *wafv2.ListResourcesForWebACLInput, optFns ...func(*wafv2.Options)) (*wafv2.ListResourcesForWebACLOutput, error)
}

// wafv2PageLimit is the most web ACLs one ListWebACLs page may hold.
const wafv2PageLimit = 100

// readWAFv2 fills j.Facts.WebACLs with the region's web ACLs of REGIONAL
// scope and the application load balancers associated with each. Only
// regional resources are read: CloudFront distributions (CLOUDFRONT scope,
// us-east-1) and API Gateway stages are out of scope for now. A listing that
// fails part way keeps nothing; a web ACL whose resources could not be read
// is kept without them, and a gap names it.
func readWAFv2(ctx context.Context, api wafv2API, j *job) {
	var acls []checks.WebACL
	// The SDK has no paginator for ListWebACLs: page by NextMarker by hand,
	// stopping on a missing, repeated or empty-page marker so that a service
	// that keeps returning one cannot loop forever.
	var marker *string
	for {
		page, err := api.ListWebACLs(ctx, &wafv2.ListWebACLsInput{
			Scope: wafv2types.ScopeRegional, Limit: aws.Int32(wafv2PageLimit), NextMarker: marker,
		})
		if err != nil {
			j.fail(err, "")
			return
		}
		for _, a := range page.WebACLs {
			acls = append(acls, checks.WebACL{Name: aws.ToString(a.Name), ARN: aws.ToString(a.ARN)})
		}
		next := aws.ToString(page.NextMarker)
		if next == "" || next == aws.ToString(marker) || len(page.WebACLs) == 0 {
			break
		}
		marker = aws.String(next)
	}
	forEach(len(acls), func(i int) { readWebACLResources(ctx, api, j, &acls[i]) })
	j.Facts.WebACLs = acls
}

// readWebACLResources lists the application load balancers associated with
// one web ACL; on failure the ACL keeps no resources and a gap names it. A web
// ACL deleted since it was listed protects nothing, which is no gap.
func readWebACLResources(ctx context.Context, api wafv2API, j *job, acl *checks.WebACL) {
	out, err := api.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{
		WebACLArn: aws.String(acl.ARN), ResourceType: wafv2types.ResourceTypeApplicationLoadBalancer,
	})
	if err != nil {
		if !hasCode(err, "WAFNonexistentItemException") {
			j.fail(err, acl.ARN)
		}
		return
	}
	if len(out.ResourceArns) > 0 {
		acl.Resources = append([]string(nil), out.ResourceArns...)
	}
}

package collect

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	wafv2types "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/warroom/warroom/checks"
)

// fakeWAFv2 serves canned AWS WAF answers; a nil func answers an empty output.
type fakeWAFv2 struct {
	calls     bCalls
	acls      func(*wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error)
	resources func(*wafv2.ListResourcesForWebACLInput) (*wafv2.ListResourcesForWebACLOutput, error)
}

var _ wafv2API = (*fakeWAFv2)(nil)

func (f *fakeWAFv2) ListWebACLs(_ context.Context, in *wafv2.ListWebACLsInput, _ ...func(*wafv2.Options)) (*wafv2.ListWebACLsOutput, error) {
	return bAnswer(&f.calls, f.acls, in, "ListWebACLs", string(in.Scope), aws.ToString(in.NextMarker))
}

func (f *fakeWAFv2) ListResourcesForWebACL(_ context.Context, in *wafv2.ListResourcesForWebACLInput, _ ...func(*wafv2.Options)) (*wafv2.ListResourcesForWebACLOutput, error) {
	return bAnswer(&f.calls, f.resources, in, "ListResourcesForWebACL", string(in.ResourceType), aws.ToString(in.WebACLArn))
}

func Test_readWAFv2(t *testing.T) {
	const region = "eu-central-1"
	aclARN := func(name string) string {
		return "arn:aws:wafv2:" + region + ":" + bAccount + ":regional/webacl/" + name + "/0000-" + name
	}
	albARN := func(name string) string {
		return "arn:aws:elasticloadbalancing:" + region + ":" + bAccount + ":loadbalancer/app/" + name + "/50dc6c495c0c9188"
	}
	summary := func(name string) wafv2types.WebACLSummary {
		return wafv2types.WebACLSummary{Name: aws.String(name), ARN: aws.String(aclARN(name)), Id: aws.String("0000-" + name)}
	}
	base := func() *fakeWAFv2 {
		return &fakeWAFv2{
			acls: func(in *wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error) {
				if in.Scope != wafv2types.ScopeRegional {
					return &wafv2.ListWebACLsOutput{WebACLs: []wafv2types.WebACLSummary{summary("cloudfront-only")}}, nil
				}
				return bPage(in.NextMarker,
					&wafv2.ListWebACLsOutput{NextMarker: aws.String("1"), WebACLs: []wafv2types.WebACLSummary{summary("shop"), summary("unused")}},
					&wafv2.ListWebACLsOutput{WebACLs: []wafv2types.WebACLSummary{summary("api")}},
				), nil
			},
			resources: func(in *wafv2.ListResourcesForWebACLInput) (*wafv2.ListResourcesForWebACLOutput, error) {
				switch aws.ToString(in.WebACLArn) {
				case aclARN("shop"):
					return &wafv2.ListResourcesForWebACLOutput{ResourceArns: []string{albARN("shop-a"), albARN("shop-b")}}, nil
				case aclARN("api"):
					return &wafv2.ListResourcesForWebACLOutput{ResourceArns: []string{albARN("api")}}, nil
				}
				return &wafv2.ListResourcesForWebACLOutput{}, nil
			},
		}
	}
	failFor := func(name, code string) func(f *fakeWAFv2) {
		return func(f *fakeWAFv2) {
			ok := f.resources
			f.resources = func(in *wafv2.ListResourcesForWebACLInput) (*wafv2.ListResourcesForWebACLOutput, error) {
				if aws.ToString(in.WebACLArn) == aclARN(name) {
					return nil, aErr(wafv2.ServiceID, "ListResourcesForWebACL", code)
				}
				return ok(in)
			}
		}
	}
	all := []checks.WebACL{
		{Name: "shop", ARN: aclARN("shop"), Resources: []string{albARN("shop-a"), albARN("shop-b")}},
		{Name: "unused", ARN: aclARN("unused")},
		{Name: "api", ARN: aclARN("api"), Resources: []string{albARN("api")}},
	}
	tests := []struct {
		name   string
		change func(f *fakeWAFv2)
		want   []checks.WebACL
		gaps   []aGap
	}{
		{
			name: "regional web ACLs over two pages with their load balancers",
			want: all,
		},
		{
			name: "no web ACLs",
			change: func(f *fakeWAFv2) {
				f.acls = nil
			},
		},
		{
			name:   "one ACL's resources denied: it is kept without them, gap names it",
			change: failFor("shop", "AccessDeniedException"),
			want: []checks.WebACL{
				{Name: "shop", ARN: aclARN("shop")},
				all[1], all[2],
			},
			gaps: []aGap{{"WAFV2", "ListResourcesForWebACL", "wafv2:ListResourcesForWebACL", region, aclARN("shop"), checks.GapAccessDenied}},
		},
		{
			name:   "an ACL deleted since the listing protects nothing, no gap",
			change: failFor("api", "WAFNonexistentItemException"),
			want:   []checks.WebACL{all[0], all[1], {Name: "api", ARN: aclARN("api")}},
		},
		{
			name: "second page throttled: gap for the region, nothing kept",
			change: func(f *fakeWAFv2) {
				ok := f.acls
				f.acls = func(in *wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error) {
					if aws.ToString(in.NextMarker) == "1" {
						return nil, aErr(wafv2.ServiceID, "ListWebACLs", "ThrottlingException")
					}
					return ok(in)
				}
			},
			gaps: []aGap{{"WAFV2", "ListWebACLs", "wafv2:ListWebACLs", region, "", checks.GapThrottled}},
		},
		{
			name: "listing denied: gap for the region",
			change: func(f *fakeWAFv2) {
				f.acls = func(*wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error) {
					return nil, aErr(wafv2.ServiceID, "ListWebACLs", "AccessDeniedException")
				}
			},
			gaps: []aGap{{"WAFV2", "ListWebACLs", "wafv2:ListWebACLs", region, "", checks.GapAccessDenied}},
		},
		{
			name: "a marker that repeats does not loop",
			change: func(f *fakeWAFv2) {
				f.acls = func(in *wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error) {
					if in.NextMarker == nil {
						return &wafv2.ListWebACLsOutput{NextMarker: aws.String("same"), WebACLs: []wafv2types.WebACLSummary{summary("unused")}}, nil
					}
					return &wafv2.ListWebACLsOutput{NextMarker: aws.String("same"), WebACLs: []wafv2types.WebACLSummary{summary("api")}}, nil
				}
			},
			want: []checks.WebACL{all[1], all[2]},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readWAFv2(context.Background(), f, j)
			bWant(t, "WebACLs", j.Facts.WebACLs, tt.want)
			bWantGaps(t, j, tt.gaps)
			for _, c := range f.calls.sorted() {
				if !strings.HasPrefix(c, "ListWebACLs REGIONAL") && !strings.HasPrefix(c, "ListResourcesForWebACL APPLICATION_LOAD_BALANCER") {
					t.Errorf("call %q is not a regional web ACL read of application load balancers", c)
				}
			}
			if n := f.calls.count("ListWebACLs"); n > 2 {
				t.Errorf("ListWebACLs called %d times, want at most 2", n)
			}
		})
	}
}

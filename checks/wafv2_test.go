package checks

import (
	"slices"
	"strings"
	"testing"
)

func Test_wafv2EdgeProtection(t *testing.T) {
	const (
		region = "eu-west-1"
		acct   = "111111111111"
	)
	lbARN := func(kind, name string) string {
		return "arn:aws:elasticloadbalancing:" + region + ":" + acct + ":loadbalancer/" + kind + "/" + name + "/0123456789abcdef"
	}
	aclARN := func(name string) string {
		return "arn:aws:wafv2:" + region + ":" + acct + ":regional/webacl/" + name + "/id-" + name
	}
	public := LoadBalancer{Name: "public", ARN: lbARN("app", "public"), Type: "application", Scheme: "internet-facing"}
	internal := LoadBalancer{Name: "internal", ARN: lbARN("app", "internal"), Type: "application", Scheme: "internal"}
	nlb := LoadBalancer{Name: "nlb", ARN: lbARN("net", "nlb"), Type: "network", Scheme: "internet-facing"}
	acl := func(name string, res ...string) WebACL { return WebACL{Name: name, ARN: aclARN(name), Resources: res} }
	denied := func(name, action string) Gap {
		return Gap{Service: "WAFV2", Operation: "ListResourcesForWebACL", Action: action, Region: region, Resource: aclARN(name), Code: GapAccessDenied}
	}
	tests := []struct {
		name    string
		lbs     []LoadBalancer
		acls    []WebACL
		gaps    []Gap
		want    Status // for public
		msg     string
		actions []string
	}{
		{name: "associated with a web ACL", lbs: []LoadBalancer{public}, acls: []WebACL{acl("other", lbARN("app", "x")), acl("edge", public.ARN)},
			want: Pass, msg: "web ACL edge"},
		{name: "no web ACL in the region", lbs: []LoadBalancer{public}, want: Fail, msg: "has no AWS WAF web ACL"},
		{name: "web ACLs protect other ALBs only", lbs: []LoadBalancer{public}, acls: []WebACL{acl("edge", internal.ARN), acl("empty")},
			want: Fail, msg: "has no AWS WAF web ACL"},
		{name: "one web ACL unread: unknown, not fail", lbs: []LoadBalancer{public}, acls: []WebACL{acl("edge"), acl("legacy")},
			gaps: []Gap{denied("legacy", actListWebACLResources)}, want: Unknown, msg: "legacy could not be read", actions: []string{actListWebACLResources}},
		{name: "unread web ACL does not hide a protecting one", lbs: []LoadBalancer{public}, acls: []WebACL{acl("edge", public.ARN), acl("legacy")},
			gaps: []Gap{denied("legacy", actListWebACLResources)}, want: Pass, msg: "web ACL edge"},
		{name: "throttled web ACL read: unknown without actions to grant", lbs: []LoadBalancer{public}, acls: []WebACL{acl("legacy")},
			gaps: []Gap{{Service: "WAFV2", Operation: "ListResourcesForWebACL", Action: actListWebACLResources, Region: region, Resource: aclARN("legacy"), Code: GapThrottled}},
			want: Unknown, msg: "could not be read"},
		{name: "a gap on another action of the ACL does not count", lbs: []LoadBalancer{public}, acls: []WebACL{acl("legacy")},
			gaps: []Gap{denied("legacy", "wafv2:GetWebACL")}, want: Fail, msg: "has no AWS WAF web ACL"},
		{name: "a gap in another region does not count", lbs: []LoadBalancer{public}, acls: []WebACL{acl("legacy")},
			gaps: []Gap{func() Gap { g := denied("legacy", actListWebACLResources); g.Region = "us-east-1"; return g }()}, want: Fail, msg: "has no AWS WAF web ACL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lbs := append([]LoadBalancer{internal, nlb}, tt.lbs...)
			a := &Account{ID: acct, HomeRegion: "us-east-1", Gaps: tt.gaps, Regions: []Region{{Name: region, LoadBalancers: lbs, WebACLs: tt.acls}}}
			rs := wafv2EdgeProtection(View{Account: a, Region: &a.Regions[0], Now: testNow})
			if len(rs) != 1 || rs[0].Resource != public.ARN || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s for %s (internal and network load balancers skipped)", rs, tt.want, public.ARN)
			}
			if !strings.Contains(rs[0].Message, tt.msg) || !strings.Contains(rs[0].Message, "public") {
				t.Errorf("message %q does not name the ALB and say %q", rs[0].Message, tt.msg)
			}
			if !slices.Equal(rs[0].Actions, tt.actions) {
				t.Errorf("actions = %v, want %v", rs[0].Actions, tt.actions)
			}
			if tt.want == Pass && rs[0].Evidence["web_acl"] != "edge" {
				t.Errorf("evidence = %v, want web_acl edge", rs[0].Evidence)
			}
		})
	}

	t.Run("no internet-facing ALB: nothing to judge", func(t *testing.T) {
		if rs := judgeRegion(wafv2EdgeProtection, Region{Name: region, LoadBalancers: []LoadBalancer{internal, nlb}, WebACLs: []WebACL{acl("edge")}}); len(rs) != 0 {
			t.Errorf("results = %+v, want none", rs)
		}
	})

	t.Run("load balancer listing denied: the region is unknown", func(t *testing.T) {
		a := &Account{ID: acct, HomeRegion: "us-east-1",
			Gaps:    []Gap{{Service: "ElasticLoadBalancingV2", Operation: "DescribeLoadBalancers", Action: actDescribeLBs, Region: region, Code: GapAccessDenied}},
			Regions: []Region{{Name: region, WebACLs: []WebACL{acl("edge")}}}}
		rs := wafv2EdgeProtection(View{Account: a, Region: &a.Regions[0], Now: testNow})
		want := "elbv2/" + acct + "/" + region
		if len(rs) != 1 || rs[0].Status != Unknown || rs[0].Resource != want || !slices.Equal(rs[0].Actions, []string{actDescribeLBs}) {
			t.Fatalf("results = %+v, want one unknown for %s asking for %s", rs, want, actDescribeLBs)
		}
	})

	t.Run("through Evaluate, the unread web ACL itself is reported unknown", func(t *testing.T) {
		inv := &Inventory{Version: InventoryVersion, Accounts: []Account{{ID: acct, HomeRegion: "us-east-1",
			Gaps:    []Gap{denied("legacy", actListWebACLResources)},
			Regions: []Region{{Name: region, LoadBalancers: []LoadBalancer{public}, WebACLs: []WebACL{acl("legacy")}}}}}}
		var c Check
		for _, x := range All() {
			if x.ID == "wafv2.edge-protection" {
				c = x
			}
		}
		got := map[string]Status{}
		for _, f := range Evaluate(inv, []Check{c}, "run", testNow) {
			got[f.Resource] = f.Status
		}
		if got[public.ARN] != Unknown || got[aclARN("legacy")] != Unknown || len(got) != 2 {
			t.Errorf("findings = %v, want the ALB and the web ACL unknown", got)
		}
	})
}

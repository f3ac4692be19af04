package collect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/warroom/warroom/checks"
)

// fakeELBv2 serves canned load balancer answers; nil funcs answer empty outputs.
type fakeELBv2 struct {
	calls         bCalls
	loadBalancers func(*elbv2.DescribeLoadBalancersInput) (*elbv2.DescribeLoadBalancersOutput, error)
	listeners     func(*elbv2.DescribeListenersInput) (*elbv2.DescribeListenersOutput, error)
}

var _ elbv2API = (*fakeELBv2)(nil)

func (f *fakeELBv2) DescribeLoadBalancers(_ context.Context, in *elbv2.DescribeLoadBalancersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	return bAnswer(&f.calls, f.loadBalancers, in, "DescribeLoadBalancers", aws.ToString(in.Marker))
}

func (f *fakeELBv2) DescribeListeners(_ context.Context, in *elbv2.DescribeListenersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return bAnswer(&f.calls, f.listeners, in, "DescribeListeners", aws.ToString(in.LoadBalancerArn), aws.ToString(in.Marker))
}

func Test_readELBv2(t *testing.T) {
	const region = "ap-southeast-2"
	lbARN := func(name string) string {
		return "arn:aws:elasticloadbalancing:" + region + ":" + bAccount + ":loadbalancer/app/" + name + "/1"
	}
	redirect := func(protocol string) []elbv2types.Action {
		return []elbv2types.Action{{Type: elbv2types.ActionTypeEnumRedirect, RedirectConfig: &elbv2types.RedirectActionConfig{Protocol: aws.String(protocol)}}}
	}
	base := func() *fakeELBv2 {
		return &fakeELBv2{
			loadBalancers: func(in *elbv2.DescribeLoadBalancersInput) (*elbv2.DescribeLoadBalancersOutput, error) {
				return bPage(in.Marker,
					&elbv2.DescribeLoadBalancersOutput{NextMarker: aws.String("1"), LoadBalancers: []elbv2types.LoadBalancer{
						{LoadBalancerName: aws.String("web"), LoadBalancerArn: aws.String(lbARN("web")), Type: "application", Scheme: "internet-facing"},
					}},
					&elbv2.DescribeLoadBalancersOutput{LoadBalancers: []elbv2types.LoadBalancer{
						{LoadBalancerName: aws.String("int"), LoadBalancerArn: aws.String(lbARN("int")), Type: "network", Scheme: "internal"},
					}},
				), nil
			},
			listeners: func(in *elbv2.DescribeListenersInput) (*elbv2.DescribeListenersOutput, error) {
				if aws.ToString(in.LoadBalancerArn) == lbARN("int") {
					return &elbv2.DescribeListenersOutput{Listeners: []elbv2types.Listener{
						{ListenerArn: aws.String("l-tcp"), Port: aws.Int32(5432), Protocol: "TCP"},
					}}, nil
				}
				return bPage(in.Marker,
					&elbv2.DescribeListenersOutput{NextMarker: aws.String("1"), Listeners: []elbv2types.Listener{
						{ListenerArn: aws.String("l-80"), Port: aws.Int32(80), Protocol: "HTTP", DefaultActions: redirect("HTTPS")},
						{ListenerArn: aws.String("l-8080"), Port: aws.Int32(8080), Protocol: "HTTP", DefaultActions: redirect("#{protocol}")},
					}},
					&elbv2.DescribeListenersOutput{Listeners: []elbv2types.Listener{
						{ListenerArn: aws.String("l-443"), Port: aws.Int32(443), Protocol: "HTTPS", SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
							DefaultActions: []elbv2types.Action{{Type: elbv2types.ActionTypeEnumForward}}},
					}},
				), nil
			},
		}
	}
	web := checks.LoadBalancer{Name: "web", ARN: lbARN("web"), Type: "application", Scheme: "internet-facing", Listeners: []checks.Listener{
		{ARN: "l-80", Port: 80, Protocol: "HTTP", RedirectsToHTTPS: true},
		{ARN: "l-8080", Port: 8080, Protocol: "HTTP"},
		{ARN: "l-443", Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"},
	}}
	internal := checks.LoadBalancer{Name: "int", ARN: lbARN("int"), Type: "network", Scheme: "internal", Listeners: []checks.Listener{
		{ARN: "l-tcp", Port: 5432, Protocol: "TCP"},
	}}
	tests := []struct {
		name   string
		change func(f *fakeELBv2)
		want   []checks.LoadBalancer
		gaps   []aGap
	}{
		{name: "pages of load balancers and listeners; redirect to HTTPS recognised", want: []checks.LoadBalancer{web, internal}},
		{
			name: "listeners denied for one load balancer: kept without listeners, gap for its ARN",
			change: func(f *fakeELBv2) {
				ok := f.listeners
				f.listeners = func(in *elbv2.DescribeListenersInput) (*elbv2.DescribeListenersOutput, error) {
					if aws.ToString(in.LoadBalancerArn) == lbARN("int") {
						return nil, aErr(elbv2.ServiceID, "DescribeListeners", "AccessDenied")
					}
					return ok(in)
				}
			},
			want: func() []checks.LoadBalancer {
				i := internal
				i.Listeners = nil
				return []checks.LoadBalancer{web, i}
			}(),
			gaps: []aGap{{"Elastic Load Balancing v2", "DescribeListeners", "elasticloadbalancing:DescribeListeners", region, lbARN("int"), checks.GapAccessDenied}},
		},
		{
			name: "load balancer list denied",
			change: func(f *fakeELBv2) {
				f.loadBalancers = func(*elbv2.DescribeLoadBalancersInput) (*elbv2.DescribeLoadBalancersOutput, error) {
					return nil, aErr(elbv2.ServiceID, "DescribeLoadBalancers", "AccessDenied")
				}
			},
			gaps: []aGap{{"Elastic Load Balancing v2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readELBv2(context.Background(), f, j)
			bWant(t, "LoadBalancers", j.Facts.LoadBalancers, tt.want)
			bWantGaps(t, j, tt.gaps)
		})
	}
}

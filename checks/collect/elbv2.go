package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(elbv2.ServiceID,
		op{"DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers", "lists load balancers for elbv2.tls-listeners"},
		op{"DescribeListeners", "elasticloadbalancing:DescribeListeners", "reads listener protocols and TLS policies for elbv2.tls-listeners"},
	)
	register(service{Name: "elbv2", ID: elbv2.ServiceID, Collect: func(ctx context.Context, j *job) {
		readELBv2(ctx, elbv2.NewFromConfig(j.Cfg), j)
	}})
}

// elbv2API is the part of the Elastic Load Balancing v2 client warroom
// calls: reads only.
type elbv2API interface {
	elbv2.DescribeLoadBalancersAPIClient
	elbv2.DescribeListenersAPIClient
}

// readELBv2 fills j.Facts.LoadBalancers with each load balancer's listeners.
func readELBv2(ctx context.Context, api elbv2API, j *job) {
	var list []checks.LoadBalancer
	p := elbv2.NewDescribeLoadBalancersPaginator(api, &elbv2.DescribeLoadBalancersInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *elbv2.DescribeLoadBalancersOutput) {
		for _, lb := range page.LoadBalancers {
			list = append(list, checks.LoadBalancer{
				Name:   aws.ToString(lb.LoadBalancerName),
				ARN:    aws.ToString(lb.LoadBalancerArn),
				Type:   string(lb.Type),
				Scheme: string(lb.Scheme),
			})
		}
	})
	forEach(len(list), func(i int) { readListeners(ctx, api, j, &list[i]) })
	j.Facts.LoadBalancers = list
}

// readListeners lists one load balancer's listeners; on failure the load
// balancer keeps the listeners read so far and a gap names it.
func readListeners(ctx context.Context, api elbv2API, j *job, lb *checks.LoadBalancer) {
	p := elbv2.NewDescribeListenersPaginator(api, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN)})
	eachPage(ctx, j, lb.ARN, p.HasMorePages, p.NextPage, func(page *elbv2.DescribeListenersOutput) {
		for _, l := range page.Listeners {
			lb.Listeners = append(lb.Listeners, checks.Listener{
				ARN:              aws.ToString(l.ListenerArn),
				Port:             aws.ToInt32(l.Port),
				Protocol:         string(l.Protocol),
				SSLPolicy:        aws.ToString(l.SslPolicy),
				RedirectsToHTTPS: redirectsToHTTPS(l.DefaultActions),
			})
		}
	})
}

// redirectsToHTTPS reports whether a default action redirects to HTTPS.
func redirectsToHTTPS(actions []elbv2types.Action) bool {
	for _, a := range actions {
		if a.Type == elbv2types.ActionTypeEnumRedirect && a.RedirectConfig != nil &&
			strings.EqualFold(aws.ToString(a.RedirectConfig.Protocol), "HTTPS") {
			return true
		}
	}
	return false
}

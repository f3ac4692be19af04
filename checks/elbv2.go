package checks

import (
	"strconv"
	"strings"
)

func init() {
	register(Check{
		ID: "elbv2.tls-listeners", Title: "Load balancer listeners use TLS 1.2 or later", Service: "elbv2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC09-BP02"},
		Needs:       []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners"},
		Risk:        "Plain HTTP, or a TLS policy that still offers TLS 1.0 and 1.1, lets traffic to the workload be read or altered on the way.",
		Remediation: "Serve HTTPS/TLS listeners with a policy whose minimum is TLS 1.2 (for example ELBSecurityPolicy-TLS13-1-2-2021-06), and turn HTTP listeners into redirects to HTTPS.",
		SecurityHub: []string{"ELB.1", "ELB.17", "ELB.18"},
		Eval:        elbv2TLSListeners,
	})
}

// tlsCurrentMarkers are the name parts of the ELB predefined security
// policies whose minimum protocol is TLS 1.2 or 1.3: ELBSecurityPolicy-TLS13-1-2-*,
// -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-* and their FIPS variants. Every other
// policy (ELBSecurityPolicy-2016-08, -TLS-1-0-2015-04, -2015-05, -TLS-1-1-*,
// -FS-2018-06, -TLS13-1-0-*, -TLS13-1-1-*, custom or unknown names) still
// offers TLS 1.0 or 1.1, or cannot be vouched for, and fails.
var tlsCurrentMarkers = []string{"TLS13-1-2", "TLS13-1-3", "TLS-1-2", "FS-1-2"}

// tlsPolicyCurrent reports whether an ELB SSL policy's minimum is TLS 1.2.
func tlsPolicyCurrent(policy string) bool {
	for _, m := range tlsCurrentMarkers {
		if strings.Contains(policy, m) {
			return true
		}
	}
	return false
}

func elbv2TLSListeners(v View) []Result {
	var out []Result
	for _, lb := range v.Region.LoadBalancers {
		for _, l := range lb.Listeners {
			ev := map[string]any{"load_balancer": lb.Name, "type": lb.Type, "scheme": lb.Scheme, "port": l.Port, "protocol": l.Protocol}
			name := "Listener " + l.Protocol + ":" + strconv.Itoa(int(l.Port)) + " of " + lb.Name
			switch strings.ToUpper(l.Protocol) {
			case "HTTPS", "TLS":
				ev["ssl_policy"] = l.SSLPolicy
				out = append(out, passIf(tlsPolicyCurrent(l.SSLPolicy), l.ARN, ev,
					name+" uses TLS policy "+l.SSLPolicy+" (TLS 1.2 or later).",
					name+" uses TLS policy "+orDash(l.SSLPolicy)+", which allows protocols older than TLS 1.2."))
			case "HTTP":
				ev["redirects_to_https"] = l.RedirectsToHTTPS
				out = append(out, passIf(l.RedirectsToHTTPS, l.ARN, ev, name+" only redirects to HTTPS.", name+" serves plain HTTP without redirecting to HTTPS."))
			default:
				// TCP, UDP, TCP_UDP and GENEVE listeners on network and
				// gateway load balancers pass traffic through unchanged;
				// whether it is encrypted is up to the targets, so they are
				// not judged here.
			}
		}
	}
	return out
}

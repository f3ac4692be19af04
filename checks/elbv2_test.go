package checks

import "testing"

func Test_elbv2TLSListeners(t *testing.T) {
	tests := []struct {
		name     string
		listener Listener
		want     Status
	}{
		{"TLS 1.3 policy", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"}, Pass},
		{"TLS 1.3 only", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06"}, Pass},
		{"TLS 1.2 policy", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"}, Pass},
		{"forward-secrecy TLS 1.2 on NLB", Listener{Protocol: "TLS", SSLPolicy: "ELBSecurityPolicy-FS-1-2-Res-2020-10"}, Pass},
		{"FIPS TLS 1.2", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"}, Pass},
		{"old default", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-2016-08"}, Fail},
		{"TLS 1.0 policy", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04"}, Fail},
		{"2015 policy", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-2015-05"}, Fail},
		{"TLS13 name but allows 1.0", Listener{Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06"}, Fail},
		{"TLS 1.1 policy", Listener{Protocol: "TLS", SSLPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01"}, Fail},
		{"HTTP redirect", Listener{Protocol: "HTTP", RedirectsToHTTPS: true}, Pass},
		{"plain HTTP", Listener{Protocol: "HTTP"}, Fail},
		{"TCP pass-through is not judged", Listener{Protocol: "TCP"}, ""},
		{"GENEVE is not judged", Listener{Protocol: "GENEVE"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.listener
			l.ARN, l.Port = "arn:l", 443
			rs := judgeRegion(elbv2TLSListeners, Region{LoadBalancers: []LoadBalancer{{Name: "lb", ARN: "arn:lb", Listeners: []Listener{l}}}})
			if got := statusOf(t, rs, "arn:l"); got != tt.want {
				t.Errorf("status = %q, want %q (%+v)", got, tt.want, rs)
			}
		})
	}
}

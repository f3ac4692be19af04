package checks

import (
	"testing"
	"time"
)

func Test_acmExpiring(t *testing.T) {
	in := func(d time.Duration) *time.Time { x := testNow.Add(d); return &x }
	const day = 24 * time.Hour
	tests := []struct {
		name string
		cert Certificate
		want Status
	}{
		{"expires in exactly 30 days", Certificate{Status: "ISSUED", InUse: true, NotAfter: in(30 * day)}, Fail},
		{"expires one second after 30 days", Certificate{Status: "ISSUED", InUse: true, NotAfter: in(30*day + time.Second)}, Pass},
		{"expires tomorrow", Certificate{Status: "ISSUED", InUse: true, NotAfter: in(day)}, Fail},
		{"issued but already past its end", Certificate{Status: "ISSUED", InUse: true, NotAfter: in(-day)}, Fail},
		{"expired and in use", Certificate{Status: "EXPIRED", InUse: true, NotAfter: in(-day)}, Fail},
		{"failed and in use", Certificate{Status: "FAILED", InUse: true}, Fail},
		{"revoked and in use", Certificate{Status: "REVOKED", InUse: true, NotAfter: in(100 * day)}, Fail},
		{"expiring but unused", Certificate{Status: "ISSUED", NotAfter: in(day)}, Pass},
		{"expired and unused", Certificate{Status: "EXPIRED", NotAfter: in(-day)}, Pass},
		{"pending validation, unused", Certificate{Status: "PENDING_VALIDATION"}, Pass},
		{"long valid", Certificate{Status: "ISSUED", InUse: true, NotAfter: in(300 * day)}, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.cert
			c.ARN, c.Domain = "arn:c", "example.com"
			rs := judgeRegion(acmExpiring, Region{Certificates: []Certificate{c}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Errorf("results = %+v, want one %s", rs, tt.want)
			}
		})
	}
}

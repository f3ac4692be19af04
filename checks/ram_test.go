package checks

import (
	"strings"
	"testing"
)

func Test_ramExternalShares(t *testing.T) {
	tests := []struct {
		name     string
		status   string
		external bool
		want     Status
	}{
		{"active, organization only", "ACTIVE", false, Pass},
		{"active, external allowed", "ACTIVE", true, Fail},
		{"pending, external allowed", "PENDING", true, Pass},
		{"failed, external allowed", "FAILED", true, Pass},
		{"deleting, external allowed", "DELETING", true, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ResourceShare{Name: "s", ARN: "arn:aws:ram:eu-west-1:111111111111:resource-share/x", Status: tt.status, AllowExternalPrincipals: tt.external}
			rs := judgeRegion(ramExternalShares, Region{ResourceShares: []ResourceShare{s}})
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != s.ARN {
				t.Fatalf("results = %+v, want one %s for %s", rs, tt.want, s.ARN)
			}
			if tt.want == Fail && !strings.Contains(rs[0].Message, "outside the organization") {
				t.Errorf("message %q does not say the share reaches outside the organization", rs[0].Message)
			}
		})
	}
	if rs := judgeRegion(ramExternalShares, Region{}); len(rs) != 0 {
		t.Errorf("no shares: results = %+v, want none", rs)
	}
}

package checks

import (
	"testing"
	"time"
)

func Test_cloudformationDrift(t *testing.T) {
	ago := func(d time.Duration) *time.Time { x := testNow.Add(-d); return &x }
	const day = 24 * time.Hour
	tests := []struct {
		name  string
		stack Stack
		want  Status
	}{
		{"in sync, checked recently", Stack{DriftStatus: "IN_SYNC", LastDriftCheck: ago(10 * day)}, Pass},
		{"in sync, checked exactly 90 days ago", Stack{DriftStatus: "IN_SYNC", LastDriftCheck: ago(90 * day)}, Pass},
		{"in sync, check too old", Stack{DriftStatus: "IN_SYNC", LastDriftCheck: ago(90*day + time.Second)}, Fail},
		{"drifted, checked recently", Stack{DriftStatus: "DRIFTED", LastDriftCheck: ago(day)}, Fail},
		{"never checked", Stack{DriftStatus: "NOT_CHECKED"}, Fail},
		{"unknown", Stack{DriftStatus: "UNKNOWN", LastDriftCheck: ago(day)}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.stack
			s.Name, s.ID = "s", "arn:s"
			rs := judgeRegion(cloudformationDrift, Region{Stacks: []Stack{s}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Errorf("results = %+v, want one %s", rs, tt.want)
			}
		})
	}
}

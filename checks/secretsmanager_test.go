package checks

import (
	"testing"
	"time"
)

func Test_secretsRotation(t *testing.T) {
	ago := func(d time.Duration) *time.Time { x := testNow.Add(-d); return &x }
	const day = 24 * time.Hour
	tests := []struct {
		name   string
		secret Secret
		want   Status
	}{
		{"rotation off", Secret{Created: ago(day)}, Fail},
		{"rotated within schedule", Secret{RotationEnabled: true, RotationDays: 30, LastRotated: ago(10 * day)}, Pass},
		{"at the end of the grace period", Secret{RotationEnabled: true, RotationDays: 30, LastRotated: ago(37 * day)}, Pass},
		{"past the grace period", Secret{RotationEnabled: true, RotationDays: 30, LastRotated: ago(37*day + time.Second)}, Fail},
		{"never rotated, created recently", Secret{RotationEnabled: true, RotationDays: 30, Created: ago(5 * day)}, Pass},
		{"never rotated, created long ago", Secret{RotationEnabled: true, RotationDays: 30, Created: ago(90 * day)}, Fail},
		{"schedule not in days", Secret{RotationEnabled: true, LastRotated: ago(400 * day)}, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.secret
			s.Name, s.ARN = "s", "arn:s"
			rs := judgeRegion(secretsRotation, Region{Secrets: []Secret{s}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Errorf("results = %+v, want one %s", rs, tt.want)
			}
		})
	}
}

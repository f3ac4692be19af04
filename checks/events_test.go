package checks

import (
	"reflect"
	"testing"
)

func Test_patternSources(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{`{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}`, []string{"aws.guardduty"}},
		{`{"source":["aws.securityhub","aws.inspector2"]}`, []string{"aws.inspector2", "aws.securityhub"}},
		{`{"source":["aws.ec2"]}`, []string{}},
		{`{"source":[{"prefix":"aws.guard"}]}`, []string{"aws.guardduty"}},
		{`{"detail-type":["GuardDuty Finding"]}`, []string{}},
		{`{"detail":{"source":["aws.guardduty"]}}`, []string{}},
		{`not json aws.access-analyzer`, []string{"aws.access-analyzer"}},
	}
	for _, tt := range tests {
		got := patternSources(tt.pattern)
		if got == nil {
			got = []string{}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("patternSources(%s) = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

func Test_eventsFindingsRouting(t *testing.T) {
	gd := `{"source":["aws.guardduty"]}`
	tests := []struct {
		name  string
		rules []EventRule
		want  Status
	}{
		{"enabled with target", []EventRule{{Name: "r", State: "ENABLED", EventPattern: gd, Targets: 2}}, Pass},
		{"no target", []EventRule{{Name: "r", State: "ENABLED", EventPattern: gd}}, Fail},
		{"disabled", []EventRule{{Name: "r", State: "DISABLED", EventPattern: gd, Targets: 1}}, Fail},
		{"other source", []EventRule{{Name: "r", State: "ENABLED", EventPattern: `{"source":["aws.ec2"]}`, Targets: 1}}, Fail},
		{"no rules", nil, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := View{Account: &Account{ID: "111111111111"}, Region: &Region{Name: "eu-west-1", EventRules: tt.rules}}
			rs := eventsFindingsRouting(v)
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != "events/111111111111/eu-west-1" {
				t.Errorf("results = %+v, want one %s on events/111111111111/eu-west-1", rs, tt.want)
			}
		})
	}
}

package checks

import (
	"strings"
	"testing"
)

func Test_configRecorder(t *testing.T) {
	good := ConfigRecorder{Name: "default", AllSupported: true, Recording: true, LastStatus: "SUCCESS"}
	tests := []struct {
		name     string
		recs     []ConfigRecorder
		channels int
		want     Status
		msg      string
	}{
		{"recording with a channel", []ConfigRecorder{good}, 1, Pass, "delivers to 1 delivery channel"},
		{"recording without a channel", []ConfigRecorder{good}, 0, Fail, "no delivery channel"},
		{"no recorder", nil, 1, Fail, "no AWS Config recorder"},
		{"stopped recorder", []ConfigRecorder{{Name: "default", AllSupported: true}}, 1, Fail, "not recording"},
		{"stopped recorder without a channel", []ConfigRecorder{{Name: "default", AllSupported: true}}, 0, Fail, "(default: not recording) and has no delivery channel"},
		{"partial recorder", []ConfigRecorder{{Name: "default", Recording: true, ResourceTypes: 3}}, 1, Fail, "records only 3 resource types"},
		{"failing status", []ConfigRecorder{{Name: "default", AllSupported: true, Recording: true, LastStatus: "FAILURE"}}, 1, Fail, "last status FAILURE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeRegion(configRecorder, Region{ConfigRecorders: tt.recs, DeliveryChannels: tt.channels})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if !strings.Contains(rs[0].Message, tt.msg) {
				t.Errorf("message %q does not contain %q", rs[0].Message, tt.msg)
			}
			if rs[0].Evidence["delivery_channels"] != tt.channels {
				t.Errorf("evidence delivery_channels = %v, want %d", rs[0].Evidence["delivery_channels"], tt.channels)
			}
		})
	}
}

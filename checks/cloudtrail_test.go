package checks

import (
	"reflect"
	"strings"
	"testing"
)

func Test_cloudtrailMultiRegion_unreadTrails(t *testing.T) {
	const (
		mainARN = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main"
		euARN   = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/eu-only"
		acct    = "arn:aws:iam::111111111111:root"
	)
	on, off := true, false
	complete := func(name, arn string) Trail {
		return Trail{Name: name, ARN: arn, HomeRegion: "us-east-1", MultiRegion: true, IsLogging: &on, ManagementEvents: true, ManagementReadWrite: "All"}
	}
	// statusUnread is what the collector leaves when GetTrailStatus fails.
	statusUnread := complete("main", mainARN)
	statusUnread.IsLogging = nil
	// selectorsUnread is what it leaves when GetEventSelectors fails.
	selectorsUnread := complete("main", mainARN)
	selectorsUnread.ManagementEvents, selectorsUnread.ManagementReadWrite = false, ""
	singleRegionUnread := complete("eu-only", euARN)
	singleRegionUnread.MultiRegion, singleRegionUnread.IsLogging = false, nil
	stoppedSelectorsUnread := selectorsUnread
	stoppedSelectorsUnread.IsLogging = &off
	gap := func(action, resource, region string) Gap {
		return Gap{Service: "cloudtrail", Action: action, Resource: resource, Region: region, Code: GapAccessDenied}
	}
	tests := []struct {
		name       string
		trails     []Trail
		gaps       []Gap
		want       Status
		resource   string
		wantUnread map[string][]string
		say        string
	}{
		{"status unread", []Trail{statusUnread}, []Gap{gap("cloudtrail:GetTrailStatus", mainARN, "")}, Unknown, acct,
			map[string][]string{"main": {"cloudtrail:GetTrailStatus"}}, "could not be read (main)"},
		{"status nil without a gap", []Trail{statusUnread}, nil, Unknown, acct,
			map[string][]string{"main": {"cloudtrail:GetTrailStatus"}}, "could not be read (main)"},
		{"selectors unread", []Trail{selectorsUnread}, []Gap{gap("cloudtrail:GetEventSelectors", mainARN, "")}, Unknown, acct,
			map[string][]string{"main": {"cloudtrail:GetEventSelectors"}}, "could not be read (main)"},
		{"status and selectors unread", []Trail{{Name: "main", ARN: mainARN, HomeRegion: "us-east-1", MultiRegion: true}},
			[]Gap{gap("cloudtrail:GetTrailStatus", mainARN, ""), gap("cloudtrail:GetEventSelectors", mainARN, "")}, Unknown, acct,
			map[string][]string{"main": {"cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"}}, "could not be read (main)"},
		{"another trail qualifies", []Trail{statusUnread, complete("org", "arn:aws:cloudtrail:us-east-1:111111111111:trail/org")},
			[]Gap{gap("cloudtrail:GetTrailStatus", mainARN, "")}, Pass, "arn:aws:cloudtrail:us-east-1:111111111111:trail/org", nil, "logs read and write"},
		{"selectors read and incomplete, status unread", []Trail{func() Trail { x := statusUnread; x.ManagementReadWrite = "WriteOnly"; return x }()},
			[]Gap{gap("cloudtrail:GetTrailStatus", mainARN, "")}, Fail, acct, nil, "fall short"},
		{"logging off, selectors unread", []Trail{stoppedSelectorsUnread}, []Gap{gap("cloudtrail:GetEventSelectors", mainARN, "")}, Fail, acct, nil, "fall short"},
		{"single-region trail unread", []Trail{singleRegionUnread}, []Gap{gap("cloudtrail:GetTrailStatus", euARN, "")}, Fail, acct, nil, "fall short"},
		{"selectors read as none, no gap", []Trail{selectorsUnread}, nil, Fail, acct, nil, "fall short"},
		{"a gap of another trail does not count", []Trail{selectorsUnread}, []Gap{gap("cloudtrail:GetEventSelectors", euARN, "")}, Fail, acct, nil, "fall short"},
		{"a regional gap is not the global read", []Trail{selectorsUnread}, []Gap{gap("cloudtrail:GetEventSelectors", mainARN, "us-east-1")}, Fail, acct, nil, "fall short"},
		{"no trail", nil, nil, Fail, acct, nil, "has no trail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", HomeRegion: "us-east-1", Gaps: tt.gaps, Global: GlobalFacts{Trails: tt.trails}}
			rs := cloudtrailMultiRegion(View{Account: a, Now: testNow})
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != tt.resource {
				t.Fatalf("results = %+v, want one %s on %s", rs, tt.want, tt.resource)
			}
			if !strings.Contains(rs[0].Message, tt.say) {
				t.Errorf("message %q does not say %q", rs[0].Message, tt.say)
			}
			if tt.wantUnread != nil && !reflect.DeepEqual(rs[0].Evidence["unread"], tt.wantUnread) {
				t.Errorf("unread = %v, want %v", rs[0].Evidence["unread"], tt.wantUnread)
			}
		})
	}
}

func Test_cloudtrailMultiRegion_shortfallsNameUnreadReads(t *testing.T) {
	on, off := true, false
	trails := []Trail{
		{Name: "eu-only", ARN: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/eu-only", ManagementEvents: true, ManagementReadWrite: "All"},
		{Name: "main", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", MultiRegion: true, IsLogging: &off},
		{Name: "writes", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/writes", MultiRegion: true, IsLogging: &on, ManagementEvents: true, ManagementReadWrite: "WriteOnly"},
	}
	a := &Account{ID: "111111111111", HomeRegion: "us-east-1", Global: GlobalFacts{Trails: trails},
		Gaps: []Gap{{Action: "cloudtrail:GetEventSelectors", Resource: trails[1].ARN, Code: GapThrottled}}}
	rs := cloudtrailMultiRegion(View{Account: a, Now: testNow})
	if len(rs) != 1 || rs[0].Status != Fail {
		t.Fatalf("results = %+v, want one fail", rs)
	}
	want := map[string]string{
		"eu-only": "single-region, logging status unread",
		"main":    "not logging, event selectors unread",
		"writes":  "management events WriteOnly",
	}
	if !reflect.DeepEqual(rs[0].Evidence["trails"], want) {
		t.Errorf("trails = %v, want %v", rs[0].Evidence["trails"], want)
	}
	if !strings.Contains(rs[0].Message, "3 trails fall short: eu-only, main, writes") {
		t.Errorf("message %q does not list the trails", rs[0].Message)
	}
}

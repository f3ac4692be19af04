package checks

import (
	"strings"
	"testing"
)

func Test_isRootUsageFilter(t *testing.T) {
	for pattern, want := range map[string]bool{
		`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`: true,
		`{$.userIdentity.type="Root"}`:                          true,
		`{ ($.userIdentity.type = Root) }`:                      true,
		`{ $.userIdentity.type == 'Root' }`:                     true,
		`{ $.userIdentity.type = "root" }`:                      true,
		`{ $.userIdentity.type != "Root" }`:                     false,
		`{ $.userIdentity.type = "RootLike" }`:                  false,
		`{ $.userIdentity.type = "IAMUser" }`:                   false,
		`{ $.eventName = "ConsoleLogin" }`:                      false,
		`{ $.userIdentity.type = "Root" || $.errorCode = "x" }`: true,
	} {
		if got := isRootUsageFilter(pattern); got != want {
			t.Errorf("isRootUsageFilter(%q) = %v, want %v", pattern, got, want)
		}
	}
}

func Test_isUnauthorizedFilter(t *testing.T) {
	for pattern, want := range map[string]bool{
		`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`:                                                                                          true,
		`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`: true,
		`{$.errorCode="AccessDenied"}`:              true,
		`{ $.errorCode != "AccessDenied" }`:         false,
		`{ $.eventName = "UnauthorizedOperation" }`: false,
		`{ $.userIdentity.type = "Root" }`:          false,
		`{ $.errorCode = "UnauthorizedOperation" }`: true,
	} {
		if got := isUnauthorizedFilter(pattern); got != want {
			t.Errorf("isUnauthorizedFilter(%q) = %v, want %v", pattern, got, want)
		}
	}
}

func Test_parseLogGroupARN(t *testing.T) {
	ref, ok := parseLogGroupARN("arn:aws:logs:eu-west-1:111111111111:log-group:aws-cloudtrail-logs-1:*")
	if !ok || ref.region != "eu-west-1" || ref.account != "111111111111" || ref.name != "aws-cloudtrail-logs-1" {
		t.Errorf("parseLogGroupARN = %+v, %v", ref, ok)
	}
	ref, ok = parseLogGroupARN("arn:aws:logs:us-east-1:111111111111:log-group:/org/trail:with:colons")
	if !ok || ref.name != "/org/trail:with:colons" {
		t.Errorf("parseLogGroupARN with colons = %+v, %v", ref, ok)
	}
	if _, ok := parseLogGroupARN("arn:aws:s3:::bucket"); ok {
		t.Error("an S3 ARN parsed as a log group")
	}
}

// alarmAccount builds an account whose trail logs to eu-west-1 with a root
// usage filter, an alarm and a topic with the given subscriptions.
func alarmAccount(subs int, actionsOn bool) *Account {
	topic := "arn:aws:sns:eu-west-1:111111111111:alerts"
	return &Account{ID: "111111111111", HomeRegion: "us-east-1",
		Global: GlobalFacts{Trails: []Trail{{Name: "main", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
			CloudWatchLogGroup: "arn:aws:logs:eu-west-1:111111111111:log-group:ct:*"}}},
		Regions: []Region{
			{Name: "eu-west-1",
				MetricFilters:      []MetricFilter{{Name: "root", LogGroup: "ct", Pattern: `{ $.userIdentity.type = "Root" }`, MetricName: "RootUse", MetricNamespace: "Sec"}},
				Alarms:             []Alarm{{Name: "root", MetricName: "RootUse", Namespace: "Sec", ActionsOn: actionsOn, AlarmActions: []string{topic}}},
				TopicSubscriptions: map[string]int{topic: subs}},
			{Name: "us-east-1"},
		}}
}

func Test_rootUsageAlarm(t *testing.T) {
	tests := []struct {
		name string
		acct func() *Account
		want Status
	}{
		{"complete chain", func() *Account { return alarmAccount(1, true) }, Pass},
		{"no confirmed subscription", func() *Account { return alarmAccount(0, true) }, Fail},
		{"alarm actions off", func() *Account { return alarmAccount(1, false) }, Fail},
		{"filter on another log group", func() *Account {
			a := alarmAccount(1, true)
			a.Regions[0].MetricFilters[0].LogGroup = "other"
			return a
		}, Fail},
		{"alarm on another namespace", func() *Account {
			a := alarmAccount(1, true)
			a.Regions[0].Alarms[0].Namespace = "Other"
			return a
		}, Fail},
		{"metric filters unreadable in the log group's region", func() *Account {
			a := alarmAccount(0, true)
			a.Gaps = []Gap{{Service: "logs", Action: "logs:DescribeMetricFilters", Region: "eu-west-1", Code: GapAccessDenied}}
			return a
		}, Unknown},
		{"log group region not collected", func() *Account {
			a := alarmAccount(1, true)
			a.Regions = a.Regions[1:]
			return a
		}, Unknown},
		{"eventbridge root sign-in rule", func() *Account {
			a := alarmAccount(0, true)
			a.Regions[1].EventRules = []EventRule{{Name: "root-signin", State: "ENABLED", Targets: 1,
				EventPattern: `{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}`}}
			return a
		}, Pass},
		{"disabled eventbridge rule", func() *Account {
			a := alarmAccount(0, true)
			a.Regions[1].EventRules = []EventRule{{Name: "root-signin", State: "DISABLED", Targets: 1,
				EventPattern: `{"source":["aws.signin"],"detail":{"userIdentity":{"type":["Root"]}}}`}}
			return a
		}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := rootUsageAlarm(View{Account: tt.acct(), Now: testNow})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if rs[0].Resource != "arn:aws:iam::111111111111:root" || !strings.Contains(rs[0].Message, "111111111111") {
				t.Errorf("result = %+v", rs[0])
			}
		})
	}
}

func Test_rootUsageAlarm_logGroupInOtherAccount(t *testing.T) {
	a := alarmAccount(0, true)
	a.Global.Trails[0].CloudWatchLogGroup = "arn:aws:logs:eu-west-1:999999999999:log-group:org-trail:*"
	a.Global.Trails[0].OwnedByOtherAccount = true
	if rs := rootUsageAlarm(View{Account: a, Now: testNow}); len(rs) != 0 {
		t.Errorf("results = %+v, want none (the owning account judges its log group)", rs)
	}
}

func Test_unauthorizedAPIAlarm_needsItsOwnFilter(t *testing.T) {
	// A root usage chain does not satisfy the unauthorized-call alarm.
	if rs := unauthorizedAPIAlarm(View{Account: alarmAccount(1, true), Now: testNow}); len(rs) != 1 || rs[0].Status != Fail {
		t.Errorf("results = %+v, want one fail", rs)
	}
}

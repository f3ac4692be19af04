package checks

import (
	"fmt"
	"regexp"
	"strings"
)

// Actions of the regional reads behind the alarm checks.
const (
	actMetricFilters = "logs:DescribeMetricFilters"
	actAlarms        = "cloudwatch:DescribeAlarms"
	actSubscriptions = "sns:ListSubscriptions"
	actListRules     = "events:ListRules"
	actListTargets   = "events:ListTargetsByRule"
)

var alarmNeeds = []string{"cloudtrail:DescribeTrails", actMetricFilters, actAlarms, actSubscriptions, actListRules, actListTargets}

func init() {
	register(Check{
		ID: "cloudwatch.root-usage-alarm", Title: "Use of the root user raises an alarm", Service: "cloudwatch",
		Scope: Global, Severity: Medium, Practices: []string{"SEC04-BP03"},
		Needs:       alarmNeeds,
		Risk:        "Root activity is rare and all-powerful, so when nobody is told about it a takeover or a risky shortcut goes unnoticed.",
		Remediation: "Add a metric filter for root activity on the trail's log group with an alarm that notifies a subscribed SNS topic, or an EventBridge rule on root sign-in with a target.",
		CIS:         []string{"4.3"},
		SecurityHub: []string{"CloudWatch.1"},
		Eval:        rootUsageAlarm,
	})
	register(Check{
		ID: "cloudwatch.unauthorized-api-alarm", Title: "Unauthorized API calls raise an alarm", Service: "cloudwatch",
		Scope: Global, Severity: Low, Practices: []string{"SEC04-BP03"},
		Needs:       alarmNeeds,
		Risk:        "A burst of denied calls is often the first sign of stolen credentials probing what they can do, and without an alarm it is seen only in hindsight.",
		Remediation: "Add a metric filter for UnauthorizedOperation and AccessDenied errors on the trail's log group with an alarm that notifies a subscribed SNS topic.",
		CIS:         []string{"4.1"},
		SecurityHub: []string{"CloudWatch.2"},
		Eval:        unauthorizedAPIAlarm,
	})
}

// normalizePattern makes a metric filter pattern or event pattern easy to
// search: lower case, without spaces, quotes or parentheses, "==" as "=".
func normalizePattern(p string) string {
	p = strings.ToLower(p)
	p = strings.NewReplacer(" ", "", "\t", "", "\n", "", "\r", "", `"`, "", "'", "", "(", "", ")", "").Replace(p)
	return strings.ReplaceAll(p, "==", "=")
}

var (
	rootFilterRE         = regexp.MustCompile(`\$\.useridentity\.type=root(?:$|[^a-z0-9])`)
	unauthorizedFilterRE = regexp.MustCompile(`\$\.errorcode=\*?(?:unauthorizedoperation|accessdenied)`)
)

// isRootUsageFilter reports whether a metric filter pattern matches events of
// the root user ($.userIdentity.type = "Root").
func isRootUsageFilter(pattern string) bool {
	return rootFilterRE.MatchString(normalizePattern(pattern))
}

// isUnauthorizedFilter reports whether a metric filter pattern matches
// UnauthorizedOperation or AccessDenied error codes.
func isUnauthorizedFilter(pattern string) bool {
	return unauthorizedFilterRE.MatchString(normalizePattern(pattern))
}

// isRootSignInRule reports whether an EventBridge pattern matches root
// console sign-in.
func isRootSignInRule(pattern string) bool {
	p := normalizePattern(pattern)
	return strings.Contains(p, "root") && (strings.Contains(p, "aws.signin") || strings.Contains(p, "awsconsolesignin"))
}

// isUnauthorizedRule reports whether an EventBridge pattern matches denied
// API calls.
func isUnauthorizedRule(pattern string) bool {
	p := normalizePattern(pattern)
	return strings.Contains(p, "unauthorizedoperation") || strings.Contains(p, "accessdenied")
}

// logGroupRef is a CloudWatch Logs log group named by a trail.
type logGroupRef struct {
	region, account, name string
}

// parseLogGroupARN reads "arn:aws:logs:<region>:<account>:log-group:<name>[:*]".
func parseLogGroupARN(arn string) (logGroupRef, bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 || parts[2] != "logs" || parts[5] != "log-group" {
		return logGroupRef{}, false
	}
	return logGroupRef{region: parts[3], account: parts[4], name: strings.TrimSuffix(parts[6], ":*")}, true
}

// filterLogGroupName accepts a metric filter's log group as a name or an ARN.
func filterLogGroupName(s string) string {
	if ref, ok := parseLogGroupARN(s); ok {
		return ref.name
	}
	return s
}

// alarmPath is one complete filter → alarm → subscribed topic chain.
type alarmPath struct {
	trail, region, logGroup, filter, alarm, topic string
}

// alarmSearch is what looking for an alarm chain found.
type alarmSearch struct {
	found     *alarmPath
	rule      string            // EventBridge rule that serves instead, "region/name"
	notes     []string          // why each trail's chain is incomplete
	gaps      map[string]string // region → unreadable actions
	logGroups int               // trail log groups in this account
	foreign   []string          // trail log groups in other accounts
}

// findAlarm looks for a metric filter on a trail's log group whose pattern
// satisfies match, with an alarm on its metric that notifies an SNS topic
// with a confirmed subscription; failing that, for an enabled EventBridge rule
// with a target whose pattern satisfies ruleMatch.
func findAlarm(a *Account, match, ruleMatch func(string) bool) alarmSearch {
	s := alarmSearch{gaps: map[string]string{}}
	for _, t := range uniqueTrails(a) {
		if t.CloudWatchLogGroup == "" {
			continue
		}
		ref, ok := parseLogGroupARN(t.CloudWatchLogGroup)
		if !ok {
			s.notes = append(s.notes, "trail "+t.Name+": log group ARN not understood")
			continue
		}
		if ref.account != "" && ref.account != a.ID {
			// The log group lives in another account (an organization trail
			// delivering to a central account): that account's run judges
			// its filters and alarms.
			s.foreign = append(s.foreign, t.CloudWatchLogGroup)
			continue
		}
		s.logGroups++
		r := a.Region(ref.region)
		if r == nil {
			s.notes = append(s.notes, "trail "+t.Name+": region "+ref.region+" was not collected")
			s.gaps[ref.region] = "region not collected"
			continue
		}
		if g := regionGapActions(a, ref.region, actMetricFilters, actAlarms, actSubscriptions); len(g) > 0 {
			s.gaps[ref.region] = strings.Join(g, ", ")
		}
		p, note := chainIn(r, t.Name, ref, match)
		if p != nil {
			s.found = p
			return s
		}
		s.notes = append(s.notes, note)
	}
	for i := range a.Regions {
		r := &a.Regions[i]
		for _, e := range r.EventRules {
			if e.State == "ENABLED" && e.Targets > 0 && ruleMatch(e.EventPattern) {
				s.rule = r.Name + "/" + e.Name
				return s
			}
		}
		if g := regionGapActions(a, r.Name, actListRules, actListTargets); len(g) > 0 {
			if prev := s.gaps[r.Name]; prev != "" {
				s.gaps[r.Name] = prev + ", " + strings.Join(g, ", ")
			} else {
				s.gaps[r.Name] = strings.Join(g, ", ")
			}
		}
	}
	return s
}

// chainIn looks in one region for the filter → alarm → topic chain on a log group.
func chainIn(r *Region, trail string, lg logGroupRef, match func(string) bool) (*alarmPath, string) {
	filters, alarms := 0, 0
	for _, f := range r.MetricFilters {
		if filterLogGroupName(f.LogGroup) != lg.name || !match(f.Pattern) {
			continue
		}
		filters++
		for _, al := range r.Alarms {
			if al.MetricName != f.MetricName || al.Namespace != f.MetricNamespace || !al.ActionsOn {
				continue
			}
			alarms++
			for _, act := range al.AlarmActions {
				if strings.Contains(act, ":sns:") && r.TopicSubscriptions[act] > 0 {
					return &alarmPath{trail: trail, region: r.Name, logGroup: lg.name, filter: f.Name, alarm: al.Name, topic: act}, ""
				}
			}
		}
	}
	switch {
	case filters == 0:
		return nil, "trail " + trail + ": no matching metric filter on log group " + lg.name
	case alarms == 0:
		return nil, "trail " + trail + ": no enabled alarm on the metric filter"
	}
	return nil, "trail " + trail + ": the alarm notifies no SNS topic with a confirmed subscription"
}

// alarmResult turns a search into the check's single account-wide result.
func alarmResult(v View, s alarmSearch, what string) []Result {
	res := acctARN(v)
	switch {
	case s.found != nil:
		p := s.found
		return []Result{{Resource: res, Status: Pass,
			Evidence: map[string]any{"trail": p.trail, "region": p.region, "log_group": p.logGroup, "metric_filter": p.filter, "alarm": p.alarm, "sns_topic": p.topic},
			Message:  fmt.Sprintf("Account %s alarms on %s: filter %s on log group %s feeds alarm %s, which notifies a subscribed SNS topic.", v.Account.ID, what, p.filter, p.logGroup, p.alarm)}}
	case s.rule != "":
		return []Result{{Resource: res, Status: Pass, Evidence: map[string]any{"event_rule": s.rule},
			Message: fmt.Sprintf("Account %s routes %s to a target with EventBridge rule %s.", v.Account.ID, what, s.rule)}}
	}
	if s.logGroups == 0 && len(s.foreign) > 0 && len(s.gaps) == 0 {
		return nil // judged in the account that owns the log groups
	}
	ev := map[string]any{"trail_log_groups": s.logGroups}
	if len(s.notes) > 0 {
		ev["notes"] = s.notes
	}
	if len(s.gaps) > 0 {
		ev["unread"] = s.gaps
		regions := mapKeys(s.gaps)
		return []Result{{Resource: res, Status: Unknown, Evidence: ev,
			Message: fmt.Sprintf("No alarm on %s was found in account %s, but some reads failed in %s, so it may exist.", what, v.Account.ID, strings.Join(regions, ", "))}}
	}
	if s.logGroups == 0 {
		return []Result{{Resource: res, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Account %s has no alarm on %s: no trail delivers to CloudWatch Logs and no EventBridge rule covers it.", v.Account.ID, what)}}
	}
	return []Result{{Resource: res, Status: Fail, Evidence: ev,
		Message: fmt.Sprintf("Account %s has no working alarm on %s (%s).", v.Account.ID, what, strings.Join(s.notes, "; "))}}
}

func rootUsageAlarm(v View) []Result {
	return alarmResult(v, findAlarm(v.Account, isRootUsageFilter, isRootSignInRule), "root user activity")
}

func unauthorizedAPIAlarm(v View) []Result {
	return alarmResult(v, findAlarm(v.Account, isUnauthorizedFilter, isUnauthorizedRule), "unauthorized API calls")
}

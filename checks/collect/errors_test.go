package collect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

func wOpErr(err error) error {
	return &smithy.OperationError{ServiceID: sts.ServiceID, OperationName: "GetCallerIdentity", Err: err}
}

func wAPIErr(code string) error { return &smithy.GenericAPIError{Code: code, Message: "msg"} }

type wNetTimeout struct{}

func (wNetTimeout) Error() string   { return "i/o timeout" }
func (wNetTimeout) Timeout() bool   { return true }
func (wNetTimeout) Temporary() bool { return true }

var _ net.Error = wNetTimeout{}

func TestClassify(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		optIn bool
		code  string
		msg   string
	}{
		{"access denied", wOpErr(wAPIErr("AccessDenied")), false, checks.GapAccessDenied, "AccessDenied: msg"},
		{"access denied exception", wOpErr(wAPIErr("AccessDeniedException")), false, checks.GapAccessDenied, "AccessDeniedException: msg"},
		{"ec2 unauthorized", wOpErr(wAPIErr("UnauthorizedOperation")), false, checks.GapAccessDenied, ""},
		{"sns authorization", wOpErr(wAPIErr("AuthorizationError")), false, checks.GapAccessDenied, ""},
		{"not authorized suffix", wOpErr(wAPIErr("ClientNotAuthorized")), false, checks.GapAccessDenied, ""},
		{"opt in required", wOpErr(wAPIErr("OptInRequired")), false, checks.GapRegionDisabled, ""},
		{"auth failure", wOpErr(wAPIErr("AuthFailure")), false, checks.GapRegionDisabled, ""},
		{"unrecognized client in opt-in region", wOpErr(wAPIErr("UnrecognizedClientException")), true, checks.GapRegionDisabled, ""},
		{"unrecognized client elsewhere", wOpErr(wAPIErr("UnrecognizedClientException")), false, checks.GapError, ""},
		{"invalid token in opt-in region", wOpErr(wAPIErr("InvalidClientTokenId")), true, checks.GapRegionDisabled, ""},
		{"subscription required", wOpErr(wAPIErr("SubscriptionRequiredException")), false, checks.GapNotSubscribed, ""},
		{"not subscribed", wOpErr(wAPIErr("ServiceNotSubscribedException")), false, checks.GapNotSubscribed, ""},
		{"throttling", wOpErr(wAPIErr("Throttling")), false, checks.GapThrottled, ""},
		{"throttling exception", wOpErr(wAPIErr("ThrottlingException")), false, checks.GapThrottled, ""},
		{"too many requests", wOpErr(wAPIErr("TooManyRequestsException")), false, checks.GapThrottled, ""},
		{"request limit", wOpErr(wAPIErr("RequestLimitExceeded")), false, checks.GapThrottled, ""},
		{"s3 slow down", wOpErr(wAPIErr("SlowDown")), false, checks.GapThrottled, ""},
		{"throttled after retries", wOpErr(&retry.MaxAttemptsError{Attempt: 10, Err: wAPIErr("Throttling")}), false, checks.GapThrottled,
			"Throttling: msg (still throttled after 10 attempts)"},
		{"deadline", wOpErr(fmt.Errorf("send: %w", context.DeadlineExceeded)), false, checks.GapTimeout, ""},
		{"net timeout", wOpErr(fmt.Errorf("dial: %w", wNetTimeout{})), false, checks.GapTimeout, ""},
		{"collector timeout code", wOpErr(wAPIErr(checks.GapTimeout)), false, checks.GapTimeout, ""},
		{"other code", wOpErr(wAPIErr("ValidationException")), false, checks.GapError, "ValidationException: msg"},
		{"no endpoint in region", wOpErr(fmt.Errorf("send: %w", &net.DNSError{Err: "no such host", Name: "macie2.ap-east-2.amazonaws.com", IsNotFound: true})), false, checks.GapNoEndpoint, ""},
		{"plain error", errors.New("boom"), false, checks.GapError, "boom"},
	}
	for _, c := range cases {
		g := classify(c.err, "eu-west-1", "res", c.optIn)
		if g.Code != c.code {
			t.Errorf("%s: code = %q, want %q", c.name, g.Code, c.code)
		}
		if c.msg != "" && g.Message != c.msg {
			t.Errorf("%s: message = %q, want %q", c.name, g.Message, c.msg)
		}
		if g.Region != "eu-west-1" || g.Resource != "res" {
			t.Errorf("%s: region/resource = %q/%q", c.name, g.Region, g.Resource)
		}
		var oe *smithy.OperationError
		if errors.As(c.err, &oe) && (g.Service != "STS" || g.Operation != "GetCallerIdentity" || g.Action != "sts:GetCallerIdentity") {
			t.Errorf("%s: service/operation/action = %q/%q/%q", c.name, g.Service, g.Operation, g.Action)
		}
	}
}

func TestJob_fail(t *testing.T) {
	acct := &checks.Account{ID: wAcctA}
	j := &job{Region: "us-east-1", Account: acct, global: true, service: "iam", rec: &recorder{}}
	j.fail(errors.New("parse: bad csv"), "")
	j2 := &job{Region: "eu-west-1", Account: acct, optIn: true}
	j2.fail(wOpErr(wAPIErr("InvalidClientTokenId")), "arn:x")
	want := []checks.Gap{
		{Service: "iam", Code: checks.GapError, Message: "parse: bad csv"},
		{Service: "STS", Operation: "GetCallerIdentity", Action: "sts:GetCallerIdentity", Region: "eu-west-1", Resource: "arn:x",
			Code: checks.GapRegionDisabled, Message: "InvalidClientTokenId: msg"},
	}
	if len(acct.Gaps) != 2 || acct.Gaps[0] != want[0] || acct.Gaps[1] != want[1] {
		t.Errorf("gaps = %+v\nwant %+v", acct.Gaps, want)
	}
}

package collect

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

// classify turns a failed read into a gap. The service, operation and IAM
// action come from the SDK's operation error; the code is one of the
// checks.Gap* codes, and Message keeps AWS's own error code and message. In
// an opt-in region (optIn) an unrecognised client (the credentials are not
// valid in a region the account has not enabled) means the region is
// disabled, not that the keys are bad.
func classify(err error, region, resource string, optIn bool) checks.Gap {
	g := checks.Gap{Region: region, Resource: resource, Code: checks.GapError, Message: err.Error()}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		g.Service, g.Operation = oe.ServiceID, oe.OperationName
		if o, ok := allowed(oe.ServiceID, oe.OperationName); ok {
			g.Action = o.Action
		}
	}
	var ae smithy.APIError
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.As(err, &ae):
		g.Code = codeFor(ae.ErrorCode(), optIn)
		g.Message = ae.ErrorCode()
		if m := ae.ErrorMessage(); m != "" {
			g.Message += ": " + m
		}
		var me *retry.MaxAttemptsError
		if g.Code == checks.GapThrottled && errors.As(err, &me) {
			g.Message += " (still throttled after " + strconv.Itoa(me.Attempt) + " attempts)"
		}
	case errors.Is(err, context.DeadlineExceeded):
		g.Code = checks.GapTimeout
	case errors.As(err, &ne) && ne.Timeout():
		g.Code = checks.GapTimeout
	case errors.As(err, &dns) && dns.IsNotFound:
		// The region was listed as enabled, so its endpoints resolve; a
		// service whose host name does not is not offered there. Its checks
		// say unknown rather than judge a region they could not read.
		g.Code = checks.GapNoEndpoint
	}
	return g
}

// hasCode reports whether err is an AWS API error with one of codes.
func hasCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	c := ae.ErrorCode()
	for _, want := range codes {
		if c == want {
			return true
		}
	}
	return false
}

// codeFor maps an AWS error code to a gap code.
func codeFor(code string, optIn bool) string {
	switch code {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
		"AuthorizationErrorException", "Forbidden", "ForbiddenException", "UnauthorizedException":
		return checks.GapAccessDenied
	case "OptInRequired", "AuthFailure":
		return checks.GapRegionDisabled
	case "UnrecognizedClientException", "InvalidClientTokenId":
		if optIn {
			return checks.GapRegionDisabled
		}
		return checks.GapError
	case "SubscriptionRequiredException":
		return checks.GapNotSubscribed
	case "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
		"RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
		"ProvisionedThroughputExceededException", "BandwidthLimitExceeded":
		return checks.GapThrottled
	case checks.GapRegionDisabled, checks.GapNotSubscribed, checks.GapThrottled, checks.GapTimeout:
		// A collector that builds its own error uses the gap code directly.
		return code
	}
	switch {
	case strings.HasSuffix(code, "NotAuthorized"), strings.HasPrefix(code, "AccessDenied"):
		return checks.GapAccessDenied
	case strings.Contains(code, "NotSubscribed"):
		return checks.GapNotSubscribed
	}
	return checks.GapError
}

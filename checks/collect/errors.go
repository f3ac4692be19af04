package collect

import (
	"errors"

	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

// gapFor classifies a failed read into a gap. (To be completed: throttling,
// opt-in regions, subscriptions, deadline.)
func gapFor(err error, region, resource string) checks.Gap {
	g := checks.Gap{Region: region, Resource: resource, Code: checks.GapError, Message: err.Error()}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		g.Service, g.Operation = oe.ServiceID, oe.OperationName
		if o, ok := allowed(oe.ServiceID, oe.OperationName); ok {
			g.Action = o.Action
		}
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		g.Code = ae.ErrorCode()
		g.Message = ae.ErrorMessage()
	}
	return g
}

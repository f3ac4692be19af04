package collect

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// ErrNotReadOnly is the error (wrapped) of any call the read-only guard
// refused because its operation is not on the allow-list.
var ErrNotReadOnly = errors.New("operation is not on the read-only allow-list")

// guardID names the read-only guard in a client's middleware stack.
const guardID = "warroom.ReadOnlyGuard"

// readOnly is the read-only guard: an Initialize-step middleware (after the
// client's own, which name the service and operation) that refuses any (service, operation) not on the allow-list
// before the request is even serialized, so nothing leaves the process.
// Adding it twice to a stack is harmless.
func readOnly(stack *middleware.Stack) error {
	if _, ok := stack.Initialize.Get(guardID); ok {
		return nil
	}
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(guardID,
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			svc, opName := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
			if _, ok := allowed(svc, opName); !ok {
				return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("refuse %s %s: %w", svc, opName, ErrNotReadOnly)
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

// guard installs the read-only guard in cfg. It lives in cfg.APIOptions, so
// it survives cfg.Copy() and reaches every client made from cfg or a copy.
func guard(cfg *aws.Config) {
	cfg.APIOptions = append(append([]func(*middleware.Stack) error(nil), cfg.APIOptions...), readOnly)
}

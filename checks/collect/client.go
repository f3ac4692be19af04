package collect

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Retry settings: throttled reads are retried with exponential backoff for
// up to maxAttempts attempts, never more than maxBackoff apart. The client
// side retry quota is off (ratelimit.None): under mass throttling it would
// make reads fail fast instead of waiting their turn.
const (
	maxAttempts   = 10
	maxBackoff    = 20 * time.Second
	defaultRegion = "us-east-1"
)

// LoadConfig loads the caller's configuration through the SDK's default chain
// (profile, environment, SSO, instance role; AWS_ENDPOINT_URL is honoured),
// with warroom's retryer and read-only guard installed. The region defaults
// to us-east-1 when none is configured.
func LoadConfig(ctx context.Context, profile string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	return loadConfig(ctx, maxBackoff, opts...)
}

// loadConfig is LoadConfig with the retry backoff cap and extra load options
// (tests shorten the backoff and point the SDK at a fake endpoint).
func loadConfig(ctx context.Context, backoff time.Duration, opts ...func(*config.LoadOptions) error) (aws.Config, error) {
	opts = append([]func(*config.LoadOptions) error{config.WithRetryer(newRetryer(backoff))}, opts...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load aws config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	// The guard goes in after loading, so the credential chain's own calls
	// (SSO token refresh, web identity) are not subject to it.
	guard(&cfg)
	return cfg, nil
}

// newRetryer returns the function config.WithRetryer wants: a new retryer per
// call, since retryers hold per-client state.
func newRetryer(backoff time.Duration) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.MaxBackoff = backoff
			o.Backoff = retry.NewExponentialJitterBackoff(backoff)
			o.RateLimiter = ratelimit.None
		})
	}
}

// assumeRole derives the configuration of another account: base with
// credentials from sts AssumeRole on roleARN, cached and refreshed before they
// expire. The AssumeRole calls go through caller, the caller's configuration.
func assumeRole(base, caller aws.Config, roleARN, externalID string) aws.Config {
	cfg := base.Copy()
	cfg.APIOptions = append([]func(*middleware.Stack) error(nil), base.APIOptions...)
	p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(caller), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "warroom-collect"
		if externalID != "" {
			o.ExternalID = aws.String(externalID)
		}
	})
	cfg.Credentials = aws.NewCredentialsCache(p)
	return cfg
}

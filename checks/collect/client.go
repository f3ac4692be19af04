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
	return loadConfig(ctx, retrySettings{Backoff: maxBackoff, Adaptive: true}, opts...)
}

// loadConfig is LoadConfig with the retry backoff cap and extra load options
// (tests shorten the backoff and point the SDK at a fake endpoint).
func loadConfig(ctx context.Context, rs retrySettings, opts ...func(*config.LoadOptions) error) (aws.Config, error) {
	opts = append([]func(*config.LoadOptions) error{config.WithRetryer(newRetryer(rs))}, opts...)
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
// call, since retryers hold per-client state. It is the SDK's adaptive mode
// (client-side rate limiting that slows down when AWS throttles) over the
// standard retryer, with no retry quota: under mass throttling the quota
// bucket would otherwise fail calls fast instead of retrying them.
func newRetryer(rs retrySettings) func() aws.Retryer {
	standard := func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.MaxBackoff = rs.Backoff
		o.Backoff = retry.NewExponentialJitterBackoff(rs.Backoff)
		o.RateLimiter = ratelimit.None
	}
	return func() aws.Retryer {
		if !rs.Adaptive {
			return retry.NewStandard(standard)
		}
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, standard)
		})
	}
}

// retrySettings shape the retryer. Runs use the adaptive mode; wire tests use
// the standard mode with a millisecond backoff, since the adaptive mode's
// client-side rate limiter slows a throttled test to about one call a second.
type retrySettings struct {
	Backoff  time.Duration
	Adaptive bool
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

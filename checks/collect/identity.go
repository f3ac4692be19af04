package collect

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/warroom/warroom/checks"
)

// target is one account to read: the caller's own, or one reached by
// assuming the run's role.
type target struct {
	ID, Name string
	assume   bool
}

// ErrNoCredentials is wrapped by Run's error when the SDK found no usable
// credentials for the caller.
var ErrNoCredentials = errors.New("no usable AWS credentials")

// callerKey is the call counter's account key for the caller's own
// identity, organization and AssumeRole calls.
const callerKey = "caller"

// targets works out the accounts of the run: the caller's account, the
// --accounts list, or the organization's active accounts for --org.
func (r *run) targets(ctx context.Context) ([]target, error) {
	caller := r.caller
	id, err := callerIdentity(ctx, caller)
	if err != nil {
		if noCredentials(err) {
			return nil, fmt.Errorf("identify the caller: %w: %w", ErrNoCredentials, err)
		}
		return nil, fmt.Errorf("identify the caller: %w", err)
	}
	r.callerID = id
	var ts []target
	switch {
	case r.opts.Org:
		ts, err = orgAccounts(ctx, caller)
		if err != nil {
			return nil, err
		}
	case len(r.opts.Accounts) > 0:
		seen := map[string]bool{}
		for _, a := range r.opts.Accounts {
			if !checks.IsAccountID(a) {
				return nil, fmt.Errorf("collect: %q is not a 12-digit account id", a)
			}
			if !seen[a] {
				seen[a] = true
				ts = append(ts, target{ID: a})
			}
		}
		sort.Slice(ts, func(i, j int) bool { return ts[i].ID < ts[j].ID })
	default:
		ts = []target{{ID: id}}
	}
	for i := range ts {
		ts[i].assume = ts[i].ID != id
	}
	return ts, nil
}

// noCredentials reports whether err says the SDK found no credentials to sign
// with. The SDK has no typed error for it: the signing middleware wraps the
// provider's failure as "get credentials: ...", so this one string test is
// the only way to tell it apart, and it is kept here, in one place.
func noCredentials(err error) bool {
	return strings.Contains(err.Error(), "get credentials")
}

// callerIdentity returns the account id of cfg's credentials.
func callerIdentity(ctx context.Context, cfg aws.Config) (string, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("sts GetCallerIdentity: %w", err)
	}
	return aws.ToString(out.Account), nil
}

// orgAccounts lists the organization's active accounts, sorted by id.
func orgAccounts(ctx context.Context, cfg aws.Config) ([]target, error) {
	var ts []target
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("collect: list the organization's accounts: %w", err)
		}
		for _, a := range page.Accounts {
			active := a.State == orgtypes.AccountStateActive
			if a.State == "" {
				active = a.Status == orgtypes.AccountStatusActive //nolint:staticcheck // older answers carry only Status
			}
			if active {
				ts = append(ts, target{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name)})
			}
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].ID < ts[j].ID })
	return ts, nil
}

// credentials returns the configuration that reads account t: the caller's
// own, or the caller's with the run's role assumed in t. When the role cannot
// be assumed, or its credentials do not work, the account gets one gap for
// every read and false.
func (r *run) credentials(ctx context.Context, a *checks.Account, t target) (aws.Config, bool) {
	if !t.assume {
		return r.configFor(r.base, t.ID), true
	}
	role := "arn:" + checks.PartitionOf(r.base.Region) + ":iam::" + t.ID + ":role/" + r.opts.RoleName
	cfg := r.configFor(assumeRole(r.base, r.caller, role, r.opts.ExternalID), t.ID)
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		g := classify(err, "", "", false)
		r.rec.add(a, checks.Gap{Service: sts.ServiceID, Operation: "AssumeRole", Action: "*", Code: g.Code,
			Message: "could not assume " + role + ", so nothing in the account was read: " + g.Message})
		return aws.Config{}, false
	}
	id, err := callerIdentity(ctx, cfg)
	if err != nil {
		g := classify(err, "", "", false)
		r.rec.add(a, checks.Gap{Service: sts.ServiceID, Operation: "GetCallerIdentity", Action: "*", Code: g.Code,
			Message: "the credentials of " + role + " do not work, so nothing in the account was read: " + g.Message})
		return aws.Config{}, false
	}
	a.ID = id
	return cfg, true
}

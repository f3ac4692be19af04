package collect

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(organizations.ServiceID,
		op{"DescribeOrganization", "organizations:DescribeOrganization", "reads organization membership for org.member"},
		op{"ListParents", "organizations:ListParents", "walks the account's OUs up to the root for org.scps"},
		op{"ListPoliciesForTarget", "organizations:ListPoliciesForTarget", "lists SCPs on the account, its OUs and the root for org.scps"},
		op{"ListDelegatedAdministrators", "organizations:ListDelegatedAdministrators", "lists delegated admin accounts for org.delegated-security-admin"},
		op{"ListDelegatedServicesForAccount", "organizations:ListDelegatedServicesForAccount", "reads the services each admin is delegated for org.delegated-security-admin"},
		op{"ListPolicies", "organizations:ListPolicies", "lists tag policies for org.tag-policies"},
	)
	register(service{Name: "organizations", ID: organizations.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readOrganizations(ctx, organizationsFor(j), j)
	}})
}

// organizationsFor returns the client that reads job j's account. In --org
// mode a member account may not list its organization's policies or
// delegated administrators, but the caller may: DescribeOrganization then
// still goes out with the account's own credentials, and the
// organization-wide listings with the caller's, each distinct one once per run.
func organizationsFor(j *job) organizationsAPI {
	own := organizations.NewFromConfig(j.Cfg)
	if j.caller == nil {
		return own
	}
	return orgListings{own: own, list: organizations.NewFromConfig(*j.caller), memo: j.memo}
}

// orgListings sends DescribeOrganization to own and the listings to list,
// through memo.
type orgListings struct {
	own  organizationsAPI
	list organizationsAPI
	memo *memo
}

var _ organizationsAPI = orgListings{}

func (o orgListings) DescribeOrganization(ctx context.Context, in *organizations.DescribeOrganizationInput, opts ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error) {
	return o.own.DescribeOrganization(ctx, in, opts...)
}

func (o orgListings) ListParents(ctx context.Context, in *organizations.ListParentsInput, opts ...func(*organizations.Options)) (*organizations.ListParentsOutput, error) {
	return viaCaller(o.memo, "ListParents", in, func() (*organizations.ListParentsOutput, error) {
		return o.list.ListParents(ctx, in, opts...)
	})
}

func (o orgListings) ListPoliciesForTarget(ctx context.Context, in *organizations.ListPoliciesForTargetInput, opts ...func(*organizations.Options)) (*organizations.ListPoliciesForTargetOutput, error) {
	return viaCaller(o.memo, "ListPoliciesForTarget", in, func() (*organizations.ListPoliciesForTargetOutput, error) {
		return o.list.ListPoliciesForTarget(ctx, in, opts...)
	})
}

func (o orgListings) ListDelegatedAdministrators(ctx context.Context, in *organizations.ListDelegatedAdministratorsInput, opts ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error) {
	return viaCaller(o.memo, "ListDelegatedAdministrators", in, func() (*organizations.ListDelegatedAdministratorsOutput, error) {
		return o.list.ListDelegatedAdministrators(ctx, in, opts...)
	})
}

func (o orgListings) ListDelegatedServicesForAccount(ctx context.Context, in *organizations.ListDelegatedServicesForAccountInput, opts ...func(*organizations.Options)) (*organizations.ListDelegatedServicesForAccountOutput, error) {
	return viaCaller(o.memo, "ListDelegatedServicesForAccount", in, func() (*organizations.ListDelegatedServicesForAccountOutput, error) {
		return o.list.ListDelegatedServicesForAccount(ctx, in, opts...)
	})
}

func (o orgListings) ListPolicies(ctx context.Context, in *organizations.ListPoliciesInput, opts ...func(*organizations.Options)) (*organizations.ListPoliciesOutput, error) {
	return viaCaller(o.memo, "ListPolicies", in, func() (*organizations.ListPoliciesOutput, error) {
		return o.list.ListPolicies(ctx, in, opts...)
	})
}

// viaCaller makes one of the organization's listings through the caller,
// once per run, and marks a failure as the caller's: in --org runs the
// identity running warroom collect makes these reads, not the account's role.
func viaCaller[O any](m *memo, op string, in any, call func() (O, error)) (O, error) {
	out, err := memoCall(m, organizations.ServiceID, op, in, call)
	if err != nil {
		err = &callerError{err}
	}
	return out, err
}

// callerError is a read the caller made on an account's behalf.
type callerError struct{ err error }

func (e *callerError) Error() string { return e.err.Error() }
func (e *callerError) Unwrap() error { return e.err }

// organizationsAPI is the part of the Organizations client warroom calls: reads only.
type organizationsAPI interface {
	ListParents(context.Context, *organizations.ListParentsInput, ...func(*organizations.Options)) (*organizations.ListParentsOutput, error)
	organizations.ListPoliciesForTargetAPIClient
	organizations.ListDelegatedAdministratorsAPIClient
	organizations.ListDelegatedServicesForAccountAPIClient
	organizations.ListPoliciesAPIClient
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
}

// readOrganizations fills Global.Organization. An account in no organization
// leaves it nil. Reads that only the management or a delegated admin account
// may make (SCPs, delegated admins) become gaps for those actions alone; in
// --org mode api makes them as the caller (see organizationsFor).
func readOrganizations(ctx context.Context, api organizationsAPI, j *job) {
	out, err := api.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		if !hasCode(err, "AWSOrganizationsNotInUseException") {
			j.fail(err, "")
		}
		return
	}
	o := out.Organization
	if o == nil {
		return
	}
	org := &checks.Organization{
		ID:              aws.ToString(o.Id),
		ARN:             aws.ToString(o.Arn),
		ManagementAcct:  aws.ToString(o.MasterAccountId),
		FeatureSet:      string(o.FeatureSet),
		IsManagementAcc: aws.ToString(o.MasterAccountId) == j.Account.ID,
	}
	parts := []func(){
		func() {
			if o.FeatureSet == types.OrganizationFeatureSetAll {
				org.SCPs = readSCPs(ctx, api, j)
			}
		},
		func() { org.DelegatedAdmins = readDelegatedAdmins(ctx, api, j) },
		func() { org.TagPolicies = readTagPolicies(ctx, api, j) },
	}
	forEach(len(parts), func(i int) { parts[i]() })
	j.Account.Global.Organization = org
}

// readSCPs walks from the account through its OUs to the root and lists the
// service control policies attached at each step. Any failed read leaves the
// list unknown (nil) with a gap, since a partial list would mislead.
func readSCPs(ctx context.Context, api organizationsAPI, j *job) []checks.PolicySummary {
	var out []checks.PolicySummary
	target, atRoot := j.Account.ID, false
	seen := map[string]bool{}
	for target != "" && !seen[target] {
		seen[target] = true
		p := organizations.NewListPoliciesForTargetPaginator(api, &organizations.ListPoliciesForTargetInput{
			TargetId: aws.String(target), Filter: types.PolicyTypeServiceControlPolicy,
		})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if hasCode(err, "PolicyTypeNotEnabledException") {
					break
				}
				j.fail(err, "")
				return nil
			}
			for _, s := range page.Policies {
				out = append(out, checks.PolicySummary{ID: aws.ToString(s.Id), Name: aws.ToString(s.Name), AWSManaged: s.AwsManaged, Target: target})
			}
		}
		if atRoot {
			break
		}
		// An account or OU has exactly one parent.
		page, err := api.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(target)})
		if err != nil {
			j.fail(err, "")
			return nil
		}
		target = ""
		if len(page.Parents) > 0 {
			target = aws.ToString(page.Parents[0].Id)
			atRoot = page.Parents[0].Type == types.ParentTypeRoot
		}
	}
	return out
}

// readDelegatedAdmins maps each service principal to its delegated admin account.
func readDelegatedAdmins(ctx context.Context, api organizationsAPI, j *job) map[string]string {
	var admins []string
	p := organizations.NewListDelegatedAdministratorsPaginator(api, &organizations.ListDelegatedAdministratorsInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *organizations.ListDelegatedAdministratorsOutput) {
		for _, a := range page.DelegatedAdministrators {
			admins = append(admins, aws.ToString(a.Id))
		}
	}) {
		return nil
	}
	services := make([][]string, len(admins))
	forEach(len(admins), func(i int) {
		p := organizations.NewListDelegatedServicesForAccountPaginator(api, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(admins[i])})
		eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *organizations.ListDelegatedServicesForAccountOutput) {
			for _, s := range page.DelegatedServices {
				services[i] = append(services[i], aws.ToString(s.ServicePrincipal))
			}
		})
	})
	out := map[string]string{}
	for i, acct := range admins {
		for _, sp := range services[i] {
			out[sp] = acct
		}
	}
	return out
}

func readTagPolicies(ctx context.Context, api organizationsAPI, j *job) []checks.PolicySummary {
	var out []checks.PolicySummary
	p := organizations.NewListPoliciesPaginator(api, &organizations.ListPoliciesInput{Filter: types.PolicyTypeTagPolicy})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *organizations.ListPoliciesOutput) {
		for _, s := range page.Policies {
			out = append(out, checks.PolicySummary{ID: aws.ToString(s.Id), Name: aws.ToString(s.Name), AWSManaged: s.AwsManaged})
		}
	}) {
		return nil
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

package collect

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/warroom/warroom/checks"
)

// fakeOrganizations is a hand-written organizationsAPI; a nil func answers an empty output.
type fakeOrganizations struct {
	describe        func() (*organizations.DescribeOrganizationOutput, error)
	parents         func(*organizations.ListParentsInput) (*organizations.ListParentsOutput, error)
	policiesFor     func(*organizations.ListPoliciesForTargetInput) (*organizations.ListPoliciesForTargetOutput, error)
	delegatedAdmins func(*organizations.ListDelegatedAdministratorsInput) (*organizations.ListDelegatedAdministratorsOutput, error)
	delegatedSvcs   func(*organizations.ListDelegatedServicesForAccountInput) (*organizations.ListDelegatedServicesForAccountOutput, error)
	policies        func(*organizations.ListPoliciesInput) (*organizations.ListPoliciesOutput, error)
}

var _ organizationsAPI = (*fakeOrganizations)(nil)

func (f *fakeOrganizations) DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error) {
	return f.describe()
}

func (f *fakeOrganizations) ListParents(_ context.Context, in *organizations.ListParentsInput, _ ...func(*organizations.Options)) (*organizations.ListParentsOutput, error) {
	return aAnswer(f.parents, in)
}

func (f *fakeOrganizations) ListPoliciesForTarget(_ context.Context, in *organizations.ListPoliciesForTargetInput, _ ...func(*organizations.Options)) (*organizations.ListPoliciesForTargetOutput, error) {
	return aAnswer(f.policiesFor, in)
}

func (f *fakeOrganizations) ListDelegatedAdministrators(_ context.Context, in *organizations.ListDelegatedAdministratorsInput, _ ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error) {
	return aAnswer(f.delegatedAdmins, in)
}

func (f *fakeOrganizations) ListDelegatedServicesForAccount(_ context.Context, in *organizations.ListDelegatedServicesForAccountInput, _ ...func(*organizations.Options)) (*organizations.ListDelegatedServicesForAccountOutput, error) {
	return aAnswer(f.delegatedSvcs, in)
}

func (f *fakeOrganizations) ListPolicies(_ context.Context, in *organizations.ListPoliciesInput, _ ...func(*organizations.Options)) (*organizations.ListPoliciesOutput, error) {
	return aAnswer(f.policies, in)
}

func orgOutput(mgmt string, fs types.OrganizationFeatureSet) func() (*organizations.DescribeOrganizationOutput, error) {
	return func() (*organizations.DescribeOrganizationOutput, error) {
		return &organizations.DescribeOrganizationOutput{Organization: &types.Organization{
			Id: aws.String("o-abc"), Arn: aws.String("arn:aws:organizations::" + mgmt + ":organization/o-abc"),
			MasterAccountId: aws.String(mgmt), FeatureSet: fs,
		}}, nil
	}
}

func TestReadOrganizations_notInUse(t *testing.T) {
	j := aJob(t, "us-east-1", true)
	readOrganizations(context.Background(), &fakeOrganizations{describe: func() (*organizations.DescribeOrganizationOutput, error) {
		return nil, aErr(organizations.ServiceID, "DescribeOrganization", "AWSOrganizationsNotInUseException")
	}}, j)
	if o := j.Account.Global.Organization; o != nil {
		t.Errorf("organization = %+v, want nil", o)
	}
	if g := aGaps(j); len(g) != 0 {
		t.Errorf("gaps = %+v", g)
	}
}

func TestReadOrganizations_describeDenied(t *testing.T) {
	j := aJob(t, "us-east-1", true)
	readOrganizations(context.Background(), &fakeOrganizations{describe: func() (*organizations.DescribeOrganizationOutput, error) {
		return nil, aErr(organizations.ServiceID, "DescribeOrganization", "AccessDeniedException")
	}}, j)
	want := []aGap{{"Organizations", "DescribeOrganization", "organizations:DescribeOrganization", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

func TestReadOrganizations_management(t *testing.T) {
	// The account sits in ou-child, under ou-parent, under the root r-1.
	parents := map[string]types.Parent{
		aAccount:    {Id: aws.String("ou-child"), Type: types.ParentTypeOrganizationalUnit},
		"ou-child":  {Id: aws.String("ou-parent"), Type: types.ParentTypeOrganizationalUnit},
		"ou-parent": {Id: aws.String("r-1"), Type: types.ParentTypeRoot},
	}
	scps := map[string][][]types.PolicySummary{
		aAccount:    {{{Id: aws.String("p-full"), Name: aws.String("FullAWSAccess"), AwsManaged: true}}},
		"ou-child":  {{{Id: aws.String("p-region")}}, {{Id: aws.String("p-deny-leave"), Name: aws.String("DenyLeave")}}}, // two pages
		"ou-parent": {{}},
		"r-1":       {{{Id: aws.String("p-guard"), Name: aws.String("Guardrails")}}},
	}
	var asked bCalls
	api := &fakeOrganizations{
		describe: orgOutput(aAccount, types.OrganizationFeatureSetAll),
		parents: func(in *organizations.ListParentsInput) (*organizations.ListParentsOutput, error) {
			id := aws.ToString(in.ChildId)
			asked.add("parents " + id)
			p, ok := parents[id]
			if !ok {
				t.Errorf("ListParents(%s): the root has no parent to ask for", id)
				return &organizations.ListParentsOutput{}, nil
			}
			return &organizations.ListParentsOutput{Parents: []types.Parent{p}}, nil
		},
		policiesFor: func(in *organizations.ListPoliciesForTargetInput) (*organizations.ListPoliciesForTargetOutput, error) {
			if in.Filter != types.PolicyTypeServiceControlPolicy {
				t.Errorf("filter = %s", in.Filter)
			}
			pages := scps[aws.ToString(in.TargetId)]
			i := aPageIndex(in.NextToken)
			return &organizations.ListPoliciesForTargetOutput{Policies: pages[i], NextToken: aNext(i, len(pages))}, nil
		},
		delegatedAdmins: func(in *organizations.ListDelegatedAdministratorsInput) (*organizations.ListDelegatedAdministratorsOutput, error) {
			i := aPageIndex(in.NextToken)
			id := []string{"222222222222", "333333333333"}[i]
			return &organizations.ListDelegatedAdministratorsOutput{DelegatedAdministrators: []types.DelegatedAdministrator{{Id: aws.String(id)}}, NextToken: aNext(i, 2)}, nil
		},
		delegatedSvcs: func(in *organizations.ListDelegatedServicesForAccountInput) (*organizations.ListDelegatedServicesForAccountOutput, error) {
			switch aws.ToString(in.AccountId) {
			case "222222222222":
				return &organizations.ListDelegatedServicesForAccountOutput{DelegatedServices: []types.DelegatedService{
					{ServicePrincipal: aws.String("guardduty.amazonaws.com")}, {ServicePrincipal: aws.String("securityhub.amazonaws.com")},
				}}, nil
			default:
				return &organizations.ListDelegatedServicesForAccountOutput{DelegatedServices: []types.DelegatedService{
					{ServicePrincipal: aws.String("config.amazonaws.com")},
				}}, nil
			}
		},
		policies: func(in *organizations.ListPoliciesInput) (*organizations.ListPoliciesOutput, error) {
			if in.Filter != types.PolicyTypeTagPolicy {
				t.Errorf("filter = %s", in.Filter)
			}
			return &organizations.ListPoliciesOutput{Policies: []types.PolicySummary{{Id: aws.String("p-tags"), Name: aws.String("DataClass")}}}, nil
		},
	}
	j := aJob(t, "us-east-1", true)
	readOrganizations(context.Background(), api, j)
	want := &checks.Organization{
		ID: "o-abc", ARN: "arn:aws:organizations::" + aAccount + ":organization/o-abc", ManagementAcct: aAccount,
		FeatureSet: "ALL", IsManagementAcc: true,
		SCPs: []checks.PolicySummary{
			{ID: "p-full", Name: "FullAWSAccess", AWSManaged: true, Target: aAccount},
			{ID: "p-region", Target: "ou-child"},
			{ID: "p-deny-leave", Name: "DenyLeave", Target: "ou-child"},
			{ID: "p-guard", Name: "Guardrails", Target: "r-1"},
		},
		DelegatedAdmins: map[string]string{
			"guardduty.amazonaws.com": "222222222222", "securityhub.amazonaws.com": "222222222222", "config.amazonaws.com": "333333333333",
		},
		TagPolicies: []checks.PolicySummary{{ID: "p-tags", Name: "DataClass"}},
	}
	if got := j.Account.Global.Organization; !reflect.DeepEqual(got, want) {
		t.Errorf("organization:\n got %+v\nwant %+v", got, want)
	}
	if g := aGaps(j); len(g) != 0 {
		t.Errorf("gaps = %+v", g)
	}
	if got, want := asked.sorted(), []string{"parents " + aAccount, "parents ou-child", "parents ou-parent"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ListParents calls = %v, want %v", got, want)
	}
}

func TestReadOrganizations_memberDenied(t *testing.T) {
	api := &fakeOrganizations{
		describe: orgOutput("999999999999", types.OrganizationFeatureSetAll),
		policiesFor: func(*organizations.ListPoliciesForTargetInput) (*organizations.ListPoliciesForTargetOutput, error) {
			return nil, aErr(organizations.ServiceID, "ListPoliciesForTarget", "AccessDeniedException")
		},
		delegatedAdmins: func(*organizations.ListDelegatedAdministratorsInput) (*organizations.ListDelegatedAdministratorsOutput, error) {
			return nil, aErr(organizations.ServiceID, "ListDelegatedAdministrators", "AccessDeniedException")
		},
		policies: func(*organizations.ListPoliciesInput) (*organizations.ListPoliciesOutput, error) {
			return nil, aErr(organizations.ServiceID, "ListPolicies", "AccessDeniedException")
		},
	}
	j := aJob(t, "us-east-1", true)
	readOrganizations(context.Background(), api, j)
	want := &checks.Organization{
		ID: "o-abc", ARN: "arn:aws:organizations::999999999999:organization/o-abc", ManagementAcct: "999999999999", FeatureSet: "ALL",
	}
	if got := j.Account.Global.Organization; !reflect.DeepEqual(got, want) {
		t.Errorf("organization:\n got %+v\nwant %+v", got, want)
	}
	wantGaps := []aGap{
		{"Organizations", "ListDelegatedAdministrators", "organizations:ListDelegatedAdministrators", "", "", checks.GapAccessDenied},
		{"Organizations", "ListPolicies", "organizations:ListPolicies", "", "", checks.GapAccessDenied},
		{"Organizations", "ListPoliciesForTarget", "organizations:ListPoliciesForTarget", "", "", checks.GapAccessDenied},
	}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps:\n got %+v\nwant %+v", g, wantGaps)
	}
}

func TestReadOrganizations_consolidatedBillingHasNoSCPs(t *testing.T) {
	api := &fakeOrganizations{
		describe: orgOutput(aAccount, types.OrganizationFeatureSetConsolidatedBilling),
		policiesFor: func(*organizations.ListPoliciesForTargetInput) (*organizations.ListPoliciesForTargetOutput, error) {
			t.Error("SCPs asked for in a consolidated-billing organization")
			return &organizations.ListPoliciesForTargetOutput{}, nil
		},
	}
	j := aJob(t, "us-east-1", true)
	readOrganizations(context.Background(), api, j)
	if o := j.Account.Global.Organization; o == nil || o.SCPs != nil || !o.IsManagementAcc {
		t.Errorf("organization = %+v", o)
	}
}

func TestMemo_concurrentCallersShareOneCall(t *testing.T) {
	m := &memo{}
	var calls atomic.Int32
	release := make(chan struct{})
	boom := errors.New("boom")
	const n = 16
	vals := make([]any, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals[i], errs[i] = m.do("k", func() (any, error) {
				calls.Add(1)
				<-release // hold the others back while the first call runs
				return "answer", boom
			})
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("calls = %d, want 1", c)
	}
	for i := range n {
		if vals[i] != "answer" || !errors.Is(errs[i], boom) {
			t.Errorf("caller %d got %v, %v", i, vals[i], errs[i])
		}
	}
	if v, _ := m.do("other", func() (any, error) { return 2, nil }); v != 2 || calls.Load() != 1 {
		t.Errorf("another key: %v (calls %d)", v, calls.Load())
	}
	var nilMemo *memo
	for range 2 {
		_, _ = nilMemo.do("k", func() (any, error) { calls.Add(1); return nil, nil })
	}
	if c := calls.Load(); c != 3 {
		t.Errorf("a nil memo shared answers: calls = %d, want 3", c)
	}
}

func TestOrgListings_routesAndShares(t *testing.T) {
	var asked bCalls
	own := &fakeOrganizations{
		describe: orgOutput("999999999999", types.OrganizationFeatureSetAll),
		policies: func(*organizations.ListPoliciesInput) (*organizations.ListPoliciesOutput, error) {
			t.Error("a listing went to the account's own client")
			return &organizations.ListPoliciesOutput{}, nil
		},
	}
	list := &fakeOrganizations{
		describe: func() (*organizations.DescribeOrganizationOutput, error) {
			t.Error("DescribeOrganization went to the caller's client")
			return &organizations.DescribeOrganizationOutput{}, nil
		},
		parents: func(in *organizations.ListParentsInput) (*organizations.ListParentsOutput, error) {
			asked.add("parents " + aws.ToString(in.ChildId))
			return &organizations.ListParentsOutput{Parents: []types.Parent{{Id: aws.String("r-1"), Type: types.ParentTypeRoot}}}, nil
		},
		policiesFor: func(in *organizations.ListPoliciesForTargetInput) (*organizations.ListPoliciesForTargetOutput, error) {
			asked.add("scps " + aws.ToString(in.TargetId))
			return &organizations.ListPoliciesForTargetOutput{Policies: []types.PolicySummary{{Id: aws.String("p-" + aws.ToString(in.TargetId))}}}, nil
		},
		delegatedAdmins: func(*organizations.ListDelegatedAdministratorsInput) (*organizations.ListDelegatedAdministratorsOutput, error) {
			asked.add("admins")
			return &organizations.ListDelegatedAdministratorsOutput{}, nil
		},
		policies: func(in *organizations.ListPoliciesInput) (*organizations.ListPoliciesOutput, error) {
			i := aPageIndex(in.NextToken)
			asked.add(fmt.Sprintf("tag policies page %d", i))
			return &organizations.ListPoliciesOutput{Policies: []types.PolicySummary{{Id: aws.String(fmt.Sprintf("p-t%d", i))}}, NextToken: aNext(i, 2)}, nil
		},
	}
	m := &memo{}
	members := []string{"222222222222", "333333333333"}
	jobs := make([]*job, len(members))
	forEach(len(members), func(i int) {
		j := aJob(t, "us-east-1", true)
		j.Account.ID = members[i]
		jobs[i] = j
		readOrganizations(context.Background(), orgListings{own: own, list: list, memo: m}, j)
	})
	for i, j := range jobs {
		want := &checks.Organization{
			ID: "o-abc", ARN: "arn:aws:organizations::999999999999:organization/o-abc", ManagementAcct: "999999999999", FeatureSet: "ALL",
			SCPs:            []checks.PolicySummary{{ID: "p-" + members[i], Target: members[i]}, {ID: "p-r-1", Target: "r-1"}},
			DelegatedAdmins: map[string]string{},
			TagPolicies:     []checks.PolicySummary{{ID: "p-t0"}, {ID: "p-t1"}},
		}
		if got := j.Account.Global.Organization; !reflect.DeepEqual(got, want) {
			t.Errorf("%s organization:\n got %+v\nwant %+v", members[i], got, want)
		}
		if g := aGaps(j); len(g) != 0 {
			t.Errorf("%s gaps = %+v", members[i], g)
		}
	}
	want := []string{"admins", "parents 222222222222", "parents 333333333333", "scps 222222222222", "scps 333333333333", "scps r-1",
		"tag policies page 0", "tag policies page 1"}
	if got := asked.sorted(); !reflect.DeepEqual(got, want) {
		t.Errorf("caller-side calls:\n got %v\nwant %v", got, want)
	}
}

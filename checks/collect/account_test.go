package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/warroom/warroom/checks"
)

// fakeAccount is a hand-written accountAPI.
type fakeAccount struct {
	contact func(types.AlternateContactType) (*account.GetAlternateContactOutput, error)
}

var _ accountAPI = (*fakeAccount)(nil)

func (f *fakeAccount) GetAlternateContact(_ context.Context, in *account.GetAlternateContactInput, _ ...func(*account.Options)) (*account.GetAlternateContactOutput, error) {
	return f.contact(in.AlternateContactType)
}

func TestReadAccountContacts(t *testing.T) {
	api := &fakeAccount{contact: func(ct types.AlternateContactType) (*account.GetAlternateContactOutput, error) {
		switch ct {
		case types.AlternateContactTypeSecurity:
			return &account.GetAlternateContactOutput{AlternateContact: &types.AlternateContact{
				AlternateContactType: ct, Name: aws.String("Sec Team"), EmailAddress: aws.String("sec@example.com"), PhoneNumber: aws.String("+1"),
			}}, nil
		case types.AlternateContactTypeBilling:
			return nil, aErr(account.ServiceID, "GetAlternateContact", "ResourceNotFoundException")
		default:
			return &account.GetAlternateContactOutput{AlternateContact: &types.AlternateContact{
				AlternateContactType: ct, Name: aws.String("Ops"), EmailAddress: aws.String("ops@example.com"),
			}}, nil
		}
	}}
	j := aJob(t, "us-east-1", true)
	readAccountContacts(context.Background(), api, j)
	want := []checks.Contact{
		{Type: "SECURITY", Name: "Sec Team", Email: "sec@example.com"},
		{Type: "OPERATIONS", Name: "Ops", Email: "ops@example.com"},
	}
	if got := j.Account.Global.Contacts; !reflect.DeepEqual(got, want) {
		t.Errorf("contacts = %+v, want %+v", got, want)
	}
	if g := aGaps(j); len(g) != 0 {
		t.Errorf("gaps = %+v", g)
	}
}

func TestReadAccountContacts_denied(t *testing.T) {
	api := &fakeAccount{contact: func(ct types.AlternateContactType) (*account.GetAlternateContactOutput, error) {
		if ct == types.AlternateContactTypeSecurity {
			return nil, aErr(account.ServiceID, "GetAlternateContact", "AccessDeniedException")
		}
		return nil, aErr(account.ServiceID, "GetAlternateContact", "ResourceNotFoundException")
	}}
	j := aJob(t, "us-east-1", true)
	readAccountContacts(context.Background(), api, j)
	if c := j.Account.Global.Contacts; c != nil {
		t.Errorf("contacts = %+v", c)
	}
	want := []aGap{{"Account", "GetAlternateContact", "account:GetAlternateContact", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

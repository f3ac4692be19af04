package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(account.ServiceID,
		op{"GetAlternateContact", "account:GetAlternateContact", "reads the security, billing and operations contacts for account.security-contact"},
	)
	register(service{Name: "account", ID: account.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readAccountContacts(ctx, account.NewFromConfig(j.Cfg), j)
	}})
}

// accountAPI is the part of the Account Management client warroom calls: reads only.
type accountAPI interface {
	GetAlternateContact(context.Context, *account.GetAlternateContactInput, ...func(*account.Options)) (*account.GetAlternateContactOutput, error)
}

// contactTypes are the alternate contacts read, in the order they are kept.
var contactTypes = []types.AlternateContactType{
	types.AlternateContactTypeSecurity,
	types.AlternateContactTypeBilling,
	types.AlternateContactTypeOperations,
}

// readAccountContacts fills Global.Contacts with the alternate contacts that
// are set; one that is not set (ResourceNotFoundException) is simply absent.
func readAccountContacts(ctx context.Context, api accountAPI, j *job) {
	found := make([]*checks.Contact, len(contactTypes))
	forEach(len(contactTypes), func(i int) {
		out, err := api.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: contactTypes[i]})
		if err != nil {
			if !hasCode(err, "ResourceNotFoundException") {
				j.fail(err, "")
			}
			return
		}
		if c := out.AlternateContact; c != nil {
			found[i] = &checks.Contact{Type: string(contactTypes[i]), Name: aws.ToString(c.Name), Email: aws.ToString(c.EmailAddress)}
		}
	})
	var contacts []checks.Contact
	for _, c := range found {
		if c != nil {
			contacts = append(contacts, *c)
		}
	}
	j.Account.Global.Contacts = contacts
}

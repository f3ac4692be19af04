package collect

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(iam.ServiceID,
		op{"GetAccountSummary", "iam:GetAccountSummary", "reads root MFA and root access key counts for iam.root-mfa, iam.root-hardware-mfa, iam.root-access-keys"},
		op{"ListOrganizationsFeatures", "iam:ListOrganizationsFeatures", "reads centralised root credential management for iam.root-mfa"},
		op{"GenerateCredentialReport", "iam:GenerateCredentialReport", "asks for a fresh credential report for the iam.root-*, iam.user-console-mfa, iam.access-key-age, iam.unused-credentials and iam.federation checks"},
		op{"GetCredentialReport", "iam:GetCredentialReport", "reads the credential report for the iam.root-*, iam.user-console-mfa, iam.access-key-age, iam.unused-credentials and iam.federation checks"},
		op{"GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy", "reads the password policy for iam.password-policy"},
		op{"ListVirtualMFADevices", "iam:ListVirtualMFADevices", "tells virtual from hardware root MFA for iam.root-hardware-mfa"},
		op{"GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", "reads users, groups, roles and policies for iam.admin-star-policy, iam.user-direct-policies, iam.unused-roles, iam.role-external-id, iam.break-glass-role"},
		op{"ListSAMLProviders", "iam:ListSAMLProviders", "finds SAML federation for iam.federation"},
		op{"ListOpenIDConnectProviders", "iam:ListOpenIDConnectProviders", "finds OIDC federation for iam.federation"},
		op{"ListServerCertificates", "iam:ListServerCertificates", "lists certificates stored in IAM for iam.expired-server-certs"},
		op{"ListEntitiesForPolicy", "iam:ListEntitiesForPolicy", "finds who holds AWSSupportAccess for iam.support-role"},
	)
	register(service{Name: "iam", ID: iam.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readIAM(ctx, iam.NewFromConfig(j.Cfg), j, sleepCtx)
	}})
}

// iamAPI is the part of the IAM client warroom calls: reads only (and the
// credential report request, which changes no customer resource).
type iamAPI interface {
	iam.GetAccountAuthorizationDetailsAPIClient
	iam.ListVirtualMFADevicesAPIClient
	iam.ListServerCertificatesAPIClient
	iam.ListEntitiesForPolicyAPIClient
	GetAccountSummary(context.Context, *iam.GetAccountSummaryInput, ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error)
	ListOrganizationsFeatures(context.Context, *iam.ListOrganizationsFeaturesInput, ...func(*iam.Options)) (*iam.ListOrganizationsFeaturesOutput, error)
	GenerateCredentialReport(context.Context, *iam.GenerateCredentialReportInput, ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error)
	GetCredentialReport(context.Context, *iam.GetCredentialReportInput, ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error)
	GetAccountPasswordPolicy(context.Context, *iam.GetAccountPasswordPolicyInput, ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error)
	ListSAMLProviders(context.Context, *iam.ListSAMLProvidersInput, ...func(*iam.Options)) (*iam.ListSAMLProvidersOutput, error)
	ListOpenIDConnectProviders(context.Context, *iam.ListOpenIDConnectProvidersInput, ...func(*iam.Options)) (*iam.ListOpenIDConnectProvidersOutput, error)
}

// waitFunc pauses for d or until ctx ends, whichever comes first.
type waitFunc func(ctx context.Context, d time.Duration) error

// sleepCtx is the real waitFunc.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// readIAM fills Global.IAM and Global.Support. The independent reads run
// concurrently; each writes its own fields.
func readIAM(ctx context.Context, api iamAPI, j *job, wait waitFunc) {
	g := &j.Account.Global
	parts := []func(){
		func() { readAccountSummary(ctx, api, j) },
		func() { g.IAM.RootCredentialsManaged = readRootCredentialsManaged(ctx, api, j) },
		func() { g.IAM.CredentialReport = readCredentialReport(ctx, api, j, wait) },
		func() { g.IAM.PasswordPolicy = readPasswordPolicy(ctx, api, j) },
		func() { g.IAM.VirtualMFASerials, g.IAM.RootVirtualMFASerials = readVirtualMFASerials(ctx, api, j) },
		func() { readAuthorizationDetails(ctx, api, j) },
		func() { g.IAM.SAMLProviders, g.IAM.OIDCProviders = readIdentityProviders(ctx, api, j) },
		func() { g.IAM.ServerCertificates = readServerCertificates(ctx, api, j) },
		func() { g.Support = readSupportAccess(ctx, api, j) },
	}
	forEach(len(parts), func(i int) { parts[i]() })
}

func readAccountSummary(ctx context.Context, api iamAPI, j *job) {
	out, err := api.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		j.fail(err, "")
		return
	}
	j.Account.Global.IAM.Summary = out.SummaryMap
}

// notManagedCodes are the errors of ListOrganizationsFeatures that answer
// "no": the account is in no organization, the organization lacks all
// features, IAM has no trusted access in it, or (the SDK's fourth documented
// error) this account is a member that cannot see the organization's
// setting, which the root MFA check already says (see checks.rootNoMFA).
var notManagedCodes = []string{
	"AWSOrganizationsNotInUseException",
	"OrganizationNotFoundException",
	"OrganizationNotInAllFeaturesModeException",
	"ServiceAccessNotEnabledException",
	"AccountNotManagementOrDelegatedAdministratorException",
}

// readRootCredentialsManaged reports whether Organizations manages the root
// credentials of member accounts. The errors of notManagedCodes mean "no";
// any other (denied, throttled, timed out) is a gap, not a fact.
func readRootCredentialsManaged(ctx context.Context, api iamAPI, j *job) bool {
	out, err := api.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	if err != nil {
		if !hasCode(err, notManagedCodes...) {
			j.fail(err, "")
		}
		return false
	}
	for _, f := range out.EnabledFeatures {
		if f == types.FeatureTypeRootCredentialsManagement {
			return true
		}
	}
	return false
}

// Credential report polling: first pause, longest pause, and the total time
// the collector waits for a report before it records a timeout gap.
const (
	reportFirstWait = 500 * time.Millisecond
	reportMaxWait   = 8 * time.Second
	reportPatience  = time.Minute
)

// readCredentialReport asks IAM for a credential report and polls until it
// is complete, with a doubling pause, for at most reportPatience.
func readCredentialReport(ctx context.Context, api iamAPI, j *job, wait waitFunc) []checks.CredentialReportRow {
	pause, waited := reportFirstWait, time.Duration(0)
	for {
		gen, err := api.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			j.fail(err, "")
			return nil
		}
		if gen.State == types.ReportStateTypeComplete {
			out, err := api.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			switch {
			case err == nil:
				rows, perr := parseCredentialReport(out.Content)
				if perr != nil {
					j.fail(&smithy.OperationError{ServiceID: iam.ServiceID, OperationName: "GetCredentialReport", Err: perr}, "")
					return nil
				}
				return rows
			case !hasCode(err, "ReportInProgress", "ReportNotPresent", "ReportExpired"):
				j.fail(err, "")
				return nil
			}
		}
		if waited >= reportPatience {
			j.fail(&smithy.OperationError{ServiceID: iam.ServiceID, OperationName: "GetCredentialReport",
				Err: &smithy.GenericAPIError{Code: checks.GapTimeout, Message: fmt.Sprintf("credential report not ready after %s", waited)}}, "")
			return nil
		}
		if err := wait(ctx, pause); err != nil {
			j.fail(&smithy.OperationError{ServiceID: iam.ServiceID, OperationName: "GetCredentialReport", Err: err}, "")
			return nil
		}
		waited += pause
		pause = min(pause*2, reportMaxWait)
	}
}

// parseCredentialReport reads the credential report CSV by its header names.
func parseCredentialReport(content []byte) ([]checks.CredentialReportRow, error) {
	r := csv.NewReader(bytes.NewReader(content))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("parse credential report header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"user", "arn"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("parse credential report: no %q column", need)
		}
	}
	var rows []checks.CredentialReportRow
	var perr error
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse credential report line %d: %w", line, err)
		}
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		tm := func(name string) *time.Time {
			t, err := reportTime(field(name))
			if err != nil && perr == nil {
				perr = fmt.Errorf("parse credential report line %d %s: %w", line, name, err)
			}
			return t
		}
		rows = append(rows, checks.CredentialReportRow{
			User:                  field("user"),
			ARN:                   field("arn"),
			UserCreation:          tm("user_creation_time"),
			PasswordEnabled:       field("password_enabled") == "true",
			PasswordLastUsed:      tm("password_last_used"),
			PasswordLastChanged:   tm("password_last_changed"),
			MFAActive:             field("mfa_active") == "true",
			AccessKey1Active:      field("access_key_1_active") == "true",
			AccessKey1LastRotated: tm("access_key_1_last_rotated"),
			AccessKey1LastUsed:    tm("access_key_1_last_used_date"),
			AccessKey2Active:      field("access_key_2_active") == "true",
			AccessKey2LastRotated: tm("access_key_2_last_rotated"),
			AccessKey2LastUsed:    tm("access_key_2_last_used_date"),
		})
	}
	if perr != nil {
		return nil, perr
	}
	return rows, nil
}

// reportTime parses a credential report time; the report's placeholders for
// "none" become nil.
func reportTime(s string) (*time.Time, error) {
	switch s {
	case "", "N/A", "no_information", "not_supported":
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, err
	}
	t = t.UTC()
	return &t, nil
}

func readPasswordPolicy(ctx context.Context, api iamAPI, j *job) *checks.PasswordPolicy {
	out, err := api.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		if !hasCode(err, "NoSuchEntity") {
			j.fail(err, "")
		}
		return nil
	}
	p := out.PasswordPolicy
	if p == nil {
		return nil
	}
	return &checks.PasswordPolicy{
		MinimumLength:              aws.ToInt32(p.MinimumPasswordLength),
		RequireSymbols:             p.RequireSymbols,
		RequireNumbers:             p.RequireNumbers,
		RequireUppercase:           p.RequireUppercaseCharacters,
		RequireLowercase:           p.RequireLowercaseCharacters,
		PasswordReusePrevention:    aws.ToInt32(p.PasswordReusePrevention),
		MaxPasswordAge:             aws.ToInt32(p.MaxPasswordAge),
		ExpirePasswords:            p.ExpirePasswords,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword,
	}
}

// readVirtualMFASerials lists virtual MFA serial numbers (never their seeds).
// readVirtualMFASerials lists every assigned virtual MFA device's serial, and apart the
// serials of those assigned to the root user: since 2022 root may hold several
// MFA devices under any name, so the name alone does not tell.
func readVirtualMFASerials(ctx context.Context, api iamAPI, j *job) (all, root []string) {
	// Only devices assigned to someone: a leftover, unassigned device named
	// root-account-mfa-device says nothing about root's MFA today.
	p := iam.NewListVirtualMFADevicesPaginator(api, &iam.ListVirtualMFADevicesInput{AssignmentStatus: types.AssignmentStatusTypeAssigned})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *iam.ListVirtualMFADevicesOutput) {
		for _, d := range page.VirtualMFADevices {
			serial := aws.ToString(d.SerialNumber)
			all = append(all, serial)
			if d.User != nil && strings.HasSuffix(aws.ToString(d.User.Arn), ":root") {
				root = append(root, serial)
			}
		}
	}) {
		return nil, nil
	}
	return all, root
}

// readAuthorizationDetails fills users, groups, roles and the managed
// policies worth judging: customer-managed ones and AWS-managed ones in use.
func readAuthorizationDetails(ctx context.Context, api iamAPI, j *job) {
	var (
		users    []checks.IAMUser
		groups   []checks.IAMGroup
		roles    []checks.IAMRole
		policies []checks.IAMPolicy
	)
	p := iam.NewGetAccountAuthorizationDetailsPaginator(api, &iam.GetAccountAuthorizationDetailsInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *iam.GetAccountAuthorizationDetailsOutput) {
		for _, u := range page.UserDetailList {
			users = append(users, checks.IAMUser{
				Name:             aws.ToString(u.UserName),
				ARN:              aws.ToString(u.Arn),
				Groups:           u.GroupList,
				AttachedPolicies: attachedARNs(u.AttachedManagedPolicies),
				InlinePolicies:   inlines(u.UserPolicyList),
			})
		}
		for _, g := range page.GroupDetailList {
			groups = append(groups, checks.IAMGroup{
				Name:             aws.ToString(g.GroupName),
				ARN:              aws.ToString(g.Arn),
				AttachedPolicies: attachedARNs(g.AttachedManagedPolicies),
				InlinePolicies:   inlines(g.GroupPolicyList),
			})
		}
		for _, r := range page.RoleDetailList {
			role := checks.IAMRole{
				Name:             aws.ToString(r.RoleName),
				ARN:              aws.ToString(r.Arn),
				Path:             aws.ToString(r.Path),
				Created:          utcPtr(r.CreateDate),
				TrustPolicy:      decodePolicy(r.AssumeRolePolicyDocument),
				AttachedPolicies: attachedARNs(r.AttachedManagedPolicies),
				InlinePolicies:   inlines(r.RolePolicyList),
				Tags:             iamTags(r.Tags),
			}
			if r.RoleLastUsed != nil {
				role.LastUsed = utcPtr(r.RoleLastUsed.LastUsedDate)
			}
			roles = append(roles, role)
		}
		for _, mp := range page.Policies {
			arn := aws.ToString(mp.Arn)
			awsManaged := strings.Contains(arn, ":iam::aws:policy/")
			count := aws.ToInt32(mp.AttachmentCount)
			if awsManaged && count == 0 {
				continue
			}
			pol := checks.IAMPolicy{Name: aws.ToString(mp.PolicyName), ARN: arn, AWSManaged: awsManaged, AttachmentCount: count}
			for _, v := range mp.PolicyVersionList {
				if v.IsDefaultVersion {
					pol.Document = decodePolicy(v.Document)
				}
			}
			policies = append(policies, pol)
		}
	}) {
		return
	}
	iamFacts := &j.Account.Global.IAM
	iamFacts.Users, iamFacts.Groups, iamFacts.Roles, iamFacts.Policies = users, groups, roles, policies
}

func attachedARNs(ps []types.AttachedPolicy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, aws.ToString(p.PolicyArn))
	}
	return out
}

func inlines(ps []types.PolicyDetail) []checks.Inline {
	var out []checks.Inline
	for _, p := range ps {
		out = append(out, checks.Inline{Name: aws.ToString(p.PolicyName), Document: decodePolicy(p.PolicyDocument)})
	}
	return out
}

// iamTags converts IAM tags; nil when there are none.
func iamTags(ts []types.Tag) checks.Tags {
	return tagsOf(ts, func(t types.Tag) (*string, *string) { return t.Key, t.Value })
}

// decodePolicy URL-decodes a policy document as IAM returns it. A document that
// does not decode is kept as it came.
func decodePolicy(s *string) string {
	raw := aws.ToString(s)
	if d, err := url.PathUnescape(raw); err == nil {
		return d
	}
	return raw
}

func readIdentityProviders(ctx context.Context, api iamAPI, j *job) (saml, oidc []string) {
	if out, err := api.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{}); err != nil {
		j.fail(err, "")
	} else {
		for _, p := range out.SAMLProviderList {
			saml = append(saml, aws.ToString(p.Arn))
		}
	}
	if out, err := api.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{}); err != nil {
		j.fail(err, "")
	} else {
		for _, p := range out.OpenIDConnectProviderList {
			oidc = append(oidc, aws.ToString(p.Arn))
		}
	}
	return saml, oidc
}

func readServerCertificates(ctx context.Context, api iamAPI, j *job) []checks.ServerCertificate {
	var out []checks.ServerCertificate
	p := iam.NewListServerCertificatesPaginator(api, &iam.ListServerCertificatesInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *iam.ListServerCertificatesOutput) {
		for _, c := range page.ServerCertificateMetadataList {
			out = append(out, checks.ServerCertificate{
				Name:       aws.ToString(c.ServerCertificateName),
				ARN:        aws.ToString(c.Arn),
				Expiration: utcPtr(c.Expiration),
			})
		}
	}) {
		return nil
	}
	return out
}

// readSupportAccess lists the roles, users and groups holding the
// AWSSupportAccess managed policy, by name.
func readSupportAccess(ctx context.Context, api iamAPI, j *job) *checks.SupportAccess {
	policy := "arn:" + checks.PartitionOf(j.Region) + ":iam::aws:policy/AWSSupportAccess"
	s := &checks.SupportAccess{}
	p := iam.NewListEntitiesForPolicyPaginator(api, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(policy)})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *iam.ListEntitiesForPolicyOutput) {
		for _, r := range page.PolicyRoles {
			s.Roles = append(s.Roles, aws.ToString(r.RoleName))
		}
		for _, u := range page.PolicyUsers {
			s.Users = append(s.Users, aws.ToString(u.UserName))
		}
		for _, g := range page.PolicyGroups {
			s.Groups = append(s.Groups, aws.ToString(g.GroupName))
		}
	}) {
		return nil
	}
	sort.Strings(s.Roles)
	sort.Strings(s.Users)
	sort.Strings(s.Groups)
	return s
}

// ---- helpers shared by this package's account-wide and security-service collectors ----

// utcPtr copies a time in UTC; nil stays nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// accountRootARN names the account as a resource, for account-wide facts.
func accountRootARN(j *job) string {
	return "arn:" + checks.PartitionOf(j.Region) + ":iam::" + j.Account.ID + ":root"
}

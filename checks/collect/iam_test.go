package collect

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/warroom/warroom/checks"
)

// fakeIAM is a hand-written iamAPI; a nil func answers an empty output.
type fakeIAM struct {
	authDetails   func(*iam.GetAccountAuthorizationDetailsInput) (*iam.GetAccountAuthorizationDetailsOutput, error)
	virtualMFA    func(*iam.ListVirtualMFADevicesInput) (*iam.ListVirtualMFADevicesOutput, error)
	serverCerts   func(*iam.ListServerCertificatesInput) (*iam.ListServerCertificatesOutput, error)
	entities      func(*iam.ListEntitiesForPolicyInput) (*iam.ListEntitiesForPolicyOutput, error)
	summary       func() (*iam.GetAccountSummaryOutput, error)
	orgFeatures   func() (*iam.ListOrganizationsFeaturesOutput, error)
	generate      func() (*iam.GenerateCredentialReportOutput, error)
	getReport     func() (*iam.GetCredentialReportOutput, error)
	passwordPol   func() (*iam.GetAccountPasswordPolicyOutput, error)
	samlProviders func() (*iam.ListSAMLProvidersOutput, error)
	oidcProviders func() (*iam.ListOpenIDConnectProvidersOutput, error)
}

var _ iamAPI = (*fakeIAM)(nil)

func (f *fakeIAM) GetAccountAuthorizationDetails(_ context.Context, in *iam.GetAccountAuthorizationDetailsInput, _ ...func(*iam.Options)) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	return aAnswer(f.authDetails, in)
}

func (f *fakeIAM) ListVirtualMFADevices(_ context.Context, in *iam.ListVirtualMFADevicesInput, _ ...func(*iam.Options)) (*iam.ListVirtualMFADevicesOutput, error) {
	return aAnswer(f.virtualMFA, in)
}

func (f *fakeIAM) ListServerCertificates(_ context.Context, in *iam.ListServerCertificatesInput, _ ...func(*iam.Options)) (*iam.ListServerCertificatesOutput, error) {
	return aAnswer(f.serverCerts, in)
}

func (f *fakeIAM) ListEntitiesForPolicy(_ context.Context, in *iam.ListEntitiesForPolicyInput, _ ...func(*iam.Options)) (*iam.ListEntitiesForPolicyOutput, error) {
	return aAnswer(f.entities, in)
}

func (f *fakeIAM) GetAccountSummary(context.Context, *iam.GetAccountSummaryInput, ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error) {
	return aReply(f.summary)
}

func (f *fakeIAM) ListOrganizationsFeatures(context.Context, *iam.ListOrganizationsFeaturesInput, ...func(*iam.Options)) (*iam.ListOrganizationsFeaturesOutput, error) {
	return aReply(f.orgFeatures)
}

func (f *fakeIAM) GenerateCredentialReport(context.Context, *iam.GenerateCredentialReportInput, ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error) {
	if f.generate == nil {
		return &iam.GenerateCredentialReportOutput{State: types.ReportStateTypeComplete}, nil
	}
	return f.generate()
}

func (f *fakeIAM) GetCredentialReport(context.Context, *iam.GetCredentialReportInput, ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error) {
	if f.getReport == nil {
		return &iam.GetCredentialReportOutput{Content: []byte(reportHeader + "\n")}, nil
	}
	return f.getReport()
}

func (f *fakeIAM) GetAccountPasswordPolicy(context.Context, *iam.GetAccountPasswordPolicyInput, ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error) {
	return aReply(f.passwordPol)
}

func (f *fakeIAM) ListSAMLProviders(context.Context, *iam.ListSAMLProvidersInput, ...func(*iam.Options)) (*iam.ListSAMLProvidersOutput, error) {
	return aReply(f.samlProviders)
}

func (f *fakeIAM) ListOpenIDConnectProviders(context.Context, *iam.ListOpenIDConnectProvidersInput, ...func(*iam.Options)) (*iam.ListOpenIDConnectProvidersOutput, error) {
	return aReply(f.oidcProviders)
}

const reportHeader = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
	"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
	"access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
	"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"

// sampleReport has the root row (not_supported and N/A values), a console
// user with MFA and a rotated key, and a key-only user with no_information.
const sampleReport = reportHeader + "\n" +
	"<root_account>,arn:aws:iam::123456789012:root,2020-01-02T03:04:05+00:00,not_supported,2024-05-01T10:00:00+00:00,not_supported,not_supported,true," +
	"false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
	"alice,arn:aws:iam::123456789012:user/alice,2021-06-01T00:00:00+00:00,true,2024-06-01T12:30:00+02:00,2021-06-01T00:00:00+00:00,N/A,true," +
	"true,2023-01-01T00:00:00+00:00,2024-06-02T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
	"ci-bot,arn:aws:iam::123456789012:user/ci-bot,2022-02-02T00:00:00+00:00,false,no_information,N/A,N/A,false," +
	"true,2022-02-02T00:00:00+00:00,N/A,N/A,N/A,true,2022-03-03T00:00:00+00:00,no_information,N/A,N/A,false,N/A,false,N/A\n"

func TestParseCredentialReport(t *testing.T) {
	rows, err := parseCredentialReport([]byte(sampleReport))
	if err != nil {
		t.Fatal(err)
	}
	want := []checks.CredentialReportRow{
		{
			User: checks.RootUser, ARN: "arn:aws:iam::123456789012:root",
			UserCreation: aTime(t, "2020-01-02T03:04:05Z"), PasswordLastUsed: aTime(t, "2024-05-01T10:00:00Z"), MFAActive: true,
		},
		{
			User: "alice", ARN: "arn:aws:iam::123456789012:user/alice",
			UserCreation: aTime(t, "2021-06-01T00:00:00Z"), PasswordEnabled: true,
			PasswordLastUsed: aTime(t, "2024-06-01T10:30:00Z"), PasswordLastChanged: aTime(t, "2021-06-01T00:00:00Z"), MFAActive: true,
			AccessKey1Active: true, AccessKey1LastRotated: aTime(t, "2023-01-01T00:00:00Z"), AccessKey1LastUsed: aTime(t, "2024-06-02T00:00:00Z"),
		},
		{
			User: "ci-bot", ARN: "arn:aws:iam::123456789012:user/ci-bot", UserCreation: aTime(t, "2022-02-02T00:00:00Z"),
			AccessKey1Active: true, AccessKey1LastRotated: aTime(t, "2022-02-02T00:00:00Z"),
			AccessKey2Active: true, AccessKey2LastRotated: aTime(t, "2022-03-03T00:00:00Z"),
		},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}
}

func TestParseCredentialReport_bad(t *testing.T) {
	for name, csv := range map[string]string{
		"empty":     "",
		"no arn":    "user,mfa_active\nbob,true\n",
		"bad time":  reportHeader + "\nbob,arn:aws:iam::1:user/bob,yesterday,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
		"bad quote": "user,arn\n\"bob,arn\n",
	} {
		if _, err := parseCredentialReport([]byte(csv)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadCredentialReport_polls(t *testing.T) {
	tests := []struct {
		name       string
		states     []types.ReportStateType // GenerateCredentialReport answers, the last repeating
		getErrs    int                     // GetCredentialReport answers ReportInProgress this many times first
		wantPauses []time.Duration
	}{
		{"complete at once", []types.ReportStateType{"COMPLETE"}, 0, nil},
		{"started then complete", []types.ReportStateType{"STARTED", "INPROGRESS", "COMPLETE"}, 0,
			[]time.Duration{500 * time.Millisecond, time.Second}},
		{"complete but get still in progress", []types.ReportStateType{"COMPLETE"}, 1,
			[]time.Duration{500 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gens, gets := 0, 0
			api := &fakeIAM{
				generate: func() (*iam.GenerateCredentialReportOutput, error) {
					s := tt.states[min(gens, len(tt.states)-1)]
					gens++
					return &iam.GenerateCredentialReportOutput{State: s}, nil
				},
				getReport: func() (*iam.GetCredentialReportOutput, error) {
					gets++
					if gets <= tt.getErrs {
						return nil, aErr(iam.ServiceID, "GetCredentialReport", "ReportInProgress")
					}
					return &iam.GetCredentialReportOutput{Content: []byte(sampleReport)}, nil
				},
			}
			j := aJob(t, "us-east-1", true)
			w := &aNoWait{}
			rows := readCredentialReport(context.Background(), api, j, w.wait)
			if len(rows) != 3 || rows[0].User != checks.RootUser {
				t.Errorf("rows = %+v", rows)
			}
			if !reflect.DeepEqual(w.pauses, tt.wantPauses) {
				t.Errorf("pauses = %v, want %v", w.pauses, tt.wantPauses)
			}
			if g := aGaps(j); len(g) != 0 {
				t.Errorf("gaps = %+v", g)
			}
		})
	}
}

func TestReadCredentialReport_neverReady(t *testing.T) {
	api := &fakeIAM{generate: func() (*iam.GenerateCredentialReportOutput, error) {
		return &iam.GenerateCredentialReportOutput{State: types.ReportStateTypeInprogress}, nil
	}}
	j := aJob(t, "us-east-1", true)
	w := &aNoWait{}
	if rows := readCredentialReport(context.Background(), api, j, w.wait); rows != nil {
		t.Errorf("rows = %+v", rows)
	}
	var total time.Duration
	for _, p := range w.pauses {
		total += p
		if p > reportMaxWait {
			t.Errorf("pause %s over the %s cap", p, reportMaxWait)
		}
	}
	if total < reportPatience || total > reportPatience+reportMaxWait {
		t.Errorf("waited %s in %d pauses, want about %s", total, len(w.pauses), reportPatience)
	}
	want := []aGap{{"IAM", "GetCredentialReport", "iam:GetCredentialReport", "", "", checks.GapTimeout}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

func TestReadCredentialReport_generateDenied(t *testing.T) {
	api := &fakeIAM{generate: func() (*iam.GenerateCredentialReportOutput, error) {
		return nil, aErr(iam.ServiceID, "GenerateCredentialReport", "AccessDenied")
	}}
	j := aJob(t, "us-east-1", true)
	if rows := readCredentialReport(context.Background(), api, j, (&aNoWait{}).wait); rows != nil {
		t.Errorf("rows = %+v", rows)
	}
	want := []aGap{{"IAM", "GenerateCredentialReport", "iam:GenerateCredentialReport", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

func TestReadIAM(t *testing.T) {
	trust := "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A999999999999%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
	trustJSON := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}`
	admin := "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"
	adminJSON := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	lastUsed := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	certExp := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

	authPages := []*iam.GetAccountAuthorizationDetailsOutput{
		{
			UserDetailList: []types.UserDetail{{
				UserName: aws.String("alice"), Arn: aws.String("arn:aws:iam::123456789012:user/alice"),
				GroupList:               []string{"admins"},
				AttachedManagedPolicies: []types.AttachedPolicy{{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
				UserPolicyList:          []types.PolicyDetail{{PolicyName: aws.String("inline-admin"), PolicyDocument: aws.String(admin)}},
			}},
			GroupDetailList: []types.GroupDetail{{
				GroupName: aws.String("admins"), Arn: aws.String("arn:aws:iam::123456789012:group/admins"),
				AttachedManagedPolicies: []types.AttachedPolicy{{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/everything")}},
			}},
			IsTruncated: true, Marker: aws.String("1"),
		},
		{
			RoleDetailList: []types.RoleDetail{{
				RoleName: aws.String("break-glass"), Arn: aws.String("arn:aws:iam::123456789012:role/break-glass"), Path: aws.String("/"),
				CreateDate: &created, AssumeRolePolicyDocument: aws.String(trust),
				RoleLastUsed: &types.RoleLastUsed{LastUsedDate: &lastUsed},
				Tags:         []types.Tag{{Key: aws.String("purpose"), Value: aws.String("incident")}},
			}},
			Policies: []types.ManagedPolicyDetail{
				{PolicyName: aws.String("everything"), Arn: aws.String("arn:aws:iam::123456789012:policy/everything"), AttachmentCount: aws.Int32(1),
					PolicyVersionList: []types.PolicyVersion{
						{VersionId: aws.String("v1"), Document: aws.String("%7B%7D")},
						{VersionId: aws.String("v2"), IsDefaultVersion: true, Document: aws.String(admin)},
					}},
				{PolicyName: aws.String("unused-custom"), Arn: aws.String("arn:aws:iam::123456789012:policy/unused-custom"), AttachmentCount: aws.Int32(0),
					PolicyVersionList: []types.PolicyVersion{{IsDefaultVersion: true, Document: aws.String("%7B%7D")}}},
				{PolicyName: aws.String("ReadOnlyAccess"), Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess"), AttachmentCount: aws.Int32(1),
					PolicyVersionList: []types.PolicyVersion{{IsDefaultVersion: true, Document: aws.String("%7B%22Statement%22%3A%5B%5D%7D")}}},
				{PolicyName: aws.String("AdministratorAccess"), Arn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess"), AttachmentCount: aws.Int32(0),
					PolicyVersionList: []types.PolicyVersion{{IsDefaultVersion: true, Document: aws.String(admin)}}},
			},
		},
	}
	var supportPolicy string
	api := &fakeIAM{
		authDetails: func(in *iam.GetAccountAuthorizationDetailsInput) (*iam.GetAccountAuthorizationDetailsOutput, error) {
			return authPages[aPageIndex(in.Marker)], nil
		},
		virtualMFA: func(in *iam.ListVirtualMFADevicesInput) (*iam.ListVirtualMFADevicesOutput, error) {
			if in.AssignmentStatus != types.AssignmentStatusTypeAssigned {
				t.Errorf("ListVirtualMFADevices asked for %q devices, want only assigned ones", in.AssignmentStatus)
			}
			i := aPageIndex(in.Marker)
			// Root's device has a name of its own choosing; only its user tells.
			serial := []string{"arn:aws:iam::123456789012:mfa/dana-phone", "arn:aws:iam::123456789012:mfa/alice"}[i]
			user := []string{"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/alice"}[i]
			return &iam.ListVirtualMFADevicesOutput{
				VirtualMFADevices: []types.VirtualMFADevice{{SerialNumber: aws.String(serial), User: &types.User{Arn: aws.String(user)}, Base32StringSeed: []byte("never kept")}},
				IsTruncated:       i == 0, Marker: aNext(i, 2),
			}, nil
		},
		serverCerts: func(*iam.ListServerCertificatesInput) (*iam.ListServerCertificatesOutput, error) {
			return &iam.ListServerCertificatesOutput{ServerCertificateMetadataList: []types.ServerCertificateMetadata{{
				ServerCertificateName: aws.String("old-site"), Arn: aws.String("arn:aws:iam::123456789012:server-certificate/old-site"), Expiration: &certExp,
			}}}, nil
		},
		entities: func(in *iam.ListEntitiesForPolicyInput) (*iam.ListEntitiesForPolicyOutput, error) {
			supportPolicy = aws.ToString(in.PolicyArn)
			return &iam.ListEntitiesForPolicyOutput{PolicyRoles: []types.PolicyRole{{RoleName: aws.String("support")}}}, nil
		},
		summary: func() (*iam.GetAccountSummaryOutput, error) {
			return &iam.GetAccountSummaryOutput{SummaryMap: map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}}, nil
		},
		orgFeatures: func() (*iam.ListOrganizationsFeaturesOutput, error) {
			// Not in an organization: a fact (false), not a gap.
			return nil, aErr(iam.ServiceID, "ListOrganizationsFeatures", "OrganizationNotFoundException")
		},
		getReport: func() (*iam.GetCredentialReportOutput, error) {
			return &iam.GetCredentialReportOutput{Content: []byte(sampleReport)}, nil
		},
		passwordPol: func() (*iam.GetAccountPasswordPolicyOutput, error) {
			return nil, aErr(iam.ServiceID, "GetAccountPasswordPolicy", "NoSuchEntity")
		},
		samlProviders: func() (*iam.ListSAMLProvidersOutput, error) {
			return nil, aErr(iam.ServiceID, "ListSAMLProviders", "AccessDenied")
		},
		oidcProviders: func() (*iam.ListOpenIDConnectProvidersOutput, error) {
			return &iam.ListOpenIDConnectProvidersOutput{OpenIDConnectProviderList: []types.OpenIDConnectProviderListEntry{
				{Arn: aws.String("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")},
			}}, nil
		},
	}
	j := aJob(t, "us-east-1", true)
	readIAM(context.Background(), api, j, (&aNoWait{}).wait)
	g := j.Account.Global

	want := checks.IAM{
		Summary:               map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0},
		CredentialReport:      g.IAM.CredentialReport, // parsing is covered by TestParseCredentialReport
		VirtualMFASerials:     []string{"arn:aws:iam::123456789012:mfa/dana-phone", "arn:aws:iam::123456789012:mfa/alice"},
		RootVirtualMFASerials: []string{"arn:aws:iam::123456789012:mfa/dana-phone"},
		Users: []checks.IAMUser{{
			Name: "alice", ARN: "arn:aws:iam::123456789012:user/alice", Groups: []string{"admins"},
			AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
			InlinePolicies:   []checks.Inline{{Name: "inline-admin", Document: adminJSON}},
		}},
		Groups: []checks.IAMGroup{{
			Name: "admins", ARN: "arn:aws:iam::123456789012:group/admins",
			AttachedPolicies: []string{"arn:aws:iam::123456789012:policy/everything"},
		}},
		Roles: []checks.IAMRole{{
			Name: "break-glass", ARN: "arn:aws:iam::123456789012:role/break-glass", Path: "/",
			Created: &created, LastUsed: &lastUsed, TrustPolicy: trustJSON, Tags: checks.Tags{"purpose": "incident"},
		}},
		Policies: []checks.IAMPolicy{
			{Name: "everything", ARN: "arn:aws:iam::123456789012:policy/everything", AttachmentCount: 1, Document: adminJSON},
			{Name: "unused-custom", ARN: "arn:aws:iam::123456789012:policy/unused-custom", Document: "{}"},
			{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", AWSManaged: true, AttachmentCount: 1, Document: `{"Statement":[]}`},
		},
		OIDCProviders: []string{"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
		ServerCertificates: []checks.ServerCertificate{
			{Name: "old-site", ARN: "arn:aws:iam::123456789012:server-certificate/old-site", Expiration: &certExp},
		},
	}
	if !reflect.DeepEqual(g.IAM, want) {
		t.Errorf("IAM:\n got %+v\nwant %+v", g.IAM, want)
	}
	if len(g.IAM.CredentialReport) != 3 {
		t.Errorf("credential report rows = %d, want 3", len(g.IAM.CredentialReport))
	}
	if g.IAM.PasswordPolicy != nil {
		t.Errorf("password policy = %+v, want nil for NoSuchEntity", g.IAM.PasswordPolicy)
	}
	if want := (&checks.SupportAccess{Roles: []string{"support"}}); !reflect.DeepEqual(g.Support, want) {
		t.Errorf("support = %+v, want %+v", g.Support, want)
	}
	if supportPolicy != "arn:aws:iam::aws:policy/AWSSupportAccess" {
		t.Errorf("support policy asked = %q", supportPolicy)
	}
	wantGaps := []aGap{{"IAM", "ListSAMLProviders", "iam:ListSAMLProviders", "", "", checks.GapAccessDenied}}
	if gaps := aGaps(j); !reflect.DeepEqual(gaps, wantGaps) {
		t.Errorf("gaps = %+v, want %+v", gaps, wantGaps)
	}
}

func TestReadIAM_policiesAndFeatures(t *testing.T) {
	tests := []struct {
		name        string
		policy      func() (*iam.GetAccountPasswordPolicyOutput, error)
		features    func() (*iam.ListOrganizationsFeaturesOutput, error)
		wantPolicy  *checks.PasswordPolicy
		wantManaged bool
		wantGaps    []aGap
	}{
		{
			name: "policy set, root credentials managed",
			policy: func() (*iam.GetAccountPasswordPolicyOutput, error) {
				return &iam.GetAccountPasswordPolicyOutput{PasswordPolicy: &types.PasswordPolicy{
					MinimumPasswordLength: aws.Int32(14), PasswordReusePrevention: aws.Int32(24), RequireSymbols: true,
					RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true,
				}}, nil
			},
			features: func() (*iam.ListOrganizationsFeaturesOutput, error) {
				return &iam.ListOrganizationsFeaturesOutput{EnabledFeatures: []types.FeatureType{types.FeatureTypeRootSessions, types.FeatureTypeRootCredentialsManagement}}, nil
			},
			wantPolicy: &checks.PasswordPolicy{MinimumLength: 14, PasswordReusePrevention: 24, RequireSymbols: true, RequireNumbers: true,
				RequireUppercase: true, RequireLowercase: true, AllowUsersToChangePassword: true},
			wantManaged: true,
			wantGaps:    []aGap{},
		},
		{
			name: "both denied",
			policy: func() (*iam.GetAccountPasswordPolicyOutput, error) {
				return nil, aErr(iam.ServiceID, "GetAccountPasswordPolicy", "AccessDenied")
			},
			features: func() (*iam.ListOrganizationsFeaturesOutput, error) {
				return nil, aErr(iam.ServiceID, "ListOrganizationsFeatures", "AccessDenied")
			},
			wantGaps: []aGap{
				{"IAM", "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy", "", "", checks.GapAccessDenied},
				{"IAM", "ListOrganizationsFeatures", "iam:ListOrganizationsFeatures", "", "", checks.GapAccessDenied},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := aJob(t, "us-east-1", true)
			readIAM(context.Background(), &fakeIAM{passwordPol: tt.policy, orgFeatures: tt.features}, j, (&aNoWait{}).wait)
			g := j.Account.Global.IAM
			if !reflect.DeepEqual(g.PasswordPolicy, tt.wantPolicy) {
				t.Errorf("password policy = %+v, want %+v", g.PasswordPolicy, tt.wantPolicy)
			}
			if g.RootCredentialsManaged != tt.wantManaged {
				t.Errorf("root credentials managed = %v", g.RootCredentialsManaged)
			}
			if gaps := aGaps(j); !reflect.DeepEqual(gaps, tt.wantGaps) {
				t.Errorf("gaps = %+v, want %+v", gaps, tt.wantGaps)
			}
		})
	}
}

func TestReadIAM_authorizationDetailsDenied(t *testing.T) {
	calls := 0
	api := &fakeIAM{authDetails: func(in *iam.GetAccountAuthorizationDetailsInput) (*iam.GetAccountAuthorizationDetailsOutput, error) {
		calls++
		if in.Marker == nil {
			return &iam.GetAccountAuthorizationDetailsOutput{
				UserDetailList: []types.UserDetail{{UserName: aws.String("alice")}}, IsTruncated: true, Marker: aws.String("1"),
			}, nil
		}
		return nil, aErr(iam.ServiceID, "GetAccountAuthorizationDetails", "Throttling")
	}}
	j := aJob(t, "us-east-1", true)
	readIAM(context.Background(), api, j, (&aNoWait{}).wait)
	if u := j.Account.Global.IAM.Users; u != nil {
		t.Errorf("users from a half-read listing = %+v, want none", u)
	}
	want := []aGap{{"IAM", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", "", "", checks.GapThrottled}}
	if gaps := aGaps(j); !reflect.DeepEqual(gaps, want) {
		t.Errorf("gaps = %+v, want %+v", gaps, want)
	}
	if calls != 2 {
		t.Errorf("calls = %d, want 2", calls)
	}
}

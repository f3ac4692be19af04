package checks

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func daysAgo(d int) *time.Time {
	t := testNow.Add(-time.Duration(d) * 24 * time.Hour)
	return &t
}

func mustPolicy(t *testing.T, doc string) Policy {
	t.Helper()
	p, err := ParsePolicy(doc)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func Test_adminStatements(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"action star", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, []string{"statement 1"}},
		{"action star colon star with sid", `{"Statement":[{"Sid":"Admin","Effect":"Allow","Action":["*:*"],"Resource":["*"]}]}`, []string{"Admin"}},
		{"service wildcard", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, nil},
		{"star among others", `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":"*"}]}`, []string{"statement 1"}},
		{"star on one resource", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::bucket/*"}]}`, nil},
		{"not action", `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`, nil},
		{"deny star", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, nil},
		{"second statement", `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"allow","Action":"*","Resource":"*"}]}`, []string{"statement 2"}},
		{"single statement object", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, []string{"statement 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := adminStatements(mustPolicy(t, tt.doc)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("adminStatements = %v, want %v", got, tt.want)
			}
		})
	}
}

func Test_adminStarPolicy_scope(t *testing.T) {
	admin := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{
		Policies: []IAMPolicy{
			{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess", AWSManaged: true, AttachmentCount: 3, Document: admin},
			{Name: "unattached", ARN: "arn:aws:iam::111111111111:policy/unattached", AttachmentCount: 0, Document: admin},
			{Name: "attached", ARN: "arn:aws:iam::111111111111:policy/attached", AttachmentCount: 1, Document: admin},
			{Name: "broken", ARN: "arn:aws:iam::111111111111:policy/broken", AttachmentCount: 1, Document: "{"},
		},
		Groups: []IAMGroup{{Name: "ops", ARN: "arn:aws:iam::111111111111:group/ops", InlinePolicies: []Inline{{Name: "all", Document: admin}}}},
		Roles:  []IAMRole{{Name: "app", ARN: "arn:aws:iam::111111111111:role/app"}},
	}}}
	got := map[string]Status{}
	for _, r := range adminStarPolicy(View{Account: a, Now: testNow}) {
		got[r.Resource] = r.Status
	}
	want := map[string]Status{
		"arn:aws:iam::111111111111:policy/attached": Fail,
		"arn:aws:iam::111111111111:policy/broken":   Unknown,
		"arn:aws:iam::111111111111:group/ops":       Fail,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results = %v, want %v", got, want)
	}
}

func Test_foreignTrust(t *testing.T) {
	const own = "111111111111"
	tests := []struct {
		name                string
		doc                 string
		unguarded, accounts []string
	}{
		{"service only", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, nil, nil},
		{"own account root", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`, nil, nil},
		{"own account id", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]}`, nil, nil},
		{"other account no condition", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/x"},"Action":"sts:AssumeRole"}]}`,
			[]string{"statement 1"}, []string{"222222222222"}},
		{"other account with external id", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`,
			nil, []string{"222222222222"}},
		{"other account with org id", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`,
			nil, []string{"222222222222"}},
		{"other account with org paths", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-1/r-ab/*"}}}]}`,
			nil, []string{"222222222222"}},
		{"other account unrelated condition", `{"Statement":[{"Sid":"X","Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			[]string{"X"}, []string{"222222222222"}},
		{"other account with Null external id test", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"Null":{"sts:ExternalId":"true"}}}]}`,
			[]string{"statement 1"}, []string{"222222222222"}},
		{"other account with external id IfExists", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"abc"}}}]}`,
			[]string{"statement 1"}, []string{"222222222222"}},
		{"other account with wildcard external id", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"*"}}}]}`,
			[]string{"statement 1"}, []string{"222222222222"}},
		{"anyone outside the org", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`,
			[]string{"statement 1"}, []string{"*"}},
		{"anyone with ForAllValues org paths", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-1/*"}}}]}`,
			[]string{"statement 1"}, []string{"*"}},
		{"anyone", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`, []string{"statement 1"}, []string{"*"}},
		{"anyone within org", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`, nil, []string{"*"}},
		{"deny other account", `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}]}`, nil, nil},
		{"saml federation", `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}]}`, nil, nil},
		{"sts wildcard action", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:*"}]}`, []string{"statement 1"}, []string{"333333333333"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, f := foreignTrust(mustPolicy(t, tt.doc), own)
			if !reflect.DeepEqual(u, tt.unguarded) || !reflect.DeepEqual(f, tt.accounts) {
				t.Errorf("foreignTrust = %v, %v; want %v, %v", u, f, tt.unguarded, tt.accounts)
			}
		})
	}
}

func Test_roleExternalID_ownAccountFromARN(t *testing.T) {
	// The role's own account comes from its ARN, so trusting it is not cross-account.
	a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{Roles: []IAMRole{
		{Name: "self", ARN: "arn:aws:iam::111111111111:role/self", TrustPolicy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`},
		{Name: "slr", ARN: "arn:aws:iam::111111111111:role/aws-service-role/x/slr", Path: "/aws-service-role/x/", TrustPolicy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`},
	}}}}
	rs := roleExternalID(View{Account: a, Now: testNow})
	if len(rs) != 1 || rs[0].Status != Pass {
		t.Errorf("results = %+v, want one pass (service-linked role skipped)", rs)
	}
}

func iamOneStatus(t *testing.T, rs []Result) Status {
	t.Helper()
	if len(rs) != 1 {
		t.Fatalf("want one result, got %+v", rs)
	}
	return rs[0].Status
}

func Test_rootRecentUse_boundary(t *testing.T) {
	tests := []struct {
		name string
		row  CredentialReportRow
		want Status
	}{
		{"never used", CredentialReportRow{User: RootUser}, Pass},
		{"password 89 days ago", CredentialReportRow{User: RootUser, PasswordLastUsed: daysAgo(89)}, Fail},
		{"password 90 days ago", CredentialReportRow{User: RootUser, PasswordLastUsed: daysAgo(90)}, Pass},
		{"key 2 used yesterday", CredentialReportRow{User: RootUser, PasswordLastUsed: daysAgo(400), AccessKey2LastUsed: daysAgo(1)}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{CredentialReport: []CredentialReportRow{tt.row}}}}
			if got := iamOneStatus(t, rootRecentUse(View{Account: a, Now: testNow})); got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
	noRoot := &Account{ID: "111111111111"}
	if got := iamOneStatus(t, rootRecentUse(View{Account: noRoot, Now: testNow})); got != Unknown {
		t.Errorf("without a root row: status = %s, want unknown", got)
	}
}

func Test_accessKeyAge_boundary(t *testing.T) {
	tests := []struct {
		name string
		row  CredentialReportRow
		want []Status
	}{
		{"rotated 90 days ago", CredentialReportRow{User: "u", AccessKey1Active: true, AccessKey1LastRotated: daysAgo(90)}, []Status{Pass}},
		{"rotated 91 days ago", CredentialReportRow{User: "u", AccessKey1Active: true, AccessKey1LastRotated: daysAgo(91)}, []Status{Fail}},
		{"old key inactive", CredentialReportRow{User: "u", AccessKey1LastRotated: daysAgo(500)}, nil},
		{"second key old", CredentialReportRow{User: "u", AccessKey1Active: true, AccessKey1LastRotated: daysAgo(3), AccessKey2Active: true, AccessKey2LastRotated: daysAgo(120)}, []Status{Fail}},
		{"root row skipped", CredentialReportRow{User: RootUser, AccessKey1Active: true, AccessKey1LastRotated: daysAgo(500)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{CredentialReport: []CredentialReportRow{tt.row}}}}
			var got []Status
			for _, r := range accessKeyAge(View{Account: a, Now: testNow}) {
				got = append(got, r.Status)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("statuses = %v, want %v", got, tt.want)
			}
		})
	}
}

func Test_unusedCredentials_boundary(t *testing.T) {
	tests := []struct {
		name string
		row  CredentialReportRow
		want []Status
	}{
		{"password used 44 days ago", CredentialReportRow{User: "u", PasswordEnabled: true, PasswordLastUsed: daysAgo(44)}, []Status{Pass}},
		{"password used 45 days ago", CredentialReportRow{User: "u", PasswordEnabled: true, PasswordLastUsed: daysAgo(45)}, []Status{Fail}},
		{"password never used, set 10 days ago", CredentialReportRow{User: "u", UserCreation: daysAgo(300), PasswordEnabled: true, PasswordLastChanged: daysAgo(10)}, []Status{Pass}},
		{"password never used, set 50 days ago", CredentialReportRow{User: "u", UserCreation: daysAgo(300), PasswordEnabled: true, PasswordLastChanged: daysAgo(50)}, []Status{Fail}},
		{"key never used, created 44 days ago", CredentialReportRow{User: "u", AccessKey1Active: true, AccessKey1LastRotated: daysAgo(44)}, []Status{Pass}},
		{"key never used, created 45 days ago", CredentialReportRow{User: "u", AccessKey1Active: true, AccessKey1LastRotated: daysAgo(45)}, []Status{Fail}},
		{"key used recently, password stale", CredentialReportRow{User: "u", PasswordEnabled: true, PasswordLastUsed: daysAgo(200), AccessKey1Active: true, AccessKey1LastUsed: daysAgo(1)}, []Status{Fail}},
		{"inactive key ignored", CredentialReportRow{User: "u", AccessKey2LastRotated: daysAgo(400)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{CredentialReport: []CredentialReportRow{tt.row}}}}
			var got []Status
			for _, r := range unusedCredentials(View{Account: a, Now: testNow}) {
				got = append(got, r.Status)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("statuses = %v, want %v", got, tt.want)
			}
		})
	}
}

func Test_unusedRoles_boundary(t *testing.T) {
	tests := []struct {
		name string
		role IAMRole
		want []Status
	}{
		{"used 89 days ago", IAMRole{Name: "r", Created: daysAgo(900), LastUsed: daysAgo(89)}, []Status{Pass}},
		{"used 90 days ago", IAMRole{Name: "r", Created: daysAgo(900), LastUsed: daysAgo(90)}, []Status{Fail}},
		{"never used, created 10 days ago", IAMRole{Name: "r", Created: daysAgo(10)}, []Status{Pass}},
		{"never used, created 120 days ago", IAMRole{Name: "r", Created: daysAgo(120)}, []Status{Fail}},
		{"service-linked", IAMRole{Name: "r", Path: "/aws-service-role/support.amazonaws.com/", Created: daysAgo(900)}, nil},
		{"no dates", IAMRole{Name: "r"}, []Status{Unknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: GlobalFacts{IAM: IAM{Roles: []IAMRole{tt.role}}}}
			var got []Status
			for _, r := range unusedRoles(View{Account: a, Now: testNow}) {
				got = append(got, r.Status)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("statuses = %v, want %v", got, tt.want)
			}
		})
	}
}

func Test_rootMFA_neverPassedByCentralManagement(t *testing.T) {
	member := &Organization{ID: "o-abc123", ManagementAcct: "999999999999"}
	mgmt := &Organization{ID: "o-abc123", ManagementAcct: "111111111111", IsManagementAcc: true}
	noCreds := &CredentialReportRow{User: RootUser}
	tests := []struct {
		name    string
		mfa     int32
		managed bool
		org     *Organization
		row     *CredentialReportRow
		want    Status
		hint    bool   // the message points at the management account
		scope   bool   // evidence says central management covers members only
		say     string // in the message
	}{
		{"mfa on", 1, false, nil, nil, Pass, false, false, "has an MFA device"},
		{"mfa on in a management account with the feature", 1, true, mgmt, noCreds, Pass, false, true, "has an MFA device"},
		{"mfa off, stand-alone account", 0, false, nil, noCreds, Fail, false, false, "no MFA device"},
		// The reviewer's case: the feature reads true only in the management
		// account, where it does not apply; root without MFA must fail.
		{"management account, feature on, no MFA, no keys", 0, true, mgmt, noCreds, Fail, false, true, "no MFA device"},
		// password_enabled is always false for root in the report: it is no evidence.
		{"management account, feature on, password_enabled false", 0, true, mgmt, &CredentialReportRow{User: RootUser, PasswordEnabled: false}, Fail, false, true, "no MFA device"},
		{"member, root never used and no keys", 0, false, member, noCreds, Fail, true, false, "confirm in the management account 999999999999"},
		{"member read as delegated admin, feature on", 0, true, member, noCreds, Fail, true, false, "manages root credentials centrally"},
		{"member, root password used once", 0, false, member, &CredentialReportRow{User: RootUser, PasswordLastUsed: daysAgo(400)}, Fail, false, false, "no MFA device"},
		{"member, root key 2 active", 0, false, member, &CredentialReportRow{User: RootUser, AccessKey2Active: true}, Fail, false, false, "no MFA device"},
		{"member, no root row", 0, false, member, nil, Fail, false, false, "no MFA device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: GlobalFacts{Organization: tt.org, IAM: IAM{
				Summary: map[string]int32{"AccountMFAEnabled": tt.mfa}, RootCredentialsManaged: tt.managed}}}
			if tt.row != nil {
				a.Global.IAM.CredentialReport = []CredentialReportRow{*tt.row}
			}
			v := View{Account: a, Now: testNow}
			funcs := map[string]func(View) []Result{"root-mfa": rootMFA}
			// Without MFA, hardware MFA follows the same rule.
			if tt.mfa == 0 {
				funcs["root-hardware-mfa"] = rootHardwareMFA
			}
			for name, eval := range funcs {
				rs := eval(v)
				if got := iamOneStatus(t, rs); got != tt.want {
					t.Fatalf("%s status = %s, want %s: %s", name, got, tt.want, rs[0].Message)
				}
				r := rs[0]
				if !strings.Contains(r.Message, tt.say) {
					t.Errorf("%s message %q does not say %q", name, r.Message, tt.say)
				}
				if got := strings.Contains(r.Message, "may have no root credentials"); got != tt.hint {
					t.Errorf("%s message %q: management-account hint = %v, want %v", name, r.Message, got, tt.hint)
				}
				if tt.hint {
					if v, ok := r.Evidence["root_password_last_used"]; !ok || v != nil {
						t.Errorf("%s evidence %v: want root_password_last_used null", name, r.Evidence)
					}
					if r.Evidence["management_account"] != "999999999999" || r.Evidence["may_have_no_root_credentials"] != true {
						t.Errorf("%s evidence %v: want the management account and the hint", name, r.Evidence)
					}
				}
				if _, got := r.Evidence["root_credentials_managed_scope"]; got != tt.scope {
					t.Errorf("%s evidence %v: members-only note = %v, want %v", name, r.Evidence, got, tt.scope)
				}
				if _, ok := r.Evidence["root_password_enabled"]; ok {
					t.Errorf("%s evidence %v reports root password_enabled, which the report never fills for root", name, r.Evidence)
				}
			}
		})
	}
}

func Test_rootHardwareMFA(t *testing.T) {
	const (
		legacy = "arn:aws:iam::111111111111:mfa/root-account-mfa-device"
		custom = "arn:aws:iam::111111111111:mfa/dana-phone"
		alice  = "arn:aws:iam::111111111111:mfa/alice"
	)
	tests := []struct {
		name            string
		mfa             int32
		rootSerials     []string
		virtualSerials  []string
		want            Status
		wantVirtualRoot []string
	}{
		{"hardware only, a user's virtual device elsewhere", 1, nil, []string{alice}, Pass, []string{}},
		{"no virtual device at all", 1, nil, nil, Pass, []string{}},
		{"legacy-named root device", 1, nil, []string{legacy, alice}, Fail, []string{legacy}},
		{"custom-named root device", 1, []string{custom}, []string{custom, alice}, Fail, []string{custom}},
		{"custom-named root device missing from the list of all", 1, []string{custom}, nil, Fail, []string{custom}},
		{"two root devices, one legacy, listed once each", 1, []string{custom, legacy}, []string{legacy, custom}, Fail, []string{custom, legacy}},
		{"no MFA at all", 0, nil, nil, Fail, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeGlobal(rootHardwareMFA, GlobalFacts{IAM: IAM{
				Summary:               map[string]int32{"AccountMFAEnabled": tt.mfa},
				RootVirtualMFASerials: tt.rootSerials, VirtualMFASerials: tt.virtualSerials}})
			if got := iamOneStatus(t, rs); got != tt.want {
				t.Fatalf("status = %s, want %s: %s", got, tt.want, rs[0].Message)
			}
			got, _ := rs[0].Evidence["root_virtual_mfa_serials"].([]string)
			if tt.wantVirtualRoot != nil && !reflect.DeepEqual(got, tt.wantVirtualRoot) {
				t.Errorf("root_virtual_mfa_serials = %v, want %v", got, tt.wantVirtualRoot)
			}
			for _, s := range tt.wantVirtualRoot {
				if !strings.Contains(rs[0].Message, s) {
					t.Errorf("message %q does not name %s", rs[0].Message, s)
				}
			}
		})
	}
}

func Test_isRootVirtualMFA(t *testing.T) {
	for serial, want := range map[string]bool{
		"arn:aws:iam::111111111111:mfa/root-account-mfa-device":        true,
		"arn:aws-cn:iam::111111111111:mfa/root-account-mfa-device":     true,
		"arn:aws:iam::111111111111:mfa/alice":                          false,
		"arn:aws:iam::111111111111:mfa/root-account-mfa-device-backup": true,
	} {
		if got := isRootVirtualMFA(serial); got != want {
			t.Errorf("isRootVirtualMFA(%q) = %v, want %v", serial, got, want)
		}
	}
}

func Test_federation(t *testing.T) {
	users := []CredentialReportRow{{User: RootUser, PasswordEnabled: true}, {User: "ci", AccessKey1Active: true}}
	withPW := append(append([]CredentialReportRow(nil), users...), CredentialReportRow{User: "alice", PasswordEnabled: true})
	tests := []struct {
		name string
		g    GlobalFacts
		want Status
	}{
		{"sso, root password only", GlobalFacts{SSOInstances: []string{"arn:aws:sso:::instance/ssoins-1"}, IAM: IAM{CredentialReport: users}}, Pass},
		{"oidc provider", GlobalFacts{IAM: IAM{OIDCProviders: []string{"arn:aws:iam::111111111111:oidc-provider/idp"}, CredentialReport: users}}, Pass},
		{"sso, console user", GlobalFacts{SSOInstances: []string{"arn:aws:sso:::instance/ssoins-1"}, IAM: IAM{CredentialReport: withPW}}, Fail},
		{"no provider", GlobalFacts{IAM: IAM{CredentialReport: users}}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: "111111111111", Global: tt.g}
			if got := iamOneStatus(t, federation(View{Account: a, Now: testNow})); got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
}

func Test_acctARN_partition(t *testing.T) {
	for home, want := range map[string]string{
		"us-east-1":     "arn:aws:iam::111111111111:root",
		"":              "arn:aws:iam::111111111111:root",
		"cn-north-1":    "arn:aws-cn:iam::111111111111:root",
		"us-gov-west-1": "arn:aws-us-gov:iam::111111111111:root",
	} {
		if got := acctARN(View{Account: &Account{ID: "111111111111", HomeRegion: home}}); got != want {
			t.Errorf("acctARN(home %q) = %s, want %s", home, got, want)
		}
	}
}

func Test_breakGlassRole_trust(t *testing.T) {
	const acct = "111111111111"
	trust := func(principal, cond string) string {
		st := `{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"`
		if cond != "" {
			st += `,"Condition":` + cond
		}
		return `{"Statement":[` + st + `}]}`
	}
	own := `{"AWS":"arn:aws:iam::111111111111:root"}`
	tests := []struct {
		name, trust string
		want        Status
	}{
		{"no condition", trust(own, ""), Fail},
		{"MFA present true", trust(own, `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), Pass},
		{"MFA present True, key in another case", trust(own, `{"bool":{"AWS:MultiFactorAuthPresent":"True"}}`), Pass},
		{"MFA present false", trust(own, `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`), Fail},
		{"MFA present true or false", trust(own, `{"Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}`), Fail},
		{"BoolIfExists true holds without MFA", trust(own, `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`), Fail},
		{"Null MFA key false", trust(own, `{"Null":{"aws:MultiFactorAuthPresent":"false"}}`), Fail},
		{"MFA age less than", trust(own, `{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}`), Pass},
		{"MFA age less than or equal", trust(own, `{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}}`), Pass},
		{"MFA age less than IfExists", trust(own, `{"NumericLessThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}`), Fail},
		{"MFA age greater than", trust(own, `{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600"}}`), Fail},
		{"Null MFA age false", trust(own, `{"Null":{"aws:MultiFactorAuthAge":"false"}}`), Fail},
		{"federated", trust(`{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"}`, ""), Pass},
		{"MFA only on a Deny", `{"Statement":[{"Effect":"Deny","Principal":` + own + `,"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},` +
			`{"Effect":"Allow","Principal":` + own + `,"Action":"sts:AssumeRole"}]}`, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Account{ID: acct, Global: GlobalFacts{IAM: IAM{Roles: []IAMRole{
				{Name: "break-glass", ARN: "arn:aws:iam::111111111111:role/break-glass", TrustPolicy: tt.trust},
			}}}}
			if got := iamOneStatus(t, breakGlassRole(View{Account: a, Now: testNow})); got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
}

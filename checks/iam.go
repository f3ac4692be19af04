package checks

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Day thresholds of the credential checks.
const (
	rootRecentUseDays  = 90 // root used less than this many days ago fails
	accessKeyMaxDays   = 90 // an active key rotated more than this many days ago fails
	unusedCredDays     = 45 // a credential unused for this many days or more fails
	unusedRoleDays     = 90 // a role unused for this many days or more fails
	passwordMinLength  = 14
	passwordMinReuse   = 24
	serviceLinkedPath  = "/aws-service-role/"
	credentialReport   = "iam:GetCredentialReport"
	generateCredReport = "iam:GenerateCredentialReport"
	accountSummary     = "iam:GetAccountSummary"
	authDetails        = "iam:GetAccountAuthorizationDetails"
)

func init() {
	register(Check{
		ID: "iam.root-mfa", Title: "Root user has MFA", Service: "iam",
		Scope: Global, Severity: Critical, Practices: []string{"SEC01-BP02", "SEC02-BP01"},
		Needs:       []string{accountSummary},
		Reads:       []string{"iam:ListOrganizationsFeatures", generateCredReport, credentialReport},
		Risk:        "Anyone who learns the root password can take over the whole account, and without MFA nothing else stands in the way.",
		Remediation: "Register an MFA device (preferably hardware or a passkey) for the root user. For a member account whose root credentials the organization manages centrally, confirm in the management account that they were removed: the member account itself cannot show it.",
		CIS:         []string{"1.5"},
		SecurityHub: []string{"IAM.9"},
		Eval:        rootMFA,
	})
	register(Check{
		ID: "iam.root-hardware-mfa", Title: "Root user MFA is a hardware device", Service: "iam",
		Scope: Global, Severity: High, Practices: []string{"SEC01-BP02"},
		Needs:       []string{accountSummary, "iam:ListVirtualMFADevices"},
		Reads:       []string{"iam:ListOrganizationsFeatures", generateCredReport, credentialReport},
		Risk:        "A virtual MFA lives on a phone or laptop that can be lost, cloned or compromised along with the password it is meant to back up.",
		Remediation: "Replace the root user's virtual MFA with a hardware key or token kept in a safe place, with a second device registered as a spare.",
		CIS:         []string{"1.6"},
		SecurityHub: []string{"IAM.6"},
		Eval:        rootHardwareMFA,
	})
	register(Check{
		ID: "iam.root-access-keys", Title: "Root user has no access keys", Service: "iam",
		Scope: Global, Severity: Critical, Practices: []string{"SEC01-BP02", "SEC02-BP02"},
		Needs:       []string{accountSummary},
		Risk:        "A root access key gives unrestricted, MFA-free API access to the account, and a leaked one cannot be limited by any policy.",
		Remediation: "Delete the root user's access keys and move whatever used them to a role with only the permissions it needs.",
		CIS:         []string{"1.4"},
		SecurityHub: []string{"IAM.4"},
		Eval:        rootAccessKeys,
	})
	register(Check{
		ID: "iam.root-recent-use", Title: "Root user has not been used recently", Service: "iam",
		Scope: Global, Severity: High, Practices: []string{"SEC01-BP02", "SEC03-BP03"},
		Needs:       []string{generateCredReport, credentialReport},
		Risk:        "Routine use of the root user means its credentials are handled often and its unrestricted power is exercised for everyday work.",
		Remediation: "Find out who used the root user and why, give them a role for that task, and keep root for the few tasks only it can do.",
		CIS:         []string{"1.7"},
		Eval:        rootRecentUse,
	})
	register(Check{
		ID: "iam.user-console-mfa", Title: "IAM users with a console password have MFA", Service: "iam",
		Scope: Global, Severity: High, Practices: []string{"SEC02-BP01"},
		Needs:       []string{generateCredReport, credentialReport},
		Risk:        "A console password alone can be phished, guessed or reused from another breach, and then the attacker has that user's access.",
		Remediation: "Require MFA for every user who signs in to the console, or remove their password and move them to federated access.",
		CIS:         []string{"1.10"},
		SecurityHub: []string{"IAM.5"},
		Eval:        userConsoleMFA,
	})
	register(Check{
		ID: "iam.access-key-age", Title: "Active access keys were rotated within 90 days", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC02-BP05"},
		Needs:       []string{generateCredReport, credentialReport},
		Risk:        "The longer a key lives, the more places it is copied to and the longer a leaked copy keeps working.",
		Remediation: "Rotate access keys at least every 90 days, or better, replace long-lived keys with roles and short-lived credentials.",
		CIS:         []string{"1.14"},
		SecurityHub: []string{"IAM.3"},
		Eval:        accessKeyAge,
	})
	register(Check{
		ID: "iam.unused-credentials", Title: "Passwords and access keys unused for 45 days are disabled", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC02-BP05", "SEC03-BP06"},
		Needs:       []string{generateCredReport, credentialReport},
		Risk:        "Credentials nobody uses are nobody's concern, so their theft or misuse is unlikely to be noticed.",
		Remediation: "Deactivate passwords and access keys that have not been used for 45 days, and delete them once nobody claims them.",
		CIS:         []string{"1.12"},
		SecurityHub: []string{"IAM.22", "IAM.8"},
		Eval:        unusedCredentials,
	})
	register(Check{
		ID: "iam.password-policy", Title: "Account password policy requires length 14 and prevents reuse", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC02-BP01"},
		Needs:       []string{"iam:GetAccountPasswordPolicy"},
		Risk:        "Without a strong password policy IAM users can choose short or recycled passwords that are easy to guess or already leaked.",
		Remediation: "Set an account password policy with a minimum length of at least 14 characters and reuse prevention of 24 passwords.",
		CIS:         []string{"1.8", "1.9"},
		SecurityHub: []string{"IAM.7", "IAM.15", "IAM.16"},
		Eval:        passwordPolicy,
	})
	register(Check{
		ID: "iam.admin-star-policy", Title: "No customer policy grants all actions on all resources", Service: "iam",
		Scope: Global, Severity: High, Practices: []string{"SEC03-BP02"},
		Needs:       []string{authDetails},
		Risk:        "A policy that allows every action on every resource makes whoever holds it a full administrator, often by accident and without review.",
		Remediation: "Replace Action \"*\" on Resource \"*\" with the specific services and actions the principal needs; keep full administration to a few audited roles.",
		CIS:         []string{"1.16"},
		SecurityHub: []string{"IAM.1"},
		Eval:        adminStarPolicy,
	})
	register(Check{
		ID: "iam.user-direct-policies", Title: "IAM users get permissions only through groups", Service: "iam",
		Scope: Global, Severity: Low, Practices: []string{"SEC02-BP06"},
		Needs:       []string{authDetails},
		Risk:        "Permissions attached to individual users are hard to review and tend to linger after the person's role changes.",
		Remediation: "Move policies attached to users onto groups (or roles) that describe the job, and add the users to those groups.",
		CIS:         []string{"1.15"},
		SecurityHub: []string{"IAM.2"},
		Eval:        userDirectPolicies,
	})
	register(Check{
		ID: "iam.unused-roles", Title: "Roles unused for 90 days are removed", Service: "iam",
		Scope: Global, Severity: Low, Practices: []string{"SEC03-BP04", "SEC03-BP06"},
		Needs:       []string{authDetails},
		Risk:        "Roles that nobody uses still carry permissions and trust relationships that an attacker can use without anyone noticing.",
		Remediation: "Review roles not used for 90 days with their owners and delete those no longer needed.",
		Eval:        unusedRoles,
	})
	register(Check{
		ID: "iam.break-glass-role", Title: "An emergency access role is provisioned ahead of need", Service: "iam",
		Scope: Global, Severity: Low, Practices: []string{"SEC03-BP03", "SEC10-BP05"},
		Needs:       []string{authDetails},
		Risk:        "When the identity provider is down or an incident needs more access than daily roles allow, a team without a prepared emergency role improvises with shared root passwords or hastily granted administrator access.",
		Remediation: "Create an emergency (break-glass) role whose trust policy requires MFA or a federated identity, tag it warroom:emergency=true, alert on every use and rehearse the procedure; this evidence only finds candidates, the interview confirms the process.",
		Eval:        breakGlassRole,
	})
	register(Check{
		ID: "iam.role-external-id", Title: "Roles trusting other accounts require an external id or organization condition", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC03-BP09"},
		Needs:       []string{authDetails},
		Risk:        "A role that trusts another account without a condition can be assumed by anyone there, including a third party tricked into acting for someone else (the confused deputy).",
		Remediation: "Add an sts:ExternalId condition for third-party access, or aws:PrincipalOrgID / aws:PrincipalOrgPaths for accounts of your own organization, to every cross-account trust statement.",
		Eval:        roleExternalID,
	})
	register(Check{
		ID: "iam.access-analyzer", Title: "IAM Access Analyzer is active in the region", Service: "accessanalyzer",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC03-BP07"},
		Needs:       []string{"access-analyzer:ListAnalyzers"},
		Risk:        "Without an analyzer, resources shared outside the account or organization by a policy change go unnoticed.",
		Remediation: "Create an account or organization analyzer in every region you use and route its findings to the security team.",
		CIS:         []string{"1.20"},
		SecurityHub: []string{"IAM.28"},
		Eval:        accessAnalyzer,
	})
	register(Check{
		ID: "iam.federation", Title: "Human access is federated through an identity provider", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC02-BP04", "SEC02-BP02"},
		Needs:       []string{"sso:ListInstances", "iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders", generateCredReport, credentialReport},
		Risk:        "Local IAM users with passwords are managed account by account, so leavers keep access and password and MFA rules are enforced unevenly.",
		Remediation: "Give people access through IAM Identity Center or your identity provider, and remove console passwords from IAM users.",
		CIS:         []string{"1.21"},
		Eval:        federation,
	})
	register(Check{
		ID: "iam.support-role", Title: "A role can manage incidents with AWS Support", Service: "iam",
		Scope: Global, Severity: Low, Practices: []string{"SEC10-BP01"},
		Needs:       []string{"iam:ListEntitiesForPolicy"},
		Risk:        "During an incident, nobody may be allowed to open or follow AWS Support cases without first being granted broader rights.",
		Remediation: "Attach the AWSSupportAccess managed policy to a role that incident responders can assume.",
		CIS:         []string{"1.17"},
		SecurityHub: []string{"IAM.18"},
		Eval:        supportRole,
	})
	register(Check{
		ID: "iam.expired-server-certs", Title: "No expired server certificates are stored in IAM", Service: "iam",
		Scope: Global, Severity: Medium, Practices: []string{"SEC09-BP01"},
		Needs:       []string{"iam:ListServerCertificates"},
		Risk:        "An expired certificate left in IAM can be attached to a load balancer by mistake and break or weaken TLS for clients.",
		Remediation: "Delete expired server certificates from IAM and manage certificates in ACM, which renews them.",
		CIS:         []string{"1.19"},
		SecurityHub: []string{"IAM.26"},
		Eval:        expiredServerCerts,
	})
}

// ---- root user ----

// rootRow returns the credential report row of the root user, or nil.
func rootRow(a *Account) *CredentialReportRow {
	for i := range a.Global.IAM.CredentialReport {
		if a.Global.IAM.CredentialReport[i].User == RootUser {
			return &a.Global.IAM.CredentialReport[i]
		}
	}
	return nil
}

// rootMFAEnabled reports whether the root user has at least one MFA device.
// It is the only evidence of root MFA the checks accept: central root
// credential management is not (see rootNoMFA).
func rootMFAEnabled(a *Account) bool { return a.Global.IAM.Summary["AccountMFAEnabled"] == 1 }

// rootEvidence adds what is known about the root user's credentials to ev.
// The credential report's password_enabled is always "not_supported" for
// root, so it is never read; password_last_used is.
func rootEvidence(a *Account, ev map[string]any) {
	iam := a.Global.IAM
	ev["root_credentials_managed"] = iam.RootCredentialsManaged
	if o := a.Global.Organization; o != nil && o.IsManagementAcc && iam.RootCredentialsManaged {
		// ListOrganizationsFeatures answers in the management account, but
		// central root management covers member accounts only.
		ev["root_credentials_managed_scope"] = "member accounts only, not this management account"
	}
	r := rootRow(a)
	if r == nil {
		return
	}
	if r.PasswordLastUsed != nil {
		ev["root_password_last_used"] = ymd(*r.PasswordLastUsed)
	} else {
		ev["root_password_last_used"] = nil
	}
	ev["root_active_keys"] = activeKeys(r)
}

// rootNoMFA is the failing result for a root user without MFA. In a member
// account whose root user never signed in with a password and has no active
// access key, the organization may manage root credentials centrally and
// have removed them; this account cannot see that, so the result still
// fails but says where to confirm it.
func rootNoMFA(v View, ev map[string]any, msg string) Result {
	a := v.Account
	o := a.Global.Organization
	r := rootRow(a)
	if o == nil || o.IsManagementAcc || r == nil || r.PasswordLastUsed != nil || activeKeys(r) > 0 {
		return Result{Resource: acctARN(v), Status: Fail, Evidence: ev, Message: msg + "."}
	}
	ev["organization"] = o.ID
	ev["management_account"] = o.ManagementAcct
	ev["may_have_no_root_credentials"] = true
	mgmt := "the management account"
	if o.ManagementAcct != "" {
		mgmt += " " + o.ManagementAcct
	}
	return Result{Resource: acctARN(v), Status: Fail, Evidence: ev,
		Message: msg + ". The root user has never signed in with a password and has no active access key: if organization " + o.ID +
			" manages root credentials centrally, it may have no root credentials at all; confirm in " + mgmt +
			" that they were removed, or register MFA."}
}

func rootMFA(v View) []Result {
	a := v.Account
	ev := map[string]any{"account_mfa_enabled": a.Global.IAM.Summary["AccountMFAEnabled"]}
	rootEvidence(a, ev)
	if rootMFAEnabled(a) {
		return []Result{{Resource: acctARN(v), Status: Pass, Message: "Root user of account " + a.ID + " has an MFA device.", Evidence: ev}}
	}
	return []Result{rootNoMFA(v, ev, "Root user of account "+a.ID+" has no MFA device")}
}

// rootVirtualMFAMarker is in the name AWS gave the root user's virtual MFA
// device before root could register several devices with names of its own.
const rootVirtualMFAMarker = "root-account-mfa-device"

// isRootVirtualMFA reports whether a virtual MFA serial carries the
// historical root device name.
func isRootVirtualMFA(serial string) bool {
	return strings.Contains(serial, rootVirtualMFAMarker)
}

// rootVirtualMFAs returns the virtual MFA devices of the root user: those
// the collector saw assigned to root, whatever their names, and any serial
// with the historical root device name; once each, in that order.
func rootVirtualMFAs(iam IAM) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range iam.RootVirtualMFASerials {
		add(s)
	}
	for _, s := range iam.VirtualMFASerials {
		if isRootVirtualMFA(s) {
			add(s)
		}
	}
	return out
}

func rootHardwareMFA(v View) []Result {
	a := v.Account
	res := acctARN(v)
	ev := map[string]any{"account_mfa_enabled": a.Global.IAM.Summary["AccountMFAEnabled"]}
	if !rootMFAEnabled(a) {
		rootEvidence(a, ev)
		return []Result{rootNoMFA(v, ev, "Root user of account "+a.ID+" has no MFA device at all, hardware or virtual")}
	}
	if virtual := rootVirtualMFAs(a.Global.IAM); len(virtual) > 0 {
		ev["root_virtual_mfa_serials"] = virtual
		what := "a virtual MFA device"
		if len(virtual) > 1 {
			what = plural(len(virtual), "virtual MFA device", "virtual MFA devices")
		}
		return []Result{{Resource: res, Status: Fail, Evidence: ev,
			Message: "Root user of account " + a.ID + " uses " + what + " (" + strings.Join(virtual, ", ") + ") instead of hardware only."}}
	}
	ev["root_virtual_mfa_serials"] = []string{}
	ev["virtual_mfa_devices"] = len(a.Global.IAM.VirtualMFASerials)
	return []Result{{Resource: res, Status: Pass, Message: "Root user of account " + a.ID + " has MFA and no virtual MFA device.", Evidence: ev}}
}

func rootAccessKeys(v View) []Result {
	a := v.Account
	n := a.Global.IAM.Summary["AccountAccessKeysPresent"]
	ev := map[string]any{"account_access_keys_present": n}
	return []Result{passIf(n == 0, acctARN(v), ev,
		"Root user of account "+a.ID+" has no access keys.",
		"Root user of account "+a.ID+" has an access key.")}
}

func rootRecentUse(v View) []Result {
	a := v.Account
	res := acctARN(v)
	r := rootRow(a)
	if r == nil {
		return []Result{{Resource: res, Status: Unknown, Message: "The credential report of account " + a.ID + " has no row for the root user."}}
	}
	ev := map[string]any{"window_days": rootRecentUseDays}
	var used []string
	for _, u := range []struct {
		name string
		t    *time.Time
	}{
		{"password", r.PasswordLastUsed},
		{"access key 1", r.AccessKey1LastUsed},
		{"access key 2", r.AccessKey2LastUsed},
	} {
		if u.t == nil {
			continue
		}
		ev[strings.ReplaceAll(u.name, " ", "_")+"_last_used"] = ymd(*u.t)
		if daysSince(v.Now, *u.t) < rootRecentUseDays {
			used = append(used, u.name+" on "+ymd(*u.t))
		}
	}
	return []Result{passIf(len(used) == 0, res, ev,
		fmt.Sprintf("Root user of account %s has not been used in the last %d days.", a.ID, rootRecentUseDays),
		fmt.Sprintf("Root user of account %s was used in the last %d days (%s).", a.ID, rootRecentUseDays, strings.Join(used, ", ")))}
}

// ---- IAM users (credential report) ----

func activeKeys(r *CredentialReportRow) int {
	n := 0
	if r.AccessKey1Active {
		n++
	}
	if r.AccessKey2Active {
		n++
	}
	return n
}

// userRows returns the credential report rows of IAM users, root excluded.
func userRows(a *Account) []CredentialReportRow {
	var out []CredentialReportRow
	for _, r := range a.Global.IAM.CredentialReport {
		if r.User != RootUser {
			out = append(out, r)
		}
	}
	return out
}

func userConsoleMFA(v View) []Result {
	var out []Result
	for _, r := range userRows(v.Account) {
		if !r.PasswordEnabled {
			continue
		}
		ev := map[string]any{"user": r.User, "password_enabled": true, "mfa_active": r.MFAActive}
		out = append(out, passIf(r.MFAActive, r.ARN, ev,
			"IAM user "+r.User+" has a console password and MFA.",
			"IAM user "+r.User+" has a console password but no MFA device."))
	}
	return out
}

// accessKey is one of the two access key slots of a credential report row.
type accessKey struct {
	n                  int
	active             bool
	lastRotated, lastU *time.Time
}

func keysOf(r CredentialReportRow) []accessKey {
	return []accessKey{
		{1, r.AccessKey1Active, r.AccessKey1LastRotated, r.AccessKey1LastUsed},
		{2, r.AccessKey2Active, r.AccessKey2LastRotated, r.AccessKey2LastUsed},
	}
}

// firstTime returns the first non-nil time.
func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			return t
		}
	}
	return nil
}

func accessKeyAge(v View) []Result {
	var out []Result
	for _, r := range userRows(v.Account) {
		ev := map[string]any{"user": r.User, "max_age_days": accessKeyMaxDays}
		var old, judged []string
		for _, k := range keysOf(r) {
			if !k.active {
				continue
			}
			t := firstTime(k.lastRotated, r.UserCreation)
			if t == nil {
				continue
			}
			age := daysSince(v.Now, *t)
			ev[fmt.Sprintf("key_%d_age_days", k.n)] = age
			judged = append(judged, fmt.Sprint(k.n))
			if age > accessKeyMaxDays {
				old = append(old, fmt.Sprintf("key %d last rotated %d days ago", k.n, age))
			}
		}
		if len(judged) == 0 {
			continue
		}
		out = append(out, passIf(len(old) == 0, r.ARN, ev,
			fmt.Sprintf("IAM user %s has active access keys rotated within %d days.", r.User, accessKeyMaxDays),
			fmt.Sprintf("IAM user %s has an active access key older than %d days (%s).", r.User, accessKeyMaxDays, strings.Join(old, ", "))))
	}
	return out
}

func unusedCredentials(v View) []Result {
	var out []Result
	for _, r := range userRows(v.Account) {
		ev := map[string]any{"user": r.User, "threshold_days": unusedCredDays}
		var unused []string
		judged := 0
		// A credential never used counts from when it was created: the
		// password from when it was set, a key from its rotation date.
		if r.PasswordEnabled {
			if t := firstTime(r.PasswordLastUsed, r.PasswordLastChanged, r.UserCreation); t != nil {
				judged++
				d := daysSince(v.Now, *t)
				ev["password_days_unused"] = d
				if r.PasswordLastUsed == nil {
					ev["password_never_used"] = true
				}
				if d >= unusedCredDays {
					unused = append(unused, fmt.Sprintf("password unused for %d days", d))
				}
			}
		}
		for _, k := range keysOf(r) {
			if !k.active {
				continue
			}
			t := firstTime(k.lastU, k.lastRotated, r.UserCreation)
			if t == nil {
				continue
			}
			judged++
			d := daysSince(v.Now, *t)
			ev[fmt.Sprintf("key_%d_days_unused", k.n)] = d
			if k.lastU == nil {
				ev[fmt.Sprintf("key_%d_never_used", k.n)] = true
			}
			if d >= unusedCredDays {
				unused = append(unused, fmt.Sprintf("key %d unused for %d days", k.n, d))
			}
		}
		if judged == 0 {
			continue
		}
		out = append(out, passIf(len(unused) == 0, r.ARN, ev,
			fmt.Sprintf("IAM user %s has used every enabled credential in the last %d days.", r.User, unusedCredDays),
			fmt.Sprintf("IAM user %s has enabled credentials unused for %d days or more (%s).", r.User, unusedCredDays, strings.Join(unused, ", "))))
	}
	return out
}

func passwordPolicy(v View) []Result {
	a := v.Account
	p := a.Global.IAM.PasswordPolicy
	res := acctARN(v)
	if p == nil {
		return []Result{{Resource: res, Status: Fail, Message: "Account " + a.ID + " has no IAM password policy.", Evidence: map[string]any{"password_policy": false}}}
	}
	ev := map[string]any{"minimum_length": p.MinimumLength, "password_reuse_prevention": p.PasswordReusePrevention}
	var weak []string
	if p.MinimumLength < passwordMinLength {
		weak = append(weak, fmt.Sprintf("minimum length %d is below %d", p.MinimumLength, passwordMinLength))
	}
	if p.PasswordReusePrevention < passwordMinReuse {
		weak = append(weak, fmt.Sprintf("reuse prevention %d is below %d", p.PasswordReusePrevention, passwordMinReuse))
	}
	return []Result{passIf(len(weak) == 0, res, ev,
		fmt.Sprintf("The IAM password policy of account %s requires %d characters and blocks reuse of the last %d passwords.", a.ID, p.MinimumLength, p.PasswordReusePrevention),
		"The IAM password policy of account "+a.ID+" is weak: "+strings.Join(weak, " and ")+".")}
}

// ---- policies and principals ----

// adminStatements returns the labels (Sid, else "statement N") of the
// statements that allow every action ("*" or "*:*") on Resource "*".
// NotAction and Deny statements are not counted.
func adminStatements(p Policy) []string {
	var out []string
	for i, s := range p.Statements {
		if !s.Allows() || len(s.NotAction) > 0 {
			continue
		}
		if !slices.ContainsFunc(s.Actions, isAllActions) || !slices.ContainsFunc(s.Resources, isAllResources) {
			continue
		}
		out = append(out, stmtLabel(s, i))
	}
	return out
}

// stmtLabel names a statement by Sid, else "statement N". The KMS and Lambda
// messages use statementLabel's "#N" form instead; the two stay apart so that
// no message changes.
func stmtLabel(s Statement, i int) string {
	if s.Sid != "" {
		return s.Sid
	}
	return fmt.Sprintf("statement %d", i+1)
}

// isAllActions reports whether an Action entry is "*" or "*:*".
func isAllActions(a string) bool {
	a = strings.TrimSpace(a)
	return a == "*" || a == "*:*"
}

// isAllResources reports whether a Resource entry is "*".
func isAllResources(r string) bool { return strings.TrimSpace(r) == "*" }

// principalInline is a user, group or role with its inline policies.
type principalInline struct {
	kind, name, arn string
	inline          []Inline
}

func adminStarPolicy(v View) []Result {
	iam := v.Account.Global.IAM
	var out []Result
	for _, p := range iam.Policies {
		if p.AWSManaged || p.AttachmentCount == 0 {
			continue
		}
		ev := map[string]any{"policy": p.Name, "attachments": p.AttachmentCount}
		doc, err := ParsePolicy(p.Document)
		if err != nil {
			out = append(out, Result{Resource: p.ARN, Status: Unknown, Evidence: ev, Message: "Policy " + p.Name + " could not be judged: its document does not parse."})
			continue
		}
		if sts := adminStatements(doc); len(sts) > 0 {
			ev["statements"] = sts
			out = append(out, Result{Resource: p.ARN, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("Customer-managed policy %s, attached %s, allows all actions on all resources.", p.Name, plural(int(p.AttachmentCount), "time", "times"))})
			continue
		}
		out = append(out, Result{Resource: p.ARN, Status: Pass, Evidence: ev, Message: "Customer-managed policy " + p.Name + " does not allow all actions on all resources."})
	}
	var ps []principalInline
	for _, u := range iam.Users {
		ps = append(ps, principalInline{"user", u.Name, u.ARN, u.InlinePolicies})
	}
	for _, g := range iam.Groups {
		ps = append(ps, principalInline{"group", g.Name, g.ARN, g.InlinePolicies})
	}
	for _, r := range iam.Roles {
		ps = append(ps, principalInline{"role", r.Name, r.ARN, r.InlinePolicies})
	}
	for _, p := range ps {
		if len(p.inline) == 0 {
			continue
		}
		var admin, unparsed []string
		for _, in := range p.inline {
			doc, err := ParsePolicy(in.Document)
			if err != nil {
				unparsed = append(unparsed, in.Name)
				continue
			}
			for _, s := range adminStatements(doc) {
				admin = append(admin, in.Name+": "+s)
			}
		}
		ev := map[string]any{p.kind: p.name, "inline_policies": len(p.inline)}
		switch {
		case len(admin) > 0:
			ev["statements"] = admin
			out = append(out, Result{Resource: p.arn, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("IAM %s %s has an inline policy that allows all actions on all resources.", p.kind, p.name)})
		case len(unparsed) > 0:
			ev["unparsed"] = unparsed
			out = append(out, Result{Resource: p.arn, Status: Unknown, Evidence: ev,
				Message: fmt.Sprintf("IAM %s %s has inline policies that could not be judged: their documents do not parse.", p.kind, p.name)})
		default:
			out = append(out, Result{Resource: p.arn, Status: Pass, Evidence: ev,
				Message: fmt.Sprintf("IAM %s %s has no inline policy that allows all actions on all resources.", p.kind, p.name)})
		}
	}
	return out
}

func userDirectPolicies(v View) []Result {
	var out []Result
	for _, u := range v.Account.Global.IAM.Users {
		ev := map[string]any{"user": u.Name, "attached_policies": len(u.AttachedPolicies), "inline_policies": len(u.InlinePolicies), "groups": len(u.Groups)}
		n := len(u.AttachedPolicies) + len(u.InlinePolicies)
		out = append(out, passIf(n == 0, u.ARN, ev,
			"IAM user "+u.Name+" has no policies attached directly.",
			fmt.Sprintf("IAM user %s has %s attached directly instead of through a group.", u.Name, plural(n, "policy", "policies"))))
	}
	return out
}

func isServiceLinked(r IAMRole) bool { return strings.HasPrefix(r.Path, serviceLinkedPath) }

func unusedRoles(v View) []Result {
	var out []Result
	for _, r := range v.Account.Global.IAM.Roles {
		if isServiceLinked(r) {
			continue
		}
		ev := map[string]any{"role": r.Name, "threshold_days": unusedRoleDays}
		t := firstTime(r.LastUsed, r.Created)
		if t == nil {
			out = append(out, Result{Resource: r.ARN, Status: Unknown, Evidence: ev, Message: "Role " + r.Name + " has neither a last-used nor a creation date."})
			continue
		}
		d := daysSince(v.Now, *t)
		if r.LastUsed != nil {
			ev["last_used"] = ymd(*r.LastUsed)
		} else {
			ev["never_used"] = true
			ev["created"] = ymd(*t)
		}
		ev["days_unused"] = d
		switch {
		case d < unusedRoleDays:
			out = append(out, Result{Resource: r.ARN, Status: Pass, Evidence: ev, Message: fmt.Sprintf("Role %s was used or created in the last %d days.", r.Name, unusedRoleDays)})
		case r.LastUsed == nil:
			out = append(out, Result{Resource: r.ARN, Status: Fail, Evidence: ev, Message: fmt.Sprintf("Role %s has not been used since it was created %d days ago.", r.Name, d)})
		default:
			out = append(out, Result{Resource: r.ARN, Status: Fail, Evidence: ev, Message: fmt.Sprintf("Role %s was last used %d days ago.", r.Name, d)})
		}
	}
	return out
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// trustCondKeys are the conditions that tie a cross-account trust to an
// expected caller.
var trustCondKeys = []string{"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"}

// foreignTrust judges a trust policy for the account own. It returns the
// labels of Allow statements that let another account's (or any) AWS
// principal assume the role without an external id or organization
// condition, and the foreign accounts the policy names.
func foreignTrust(p Policy, own string) (unguarded, foreign []string) {
	seen := map[string]bool{}
	for i, s := range p.Statements {
		if !s.Allows() || !s.MatchesAction("sts:AssumeRole") {
			continue
		}
		var others []string
		if s.Principal.Any {
			others = append(others, "*")
		}
		for _, id := range s.Principal.AccountIDs() {
			if id != own {
				others = append(others, id)
			}
		}
		if len(others) == 0 {
			continue
		}
		for _, o := range others {
			if !seen[o] {
				seen[o] = true
				foreign = append(foreign, o)
			}
		}
		if !s.HasRestrictingCondition(trustCondKeys...) {
			unguarded = append(unguarded, stmtLabel(s, i))
		}
	}
	sort.Strings(foreign)
	return unguarded, foreign
}

func roleExternalID(v View) []Result {
	var out []Result
	for _, r := range v.Account.Global.IAM.Roles {
		if isServiceLinked(r) {
			continue
		}
		own := arnAccount(r.ARN)
		if own == "" {
			own = v.Account.ID
		}
		ev := map[string]any{"role": r.Name}
		p, err := ParsePolicy(r.TrustPolicy)
		if err != nil {
			out = append(out, Result{Resource: r.ARN, Status: Unknown, Evidence: ev, Message: "Role " + r.Name + " could not be judged: its trust policy does not parse."})
			continue
		}
		unguarded, foreign := foreignTrust(p, own)
		if len(foreign) > 0 {
			ev["trusted_accounts"] = foreign
		}
		switch {
		case len(unguarded) > 0:
			ev["statements"] = unguarded
			out = append(out, Result{Resource: r.ARN, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("Role %s trusts %s without an external id or organization condition.", r.Name, describeTrusted(foreign))})
		case len(foreign) > 0:
			out = append(out, Result{Resource: r.ARN, Status: Pass, Evidence: ev,
				Message: fmt.Sprintf("Role %s trusts %s only with an external id or organization condition.", r.Name, describeTrusted(foreign))})
		default:
			out = append(out, Result{Resource: r.ARN, Status: Pass, Evidence: ev, Message: "Role " + r.Name + " trusts no other AWS account."})
		}
	}
	return out
}

func describeTrusted(ids []string) string {
	if len(ids) == 1 && ids[0] == "*" {
		return "any AWS principal"
	}
	return "account " + strings.Join(ids, ", ")
}

// ---- regional and account-wide IAM facts ----

func accessAnalyzer(v View) []Result {
	res := svcUnit("accessanalyzer", v)
	var other []string
	for _, an := range v.Region.AccessAnalyzers {
		if an.Status == "ACTIVE" && (an.Type == "ACCOUNT" || an.Type == "ORGANIZATION") {
			return []Result{{Resource: res, Status: Pass,
				Message:  fmt.Sprintf("Region %s of account %s has the active %s analyzer %s.", v.Region.Name, v.Account.ID, strings.ToLower(an.Type), an.Name),
				Evidence: map[string]any{"analyzer": an.Name, "type": an.Type, "status": an.Status}}}
		}
		other = append(other, an.Name+" ("+an.Type+", "+an.Status+")")
	}
	ev := map[string]any{"analyzers": len(v.Region.AccessAnalyzers)}
	if len(other) > 0 {
		ev["not_qualifying"] = other
	}
	return []Result{{Resource: res, Status: Fail, Evidence: ev,
		Message: fmt.Sprintf("Region %s of account %s has no active account or organization Access Analyzer.", v.Region.Name, v.Account.ID)}}
}

func federation(v View) []Result {
	a := v.Account
	g := a.Global
	ev := map[string]any{
		"sso_instances":  len(g.SSOInstances),
		"saml_providers": len(g.IAM.SAMLProviders),
		"oidc_providers": len(g.IAM.OIDCProviders),
	}
	hasIdP := len(g.SSOInstances)+len(g.IAM.SAMLProviders)+len(g.IAM.OIDCProviders) > 0
	var pw []string
	for _, r := range userRows(a) {
		if r.PasswordEnabled {
			pw = append(pw, r.User)
		}
	}
	sort.Strings(pw)
	ev["users_with_console_password"] = len(pw)
	if len(pw) > 0 {
		ev["users"] = pw
	}
	var why []string
	if !hasIdP {
		why = append(why, "no IAM Identity Center instance or SAML/OIDC provider is visible from it (an organization's Identity Center instance is listed only in the management or delegated administrator account)")
	}
	if len(pw) > 0 {
		why = append(why, plural(len(pw), "IAM user has", "IAM users have")+" a console password ("+strings.Join(pw, ", ")+")")
	}
	return []Result{passIf(len(why) == 0, acctARN(v), ev,
		"Account "+a.ID+" has an identity provider and no IAM user with a console password.",
		"Human access to account "+a.ID+" is not fully federated: "+strings.Join(why, "; ")+".")}
}

func supportRole(v View) []Result {
	s := v.Account.Global.Support
	ev := map[string]any{"roles": 0}
	if s != nil {
		ev = map[string]any{"roles": len(s.Roles), "users": len(s.Users), "groups": len(s.Groups)}
		if len(s.Roles) > 0 {
			ev["role_names"] = s.Roles
			return []Result{{Resource: acctARN(v), Status: Pass, Evidence: ev, Message: "Account " + v.Account.ID + " has a role with AWSSupportAccess (" + strings.Join(s.Roles, ", ") + ")."}}
		}
	}
	return []Result{{Resource: acctARN(v), Status: Fail, Evidence: ev, Message: "Account " + v.Account.ID + " has no role with the AWSSupportAccess policy."}}
}

func expiredServerCerts(v View) []Result {
	var out []Result
	for _, c := range v.Account.Global.IAM.ServerCertificates {
		if c.Expiration == nil {
			continue
		}
		ev := map[string]any{"certificate": c.Name, "expiration": ymd(*c.Expiration)}
		out = append(out, passIf(!c.Expiration.Before(v.Now), c.ARN, ev,
			"IAM server certificate "+c.Name+" is valid until "+ymd(*c.Expiration)+".",
			"IAM server certificate "+c.Name+" expired on "+ymd(*c.Expiration)+"."))
	}
	return out
}

// requiresMFA reports whether a statement only holds for callers who signed
// in with MFA: Bool aws:MultiFactorAuthPresent is "true" (BoolIfExists also
// holds for long-term credentials, which carry no MFA key), or a
// NumericLessThan(Equals) limit on aws:MultiFactorAuthAge, which is absent
// without MFA.
func requiresMFA(st Statement) bool {
	if vals := st.ConditionValues("Bool", "aws:MultiFactorAuthPresent"); len(vals) > 0 &&
		!slices.ContainsFunc(vals, func(v string) bool { return !strings.EqualFold(v, "true") }) {
		return true
	}
	for _, op := range []string{"NumericLessThan", "NumericLessThanEquals"} {
		if slices.ContainsFunc(st.ConditionValues(op, "aws:MultiFactorAuthAge"), func(v string) bool { return strings.TrimSpace(v) != "" }) {
			return true
		}
	}
	return false
}

// emergencyName matches role names that suggest emergency or incident access.
var emergencyName = regexp.MustCompile(`(?i)break[-_]?glass|emergency|incident[-_]?(response|responder)|ir[-_]?responder|forensic`)

// breakGlassRole looks for a pre-provisioned emergency role: one tagged
// warroom:emergency=true or named like one. A candidate whose trust policy
// requires MFA or trusts a federated identity passes; a candidate anyone with
// the account's credentials could assume without MFA fails, as does having none.
// It is heuristic evidence: a pass means a candidate exists, the interview
// confirms the process around it.
func breakGlassRole(v View) []Result {
	var out []Result
	for _, r := range v.Account.Global.IAM.Roles {
		if isServiceLinked(r) || !(r.Tags["warroom:emergency"] == "true" || emergencyName.MatchString(r.Name)) {
			continue
		}
		ev := map[string]any{"role": r.Name}
		p, err := ParsePolicy(r.TrustPolicy)
		if err != nil {
			out = append(out, Result{Resource: r.ARN, Status: Unknown, Evidence: ev,
				Message: "Emergency role candidate " + r.Name + " has a trust policy that could not be read."})
			continue
		}
		mfa, federated := false, false
		for _, st := range p.Statements {
			if !st.Allows() {
				continue
			}
			if requiresMFA(st) {
				mfa = true
			}
			if len(st.Principal.IDs["Federated"]) > 0 {
				federated = true
			}
		}
		ev["trust_requires_mfa"], ev["trust_federated"] = mfa, federated
		out = append(out, passIf(mfa || federated, r.ARN, ev,
			"Role "+r.Name+" is an emergency access candidate whose trust requires MFA or a federated identity; confirm the procedure around it in the interview.",
			"Role "+r.Name+" looks like an emergency access role but its trust policy requires neither MFA nor a federated identity."))
	}
	if len(out) == 0 {
		out = append(out, Result{Resource: acctARN(v), Status: Fail, Evidence: map[string]any{"roles": len(v.Account.Global.IAM.Roles)},
			Message: "Account " + v.Account.ID + " has no role tagged warroom:emergency=true or named like an emergency (break-glass) role."})
	}
	return out
}

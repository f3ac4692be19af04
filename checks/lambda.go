package checks

import (
	"regexp"
	"slices"
	"strings"
)

func init() {
	register(Check{
		ID: "lambda.public", Title: "Functions cannot be invoked by anyone", Service: "lambda",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC03-BP07", "SEC05-BP01"},
		Needs:       []string{"lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs"},
		Risk:        "A function open to any principal, or behind a function URL without authentication, can be called by anyone to run code with its role's permissions and to run up its costs.",
		Remediation: "Limit resource policy statements to named principals, or add aws:SourceArn/aws:SourceAccount conditions for service callers; set function URLs to AWS_IAM auth or put them behind an authenticating front end.",
		SecurityHub: []string{"Lambda.1"},
		Eval:        lambdaPublic,
	})
	register(Check{
		ID: "lambda.env-secrets", Title: "Function environment variables do not hold secrets", Service: "lambda",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC02-BP03"},
		Needs:       []string{"lambda:ListFunctions"},
		Risk:        "Secrets in environment variables are shown to anyone who can read the function configuration and are copied into every version, without rotation.",
		Remediation: "Move the values to Secrets Manager or SSM Parameter Store (SecureString), keep only the secret's ARN or name in the environment, and rotate the exposed values.",
		Eval:        lambdaEnvSecrets,
	})
	register(Check{
		ID: "lambda.code-signing", Title: "Functions enforce code signing", Service: "lambda",
		Scope: Regional, Severity: Low, Practices: []string{"SEC06-BP04"},
		Needs:       []string{"lambda:ListFunctions", "lambda:GetFunctionCodeSigningConfig"},
		Risk:        "Without a code signing configuration the function runs any package someone with update rights uploads, so tampered or unreviewed code is not stopped at deployment.",
		Remediation: "Create a Signer signing profile, attach a code signing configuration that lists it as an allowed publisher and set its untrusted-artifact policy to Enforce, then sign packages in the deployment pipeline.",
		Eval:        lambdaCodeSigning,
	})
}

// lambdaSourceKeys are the condition keys that tie a "*" principal to a known
// caller. lambda:FunctionUrlAuthType is deliberately absent: it only says how
// the function URL authenticates, and with NONE it admits everyone.
var lambdaSourceKeys = []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:SourceOrgID"}

// publicLambdaStatements returns the labels of Allow statements whose
// principal is anyone and that have no restricting source condition. Service
// principals are not "anyone" and do not count.
func publicLambdaStatements(p Policy) []string {
	var open []string
	for i, s := range p.Statements {
		if s.Allows() && s.Principal.Any && !s.HasRestrictingCondition(lambdaSourceKeys...) {
			open = append(open, statementLabel(i, s))
		}
	}
	return open
}

func lambdaPublic(v View) []Result {
	var out []Result
	for _, f := range v.Region.Functions {
		ev := map[string]any{"function": f.Name, "has_policy": f.Policy != ""}
		if len(f.URLAuth) > 0 {
			ev["url_auth_types"] = f.URLAuth
		}
		var why []string
		if f.Policy != "" {
			p, err := ParsePolicy(f.Policy)
			if err != nil {
				out = append(out, Result{Resource: f.ARN, Status: Unknown, Evidence: ev, Message: "Function " + f.Name + " has a resource policy that could not be parsed."})
				continue
			}
			if open := publicLambdaStatements(p); len(open) > 0 {
				ev["open_statements"] = open
				why = append(why, "its resource policy lets any principal invoke it without a source condition (statement "+strings.Join(open, ", ")+")")
			}
		}
		for _, a := range f.URLAuth {
			if strings.EqualFold(a, "NONE") {
				why = append(why, "it has a function URL with no authentication")
				break
			}
		}
		out = append(out, passIf(len(why) == 0, f.ARN, ev,
			"Function "+f.Name+" cannot be invoked by unauthenticated or unknown callers.",
			"Function "+f.Name+" is public: "+joinAnd(why)+"."))
	}
	return out
}

// secretName matches environment variable names that suggest a secret value.
var secretName = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|AWS_SECRET_ACCESS_KEY|CREDENTIAL)`)

// secretReference matches names that point at a secret rather than hold it
// (DB_PASSWORD_SECRET_ARN, API_KEY_PARAMETER_NAME); they are good practice.
var secretReference = regexp.MustCompile(`(?i)_(ARN|NAME|ID|PATH|PARAM|PARAMETER|REF)$`)

// secretLookingNames returns, in their given order, the names that look like
// secrets or equal (in any case) one of also, and apart the secret-like names
// that only point at a secret store (DB_PASSWORD_SECRET_ARN), which is the
// good practice.
func secretLookingNames(names []string, also ...string) (suspect, references []string) {
	for _, n := range names {
		switch {
		case slices.ContainsFunc(also, func(a string) bool { return strings.EqualFold(a, n) }):
			suspect = append(suspect, n)
		case !secretName.MatchString(n):
		case secretReference.MatchString(n):
			references = append(references, n)
		default:
			suspect = append(suspect, n)
		}
	}
	return suspect, references
}

func lambdaEnvSecrets(v View) []Result {
	var out []Result
	for _, f := range v.Region.Functions {
		suspect, refs := secretLookingNames(f.EnvVarNames)
		ev := map[string]any{"function": f.Name, "env_var_count": len(f.EnvVarNames)}
		if len(refs) > 0 {
			ev["secret_references"] = refs
		}
		if len(suspect) == 0 {
			out = append(out, Result{Resource: f.ARN, Status: Pass, Evidence: ev, Message: "Function " + f.Name + " has no environment variable named like a secret."})
			continue
		}
		ev["suspect_names"] = suspect
		out = append(out, Result{Resource: f.ARN, Status: Fail, Evidence: ev,
			Message: "Function " + f.Name + " has environment variables named like secrets: " + strings.Join(suspect, ", ") + "."})
	}
	return out
}

func lambdaCodeSigning(v View) []Result {
	var out []Result
	for _, f := range v.Region.Functions {
		ev := map[string]any{"function": f.Name, "code_signing_config": f.CodeSigning}
		out = append(out, passIf(f.CodeSigning != "", f.ARN, ev,
			"Function "+f.Name+" has code signing configuration "+f.CodeSigning+".",
			"Function "+f.Name+" has no code signing configuration, so unsigned code can be deployed to it."))
	}
	return out
}

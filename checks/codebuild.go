package checks

import (
	"strings"
)

func init() {
	register(Check{
		ID: "codebuild.plaintext-creds", Title: "CodeBuild projects keep no credentials in plaintext environment variables", Service: "codebuild",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC02-BP03", "SEC11-BP07"},
		Needs:       []string{"codebuild:ListProjects", "codebuild:BatchGetProjects"},
		Risk:        "A plaintext environment variable is stored in the project definition, so anyone who can view the project or its build logs can read the key or password and act as the pipeline.",
		Remediation: "Move each such value to Secrets Manager or Parameter Store and reference it with a SECRETS_MANAGER or PARAMETER_STORE variable, give the build role an IAM role instead of access keys, and rotate every value that was exposed.",
		SecurityHub: []string{"CodeBuild.2"},
		Eval:        codebuildPlaintextCreds,
	})
}

// awsCredentialVars are the environment variable names the AWS SDKs and CLI
// read static access keys from.
var awsCredentialVars = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}

// credentialLookingNames returns, in their given order, the names that are AWS
// access key variables or are named like a secret, and apart the secret-like
// names that only point at a secret store (DB_PASSWORD_SECRET_ARN), which is
// the good practice (the same rule as lambda.env-secrets).
func credentialLookingNames(names []string) (suspect, references []string) {
	for _, n := range names {
		switch {
		case isAWSCredentialVar(n):
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

func isAWSCredentialVar(name string) bool {
	for _, v := range awsCredentialVars {
		if strings.EqualFold(name, v) {
			return true
		}
	}
	return false
}

func codebuildPlaintextCreds(v View) []Result {
	var out []Result
	for _, p := range v.Region.CodeBuildProjects {
		res := p.ARN
		if res == "" {
			res = p.Name
		}
		suspect, refs := credentialLookingNames(p.PlaintextEnvNames)
		ev := map[string]any{"project": p.Name, "plaintext_env_var_count": len(p.PlaintextEnvNames)}
		if len(refs) > 0 {
			ev["secret_references"] = refs
		}
		if len(suspect) == 0 {
			out = append(out, Result{Resource: res, Status: Pass, Evidence: ev,
				Message: "Project " + p.Name + " has no plaintext environment variable named like a credential."})
			continue
		}
		ev["suspect_names"] = suspect
		out = append(out, Result{Resource: res, Status: Fail, Evidence: ev,
			Message: "Project " + p.Name + " has plaintext environment variables named like credentials: " + strings.Join(suspect, ", ") + "."})
	}
	return out
}

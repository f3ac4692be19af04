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

func codebuildPlaintextCreds(v View) []Result {
	var out []Result
	for _, p := range v.Region.CodeBuildProjects {
		res := p.ARN
		if res == "" {
			res = p.Name
		}
		suspect, refs := secretLookingNames(p.PlaintextEnvNames, awsCredentialVars...)
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

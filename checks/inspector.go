package checks

import "fmt"

func init() {
	register(Check{
		ID: "inspector.enabled", Title: "Amazon Inspector scans EC2, ECR and Lambda", Service: "inspector2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC06-BP01", "SEC06-BP05", "SEC11-BP02"},
		Needs:       []string{"inspector2:BatchGetAccountStatus"},
		Risk:        "Without Inspector, known vulnerabilities in instances, container images and function packages are found by attackers before they are found by you.",
		Remediation: "Activate Amazon Inspector scanning for EC2, ECR and Lambda in every region, ideally organization-wide from a delegated administrator.",
		SecurityHub: []string{"Inspector.1", "Inspector.2", "Inspector.4"},
		Eval:        inspectorEnabled,
	})
}

func inspectorEnabled(v View) []Result {
	res := svcUnit("inspector2", v)
	in := v.Region.Inspector
	if in == nil {
		return []Result{{Resource: res, Status: Unknown,
			Message: fmt.Sprintf("The Amazon Inspector status of region %s in account %s was not read.", v.Region.Name, v.Account.ID)}}
	}
	ev := map[string]any{"ec2": in.EC2, "ecr": in.ECR, "lambda": in.Lambda}
	var off []string
	for _, s := range []struct{ name, status string }{{"EC2", in.EC2}, {"ECR", in.ECR}, {"Lambda", in.Lambda}} {
		if s.status != "ENABLED" {
			off = append(off, s.name)
		}
	}
	return []Result{passIf(len(off) == 0, res, ev,
		fmt.Sprintf("Amazon Inspector scans EC2, ECR and Lambda in region %s of account %s.", v.Region.Name, v.Account.ID),
		fmt.Sprintf("Amazon Inspector in region %s of account %s does not scan %s.", v.Region.Name, v.Account.ID, joinAnd(off)))}
}

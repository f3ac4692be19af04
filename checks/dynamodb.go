package checks

func init() {
	register(Check{
		ID: "dynamodb.pitr", Title: "DynamoDB tables have point-in-time recovery", Service: "dynamodb",
		Scope: Regional, Severity: Medium, Practices: []string{"REL09-BP01", "REL09-BP03"},
		Needs:       []string{"dynamodb:ListTables", "dynamodb:DescribeContinuousBackups"},
		Risk:        "Without point-in-time recovery a bad write or a dropped table can only be rolled back to the last manual backup, if there is one.",
		Remediation: "Turn on point-in-time recovery for every table that holds data you cannot rebuild, and record the exceptions.",
		SecurityHub: []string{"DynamoDB.2"},
		Eval:        dynamodbPITR,
	})
}

func dynamodbPITR(v View) []Result {
	var out []Result
	for _, t := range v.Region.DynamoDBTables {
		ev := map[string]any{"table": t.Name, "pitr": t.PITR}
		out = append(out, passIf(t.PITR == "ENABLED", t.ARN, ev,
			"Table "+t.Name+" has point-in-time recovery enabled.",
			"Table "+t.Name+" has no point-in-time recovery."))
	}
	return out
}

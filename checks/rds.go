package checks

import (
	"fmt"
	"strings"
)

// RDS checks. Settings that belong to an Aurora or Multi-AZ cluster are judged
// on the cluster, not on its member instances.

var needsRDS = []string{"rds:DescribeDBInstances", "rds:DescribeDBClusters"}

func init() {
	register(Check{
		ID: "rds.encrypted", Title: "Databases are encrypted at rest", Service: "rds",
		Scope: Regional, Severity: High, Practices: []string{"SEC08-BP02"},
		Needs:       needsRDS,
		Risk:        "An unencrypted database leaves its storage, automated backups, snapshots and replicas readable to anyone who gets a copy.",
		Remediation: "Encryption cannot be switched on in place: restore an encrypted copy from an encrypted snapshot copy (or replicate into an encrypted target) and cut over.",
		CIS:         []string{"2.3.1"},
		SecurityHub: []string{"RDS.3", "RDS.27"},
		Eval:        rdsEncrypted,
	})
	register(Check{
		ID: "rds.public", Title: "No DB instance is publicly accessible", Service: "rds",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC05-BP01"},
		Needs:       []string{"rds:DescribeDBInstances"},
		Risk:        "A publicly accessible instance gets an internet-resolvable address, so one permissive security group rule exposes the database listener to the world.",
		Remediation: "Modify the instance to turn off public accessibility, keep it in private subnets, and reach it through the application tier, a bastion or Session Manager port forwarding.",
		CIS:         []string{"2.3.3"},
		SecurityHub: []string{"RDS.2"},
		Eval:        rdsPublic,
	})
	register(Check{
		ID: "rds.snapshot-public", Title: "No manual DB snapshot is public", Service: "rds",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC03-BP07", "SEC08-BP04"},
		Needs:       []string{"rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes", "rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshotAttributes"},
		Risk:        "Any AWS account can restore a public snapshot and read the whole database.",
		Remediation: "Remove \"all\" from the snapshot's restore attribute now; share with named accounts only, and encrypt snapshots with a customer-managed key so sharing also needs a key grant.",
		SecurityHub: []string{"RDS.1"},
		Eval:        rdsSnapshotPublic,
	})
	register(Check{
		ID: "rds.deletion-protection", Title: "Databases have deletion protection", Service: "rds",
		Scope: Regional, Severity: Low, Practices: []string{"REL09-BP01", "SEC08-BP04"},
		Needs:       needsRDS,
		Risk:        "Without deletion protection one API call, from a mistaken script or a stolen credential, removes the database.",
		Remediation: "Turn on deletion protection for each production instance and cluster; turning it off then becomes a deliberate, logged step.",
		SecurityHub: []string{"RDS.7", "RDS.8"},
		Eval:        rdsDeletionProtection,
	})
	register(Check{
		ID: "rds.backup-retention", Title: "Automated backups are kept for at least 7 days", Service: "rds",
		Scope: Regional, Severity: Medium, Practices: []string{"REL09-BP01", "REL09-BP03"},
		Needs:       needsRDS,
		Risk:        "With backups off or kept only briefly, corruption noticed a week late cannot be rolled back.",
		Remediation: "Set the backup retention period to 7 days or more (longer where your recovery objectives need it), and add AWS Backup for copies beyond 35 days or in another account.",
		SecurityHub: []string{"RDS.11"},
		Eval:        rdsBackupRetention,
	})
	register(Check{
		ID: "rds.iam-auth", Title: "Databases accept IAM authentication", Service: "rds",
		Scope: Regional, Severity: Low, Practices: []string{"SEC09-BP03", "SEC02-BP02"},
		Needs:       needsRDS,
		Risk:        "Without IAM authentication applications rely on long-lived database passwords that are hard to rotate and to revoke.",
		Remediation: "Enable IAM database authentication where the engine supports it and move applications to short-lived tokens, or keep passwords in Secrets Manager with rotation.",
		SecurityHub: []string{"RDS.10", "RDS.12"},
		Eval:        rdsIAMAuth,
	})
}

// rdsUnit is one database judged on its own: an instance outside any cluster,
// or a cluster.
type rdsUnit struct {
	kind, id, arn, engine string
	encrypted, deletion   bool
	iamAuth               bool
	retention             int32
}

func rdsUnits(r *Region) []rdsUnit {
	var out []rdsUnit
	for _, i := range r.DBInstances {
		if i.Cluster != "" {
			continue
		}
		out = append(out, rdsUnit{"instance", i.ID, i.ARN, i.Engine, i.Encrypted, i.DeletionProtection, i.IAMAuth, i.BackupRetention})
	}
	for _, c := range r.DBClusters {
		out = append(out, rdsUnit{"cluster", c.ID, c.ARN, c.Engine, c.Encrypted, c.DeletionProtection, c.IAMAuth, c.BackupRetention})
	}
	return out
}

func (u rdsUnit) label() string { return "DB " + u.kind + " " + u.id }

// rdsJudge turns one boolean property of each database into pass or fail.
func rdsJudge(v View, key string, get func(rdsUnit) bool, yes, no string) []Result {
	var out []Result
	for _, u := range rdsUnits(v.Region) {
		ok := get(u)
		ev := map[string]any{"kind": u.kind, "engine": u.engine, key: ok}
		out = append(out, passIf(ok, u.arn, ev, u.label()+" "+yes+".", u.label()+" "+no+"."))
	}
	return out
}

func rdsEncrypted(v View) []Result {
	return rdsJudge(v, "storage_encrypted", func(u rdsUnit) bool { return u.encrypted }, "is encrypted at rest", "is not encrypted at rest")
}

func rdsDeletionProtection(v View) []Result {
	return rdsJudge(v, "deletion_protection", func(u rdsUnit) bool { return u.deletion }, "has deletion protection", "has no deletion protection")
}

func rdsIAMAuth(v View) []Result {
	return rdsJudge(v, "iam_auth", func(u rdsUnit) bool { return u.iamAuth }, "accepts IAM authentication", "does not accept IAM authentication")
}

func rdsPublic(v View) []Result {
	var out []Result
	for _, i := range v.Region.DBInstances {
		ev := map[string]any{"engine": i.Engine, "publicly_accessible": i.Public}
		if i.Cluster != "" {
			ev["cluster"] = i.Cluster
		}
		out = append(out, passIf(!i.Public, i.ARN, ev, "DB instance "+i.ID+" is not publicly accessible.", "DB instance "+i.ID+" is publicly accessible."))
	}
	return out
}

func rdsSnapshotPublic(v View) []Result {
	var out []Result
	for _, s := range v.Region.DBSnapshots {
		kind := "DB snapshot"
		if s.Cluster {
			kind = "DB cluster snapshot"
		}
		ev := map[string]any{"cluster_snapshot": s.Cluster, "public": s.Public, "encrypted": s.Encrypted}
		if len(s.SharedWith) > 0 {
			ev["shared_with"] = s.SharedWith
		}
		switch {
		case s.Public:
			out = append(out, Result{Resource: s.ARN, Status: Fail, Evidence: ev, Message: kind + " " + s.ID + " can be restored by any AWS account."})
		case len(s.SharedWith) > 0:
			out = append(out, Result{Resource: s.ARN, Status: Pass, Evidence: ev,
				Message: kind + " " + s.ID + " is not public but is shared with " + accountsPhrase(s.SharedWith) + "."})
		default:
			out = append(out, Result{Resource: s.ARN, Status: Pass, Evidence: ev, Message: kind + " " + s.ID + " is not shared."})
		}
	}
	return out
}

func accountsPhrase(ids []string) string {
	if len(ids) == 1 {
		return "account " + ids[0]
	}
	return "accounts " + strings.Join(ids, ", ")
}

// rdsMinRetention is the shortest acceptable automated-backup retention.
const rdsMinRetention = 7

func rdsBackupRetention(v View) []Result {
	var out []Result
	for _, u := range rdsUnits(v.Region) {
		ev := map[string]any{"kind": u.kind, "engine": u.engine, "backup_retention_days": u.retention, "minimum_days": rdsMinRetention}
		switch {
		case u.retention >= rdsMinRetention:
			out = append(out, Result{Resource: u.arn, Status: Pass, Evidence: ev, Message: fmt.Sprintf("%s keeps automated backups for %d days.", u.label(), u.retention)})
		case u.retention <= 0:
			out = append(out, Result{Resource: u.arn, Status: Fail, Evidence: ev, Message: u.label() + " has automated backups turned off."})
		default:
			out = append(out, Result{Resource: u.arn, Status: Fail, Evidence: ev, Message: fmt.Sprintf("%s keeps automated backups for only %d days.", u.label(), u.retention)})
		}
	}
	return out
}

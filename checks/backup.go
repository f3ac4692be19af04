package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// AWS Backup checks: plans exist where there is data, recovery points are
// recent and non-empty, vaults are locked and restores are tested.

// recoveryPointMaxAge is how old a resource's newest recovery point may be.
const recoveryPointMaxAge = 48 * time.Hour

func init() {
	register(Check{
		ID: "backup.plans", Title: "A backup plan covers regions that hold data", Service: "backup",
		Scope: Regional, Severity: High, Practices: []string{"REL09-BP01", "REL09-BP03"},
		Needs: []string{"backup:ListBackupPlans", "backup:GetBackupPlan", "backup:ListBackupSelections"},
		// The data a region holds decides whether a missing plan matters; a
		// plan that is complete passes whatever those listings say.
		Reads:       dataListings,
		Risk:        "Without a backup plan, backups depend on each service's own defaults and on people remembering, and nothing shows what is protected.",
		Remediation: "Create an AWS Backup plan with at least one rule and a resource selection (by tag or resource type) that covers the region's databases, tables, volumes and buckets.",
		Eval:        backupPlans,
	})
	register(Check{
		ID: "backup.recent-recovery-points", Title: "Protected resources have a recent, complete, non-empty recovery point", Service: "backup",
		Scope: Regional, Severity: High, Practices: []string{"REL09-BP03", "REL09-BP04"},
		Needs:       []string{"backup:ListBackupVaults", "backup:ListRecoveryPointsByBackupVault", "backup:ListProtectedResources"},
		Risk:        "A backup job that stopped running, finished partially or wrote zero bytes looks like protection until the day a restore is needed.",
		Remediation: "Find out why the latest job failed, is partial or is empty (AWS Backup job history and its notifications), fix the plan or the resource's permissions, and alert on failed or missing jobs.",
		Eval:        backupRecentRecoveryPoints,
	})
	register(Check{
		ID: "backup.vault-lock", Title: "Vaults holding recovery points are locked", Service: "backup",
		Scope: Regional, Severity: Medium, Practices: []string{"REL09-BP02", "SEC08-BP04"},
		Needs:       []string{"backup:ListBackupVaults"},
		Risk:        "An attacker or insider with backup permissions can delete the recovery points of an unlocked vault before destroying the source data.",
		Remediation: "Apply Backup Vault Lock (compliance mode once the retention settings are proven) to vaults holding production recovery points, or copy them to a logically air-gapped vault.",
		Eval:        backupVaultLock,
	})
	register(Check{
		ID: "backup.restore-testing", Title: "Backups are restore-tested automatically", Service: "backup",
		Scope: Regional, Severity: Medium, Practices: []string{"REL09-BP04"},
		Needs:       []string{"backup:ListBackupPlans", "backup:ListRestoreTestingPlans"},
		Risk:        "Backups that are never restored may turn out to be unusable exactly when they are needed.",
		Remediation: "Create an AWS Backup restore testing plan for the protected resource types, validate the restored resources, and review the results regularly.",
		Eval:        backupRestoreTesting,
	})
}

// backupPlanResource is how a backup plan is named in gaps: its ARN, else its id.
func backupPlanResource(p BackupPlan) string {
	if p.ARN != "" {
		return p.ARN
	}
	return p.ID
}

// dataListings are the reads that tell whether a region holds data worth backing up.
var dataListings = []string{"rds:DescribeDBInstances", "rds:DescribeDBClusters", "dynamodb:ListTables", "ec2:DescribeVolumes", s3List}

func backupPlans(v View) []Result {
	var ready, incomplete, unread []string
	for _, p := range v.Region.BackupPlans {
		res := backupPlanResource(p)
		rulesUnread := len(resourceGaps(v.Account, v.Region.Name, res, "backup:GetBackupPlan")) > 0
		selectionsUnread := len(resourceGaps(v.Account, v.Region.Name, res, "backup:ListBackupSelections")) > 0
		switch {
		case p.Rules > 0 && p.Selections > 0:
			ready = append(ready, p.Name)
		case (!rulesUnread && p.Rules == 0) || (!selectionsUnread && p.Selections == 0):
			// A part that was read is missing: incomplete whatever the rest holds.
			incomplete = append(incomplete, p.Name)
		default:
			unread = append(unread, p.Name)
		}
	}
	buckets := 0
	for _, b := range v.Account.Global.S3.Buckets {
		if b.Region == v.Region.Name {
			buckets++
		}
	}
	data := []struct {
		key, one, many string
		n              int
	}{
		{"db_instances", "DB instance", "DB instances", len(v.Region.DBInstances)},
		{"db_clusters", "DB cluster", "DB clusters", len(v.Region.DBClusters)},
		{"dynamodb_tables", "DynamoDB table", "DynamoDB tables", len(v.Region.DynamoDBTables)},
		{"ebs_volumes", "EBS volume", "EBS volumes", len(v.Region.EC2.Volumes)},
		{"s3_buckets", "S3 bucket", "S3 buckets", buckets},
	}
	counts := map[string]int{}
	var held []string
	for _, d := range data {
		counts[d.key] = d.n
		if d.n > 0 {
			held = append(held, plural(d.n, d.one, d.many))
		}
	}
	ev := map[string]any{"plans_with_rules_and_selections": ready, "resources": counts}
	if len(incomplete) > 0 {
		ev["incomplete_plans"] = incomplete
	}
	if len(unread) > 0 {
		ev["unread_plans"] = unread
	}
	switch {
	case len(ready) > 0:
		return []Result{{Resource: svcUnit("backup", v), Status: Pass, Evidence: ev,
			Message: "Region " + v.Region.Name + " has " + plural(len(ready), "backup plan", "backup plans") + " with rules and a resource selection."}}
	case len(held) == 0:
		// Nothing found to back up; if a listing failed, say so rather than nothing.
		unreadData := regionGapActions(v.Account, v.Region.Name, dataListings...)
		for _, a := range regionGapActions(v.Account, "", s3List) {
			if !slices.Contains(unreadData, a) {
				unreadData = append(unreadData, a)
			}
		}
		if len(unreadData) == 0 {
			return nil
		}
		denied := regionDenied(v.Account, v.Region.Name, dataListings...)
		denied = append(denied, regionDenied(v.Account, "", s3List)...)
		ev["unread_data_listings"] = unreadData
		return []Result{{Resource: svcUnit("backup", v), Status: Unknown, Evidence: ev, Actions: denied,
			Message: "Region " + v.Region.Name + " has no complete backup plan, and whether it holds data could not be read (" + strings.Join(unreadData, ", ") + ")."}}
	case len(unread) > 0:
		return []Result{{Resource: svcUnit("backup", v), Status: Unknown, Evidence: ev,
			Message: "Region " + v.Region.Name + " holds " + joinAnd(held) + ", and the rules or resource selections of backup " +
				pluralWord(len(unread), "plan", "plans") + " " + joinAnd(unread) + " could not be read, so whether a complete plan covers it is not judged."}}
	case len(incomplete) > 0:
		return []Result{{Resource: svcUnit("backup", v), Status: Fail, Evidence: ev,
			Message: "Region " + v.Region.Name + " holds " + joinAnd(held) + ", but no backup plan has both a rule and a resource selection."}}
	}
	return []Result{{Resource: svcUnit("backup", v), Status: Fail, Evidence: ev,
		Message: "Region " + v.Region.Name + " holds " + joinAnd(held) + " and has no backup plan."}}
}

// pluralWord picks the singular or plural form of a word for n.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// goodRecoveryStatus reports whether a recovery point finished and can be restored.
func goodRecoveryStatus(s string) bool { return s == "COMPLETED" || s == "AVAILABLE" }

// newestRecoveryPoint returns the newest recovery point of a resource by
// creation time, ignoring points still being created. ok is false when there is none.
func newestRecoveryPoint(rps []RecoveryPoint, resourceARN string) (rp RecoveryPoint, ok bool) {
	var found []RecoveryPoint
	for _, r := range rps {
		if r.ResourceARN == resourceARN && r.Status != "CREATING" {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return RecoveryPoint{}, false
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i].Created, found[j].Created
		switch {
		case a == nil:
			return false
		case b == nil:
			return true
		}
		return a.After(*b)
	})
	return found[0], true
}

// recoveryPointProblems lists what is wrong with a resource's newest
// recovery point; none means it is usable and recent.
func recoveryPointProblems(rp RecoveryPoint, now time.Time) []string {
	var why []string
	if !goodRecoveryStatus(rp.Status) {
		why = append(why, "its status is "+orDash(rp.Status))
	}
	if rp.SizeBytes <= 0 {
		why = append(why, "it holds zero bytes (a backup that holds nothing)")
	}
	switch {
	case rp.Created == nil:
		why = append(why, "its creation time is unknown")
	case now.Sub(*rp.Created) > recoveryPointMaxAge:
		why = append(why, "it is stale, created "+rp.Created.UTC().Format("2006-01-02 15:04")+" UTC, more than 48 hours ago")
	}
	return why
}

// unreadVaults returns the names of the region's vaults whose recovery
// points could not be listed (a gap on the vault's ARN).
func unreadVaults(v View) []string {
	var out []string
	for _, vault := range v.Region.BackupVaults {
		if len(resourceGaps(v.Account, v.Region.Name, vault.ARN, "backup:ListRecoveryPointsByBackupVault")) > 0 {
			out = append(out, vault.Name)
		}
	}
	return out
}

func backupRecentRecoveryPoints(v View) []Result {
	var out []Result
	unread := unreadVaults(v)
	for _, pr := range v.Region.ProtectedResources {
		ev := map[string]any{"resource_type": pr.Type}
		if pr.LastBackup != nil {
			ev["last_backup"] = pr.LastBackup.UTC()
		}
		if len(unread) > 0 {
			ev["unread_vaults"] = unread
		}
		rp, ok := newestRecoveryPoint(v.Region.RecoveryPoints, pr.ARN)
		if !ok && len(unread) > 0 {
			out = append(out, Result{Resource: pr.ARN, Status: Unknown, Evidence: ev,
				Message: pr.Type + " resource " + pr.ARN + " is protected and has no recovery point in the vaults read, but the recovery points of " +
					pluralWord(len(unread), "vault", "vaults") + " " + joinAnd(unread) + " could not be read."})
			continue
		}
		if !ok {
			out = append(out, Result{Resource: pr.ARN, Status: Fail, Evidence: ev,
				Message: pr.Type + " resource " + pr.ARN + " is protected but has no recovery point in any vault read."})
			continue
		}
		ev["recovery_point"], ev["vault"], ev["status"], ev["size_bytes"] = rp.ARN, rp.Vault, rp.Status, rp.SizeBytes
		if rp.Created != nil {
			ev["created"] = rp.Created.UTC()
		}
		// A vault that could not be read (or was read in part) may hold a
		// newer, good point: judge problems only when every vault was read.
		if why := recoveryPointProblems(rp, v.Now); len(why) > 0 && len(unread) > 0 {
			out = append(out, Result{Resource: pr.ARN, Status: Unknown, Evidence: ev,
				Message: "The newest recovery point read for " + pr.ARN + " is not usable (" + strings.Join(why, "; ") + "), but a newer one may be in " +
					pluralWord(len(unread), "vault", "vaults") + " " + joinAnd(unread) + ", which could not be read."})
			continue
		} else if len(why) > 0 {
			out = append(out, Result{Resource: pr.ARN, Status: Fail, Evidence: ev,
				Message: "The newest recovery point of " + pr.ARN + " is not usable: " + strings.Join(why, "; ") + "."})
			continue
		}
		out = append(out, Result{Resource: pr.ARN, Status: Pass, Evidence: ev,
			Message: "The newest recovery point of " + pr.ARN + " is complete, non-empty and less than 48 hours old."})
	}
	return out
}

func backupVaultLock(v View) []Result {
	var out []Result
	for _, vault := range v.Region.BackupVaults {
		if vault.RecoveryPoints <= 0 {
			continue
		}
		ev := map[string]any{"vault": vault.Name, "locked": vault.Locked, "type": vault.Type, "recovery_points": vault.RecoveryPoints}
		switch {
		case vault.Type == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT":
			out = append(out, Result{Resource: vault.ARN, Status: Pass, Evidence: ev, Message: "Vault " + vault.Name + " is a logically air-gapped vault."})
		case vault.Locked:
			out = append(out, Result{Resource: vault.ARN, Status: Pass, Evidence: ev, Message: "Vault " + vault.Name + " has Vault Lock applied."})
		default:
			out = append(out, Result{Resource: vault.ARN, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("Vault %s holds %d recovery points and is not locked.", vault.Name, vault.RecoveryPoints)})
		}
	}
	return out
}

func backupRestoreTesting(v View) []Result {
	if len(v.Region.BackupPlans) == 0 {
		return nil
	}
	ev := map[string]any{"backup_plans": len(v.Region.BackupPlans), "restore_testing_plans": v.Region.RestoreTestPlans}
	return []Result{passIf(len(v.Region.RestoreTestPlans) > 0, svcUnit("backup", v), ev,
		"Region "+v.Region.Name+" has a restore testing plan ("+strings.Join(v.Region.RestoreTestPlans, ", ")+").",
		"Region "+v.Region.Name+" has backup plans but no restore testing plan.")}
}

package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(backup.ServiceID,
		op{"ListBackupPlans", "backup:ListBackupPlans", "lists backup plans for backup.plans"},
		op{"GetBackupPlan", "backup:GetBackupPlan", "counts a plan's rules for backup.plans"},
		op{"ListBackupSelections", "backup:ListBackupSelections", "counts a plan's resource selections for backup.plans"},
		op{"ListBackupVaults", "backup:ListBackupVaults", "lists vaults and their locks for backup.vault-lock and backup.recent-recovery-points"},
		op{"ListRecoveryPointsByBackupVault", "backup:ListRecoveryPointsByBackupVault", "lists recovery points for backup.recent-recovery-points"},
		op{"ListProtectedResources", "backup:ListProtectedResources", "lists backed-up resources for backup.recent-recovery-points"},
		op{"ListRestoreTestingPlans", "backup:ListRestoreTestingPlans", "lists restore testing plans for backup.restore-testing"},
	)
	register(service{Name: "backup", ID: backup.ServiceID, Collect: func(ctx context.Context, j *job) {
		readBackup(ctx, backup.NewFromConfig(j.Cfg), j)
	}})
}

// backupAPI is the part of the AWS Backup client warroom calls: reads only.
type backupAPI interface {
	backup.ListBackupPlansAPIClient
	backup.ListBackupSelectionsAPIClient
	backup.ListBackupVaultsAPIClient
	backup.ListRecoveryPointsByBackupVaultAPIClient
	backup.ListProtectedResourcesAPIClient
	backup.ListRestoreTestingPlansAPIClient
	GetBackupPlan(context.Context, *backup.GetBackupPlanInput, ...func(*backup.Options)) (*backup.GetBackupPlanOutput, error)
}

// readBackup fills BackupPlans, BackupVaults, RecoveryPoints,
// ProtectedResources and RestoreTestPlans. The four chains are independent
// and run side by side; each writes only its own fields.
func readBackup(ctx context.Context, api backupAPI, j *job) {
	reads := []func(){
		func() { j.Facts.BackupPlans = readBackupPlans(ctx, api, j) },
		func() { j.Facts.BackupVaults, j.Facts.RecoveryPoints = readBackupVaults(ctx, api, j) },
		func() { j.Facts.ProtectedResources = readProtectedResources(ctx, api, j) },
		func() { j.Facts.RestoreTestPlans = readRestoreTestingPlans(ctx, api, j) },
	}
	forEach(len(reads), func(i int) { reads[i]() })
}

// readBackupPlans lists the plans, then counts each plan's rules and
// selections side by side.
func readBackupPlans(ctx context.Context, api backupAPI, j *job) []checks.BackupPlan {
	var list []checks.BackupPlan
	p := backup.NewListBackupPlansPaginator(api, &backup.ListBackupPlansInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *backup.ListBackupPlansOutput) {
		for _, b := range page.BackupPlansList {
			list = append(list, checks.BackupPlan{
				ID:   aws.ToString(b.BackupPlanId),
				Name: aws.ToString(b.BackupPlanName),
				ARN:  aws.ToString(b.BackupPlanArn),
			})
		}
	})
	forEach(len(list), func(i int) {
		b := &list[i]
		reads := []func(){
			func() { readBackupPlanRules(ctx, api, j, b) },
			func() { readBackupSelections(ctx, api, j, b) },
		}
		forEach(len(reads), func(k int) { reads[k]() })
	})
	return list
}

// planResource is how checks name a backup plan: its ARN, else its id.
func planResource(b *checks.BackupPlan) string {
	if b.ARN != "" {
		return b.ARN
	}
	return b.ID
}

func readBackupPlanRules(ctx context.Context, api backupAPI, j *job, b *checks.BackupPlan) {
	out, err := api.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(b.ID)})
	if err != nil {
		j.fail(err, planResource(b))
		return
	}
	if out.BackupPlan != nil {
		b.Rules = len(out.BackupPlan.Rules)
	}
}

func readBackupSelections(ctx context.Context, api backupAPI, j *job, b *checks.BackupPlan) {
	n := 0
	p := backup.NewListBackupSelectionsPaginator(api, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(b.ID)})
	if !eachPage(ctx, j, planResource(b), p.HasMorePages, p.NextPage, func(page *backup.ListBackupSelectionsOutput) {
		n += len(page.BackupSelectionsList)
	}) {
		return
	}
	b.Selections = n
}

// readBackupVaults lists the vaults, then each vault's recovery points;
// the points come back in vault order.
func readBackupVaults(ctx context.Context, api backupAPI, j *job) ([]checks.BackupVault, []checks.RecoveryPoint) {
	var vaults []checks.BackupVault
	p := backup.NewListBackupVaultsPaginator(api, &backup.ListBackupVaultsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *backup.ListBackupVaultsOutput) {
		for _, v := range page.BackupVaultList {
			vaults = append(vaults, checks.BackupVault{
				Name:           aws.ToString(v.BackupVaultName),
				ARN:            aws.ToString(v.BackupVaultArn),
				Locked:         aws.ToBool(v.Locked),
				Type:           string(v.VaultType),
				RecoveryPoints: v.NumberOfRecoveryPoints,
				MinRetention:   aws.ToInt64(v.MinRetentionDays),
			})
		}
	})
	perVault := make([][]checks.RecoveryPoint, len(vaults))
	forEach(len(vaults), func(i int) { perVault[i] = readRecoveryPoints(ctx, api, j, &vaults[i]) })
	var points []checks.RecoveryPoint
	for _, ps := range perVault {
		points = append(points, ps...)
	}
	return vaults, points
}

// readRecoveryPoints lists one vault's recovery points; on failure the
// points read so far are kept and a gap names the vault.
func readRecoveryPoints(ctx context.Context, api backupAPI, j *job, v *checks.BackupVault) []checks.RecoveryPoint {
	var list []checks.RecoveryPoint
	p := backup.NewListRecoveryPointsByBackupVaultPaginator(api, &backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: aws.String(v.Name)})
	eachPage(ctx, j, v.ARN, p.HasMorePages, p.NextPage, func(page *backup.ListRecoveryPointsByBackupVaultOutput) {
		for _, r := range page.RecoveryPoints {
			list = append(list, checks.RecoveryPoint{
				ARN:          aws.ToString(r.RecoveryPointArn),
				Vault:        v.Name,
				ResourceARN:  aws.ToString(r.ResourceArn),
				ResourceType: aws.ToString(r.ResourceType),
				Status:       string(r.Status),
				Created:      r.CreationDate,
				Completed:    r.CompletionDate,
				SizeBytes:    aws.ToInt64(r.BackupSizeInBytes),
			})
		}
	})
	return list
}

func readProtectedResources(ctx context.Context, api backupAPI, j *job) []checks.ProtectedResource {
	var list []checks.ProtectedResource
	p := backup.NewListProtectedResourcesPaginator(api, &backup.ListProtectedResourcesInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *backup.ListProtectedResourcesOutput) {
		for _, r := range page.Results {
			list = append(list, checks.ProtectedResource{
				ARN:        aws.ToString(r.ResourceArn),
				Type:       aws.ToString(r.ResourceType),
				LastBackup: r.LastBackupTime,
			})
		}
	})
	return list
}

// readRestoreTestingPlans returns the restore testing plans' ARNs.
func readRestoreTestingPlans(ctx context.Context, api backupAPI, j *job) []string {
	var arns []string
	p := backup.NewListRestoreTestingPlansPaginator(api, &backup.ListRestoreTestingPlansInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *backup.ListRestoreTestingPlansOutput) {
		for _, r := range page.RestoreTestingPlans {
			arns = append(arns, aws.ToString(r.RestoreTestingPlanArn))
		}
	})
	return arns
}

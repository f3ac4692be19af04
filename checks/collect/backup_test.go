package collect

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/warroom/warroom/checks"
)

// fakeBackup serves canned AWS Backup answers; nil funcs answer empty outputs.
type fakeBackup struct {
	calls          bCalls
	plans          func(*backup.ListBackupPlansInput) (*backup.ListBackupPlansOutput, error)
	plan           func(*backup.GetBackupPlanInput) (*backup.GetBackupPlanOutput, error)
	selections     func(*backup.ListBackupSelectionsInput) (*backup.ListBackupSelectionsOutput, error)
	vaults         func(*backup.ListBackupVaultsInput) (*backup.ListBackupVaultsOutput, error)
	recoveryPoints func(*backup.ListRecoveryPointsByBackupVaultInput) (*backup.ListRecoveryPointsByBackupVaultOutput, error)
	protected      func(*backup.ListProtectedResourcesInput) (*backup.ListProtectedResourcesOutput, error)
	restoreTests   func(*backup.ListRestoreTestingPlansInput) (*backup.ListRestoreTestingPlansOutput, error)
}

var _ backupAPI = (*fakeBackup)(nil)

func (f *fakeBackup) ListBackupPlans(_ context.Context, in *backup.ListBackupPlansInput, _ ...func(*backup.Options)) (*backup.ListBackupPlansOutput, error) {
	return bAnswer(&f.calls, f.plans, in, "ListBackupPlans", aws.ToString(in.NextToken))
}

func (f *fakeBackup) GetBackupPlan(_ context.Context, in *backup.GetBackupPlanInput, _ ...func(*backup.Options)) (*backup.GetBackupPlanOutput, error) {
	return bAnswer(&f.calls, f.plan, in, "GetBackupPlan", aws.ToString(in.BackupPlanId))
}

func (f *fakeBackup) ListBackupSelections(_ context.Context, in *backup.ListBackupSelectionsInput, _ ...func(*backup.Options)) (*backup.ListBackupSelectionsOutput, error) {
	return bAnswer(&f.calls, f.selections, in, "ListBackupSelections", aws.ToString(in.BackupPlanId), aws.ToString(in.NextToken))
}

func (f *fakeBackup) ListBackupVaults(_ context.Context, in *backup.ListBackupVaultsInput, _ ...func(*backup.Options)) (*backup.ListBackupVaultsOutput, error) {
	return bAnswer(&f.calls, f.vaults, in, "ListBackupVaults", aws.ToString(in.NextToken))
}

func (f *fakeBackup) ListRecoveryPointsByBackupVault(_ context.Context, in *backup.ListRecoveryPointsByBackupVaultInput, _ ...func(*backup.Options)) (*backup.ListRecoveryPointsByBackupVaultOutput, error) {
	return bAnswer(&f.calls, f.recoveryPoints, in, "ListRecoveryPointsByBackupVault", aws.ToString(in.BackupVaultName), aws.ToString(in.NextToken))
}

func (f *fakeBackup) ListProtectedResources(_ context.Context, in *backup.ListProtectedResourcesInput, _ ...func(*backup.Options)) (*backup.ListProtectedResourcesOutput, error) {
	return bAnswer(&f.calls, f.protected, in, "ListProtectedResources", aws.ToString(in.NextToken))
}

func (f *fakeBackup) ListRestoreTestingPlans(_ context.Context, in *backup.ListRestoreTestingPlansInput, _ ...func(*backup.Options)) (*backup.ListRestoreTestingPlansOutput, error) {
	return bAnswer(&f.calls, f.restoreTests, in, "ListRestoreTestingPlans", aws.ToString(in.NextToken))
}

func Test_readBackup(t *testing.T) {
	const region = "ca-central-1"
	arnOf := func(kind, name string) string {
		return "arn:aws:backup:" + region + ":" + bAccount + ":" + kind + ":" + name
	}
	created := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	done := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	base := func() *fakeBackup {
		return &fakeBackup{
			plans: func(in *backup.ListBackupPlansInput) (*backup.ListBackupPlansOutput, error) {
				return bPage(in.NextToken,
					&backup.ListBackupPlansOutput{NextToken: aws.String("1"), BackupPlansList: []backuptypes.BackupPlansListMember{
						{BackupPlanId: aws.String("p1"), BackupPlanName: aws.String("daily"), BackupPlanArn: aws.String(arnOf("backup-plan", "p1"))},
					}},
					&backup.ListBackupPlansOutput{BackupPlansList: []backuptypes.BackupPlansListMember{
						{BackupPlanId: aws.String("p2"), BackupPlanName: aws.String("empty"), BackupPlanArn: aws.String(arnOf("backup-plan", "p2"))},
					}},
				), nil
			},
			plan: func(in *backup.GetBackupPlanInput) (*backup.GetBackupPlanOutput, error) {
				if aws.ToString(in.BackupPlanId) == "p2" {
					return &backup.GetBackupPlanOutput{BackupPlan: &backuptypes.BackupPlan{}}, nil
				}
				return &backup.GetBackupPlanOutput{BackupPlan: &backuptypes.BackupPlan{Rules: []backuptypes.BackupRule{{}, {}}}}, nil
			},
			selections: func(in *backup.ListBackupSelectionsInput) (*backup.ListBackupSelectionsOutput, error) {
				if aws.ToString(in.BackupPlanId) == "p2" {
					return &backup.ListBackupSelectionsOutput{}, nil
				}
				return bPage(in.NextToken,
					&backup.ListBackupSelectionsOutput{NextToken: aws.String("1"), BackupSelectionsList: []backuptypes.BackupSelectionsListMember{{}, {}}},
					&backup.ListBackupSelectionsOutput{BackupSelectionsList: []backuptypes.BackupSelectionsListMember{{}}},
				), nil
			},
			vaults: func(in *backup.ListBackupVaultsInput) (*backup.ListBackupVaultsOutput, error) {
				return bPage(in.NextToken,
					&backup.ListBackupVaultsOutput{NextToken: aws.String("1"), BackupVaultList: []backuptypes.BackupVaultListMember{{
						BackupVaultName: aws.String("prod"), BackupVaultArn: aws.String(arnOf("backup-vault", "prod")), Locked: aws.Bool(true),
						VaultType: backuptypes.VaultTypeBackupVault, NumberOfRecoveryPoints: 2, MinRetentionDays: aws.Int64(7),
					}}},
					&backup.ListBackupVaultsOutput{BackupVaultList: []backuptypes.BackupVaultListMember{{
						BackupVaultName: aws.String("dev"), BackupVaultArn: aws.String(arnOf("backup-vault", "dev")), NumberOfRecoveryPoints: 1,
					}}},
				), nil
			},
			recoveryPoints: func(in *backup.ListRecoveryPointsByBackupVaultInput) (*backup.ListRecoveryPointsByBackupVaultOutput, error) {
				if aws.ToString(in.BackupVaultName) == "dev" {
					return &backup.ListRecoveryPointsByBackupVaultOutput{RecoveryPoints: []backuptypes.RecoveryPointByBackupVault{{
						RecoveryPointArn: aws.String("rp-dev"), ResourceArn: aws.String("arn:aws:dynamodb:ca-central-1:111111111111:table/t"),
						ResourceType: aws.String("DynamoDB"), Status: backuptypes.RecoveryPointStatusPartial, CreationDate: &created, BackupSizeInBytes: aws.Int64(0),
					}}}, nil
				}
				return bPage(in.NextToken,
					&backup.ListRecoveryPointsByBackupVaultOutput{NextToken: aws.String("1"), RecoveryPoints: []backuptypes.RecoveryPointByBackupVault{{
						RecoveryPointArn: aws.String("rp-1"), ResourceArn: aws.String("arn:aws:ec2:ca-central-1:111111111111:volume/vol-1"),
						ResourceType: aws.String("EBS"), Status: backuptypes.RecoveryPointStatusCompleted, CreationDate: &created, CompletionDate: &done,
						BackupSizeInBytes: aws.Int64(1024),
					}}},
					&backup.ListRecoveryPointsByBackupVaultOutput{RecoveryPoints: []backuptypes.RecoveryPointByBackupVault{{
						RecoveryPointArn: aws.String("rp-2"), ResourceArn: aws.String("arn:aws:rds:ca-central-1:111111111111:db:db1"),
						ResourceType: aws.String("RDS"), Status: backuptypes.RecoveryPointStatusExpired, CreationDate: &created,
					}}},
				), nil
			},
			protected: func(in *backup.ListProtectedResourcesInput) (*backup.ListProtectedResourcesOutput, error) {
				return bPage(in.NextToken,
					&backup.ListProtectedResourcesOutput{NextToken: aws.String("1"), Results: []backuptypes.ProtectedResource{{
						ResourceArn: aws.String("arn:aws:ec2:ca-central-1:111111111111:volume/vol-1"), ResourceType: aws.String("EBS"), LastBackupTime: &done,
					}}},
					&backup.ListProtectedResourcesOutput{Results: []backuptypes.ProtectedResource{{
						ResourceArn: aws.String("arn:aws:rds:ca-central-1:111111111111:db:db1"), ResourceType: aws.String("RDS"),
					}}},
				), nil
			},
			restoreTests: func(in *backup.ListRestoreTestingPlansInput) (*backup.ListRestoreTestingPlansOutput, error) {
				return bPage(in.NextToken,
					&backup.ListRestoreTestingPlansOutput{NextToken: aws.String("1"), RestoreTestingPlans: []backuptypes.RestoreTestingPlanForList{
						{RestoreTestingPlanArn: aws.String(arnOf("restore-testing-plan", "weekly")), RestoreTestingPlanName: aws.String("weekly")},
					}},
					&backup.ListRestoreTestingPlansOutput{},
				), nil
			},
		}
	}
	plans := []checks.BackupPlan{
		{ID: "p1", Name: "daily", ARN: arnOf("backup-plan", "p1"), Rules: 2, Selections: 3},
		{ID: "p2", Name: "empty", ARN: arnOf("backup-plan", "p2")},
	}
	vaults := []checks.BackupVault{
		{Name: "prod", ARN: arnOf("backup-vault", "prod"), Locked: true, Type: "BACKUP_VAULT", RecoveryPoints: 2, MinRetention: 7},
		{Name: "dev", ARN: arnOf("backup-vault", "dev"), RecoveryPoints: 1},
	}
	prodPoints := []checks.RecoveryPoint{
		{ARN: "rp-1", Vault: "prod", ResourceARN: "arn:aws:ec2:ca-central-1:111111111111:volume/vol-1", ResourceType: "EBS",
			Status: "COMPLETED", Created: &created, Completed: &done, SizeBytes: 1024},
		{ARN: "rp-2", Vault: "prod", ResourceARN: "arn:aws:rds:ca-central-1:111111111111:db:db1", ResourceType: "RDS",
			Status: "EXPIRED", Created: &created},
	}
	devPoints := []checks.RecoveryPoint{
		{ARN: "rp-dev", Vault: "dev", ResourceARN: "arn:aws:dynamodb:ca-central-1:111111111111:table/t", ResourceType: "DynamoDB",
			Status: "PARTIAL", Created: &created},
	}
	protected := []checks.ProtectedResource{
		{ARN: "arn:aws:ec2:ca-central-1:111111111111:volume/vol-1", Type: "EBS", LastBackup: &done},
		{ARN: "arn:aws:rds:ca-central-1:111111111111:db:db1", Type: "RDS"},
	}
	restorePlans := []string{arnOf("restore-testing-plan", "weekly")}

	type want struct {
		plans     []checks.BackupPlan
		vaults    []checks.BackupVault
		points    []checks.RecoveryPoint
		protected []checks.ProtectedResource
		restore   []string
	}
	tests := []struct {
		name   string
		change func(f *fakeBackup)
		want   want
		gaps   []aGap
	}{
		{
			name: "every list over pages; points in vault order",
			want: want{plans, vaults, append(append([]checks.RecoveryPoint(nil), prodPoints...), devPoints...), protected, restorePlans},
		},
		{
			name: "recovery points denied in one vault: gap for the vault ARN, the rest collected",
			change: func(f *fakeBackup) {
				ok := f.recoveryPoints
				f.recoveryPoints = func(in *backup.ListRecoveryPointsByBackupVaultInput) (*backup.ListRecoveryPointsByBackupVaultOutput, error) {
					if aws.ToString(in.BackupVaultName) == "prod" {
						return nil, aErr(backup.ServiceID, "ListRecoveryPointsByBackupVault", "AccessDeniedException")
					}
					return ok(in)
				}
			},
			want: want{plans, vaults, devPoints, protected, restorePlans},
			gaps: []aGap{{"Backup", "ListRecoveryPointsByBackupVault", "backup:ListRecoveryPointsByBackupVault", region, arnOf("backup-vault", "prod"), checks.GapAccessDenied}},
		},
		{
			name: "plan read denied for one plan: gap for its ARN, its selections still counted",
			change: func(f *fakeBackup) {
				ok := f.plan
				f.plan = func(in *backup.GetBackupPlanInput) (*backup.GetBackupPlanOutput, error) {
					if aws.ToString(in.BackupPlanId) == "p1" {
						return nil, aErr(backup.ServiceID, "GetBackupPlan", "AccessDeniedException")
					}
					return ok(in)
				}
			},
			want: want{
				[]checks.BackupPlan{{ID: "p1", Name: "daily", ARN: arnOf("backup-plan", "p1"), Selections: 3}, plans[1]},
				vaults, append(append([]checks.RecoveryPoint(nil), prodPoints...), devPoints...), protected, restorePlans,
			},
			gaps: []aGap{{"Backup", "GetBackupPlan", "backup:GetBackupPlan", region, arnOf("backup-plan", "p1"), checks.GapAccessDenied}},
		},
		{
			name: "vault list denied: region gap, no recovery point reads",
			change: func(f *fakeBackup) {
				f.vaults = func(*backup.ListBackupVaultsInput) (*backup.ListBackupVaultsOutput, error) {
					return nil, aErr(backup.ServiceID, "ListBackupVaults", "AccessDeniedException")
				}
			},
			want: want{plans, nil, nil, protected, restorePlans},
			gaps: []aGap{{"Backup", "ListBackupVaults", "backup:ListBackupVaults", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readBackup(context.Background(), f, j)
			got := want{j.Facts.BackupPlans, j.Facts.BackupVaults, j.Facts.RecoveryPoints, j.Facts.ProtectedResources, j.Facts.RestoreTestPlans}
			bWant(t, "backup facts", got, tt.want)
			bWantGaps(t, j, tt.gaps)
		})
	}
}

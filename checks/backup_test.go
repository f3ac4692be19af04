package checks

import (
	"strings"
	"testing"
	"time"
)

func Test_backupRecentRecoveryPoints(t *testing.T) {
	at := func(d time.Duration) *time.Time { x := testNow.Add(-d); return &x }
	const res = "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1"
	tests := []struct {
		name   string
		points []RecoveryPoint
		want   Status
		reason string
	}{
		{"fresh and complete", []RecoveryPoint{{Status: "COMPLETED", SizeBytes: 1, Created: at(time.Hour)}}, Pass, ""},
		{"exactly 48 hours old", []RecoveryPoint{{Status: "COMPLETED", SizeBytes: 1, Created: at(48 * time.Hour)}}, Pass, ""},
		{"one second past 48 hours", []RecoveryPoint{{Status: "COMPLETED", SizeBytes: 1, Created: at(48*time.Hour + time.Second)}}, Fail, "stale"},
		{"zero bytes", []RecoveryPoint{{Status: "COMPLETED", SizeBytes: 0, Created: at(time.Hour)}}, Fail, "zero bytes"},
		{"partial", []RecoveryPoint{{Status: "PARTIAL", SizeBytes: 10, Created: at(time.Hour)}}, Fail, "PARTIAL"},
		{"expired", []RecoveryPoint{{Status: "EXPIRED", SizeBytes: 10, Created: at(time.Hour)}}, Fail, "EXPIRED"},
		{"available counts as usable", []RecoveryPoint{{Status: "AVAILABLE", SizeBytes: 10, Created: at(time.Hour)}}, Pass, ""},
		{"no creation time", []RecoveryPoint{{Status: "COMPLETED", SizeBytes: 10}}, Fail, "unknown"},
		{"newest is empty although an older one is fine", []RecoveryPoint{
			{Status: "COMPLETED", SizeBytes: 10, Created: at(30 * time.Hour)},
			{Status: "COMPLETED", SizeBytes: 0, Created: at(2 * time.Hour)}}, Fail, "zero bytes"},
		{"newest fine although an older one is empty", []RecoveryPoint{
			{Status: "COMPLETED", SizeBytes: 0, Created: at(30 * time.Hour)},
			{Status: "COMPLETED", SizeBytes: 10, Created: at(2 * time.Hour)}}, Pass, ""},
		{"a point still being created is not judged", []RecoveryPoint{
			{Status: "CREATING", SizeBytes: 0, Created: at(time.Minute)},
			{Status: "COMPLETED", SizeBytes: 10, Created: at(20 * time.Hour)}}, Pass, ""},
		{"several problems at once", []RecoveryPoint{{Status: "PARTIAL", SizeBytes: 0, Created: at(100 * time.Hour)}}, Fail, "PARTIAL; it holds zero bytes"},
		{"no recovery point at all", nil, Fail, "no recovery point"},
		{"points of another resource only", []RecoveryPoint{{ResourceARN: "other", Status: "COMPLETED", SizeBytes: 1, Created: at(time.Hour)}}, Fail, "no recovery point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.points {
				if tt.points[i].ResourceARN == "" {
					tt.points[i].ResourceARN = res
				}
			}
			rs := judgeRegion(backupRecentRecoveryPoints, Region{
				ProtectedResources: []ProtectedResource{{ARN: res, Type: "EBS"}},
				RecoveryPoints:     tt.points,
			})
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != res {
				t.Fatalf("results = %+v, want one %s for %s", rs, tt.want, res)
			}
			if !strings.Contains(rs[0].Message, tt.reason) {
				t.Errorf("message %q does not say %q", rs[0].Message, tt.reason)
			}
		})
	}
}

func Test_backupPlans(t *testing.T) {
	ready := BackupPlan{ID: "p", Name: "daily", Rules: 1, Selections: 1}
	draft := BackupPlan{ID: "d", Name: "draft", Rules: 1}
	unit := "backup/111111111111/eu-west-1"
	tests := []struct {
		name   string
		region Region
		bucket string // region of an S3 bucket in the account, if any
		want   Status
	}{
		{"nothing to protect and no plan", Region{}, "", ""},
		{"a bucket elsewhere does not count", Region{}, "us-east-1", ""},
		{"a bucket here and no plan", Region{}, "eu-west-1", Fail},
		{"a volume and no plan", Region{EC2: EC2{Volumes: []Volume{{ID: "vol-1"}}}}, "", Fail},
		{"a table and only a plan without selection", Region{BackupPlans: []BackupPlan{draft}, DynamoDBTables: []DynamoDBTable{{Name: "t"}}}, "", Fail},
		{"a database and a ready plan", Region{BackupPlans: []BackupPlan{ready}, DBInstances: []DBInstance{{ID: "db"}}}, "", Pass},
		{"a ready plan and nothing else", Region{BackupPlans: []BackupPlan{ready}}, "", Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.region.Name = "eu-west-1"
			acct := &Account{ID: "111111111111", Regions: []Region{tt.region}}
			if tt.bucket != "" {
				acct.Global.S3.Buckets = []Bucket{{Name: "b", ARN: "arn:aws:s3:::b", Region: tt.bucket}}
			}
			rs := backupPlans(View{Account: acct, Region: &acct.Regions[0], Now: testNow})
			if got := statusOf(t, rs, unit); got != tt.want || (tt.want == "" && len(rs) != 0) {
				t.Errorf("results = %+v, want %q", rs, tt.want)
			}
		})
	}
}

func Test_backupVaultLockAndRestoreTesting(t *testing.T) {
	rs := judgeRegion(backupVaultLock, Region{BackupVaults: []BackupVault{
		{Name: "locked", ARN: "locked", Locked: true, RecoveryPoints: 3},
		{Name: "airgap", ARN: "airgap", Type: "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", RecoveryPoints: 3},
		{Name: "open", ARN: "open", RecoveryPoints: 3},
		{Name: "empty", ARN: "empty"},
	}})
	if statusOf(t, rs, "locked") != Pass || statusOf(t, rs, "airgap") != Pass || statusOf(t, rs, "open") != Fail || statusOf(t, rs, "empty") != "" {
		t.Errorf("vault-lock = %+v", rs)
	}
	unit := "backup/111111111111/eu-west-1"
	plan := []BackupPlan{{ID: "p"}}
	if rs := judgeRegion(backupRestoreTesting, Region{}); len(rs) != 0 {
		t.Errorf("no plans: %+v, want no finding", rs)
	}
	if rs := judgeRegion(backupRestoreTesting, Region{BackupPlans: plan}); statusOf(t, rs, unit) != Fail {
		t.Errorf("plans without restore tests: %+v", rs)
	}
	if rs := judgeRegion(backupRestoreTesting, Region{BackupPlans: plan, RestoreTestPlans: []string{"weekly"}}); statusOf(t, rs, unit) != Pass {
		t.Errorf("plans with restore tests: %+v", rs)
	}
}

func Test_backupPlans_unreadPlans(t *testing.T) {
	const (
		planARN = "arn:aws:backup:eu-west-1:111111111111:backup-plan:p-1"
		unit    = "backup/111111111111/eu-west-1"
	)
	gap := func(action, resource, region string) Gap {
		return Gap{Service: "backup", Action: action, Resource: resource, Region: region, Code: GapAccessDenied}
	}
	// What the collector leaves when GetBackupPlan and/or ListBackupSelections fail.
	unreadPlan := BackupPlan{ID: "p-1", Name: "daily", ARN: planARN}
	ready := BackupPlan{ID: "p-2", Name: "weekly", ARN: "arn:aws:backup:eu-west-1:111111111111:backup-plan:p-2", Rules: 1, Selections: 1}
	volume := EC2{Volumes: []Volume{{ID: "vol-1"}}}
	tests := []struct {
		name  string
		plans []BackupPlan
		gaps  []Gap
		ec2   EC2
		want  Status
		say   string
	}{
		{"plan details unread", []BackupPlan{unreadPlan},
			[]Gap{gap("backup:GetBackupPlan", planARN, "eu-west-1"), gap("backup:ListBackupSelections", planARN, "eu-west-1")}, volume, Unknown, "plan daily could not be read"},
		{"rules unread, selections read", []BackupPlan{{ID: "p-1", Name: "daily", ARN: planARN, Selections: 2}},
			[]Gap{gap("backup:GetBackupPlan", planARN, "eu-west-1")}, volume, Unknown, "could not be read"},
		{"selections unread, rules read", []BackupPlan{{ID: "p-1", Name: "daily", ARN: planARN, Rules: 1}},
			[]Gap{gap("backup:ListBackupSelections", planARN, "eu-west-1")}, volume, Unknown, "could not be read"},
		{"gap named by plan id when there is no ARN", []BackupPlan{{ID: "p-1", Name: "daily"}},
			[]Gap{gap("backup:GetBackupPlan", "p-1", "eu-west-1"), gap("backup:ListBackupSelections", "p-1", "eu-west-1")}, volume, Unknown, "could not be read"},
		{"rules read as none, selections unread", []BackupPlan{unreadPlan},
			[]Gap{gap("backup:ListBackupSelections", planARN, "eu-west-1")}, volume, Fail, "no backup plan has both"},
		{"a gap in another region does not count", []BackupPlan{unreadPlan},
			[]Gap{gap("backup:GetBackupPlan", planARN, "us-east-1")}, volume, Fail, "no backup plan has both"},
		{"a gap of another action does not count", []BackupPlan{unreadPlan},
			[]Gap{gap("backup:ListBackupVaults", planARN, "eu-west-1")}, volume, Fail, "no backup plan has both"},
		{"another plan is ready", []BackupPlan{unreadPlan, ready},
			[]Gap{gap("backup:GetBackupPlan", planARN, "eu-west-1")}, volume, Pass, "1 backup plan"},
		{"unread plan and nothing to protect", []BackupPlan{unreadPlan},
			[]Gap{gap("backup:GetBackupPlan", planARN, "eu-west-1")}, EC2{}, "", ""},
		{"no plan, volumes unlisted", nil,
			[]Gap{{Service: "EC2", Action: "ec2:DescribeVolumes", Region: "eu-west-1", Code: GapAccessDenied}}, EC2{}, Unknown, "whether it holds data could not be read"},
		{"no plan, buckets unlisted (a global read)", nil,
			[]Gap{{Service: "S3", Action: "s3:ListAllMyBuckets", Code: GapAccessDenied}}, EC2{}, Unknown, "s3:ListAllMyBuckets"},
		{"no plan, a listing failed elsewhere", nil,
			[]Gap{{Service: "EC2", Action: "ec2:DescribeVolumes", Region: "us-east-1", Code: GapAccessDenied}}, EC2{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := &Account{ID: "111111111111", HomeRegion: "us-east-1", Gaps: tt.gaps,
				Regions: []Region{{Name: "eu-west-1", BackupPlans: tt.plans, EC2: tt.ec2}}}
			rs := backupPlans(View{Account: acct, Region: &acct.Regions[0], Now: testNow})
			if tt.want == "" {
				if len(rs) != 0 {
					t.Fatalf("results = %+v, want none", rs)
				}
				return
			}
			if got := statusOf(t, rs, unit); got != tt.want || len(rs) != 1 {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if !strings.Contains(rs[0].Message, tt.say) {
				t.Errorf("message %q does not say %q", rs[0].Message, tt.say)
			}
		})
	}
}

func Test_backupRecentRecoveryPoints_unreadVaults(t *testing.T) {
	at := func(d time.Duration) *time.Time { x := testNow.Add(-d); return &x }
	const (
		res      = "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1"
		prodARN  = "arn:aws:backup:eu-west-1:111111111111:backup-vault:prod"
		otherARN = "arn:aws:backup:eu-west-1:111111111111:backup-vault:archive"
	)
	vaults := []BackupVault{{Name: "prod", ARN: prodARN, RecoveryPoints: 3}, {Name: "archive", ARN: otherARN}}
	gap := func(resource, region string) Gap {
		return Gap{Service: "backup", Action: "backup:ListRecoveryPointsByBackupVault", Resource: resource, Region: region, Code: GapAccessDenied}
	}
	tests := []struct {
		name   string
		points []RecoveryPoint
		gaps   []Gap
		want   Status
		say    string
		last   *time.Time
	}{
		{"no point found, a vault unread", nil, []Gap{gap(prodARN, "eu-west-1")}, Unknown, "recovery points of vault prod could not be read", nil},
		{"no point found, two vaults unread", nil, []Gap{gap(prodARN, "eu-west-1"), gap(otherARN, "eu-west-1")}, Unknown, "vaults prod and archive could not be read", nil},
		{"no point found, every vault read", nil, nil, Fail, "no recovery point", nil},
		{"no point found, gap in another region", nil, []Gap{gap(prodARN, "us-east-1")}, Fail, "no recovery point", nil},
		{"no point found, gap on a vault not in this region", nil, []Gap{gap("arn:aws:backup:eu-west-1:111111111111:backup-vault:gone", "eu-west-1")}, Fail, "no recovery point", nil},
		{"a stale point found while a vault is unread", []RecoveryPoint{{ResourceARN: res, Vault: "archive", Status: "COMPLETED", SizeBytes: 1, Created: at(100 * time.Hour)}},
			[]Gap{gap(prodARN, "eu-west-1")}, Unknown, "a newer one may be in vault prod", nil},
		{"an empty point found while a vault is unread", []RecoveryPoint{{ResourceARN: res, Vault: "archive", Status: "COMPLETED", Created: at(time.Hour)}},
			[]Gap{gap(prodARN, "eu-west-1")}, Unknown, "zero bytes", nil},
		{"a stale point with every vault read", []RecoveryPoint{{ResourceARN: res, Vault: "archive", Status: "COMPLETED", SizeBytes: 1, Created: at(100 * time.Hour)}},
			nil, Fail, "stale", nil},
		{"a good point found passes", []RecoveryPoint{{ResourceARN: res, Vault: "archive", Status: "COMPLETED", SizeBytes: 1, Created: at(time.Hour)}},
			[]Gap{gap(prodARN, "eu-west-1")}, Pass, "complete", nil},
		{"a deleted newest point is not excused by the last backup time", []RecoveryPoint{{ResourceARN: res, Vault: "archive", Status: "COMPLETED", SizeBytes: 1, Created: at(100 * time.Hour)}},
			nil, Fail, "stale", at(2 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := &Account{ID: "111111111111", HomeRegion: "us-east-1", Gaps: tt.gaps, Regions: []Region{{
				Name: "eu-west-1", BackupVaults: vaults, RecoveryPoints: tt.points,
				ProtectedResources: []ProtectedResource{{ARN: res, Type: "EBS", LastBackup: tt.last}}}}}
			rs := backupRecentRecoveryPoints(View{Account: acct, Region: &acct.Regions[0], Now: testNow})
			if len(rs) != 1 || rs[0].Status != tt.want || rs[0].Resource != res {
				t.Fatalf("results = %+v, want one %s for %s", rs, tt.want, res)
			}
			if !strings.Contains(rs[0].Message, tt.say) {
				t.Errorf("message %q does not say %q", rs[0].Message, tt.say)
			}
		})
	}
}

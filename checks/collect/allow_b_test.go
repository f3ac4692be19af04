package collect

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// Test_bAllowList pins the IAM action of every operation the regional
// collectors of ec2.go … cloudformation.go call, as the brief's table names them.
func Test_bAllowList(t *testing.T) {
	want := map[string]map[string]string{
		ec2.ServiceID: {
			"GetEbsEncryptionByDefault":         "ec2:GetEbsEncryptionByDefault",
			"GetSnapshotBlockPublicAccessState": "ec2:GetSnapshotBlockPublicAccessState",
			"DescribeInstances":                 "ec2:DescribeInstances",
			"DescribeSecurityGroups":            "ec2:DescribeSecurityGroups",
			"DescribeSecurityGroupRules":        "ec2:DescribeSecurityGroupRules",
			"DescribeNetworkAcls":               "ec2:DescribeNetworkAcls",
			"DescribeVpcs":                      "ec2:DescribeVpcs",
			"DescribeFlowLogs":                  "ec2:DescribeFlowLogs",
			"DescribeVolumes":                   "ec2:DescribeVolumes",
			"DescribeSnapshots":                 "ec2:DescribeSnapshots",
		},
		ssm.ServiceID: {
			"DescribeInstanceInformation":     "ssm:DescribeInstanceInformation",
			"ListDocuments":                   "ssm:ListDocuments",
			"ListResourceComplianceSummaries": "ssm:ListResourceComplianceSummaries",
		},
		kms.ServiceID: {
			"ListKeys":             "kms:ListKeys",
			"DescribeKey":          "kms:DescribeKey",
			"GetKeyRotationStatus": "kms:GetKeyRotationStatus",
			"GetKeyPolicy":         "kms:GetKeyPolicy",
			"ListAliases":          "kms:ListAliases",
		},
		rds.ServiceID: {
			"DescribeDBInstances":                 "rds:DescribeDBInstances",
			"DescribeDBClusters":                  "rds:DescribeDBClusters",
			"DescribeDBSnapshots":                 "rds:DescribeDBSnapshots",
			"DescribeDBSnapshotAttributes":        "rds:DescribeDBSnapshotAttributes",
			"DescribeDBClusterSnapshots":          "rds:DescribeDBClusterSnapshots",
			"DescribeDBClusterSnapshotAttributes": "rds:DescribeDBClusterSnapshotAttributes",
		},
		secretsmanager.ServiceID: {"ListSecrets": "secretsmanager:ListSecrets"},
		acm.ServiceID: {
			"ListCertificates":    "acm:ListCertificates",
			"DescribeCertificate": "acm:DescribeCertificate",
		},
		elbv2.ServiceID: {
			"DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
			"DescribeListeners":     "elasticloadbalancing:DescribeListeners",
		},
		lambda.ServiceID: {
			"ListFunctions":                "lambda:ListFunctions",
			"GetPolicy":                    "lambda:GetPolicy",
			"ListFunctionUrlConfigs":       "lambda:ListFunctionUrlConfigs",
			"GetFunctionCodeSigningConfig": "lambda:GetFunctionCodeSigningConfig",
		},
		backup.ServiceID: {
			"ListBackupPlans":                 "backup:ListBackupPlans",
			"GetBackupPlan":                   "backup:GetBackupPlan",
			"ListBackupSelections":            "backup:ListBackupSelections",
			"ListBackupVaults":                "backup:ListBackupVaults",
			"ListRecoveryPointsByBackupVault": "backup:ListRecoveryPointsByBackupVault",
			"ListProtectedResources":          "backup:ListProtectedResources",
			"ListRestoreTestingPlans":         "backup:ListRestoreTestingPlans",
		},
		cloudformation.ServiceID: {"DescribeStacks": "cloudformation:DescribeStacks"},
	}
	for svc, ops := range want {
		for name, action := range ops {
			o, ok := allowed(svc, name)
			if !ok {
				t.Errorf("%s %s is not on the allow-list", svc, name)
				continue
			}
			if o.Action != action || o.Why == "" {
				t.Errorf("%s %s = %+v, want action %q and a reason", svc, name, o, action)
			}
		}
	}
	for _, s := range []string{"GetSecretValue", "DetectStackDrift"} {
		for svc := range want {
			if _, ok := allowed(svc, s); ok {
				t.Errorf("%s %s must never be allowed", svc, s)
			}
		}
	}
	registered := map[string]bool{}
	for _, s := range services {
		registered[s.ID] = true
	}
	for svc := range want {
		if !registered[svc] {
			t.Errorf("no collector registered for %s", svc)
		}
	}
}

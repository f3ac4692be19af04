package checks

import "testing"

func Test_rdsClusterMembersJudgedOnCluster(t *testing.T) {
	r := Region{
		DBInstances: []DBInstance{
			{ID: "solo", ARN: "solo", BackupRetention: 6, Public: true},
			{ID: "off", ARN: "off", BackupRetention: 0},
			{ID: "member", ARN: "member", Cluster: "c", BackupRetention: 0, Public: false},
		},
		DBClusters: []DBCluster{{ID: "c", ARN: "c", BackupRetention: 7, Encrypted: true}},
	}
	ret := judgeRegion(rdsBackupRetention, r)
	if statusOf(t, ret, "solo") != Fail || statusOf(t, ret, "off") != Fail || statusOf(t, ret, "c") != Pass || statusOf(t, ret, "member") != "" {
		t.Errorf("backup-retention = %+v", ret)
	}
	enc := judgeRegion(rdsEncrypted, r)
	if statusOf(t, enc, "c") != Pass || statusOf(t, enc, "member") != "" || statusOf(t, enc, "solo") != Fail {
		t.Errorf("encrypted = %+v", enc)
	}
	pub := judgeRegion(rdsPublic, r)
	if statusOf(t, pub, "solo") != Fail || statusOf(t, pub, "member") != Pass {
		t.Errorf("public looks at every instance, cluster members included: %+v", pub)
	}
}

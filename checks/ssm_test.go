package checks

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func Test_ssmIRRunbooks(t *testing.T) {
	inst := EC2{Instances: []Instance{{ID: "i-0a", State: "stopped"}}}
	tests := []struct {
		name    string
		region  Region
		want    Status // "" means no finding
		irNamed int
	}{
		{"empty region is not judged", Region{}, "", 0},
		{"instance without documents", Region{EC2: inst}, Fail, 0},
		{"DB instance without documents", Region{DBInstances: []DBInstance{{ID: "db"}}}, Fail, 0},
		{"DB cluster without documents", Region{DBClusters: []DBCluster{{ID: "c"}}}, Fail, 0},
		{"function without documents", Region{Functions: []Function{{Name: "f"}}}, Fail, 0},
		{"instance with documents", Region{EC2: inst, SSMDocuments: []string{"IR-Isolate", "PatchFleet"}}, Pass, 1},
		{"documents without resources still pass", Region{SSMDocuments: []string{"Nightly"}}, Pass, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeRegion(ssmIRRunbooks, tt.region)
			if tt.want == "" {
				if len(rs) != 0 {
					t.Fatalf("results = %+v, want none", rs)
				}
				return
			}
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if rs[0].Resource != "ssm/111111111111/eu-west-1" {
				t.Errorf("resource = %s", rs[0].Resource)
			}
			if !strings.Contains(rs[0].Message, "partial evidence") {
				t.Errorf("message does not say the evidence is partial: %s", rs[0].Message)
			}
			if tt.want == Pass && rs[0].Evidence["ir_named"] != tt.irNamed {
				t.Errorf("ir_named = %v, want %d", rs[0].Evidence["ir_named"], tt.irNamed)
			}
		})
	}
}

func Test_ssmIRRunbooks_evidenceCapsNames(t *testing.T) {
	var docs []string
	for i := 14; i >= 0; i-- {
		docs = append(docs, fmt.Sprintf("Doc-%02d", i))
	}
	rs := judgeRegion(ssmIRRunbooks, Region{SSMDocuments: docs})
	if len(rs) != 1 {
		t.Fatalf("results = %+v", rs)
	}
	names, _ := rs[0].Evidence["names"].([]string)
	if len(names) != 10 || names[0] != "Doc-00" || names[9] != "Doc-09" {
		t.Errorf("names = %v, want the first 10 sorted", names)
	}
	if rs[0].Evidence["documents"] != 15 {
		t.Errorf("documents = %v, want 15", rs[0].Evidence["documents"])
	}
	if docs[0] != "Doc-14" {
		t.Errorf("the region's document list was reordered: %v", docs)
	}
}

func Test_irRunbookName(t *testing.T) {
	var got []string
	for _, n := range []string{
		"IsolateEC2Instance", "quarantine-host", "Snapshot-Volumes", "ForensicCapture", "RevokeRoleSessions",
		"ContainUser", "Incident-Triage", "ir-disable-user", "Team_IR-Collect", "DisableKey", "disable-key-pair",
		"RotateAccessKeys", "Repair-Disk", "PatchFleet", "RestartService",
	} {
		if irRunbookName.MatchString(n) {
			got = append(got, n)
		}
	}
	want := []string{"IsolateEC2Instance", "quarantine-host", "Snapshot-Volumes", "ForensicCapture", "RevokeRoleSessions",
		"ContainUser", "Incident-Triage", "ir-disable-user", "Team_IR-Collect", "DisableKey", "disable-key-pair", "RotateAccessKeys"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("matched %v, want %v", got, want)
	}
}

package checks

import (
	"reflect"
	"testing"
	"time"
)

// testNow is the clock the service table tests judge at.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// judgeRegion runs a regional check function on one region of a test account.
func judgeRegion(eval func(View) []Result, r Region) []Result {
	if r.Name == "" {
		r.Name = "eu-west-1"
	}
	acct := &Account{ID: "111111111111", HomeRegion: "us-east-1", Regions: []Region{r}}
	return eval(View{Account: acct, Region: &acct.Regions[0], Now: testNow})
}

// judgeGlobal runs a global check function on a test account's global facts.
func judgeGlobal(eval func(View) []Result, g GlobalFacts) []Result {
	acct := &Account{ID: "111111111111", HomeRegion: "us-east-1", Global: g}
	return eval(View{Account: acct, Now: testNow})
}

// statusOf returns the status of the single result for resource, or "" when
// there is none.
func statusOf(t *testing.T, rs []Result, resource string) Status {
	t.Helper()
	var got Status
	n := 0
	for _, r := range rs {
		if r.Resource == resource {
			got = r.Status
			n++
		}
	}
	if n > 1 {
		t.Fatalf("%d results for %s, want at most 1", n, resource)
	}
	return got
}

func Test_sgCoversPort(t *testing.T) {
	tests := []struct {
		name     string
		rule     SecurityGroupRule
		port     int32
		want     bool
		everyAll bool
	}{
		{"all protocols", SecurityGroupRule{Protocol: "-1", FromPort: -1, ToPort: -1}, 22, true, true},
		{"all protocols by name", SecurityGroupRule{Protocol: "all", FromPort: -1, ToPort: -1}, 3389, true, true},
		{"whole tcp range", SecurityGroupRule{Protocol: "tcp", FromPort: 0, ToPort: 65535}, 3389, true, true},
		{"whole udp range by number", SecurityGroupRule{Protocol: "17", FromPort: 0, ToPort: 65535}, 22, true, true},
		{"range 20-23 covers 22", SecurityGroupRule{Protocol: "6", FromPort: 20, ToPort: 23}, 22, true, false},
		{"range 20-23 misses 3389", SecurityGroupRule{Protocol: "tcp", FromPort: 20, ToPort: 23}, 3389, false, false},
		{"single port", SecurityGroupRule{Protocol: "tcp", FromPort: 3389, ToPort: 3389}, 3389, true, false},
		{"range ends below", SecurityGroupRule{Protocol: "tcp", FromPort: 1, ToPort: 21}, 22, false, false},
		{"icmp has no ports", SecurityGroupRule{Protocol: "1", FromPort: -1, ToPort: -1}, 22, false, false},
		{"icmpv6 has no ports", SecurityGroupRule{Protocol: "58", FromPort: -1, ToPort: -1}, 22, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sgCoversPort(tt.rule, tt.port); got != tt.want {
				t.Errorf("sgCoversPort = %v, want %v", got, tt.want)
			}
			if got := sgOpensEverything(tt.rule); got != tt.everyAll {
				t.Errorf("sgOpensEverything = %v, want %v", got, tt.everyAll)
			}
		})
	}
}

func Test_ec2SGOpenAdminPorts(t *testing.T) {
	tests := []struct {
		name  string
		rule  SecurityGroupRule
		want  Status
		ports []int32
	}{
		{"ssh from ipv4 world", SecurityGroupRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRv4: "0.0.0.0/0"}, Fail, []int32{22}},
		{"rdp from ipv6 world", SecurityGroupRule{Protocol: "tcp", FromPort: 3389, ToPort: 3389, CIDRv6: "::/0"}, Fail, []int32{3389}},
		{"20-23 from world", SecurityGroupRule{Protocol: "tcp", FromPort: 20, ToPort: 23, CIDRv4: "0.0.0.0/0"}, Fail, []int32{21, 22, 23}},
		{"all traffic from world", SecurityGroupRule{Protocol: "-1", FromPort: -1, ToPort: -1, CIDRv4: "0.0.0.0/0"}, Fail, adminPorts},
		{"ssh from a prefix list", SecurityGroupRule{Protocol: "tcp", FromPort: 22, ToPort: 22, PrefixID: "pl-0abc"}, Pass, nil},
		{"ssh from another group", SecurityGroupRule{Protocol: "tcp", FromPort: 22, ToPort: 22, Group: "sg-0bastion"}, Pass, nil},
		{"ssh from a private range", SecurityGroupRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRv4: "10.0.0.0/8"}, Pass, nil},
		{"https from world", SecurityGroupRule{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRv4: "0.0.0.0/0"}, Pass, nil},
		{"all traffic out to world", SecurityGroupRule{Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, CIDRv4: "0.0.0.0/0"}, Pass, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rule
			r.ID, r.GroupID = "sgr-1", "sg-1"
			rs := judgeRegion(ec2SGOpenAdminPorts, Region{EC2: EC2{
				SecurityGroups:     []SecurityGroup{{ID: "sg-1", Name: "web", VPCID: "vpc-1"}},
				SecurityGroupRules: []SecurityGroupRule{r},
			}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if tt.want == Fail && !reflect.DeepEqual(rs[0].Evidence["open_ports"], tt.ports) {
				t.Errorf("open_ports = %v, want %v", rs[0].Evidence["open_ports"], tt.ports)
			}
		})
	}
}

func Test_ec2DefaultSGClosed(t *testing.T) {
	rs := judgeRegion(ec2DefaultSGClosed, Region{EC2: EC2{
		SecurityGroups: []SecurityGroup{{ID: "sg-d1", Name: "default", VPCID: "vpc-1"}, {ID: "sg-d2", Name: "default", VPCID: "vpc-2"}, {ID: "sg-w", Name: "web"}},
		SecurityGroupRules: []SecurityGroupRule{
			{ID: "r1", GroupID: "sg-d2", Egress: true, Protocol: "-1", CIDRv4: "0.0.0.0/0"},
			{ID: "r2", GroupID: "sg-w", Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRv4: "0.0.0.0/0"},
		},
	}})
	if len(rs) != 2 || statusOf(t, rs, "sg-d1") != Pass || statusOf(t, rs, "sg-d2") != Fail {
		t.Errorf("results = %+v, want sg-d1 pass (no rules) and sg-d2 fail (egress only), nothing for sg-w", rs)
	}
}

func Test_ec2NACLOpenAdminPorts(t *testing.T) {
	world := func(n int32, action, proto string, from, to int32) NACLEntry {
		return NACLEntry{RuleNumber: n, Action: action, Protocol: proto, FromPort: from, ToPort: to, CIDRv4: "0.0.0.0/0"}
	}
	implicit := world(32767, "deny", "-1", 0, 0)
	tests := []struct {
		name    string
		entries []NACLEntry
		want    Status
		open    []int32
	}{
		{"allow all", []NACLEntry{world(100, "allow", "-1", 0, 0), implicit}, Fail, []int32{22, 3389}},
		{"deny before allow", []NACLEntry{world(100, "allow", "-1", 0, 0), world(90, "deny", "6", 22, 22), world(91, "deny", "6", 3389, 3389), implicit}, Pass, nil},
		{"deny all before allow", []NACLEntry{world(50, "deny", "-1", 0, 0), world(100, "allow", "6", 22, 22), implicit}, Pass, nil},
		{"deny after allow does not help", []NACLEntry{world(100, "allow", "6", 0, 65535), world(200, "deny", "6", 22, 22), implicit}, Fail, []int32{22, 3389}},
		{"deny for a narrower range does not help", []NACLEntry{
			{RuleNumber: 50, Action: "deny", Protocol: "6", FromPort: 22, ToPort: 22, CIDRv4: "10.0.0.0/8"},
			world(100, "allow", "6", 22, 22), implicit}, Fail, []int32{22}},
		{"udp deny does not stop tcp", []NACLEntry{world(50, "deny", "17", 3389, 3389), world(100, "allow", "6", 3389, 3389), implicit}, Fail, []int32{3389}},
		{"range 20-23", []NACLEntry{world(100, "allow", "6", 20, 23), implicit}, Fail, []int32{22}},
		{"allow from a private range only", []NACLEntry{{RuleNumber: 100, Action: "allow", Protocol: "-1", CIDRv4: "10.0.0.0/8"}, implicit}, Pass, nil},
		{"egress allow is not ingress", []NACLEntry{{RuleNumber: 100, Egress: true, Action: "allow", Protocol: "-1", CIDRv4: "0.0.0.0/0"}, implicit}, Pass, nil},
		{"ipv4 denied but ipv6 allowed", []NACLEntry{world(50, "deny", "-1", 0, 0),
			{RuleNumber: 100, Action: "allow", Protocol: "6", FromPort: 22, ToPort: 22, CIDRv6: "::/0"}}, Fail, []int32{22}},
		{"only the implicit deny", []NACLEntry{implicit}, Pass, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := judgeRegion(ec2NACLOpenAdminPorts, Region{EC2: EC2{NetworkACLs: []NetworkACL{{ID: "acl-1", VPCID: "vpc-1", Subnets: 1, Entries: tt.entries}}}})
			if len(rs) != 1 || rs[0].Status != tt.want {
				t.Fatalf("results = %+v, want one %s", rs, tt.want)
			}
			if tt.want == Fail && !reflect.DeepEqual(rs[0].Evidence["open_ports"], tt.open) {
				t.Errorf("open_ports = %v, want %v", rs[0].Evidence["open_ports"], tt.open)
			}
		})
	}
}

func Test_ec2NACLAllowAll(t *testing.T) {
	allowAll := []NACLEntry{{RuleNumber: 100, Action: "allow", Protocol: "-1", CIDRv6: "::/0"}}
	rs := judgeRegion(ec2NACLAllowAll, Region{EC2: EC2{NetworkACLs: []NetworkACL{
		{ID: "acl-used", Subnets: 2, Entries: allowAll},
		{ID: "acl-spare", Subnets: 0, Entries: allowAll},
		{ID: "acl-tight", Subnets: 2, Entries: []NACLEntry{{RuleNumber: 100, Action: "allow", Protocol: "6", FromPort: 443, ToPort: 443, CIDRv4: "0.0.0.0/0"}}},
	}}})
	if statusOf(t, rs, "acl-used") != Fail || statusOf(t, rs, "acl-spare") != Pass || statusOf(t, rs, "acl-tight") != Pass {
		t.Errorf("results = %+v", rs)
	}
}

func Test_ec2InstanceChecks(t *testing.T) {
	r := Region{EC2: EC2{Instances: []Instance{
		{ID: "i-v1", State: "running", HTTPTokens: "optional", MetadataOn: true, PublicIP: "198.51.100.1"},
		{ID: "i-off", State: "running", HTTPTokens: "optional", MetadataOn: false},
		{ID: "i-v2", State: "running", HTTPTokens: "required", MetadataOn: true, PublicIP: "198.51.100.2", Tags: Tags{edgeTag: "true"}},
		{ID: "i-stopped", State: "stopped", HTTPTokens: "optional", MetadataOn: true, PublicIP: "198.51.100.3"},
	}}}
	imds := judgeRegion(ec2IMDSv2, r)
	if statusOf(t, imds, "i-v1") != Fail || statusOf(t, imds, "i-off") != Pass || statusOf(t, imds, "i-v2") != Pass || statusOf(t, imds, "i-stopped") != "" {
		t.Errorf("imdsv2 = %+v", imds)
	}
	pub := judgeRegion(ec2InstancePublicIP, r)
	if statusOf(t, pub, "i-v1") != Fail || statusOf(t, pub, "i-off") != Pass || statusOf(t, pub, "i-v2") != Pass || statusOf(t, pub, "i-stopped") != "" {
		t.Errorf("instance-public-ip = %+v", pub)
	}
	ssm := judgeRegion(ssmManagedInstances, Region{EC2: r.EC2, SSMInstances: []ManagedInstance{{ID: "i-v1", PingStatus: "Online"}, {ID: "i-off", PingStatus: "Inactive"}}})
	if statusOf(t, ssm, "i-v1") != Pass || statusOf(t, ssm, "i-off") != Fail || statusOf(t, ssm, "i-v2") != Fail || statusOf(t, ssm, "i-stopped") != "" {
		t.Errorf("ssm.managed-instances = %+v", ssm)
	}
}

func Test_ec2EBSDefaultEncryption(t *testing.T) {
	on, off := true, false
	if rs := judgeRegion(ec2EBSDefaultEncryption, Region{}); len(rs) != 0 {
		t.Errorf("unread setting: %+v, want no finding", rs)
	}
	if rs := judgeRegion(ec2EBSDefaultEncryption, Region{EC2: EC2{EBSDefaultEncryption: &off}}); statusOf(t, rs, "ec2/111111111111/eu-west-1") != Fail {
		t.Errorf("off: %+v", rs)
	}
	if rs := judgeRegion(ec2EBSDefaultEncryption, Region{EC2: EC2{EBSDefaultEncryption: &on}}); statusOf(t, rs, "ec2/111111111111/eu-west-1") != Pass {
		t.Errorf("on: %+v", rs)
	}
}

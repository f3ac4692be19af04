package checks

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// EC2 and VPC checks: security groups, network ACLs, flow logs, instance
// metadata and exposure, and EBS encryption and sharing.

var (
	needsSG        = []string{"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"}
	needsNACL      = []string{"ec2:DescribeNetworkAcls"}
	needsInstances = []string{"ec2:DescribeInstances"}
)

// adminPorts are the remote-administration and data-store ports that must
// never be reachable from the whole internet: SSH, RDP, Telnet, FTP, VNC and
// common database and search engine ports.
var adminPorts = []int32{21, 22, 23, 1433, 3306, 3389, 5432, 5900, 6379, 9200, 27017}

// naclAdminPorts are the ports CIS 5.1 asks network ACLs to close to the world.
var naclAdminPorts = []int32{22, 3389}

// edgeTag marks an instance whose public address is intended.
const edgeTag = "warroom:edge"

func init() {
	register(Check{
		ID: "ec2.sg-open-admin-ports", Title: "Security groups do not open admin or data ports to the internet", Service: "ec2",
		Scope: Regional, Severity: High, Practices: []string{"SEC05-BP02", "SEC06-BP03"},
		Needs:       needsSG,
		Risk:        "An SSH, RDP or database port reachable from any address is found by scanners within minutes and then brute-forced or exploited.",
		Remediation: "Remove ingress rules from 0.0.0.0/0 and ::/0 on these ports; reach hosts through Systems Manager Session Manager, a VPN or a bastion limited to known ranges, and keep databases on private subnets.",
		CIS:         []string{"5.2", "5.3"},
		SecurityHub: []string{"EC2.19", "EC2.53", "EC2.54"},
		Eval:        ec2SGOpenAdminPorts,
	})
	register(Check{
		ID: "ec2.sg-open-all", Title: "Security groups do not allow all traffic from the internet", Service: "ec2",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC05-BP02"},
		Needs:       needsSG,
		Risk:        "A group that lets every port in from anywhere removes the network layer of defence from every resource that uses it.",
		Remediation: "Replace the all-traffic rule with rules for the specific ports the workload serves, and limit their sources to the load balancer, a prefix list or known ranges.",
		CIS:         []string{"5.2", "5.3"},
		SecurityHub: []string{"EC2.18"},
		Eval:        ec2SGOpenAll,
	})
	register(Check{
		ID: "ec2.default-sg-closed", Title: "Default security groups have no rules", Service: "ec2",
		Scope: Regional, Severity: High, Practices: []string{"SEC05-BP02"},
		Needs:       needsSG,
		Risk:        "Resources launched without an explicit group land in the default group, so any rule on it silently applies to them.",
		Remediation: "Delete every inbound and outbound rule of each VPC's default security group and give resources purpose-built groups instead.",
		CIS:         []string{"5.4"},
		SecurityHub: []string{"EC2.2"},
		Eval:        ec2DefaultSGClosed,
	})
	register(Check{
		ID: "ec2.nacl-open-admin-ports", Title: "Network ACLs do not admit SSH or RDP from the internet", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC05-BP02"},
		Needs:       needsNACL,
		Risk:        "A network ACL that admits SSH or RDP from anywhere leaves security groups as the only control between the internet and remote administration.",
		Remediation: "Add a lower-numbered deny for ports 22 and 3389 from 0.0.0.0/0 and ::/0, or narrow the allow entry to known administration ranges.",
		CIS:         []string{"5.1"},
		SecurityHub: []string{"EC2.21"},
		Eval:        ec2NACLOpenAdminPorts,
	})
	register(Check{
		ID: "ec2.nacl-allow-all", Title: "Network ACLs in use do not allow all inbound traffic", Service: "ec2",
		Scope: Regional, Severity: Low, Practices: []string{"SEC05-BP01", "SEC05-BP02"},
		Needs:       needsNACL,
		Risk:        "An allow-all network ACL adds no second layer behind security groups, so one mistaken group rule exposes the subnet.",
		Remediation: "For subnets that hold sensitive tiers, replace the allow-all inbound entry with entries for the traffic the subnet needs; the default allow-all is acceptable only where you have decided security groups alone suffice.",
		Eval:        ec2NACLAllowAll,
	})
	register(Check{
		ID: "ec2.vpc-flow-logs", Title: "Every VPC has an active flow log", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC04-BP01"},
		Needs:       []string{"ec2:DescribeVpcs", "ec2:DescribeFlowLogs"},
		Risk:        "Without flow logs there is no record of which addresses talked to what during an incident.",
		Remediation: "Create a flow log on each VPC (at least rejected traffic, preferably all) delivered to CloudWatch Logs or S3 with a retention period that covers your investigations.",
		CIS:         []string{"3.7"},
		SecurityHub: []string{"EC2.6"},
		Eval:        ec2VPCFlowLogs,
	})
	register(Check{
		ID: "ec2.imdsv2", Title: "Running instances require IMDSv2", Service: "ec2",
		Scope: Regional, Severity: High, Practices: []string{"SEC06-BP02", "SEC03-BP01"},
		Needs:       needsInstances,
		Risk:        "With IMDSv1 allowed, a server-side request forgery in the application can read the instance role's credentials.",
		Remediation: "Set the instance metadata option HttpTokens to required on each instance (and in launch templates and the account default), after checking that the software uses a current AWS SDK.",
		CIS:         []string{"5.6"},
		SecurityHub: []string{"EC2.8"},
		Eval:        ec2IMDSv2,
	})
	register(Check{
		ID: "ec2.instance-public-ip", Title: "Running instances have no public IPv4 address unless marked as edge hosts", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC05-BP01"},
		Needs:       needsInstances,
		Risk:        "An instance with a public address is one security group rule away from the internet, and it bypasses the load balancers and firewalls meant to front it.",
		Remediation: "Move the instance to a private subnet behind a load balancer or NAT; when a public address is intended, tag the instance " + edgeTag + "=true so the decision is recorded and the check passes it.",
		SecurityHub: []string{"EC2.9"},
		Eval:        ec2InstancePublicIP,
	})
	register(Check{
		ID: "ec2.ebs-default-encryption", Title: "EBS encryption by default is on", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC08-BP02", "SEC08-BP03"},
		Needs:       []string{"ec2:GetEbsEncryptionByDefault"},
		Risk:        "Without the regional default, every new volume depends on its creator remembering to encrypt it.",
		Remediation: "Turn on EBS encryption by default in every region you use, optionally with a customer-managed KMS key.",
		CIS:         []string{"2.2.1"},
		SecurityHub: []string{"EC2.7"},
		Eval:        ec2EBSDefaultEncryption,
	})
	register(Check{
		ID: "ec2.ebs-encrypted", Title: "EBS volumes are encrypted", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC08-BP02"},
		Needs:       []string{"ec2:DescribeVolumes"},
		Risk:        "Data on an unencrypted volume, and every snapshot taken from it, is readable by anyone who obtains a copy.",
		Remediation: "Snapshot the volume, copy the snapshot with encryption on, create a volume from the copy and swap it in; then turn on encryption by default.",
		SecurityHub: []string{"EC2.3"},
		Eval:        ec2EBSEncrypted,
	})
	register(Check{
		ID: "ec2.snapshot-encrypted", Title: "EBS snapshots are encrypted", Service: "ec2",
		Scope: Regional, Severity: Medium, Practices: []string{"SEC08-BP02", "REL09-BP02"},
		Needs:       []string{"ec2:DescribeSnapshots"},
		Risk:        "An unencrypted snapshot can be shared or copied out of the account with its data in the clear.",
		Remediation: "Copy each unencrypted snapshot with encryption on, delete the original, and fix the volume it came from.",
		Eval:        ec2SnapshotEncrypted,
	})
	register(Check{
		ID: "ec2.snapshot-public", Title: "No EBS snapshot is public", Service: "ec2",
		Scope: Regional, Severity: Critical, Practices: []string{"SEC03-BP07", "SEC08-BP04"},
		Needs:       []string{"ec2:DescribeSnapshots", "ec2:GetSnapshotBlockPublicAccessState"},
		Risk:        "Any AWS account in the world can restore a public snapshot and read the whole disk.",
		Remediation: "Remove the all-users permission from the snapshot now, then turn on snapshot block public access (block all sharing) in every region.",
		SecurityHub: []string{"EC2.1"},
		Eval:        ec2SnapshotPublic,
	})
}

// instanceResource is the instance's ARN when known, else its id.
func instanceResource(i Instance) string {
	if i.ARN != "" {
		return i.ARN
	}
	return i.ID
}

// worldSource reports whether a rule's source is every IPv4 or IPv6 address,
// and which one. Prefix-list and group references are never the world.
func worldSource(cidr4, cidr6 string) (string, bool) {
	if cidr4 == "0.0.0.0/0" {
		return cidr4, true
	}
	if cidr6 == "::/0" {
		return cidr6, true
	}
	return "", false
}

// sgAllProtocols reports whether a security group protocol means all protocols.
func sgAllProtocols(p string) bool { return p == "-1" || strings.EqualFold(p, "all") }

// sgPortProtocol reports whether the protocol carries ports (TCP or UDP).
func sgPortProtocol(p string) bool {
	switch strings.ToLower(p) {
	case "6", "17", "tcp", "udp":
		return true
	}
	return false
}

// sgCoversPort reports whether a rule admits traffic to port: all protocols,
// or TCP/UDP with a range that includes it (-1 ports mean all).
func sgCoversPort(r SecurityGroupRule, port int32) bool {
	if sgAllProtocols(r.Protocol) {
		return true
	}
	if !sgPortProtocol(r.Protocol) {
		return false
	}
	if r.FromPort == -1 && r.ToPort == -1 {
		return true
	}
	return r.FromPort <= port && port <= r.ToPort
}

// sgOpensEverything reports whether a rule admits every port: all protocols,
// or the whole TCP or UDP port range.
func sgOpensEverything(r SecurityGroupRule) bool {
	if sgAllProtocols(r.Protocol) {
		return true
	}
	if !sgPortProtocol(r.Protocol) {
		return false
	}
	return (r.FromPort <= 0 && r.ToPort >= 65535) || (r.FromPort == -1 && r.ToPort == -1)
}

// worldIngress returns the group's ingress rules whose source is the world.
func worldIngress(rules []SecurityGroupRule, groupID string) []SecurityGroupRule {
	var out []SecurityGroupRule
	for _, r := range rules {
		if r.GroupID != groupID || r.Egress {
			continue
		}
		if _, ok := worldSource(r.CIDRv4, r.CIDRv6); ok {
			out = append(out, r)
		}
	}
	return out
}

func sgLabel(g SecurityGroup) string {
	if g.Name == "" || g.Name == g.ID {
		return g.ID
	}
	return g.ID + " (" + g.Name + ")"
}

func ec2SGOpenAdminPorts(v View) []Result {
	var out []Result
	for _, g := range v.Region.EC2.SecurityGroups {
		open := map[int32]bool{}
		var ruleIDs, sources []string
		for _, r := range worldIngress(v.Region.EC2.SecurityGroupRules, g.ID) {
			hit := false
			for _, p := range adminPorts {
				if sgCoversPort(r, p) {
					open[p], hit = true, true
				}
			}
			if hit {
				src, _ := worldSource(r.CIDRv4, r.CIDRv6)
				ruleIDs = appendUnique(ruleIDs, r.ID)
				sources = appendUnique(sources, src)
			}
		}
		ev := map[string]any{"group": g.Name, "vpc": g.VPCID, "ports_checked": adminPorts}
		if len(open) == 0 {
			out = append(out, Result{Resource: g.ID, Status: Pass, Evidence: ev,
				Message: "Security group " + sgLabel(g) + " opens no admin or data port to the internet."})
			continue
		}
		ports := sortedPorts(open)
		ev["open_ports"], ev["rules"], ev["sources"] = ports, ruleIDs, sources
		out = append(out, Result{Resource: g.ID, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Security group %s allows %s to reach %s.", sgLabel(g), strings.Join(sources, " and "), portsPhrase(ports))})
	}
	return out
}

func ec2SGOpenAll(v View) []Result {
	var out []Result
	for _, g := range v.Region.EC2.SecurityGroups {
		var ruleIDs, sources []string
		for _, r := range worldIngress(v.Region.EC2.SecurityGroupRules, g.ID) {
			if sgOpensEverything(r) {
				src, _ := worldSource(r.CIDRv4, r.CIDRv6)
				ruleIDs = appendUnique(ruleIDs, r.ID)
				sources = appendUnique(sources, src)
			}
		}
		ev := map[string]any{"group": g.Name, "vpc": g.VPCID}
		if len(ruleIDs) == 0 {
			out = append(out, Result{Resource: g.ID, Status: Pass, Evidence: ev,
				Message: "Security group " + sgLabel(g) + " has no rule allowing all traffic from the internet."})
			continue
		}
		ev["rules"], ev["sources"] = ruleIDs, sources
		out = append(out, Result{Resource: g.ID, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Security group %s allows all ports from %s.", sgLabel(g), strings.Join(sources, " and "))})
	}
	return out
}

func ec2DefaultSGClosed(v View) []Result {
	var out []Result
	for _, g := range v.Region.EC2.SecurityGroups {
		if g.Name != "default" {
			continue
		}
		var in, eg []string
		for _, r := range v.Region.EC2.SecurityGroupRules {
			if r.GroupID != g.ID {
				continue
			}
			if r.Egress {
				eg = append(eg, r.ID)
			} else {
				in = append(in, r.ID)
			}
		}
		ev := map[string]any{"vpc": g.VPCID, "ingress_rules": len(in), "egress_rules": len(eg)}
		if len(in)+len(eg) == 0 {
			out = append(out, Result{Resource: g.ID, Status: Pass, Evidence: ev,
				Message: "Default security group " + g.ID + " of " + g.VPCID + " has no rules."})
			continue
		}
		ev["rules"] = append(in, eg...)
		out = append(out, Result{Resource: g.ID, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Default security group %s of %s has %s and %s.", g.ID, g.VPCID, plural(len(in), "inbound rule", "inbound rules"), plural(len(eg), "outbound rule", "outbound rules"))})
	}
	return out
}

// naclCovers reports whether an entry applies to TCP traffic to port: all
// protocols, or TCP with a range including the port.
func naclCovers(e NACLEntry, port int32) bool {
	switch strings.ToLower(e.Protocol) {
	case "-1", "all":
		return true
	case "6", "tcp":
		return e.FromPort <= port && port <= e.ToPort
	}
	return false
}

// naclWorldDecision walks the ingress entries in rule-number order, as AWS
// does, and returns the first entry that matches TCP traffic to port from
// any address of the family (0.0.0.0/0 for "v4", ::/0 for "v6"). Entries for
// narrower ranges do not decide for the whole internet and are skipped. The
// implicit rule 32767 denies what nothing matched.
func naclWorldDecision(entries []NACLEntry, family string, port int32) (NACLEntry, bool) {
	sorted := append([]NACLEntry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].RuleNumber < sorted[j].RuleNumber })
	for _, e := range sorted {
		if e.Egress {
			continue
		}
		if (family == "v4" && e.CIDRv4 != "0.0.0.0/0") || (family == "v6" && e.CIDRv6 != "::/0") {
			continue
		}
		if naclCovers(e, port) {
			return e, true
		}
	}
	return NACLEntry{}, false
}

func ec2NACLOpenAdminPorts(v View) []Result {
	var out []Result
	for _, n := range v.Region.EC2.NetworkACLs {
		open := map[int32]bool{}
		var rules []int32
		for _, p := range naclAdminPorts {
			for _, fam := range []string{"v4", "v6"} {
				e, ok := naclWorldDecision(n.Entries, fam, p)
				if ok && strings.EqualFold(e.Action, "allow") {
					open[p] = true
					rules = appendUniquePort(rules, e.RuleNumber)
				}
			}
		}
		ev := map[string]any{"vpc": n.VPCID, "default": n.IsDefault, "subnets": n.Subnets, "ports_checked": naclAdminPorts}
		if len(open) == 0 {
			out = append(out, Result{Resource: n.ID, Status: Pass, Evidence: ev,
				Message: "Network ACL " + n.ID + " does not admit SSH or RDP from the internet."})
			continue
		}
		ports := sortedPorts(open)
		ev["open_ports"], ev["allow_rules"] = ports, rules
		out = append(out, Result{Resource: n.ID, Status: Fail, Evidence: ev,
			Message: fmt.Sprintf("Network ACL %s admits %s from the internet (allow rule %s).", n.ID, portsPhrase(ports), joinPorts(rules))})
	}
	return out
}

func ec2NACLAllowAll(v View) []Result {
	var out []Result
	for _, n := range v.Region.EC2.NetworkACLs {
		var rules []int32
		for _, e := range n.Entries {
			if e.Egress || !strings.EqualFold(e.Action, "allow") || (e.Protocol != "-1" && !strings.EqualFold(e.Protocol, "all")) {
				continue
			}
			if _, ok := worldSource(e.CIDRv4, e.CIDRv6); ok {
				rules = appendUniquePort(rules, e.RuleNumber)
			}
		}
		ev := map[string]any{"vpc": n.VPCID, "default": n.IsDefault, "subnets": n.Subnets}
		switch {
		case len(rules) == 0:
			out = append(out, Result{Resource: n.ID, Status: Pass, Evidence: ev,
				Message: "Network ACL " + n.ID + " has no allow-all inbound entry."})
		case n.Subnets == 0:
			ev["allow_all_rules"] = rules
			out = append(out, Result{Resource: n.ID, Status: Pass, Evidence: ev,
				Message: "Network ACL " + n.ID + " allows all inbound traffic but is associated with no subnet."})
		default:
			ev["allow_all_rules"] = rules
			out = append(out, Result{Resource: n.ID, Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("Network ACL %s allows all inbound traffic from the internet on %d subnets, leaving security groups as the only filter.", n.ID, n.Subnets)})
		}
	}
	return out
}

func ec2VPCFlowLogs(v View) []Result {
	var out []Result
	for _, vpc := range v.Region.EC2.VPCs {
		var active, inactive []string
		for _, fl := range v.Region.EC2.FlowLogs {
			if fl.ResourceID != vpc.ID {
				continue
			}
			if fl.Status == "ACTIVE" {
				active = append(active, fl.ID)
			} else {
				inactive = append(inactive, fl.ID+" "+fl.Status)
			}
		}
		ev := map[string]any{"default_vpc": vpc.IsDefault}
		if len(active) > 0 {
			ev["active_flow_logs"] = active
			out = append(out, Result{Resource: vpc.ID, Status: Pass, Evidence: ev,
				Message: "VPC " + vpc.ID + " has an active flow log."})
			continue
		}
		if len(inactive) > 0 {
			ev["inactive_flow_logs"] = inactive
		}
		out = append(out, Result{Resource: vpc.ID, Status: Fail, Evidence: ev,
			Message: "VPC " + vpc.ID + " has no active flow log."})
	}
	return out
}

func ec2IMDSv2(v View) []Result {
	var out []Result
	for _, i := range v.Region.EC2.Instances {
		if i.State != "running" {
			continue
		}
		ev := map[string]any{"instance": i.ID, "http_tokens": i.HTTPTokens, "metadata_enabled": i.MetadataOn}
		switch {
		case !i.MetadataOn:
			out = append(out, Result{Resource: instanceResource(i), Status: Pass, Evidence: ev,
				Message: "Instance " + i.ID + " has the metadata endpoint turned off."})
		case i.HTTPTokens == "required":
			out = append(out, Result{Resource: instanceResource(i), Status: Pass, Evidence: ev,
				Message: "Instance " + i.ID + " requires IMDSv2 session tokens."})
		default:
			out = append(out, Result{Resource: instanceResource(i), Status: Fail, Evidence: ev,
				Message: "Instance " + i.ID + " still answers IMDSv1 metadata requests (HttpTokens " + orDash(i.HTTPTokens) + ")."})
		}
	}
	return out
}

func ec2InstancePublicIP(v View) []Result {
	var out []Result
	for _, i := range v.Region.EC2.Instances {
		if i.State != "running" {
			continue
		}
		ev := map[string]any{"instance": i.ID}
		switch {
		case i.PublicIP == "":
			out = append(out, Result{Resource: instanceResource(i), Status: Pass, Evidence: ev,
				Message: "Instance " + i.ID + " has no public IPv4 address."})
		case strings.EqualFold(i.Tags[edgeTag], "true"):
			ev["public_ip"], ev[edgeTag] = i.PublicIP, i.Tags[edgeTag]
			out = append(out, Result{Resource: instanceResource(i), Status: Pass, Evidence: ev,
				Message: "Instance " + i.ID + " has public address " + i.PublicIP + " and is tagged as an intended edge host."})
		default:
			ev["public_ip"] = i.PublicIP
			out = append(out, Result{Resource: instanceResource(i), Status: Fail, Evidence: ev,
				Message: "Instance " + i.ID + " has public IPv4 address " + i.PublicIP + " and is not tagged " + edgeTag + "=true."})
		}
	}
	return out
}

func ec2EBSDefaultEncryption(v View) []Result {
	on := v.Region.EC2.EBSDefaultEncryption
	if on == nil {
		return nil
	}
	ev := map[string]any{"ebs_encryption_by_default": *on}
	return []Result{passIf(*on, svcUnit("ec2", v), ev,
		"EBS encryption by default is on in "+v.Region.Name+".",
		"EBS encryption by default is off in "+v.Region.Name+".")}
}

func ec2EBSEncrypted(v View) []Result {
	var out []Result
	for _, vol := range v.Region.EC2.Volumes {
		ev := map[string]any{"encrypted": vol.Encrypted, "state": vol.State}
		if len(vol.Attached) > 0 {
			ev["attached_to"] = vol.Attached
		}
		out = append(out, passIf(vol.Encrypted, vol.ID, ev, "Volume "+vol.ID+" is encrypted.", "Volume "+vol.ID+" is not encrypted."))
	}
	return out
}

func ec2SnapshotEncrypted(v View) []Result {
	var out []Result
	for _, s := range v.Region.EC2.Snapshots {
		ev := map[string]any{"encrypted": s.Encrypted}
		if s.Started != nil {
			ev["started"] = s.Started.UTC()
		}
		out = append(out, passIf(s.Encrypted, s.ID, ev, "Snapshot "+s.ID+" is encrypted.", "Snapshot "+s.ID+" is not encrypted."))
	}
	return out
}

func ec2SnapshotPublic(v View) []Result {
	state := v.Region.EC2.SnapshotBlockPublic
	if len(v.Region.EC2.PublicSnapshots) == 0 {
		return []Result{{Resource: svcUnit("ec2", v), Status: Pass,
			Evidence: map[string]any{"public_snapshots": 0, "snapshot_block_public_access": state},
			Message:  "No EBS snapshot owned by the account is public in " + v.Region.Name + " (snapshot block public access: " + orDash(state) + ")."}}
	}
	var out []Result
	for _, id := range v.Region.EC2.PublicSnapshots {
		out = append(out, Result{Resource: id, Status: Fail,
			Evidence: map[string]any{"restorable_by": "all", "snapshot_block_public_access": state},
			Message:  "Snapshot " + id + " can be restored by any AWS account."})
	}
	return out
}

// ---- small helpers shared by this package's service files ----

// appendUnique appends s to ss unless ss holds it already.
func appendUnique(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

func appendUniquePort(ps []int32, p int32) []int32 {
	if slices.Contains(ps, p) {
		return ps
	}
	ps = append(ps, p)
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	return ps
}

func sortedPorts(set map[int32]bool) []int32 {
	out := make([]int32, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// joinPorts renders "22", "22 and 3389" or "21, 22 and 3389".
func joinPorts(ps []int32) string {
	ss := make([]string, len(ps))
	for i, p := range ps {
		ss[i] = strconv.Itoa(int(p))
	}
	return joinAnd(ss)
}

// portsPhrase renders "port 22" or "ports 22 and 3389".
func portsPhrase(ps []int32) string {
	if len(ps) == 1 {
		return "port " + joinPorts(ps)
	}
	return "ports " + joinPorts(ps)
}

// joinAnd joins words as an English list: "a", "a and b", "a, b and c".
func joinAnd(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

func orDash(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

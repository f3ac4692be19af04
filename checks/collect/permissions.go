package collect

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/warroom/warroom/checks"
)

// Framework reads: every run needs the first two in every account it reads;
// only the caller needs the last two, and only for --accounts and --org.
const (
	actionCallerIdentity = "sts:GetCallerIdentity"
	actionRegions        = "ec2:DescribeRegions"
	actionAssumeRole     = "sts:AssumeRole"
	actionListAccounts   = "organizations:ListAccounts"
)

func init() {
	allow(sts.ServiceID,
		op{"GetCallerIdentity", actionCallerIdentity, "finds the account id of the credentials in use"},
		op{"AssumeRole", actionAssumeRole, "takes the named read-only role in each account of --accounts or --org (the caller only)"},
	)
	allow(ec2.ServiceID,
		op{"DescribeRegions", actionRegions, "finds which regions the account has enabled"},
	)
	allow(organizations.ServiceID,
		op{"ListAccounts", actionListAccounts, "lists the organization's active accounts for --org (the caller only)"},
	)
}

// frameworkActions are the actions the collector itself needs, whatever the checks.
var frameworkActions = []string{actionCallerIdentity, actionRegions}

// callerOnlyActions are the actions only the identity that starts a
// multi-account run needs; the role assumed in each account does not.
var callerOnlyActions = []string{actionAssumeRole, actionListAccounts}

type policyDocument struct {
	Version   string               `json:"Version"`
	Statement []policyDocStatement `json:"Statement"`
}

type policyDocStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource string   `json:"Resource"`
}

// Policy returns the least-privilege IAM policy (JSON, indented) for a
// collection run: the framework's reads and needs, or every action on the
// allow-list when needs is empty. Actions are sorted, so the output is
// deterministic. sts:AssumeRole and organizations:ListAccounts come in a
// separate statement: only the caller of a multi-account run needs them. An
// action that is not on the allow-list is an error.
func Policy(needs []string) ([]byte, error) {
	onList := map[string]bool{}
	for _, a := range Actions() {
		onList[a] = true
	}
	set := map[string]bool{}
	if len(needs) == 0 {
		for a := range onList {
			set[a] = true
		}
	}
	var unknown []string
	for _, a := range needs {
		if !onList[a] {
			unknown = append(unknown, a)
			continue
		}
		set[a] = true
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("build policy: actions not on the collector's allow-list: %s", strings.Join(unknown, ", "))
	}
	for _, a := range frameworkActions {
		set[a] = true
	}
	for _, a := range callerOnlyActions {
		delete(set, a)
	}
	reads := make([]string, 0, len(set))
	for a := range set {
		reads = append(reads, a)
	}
	sort.Strings(reads)
	caller := append([]string(nil), callerOnlyActions...)
	sort.Strings(caller)
	doc := policyDocument{Version: "2012-10-17", Statement: []policyDocStatement{
		{Sid: "WarroomReadOnlyEvidence", Effect: "Allow", Action: reads, Resource: "*"},
		{Sid: "CallerOnlyForAccountsAndOrgRuns", Effect: "Allow", Action: caller, Resource: "*"},
	}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("build policy: %w", err)
	}
	return append(b, '\n'), nil
}

// PolicyFor returns the policy for the named checks (every check when ids is
// empty): their needs plus the framework's reads.
func PolicyFor(ids []string) ([]byte, error) {
	cs := checks.All()
	if len(ids) > 0 {
		cs = cs[:0:0]
		for _, id := range ids {
			c, ok := checks.ByID(id)
			if !ok {
				return nil, fmt.Errorf("build policy: unknown check %q", id)
			}
			cs = append(cs, c)
		}
	}
	var needs []string
	for _, c := range cs {
		needs = append(needs, c.Actions()...)
	}
	if len(needs) == 0 {
		needs = frameworkActions
	}
	return Policy(needs)
}

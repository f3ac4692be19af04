package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/demo"
	"github.com/warroom/warroom/internal/golden"
)

// runWith is harness.run with a hook that adjusts the factory first
// (fake AWS configuration, fake collector).
func (h *harness) runWith(setup func(*factory), args ...string) int {
	h.t.Helper()
	io, out, errOut := testIO("")
	h.out, h.errOut = out, errOut
	f := newFactory(io)
	f.Version = "test"
	f.Now = func() time.Time { return h.now }
	f.Getenv = func(k string) string { return h.env[k] }
	f.Rand = bytes.NewReader([]byte{0xab, 0xcd, 0xef, 0x01})
	if setup != nil {
		setup(f)
	}
	return runWith(context.Background(), f, append([]string{"--db", h.db}, args...))
}

// fakeAWS returns a configuration without touching the credential chain.
func fakeAWS(profiles *[]string) func(context.Context, string) (aws.Config, error) {
	return func(_ context.Context, profile string) (aws.Config, error) {
		if profiles != nil {
			*profiles = append(*profiles, profile)
		}
		return aws.Config{Region: "us-east-1"}, nil
	}
}

// fakeCollect returns the testdata inventory after reporting progress, and err.
func fakeCollect(t *testing.T, got *collect.Options, err error) func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
	return func(_ context.Context, _ aws.Config, o collect.Options) (*checks.Inventory, collect.Stats, error) {
		if got != nil {
			*got = o
		}
		for i := 0; i <= 20; i++ {
			o.Progress(collect.Progress{Stage: "regional", Done: i, Total: 20})
		}
		b, rerr := os.ReadFile("testdata/collect-inventory.json")
		if rerr != nil {
			t.Fatal(rerr)
		}
		inv, derr := checks.DecodeInventory(bytes.NewReader(b))
		if derr != nil {
			t.Fatal(derr)
		}
		return inv, collect.Stats{Accounts: 1, Regions: 1, Calls: 57, Gaps: map[string]int{"AccessDenied": 1}, Elapsed: 2300 * time.Millisecond}, err
	}
}

func TestNewCmdCollect(t *testing.T) {
	tests := []optionCase[collectOptions]{
		{[]string{}, collectOptions{Concurrency: 32, Timeout: 30 * time.Minute}, ""},
		{[]string{"--profile", "audit", "--regions", "all"}, collectOptions{Profile: "audit", Concurrency: 32, Timeout: 30 * time.Minute}, ""},
		{[]string{"--regions", "eu-west-1,us-east-1,eu-west-1", "--concurrency", "8", "--timeout", "5m"},
			collectOptions{Regions: []string{"eu-west-1", "us-east-1"}, Concurrency: 8, Timeout: 5 * time.Minute}, ""},
		{[]string{"--org", "--role-name", "OrganizationAccountAccessRole"},
			collectOptions{Org: true, RoleName: "OrganizationAccountAccessRole", Concurrency: 32, Timeout: 30 * time.Minute}, ""},
		{[]string{"--accounts", "111111111111,222222222222", "--role-name", "SecurityAudit", "--external-id", "x-1"},
			collectOptions{Accounts: []string{"111111111111", "222222222222"}, RoleName: "SecurityAudit", ExternalID: "x-1", Concurrency: 32, Timeout: 30 * time.Minute}, ""},
		{[]string{"--accounts", "111111111111", "--accounts", "222222222222", "--role-name", "R"},
			collectOptions{Accounts: []string{"111111111111", "222222222222"}, RoleName: "R", Concurrency: 32, Timeout: 30 * time.Minute}, ""},
		{[]string{"--accounts", "111111111111"}, collectOptions{}, "--accounts needs --role-name"},
		{[]string{"--org"}, collectOptions{}, "--org needs --role-name"},
		{[]string{"--org", "--accounts", "111111111111", "--role-name", "R"}, collectOptions{}, "--accounts and --org cannot be used together"},
		{[]string{"--accounts", "12345", "--role-name", "R"}, collectOptions{}, `--accounts: "12345" is not a 12-digit account id`},
		{[]string{"--regions", "eu-west-1,Mars"}, collectOptions{}, `--regions: "Mars" is not a region name`},
		{[]string{"--regions", "all,eu-west-1"}, collectOptions{}, "--regions: all cannot be combined"},
		{[]string{"--regions", ""}, collectOptions{}, "--regions: no region named; give region names or all (every enabled region)"},
		{[]string{"--regions", ","}, collectOptions{}, "--regions: no region named; give region names or all (every enabled region)"},
		{[]string{"--regions", " , "}, collectOptions{}, "--regions: no region named; give region names or all (every enabled region)"},
		{[]string{"--accounts", ",", "--role-name", "R"}, collectOptions{}, "--accounts: no account id named"},
		{[]string{"--accounts", "", "--role-name", "R"}, collectOptions{}, "--accounts: no account id named"},
		{[]string{"--accounts", " "}, collectOptions{}, "--accounts: no account id named"},
		{[]string{"--role-name", "SecurityAudit"}, collectOptions{},
			"--role-name needs --accounts or --org: without them collect reads the caller's own account and assumes no role"},
		{[]string{"--role-name", "SecurityAudit", "--external-id", "x-1"}, collectOptions{},
			"--role-name and --external-id need --accounts or --org: without them collect reads the caller's own account and assumes no role"},
		{[]string{"--concurrency", "0"}, collectOptions{}, "--concurrency must be at least 1"},
		{[]string{"--timeout", "-1s"}, collectOptions{}, "--timeout must be positive"},
		{[]string{"--external-id", "x"}, collectOptions{}, "--external-id needs --role-name"},
		{[]string{"extra"}, collectOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*collectOptions) error) *cobra.Command {
		return newCmdCollect(newFactory(&ioStreams{}), runF)
	}, func(o *collectOptions) { o.f = nil })
}

func TestNewCmdFindings(t *testing.T) {
	tests := []optionCase[findingsOptions]{
		{[]string{}, findingsOptions{}, ""},
		{[]string{"--run", "run-1", "--status", "fail,UNKNOWN", "--check", "iam.*", "--check", "s3.versioning",
			"--account", "111111111111", "--region", "global,eu-west-1"},
			findingsOptions{Run: "run-1", Statuses: []string{"fail", "unknown"}, Checks: []string{"iam.*", "s3.versioning"},
				Accounts: []string{"111111111111"}, Regions: []string{"global", "eu-west-1"}}, ""},
		{[]string{"--status", "broken"}, findingsOptions{}, `--status "broken" is not one of pass, fail, unknown, error`},
		{[]string{"--check", "IAM root"}, findingsOptions{}, `--check "IAM root" is not a check id`},
		{[]string{"--check", "i*m"}, findingsOptions{}, `--check "i*m" is not a check id`},
		{[]string{"--account", "abc"}, findingsOptions{}, `--account "abc" is not a 12-digit account id`},
		{[]string{"--region", "moon"}, findingsOptions{}, `--region "moon" is not a region name`},
		{[]string{"--check", "iam*"}, findingsOptions{Checks: []string{"iam*"}}, ""},
		{[]string{"--check", "iam.root-mfaa"}, findingsOptions{}, `--check "iam.root-mfaa" is not a check; did you mean iam.root-mfa?`},
		{[]string{"--check", "iam.*,s3.versionng"}, findingsOptions{}, `--check "s3.versionng" is not a check; did you mean s3.versioning?`},
		{[]string{"--check", "qqqqqqqqqqqq"}, findingsOptions{}, "--check \"qqqqqqqqqqqq\" is not a check; see `warroom checks list`"},
		{[]string{"--check", "nosuch.*"}, findingsOptions{}, "--check \"nosuch.*\" matches no check; see `warroom checks list`"},
		{[]string{"--check", "iamm.*"}, findingsOptions{}, "--check \"iamm.*\" matches no check; see `warroom checks list`"},
		{[]string{"--check", "iam.root-mfa*x"}, findingsOptions{}, `--check "iam.root-mfa*x" is not a check id`},
	}
	checkOptions(t, tests, func(runF func(*findingsOptions) error) *cobra.Command {
		return newCmdFindings(newFactory(&ioStreams{}), runF)
	}, func(o *findingsOptions) { o.f = nil })
}

func TestNewCmdPermissions(t *testing.T) {
	tests := []optionCase[permissionsOptions]{
		{[]string{}, permissionsOptions{}, ""},
		{[]string{"--check", "iam.root-mfa", "--check", ""}, permissionsOptions{Checks: []string{"iam.root-mfa"}}, ""},
		{[]string{"--check", "iam.root-mfa, s3.versioning"}, permissionsOptions{Checks: []string{"iam.root-mfa", "s3.versioning"}}, ""},
		{[]string{"--check", "iam.root-mfax"}, permissionsOptions{}, `--check "iam.root-mfax" is not a check; did you mean iam.root-mfa?`},
		{[]string{"--check", "qqqqqqqqqqqq"}, permissionsOptions{}, "--check \"qqqqqqqqqqqq\" is not a check; see `warroom checks list`"},
		{[]string{"extra"}, permissionsOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*permissionsOptions) error) *cobra.Command {
		return newCmdPermissions(newFactory(&ioStreams{}), runF)
	}, func(o *permissionsOptions) { o.f = nil })
}

func Test_collectRun(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	var profiles []string
	var opts collect.Options
	setup := func(f *factory) {
		f.AWS = fakeAWS(&profiles)
		f.Collect = fakeCollect(t, &opts, nil)
	}
	if code := h.runWith(setup, "collect", "--profile", "audit", "--regions", "eu-west-1", "--concurrency", "4"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	if !reflect.DeepEqual(profiles, []string{"audit"}) || !reflect.DeepEqual(opts.Regions, []string{"eu-west-1"}) || opts.Concurrency != 4 ||
		opts.Timeout != 30*time.Minute || opts.Progress == nil || opts.Now == nil {
		t.Errorf("collect got profile %v, options %+v", profiles, opts)
	}
	out := h.out.String()
	for _, want := range []string{"Run run-20261102T103000Z-abcdef01 saved for workload payments.", "Accounts: 1 (111111111111)",
		"Regions:  1 (eu-west-1)", "Calls:    57 in 2.3s", "Gaps:     AccessDenied 1", "Next: warroom findings"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if _, ok := checks.ByID("iam.root-mfa"); ok && !strings.Contains(out, "Top failing checks:\n  iam.root-mfa ") {
		t.Errorf("top failing checks do not start with iam.root-mfa:\n%s", out)
	}
	// Plain progress lines on stderr at each tenth.
	if n := strings.Count(h.errOut.String(), "collect: regional "); n != 11 || !strings.Contains(h.errOut.String(), "collect: regional 50% (10/20)") {
		t.Errorf("progress lines (%d):\n%s", n, h.errOut)
	}

	// The run and its findings are stored: findings -o json reads them back.
	var doc struct {
		Version int `json:"version"`
		Run     struct {
			ID       string   `json:"id"`
			Accounts []string `json:"accounts"`
		} `json:"run"`
		Findings []checks.Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("findings", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	want := checks.Evaluate(mustInventory(t, "testdata/collect-inventory.json"), checks.All(), "run-20261102T103000Z-abcdef01", fixedNow)
	if doc.Version != 1 || doc.Run.ID != "run-20261102T103000Z-abcdef01" || len(doc.Findings) != len(want) {
		t.Fatalf("findings document: version %d, run %q, %d findings (want %d)", doc.Version, doc.Run.ID, len(doc.Findings), len(want))
	}
	for i := range want {
		g, w := doc.Findings[i], want[i]
		if g.CheckID != w.CheckID || g.Status != w.Status || g.Resource != w.Resource || !g.ObservedAt.Equal(w.ObservedAt) {
			t.Errorf("finding %d: %+v, want %+v", i, g, w)
		}
	}
}

func mustInventory(t *testing.T, path string) *checks.Inventory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := checks.DecodeInventory(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func Test_collectRun_JSON(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	setup := func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) }
	if code := h.runWith(setup, "collect", "-o", "json"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.errOut)
	}
	// stdout holds only the JSON summary; no progress anywhere without a terminal.
	var sum runSummary
	dec := json.NewDecoder(h.out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sum); err != nil || dec.More() {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, h.out)
	}
	if sum.Version != 1 || sum.Run.ID != "run-20261102T103000Z-abcdef01" || sum.Stats.Calls != 57 || sum.Stats.Gaps["AccessDenied"] != 1 ||
		sum.Findings["unknown"] == 0 || h.errOut.Len() != 0 {
		t.Errorf("summary %+v, stderr %q", sum, h.errOut)
	}
	if _, ok := checks.ByID("dynamodb.pitr"); ok && !slices.Contains(failingIDs(sum.TopFailing), "dynamodb.pitr") {
		t.Errorf("top failing %+v lacks dynamodb.pitr", sum.TopFailing)
	}
}

func failingIDs(fs []failingCheck) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

func Test_collectRun_Errors(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	noRuns := func(when string) {
		t.Helper()
		if ids := h.runIDs(); len(ids) != 0 {
			t.Errorf("%s: runs stored %v, want none", when, ids)
		}
	}
	// Credentials that cannot load: exit 1, nothing stored.
	code := h.runWith(func(f *factory) {
		f.AWS = func(context.Context, string) (aws.Config, error) {
			return aws.Config{}, errors.New("no credentials in the chain")
		}
	}, "collect")
	if code != 1 || h.errOut.String() != "warroom: load AWS configuration: no credentials in the chain\n" || h.out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, h.out, h.errOut)
	}
	noRuns("configuration fails")
	// The collector fails without an inventory: exit 1, nothing stored.
	code = h.runWith(func(f *factory) {
		f.AWS = fakeAWS(nil)
		f.Collect = func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return nil, collect.Stats{}, errors.New("sts GetCallerIdentity: InvalidClientTokenId")
		}
	}, "collect")
	if code != 1 || h.errOut.String() != "warroom: collect: sts GetCallerIdentity: InvalidClientTokenId\n" || h.out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, h.out, h.errOut)
	}
	noRuns("collector fails")
	// The collector returns neither an inventory nor an error.
	code = h.runWith(func(f *factory) {
		f.AWS = fakeAWS(nil)
		f.Collect = func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return nil, collect.Stats{}, nil
		}
	}, "collect")
	if code != 1 || h.errOut.String() != "warroom: collect: the collector returned no inventory\n" {
		t.Errorf("exit %d, stderr %q", code, h.errOut)
	}
	noRuns("collector returns nothing")
	// A usage error never reaches AWS.
	code = h.runWith(func(f *factory) {
		f.AWS = func(context.Context, string) (aws.Config, error) {
			t.Error("usage error reached AWS")
			return aws.Config{}, nil
		}
	}, "collect", "--role-name", "R")
	if code != 2 {
		t.Errorf("--role-name alone: exit %d, stderr %q", code, h.errOut)
	}
	noRuns("usage error")
	if code := h.run("", "findings"); code != 1 || !strings.Contains(h.errOut.String(), "no evidence collected for workload payments yet") {
		t.Errorf("findings without a run: exit %d, %q", code, h.errOut)
	}
	// An error with a partial inventory: the run is saved and the error reported.
	code = h.runWith(func(f *factory) {
		f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, errors.New("organizations ListAccounts: throttled"))
	}, "collect")
	if code != 1 || !strings.Contains(h.errOut.String(), "collection ended early (run run-20261102T103000Z-abcdef01 was saved with what was read): organizations ListAccounts: throttled") ||
		!strings.Contains(h.out.String(), "Run run-20261102T103000Z-abcdef01 saved") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, h.out, h.errOut)
	}
	if ids := h.runIDs(); !reflect.DeepEqual(ids, []string{"run-20261102T103000Z-abcdef01"}) {
		t.Errorf("runs after a partial collect: %v", ids)
	}
	var doc findingsJSON
	if err := json.Unmarshal([]byte(h.mustRun("findings", "-o", "json")), &doc); err != nil || doc.Run.Error == "" {
		t.Errorf("saved run: %+v, %v", doc.Run, err)
	}
}

// TestFindings_BadRun: --run naming no run, or another workload's run, fails
// with a message that says what to do, prints nothing and stores nothing.
func TestFindings_BadRun(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.mustRun("workload", "create", "ledger")
	h.mustRun("workload", "create", "card vault")
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) },
		"--workload", "payments", "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	const runID, vaultRunID = "run-20261102T103000Z-abcdef01", "run-20261102T103000Z-01020304"
	if code := h.runWith(func(f *factory) {
		f.AWS, f.Collect, f.Rand = fakeAWS(nil), fakeCollect(t, nil, nil), bytes.NewReader([]byte{1, 2, 3, 4})
	}, "--workload", "card vault", "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--workload", "ledger", "findings", "--run", runID},
			`warroom: run "` + runID + `" belongs to workload payments; pick it with --workload payments` + "\n"},
		{[]string{"--workload", "payments", "findings", "--run", vaultRunID},
			`warroom: run "` + vaultRunID + `" belongs to workload card vault; pick it with --workload "card vault"` + "\n"},

		{[]string{"--workload", "payments", "findings", "--run", "run-nope"},
			`warroom: no run "run-nope" in ` + h.db + "; `warroom collect` prints the id of each run it saves, and without --run findings shows the latest\n"},
	}
	for _, tt := range tests {
		if code := h.run("", tt.args...); code != 1 || h.errOut.String() != tt.want || h.out.Len() != 0 {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q\nwant   %q", tt.args, code, h.out, h.errOut, tt.want)
		}
		// runIDs goes through the workloads by name: card vault, ledger, payments.
		if ids := h.runIDs(); !reflect.DeepEqual(ids, []string{vaultRunID, runID}) {
			t.Errorf("%v: runs afterwards %v", tt.args, ids)
		}
	}
	// The run is still the payments workload's, and only its.
	if code := h.run("", "--workload", "ledger", "findings"); code != 1 || !strings.Contains(h.errOut.String(), "no evidence collected for workload ledger yet") {
		t.Errorf("ledger findings: exit %d, %s", code, h.errOut)
	}
	h.mustRun("--workload", "payments", "findings", "--run", runID)
}

func TestFindings_Filters(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) }, "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	all := checks.Evaluate(mustInventory(t, "testdata/collect-inventory.json"), checks.All(), "r", fixedNow)
	count := func(keep func(checks.Finding) bool) int {
		n := 0
		for _, f := range all {
			if keep(f) {
				n++
			}
		}
		return n
	}
	tests := []struct {
		args []string
		want int
	}{
		{nil, len(all)},
		{[]string{"--status", "fail,unknown"}, count(func(f checks.Finding) bool { return f.Status == checks.Fail || f.Status == checks.Unknown })},
		{[]string{"--check", "dynamodb.*"}, count(func(f checks.Finding) bool { return strings.HasPrefix(f.CheckID, "dynamodb.") })},
		{[]string{"--region", "global"}, count(func(f checks.Finding) bool { return f.Region == "" })},
		{[]string{"--region", "eu-west-1", "--status", "pass"}, count(func(f checks.Finding) bool { return f.Region == "eu-west-1" && f.Status == checks.Pass })},
		{[]string{"--account", "222222222222"}, 0},
	}
	for _, tt := range tests {
		var doc findingsJSON
		if err := json.Unmarshal([]byte(h.mustRun(append([]string{"findings", "-o", "json"}, tt.args...)...)), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Findings) != tt.want || doc.Findings == nil {
			t.Errorf("findings %v: %d, want %d", tt.args, len(doc.Findings), tt.want)
		}
	}
	// The text table names every column and keeps AWS values on one line.
	out := h.mustRun("findings", "--status", "unknown")
	if !strings.Contains(out, "CHECK  ") || !strings.Contains(out, "MESSAGE") || !strings.Contains(out, "match the filters") {
		t.Errorf("table:\n%s", out)
	}
}

func TestScore_WithEvidence(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	h.mustRun("answer", "set", "SEC01-BP02", "--status", "met", "--by", "dana", "--note", "root has MFA")
	// Without a run: no evidence object, a hint in text.
	var before map[string]any
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &before); err != nil {
		t.Fatal(err)
	}
	if _, ok := before["evidence"]; ok {
		t.Error("evidence object without a run")
	}
	if !strings.Contains(h.mustRun("score"), "Evidence: none collected yet") {
		t.Error("score does not point to collect")
	}
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) }, "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	var doc struct {
		Version  int `json:"version"`
		Evidence struct {
			RunID          string         `json:"run_id"`
			ObservedAt     time.Time      `json:"observed_at"`
			Findings       map[string]int `json:"findings"`
			ActionsToGrant []string       `json:"actions_to_grant"`
		} `json:"evidence"`
		Contradictions []struct {
			Practice string `json:"practice"`
		} `json:"contradictions"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	e := doc.Evidence
	if doc.Version != 1 || e.RunID != "run-20261102T103000Z-abcdef01" || !e.ObservedAt.Equal(fixedNow) {
		t.Errorf("evidence %+v", e)
	}
	// A run that finished says nothing about ending early.
	var raw struct {
		Evidence map[string]any `json:"evidence"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Evidence["error"]; ok {
		t.Errorf("finished run carries an error: %v", raw.Evidence["error"])
	}
	if out := h.mustRun("score"); strings.Contains(out, "ended early") {
		t.Errorf("finished run said to have ended early:\n%s", out)
	}
	if _, ok := checks.ByID("org.scps"); ok && !slices.Contains(e.ActionsToGrant, "organizations:ListPoliciesForTarget") {
		t.Errorf("actions to grant %v", e.ActionsToGrant)
	}
	if _, ok := checks.ByID("iam.root-mfa"); ok {
		if len(doc.Contradictions) == 0 || doc.Contradictions[0].Practice != "SEC01-BP02" {
			t.Errorf("contradictions %+v", doc.Contradictions)
		}
		if out := h.mustRun("score"); !strings.Contains(out, "Contradictions (answered met, evidence fails):\n  SEC01-BP02 Secure account root user and properties: ") ||
			!strings.Contains(out, "iam.root-mfa") {
			t.Errorf("score text:\n%s", out)
		}
	}
	md := h.mustRun("report", "--format", "md")
	if !strings.Contains(md, "## Appendix: evidence") || !strings.Contains(md, "Run run-20261102T103000Z-abcdef01") {
		t.Errorf("report lacks the evidence appendix")
	}
}

func TestChecksList(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Version int              `json:"version"`
		Checks  []map[string]any `json:"checks"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("checks", "list", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Checks) != len(checks.All()) {
		t.Fatalf("version %d, %d checks, want %d", doc.Version, len(doc.Checks), len(checks.All()))
	}
	for _, c := range doc.Checks {
		for _, k := range []string{"id", "title", "service", "scope", "severity", "practices", "needs"} {
			if _, ok := c[k]; !ok {
				t.Errorf("check %v lacks %q", c["id"], k)
			}
		}
	}
	out := h.mustRun("checks", "list")
	if !strings.Contains(out, "ID  ") || !strings.Contains(out, "PRACTICES") || !strings.Contains(out, " checks over ") {
		t.Errorf("checks list:\n%s", out)
	}
	if code := h.run("", "checks", "nope"); code != 2 {
		t.Errorf("checks nope: exit %d", code)
	}
}

func TestChecksCoverage(t *testing.T) {
	h := newHarness(t)
	var cov coverageJSON
	if err := json.Unmarshal([]byte(h.mustRun("checks", "coverage", "-o", "json")), &cov); err != nil {
		t.Fatal(err)
	}
	covered := 0
	for _, p := range cov.Practices {
		if p.InterviewOnly != (len(p.Checks) == 0) {
			t.Errorf("%s: interview_only %v with checks %v", p.ID, p.InterviewOnly, p.Checks)
		}
		if !p.InterviewOnly {
			covered++
		}
		for _, id := range p.Checks {
			c, ok := checks.ByID(id)
			if !ok || !slices.Contains(c.Practices, p.ID) {
				t.Errorf("%s lists %s, which does not map to it", p.ID, id)
			}
		}
	}
	if cov.Total != 67 || cov.Covered != covered || len(cov.Practices) != cov.Total {
		t.Errorf("coverage %d / %d over %d practices (counted %d)", cov.Covered, cov.Total, len(cov.Practices), covered)
	}
	text := h.mustRun("checks", "coverage")
	if !strings.Contains(text, "practices with ≥1 check: ") {
		t.Errorf("coverage text lacks the count:\n%s", text)
	}
	if covered < cov.Total && !strings.Contains(text, "interview-only") {
		t.Error("coverage text lacks interview-only practices")
	}
}

// TestREADME_CoverageTable keeps README.md's coverage table in step with the
// catalogue; go test -update rewrites it.
func TestREADME_CoverageTable(t *testing.T) {
	const start, end = "<!-- coverage:start -->\n", "<!-- coverage:end -->"
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", strings.TrimSpace(start), end)
	}
	h := newHarness(t)
	table := h.mustRun("checks", "coverage", "--markdown")
	want := s[:i+len(start)] + table + s[j:]
	if want == s {
		return
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's coverage table is stale; run go test ./cmd/warroom -run TestREADME_CoverageTable -update")
}

func TestPermissions(t *testing.T) {
	h := newHarness(t)
	var policy struct {
		Version   string `json:"Version"`
		Statement []struct {
			Effect   string   `json:"Effect"`
			Action   []string `json:"Action"`
			Resource string   `json:"Resource"`
		} `json:"Statement"`
	}
	actions := func(args ...string) map[string]bool {
		t.Helper()
		if err := json.Unmarshal([]byte(h.mustRun(append([]string{"permissions"}, args...)...)), &policy); err != nil {
			t.Fatal(err)
		}
		if policy.Version != "2012-10-17" || len(policy.Statement) == 0 {
			t.Fatalf("policy %+v", policy)
		}
		set := map[string]bool{}
		for _, st := range policy.Statement {
			if st.Effect != "Allow" || st.Resource != "*" {
				t.Errorf("statement %+v", st)
			}
			for _, a := range st.Action {
				set[a] = true
			}
		}
		return set
	}
	all := actions()
	for _, a := range collect.Actions() {
		if !all[a] {
			t.Errorf("the full policy lacks %s", a)
		}
	}
	for a := range all {
		verb := a[strings.Index(a, ":")+1:]
		if !strings.HasPrefix(verb, "Describe") && !strings.HasPrefix(verb, "Get") && !strings.HasPrefix(verb, "List") &&
			!strings.HasPrefix(verb, "BatchGet") && !strings.HasPrefix(verb, "View") && a != "iam:GenerateCredentialReport" && a != "sts:AssumeRole" {
			t.Errorf("policy grants %s, which is not a read", a)
		}
	}
	c, ok := checks.ByID("iam.root-mfa")
	if !ok {
		return
	}
	some := actions("--check", c.ID)
	for _, a := range c.Needs {
		if !some[a] {
			t.Errorf("policy for %s lacks %s", c.ID, a)
		}
	}
	if !some["sts:GetCallerIdentity"] || len(some) >= len(all) {
		t.Errorf("policy for %s: %d actions of %d", c.ID, len(some), len(all))
	}
	for _, tt := range []struct{ check, want string }{
		{"iam.root-mfaa", `warroom: --check "iam.root-mfaa" is not a check; did you mean iam.root-mfa?`},
		{"qqqqqqqqqqqq", "warroom: --check \"qqqqqqqqqqqq\" is not a check; see `warroom checks list`"},
	} {
		if code := h.run("", "permissions", "--check", tt.check); code != 2 || h.out.Len() != 0 ||
			!strings.HasPrefix(h.errOut.String(), tt.want+"\n") {
			t.Errorf("--check %s: exit %d\nstdout %q\nstderr %q\nwant   %q", tt.check, code, h.out, h.errOut, tt.want)
		}
	}
}

func TestDemoInventory_Strict(t *testing.T) {
	inv, err := checks.DecodeInventory(bytes.NewReader(demo.Inventory))
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Inventory) > 40<<10 {
		t.Errorf("demo inventory is %d bytes; keep it under 40 KB", len(demo.Inventory))
	}
	if len(inv.Accounts) != 1 || len(inv.Accounts[0].Regions) != 2 || len(inv.Accounts[0].Gaps) == 0 {
		t.Errorf("demo inventory: %d accounts", len(inv.Accounts))
	}
	// Re-encoding loses nothing: every field in the file is a field of the Inventory.
	if _, err := checks.DecodeInventory(strings.NewReader(`{"version":1,"accounts":[],"surprise":1}`)); err == nil {
		t.Error("unknown fields are accepted")
	}
}

// TestDemo_Evidence checks that the demo's evidence contradicts the answers
// it should: the root user without MFA first of all.
func TestDemo_Evidence(t *testing.T) {
	if _, ok := checks.ByID("iam.root-mfa"); !ok {
		t.Skip("the check catalogue is not registered yet")
	}
	h := newHarness(t)
	dir := filepath.Join(h.dir, "demo")
	out := h.mustRun("demo", "--out", dir)
	if !strings.Contains(out, "Evidence: run run-20261102T102900Z-") {
		t.Errorf("demo output lacks the evidence line:\n%s", out)
	}
	h.db = filepath.Join(dir, "demo.db")
	var doc struct {
		Contradictions []struct {
			Practice string `json:"practice"`
		} `json:"contradictions"`
		Evidence struct {
			ActionsToGrant []string `json:"actions_to_grant"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range doc.Contradictions {
		got = append(got, c.Practice)
	}
	if len(got) < 5 || got[0] != "SEC01-BP02" {
		t.Errorf("contradictions %v: want SEC01-BP02 first and at least 5", got)
	}
	if !slices.Contains(doc.Evidence.ActionsToGrant, "organizations:ListPoliciesForTarget") {
		t.Errorf("actions to grant %v", doc.Evidence.ActionsToGrant)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	if i, j := strings.Index(s, "## Contradictions"), strings.Index(s, "## Appendix: evidence"); i < 0 || j < i ||
		!strings.Contains(s[i:], "**SEC01-BP02 Secure account root user and properties**") {
		t.Error("demo report lacks the contradictions or the appendix")
	}
}

func TestLineProgress(t *testing.T) {
	var b bytes.Buffer
	p := &lineProgress{w: &b, last: map[string]lineMark{}}
	for i := 0; i <= 7; i++ {
		p.Update(collect.Progress{Stage: "global", Done: i, Total: 7})
	}
	p.Update(collect.Progress{Stage: "regional", Done: 0, Total: 0})
	p.Done()
	want := "collect: global 0% (0/7)\ncollect: global 10% (1/7)\ncollect: global 20% (2/7)\ncollect: global 40% (3/7)\n" +
		"collect: global 50% (4/7)\ncollect: global 70% (5/7)\ncollect: global 80% (6/7)\ncollect: global 100% (7/7)\n"
	if b.String() != want {
		t.Errorf("progress lines:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestCollectSummary_Golden(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) }, "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	golden.Assert(t, h.out.Bytes(), "testdata/collect.golden")
	golden.Assert(t, []byte(h.mustRun("findings")), "testdata/findings.golden")
}

func TestBarProgress(t *testing.T) {
	var b bytes.Buffer
	p := newBarProgress(&b, 80, mpb.WithAutoRefresh()) // a buffer is no terminal: refresh anyway
	for i := 0; i <= 5; i++ {
		p.Update(collect.Progress{Stage: "accounts", Done: i, Total: 5})
	}
	p.Update(collect.Progress{Stage: "regional", Done: 3, Total: 10}) // left unfinished: Done completes it
	done := make(chan struct{})
	go func() { p.Done(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Done does not return")
	}
	if !strings.Contains(b.String(), "accounts") || !strings.Contains(b.String(), "regional") {
		t.Errorf("bars: %q", b.String())
	}
}

func TestNewProgress_Choice(t *testing.T) {
	f := newFactory(&ioStreams{ErrOut: &bytes.Buffer{}})
	for _, tt := range []struct {
		tty   bool
		width int
		json  bool
		want  string
	}{
		{true, 120, false, "*main.barProgress"}, {true, 120, true, "*main.barProgress"},
		{true, 30, false, "*main.lineProgress"}, {false, 0, false, "*main.lineProgress"}, {false, 0, true, "main.nopProgress"},
	} {
		f.ErrTerminal = func(io.Writer) (bool, int) { return tt.tty, tt.width }
		f.Global.Output = map[bool]string{true: "json", false: "text"}[tt.json]
		p := f.newProgress()
		if got := fmt.Sprintf("%T", p); got != tt.want {
			t.Errorf("tty %v width %d json %v: %s, want %s", tt.tty, tt.width, tt.json, got, tt.want)
		}
		p.Done()
	}
}

func TestScore_RunEndedEarly(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	// An interrupted run that saved what it read is the latest evidence: every output says so.
	if code := h.runWith(func(f *factory) {
		f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, errors.New("interrupted\nin eu-west-1 *now*"))
	}, "collect"); code != 1 {
		t.Fatalf("partial collect: exit %d: %s", code, h.errOut)
	}
	out := h.mustRun("score")
	if !strings.Contains(out, "\nEvidence: run run-20261102T103000Z-abcdef01 ") ||
		!strings.Contains(out, "Evidence run run-20261102T103000Z-abcdef01 ended early: interrupted in eu-west-1 *now*; regions or services it did not reach have no findings.\n") {
		t.Errorf("score text does not say the run ended early:\n%s", out)
	}
	var doc struct {
		Evidence struct {
			RunID string `json:"run_id"`
			Error string `json:"error"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal([]byte(h.mustRun("score", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Evidence.Error != "interrupted\nin eu-west-1 *now*" {
		t.Errorf("json evidence error %q", doc.Evidence.Error)
	}
	md := h.mustRun("report", "--format", "md")
	if !strings.Contains(md, "## Appendix: evidence\n\n**This run ended early: interrupted in eu-west-1 \\*now\\*.** Regions or services it did not reach have no findings") {
		t.Errorf("report appendix does not open with the early end:\n%s", md[strings.Index(md, "## Appendix"):])
	}
}

// Test_collectRun_NoCredentials: when the SDK finds no credentials, collect
// says how to provide them and stores nothing.
func Test_collectRun_NoCredentials(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	code := h.runWith(func(f *factory) {
		f.AWS = fakeAWS(nil)
		f.Collect = func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return nil, collect.Stats{}, fmt.Errorf("identify the caller: %w: %w", collect.ErrNoCredentials,
				errors.New("sts GetCallerIdentity: get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found"))
		}
	}, "collect")
	if code != 1 || !strings.Contains(h.errOut.String(), "no usable AWS credentials; pass --profile") {
		t.Errorf("exit %d, stderr %q", code, h.errOut)
	}
	// The hint follows the collector's sentinel, not the wording of an error.
	code = h.runWith(func(f *factory) {
		f.AWS = fakeAWS(nil)
		f.Collect = func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return nil, collect.Stats{}, errors.New("assume role: could not get credentials for account 111111111111")
		}
	}, "collect")
	if code != 1 || h.errOut.String() != "warroom: collect: assume role: could not get credentials for account 111111111111\n" {
		t.Errorf("exit %d, stderr %q", code, h.errOut)
	}
	if ids := h.runIDs(); len(ids) != 0 {
		t.Errorf("runs stored after a failed collect: %v", ids)
	}
	if code := h.run("", "findings"); code == 0 {
		t.Errorf("findings after a failed collect: exit 0, want an error for no run\n%s", h.out)
	}
}

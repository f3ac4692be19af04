package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/checks/collect/awstest"
)

// Test_collectRun_AgainstEndpoint runs `warroom collect` end to end with the
// real configuration loader, credentials and endpoint from the environment
// (AWS_ENDPOINT_URL pointing at the in-process fake), the real collectors and
// the real checks, then reads the stored run back through `findings` and
// `score`.
func Test_collectRun_AgainstEndpoint(t *testing.T) {
	srv := awstest.NewServer(t, filepath.Join("..", "..", "checks", "collect", "testdata", "aws"))
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_PROFILE": "",
		"AWS_ACCESS_KEY_ID": awstest.AccessKey("111111111111"), "AWS_SECRET_ACCESS_KEY": awstest.SecretKey,
		"AWS_SESSION_TOKEN": "", "AWS_ENDPOINT_URL": srv.URL, "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "",
		"AWS_CA_BUNDLE": "", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	setup := func(f *factory) {
		f.AWS = func(ctx context.Context, profile string) (aws.Config, error) {
			cfg, err := collect.LoadConfig(ctx, profile)
			// S3 Control puts the account id in front of the endpoint's host
			// name; the fake's client dials the fake whatever the host.
			cfg.HTTPClient = srv.Client()
			return cfg, err
		}
	}
	if code := h.runWith(setup, "collect", "--regions", "eu-west-1,us-east-1", "-o", "json"); code != 0 {
		t.Fatalf("collect: exit %d\n%s\n%s", code, h.out, h.errOut)
	}
	var sum struct {
		Run struct {
			ID       string   `json:"id"`
			Accounts []string `json:"accounts"`
			Regions  []string `json:"regions"`
		} `json:"run"`
		Stats    summaryStats   `json:"stats"`
		Findings map[string]int `json:"findings"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &sum); err != nil {
		t.Fatalf("collect -o json: %v\n%s", err, h.out)
	}
	if sum.Stats.Calls == 0 || sum.Stats.Duplicates != 0 || len(sum.Run.Accounts) != 1 || len(sum.Run.Regions) != 2 {
		t.Errorf("run %+v, stats %+v: want calls, no duplicates, 1 account, 2 regions", sum.Run, sum.Stats)
	}
	if srv.Duplicates() != 0 {
		t.Errorf("the endpoint saw %d duplicate calls: %v", srv.Duplicates(), srv.DuplicateKeys())
	}
	if sum.Findings["pass"] == 0 || sum.Findings["fail"] == 0 || sum.Findings["error"] != 0 {
		t.Errorf("findings by status = %v, want passes and fails and no errors", sum.Findings)
	}

	// The stored findings come back through `findings`.
	h.mustRun("findings", "--check", "iam.*", "-o", "json")
	var doc struct {
		Run      struct{ ID string } `json:"run"`
		Findings []struct {
			Check   string `json:"check"`
			Status  string `json:"status"`
			Account string `json:"account"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &doc); err != nil {
		t.Fatalf("findings -o json: %v", err)
	}
	if doc.Run.ID != sum.Run.ID || len(doc.Findings) == 0 {
		t.Fatalf("findings of run %q: %d, want the collected run %q", doc.Run.ID, len(doc.Findings), sum.Run.ID)
	}
	for _, f := range doc.Findings {
		if f.Account != "111111111111" || f.Check[:4] != "iam." {
			t.Errorf("finding %+v is outside the filter", f)
		}
	}
	// Scoring uses the run: evidence appears in the assessment.
	h.mustRun("score", "-o", "json")
	var a struct {
		Evidence *struct {
			Run string `json:"run_id"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &a); err != nil || a.Evidence == nil || a.Evidence.Run != sum.Run.ID {
		t.Errorf("score -o json evidence = %+v, %v; want run %s", a.Evidence, err, sum.Run.ID)
	}
}

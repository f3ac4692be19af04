package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/demo"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/store"
)

func TestNewCmdFindingsExport(t *testing.T) {
	tests := []optionCase[findingsExportOptions]{
		{[]string{"--format", "ocsf"}, findingsExportOptions{Format: "ocsf"}, ""},
		{[]string{"--format", "OCSF", "--out", "f.json"}, findingsExportOptions{Format: "ocsf", Out: "f.json"}, ""},
		{[]string{"--format", "asff"}, findingsExportOptions{Format: "asff", Region: "us-east-1"}, ""},
		{[]string{"--format", "asff", "--region", "eu-west-1", "--milestone", " 2026-Q4 "},
			findingsExportOptions{Format: "asff", Region: "eu-west-1", Milestone: "2026-Q4"}, ""},
		{[]string{"--out", "F.CSV"}, findingsExportOptions{Format: "csv", Out: "F.CSV"}, ""},
		{[]string{"--format", "csv", "--out", "f.txt", "--region", "eu-west-1"}, findingsExportOptions{Format: "csv", Out: "f.txt"}, ""},
		{[]string{"--format", "ocsf", "--status", "FAIL,unknown", "--status", "error"},
			findingsExportOptions{Format: "ocsf", Statuses: []string{"fail", "unknown", "error"}}, ""},
		{[]string{"--format", "ocsf", "--status", ","}, findingsExportOptions{Format: "ocsf"}, ""},
		{[]string{}, findingsExportOptions{}, "--format is required: one of ocsf, asff, csv"},
		{[]string{"--out", "findings.json"}, findingsExportOptions{}, "--format is required: one of ocsf, asff, csv"},
		{[]string{"--format", "sarif"}, findingsExportOptions{}, `--format "sarif" is not one of ocsf, asff, csv`},
		{[]string{"--format", "asff", "--region", "Mars"}, findingsExportOptions{}, `--region "Mars" is not a region name like eu-west-1`},
		{[]string{"--format", "asff", "--region", ""}, findingsExportOptions{}, "--region is empty"},
		{[]string{"--format", "csv", "--status", "broken"}, findingsExportOptions{}, `--status "broken" is not one of pass, fail, unknown, error`},
		{[]string{"--format", "csv", "extra"}, findingsExportOptions{}, "takes no arguments"},
	}
	checkOptions(t, tests, func(runF func(*findingsExportOptions) error) *cobra.Command {
		return newCmdFindingsExport(newFactory(&ioStreams{}), runF)
	}, func(o *findingsExportOptions) { o.f = nil })
}

// fxCollectedHarness is a harness with workload payments and one run collected
// from the testdata inventory.
func fxCollectedHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), fakeCollect(t, nil, nil) }, "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	return h
}

const fxExportRunID = "run-20261102T103000Z-abcdef01"

func TestFindingsExport_Run(t *testing.T) {
	h := fxCollectedHarness(t)
	all := checks.Evaluate(mustInventory(t, "testdata/collect-inventory.json"), checks.All(), fxExportRunID, fixedNow)

	// CSV by extension, to a file: every finding, one row each.
	out := filepath.Join(h.dir, "findings.csv")
	h.mustRun("findings", "export", "--out", out)
	if h.out.Len() != 0 || !strings.Contains(h.errOut.String(), "Exported "+strconv.Itoa(len(all))+" findings of run "+fxExportRunID+" as csv\n") {
		t.Errorf("stdout %q, stderr %q", h.out, h.errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != len(all)+1 || rows[0][0] != "run" || rows[1][0] != fxExportRunID {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}

	// OCSF to standard output, filtered by status.
	h.mustRun("findings", "export", "--format", "ocsf", "--status", "fail,unknown")
	var events []map[string]any
	if err := json.Unmarshal(h.out.Bytes(), &events); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range all {
		if f.Status == checks.Fail || f.Status == checks.Unknown {
			want++
		}
	}
	if len(events) != want || want == 0 {
		t.Errorf("ocsf: %d events, want %d", len(events), want)
	}
	for _, ev := range events {
		md := ev["metadata"].(map[string]any)
		if md["version"] != reports.OCSFVersion || ev["class_uid"] != float64(2003) {
			t.Errorf("ocsf event %v", md)
		}
		if s := ev["unmapped"].(map[string]any)["warroom"].(map[string]any)["status"]; s != "fail" && s != "unknown" {
			t.Errorf("ocsf event of status %v", s)
		}
	}
	if !strings.Contains(h.errOut.String(), "Exported "+strconv.Itoa(want)+" findings") {
		t.Errorf("stderr %q", h.errOut)
	}

	// ASFF names the region in every ProductArn and in stderr.
	h.mustRun("findings", "export", "--format", "asff", "--region", "eu-central-1")
	if !bytes.Contains(h.out.Bytes(), []byte(`"ProductArn": "arn:aws:securityhub:eu-central-1:`)) ||
		!strings.Contains(h.errOut.String(), "for Security Hub in eu-central-1") {
		t.Errorf("asff region: %s", h.errOut)
	}
}

// TestFindingsExport_Milestone: --milestone exports the run the milestone
// froze even after a later run; a milestone that is not there is an error
// that lists the names there are.
func TestFindingsExport_Milestone(t *testing.T) {
	h := fxCollectedHarness(t)
	h.mustRun("milestone", "create", "2026-Q4", "--by", "dana")
	h.now = fixedNow.Add(24 * time.Hour)
	if code := h.runWith(func(f *factory) {
		f.AWS, f.Collect, f.Rand = fakeAWS(nil), fakeCollect(t, nil, nil), bytes.NewReader([]byte{1, 2, 3, 4})
	}, "collect"); code != 0 {
		t.Fatalf("second collect: %s", h.errOut)
	}
	h.mustRun("findings", "export", "--format", "csv", "--milestone", "2026-q4")
	if !strings.Contains(h.errOut.String(), "of run "+fxExportRunID+" as csv") {
		t.Errorf("milestone export: %s", h.errOut)
	}
	h.mustRun("findings", "export", "--format", "csv")
	if strings.Contains(h.errOut.String(), fxExportRunID) {
		t.Errorf("latest export used the milestone's run: %s", h.errOut)
	}
	if code := h.run("", "findings", "export", "--format", "csv", "--milestone", "2026-Q1"); code != 1 ||
		!strings.Contains(h.errOut.String(), `no milestone named "2026-Q1"; there are 2026-Q4`) || h.out.Len() != 0 {
		t.Errorf("unknown milestone: exit %d, %s", code, h.errOut)
	}
}

func TestFindingsExport_NoRun(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	out := filepath.Join(h.dir, "f.json")
	if code := h.run("", "findings", "export", "--format", "ocsf", "--out", out); code != 1 ||
		!strings.Contains(h.errOut.String(), "no evidence collected for workload payments yet; run `warroom collect` first") {
		t.Errorf("exit %d, %s", code, h.errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file was written without a run: %v", err)
	}
	// A milestone without a run: what to do depends on whether there is
	// a run to export instead.
	h.mustRun("milestone", "create", "2026-Q4", "--by", "dana")
	if code := h.run("", "findings", "export", "--format", "csv", "--milestone", "2026-Q4"); code != 1 ||
		!strings.Contains(h.errOut.String(), "warroom: milestone \"2026-Q4\" froze no evidence run, and workload payments has none yet: "+
			"run `warroom collect`, then export its findings without --milestone\n") {
		t.Errorf("milestone without a run, workload without one: exit %d, %s", code, h.errOut)
	}
	h.saveRun("run-20261103T090000Z-00000001", fixedNow.Add(24*time.Hour))
	if code := h.run("", "findings", "export", "--format", "csv", "--milestone", "2026-Q4"); code != 1 ||
		!strings.Contains(h.errOut.String(), "warroom: milestone \"2026-Q4\" froze no evidence run: it was created before `warroom collect` first ran; "+
			"export the latest run without --milestone\n") {
		t.Errorf("milestone without a run, workload with one: exit %d, %s", code, h.errOut)
	}
}

// TestFindingsExport_JSON: with -o json and --out, the findings go to the
// file and a summary to standard output, with no text.
func TestFindingsExport_JSON(t *testing.T) {
	h := fxCollectedHarness(t)
	all := checks.Evaluate(mustInventory(t, "testdata/collect-inventory.json"), checks.All(), fxExportRunID, fixedNow)
	fails := 0
	for _, f := range all {
		if f.Status == checks.Fail {
			fails++
		}
	}
	for _, tt := range []struct {
		name string
		args []string
		want findingsExportJSON
	}{
		{"f.ocsf.json", []string{"--format", "ocsf"}, findingsExportJSON{Version: 1, Format: "ocsf", Findings: len(all), Run: fxExportRunID}},
		{"f.csv", []string{"--status", "fail"}, findingsExportJSON{Version: 1, Format: "csv", Findings: fails, Run: fxExportRunID}},
		{"f.asff.json", []string{"--format", "asff"}, findingsExportJSON{Version: 1, Format: "asff", Findings: len(all), Run: fxExportRunID}},
	} {
		out := filepath.Join(h.dir, tt.name)
		tt.args = append(tt.args, "--out", out)
		tt.want.Path = out
		h.mustRun(append([]string{"findings", "export", "-o", "json"}, tt.args...)...)
		var got findingsExportJSON
		dec := json.NewDecoder(bytes.NewReader(h.out.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil || got != tt.want {
			t.Errorf("%q: %+v, %v; want %+v\n%s", tt.args, got, err, tt.want, h.out)
		}
		if h.errOut.Len() != 0 {
			t.Errorf("%q: stderr %q", tt.args, h.errOut)
		}
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Errorf("%q: file %v", tt.args, err)
		}
	}
	// A later run of the same account and region archives what the first
	// had and it has not.
	ctx := context.Background()
	db := h.openDB()
	w, err := db.Workload(ctx, "payments")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, w.ID, store.Run{ID: "run-20261103T090000Z-00000001", StartedAt: fixedNow.Add(23 * time.Hour),
		FinishedAt: fixedNow.Add(24 * time.Hour), Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"}}, nil); err != nil {
		t.Fatal(err)
	}
	h.mustRun("findings", "export", "-o", "json", "--format", "asff", "--out", filepath.Join(h.dir, "later.json"))
	var got findingsExportJSON
	if err := json.Unmarshal(h.out.Bytes(), &got); err != nil || got.Archived != len(all) || got.Findings != 0 ||
		got.Run != "run-20261103T090000Z-00000001" {
		t.Errorf("asff after an empty run: %+v, %v; want %d archived", got, err, len(all))
	}
}

// TestFindingsExport_ExtensionWarning: a file name that says another
// format than the one written gets a warning on standard error.
func TestFindingsExport_ExtensionWarning(t *testing.T) {
	h := fxCollectedHarness(t)
	for _, tt := range []struct {
		format, name, want string
	}{
		{"ocsf", "f.csv", "Warning: --out F ends in .csv, but the findings are written as ocsf, which is JSON; a name ending in .json opens in the right tool.\n"},
		{"asff", "f.CSV", "Warning: --out F ends in .csv, but the findings are written as asff, which is JSON; a name ending in .json opens in the right tool.\n"},
		{"csv", "f.json", "Warning: --out F ends in .json, but the findings are written as csv, which is CSV; a name ending in .csv opens in the right tool.\n"},
		{"ocsf", "f.html", "ends in .html, but the findings are written as ocsf"},
		{"ocsf", "f.json", ""},
		{"asff", "f.asff.json", ""},
		{"csv", "f.csv", ""},
		{"ocsf", "findings", ""},
	} {
		out := filepath.Join(h.dir, tt.name)
		h.mustRun("findings", "export", "--format", tt.format, "--out", out)
		want := strings.ReplaceAll(tt.want, "--out F", "--out "+out)
		if got := strings.Contains(h.errOut.String(), "Warning: --out"); got != (want != "") || !strings.Contains(h.errOut.String(), want) {
			t.Errorf("--format %s --out %s: stderr %q, want %q", tt.format, tt.name, h.errOut, want)
		}
	}
}

var (
	asffIDPattern         = regexp.MustCompile(`^warroom/[a-z0-9]+\.[a-z0-9-]+/[0-9]{12}/(global|[a-z]{2}(-[a-z]+)+-[0-9]+)(/[0-9a-f]{16})?$`)
	asffProductArnPattern = regexp.MustCompile(`^arn:aws:securityhub:eu-west-1:([0-9]{12}):product/([0-9]{12})/default$`)
	asffTimePattern       = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// TestFindingsExport_ASFFImport proves the ASFF export fits Security Hub's
// published model: it decodes into the SDK's AwsSecurityFinding with no
// unknown field, passes the SDK's own validation of BatchImportFindings, and
// every finding reaches a loopback Security Hub in batches of at most 100.
func TestFindingsExport_ASFFImport(t *testing.T) {
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	// The demo's inventory gives more findings than one batch holds.
	inv, err := checks.DecodeInventory(bytes.NewReader(demo.Inventory))
	if err != nil {
		t.Fatal(err)
	}
	demoCollect := func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
		return inv, collect.Stats{Accounts: 1, Regions: 2}, nil
	}
	if code := h.runWith(func(f *factory) { f.AWS, f.Collect = fakeAWS(nil), demoCollect }, "collect"); code != 0 {
		t.Fatalf("collect: %s", h.errOut)
	}
	h.mustRun("findings", "export", "--format", "asff", "--region", "eu-west-1")
	dec := json.NewDecoder(bytes.NewReader(h.out.Bytes()))
	dec.DisallowUnknownFields()
	var findings []shtypes.AwsSecurityFinding
	if err := dec.Decode(&findings); err != nil {
		t.Fatalf("decode into []types.AwsSecurityFinding: %v", err)
	}
	all := checks.Evaluate(inv, checks.All(), fxExportRunID, fixedNow)
	if len(findings) != len(all) || len(findings) <= 100 {
		t.Fatalf("%d findings, want %d (more than one batch)", len(findings), len(all))
	}

	ids := map[string]bool{}
	for _, f := range findings {
		id := aws.ToString(f.Id)
		if ids[id] {
			t.Errorf("Id %s repeats", id)
		}
		ids[id] = true
		if !asffIDPattern.MatchString(id) || len(id) > 512 {
			t.Errorf("Id %q", id)
		}
		m := asffProductArnPattern.FindStringSubmatch(aws.ToString(f.ProductArn))
		if m == nil || m[1] != aws.ToString(f.AwsAccountId) || m[2] != m[1] {
			t.Errorf("%s: ProductArn %q for account %q", id, aws.ToString(f.ProductArn), aws.ToString(f.AwsAccountId))
		}
		if aws.ToString(f.SchemaVersion) != "2018-10-08" || !asffTimePattern.MatchString(aws.ToString(f.CreatedAt)) ||
			aws.ToString(f.UpdatedAt) != aws.ToString(f.CreatedAt) || aws.ToString(f.GeneratorId) == "" {
			t.Errorf("%s: schema %q, times %q %q", id, aws.ToString(f.SchemaVersion), aws.ToString(f.CreatedAt), aws.ToString(f.UpdatedAt))
		}
		if n := utf8.RuneCountInString(aws.ToString(f.Title)); n == 0 || n > reports.ASFFMaxTitle {
			t.Errorf("%s: title of %d characters", id, n)
		}
		if n := utf8.RuneCountInString(aws.ToString(f.Description)); n == 0 || n > reports.ASFFMaxDescription {
			t.Errorf("%s: description of %d characters", id, n)
		}
		if f.Remediation != nil && utf8.RuneCountInString(aws.ToString(f.Remediation.Recommendation.Text)) > reports.ASFFMaxRemediation {
			t.Errorf("%s: remediation too long", id)
		}
		if f.Severity == nil || !slices.Contains(shtypes.SeverityLabel("").Values(), f.Severity.Label) || len(f.Types) == 0 ||
			!slices.Contains(shtypes.ComplianceStatus("").Values(), f.Compliance.Status) ||
			f.Workflow != nil || f.RecordState != shtypes.RecordStateActive || aws.ToString(f.ProductName) != "warroom" || aws.ToString(f.CompanyName) != "warroom" ||
			f.Compliance.SecurityControlId != nil || aws.ToString(f.FirstObservedAt) != aws.ToString(f.CreatedAt) || aws.ToString(f.LastObservedAt) != aws.ToString(f.UpdatedAt) {
			t.Errorf("%s: severity %+v, types %v, compliance %v, workflow %v, record %v, product %q %q", id, f.Severity, f.Types, f.Compliance.Status,
				f.Workflow, f.RecordState, aws.ToString(f.ProductName), aws.ToString(f.CompanyName))
		}
		if r := f.Resources[0]; aws.ToString(r.Type) == "AwsAccount" &&
			(aws.ToString(r.Id) != "AWS::::Account:"+aws.ToString(f.AwsAccountId) || aws.ToString(r.Region) == "" || f.ProductFields["warroom/resource"] == "") {
			t.Errorf("%s: account resource %s in %q, warroom resource %q", id, aws.ToString(r.Id), aws.ToString(r.Region), f.ProductFields["warroom/resource"])
		}
		if len(f.Resources) != 1 || !slices.Contains(shtypes.Partition("").Values(), f.Resources[0].Partition) || aws.ToString(f.Resources[0].Type) == "" {
			t.Errorf("%s: resources %+v", id, f.Resources)
		}
		for k, v := range f.ProductFields {
			if len(k) > 128 || len(v) > 2048 {
				t.Errorf("%s: product field %s too long", id, k)
			}
		}
	}

	var mu sync.Mutex
	var batches []int
	received := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/findings/import" {
			http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Findings []struct{ Id string }
		}
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		batches = append(batches, len(req.Findings))
		for _, f := range req.Findings {
			received[f.Id] = true
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"FailedCount": 0, "SuccessCount": len(req.Findings), "FailedFindings": []any{}})
	}))
	defer srv.Close()
	client := securityhub.New(securityhub.Options{
		Region: "eu-west-1", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})
	for start := 0; start < len(findings); start += 100 {
		batch := findings[start:min(start+100, len(findings))]
		out, err := client.BatchImportFindings(context.Background(), &securityhub.BatchImportFindingsInput{Findings: batch})
		if err != nil {
			t.Fatalf("BatchImportFindings from %d: %v", start, err)
		}
		if aws.ToInt32(out.SuccessCount) != int32(len(batch)) || aws.ToInt32(out.FailedCount) != 0 {
			t.Errorf("batch from %d: %d succeeded, %d failed", start, aws.ToInt32(out.SuccessCount), aws.ToInt32(out.FailedCount))
		}
	}
	if len(received) != len(findings) {
		t.Errorf("server received %d findings, want %d", len(received), len(findings))
	}
	for id := range ids {
		if !received[id] {
			t.Errorf("finding %s never reached Security Hub", id)
		}
	}
	for _, n := range batches {
		if n > 100 {
			t.Errorf("a batch of %d findings", n)
		}
	}

	// The SDK refuses a finding that lacks a required field, so the
	// validation above can fail.
	broken := findings[0]
	broken.Title = nil
	if _, err := client.BatchImportFindings(context.Background(), &securityhub.BatchImportFindingsInput{
		Findings: []shtypes.AwsSecurityFinding{broken}}); err == nil || !strings.Contains(err.Error(), "Title") {
		t.Errorf("finding without Title: %v", err)
	}
	// And an unknown field does not decode.
	bad := json.NewDecoder(strings.NewReader(`[{"SchemaVersion":"2018-10-08","Colour":"red"}]`))
	bad.DisallowUnknownFields()
	if err := bad.Decode(&[]shtypes.AwsSecurityFinding{}); err == nil {
		t.Errorf("an unknown ASFF field decoded")
	}
}

// TestFindingsExport_History: a later run's ASFF export keeps each
// finding's Id and first-seen time, archives what the previous run had and
// this one has not (a deleted table), and does not archive the unknown
// finding of a permission since granted: it shares the Id of the finding
// that now judges the region. A --status export warns that what it leaves
// out is not archived.
func TestFindingsExport_History(t *testing.T) {
	first := mustInventory(t, "testdata/collect-inventory.json")
	first.Accounts[0].Gaps = append(first.Accounts[0].Gaps, checks.Gap{Service: "GuardDuty", Operation: "ListDetectors",
		Action: "guardduty:ListDetectors", Region: "eu-west-1", Code: checks.GapAccessDenied})
	second := mustInventory(t, "testdata/collect-inventory.json")
	tables := second.Accounts[0].Regions[0].DynamoDBTables
	if len(tables) != 2 || tables[0].Name != "orders" {
		t.Fatalf("testdata inventory changed: tables %+v", tables)
	}
	second.Accounts[0].Regions[0].DynamoDBTables = tables[1:] // orders was deleted

	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	collectWith := func(inv *checks.Inventory, rand byte) {
		t.Helper()
		c := func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return inv, collect.Stats{Accounts: 1, Regions: 1}, nil
		}
		if code := h.runWith(func(f *factory) {
			f.AWS, f.Collect, f.Rand = fakeAWS(nil), c, bytes.NewReader([]byte{rand, 2, 3, 4})
		}, "collect"); code != 0 {
			t.Fatalf("collect: %s", h.errOut)
		}
	}
	t1, t2 := fixedNow, fixedNow.Add(24*time.Hour)
	collectWith(first, 1)
	h.now = t2
	collectWith(second, 2)

	ids := func(fs []checks.Finding) map[string]checks.Finding {
		m := map[string]checks.Finding{}
		for _, f := range fs {
			m[reports.FindingID(f)] = f
		}
		return m
	}
	before, after := ids(checks.Evaluate(first, checks.All(), "r1", t1)), ids(checks.Evaluate(second, checks.All(), "r2", t2))
	var gone []string
	for id, f := range before {
		if _, ok := after[id]; !ok {
			gone = append(gone, id)
			if !strings.Contains(f.Resource, "table/orders") {
				t.Errorf("%s on %s is gone, want only the orders table's findings", id, f.Resource)
			}
		}
	}
	guardduty := "warroom/guardduty.enabled/111111111111/eu-west-1"
	if before[guardduty].Status != checks.Unknown || after[guardduty].Status != checks.Fail || len(gone) == 0 {
		t.Fatalf("fixture: guardduty %s then %s, %d gone", before[guardduty].Status, after[guardduty].Status, len(gone))
	}

	h.mustRun("findings", "export", "--format", "asff", "--region", "eu-west-1")
	var fs []shtypes.AwsSecurityFinding
	dec := json.NewDecoder(bytes.NewReader(h.out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fs); err != nil {
		t.Fatal(err)
	}
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	var archived []string
	for _, f := range fs {
		id := aws.ToString(f.Id)
		if f.RecordState == shtypes.RecordStateArchived {
			archived = append(archived, id)
			if aws.ToString(f.UpdatedAt) != stamp(t2) || aws.ToString(f.CreatedAt) != stamp(t1) {
				t.Errorf("archived %s: created %s, updated %s", id, aws.ToString(f.CreatedAt), aws.ToString(f.UpdatedAt))
			}
			continue
		}
		want := t2
		if _, ok := before[id]; ok {
			want = t1
		}
		if aws.ToString(f.CreatedAt) != stamp(want) || aws.ToString(f.FirstObservedAt) != stamp(want) || aws.ToString(f.UpdatedAt) != stamp(t2) {
			t.Errorf("%s: created %s, first observed %s, updated %s; want first seen %s", id, aws.ToString(f.CreatedAt),
				aws.ToString(f.FirstObservedAt), aws.ToString(f.UpdatedAt), stamp(want))
		}
		if id == guardduty && f.Compliance.Status != shtypes.ComplianceStatusFailed {
			t.Errorf("guardduty: %s", f.Compliance.Status)
		}
	}
	slices.Sort(gone)
	slices.Sort(archived)
	if !slices.Equal(archived, gone) {
		t.Errorf("archived %q, want %q", archived, gone)
	}
	if len(fs) != len(after)+len(gone) {
		t.Errorf("%d findings, want %d active and %d archived", len(fs), len(after), len(gone))
	}
	if e := h.errOut.String(); !strings.Contains(e, "Exported "+strconv.Itoa(len(after))+" findings of run ") ||
		!strings.Contains(e, "for Security Hub in eu-west-1, and archived "+plural(len(gone), "finding", "findings")+" that run ") ||
		strings.Contains(e, "Warning") {
		t.Errorf("stderr %q", e)
	}

	// OCSF: the same ids, first seen in the first run.
	h.mustRun("findings", "export", "--format", "ocsf")
	var events []struct {
		FindingInfo struct {
			UID           string `json:"uid"`
			FirstSeenTime int64  `json:"first_seen_time"`
			LastSeenTime  int64  `json:"last_seen_time"`
		} `json:"finding_info"`
	}
	if err := json.Unmarshal(h.out.Bytes(), &events); err != nil {
		t.Fatal(err)
	}
	if len(events) != len(after) {
		t.Errorf("%d ocsf events, want %d", len(events), len(after))
	}
	for _, ev := range events {
		want := t2
		if _, ok := before[ev.FindingInfo.UID]; ok {
			want = t1
		}
		if _, ok := after[ev.FindingInfo.UID]; !ok || ev.FindingInfo.FirstSeenTime != want.UnixMilli() || ev.FindingInfo.LastSeenTime != t2.UnixMilli() {
			t.Errorf("ocsf %s: first seen %d, last seen %d", ev.FindingInfo.UID, ev.FindingInfo.FirstSeenTime, ev.FindingInfo.LastSeenTime)
		}
	}

	// --status narrows the export and says what it does not archive.
	h.mustRun("findings", "export", "--format", "asff", "--status", "fail")
	fs = nil
	if err := json.Unmarshal(h.out.Bytes(), &fs); err != nil {
		t.Fatal(err)
	}
	nFail, nArchived := 0, 0
	for _, f := range fs {
		switch {
		case f.RecordState == shtypes.RecordStateArchived:
			nArchived++
		case f.Compliance.Status != shtypes.ComplianceStatusFailed:
			t.Errorf("%s: %s with --status fail", aws.ToString(f.Id), f.Compliance.Status)
		default:
			nFail++
		}
	}
	left := 0
	for _, f := range after {
		if f.Status != checks.Fail {
			left++
		}
	}
	if nArchived != len(gone) || nFail != len(after)-left || left == 0 {
		t.Errorf("--status fail: %d failed, %d archived; want %d and %d", nFail, nArchived, len(after)-left, len(gone))
	}
	if e := h.errOut.String(); !strings.Contains(e, "Warning: --status left out "+plural(left, "finding", "findings")+" of this run; "+
		"Security Hub keeps what an earlier import said about them (they are not archived). Export without --status to update them.\n") {
		t.Errorf("stderr %q", e)
	}
}

// TestFindingsExport_ArchiveScope: asff archives a finding of the previous
// run only where this run looked: a run that read another region leaves
// the open findings of the region it did not read alone, and a run that
// ended early archives nothing and says so.
func TestFindingsExport_ArchiveScope(t *testing.T) {
	full := mustInventory(t, "testdata/collect-inventory.json")
	otherRegion := mustInventory(t, "testdata/collect-inventory.json")
	otherRegion.Accounts[0].Regions = []checks.Region{{Name: "us-east-1"}}
	h := newHarness(t)
	h.mustRun("workload", "create", "payments")
	collectWith := func(inv *checks.Inventory, rand byte, err error) {
		t.Helper()
		c := func(context.Context, aws.Config, collect.Options) (*checks.Inventory, collect.Stats, error) {
			return inv, collect.Stats{Accounts: 1, Regions: 1}, err
		}
		h.now = h.now.Add(time.Hour)
		code := h.runWith(func(f *factory) {
			f.AWS, f.Collect, f.Rand = fakeAWS(nil), c, bytes.NewReader([]byte{rand, 2, 3, 4})
		}, "collect")
		if code != 0 && err == nil || code == 0 && err != nil {
			t.Fatalf("collect: exit %d: %s", code, h.errOut)
		}
	}
	archived := func() (n int, regional []string) {
		t.Helper()
		h.mustRun("findings", "export", "--format", "asff", "--region", "eu-west-1")
		var fs []shtypes.AwsSecurityFinding
		if err := json.Unmarshal(h.out.Bytes(), &fs); err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.RecordState == shtypes.RecordStateArchived {
				n++
				if r := aws.ToString(f.Resources[0].Region); r != "" {
					regional = append(regional, r)
				}
			}
		}
		return n, regional
	}
	eu := 0
	for _, f := range checks.Evaluate(full, checks.All(), "r", fixedNow) {
		if f.Region == "eu-west-1" {
			eu++
		}
	}
	if eu == 0 {
		t.Fatal("fixture: no finding in eu-west-1")
	}

	collectWith(full, 1, nil)
	collectWith(otherRegion, 2, nil)
	n, regional := archived()
	if slices.Contains(regional, "eu-west-1") {
		t.Errorf("a run that read us-east-1 only archived %d findings, %d of them in eu-west-1, which it did not read", n, len(regional))
	}
	if e := h.errOut.String(); strings.Contains(e, "archived") || strings.Contains(e, "Warning") {
		t.Errorf("stderr %q", e)
	}

	// The run that read eu-west-1 again, but ended early, archives nothing,
	// not even the us-east-1 findings it did not reach.
	collectWith(full, 3, errors.New("context deadline exceeded"))
	if n, _ := archived(); n != 0 {
		t.Errorf("a run that ended early archived %d findings", n)
	}
	want := " ended early (context deadline exceeded), so no finding of an earlier run is archived: the run may not have reached them."
	if e := h.errOut.String(); !strings.Contains(e, want) {
		t.Errorf("stderr %q, want %q", e, want)
	}
	// A run that finishes archives what it no longer finds where it looked.
	noOrders := mustInventory(t, "testdata/collect-inventory.json")
	noOrders.Accounts[0].Regions[0].DynamoDBTables = noOrders.Accounts[0].Regions[0].DynamoDBTables[1:]
	collectWith(noOrders, 4, nil)
	if n, regional := archived(); n == 0 || len(regional) != n || slices.ContainsFunc(regional, func(r string) bool { return r != "eu-west-1" }) {
		t.Errorf("a run that read eu-west-1 again archived %d findings, in regions %q; want the deleted table's, in eu-west-1", n, regional)
	}
}

package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
	"github.com/warroom/warroom/store/storetest"
)

var runStart = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func sampleRun(id string, finished time.Time) store.Run {
	return store.Run{
		ID: id, StartedAt: finished.Add(-time.Minute), FinishedAt: finished,
		Accounts: []string{"111111111111", "222222222222"}, Regions: []string{"eu-west-1", "us-east-1"},
		Options:     json.RawMessage(`{"profile":"audit","role_name":"SecurityAudit"}`),
		Stats:       json.RawMessage(`{"calls":42,"gaps_by_code":{"AccessDenied":1}}`),
		ToolVersion: "test",
		Catalogue:   json.RawMessage(`[{"id":"iam.root-mfa","title":"Root user has MFA","severity":"critical"}]`),
		Inventory: &checks.Inventory{Version: checks.InventoryVersion, CollectedAt: finished, Accounts: []checks.Account{
			{ID: "111111111111", HomeRegion: "us-east-1", Regions: []checks.Region{{Name: "eu-west-1"}}},
		}},
	}
}

func sampleFindings(at time.Time) []checks.Finding {
	mk := func(check string, st checks.Status, acct, region, res string) checks.Finding {
		return checks.Finding{CheckID: check, Status: st, Account: acct, Region: region, Resource: res,
			Message: check + " on " + res, Evidence: json.RawMessage(`{"k":1}`), Actions: []string{"iam:GetAccountSummary"}, ObservedAt: at}
	}
	return []checks.Finding{
		mk("iam.root-mfa", checks.Fail, "111111111111", "", "arn:aws:iam::111111111111:root"),
		mk("s3.versioning", checks.Pass, "111111111111", "", "arn:aws:s3:::b"),
		mk("dynamodb.pitr", checks.Fail, "111111111111", "eu-west-1", "arn:aws:dynamodb:eu-west-1:111111111111:table/t"),
		mk("dynamodb.pitr", checks.Pass, "111111111111", "us-east-1", "arn:aws:dynamodb:us-east-1:111111111111:table/u"),
		mk("org.scps", checks.Unknown, "222222222222", "", "account/222222222222"),
		mk("iam.root-access-keys", checks.Pass, "222222222222", "", "arn:aws:iam::222222222222:root"),
		mk("guardduty.enabled", checks.Error, "222222222222", "eu-west-1", "guardduty/222222222222/eu-west-1"),
	}
}

func TestRuns_RoundTrip(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	r := sampleRun("run-20261102T100000Z-abcd", runStart)
	fs := sampleFindings(runStart)
	if err := db.SaveRun(ctx, w.ID, r, fs); err != nil {
		t.Fatal(err)
	}
	got, err := db.Run(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Inventory != nil {
		t.Error("Run loads the inventory; only RunInventory should")
	}
	// The inventory round-trips through the explicit call.
	inv, err := db.RunInventory(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inv, r.Inventory) {
		t.Errorf("inventory %+v, want %+v", inv, r.Inventory)
	}
	r.WorkloadID = w.ID
	r.Inventory = nil
	if !reflect.DeepEqual(got, r) {
		t.Errorf("run\n %+v, want\n %+v", got, r)
	}
	all, err := db.Findings(ctx, r.ID, store.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]checks.Finding(nil), fs...)
	for i := range want {
		want[i].RunID = r.ID
	}
	checks.SortFindings(want)
	if !reflect.DeepEqual(all, want) {
		t.Errorf("findings\n %+v\nwant\n %+v", all, want)
	}
	if _, err := db.Run(ctx, "run-nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
	if inv, err := db.RunInventory(ctx, "run-nope"); !errors.Is(err, store.ErrNotFound) || inv != nil ||
		err.Error() != `inventory of run "run-nope": not found` {
		t.Errorf("inventory of an unknown run: %v, %v", inv, err)
	}
	// A run saved without an inventory reads back an empty one.
	bare := sampleRun("run-bare", runStart.Add(time.Hour))
	bare.Inventory = nil
	if err := db.SaveRun(ctx, w.ID, bare, nil); err != nil {
		t.Fatal(err)
	}
	if inv, err := db.RunInventory(ctx, "run-bare"); err != nil || !reflect.DeepEqual(inv, &checks.Inventory{}) {
		t.Errorf("inventory of a run saved without one: %+v, %v", inv, err)
	}
}

// TestRuns_Catalogue: the check catalogue a run was judged with is stored
// as given and read back by Run only (LatestRun and Runs leave the ~50 KB
// out); a run saved without one reads back none; the column is append-only
// like the rest of the run.
func TestRuns_Catalogue(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	cat, err := json.Marshal(checks.All())
	if err != nil {
		t.Fatal(err)
	}
	r := sampleRun("run-with", runStart)
	r.Catalogue = cat
	bare := sampleRun("run-without", runStart.Add(-time.Hour))
	bare.Catalogue = nil
	for _, run := range []store.Run{r, bare} {
		if err := db.SaveRun(ctx, w.ID, run, nil); err != nil {
			t.Fatal(err)
		}
	}
	latest, err := db.LatestRun(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID, err := db.Run(ctx, "run-with")
	if err != nil {
		t.Fatal(err)
	}
	runs, err := db.Runs(ctx, w.ID)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs: %d, %v", len(runs), err)
	}
	if !bytes.Equal(byID.Catalogue, cat) {
		t.Errorf("Run: catalogue of %d bytes, want the %d stored", len(byID.Catalogue), len(cat))
	}
	for what, got := range map[string]store.Run{"LatestRun": latest, "Runs": runs[0]} {
		if got.ID != "run-with" || got.Catalogue != nil {
			t.Errorf("%s: run %s with a catalogue of %d bytes; the listings leave it out", what, got.ID, len(got.Catalogue))
		}
		got.Catalogue = cat
		if !reflect.DeepEqual(got, byID) {
			t.Errorf("%s: run\n %+v, want, but for the catalogue,\n %+v", what, got, byID)
		}
	}
	var decoded []checks.Check
	if err := json.Unmarshal(byID.Catalogue, &decoded); err != nil || len(decoded) != len(checks.All()) {
		t.Fatalf("decode catalogue: %d checks, %v", len(decoded), err)
	}
	for i, c := range checks.All() {
		c.Eval = nil
		if !reflect.DeepEqual(decoded[i], c) {
			t.Errorf("check %d read back\n got %+v\nwant %+v", i, decoded[i], c)
			break
		}
	}
	if got, err := db.Run(ctx, "run-without"); err != nil || got.Catalogue != nil || runs[1].Catalogue != nil {
		t.Errorf("a run saved without a catalogue reads back %q, %q, %v", got.Catalogue, runs[1].Catalogue, err)
	}
	if _, err := rawDB(t, db.Path()).Exec(`UPDATE runs SET catalogue = '[]' WHERE id = 'run-with'`); err == nil ||
		!strings.Contains(err.Error(), "append-only") {
		t.Errorf("updating a run's catalogue: %v, want refused as append-only", err)
	}
	bad := sampleRun("run-bad", runStart.Add(time.Hour))
	bad.Catalogue = json.RawMessage(`[{"id":`)
	if err := db.SaveRun(ctx, w.ID, bad, nil); err == nil || err.Error() != "save run run-bad: the check catalogue is not valid JSON" {
		t.Errorf("a broken catalogue: %v", err)
	}
	if _, err := db.Run(ctx, "run-bad"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a run with a broken catalogue was saved: %v", err)
	}
}

func TestRuns_AppendOnly(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	r := sampleRun("run-1", runStart)
	if err := db.SaveRun(ctx, w.ID, r, sampleFindings(runStart)); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db.Path())
	for _, q := range []string{"UPDATE findings SET status = 'pass'", "DELETE FROM findings",
		"UPDATE runs SET error = 'x'", "DELETE FROM runs"} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// The same id cannot be saved twice, and a failing save leaves nothing behind.
	if err := db.SaveRun(ctx, w.ID, r, nil); err == nil {
		t.Error("a second run with the same id was saved")
	}
	bad := sampleFindings(runStart)
	bad[3].Status = "maybe"
	if err := db.SaveRun(ctx, w.ID, sampleRun("run-2", runStart.Add(time.Hour)), bad); err == nil {
		t.Error("a finding with a bad status was saved")
	}
	if _, err := db.Run(ctx, "run-2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("half a run was saved: %v", err)
	}
}

// TestSaveRun_BadInput: each refused save says why and leaves the database
// as it was: no run row, no findings, the earlier run untouched.
func TestSaveRun_BadInput(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	first := sampleRun("run-1", runStart)
	if err := db.SaveRun(ctx, w.ID, first, sampleFindings(runStart)); err != nil {
		t.Fatal(err)
	}
	firstFindings, err := db.Findings(ctx, "run-1", store.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	badStatus := sampleFindings(runStart)
	badStatus[3].Status = "maybe"
	dup := sampleRun("run-1", runStart.Add(3*time.Hour))
	dup.Error = "second attempt"
	tests := []struct {
		name     string
		workload int64
		run      store.Run
		findings []checks.Finding
		want     string
	}{
		{"bad status", w.ID, sampleRun("run-2", runStart.Add(time.Hour)), badStatus,
			`save run run-2: finding 4 (dynamodb.pitr): status "maybe" is not one of pass, fail, unknown, error`},
		{"duplicate id", w.ID, dup, sampleFindings(runStart)[:1],
			"save run run-1: a run with this id is already saved; runs are append-only"},
		{"empty id", w.ID, sampleRun("", runStart.Add(time.Hour)), sampleFindings(runStart), "save run: the run has no id"},
		{"unknown workload", w.ID + 99, sampleRun("run-3", runStart.Add(time.Hour)), sampleFindings(runStart),
			"save run run-3: workload " + strconv.FormatInt(w.ID+99, 10) + ": not found"},
	}
	for _, tt := range tests {
		err := db.SaveRun(ctx, tt.workload, tt.run, tt.findings)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if tt.name == "unknown workload" && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v does not wrap ErrNotFound", tt.name, err)
		}
		// Nothing of the refused run was stored.
		runs, err := db.Runs(ctx, w.ID)
		if err != nil || len(runs) != 1 || runs[0].ID != "run-1" || runs[0].Error != "" || !runs[0].FinishedAt.Equal(runStart) {
			t.Errorf("%s: runs afterwards %+v, %v; want run-1 alone, unchanged", tt.name, runs, err)
		}
		if tt.run.ID != "run-1" {
			if _, err := db.Run(ctx, tt.run.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: a run row exists afterwards: %v", tt.name, err)
			}
			if fs, err := db.Findings(ctx, tt.run.ID, store.FindingFilter{}); err != nil || len(fs) != 0 {
				t.Errorf("%s: %d findings stored, %v", tt.name, len(fs), err)
			}
		}
		if other, err := db.Runs(ctx, tt.workload); tt.workload != w.ID && (err != nil || len(other) != 0) {
			t.Errorf("%s: runs of the unknown workload %+v, %v", tt.name, other, err)
		}
		if fs, err := db.Findings(ctx, "run-1", store.FindingFilter{}); err != nil || !reflect.DeepEqual(fs, firstFindings) {
			t.Errorf("%s: the first run's findings changed: %+v, %v", tt.name, fs, err)
		}
	}
}

func TestRuns_Latest(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	other, _ := db.CreateWorkload(ctx, review.Workload{Name: "other"})
	if _, err := db.LatestRun(ctx, w.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no runs yet: %v", err)
	}
	for _, r := range []store.Run{
		sampleRun("run-b", runStart.Add(2*time.Hour)),
		sampleRun("run-a", runStart),
		sampleRun("run-c", runStart.Add(time.Hour)),
	} {
		if err := db.SaveRun(ctx, w.ID, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveRun(ctx, other.ID, sampleRun("run-z", runStart.Add(5*time.Hour)), nil); err != nil {
		t.Fatal(err)
	}
	latest, err := db.LatestRun(ctx, w.ID)
	if err != nil || latest.ID != "run-b" || latest.Inventory != nil {
		t.Errorf("latest = %+v, %v; want run-b without its inventory", latest, err)
	}
	if inv, err := db.RunInventory(ctx, latest.ID); err != nil || len(inv.Accounts) != 1 || inv.Accounts[0].ID != "111111111111" {
		t.Errorf("inventory of run-b: %+v, %v", inv, err)
	}
	runs, err := db.Runs(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range runs {
		ids = append(ids, r.ID)
		if r.Inventory != nil {
			t.Error("Runs loads inventories")
		}
	}
	if strings.Join(ids, ",") != "run-b,run-c,run-a" {
		t.Errorf("runs %v", ids)
	}
}

func TestFindings_Filters(t *testing.T) {
	db := storetest.Open(t)
	w, _ := db.CreateWorkload(ctx, review.Workload{Name: "payments"})
	if err := db.SaveRun(ctx, w.ID, sampleRun("run-1", runStart), sampleFindings(runStart)); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, w.ID, sampleRun("run-2", runStart.Add(time.Hour)), sampleFindings(runStart)[:1]); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter store.FindingFilter
		want   []string // check@region/account
	}{
		{"all", store.FindingFilter{}, []string{"dynamodb.pitr@eu-west-1/111111111111", "dynamodb.pitr@us-east-1/111111111111",
			"iam.root-mfa@/111111111111", "s3.versioning@/111111111111", "guardduty.enabled@eu-west-1/222222222222",
			"iam.root-access-keys@/222222222222", "org.scps@/222222222222"}},
		{"status", store.FindingFilter{Statuses: []checks.Status{checks.Fail, checks.Unknown}},
			[]string{"dynamodb.pitr@eu-west-1/111111111111", "iam.root-mfa@/111111111111", "org.scps@/222222222222"}},
		{"exact check", store.FindingFilter{CheckIDs: []string{"iam.root-mfa"}}, []string{"iam.root-mfa@/111111111111"}},
		{"prefix", store.FindingFilter{CheckIDs: []string{"iam.*"}}, []string{"iam.root-mfa@/111111111111", "iam.root-access-keys@/222222222222"}},
		{"prefix is literal", store.FindingFilter{CheckIDs: []string{"%.*"}}, nil},
		{"prefix and exact", store.FindingFilter{CheckIDs: []string{"org.*", "s3.versioning"}}, []string{"s3.versioning@/111111111111", "org.scps@/222222222222"}},
		{"account", store.FindingFilter{Accounts: []string{"222222222222"}}, []string{"guardduty.enabled@eu-west-1/222222222222",
			"iam.root-access-keys@/222222222222", "org.scps@/222222222222"}},
		{"global", store.FindingFilter{Regions: []string{"global"}}, []string{"iam.root-mfa@/111111111111", "s3.versioning@/111111111111",
			"iam.root-access-keys@/222222222222", "org.scps@/222222222222"}},
		{"region and status", store.FindingFilter{Regions: []string{"eu-west-1"}, Statuses: []checks.Status{checks.Fail}},
			[]string{"dynamodb.pitr@eu-west-1/111111111111"}},
	}
	for _, tt := range tests {
		fs, err := db.Findings(ctx, "run-1", tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.CheckID+"@"+f.Region+"/"+f.Account)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v\nwant %v", tt.name, got, tt.want)
		}
	}
}

func TestRuns_IsolatedPerDatabase(t *testing.T) {
	a, b := storetest.Open(t), storetest.Open(t)
	wa, _ := a.CreateWorkload(ctx, review.Workload{Name: "payments"})
	wb, _ := b.CreateWorkload(ctx, review.Workload{Name: "payments"})
	if err := a.SaveRun(ctx, wa.ID, sampleRun("run-1", runStart), sampleFindings(runStart)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.LatestRun(ctx, wb.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("run leaked into another database: %v", err)
	}
	if fs, err := b.Findings(ctx, "run-1", store.FindingFilter{}); err != nil || len(fs) != 0 {
		t.Errorf("findings leaked: %d, %v", len(fs), err)
	}
}

func TestNewRunID(t *testing.T) {
	id, err := store.NewRunID(runStart, bytes.NewReader([]byte{0x3f, 0x9a, 0x01, 0xc2}))
	if err != nil || id != "run-20261102T100000Z-3f9a01c2" {
		t.Errorf("NewRunID = %q, %v", id, err)
	}
	if a, b := store.StableRunID(runStart, "demo"), store.StableRunID(runStart, "demo"); a != b || !strings.HasPrefix(a, "run-20261102T100000Z-") || len(a) != len("run-20261102T100000Z-3f9a01c2") {
		t.Errorf("StableRunID %q %q", a, b)
	}
}

package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/review"
)

// fxHostileResource is a resource id as an attacker could name a bucket tag
// or a role path: quotes, markup, a newline, a formula.
const fxHostileResource = "arn:aws:iam::111122223333:role/=cmd|' /C calc'!A0\"<script>alert(1)</script>\nx"

// exportFixture is a small run: every status, a global and a regional
// finding, a check without CIS ids, a hostile resource name, a message
// longer than ASFF allows and a spreadsheet formula.
func exportFixture() FindingsExport {
	observed := time.Date(2026, 11, 2, 10, 29, 0, 0, time.UTC)
	cs := []checks.Check{
		{ID: "iam.root-mfa", Title: "Root user has MFA", Service: "iam", Scope: checks.Global, Severity: checks.Critical,
			Practices: []string{"SEC01-BP02", "SEC02-BP01"}, CIS: []string{"1.5"}, SecurityHub: []string{"IAM.9"},
			Remediation: "Enable MFA for the root user; remove root access keys."},
		{ID: "s3.versioning", Title: "S3 buckets keep object versions", Service: "s3", Scope: checks.Global, Severity: checks.Medium,
			Practices: []string{"SEC10-BP03"}, Remediation: "Turn on versioning."},
		{ID: "ec2.sg-open-admin-ports", Title: "Security groups keep admin ports closed to the internet", Service: "ec2",
			Scope: checks.Regional, Severity: checks.High, Practices: []string{"SEC05-BP02"}, CIS: []string{"5.2", "5.3"},
			SecurityHub: []string{"EC2.19", "EC2.53"}, Remediation: "Remove 0.0.0.0/0 rules on 22 and 3389."},
		{ID: "guardduty.enabled", Title: "GuardDuty is on", Service: "guardduty", Scope: checks.Regional, Severity: checks.Low,
			Practices: []string{"SEC04-BP01"}},
	}
	fs := []checks.Finding{
		{RunID: "run-1", CheckID: "s3.versioning", Status: checks.Fail, Account: "111122223333", Resource: "arn:aws:s3:::payments-logs",
			Message: "=HYPERLINK(\"http://x\") bucket payments-logs keeps no versions", Evidence: json.RawMessage(`{"versioning":"Suspended"}`), ObservedAt: observed},
		{RunID: "run-1", CheckID: "iam.root-mfa", Status: checks.Pass, Account: "111122223333", Resource: "arn:aws:iam::111122223333:root",
			Message: "The root user has MFA.", Evidence: json.RawMessage(`{"account_mfa_enabled":1}`), ObservedAt: observed},
		{RunID: "run-1", CheckID: "ec2.sg-open-admin-ports", Status: checks.Fail, Account: "111122223333", Region: "eu-west-1",
			Resource: "sg-0a1b2c3d", Message: strings.Repeat("Port 22 is open to 0.0.0.0/0. ", 50), ObservedAt: observed},
		{RunID: "run-1", CheckID: "ec2.sg-open-admin-ports", Status: checks.Error, Account: "111122223333", Region: "us-east-1",
			Resource: fxHostileResource, Message: "The rules of this group could not be read.", ObservedAt: observed},
		{RunID: "run-1", CheckID: "guardduty.enabled", Status: checks.Unknown, Account: "111122223333", Region: "eu-west-1",
			Resource: "guardduty/111122223333/eu-west-1", Message: "GuardDuty could not be read: AccessDenied.",
			Actions: []string{"guardduty:ListDetectors"}, ObservedAt: observed},
	}
	return FindingsExport{
		Version:  "1.2.3",
		Workload: review.Workload{Name: "payments"},
		Run: RunInfo{ID: "run-1", FinishedAt: observed,
			Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1", "us-east-1"}},
		Checks: cs, Findings: fs, Region: "eu-central-1", Now: now,
	}
}

func TestFindingsExport_Golden(t *testing.T) {
	x := exportFixture()
	for _, tt := range []struct {
		name   string
		render func(FindingsExport) ([]byte, error)
	}{{"ocsf", OCSF}, {"asff", ASFF}, {"csv", FindingsCSV}} {
		b, err := tt.render(x)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		golden.Assert(t, b, "testdata/findings-"+tt.name+".golden")
		again, _ := tt.render(x)
		if !bytes.Equal(b, again) {
			t.Errorf("%s: two exports of the same run differ", tt.name)
		}
	}
}

// TestFindingsExport_OrderAndCatalogue: every finding comes out once, in
// check, account, region, resource order, whatever order it went in; a
// finding whose check is not in the catalogue is an error naming it.
func TestFindingsExport_OrderAndCatalogue(t *testing.T) {
	x := exportFixture()
	slices.Reverse(x.Findings)
	fs, err := x.prepare()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.CheckID+" "+f.Region)
	}
	want := []string{"ec2.sg-open-admin-ports eu-west-1", "ec2.sg-open-admin-ports us-east-1", "guardduty.enabled eu-west-1",
		"iam.root-mfa ", "s3.versioning "}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	x.Findings = append(x.Findings, checks.Finding{CheckID: "zz.gone", Status: checks.Fail, Account: "111122223333"},
		checks.Finding{CheckID: "aa.gone", Status: checks.Pass, Account: "111122223333"})
	for name, render := range map[string]func(FindingsExport) ([]byte, error){"ocsf": OCSF, "asff": ASFF, "csv": FindingsCSV} {
		if _, err := render(x); err == nil || !strings.Contains(err.Error(), "aa.gone, zz.gone") {
			t.Errorf("%s: error %v, want one naming aa.gone, zz.gone", name, err)
		}
	}
}

func TestOCSF_ValidAgainstSchema(t *testing.T) {
	schema := loadOCSFSchema(t, "testdata/ocsf")
	for _, x := range []FindingsExport{exportFixture(), everyCheckExport()} {
		b, err := OCSF(x)
		if err != nil {
			t.Fatal(err)
		}
		events := ocsfDecode(t, b)
		if len(events) != len(x.Findings) {
			t.Fatalf("%d events for %d findings", len(events), len(x.Findings))
		}
		for i, ev := range events {
			if errs := schema.validateEvent("compliance_finding", ev); len(errs) > 0 {
				t.Errorf("event %d is not a valid OCSF %s Compliance Finding:\n%s", i, OCSFVersion, strings.Join(errs, "\n"))
			}
		}
	}
}

// TestOCSF_ValidatorFails proves the validator can fail: each change makes
// a valid event invalid for the reason named.
func TestOCSF_ValidatorFails(t *testing.T) {
	schema := loadOCSFSchema(t, "testdata/ocsf")
	b, err := OCSF(exportFixture())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(ev map[string]any)
		want   string
	}{
		{"required class attribute", func(ev map[string]any) { delete(ev, "finding_info") }, "finding_info: required"},
		{"required base attribute", func(ev map[string]any) { delete(ev, "time") }, "time: required"},
		{"required by profile", func(ev map[string]any) { delete(ev, "cloud") }, "cloud: required"},
		{"required in object", func(ev map[string]any) { delete(fxObj(ev, "metadata"), "version") }, "metadata.version: required"},
		{"required in nested object", func(ev map[string]any) { delete(fxObj(ev, "compliance"), "standards") }, "compliance.standards: required"},
		{"required in extended object", func(ev map[string]any) { delete(fxObj(ev, "finding_info"), "uid") }, "finding_info.uid: required"},
		{"required in optional object", func(ev map[string]any) {
			ev["remediation"] = map[string]any{}
		}, "remediation.desc: required"},
		{"at least one of", func(ev map[string]any) {
			ev["resources"] = []any{map[string]any{"type": "Other"}}
		}, "resources[0]: needs at least one of name, uid"},
		{"integer type", func(ev map[string]any) { ev["time"] = "2026-11-02" }, "time: want an integer"},
		{"fraction is no integer", func(ev map[string]any) { ev["severity_id"] = json.Number("4.5") }, "severity_id: want an integer"},
		{"string type", func(ev map[string]any) { fxObj(ev, "cloud")["provider"] = 1 }, "cloud.provider: want a string"},
		{"array type", func(ev map[string]any) { fxObj(ev, "compliance")["standards"] = "CIS" }, "compliance.standards: want an array"},
		{"object type", func(ev map[string]any) { ev["metadata"] = "warroom" }, "metadata: want an object"},
		{"enum", func(ev map[string]any) { ev["severity_id"] = json.Number("7") }, "severity_id: 7 is not in the enum"},
		{"object enum", func(ev map[string]any) { fxObj(ev, "compliance")["status_id"] = json.Number("4") }, "compliance.status_id: 4 is not in the enum"},
		{"sibling caption", func(ev map[string]any) { ev["severity"] = "Severe" }, `severity: "Severe" is not the caption of severity_id`},
		{"unknown attribute", func(ev map[string]any) { ev["risk"] = "high" }, "risk: not an attribute of compliance_finding"},
		{"unknown attribute in object", func(ev map[string]any) { fxObj(ev, "cloud")["acct"] = "1" }, "cloud.acct: not an attribute of cloud"},
		{"profile not declared", func(ev map[string]any) { fxObj(ev, "metadata")["profiles"] = []any{} }, "cloud: belongs to profile cloud"},
		{"class_uid", func(ev map[string]any) { ev["class_uid"] = json.Number("2004") }, "class_uid: 2004, want 2003"},
		{"type_uid", func(ev map[string]any) { ev["type_uid"] = json.Number("200302") }, "type_uid: 200302, want 200301"},
		{"category_uid", func(ev map[string]any) { ev["category_uid"] = json.Number("3") }, "category_uid: 3, want 2"},
	}
	for _, tt := range tests {
		ev := ocsfDecode(t, b)[0]
		if errs := schema.validateEvent("compliance_finding", ev); len(errs) > 0 {
			t.Fatalf("unchanged event invalid: %v", errs)
		}
		tt.change(ev)
		errs := schema.validateEvent("compliance_finding", ev)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tt.want) }) {
			t.Errorf("%s: errors %q, want one containing %q", tt.name, errs, tt.want)
		}
	}
}

func TestOCSF_Mapping(t *testing.T) {
	x := exportFixture()
	b, err := OCSF(x)
	if err != nil {
		t.Fatal(err)
	}
	events := ocsfDecode(t, b)
	type row struct{ sev, status, compliance, fstatus string }
	want := map[string]row{ // by check and region
		"ec2.sg-open-admin-ports eu-west-1": {"High", "New", "Fail", "fail"},
		"ec2.sg-open-admin-ports us-east-1": {"High", "New", "Unknown", "error"},
		"guardduty.enabled eu-west-1":       {"Low", "New", "Warning", "unknown"},
		"iam.root-mfa ":                     {"Informational", "New", "Pass", "pass"},
		"s3.versioning ":                    {"Medium", "New", "Fail", "fail"},
	}
	uids := map[string]bool{}
	for _, ev := range events {
		comp := fxObj(ev, "compliance")
		key := fmt.Sprint(comp["control"]) + " " + fxStr(fxObj(ev, "cloud")["region"])
		w, ok := want[key]
		if !ok {
			t.Errorf("unexpected event %s", key)
			continue
		}
		wr := fxObj(ev, "unmapped")["warroom"].(map[string]any)
		got := row{fxStr(ev["severity"]), fxStr(ev["status"]), fxStr(comp["status"]), fxStr(wr["status"])}
		if got != w {
			t.Errorf("%s: %+v, want %+v", key, got, w)
		}
		uid := fxStr(fxObj(ev, "finding_info")["uid"])
		if uids[uid] {
			t.Errorf("%s: finding_info.uid %s repeats", key, uid)
		}
		uids[uid] = true
		if ev["time"].(json.Number).String() != strconv.FormatInt(x.Findings[0].ObservedAt.UnixMilli(), 10) {
			t.Errorf("%s: time %v", key, ev["time"])
		}
	}
	// The uid is the ASFF Id, the same in a later run; the run is the
	// correlation uid; with no earlier run, the finding was first seen now.
	ab, err := ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	var asff []struct{ Id string }
	if err := json.Unmarshal(ab, &asff); err != nil {
		t.Fatal(err)
	}
	y := exportFixture()
	y.Now = y.Now.Add(time.Hour)
	for i := range y.Findings {
		y.Findings[i].RunID = "run-2"
	}
	b2, err := OCSF(y)
	if err != nil {
		t.Fatal(err)
	}
	for i, ev := range ocsfDecode(t, b2) {
		fi := fxObj(ev, "finding_info")
		if fi["uid"] != fxObj(events[i], "finding_info")["uid"] || fi["uid"] != asff[i].Id {
			t.Errorf("event %d: uid %v in run-2, %v in run-1, ASFF Id %s", i, fi["uid"], fxObj(events[i], "finding_info")["uid"], asff[i].Id)
		}
		if c := fxObj(ev, "metadata")["correlation_uid"]; c != "run-2" {
			t.Errorf("event %d: correlation_uid %v, want run-2", i, c)
		}
		at := ev["time"]
		if fi["created_time"] != at || fi["first_seen_time"] != at || fi["last_seen_time"] != at {
			t.Errorf("event %d: created %v, first seen %v, last seen %v; want %v", i, fi["created_time"], fi["first_seen_time"], fi["last_seen_time"], at)
		}
	}
	if v := fxObj(events[0], "metadata")["product"].(map[string]any)["version"]; v != "1.2.3" {
		t.Errorf("product version %v", v)
	}
	// The CIS check names its benchmark and requirement; evidence is kept as JSON.
	for _, ev := range events {
		comp := fxObj(ev, "compliance")
		if comp["control"] == "iam.root-mfa" {
			want := []string{WAStandard + "/SEC01-BP02", WAStandard + "/SEC02-BP01", CISStandard + "/1.5", SecurityHubStandard + "/IAM.9"}
			if !slices.Contains(fxStrings(comp["standards"]), CISStandard) || !slices.Equal(fxStrings(comp["requirements"]), want) {
				t.Errorf("root MFA compliance %v, want requirements %q", comp, want)
			}
			ev := fxObj(ev, "unmapped")["warroom"].(map[string]any)["evidence"]
			if m, ok := ev.(map[string]any); !ok || m["account_mfa_enabled"] != json.Number("1") {
				t.Errorf("evidence %v", ev)
			}
		}
	}
}

// TestFindingsExport_HostileResource: a resource name with quotes, markup,
// a newline and a formula comes back byte for byte from each JSON format.
func TestFindingsExport_HostileResource(t *testing.T) {
	x := exportFixture()
	ob, err := OCSF(x)
	if err != nil {
		t.Fatal(err)
	}
	ab, err := ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	var found int
	for _, ev := range ocsfDecode(t, ob) {
		if fxStr(fxObj(ev, "resources")["uid"]) == fxHostileResource {
			found++
		}
	}
	var asff []struct {
		Resources     []struct{ Id string }
		ProductFields map[string]string
	}
	if err := json.Unmarshal(ab, &asff); err != nil {
		t.Fatal(err)
	}
	for _, f := range asff {
		if f.Resources[0].Id == fxHostileResource && f.ProductFields["warroom/resource"] == fxHostileResource {
			found++
		}
	}
	if found != 2 {
		t.Errorf("hostile resource found %d times, want once per JSON format", found)
	}
	for _, b := range [][]byte{ob, ab} {
		if bytes.Contains(b, []byte("\nx\"")) {
			t.Errorf("raw newline inside a JSON string")
		}
	}
}

// TestFindingsCSV_Formulas: every cell a spreadsheet would run as a formula
// starts with a quote and keeps its text behind it; other cells are as given.
func TestFindingsCSV_Formulas(t *testing.T) {
	x := exportFixture()
	x.Findings = nil
	inputs := []string{"=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x", "=HYPERLINK(\"http://x\")", "plain", "1-2", "a=b"}
	for i, in := range inputs {
		x.Findings = append(x.Findings, checks.Finding{RunID: "run-1", CheckID: "s3.versioning", Status: checks.Fail, Account: "111122223333",
			Resource: fmt.Sprintf("arn:aws:s3:::bucket-%02d", i), Message: in, ObservedAt: now})
	}
	x.Findings = append(x.Findings, checks.Finding{RunID: "run-1", CheckID: "s3.versioning", Status: checks.Fail, Account: "111122223333",
		Resource: "=cmd|' /C calc'!A0", Message: "resource", ObservedAt: now})
	b, err := FindingsCSV(x)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(x.Findings)+1 || rows[0][9] != "message" || rows[0][8] != "resource" {
		t.Fatalf("%d csv rows, header %q", len(rows), rows[0])
	}
	message := map[string]string{} // by resource cell
	for _, r := range rows[1:] {
		message[r[8]] = r[9]
	}
	want := []string{"'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\t=x", "'\r=x", "'=HYPERLINK(\"http://x\")", "plain", "1-2", "a=b"}
	for i, w := range want {
		if got, ok := message[fmt.Sprintf("arn:aws:s3:::bucket-%02d", i)]; got != w || !ok {
			t.Errorf("message %q became %q, want %q", inputs[i], got, w)
		}
	}
	if got, ok := message["'=cmd|' /C calc'!A0"]; got != "resource" || !ok {
		t.Errorf("formula resource not defused: %q", rows)
	}
}

func TestASFF_Mapping(t *testing.T) {
	x := exportFixture()
	b, err := ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	var fs []map[string]any
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	if len(fs) != len(x.Findings) {
		t.Fatalf("%d findings", len(fs))
	}
	type row struct{ label, status, reason, typ, id, requirements string }
	got := map[string]row{}
	for _, f := range fs {
		comp := f["Compliance"].(map[string]any)
		res := f["Resources"].([]any)[0].(map[string]any)
		r := row{label: fxStr(f["Severity"].(map[string]any)["Label"]), status: fxStr(comp["Status"]), typ: fxStr(res["Type"]), id: fxStr(res["Id"])}
		if rs, ok := comp["StatusReasons"].([]any); ok {
			r.reason = fxStr(rs[0].(map[string]any)["ReasonCode"])
		}
		if rr, ok := comp["RelatedRequirements"]; ok {
			r.requirements = strings.Join(fxStrings(rr), "; ")
		}
		got[fxStr(f["GeneratorId"])+" "+fxStr(res["Region"])] = r
		if fxLen(fxStr(f["Description"])) > ASFFMaxDescription || fxLen(fxStr(f["Title"])) > ASFFMaxTitle {
			t.Errorf("%s: title or description too long", f["Id"])
		}
		if f["ProductArn"] != "arn:aws:securityhub:eu-central-1:111122223333:product/111122223333/default" ||
			f["ProductName"] != "warroom" || f["CompanyName"] != "warroom" {
			t.Errorf("product %v %v %v", f["ProductArn"], f["ProductName"], f["CompanyName"])
		}
		for _, k := range []string{"Workflow", "UserDefinedFields", "Note"} {
			if _, ok := f[k]; ok {
				t.Errorf("%s: sets %s, which BatchImportFindings cannot update", f["Id"], k)
			}
		}
		if _, ok := comp["SecurityControlId"]; ok {
			t.Errorf("%s: sets Compliance.SecurityControlId", f["Id"])
		}
		if f["RecordState"] != "ACTIVE" || f["ProductFields"].(map[string]any)["warroom/resource"] == "" {
			t.Errorf("%s: record state %v, product fields %v", f["Id"], f["RecordState"], f["ProductFields"])
		}
	}
	want := map[string]row{
		"warroom/ec2.sg-open-admin-ports eu-west-1": {"HIGH", "FAILED", "", "AwsEc2SecurityGroup", "sg-0a1b2c3d",
			CISStandard + "/5.2; " + CISStandard + "/5.3; " + SecurityHubStandard + "/EC2.19; " + SecurityHubStandard + "/EC2.53"},
		"warroom/ec2.sg-open-admin-ports us-east-1": {"HIGH", "NOT_AVAILABLE", "WARROOM_CHECK_ERROR", "AwsIamRole", fxHostileResource,
			CISStandard + "/5.2; " + CISStandard + "/5.3; " + SecurityHubStandard + "/EC2.19; " + SecurityHubStandard + "/EC2.53"},
		"warroom/guardduty.enabled eu-west-1": {"LOW", "NOT_AVAILABLE", "WARROOM_ACCESS_DENIED", "AwsAccount", "AWS::::Account:111122223333", ""},
		// A global account finding names the import region, as Security Hub's own do.
		"warroom/iam.root-mfa eu-central-1": {"INFORMATIONAL", "PASSED", "", "AwsAccount", "AWS::::Account:111122223333",
			"CIS AWS Foundations Benchmark v3.0.0/1.5; AWS Security Hub controls/IAM.9"},
		"warroom/s3.versioning ": {"MEDIUM", "FAILED", "", "AwsS3Bucket", "arn:aws:s3:::payments-logs", ""},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %+v\nwant %+v", k, got[k], w)
		}
	}
	// The long message is cut with an ellipsis at exactly the limit.
	for _, f := range fs {
		if f["GeneratorId"] == "warroom/ec2.sg-open-admin-ports" && f["Compliance"].(map[string]any)["Status"] == "FAILED" {
			d := fxStr(f["Description"])
			if fxLen(d) > ASFFMaxDescription || !strings.HasSuffix(d, "…") {
				t.Errorf("long description: %d characters, ends %q", fxLen(d), d[len(d)-10:])
			}
		}
	}
	// Ids depend on check, account, region and resource, not on the run.
	y := exportFixture()
	for i := range y.Findings {
		y.Findings[i].RunID = "run-2"
	}
	b2, err := ASFF(y)
	if err != nil {
		t.Fatal(err)
	}
	var fs2 []map[string]any
	if err := json.Unmarshal(b2, &fs2); err != nil {
		t.Fatal(err)
	}
	for i := range fs {
		if fs[i]["Id"] != fs2[i]["Id"] {
			t.Errorf("Id changed with the run: %v, %v", fs[i]["Id"], fs2[i]["Id"])
		}
	}
	// A finding without a valid account cannot be imported.
	x.Findings[0].Account = "1111-2222-3333"
	if _, err := ASFF(x); err == nil || !strings.Contains(err.Error(), `account "1111-2222-3333"`) || !strings.Contains(err.Error(), "s3.versioning") {
		t.Errorf("bad account: %v", err)
	}
}

// TestFindingID: a resource that stands for the account or a region gives
// an id of check, account and region only, so the unknown finding of a gap
// and the finding that judges the account once the gap is closed share it;
// any other resource adds its digest.
func TestFindingID(t *testing.T) {
	f := func(check, region, resource string) checks.Finding {
		return checks.Finding{CheckID: check, Account: "111122223333", Region: region, Resource: resource}
	}
	same := [][2]checks.Finding{
		{f("guardduty.enabled", "eu-west-1", "account/111122223333/eu-west-1"), f("guardduty.enabled", "eu-west-1", "guardduty/111122223333/eu-west-1")},
		{f("iam.root-mfa", "", "account/111122223333"), f("iam.root-mfa", "", "arn:aws:iam::111122223333:root")},
		{f("iam.root-mfa", "", "arn:aws-us-gov:iam::111122223333:root"), f("iam.root-mfa", "", "arn:aws:iam::111122223333:root")},
	}
	for _, p := range same {
		if a, b := FindingID(p[0]), FindingID(p[1]); a != b {
			t.Errorf("%s and %s: ids %s and %s differ", p[0].Resource, p[1].Resource, a, b)
		}
	}
	if got := FindingID(f("guardduty.enabled", "eu-west-1", "guardduty/111122223333/eu-west-1")); got != "warroom/guardduty.enabled/111122223333/eu-west-1" {
		t.Errorf("regional account-level id %s", got)
	}
	if got := FindingID(f("iam.root-mfa", "", "account/111122223333")); got != "warroom/iam.root-mfa/111122223333/global" {
		t.Errorf("global account-level id %s", got)
	}
	differ := [][2]checks.Finding{
		{f("s3.versioning", "", "arn:aws:s3:::a"), f("s3.versioning", "", "arn:aws:s3:::b")},
		{f("guardduty.enabled", "eu-west-1", "account/111122223333/eu-west-1"), f("guardduty.enabled", "us-east-1", "account/111122223333/us-east-1")},
		{f("guardduty.enabled", "eu-west-1", "account/111122223333/eu-west-1"), f("config.enabled", "eu-west-1", "account/111122223333/eu-west-1")},
		{f("iam.user-mfa", "", "arn:aws:iam::111122223333:user/root"), f("iam.user-mfa", "", "arn:aws:iam::111122223333:root")},
		{f("ec2.sg-open-admin-ports", "eu-west-1", "sg-1"), f("ec2.sg-open-admin-ports", "eu-west-1", "account/111122223333/eu-west-1")},
	}
	for _, p := range differ {
		if a, b := FindingID(p[0]), FindingID(p[1]); a == b {
			t.Errorf("%s and %s share id %s", p[0].Resource, p[1].Resource, a)
		}
	}
	if id := FindingID(f("s3.versioning", "", "arn:aws:s3:::a")); !regexp.MustCompile(`^warroom/s3\.versioning/111122223333/global/[0-9a-f]{16}$`).MatchString(id) {
		t.Errorf("resource id %s", id)
	}
	for in, want := range map[string]bool{
		"account/111122223333": true, "account/111122223333/eu-west-1": true, "guardduty/111122223333/eu-west-1": true,
		"arn:aws:iam::111122223333:root": true, "arn:aws:iam::111122223333:role/root": false, "arn:aws:iam::root:root": false,
		"sg-0a1b": false, "bucket/111122223333/x/y": false, "arn:aws:s3:::account/111122223333": false, "/111122223333/eu-west-1": false,
	} {
		if got := AccountLevel(in); got != want {
			t.Errorf("AccountLevel(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestASFF_History: findings keep the time their id was first seen; an id
// the previous run had and this run has not is archived, once, as it was;
// an id this run has under a status --status leaves out is not archived.
func TestASFF_History(t *testing.T) {
	x := exportFixture()
	finished := x.Run.FinishedAt
	earlier := finished.Add(-30 * 24 * time.Hour)
	prevAt := finished.Add(-24 * time.Hour)
	prev := func(check, region, resource string, s checks.Status) checks.Finding {
		return checks.Finding{RunID: "run-0", CheckID: check, Status: s, Account: "111122223333", Region: region, Resource: resource,
			Message: "before", ObservedAt: prevAt}
	}
	// The gap of the last run closed: the judged finding shares its id and is not archived.
	gapClosed := prev("guardduty.enabled", "eu-west-1", "account/111122223333/eu-west-1", checks.Unknown)
	bucketGone := prev("s3.versioning", "", "arn:aws:s3:::old-bucket", checks.Fail)
	retired := prev("retired.check", "eu-west-1", "sg-9", checks.Fail)
	x.Previous = []checks.Finding{bucketGone, retired, gapClosed, bucketGone,
		prev("ec2.sg-open-admin-ports", "eu-west-1", "sg-0a1b2c3d", checks.Fail),
		{CheckID: "s3.versioning", Account: "not-an-account", Resource: "arn:aws:s3:::x", Status: checks.Fail}}
	x.FirstSeen = map[string]time.Time{
		FindingID(x.Findings[2]): earlier,                 // the open port was first seen a month ago
		FindingID(x.Findings[1]): finished.Add(time.Hour), // later than this run: this run's time wins
	}
	b, err := ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	var fs []struct {
		Id, CreatedAt, UpdatedAt, FirstObservedAt, LastObservedAt, RecordState, Title, Description string
		Compliance                                                                                 struct{ Status string }
		ProductFields                                                                              map[string]string
	}
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	byID := map[string]int{}
	for i, f := range fs {
		if _, dup := byID[f.Id]; dup {
			t.Errorf("Id %s twice", f.Id)
		}
		byID[f.Id] = i
	}
	if len(fs) != len(x.Findings)+2 {
		t.Fatalf("%d findings, want %d active and 2 archived", len(fs), len(x.Findings))
	}
	for i, in := range x.Findings {
		f := fs[byID[FindingID(in)]]
		first := finished
		if i == 2 {
			first = earlier
		}
		if f.RecordState != "ACTIVE" || f.CreatedAt != stamp(first) || f.FirstObservedAt != stamp(first) ||
			f.UpdatedAt != stamp(finished) || f.LastObservedAt != stamp(finished) {
			t.Errorf("%s: %s, created %s, first %s, updated %s, last %s; want first seen %s", f.Id, f.RecordState, f.CreatedAt, f.FirstObservedAt,
				f.UpdatedAt, f.LastObservedAt, stamp(first))
		}
	}
	for _, gone := range []checks.Finding{bucketGone, retired} {
		i, ok := byID[FindingID(gone)]
		if !ok {
			t.Errorf("%s on %s is not archived", gone.CheckID, gone.Resource)
			continue
		}
		f := fs[i]
		if f.RecordState != "ARCHIVED" || f.UpdatedAt != stamp(finished) || f.LastObservedAt != stamp(prevAt) ||
			f.CreatedAt != stamp(prevAt) || f.Compliance.Status != "FAILED" || f.Description != "before" || f.ProductFields["warroom/run"] != "run-0" {
			t.Errorf("archived %s: %+v", f.Id, f)
		}
	}
	if f := fs[byID[FindingID(retired)]]; f.Title != "retired.check" {
		t.Errorf("a check that left the catalogue is titled %q, want its id", f.Title)
	}
	if gone := x.Gone(); len(gone) != 2 || gone[0].CheckID != "retired.check" || gone[1].Resource != "arn:aws:s3:::old-bucket" {
		t.Errorf("Gone() = %+v", gone)
	}

	// With --status fail, the pass, unknown and error findings of this run
	// are left out and not archived; what is gone is archived all the same.
	x.Statuses = []checks.Status{checks.Fail}
	x.Previous = append(x.Previous, prev("iam.root-mfa", "", "arn:aws:iam::111122223333:root", checks.Fail))
	b, err = ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	fs = nil
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, f := range fs {
		states = append(states, f.RecordState+" "+f.Compliance.Status+" "+f.Id)
	}
	wantStates := []string{
		"ACTIVE FAILED " + FindingID(x.Findings[2]),
		"ACTIVE FAILED " + FindingID(x.Findings[0]),
		"ARCHIVED FAILED " + FindingID(retired),
		"ARCHIVED FAILED " + FindingID(bucketGone),
	}
	if !slices.Equal(states, wantStates) {
		t.Errorf("with --status fail:\n got %q\nwant %q", states, wantStates)
	}
}

// TestASFF_ArchivesOnlyWhereTheRunLooked: a finding of the previous run is
// archived only when this run read its account and region (an account-wide
// finding: its account), so a run limited to some regions or accounts
// leaves the others' open findings alone; a run that ended early archives
// nothing.
func TestASFF_ArchivesOnlyWhereTheRunLooked(t *testing.T) {
	prev := func(account, region, resource string) checks.Finding {
		return checks.Finding{RunID: "run-0", CheckID: "s3.versioning", Status: checks.Fail, Account: account, Region: region,
			Resource: resource, ObservedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	}
	euGone := prev("111122223333", "eu-west-1", "arn:aws:s3:::eu-gone")
	usOpen := prev("111122223333", "us-west-2", "arn:aws:s3:::us-open")
	globalGone := prev("111122223333", "", "arn:aws:s3:::global-gone")
	otherAccount := prev("444455556666", "eu-west-1", "arn:aws:s3:::other-account")
	otherGlobal := prev("444455556666", "", "arn:aws:s3:::other-global")
	all := []checks.Finding{euGone, usOpen, globalGone, otherAccount, otherGlobal}
	tests := []struct {
		name              string
		accounts, regions []string
		err               string
		want              []checks.Finding
	}{
		{"one account, one region", []string{"111122223333"}, []string{"eu-west-1"}, "", []checks.Finding{globalGone, euGone}},
		{"both accounts and regions", []string{"111122223333", "444455556666"}, []string{"eu-west-1", "us-west-2"}, "",
			[]checks.Finding{globalGone, euGone, usOpen, otherGlobal, otherAccount}},
		{"another account only", []string{"444455556666"}, []string{"us-west-2"}, "", []checks.Finding{otherGlobal}},
		{"nothing read", nil, nil, "", nil},
		{"ended early", []string{"111122223333", "444455556666"}, []string{"eu-west-1", "us-west-2"}, "collect: context deadline exceeded", nil},
	}
	for _, tt := range tests {
		x := exportFixture()
		x.Run.Accounts, x.Run.Regions, x.Run.Error = tt.accounts, tt.regions, tt.err
		x.Previous = all
		var got []string
		for _, f := range x.Gone() {
			got = append(got, f.Account+" "+RegionLabel(f.Region)+" "+f.Resource)
		}
		var want []string
		for _, f := range tt.want {
			want = append(want, f.Account+" "+RegionLabel(f.Region)+" "+f.Resource)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: gone\n %q\nwant\n %q", tt.name, got, want)
		}
		b, err := ASFF(x)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), `"RecordState": "ARCHIVED"`); n != len(tt.want) {
			t.Errorf("%s: the ASFF document archives %d findings, want %d", tt.name, n, len(tt.want))
		}
	}
}

// TestOCSF_FirstSeen: finding_info's created and first seen times come
// from FirstSeen, the last seen time from this run.
func TestOCSF_FirstSeen(t *testing.T) {
	x := exportFixture()
	earlier := x.Run.FinishedAt.Add(-72 * time.Hour)
	x.FirstSeen = map[string]time.Time{FindingID(x.Findings[0]): earlier}
	x.Previous = []checks.Finding{{RunID: "run-0", CheckID: "s3.versioning", Status: checks.Fail, Account: "111122223333", Resource: "arn:aws:s3:::gone"}}
	b, err := OCSF(x)
	if err != nil {
		t.Fatal(err)
	}
	events := ocsfDecode(t, b)
	if len(events) != len(x.Findings) {
		t.Fatalf("%d events, want %d: OCSF archives nothing", len(events), len(x.Findings))
	}
	var n int
	for _, ev := range events {
		fi := fxObj(ev, "finding_info")
		first := x.Run.FinishedAt
		if fi["uid"] == FindingID(x.Findings[0]) {
			first = earlier
			n++
		}
		ms := json.Number(strconv.FormatInt(first.UnixMilli(), 10))
		last := json.Number(strconv.FormatInt(x.Run.FinishedAt.UnixMilli(), 10))
		if fi["created_time"] != ms || fi["first_seen_time"] != ms || fi["last_seen_time"] != last {
			t.Errorf("%v: created %v, first %v, last %v", fi["uid"], fi["created_time"], fi["first_seen_time"], fi["last_seen_time"])
		}
	}
	if n != 1 {
		t.Errorf("the finding first seen earlier appears %d times", n)
	}
}

func TestASFFResourceType(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::111122223333:root":                                "AwsAccount",
		"account/111122223333":                                          "AwsAccount",
		"config/111122223333/eu-west-1":                                 "AwsAccount",
		"arn:aws:iam::111122223333:user/ci-deploy":                      "AwsIamUser",
		"arn:aws:iam::111122223333:role/a/b":                            "AwsIamRole",
		"arn:aws:iam::111122223333:policy/p":                            "AwsIamPolicy",
		"arn:aws:s3:::bucket":                                           "AwsS3Bucket",
		"arn:aws:s3:::bucket/key":                                       "Other",
		"arn:aws-cn:kms:cn-north-1:111122223333:key/abc":                "AwsKmsKey",
		"arn:aws:rds:eu-west-1:111122223333:db:x":                       "AwsRdsDbInstance",
		"arn:aws:rds:eu-west-1:111122223333:cluster:x":                  "AwsRdsDbCluster",
		"arn:aws:lambda:eu-west-1:111122223333:function:f":              "AwsLambdaFunction",
		"arn:aws:cloudtrail:eu-west-1:111122223333:trail/t":             "AwsCloudTrailTrail",
		"arn:aws:ec2:eu-west-1:111122223333:instance/i-1":               "AwsEc2Instance",
		"arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1": "AwsElbv2LoadBalancer",
		"arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/x/1/2":   "Other",
		"arn:aws:secretsmanager:eu-west-1:111122223333:secret:s-Ab12":   "AwsSecretsManagerSecret",
		"arn:aws:dynamodb:eu-west-1:111122223333:table/t":               "AwsDynamoDbTable",
		"arn:aws:sns:eu-west-1:111122223333:alerts":                     "AwsSnsTopic",
		"sg-0a1b":                       "AwsEc2SecurityGroup",
		"vpc-0a1b":                      "AwsEc2Vpc",
		"acl-0a1b":                      "AwsEc2NetworkAcl",
		"backup/111122223333/eu-west-1": "AwsAccount",
		"something":                     "Other",
		"arn:aws:securityhub:eu-west-1:111122223333:hub/default":             "Other",
		"arn:aws:backup:eu-west-1:111122223333:backup-vault:payments-vault":  "AwsBackupBackupVault",
		"arn:aws:acm:eu-west-1:111122223333:certificate/5e1d7c3a":            "AwsCertificateManagerCertificate",
		"arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/1a2b3": "AwsCloudFormationStack",
	}
	for in, want := range tests {
		if got := asffResourceType(in); got != want {
			t.Errorf("asffResourceType(%q) = %q, want %q", in, got, want)
		}
	}
	if p := exportPartition("arn:aws-us-gov:s3:::b", "", "eu-west-1"); p != "aws-us-gov" {
		t.Errorf("partition from arn: %s", p)
	}
	if p := exportPartition("sg-1", "cn-north-1", "eu-west-1"); p != "aws-cn" {
		t.Errorf("partition from region: %s", p)
	}
	if p := exportPartition("account/111122223333", "", "us-gov-west-1"); p != "aws-us-gov" {
		t.Errorf("partition from import region: %s", p)
	}
}

func TestExportCut(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"one two three", 8, "one two…"},
		{"ééééééé", 4, "ééé…"},
	} {
		if got := exportCut(tt.in, tt.n); got != tt.want || fxLen(got) > tt.n {
			t.Errorf("exportCut(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// everyCheckExport is one finding of each status for every check in the
// catalogue, so every real check's title, severity and mappings go through
// each format.
func everyCheckExport() FindingsExport {
	x := exportFixture()
	x.Checks = checks.All()
	x.Findings = nil
	for _, c := range x.Checks {
		region := ""
		if c.Scope == checks.Regional {
			region = "eu-west-1"
		}
		for _, s := range []checks.Status{checks.Pass, checks.Fail, checks.Unknown, checks.Error} {
			x.Findings = append(x.Findings, checks.Finding{RunID: "run-1", CheckID: c.ID, Status: s, Account: "111122223333", Region: region,
				Resource: "arn:aws:iam::111122223333:root", Message: c.Title + " (" + string(s) + ")", ObservedAt: now})
		}
	}
	return x
}

func TestFindingsExport_EveryCheck(t *testing.T) {
	x := everyCheckExport()
	b, err := ASFF(x)
	if err != nil {
		t.Fatal(err)
	}
	var fs []struct {
		Title       string
		Remediation struct{ Recommendation struct{ Text string } }
	}
	if err := json.Unmarshal(b, &fs); err != nil || len(fs) != len(x.Findings) {
		t.Fatalf("%d findings, %v", len(fs), err)
	}
	for _, f := range fs {
		if f.Title == "" || fxLen(f.Title) > ASFFMaxTitle || fxLen(f.Remediation.Recommendation.Text) > ASFFMaxRemediation {
			t.Errorf("title %q or remediation out of bounds", f.Title)
		}
	}
	if _, err := FindingsCSV(x); err != nil {
		t.Fatal(err)
	}
}

func fxLen(s string) int { return len([]rune(s)) }

func fxStr(v any) string {
	s, _ := v.(string)
	return s
}

func fxStrings(v any) []string {
	var out []string
	for _, e := range v.([]any) {
		out = append(out, fxStr(e))
	}
	return out
}

// fxObj returns ev[key] as an object, or the first element of an array of objects.
func fxObj(ev map[string]any, key string) map[string]any {
	switch v := ev[key].(type) {
	case map[string]any:
		return v
	case []any:
		return v[0].(map[string]any)
	}
	return nil
}

func ocsfDecode(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var events []map[string]any
	if err := dec.Decode(&events); err != nil {
		t.Fatal(err)
	}
	return events
}

// ocsfSchema is the vendored OCSF schema excerpt, read from source layout.
type ocsfSchema struct {
	dir        string
	files      map[string]string // event or object name → file path
	dict       map[string]map[string]any
	types      map[string]map[string]any
	categories map[string]int
	resolved   map[string]*ocsfDef
}

// ocsfDef is a resolved class or object: every attribute after extends and
// $include, and its constraints.
type ocsfDef struct {
	name       string
	category   string
	uid        int
	attrs      map[string]map[string]any
	atLeastOne []string
}

func loadOCSFSchema(t *testing.T, dir string) *ocsfSchema {
	t.Helper()
	s := &ocsfSchema{dir: dir, files: map[string]string{}, categories: map[string]int{}, resolved: map[string]*ocsfDef{}}
	var dict struct {
		Attributes map[string]map[string]any `json:"attributes"`
		Types      struct {
			Attributes map[string]map[string]any `json:"attributes"`
		} `json:"types"`
	}
	ocsfReadJSON(t, filepath.Join(dir, "dictionary.json"), &dict)
	s.dict, s.types = dict.Attributes, dict.Types.Attributes
	var cats struct {
		Attributes map[string]struct{ UID int } `json:"attributes"`
	}
	ocsfReadJSON(t, filepath.Join(dir, "categories.json"), &cats)
	for name, c := range cats.Attributes {
		s.categories[name] = c.UID
	}
	for _, sub := range []string{"events", "objects"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			var head struct{ Name string }
			ocsfReadJSON(t, p, &head)
			s.files[head.Name] = p
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func ocsfReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// resolve reads a class or object and everything it extends or includes.
// Nearer definitions win key by key; enums merge.
func (s *ocsfSchema) resolve(name string) (*ocsfDef, error) {
	if def, ok := s.resolved[name]; ok {
		return def, nil
	}
	path, ok := s.files[name]
	if !ok {
		return nil, fmt.Errorf("%s is not in the schema excerpt", name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Name        string                     `json:"name"`
		Extends     string                     `json:"extends"`
		Category    string                     `json:"category"`
		UID         int                        `json:"uid"`
		Attributes  map[string]json.RawMessage `json:"attributes"`
		Constraints struct {
			AtLeastOne []string `json:"at_least_one"`
		} `json:"constraints"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	def := &ocsfDef{name: name, category: raw.Category, uid: raw.UID, attrs: map[string]map[string]any{}}
	if raw.Extends != "" && raw.Extends != "object" {
		parent, err := s.resolve(raw.Extends)
		if err != nil {
			return nil, fmt.Errorf("%s extends %w", name, err)
		}
		for k, v := range parent.attrs {
			def.attrs[k] = v
		}
		if def.category == "" {
			def.category = parent.category
		}
		def.atLeastOne = parent.atLeastOne
	}
	if len(raw.Constraints.AtLeastOne) > 0 {
		def.atLeastOne = raw.Constraints.AtLeastOne
	}
	if inc, ok := raw.Attributes["$include"]; ok {
		var files []string
		if err := json.Unmarshal(inc, &files); err != nil {
			return nil, fmt.Errorf("%s $include: %w", path, err)
		}
		for _, f := range files {
			var prof struct {
				Name       string                    `json:"name"`
				Meta       string                    `json:"meta"`
				Attributes map[string]map[string]any `json:"attributes"`
			}
			pb, err := os.ReadFile(filepath.Join(s.dir, f))
			if err != nil {
				return nil, fmt.Errorf("%s $include: %w", path, err)
			}
			if err := json.Unmarshal(pb, &prof); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for k, a := range prof.Attributes {
				if prof.Meta == "profile" {
					a = mergeAttr(a, map[string]any{"profile": prof.Name})
				}
				def.attrs[k] = mergeAttr(def.attrs[k], a)
			}
		}
	}
	for k, v := range raw.Attributes {
		if k == "$include" {
			continue
		}
		var a map[string]any
		if err := json.Unmarshal(v, &a); err != nil {
			return nil, fmt.Errorf("%s attribute %s: %w", path, k, err)
		}
		def.attrs[k] = mergeAttr(def.attrs[k], a)
	}
	s.resolved[name] = def
	return def, nil
}

// mergeAttr lays over onto base, key by key; enums merge value by value.
func mergeAttr(base, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if k == "enum" {
			e := map[string]any{}
			if be, ok := out["enum"].(map[string]any); ok {
				for ek, ev := range be {
					e[ek] = ev
				}
			}
			for ek, ev := range v.(map[string]any) {
				e[ek] = ev
			}
			out[k] = e
			continue
		}
		out[k] = v
	}
	return out
}

// validateEvent checks an event against a class: every required attribute
// present, each value of its dictionary type, enum values known, sibling
// captions right, no attribute the class does not define, and the
// class/category/type ids by their formulas.
func (s *ocsfSchema) validateEvent(class string, ev map[string]any) []string {
	def, err := s.resolve(class)
	if err != nil {
		return []string{err.Error()}
	}
	profiles := map[string]bool{}
	if md, ok := ev["metadata"].(map[string]any); ok {
		if ps, ok := md["profiles"].([]any); ok {
			for _, p := range ps {
				profiles[fxStr(p)] = true
			}
		}
	}
	var errs []string
	s.validateObject(def, ev, "", profiles, &errs)
	num := func(k string) int64 {
		n, _ := ev[k].(json.Number)
		i, _ := n.Int64()
		return i
	}
	cat, ok := s.categories[def.category]
	if !ok {
		errs = append(errs, fmt.Sprintf("class %s: category %q is not in categories.json", class, def.category))
	}
	if got := num("category_uid"); got != int64(cat) {
		errs = append(errs, fmt.Sprintf("category_uid: %d, want %d", got, cat))
	}
	if got, want := num("class_uid"), int64(cat*1000+def.uid); got != want {
		errs = append(errs, fmt.Sprintf("class_uid: %d, want %d", got, want))
	}
	if got, want := num("type_uid"), num("class_uid")*100+num("activity_id"); got != want {
		errs = append(errs, fmt.Sprintf("type_uid: %d, want %d", got, want))
	}
	return errs
}

// ocsfComputedIDs are the ids checked by formula rather than by enum.
var ocsfComputedIDs = map[string]bool{"category_uid": true, "class_uid": true, "type_uid": true}

func (s *ocsfSchema) validateObject(def *ocsfDef, v map[string]any, path string, profiles map[string]bool, errs *[]string) {
	at := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	names := make([]string, 0, len(def.attrs))
	for k := range def.attrs {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		a := def.attrs[k]
		prof, _ := a["profile"].(string)
		_, present := v[k]
		if prof != "" && !profiles[prof] {
			if present {
				*errs = append(*errs, fmt.Sprintf("%s: belongs to profile %s, which metadata.profiles does not list", at(k), prof))
			}
			continue
		}
		if a["requirement"] == "required" && !present {
			*errs = append(*errs, fmt.Sprintf("%s: required by %s but missing", at(k), def.name))
		}
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		a, ok := def.attrs[k]
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: not an attribute of %s", at(k), def.name))
			continue
		}
		d, ok := s.dict[k]
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: not in dictionary.json", at(k)))
			continue
		}
		full := mergeAttr(d, a)
		s.validateValue(k, full, v[k], v, at(k), profiles, errs)
	}
	if len(def.atLeastOne) > 0 && !slices.ContainsFunc(def.atLeastOne, func(k string) bool { _, ok := v[k]; return ok }) {
		where := path
		if where == "" {
			where = def.name
		}
		*errs = append(*errs, fmt.Sprintf("%s: needs at least one of %s", where, strings.Join(def.atLeastOne, ", ")))
	}
}

func (s *ocsfSchema) validateValue(name string, a map[string]any, val any, parent map[string]any, path string, profiles map[string]bool, errs *[]string) {
	if isArray, _ := a["is_array"].(bool); isArray {
		arr, ok := val.([]any)
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want an array, got %T", path, val))
			return
		}
		one := mergeAttr(a, map[string]any{"is_array": false})
		for i, e := range arr {
			s.validateValue(name, one, e, parent, fmt.Sprintf("%s[%d]", path, i), profiles, errs)
		}
		return
	}
	typ, _ := a["type"].(string)
	base := typ
	for i := 0; i < 3; i++ { // timestamp_t → long_t, url_t → string_t
		if t, ok := s.types[base]; ok {
			if b, ok := t["type"].(string); ok {
				base = b
				continue
			}
		}
		break
	}
	switch base {
	case "integer_t", "long_t":
		n, ok := val.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			*errs = append(*errs, fmt.Sprintf("%s: want an integer (%s), got %v", path, typ, val))
			return
		}
	case "float_t":
		if _, ok := val.(json.Number); !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want a number, got %v", path, val))
			return
		}
	case "string_t":
		if _, ok := val.(string); !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want a string (%s), got %v", path, typ, val))
			return
		}
	case "boolean_t":
		if _, ok := val.(bool); !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want a boolean, got %v", path, val))
			return
		}
	case "json_t":
	case "object":
		if _, ok := val.(map[string]any); !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want an object, got %T", path, val))
		}
		return
	default:
		m, ok := val.(map[string]any)
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want an object (%s), got %T", path, typ, val))
			return
		}
		def, err := s.resolve(typ)
		if err != nil {
			*errs = append(*errs, fmt.Sprintf("%s: %v", path, err))
			return
		}
		s.validateObject(def, m, path, profiles, errs)
		return
	}
	enum, ok := a["enum"].(map[string]any)
	if !ok || ocsfComputedIDs[name] {
		return
	}
	key := fmt.Sprint(val)
	item, ok := enum[key].(map[string]any)
	if !ok {
		*errs = append(*errs, fmt.Sprintf("%s: %s is not in the enum", path, key))
		return
	}
	if sib, _ := a["sibling"].(string); sib != "" && key != "99" {
		if got, present := parent[sib]; present && got != item["caption"] {
			sibPath := strings.TrimSuffix(path, name) + sib
			*errs = append(*errs, fmt.Sprintf("%s: %q is not the caption of %s %s (%v)", sibPath, got, name, key, item["caption"]))
		}
	}
}

package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/review"
)

// FindingsExport is what the findings exports (OCSF, ASFF, CSV) are made
// from: one evidence run, its findings and the check catalogue that names,
// grades and maps them, with what earlier runs of the workload said.
type FindingsExport struct {
	// Version is warroom's version, like "1.2.3"; OCSF names it as the
	// product version.
	Version  string
	Workload review.Workload
	Run      RunInfo
	// Checks is the check catalogue: titles, severities, practices, CIS and
	// Security Hub ids, remediation. Every finding's check must be in it.
	Checks []checks.Check
	// Findings are every finding of the run, whatever Statuses says.
	Findings []checks.Finding
	// Statuses, when not empty, limits the export to findings of these
	// statuses. ASFF does not archive the findings it leaves out.
	Statuses []checks.Status
	// Previous are the findings of the workload's run before Run, if any.
	// ASFF archives each of their ids that Run no longer has where Run
	// looked (Gone); the other formats ignore them.
	Previous []checks.Finding
	// FirstSeen maps a finding id (FindingID) to when a run of the workload
	// up to Run first had it; an id that is not in it was first seen in Run.
	FirstSeen map[string]time.Time
	// Region is the Security Hub region the ASFF findings are imported into;
	// it goes into each ProductArn. The other formats ignore it.
	Region string
	Now    time.Time // when the export is made
}

// covers reports whether the run read where f was found: its account and,
// for a regional finding, its region (an account-wide finding needs the
// account only).
func (r RunInfo) covers(f checks.Finding) bool {
	return slices.Contains(r.Accounts, f.Account) && (f.Region == "" || slices.Contains(r.Regions, f.Region))
}

// Standards and frameworks the exports name.
const (
	// CISStandard is the CIS benchmark release that checks.Check.CIS ids refer to.
	CISStandard = "CIS AWS Foundations Benchmark v3.0.0"
	// SecurityHubStandard names the Security Hub controls of checks.Check.SecurityHub.
	SecurityHubStandard = "AWS Security Hub controls"
	// WAStandard names the framework whose practice ids checks map to.
	WAStandard = "AWS Well-Architected Framework Security Pillar"
)

// exportFinding is one finding with its check, ready for any format.
type exportFinding struct {
	checks.Finding
	Check checks.Check
}

// prepare pairs each finding of a status the export includes with its
// check and sorts them by check, account, region and resource. A finding
// whose check is not in the catalogue is an error naming the check.
func (x FindingsExport) prepare() ([]exportFinding, error) {
	byID := x.catalogue()
	out := make([]exportFinding, 0, len(x.Findings))
	var missing []string
	for _, f := range x.Findings {
		if !x.includes(f.Status) {
			continue
		}
		c, ok := byID[f.CheckID]
		if !ok {
			if !slices.Contains(missing, f.CheckID) {
				missing = append(missing, f.CheckID)
			}
			continue
		}
		out = append(out, exportFinding{Finding: f, Check: c})
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("findings of run %s name checks that are not in this warroom's catalogue: %s; export them with the warroom version that collected them",
			x.Run.ID, strings.Join(missing, ", "))
	}
	sortExportFindings(out)
	return out, nil
}

// catalogue is the checks by id.
func (x FindingsExport) catalogue() map[string]checks.Check {
	byID := make(map[string]checks.Check, len(x.Checks))
	for _, c := range x.Checks {
		byID[c.ID] = c
	}
	return byID
}

// includes reports whether findings of status s are exported.
func (x FindingsExport) includes(s checks.Status) bool {
	return len(x.Statuses) == 0 || slices.Contains(x.Statuses, s)
}

// sortExportFindings orders findings by check, account, region and resource.
func sortExportFindings(fs []exportFinding) {
	slices.SortStableFunc(fs, func(a, b exportFinding) int {
		for _, p := range [][2]string{{a.CheckID, b.CheckID}, {a.Account, b.Account}, {a.Region, b.Region}, {a.Resource, b.Resource}} {
			if c := strings.Compare(p[0], p[1]); c != 0 {
				return c
			}
		}
		return 0
	})
}

// Gone are the findings of Previous whose id (FindingID) no finding of Run
// has, whatever its status, in an account and region Run read (an
// account-wide finding: in an account it read): what ASFF archives. None
// are gone when Run ended early (Run.Error), since it may not have reached
// them. There is one per id, ordered by check, account, region and
// resource; a finding whose account is not a 12-digit id is left out
// (Security Hub cannot have imported it), and one whose check has left the
// catalogue is titled by its check id.
func (x FindingsExport) Gone() []checks.Finding {
	gone := x.gone()
	out := make([]checks.Finding, len(gone))
	for i, f := range gone {
		out[i] = f.Finding
	}
	return out
}

func (x FindingsExport) gone() []exportFinding {
	if x.Run.Error != "" {
		return nil
	}
	present := map[string]bool{}
	for _, f := range x.Findings {
		present[FindingID(f)] = true
	}
	byID := x.catalogue()
	var out []exportFinding
	for _, f := range x.Previous {
		id := FindingID(f)
		if present[id] || !checks.IsAccountID(f.Account) || !x.Run.covers(f) {
			continue
		}
		present[id] = true
		c, ok := byID[f.CheckID]
		if !ok {
			c = checks.Check{ID: f.CheckID, Title: f.CheckID}
		}
		out = append(out, exportFinding{Finding: f, Check: c})
	}
	sortExportFindings(out)
	return out
}

// FindingID is the id a finding keeps from run to run in the ASFF (Id)
// and OCSF (finding_info.uid) exports:
// "warroom/<check>/<account>/<region or global>/<16 hex of the resource's
// SHA-256>". When the resource stands for the account or one of its
// regions (AccountLevel), the id ends at the region, so the finding that
// says the check could not read an account or region and the finding that
// later judges it share one id.
func FindingID(f checks.Finding) string {
	parts := []string{"warroom", f.CheckID, f.Account, RegionLabel(f.Region)}
	if !AccountLevel(f.Resource) {
		parts = append(parts, exportDigest(f.Resource)[:16])
	}
	return strings.Join(parts, "/")
}

// AccountLevel reports whether a finding's resource stands for an account
// or one of its regions rather than for one resource in it: warroom's
// "account/<id>" and "account/<id>/<region>" (a check that could not read
// the account or region, or failed on it), "<service>/<id>/<region>" (a
// regional setting such as GuardDuty being on) and the account's root ARN
// "arn:<partition>:iam::<id>:root".
func AccountLevel(resource string) bool {
	if strings.HasPrefix(resource, "arn:") {
		parts := strings.Split(resource, ":")
		return len(parts) == 6 && parts[2] == "iam" && parts[3] == "" && checks.IsAccountID(parts[4]) && parts[5] == "root"
	}
	if strings.HasPrefix(resource, "account/") {
		return true
	}
	parts := strings.Split(resource, "/")
	return len(parts) == 3 && parts[0] != "" && checks.IsAccountID(parts[1])
}

// runID is the finding's run, or the export's when the finding has none.
func (x FindingsExport) runID(f exportFinding) string {
	if f.RunID != "" {
		return f.RunID
	}
	return x.Run.ID
}

// firstSeen is when the finding's id was first seen: FirstSeen's time,
// or the finding's own when that is missing or later.
func (x FindingsExport) firstSeen(f exportFinding, id string) time.Time {
	if t, ok := x.FirstSeen[id]; ok && t.Before(f.ObservedAt) {
		return t
	}
	return f.ObservedAt
}

// cisRequirement names one CIS recommendation as Security Hub does:
// "CIS AWS Foundations Benchmark v3.0.0/1.4".
func cisRequirement(id string) string {
	return CISStandard + "/" + id
}

// securityHubRequirement names one Security Hub control as a requirement:
// "AWS Security Hub controls/IAM.9".
func securityHubRequirement(id string) string {
	return SecurityHubStandard + "/" + id
}

// waRequirement names one Well-Architected practice as a requirement:
// "AWS Well-Architected Framework Security Pillar/SEC01-BP02".
func waRequirement(id string) string {
	return WAStandard + "/" + id
}

// exportDigest is the hex SHA-256 of the parts joined by "|".
func exportDigest(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:])
}

// exportCut shortens s to at most n characters, ending with "…" when cut.
func exportCut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// FindingsCSV renders every finding as one row for spreadsheets: run,
// observed_at, check, title, severity, status, account, region ("global"
// for account-wide findings), resource, message, practices, cis,
// security_hub, remediation. Lists are joined with "; ". Cells a
// spreadsheet would run as a formula are prefixed with a quote.
func FindingsCSV(x FindingsExport) ([]byte, error) {
	fs, err := x.prepare()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"run", "observed_at", "check", "title", "severity", "status", "account", "region", "resource",
		"message", "practices", "cis", "security_hub", "remediation"})
	for _, f := range fs {
		row := []string{x.runID(f), f.ObservedAt.UTC().Format(time.RFC3339), f.CheckID, f.Check.Title, string(f.Check.Severity),
			string(f.Status), f.Account, RegionLabel(f.Region), f.Resource, f.Message, strings.Join(f.Check.Practices, "; "),
			strings.Join(f.Check.CIS, "; "), strings.Join(f.Check.SecurityHub, "; "), f.Check.Remediation}
		for i := range row {
			row[i] = cell(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

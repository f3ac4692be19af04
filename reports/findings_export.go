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
// grades and maps them.
type FindingsExport struct {
	Tool     string // "warroom <version>"
	Workload review.Workload
	Run      FindingsRun
	// Checks is the check catalogue: titles, severities, practices, CIS and
	// Security Hub ids, remediation. Every finding's check must be in it.
	Checks   []checks.Check
	Findings []checks.Finding
	// Region is the Security Hub region the ASFF findings are imported into;
	// it goes into each ProductArn. The other formats ignore it.
	Region string
	Now    time.Time // when the export is made
}

// FindingsRun is the evidence run whose findings are exported.
type FindingsRun struct {
	ID         string
	StartedAt  time.Time
	FinishedAt time.Time
	Accounts   []string
	Regions    []string
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

// prepare pairs each finding with its check and sorts them by check,
// account, region and resource. A finding whose check is not in the
// catalogue is an error naming the check.
func (x FindingsExport) prepare() ([]exportFinding, error) {
	byID := make(map[string]checks.Check, len(x.Checks))
	for _, c := range x.Checks {
		byID[c.ID] = c
	}
	out := make([]exportFinding, 0, len(x.Findings))
	var missing []string
	for _, f := range x.Findings {
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
	slices.SortStableFunc(out, func(a, b exportFinding) int {
		for _, p := range [][2]string{{a.CheckID, b.CheckID}, {a.Account, b.Account}, {a.Region, b.Region}, {a.Resource, b.Resource}} {
			if c := strings.Compare(p[0], p[1]); c != 0 {
				return c
			}
		}
		return 0
	})
	return out, nil
}

// runID is the finding's run, or the export's when the finding has none.
func (x FindingsExport) runID(f exportFinding) string {
	if f.RunID != "" {
		return f.RunID
	}
	return x.Run.ID
}

// cisRequirement names one CIS recommendation as Security Hub does:
// "CIS AWS Foundations Benchmark v3.0.0/1.4".
func cisRequirement(id string) string {
	return CISStandard + "/" + id
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

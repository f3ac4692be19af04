package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/warroom/warroom/review"
)

// AssessmentVersion is the version of the JSON assessment document.
const AssessmentVersion = 1

// Document is the stable JSON form of an assessment (`score -o json`,
// `report --format json`).
type Document struct {
	Version int    `json:"version"`
	Tool    string `json:"tool"`
	review.Assessment
	// Evidence sums up the collection run behind the findings; absent when
	// no evidence was collected. Added within version 1.
	Evidence *EvidenceSummary `json:"evidence,omitempty"`
}

// JSON renders the assessment as the versioned JSON document.
func JSON(a review.Assessment, o Options) ([]byte, error) {
	b, err := json.MarshalIndent(Document{Version: AssessmentVersion, Tool: "warroom " + o.Version, Assessment: a, Evidence: Summarize(o.Evidence)}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// CSV renders one row per practice, for spreadsheets, with every failing
// resource of the practice's evidence in the last column. Cells that a
// spreadsheet would run as a formula are prefixed with a quote.
func CSV(a review.Assessment) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"lens", "question", "question_risk", "practice", "title", "practice_risk", "status",
		"gap", "contradicted", "verified", "evidence_fail", "reason", "note", "by", "at",
		"evidence_pass", "evidence_unknown", "failing_resources"})
	for _, q := range a.Questions {
		for _, p := range q.Practices {
			var reason, note, by, at string
			if p.Answer != nil {
				reason, note, by = p.Answer.Reason, p.Answer.Note, p.Answer.By
				at = p.Answer.At.UTC().Format("2006-01-02T15:04:05Z")
			}
			row := []string{q.Lens, q.ID, string(q.Risk), p.ID, p.Title, string(p.Risk), string(p.Status),
				strconv.FormatBool(p.Gap), strconv.FormatBool(p.Contradicted), strconv.FormatBool(p.Verified),
				strconv.Itoa(p.Evidence.Fail), reason, note, by, at,
				strconv.Itoa(p.Evidence.Pass), strconv.Itoa(p.Evidence.Unknown), failingCell(p.Evidence.FailingResources)}
			for i := range row {
				row[i] = cell(row[i])
			}
			w.Write(row)
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// cell defuses spreadsheet formulas in values from people.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// failingCell lists failing resources as "check account region resource",
// separated by "; ".
func failingCell(fs []review.FailingResource) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, strings.Join([]string{f.Check, f.Account, RegionLabel(f.Region), f.Resource}, " "))
	}
	return strings.Join(parts, "; ")
}

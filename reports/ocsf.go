package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warroom/warroom/checks"
)

// OCSFVersion is the OCSF schema release the OCSF export follows (its
// metadata.version).
const OCSFVersion = "1.4.0"

// OCSF class numbers: Compliance Finding (uid 3) in the Findings category
// (uid 2); class_uid = category_uid*1000 + uid, type_uid = class_uid*100 +
// activity_id.
const (
	ocsfCategoryFindings = 2
	ocsfClassCompliance  = ocsfCategoryFindings*1000 + 3
	ocsfActivityCreate   = 1
)

// ocsfEvent is one OCSF Compliance Finding event.
type ocsfEvent struct {
	ActivityID   int              `json:"activity_id"`
	ActivityName string           `json:"activity_name"`
	CategoryUID  int              `json:"category_uid"`
	CategoryName string           `json:"category_name"`
	ClassUID     int              `json:"class_uid"`
	ClassName    string           `json:"class_name"`
	TypeUID      int              `json:"type_uid"`
	TypeName     string           `json:"type_name"`
	Time         int64            `json:"time"`
	SeverityID   int              `json:"severity_id"`
	Severity     string           `json:"severity"`
	StatusID     int              `json:"status_id"`
	Status       string           `json:"status"`
	Message      string           `json:"message"`
	Metadata     ocsfMetadata     `json:"metadata"`
	Cloud        ocsfCloud        `json:"cloud"`
	Compliance   ocsfCompliance   `json:"compliance"`
	FindingInfo  ocsfFindingInfo  `json:"finding_info"`
	Resources    []ocsfResource   `json:"resources"`
	Remediation  *ocsfRemediation `json:"remediation,omitempty"`
	Unmapped     ocsfUnmapped     `json:"unmapped"`
}

type ocsfMetadata struct {
	Version string `json:"version"`
	// CorrelationUID is the run id: it groups the events of one run.
	CorrelationUID string      `json:"correlation_uid"`
	Product        ocsfProduct `json:"product"`
	Profiles       []string    `json:"profiles"`
	ProcessedTime  int64       `json:"processed_time"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
}

type ocsfCloud struct {
	Provider string      `json:"provider"`
	Account  ocsfAccount `json:"account"`
	Region   string      `json:"region,omitempty"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	Type   string `json:"type"`
	TypeID int    `json:"type_id"`
}

type ocsfCompliance struct {
	Control       string   `json:"control"`
	Standards     []string `json:"standards"`
	Requirements  []string `json:"requirements,omitempty"`
	StatusID      int      `json:"status_id"`
	Status        string   `json:"status"`
	StatusDetails []string `json:"status_details,omitempty"`
}

type ocsfFindingInfo struct {
	UID           string   `json:"uid"`
	Title         string   `json:"title"`
	Desc          string   `json:"desc"`
	Types         []string `json:"types"`
	CreatedTime   int64    `json:"created_time"`
	FirstSeenTime int64    `json:"first_seen_time"`
	LastSeenTime  int64    `json:"last_seen_time"`
}

type ocsfResource struct {
	UID            string `json:"uid"`
	Type           string `json:"type"`
	Region         string `json:"region,omitempty"`
	CloudPartition string `json:"cloud_partition"`
}

type ocsfRemediation struct {
	Desc string `json:"desc"`
}

// ocsfUnmapped holds what OCSF has no attribute for, under "warroom".
type ocsfUnmapped struct {
	Warroom ocsfWarroom `json:"warroom"`
}

type ocsfWarroom struct {
	Check     string          `json:"check"`
	Status    checks.Status   `json:"status"`
	Severity  checks.Severity `json:"severity"`
	Practices []string        `json:"practices"`
	Workload  string          `json:"workload,omitempty"`
	Actions   []string        `json:"actions,omitempty"`
	Evidence  json.RawMessage `json:"evidence,omitempty"`
}

// ocsfSeverity maps a finding to OCSF severity_id and its caption: a pass
// is Informational, anything else takes the check's severity.
func ocsfSeverity(f exportFinding) (int, string) {
	if f.Status == checks.Pass {
		return 1, "Informational"
	}
	switch f.Check.Severity {
	case checks.Critical:
		return 5, "Critical"
	case checks.High:
		return 4, "High"
	case checks.Medium:
		return 3, "Medium"
	case checks.Low:
		return 2, "Low"
	}
	return 0, "Unknown"
}

// ocsfComplianceStatus maps a finding status to compliance.status_id: pass
// is Pass, fail is Fail, unknown (the check could not read what it needs) is
// Warning, which OCSF defines as "did not yield a result due to missing
// information", and error is Unknown.
func ocsfComplianceStatus(s checks.Status) (int, string) {
	switch s {
	case checks.Pass:
		return 1, "Pass"
	case checks.Fail:
		return 3, "Fail"
	case checks.Unknown:
		return 2, "Warning"
	}
	return 0, "Unknown"
}

// OCSF renders every finding as an OCSF Compliance Finding event (class
// 2003, schema OCSFVersion, cloud profile) in one JSON array. An event's
// finding_info.uid is FindingID, the same in every run that has the
// finding; metadata.correlation_uid is the run id. finding_info's
// created_time and first_seen_time are when the id was first seen
// (x.FirstSeen), last_seen_time when this run saw it. status_id is 1 New
// for every finding: compliance.status_id carries pass or fail, and OCSF's
// Resolved means a person reviewed and remediated the finding.
func OCSF(x FindingsExport) ([]byte, error) {
	fs, err := x.prepare()
	if err != nil {
		return nil, err
	}
	events := make([]ocsfEvent, 0, len(fs))
	for _, f := range fs {
		sevID, sev := ocsfSeverity(f)
		cID, cStatus := ocsfComplianceStatus(f.Status)
		observed := f.ObservedAt.UnixMilli()
		run := x.runID(f)
		id := FindingID(f.Finding)
		first := x.firstSeen(f, id).UnixMilli()
		comp := ocsfCompliance{Control: f.CheckID, Standards: standardsOf(f.Check), Requirements: requirementsOf(f.Check),
			StatusID: cID, Status: cStatus}
		if f.Status == checks.Unknown || f.Status == checks.Error {
			comp.StatusDetails = []string{f.Message}
			if len(f.Actions) > 0 {
				comp.StatusDetails = append(comp.StatusDetails, "Grant these actions and collect again: "+strings.Join(f.Actions, ", "))
			}
		}
		ev := ocsfEvent{
			ActivityID: ocsfActivityCreate, ActivityName: "Create",
			CategoryUID: ocsfCategoryFindings, CategoryName: "Findings",
			ClassUID: ocsfClassCompliance, ClassName: "Compliance Finding",
			TypeUID: ocsfClassCompliance*100 + ocsfActivityCreate, TypeName: "Compliance Finding: Create",
			Time: observed, SeverityID: sevID, Severity: sev, StatusID: 1, Status: "New", Message: f.Message,
			Metadata: ocsfMetadata{Version: OCSFVersion, CorrelationUID: run, Product: ocsfProduct{Name: "warroom", VendorName: "warroom", Version: x.Version},
				Profiles: []string{"cloud"}, ProcessedTime: x.Now.UnixMilli()},
			Cloud:      ocsfCloud{Provider: "AWS", Account: ocsfAccount{UID: f.Account, Type: "AWS Account", TypeID: 10}, Region: f.Region},
			Compliance: comp,
			FindingInfo: ocsfFindingInfo{UID: id, Title: f.Check.Title, Desc: f.Message, Types: asffTypes(f.Check),
				CreatedTime: first, FirstSeenTime: first, LastSeenTime: observed},
			Resources: []ocsfResource{{UID: f.Resource, Type: asffResourceType(f.Resource), Region: f.Region,
				CloudPartition: exportPartition(f.Resource, f.Region, x.Region)}},
			Unmapped: ocsfUnmapped{Warroom: ocsfWarroom{Check: f.CheckID, Status: f.Status, Severity: f.Check.Severity,
				Practices: nonNil(f.Check.Practices), Workload: x.Workload.Name, Actions: f.Actions, Evidence: f.Evidence}},
		}
		if f.Check.Remediation != "" {
			ev.Remediation = &ocsfRemediation{Desc: f.Check.Remediation}
		}
		events = append(events, ev)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(events); err != nil {
		return nil, fmt.Errorf("encode ocsf events: %w", err)
	}
	return b.Bytes(), nil
}

// standardsOf names the standards a check's result speaks to: the
// Well-Architected security pillar (through its practices), CIS and
// Security Hub where the check maps to them.
func standardsOf(c checks.Check) []string {
	var s []string
	if len(c.Practices) > 0 {
		s = append(s, WAStandard)
	}
	if len(c.CIS) > 0 {
		s = append(s, CISStandard)
	}
	if len(c.SecurityHub) > 0 {
		s = append(s, SecurityHubStandard)
	}
	if len(s) == 0 {
		s = []string{WAStandard}
	}
	return s
}

// requirementsOf lists the practices, CIS recommendations and Security Hub
// controls a check maps to, each prefixed by its standard:
// "AWS Well-Architected Framework Security Pillar/SEC01-BP02".
func requirementsOf(c checks.Check) []string {
	var r []string
	for _, id := range c.Practices {
		r = append(r, waRequirement(id))
	}
	for _, id := range c.CIS {
		r = append(r, cisRequirement(id))
	}
	for _, id := range c.SecurityHub {
		r = append(r, securityHubRequirement(id))
	}
	return r
}

package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom/checks"
)

// ASFFSchemaVersion is the AWS Security Finding Format version of the ASFF export.
const ASFFSchemaVersion = "2018-10-08"

// ASFF length limits that Security Hub enforces on what we fill.
const (
	ASFFMaxTitle       = 256
	ASFFMaxDescription = 1024
	ASFFMaxRemediation = 512
	// ASFFMaxProductField is the longest value of a ProductFields entry.
	ASFFMaxProductField = 2048
)

// Finding types from the ASFF types taxonomy.
const (
	asffTypeBestPractices = "Software and Configuration Checks/AWS Security Best Practices"
	asffTypeCIS           = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
)

// asffFinding is one AWS Security Finding Format finding; field names are
// ASFF's. It sets no Workflow: BatchImportFindings sets it on a new finding
// only, and Security Hub's own rules (and the customer's) manage it after.
type asffFinding struct {
	SchemaVersion         string             `json:"SchemaVersion"`
	Id                    string             `json:"Id"`
	ProductArn            string             `json:"ProductArn"`
	ProductName           string             `json:"ProductName"`
	CompanyName           string             `json:"CompanyName"`
	GeneratorId           string             `json:"GeneratorId"`
	AwsAccountId          string             `json:"AwsAccountId"`
	Types                 []string           `json:"Types"`
	FirstObservedAt       string             `json:"FirstObservedAt"`
	LastObservedAt        string             `json:"LastObservedAt"`
	CreatedAt             string             `json:"CreatedAt"`
	UpdatedAt             string             `json:"UpdatedAt"`
	Severity              asffSeverity       `json:"Severity"`
	Title                 string             `json:"Title"`
	Description           string             `json:"Description"`
	Remediation           *asffRemediation   `json:"Remediation,omitempty"`
	ProductFields         map[string]string  `json:"ProductFields"`
	Resources             []asffResource     `json:"Resources"`
	Compliance            asffCompliance     `json:"Compliance"`
	RecordState           string             `json:"RecordState"`
	FindingProviderFields asffProviderFields `json:"FindingProviderFields"`
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text"`
}

type asffResource struct {
	Type      string `json:"Type"`
	Id        string `json:"Id"`
	Partition string `json:"Partition"`
	Region    string `json:"Region,omitempty"`
}

type asffCompliance struct {
	Status              string             `json:"Status"`
	RelatedRequirements []string           `json:"RelatedRequirements,omitempty"`
	StatusReasons       []asffStatusReason `json:"StatusReasons,omitempty"`
}

type asffStatusReason struct {
	ReasonCode  string `json:"ReasonCode"`
	Description string `json:"Description"`
}

type asffProviderFields struct {
	Severity asffSeverity `json:"Severity"`
	Types    []string     `json:"Types"`
}

// ASFF renders every finding in the AWS Security Finding Format as one JSON
// array that Security Hub's BatchImportFindings accepts (in batches of at
// most 100). A finding's Id is FindingID, so importing a later run updates
// the same findings; CreatedAt and FirstObservedAt are when the id was
// first seen (x.FirstSeen), UpdatedAt and LastObservedAt when this run saw
// it. Each finding of x.Previous whose id this run no longer has where it
// looked (Gone: none when the run ended early) follows as it was, with
// RecordState ARCHIVED and UpdatedAt the run's end.
// ProductArn names x.Region, the region imported into. A finding whose
// account is not a 12-digit id is an error naming it.
func ASFF(x FindingsExport) ([]byte, error) {
	fs, err := x.prepare()
	if err != nil {
		return nil, err
	}
	if x.Region == "" {
		return nil, fmt.Errorf("asff export needs the Security Hub region the findings are imported into")
	}
	out := make([]asffFinding, 0, len(fs))
	for _, f := range fs {
		if !checks.IsAccountID(f.Account) {
			return nil, fmt.Errorf("finding %s on %q has account %q, which is not a 12-digit AWS account id; Security Hub cannot import it",
				f.CheckID, f.Resource, f.Account)
		}
		out = append(out, x.asffOf(f, "ACTIVE", f.ObservedAt))
	}
	archivedAt := x.Run.FinishedAt
	if archivedAt.IsZero() {
		archivedAt = x.Now
	}
	for _, f := range x.gone() {
		out = append(out, x.asffOf(f, "ARCHIVED", archivedAt))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("encode asff findings: %w", err)
	}
	return b.Bytes(), nil
}

// asffOf is one finding in ASFF with the record state given, updated at
// updated.
func (x FindingsExport) asffOf(f exportFinding, state string, updated time.Time) asffFinding {
	id := FindingID(f.Finding)
	label := asffSeverityLabel(f)
	first := x.firstSeen(f, id).UTC().Format(time.RFC3339)
	last := f.ObservedAt.UTC().Format(time.RFC3339)
	types := asffTypes(f.Check)
	res := asffResource{Type: asffResourceType(f.Resource), Id: f.Resource,
		Partition: exportPartition(f.Resource, f.Region, x.Region), Region: f.Region}
	if res.Type == "AwsAccount" {
		// As Security Hub names accounts in its own findings.
		res.Id = "AWS::::Account:" + f.Account
		if res.Region == "" {
			res.Region = x.Region
		}
	}
	af := asffFinding{
		SchemaVersion:   ASFFSchemaVersion,
		Id:              id,
		ProductArn:      fmt.Sprintf("arn:%s:securityhub:%s:%s:product/%s/default", checks.PartitionOf(x.Region), x.Region, f.Account, f.Account),
		ProductName:     "warroom",
		CompanyName:     "warroom",
		GeneratorId:     "warroom/" + f.CheckID,
		AwsAccountId:    f.Account,
		Types:           types,
		FirstObservedAt: first,
		LastObservedAt:  last,
		CreatedAt:       first,
		UpdatedAt:       updated.UTC().Format(time.RFC3339),
		Severity:        asffSeverity{Label: label, Original: string(f.Check.Severity)},
		Title:           exportCut(f.Check.Title, ASFFMaxTitle),
		Description:     exportCut(exportNonEmpty(f.Message, f.Check.Title), ASFFMaxDescription),
		ProductFields: map[string]string{
			"warroom/check":     f.CheckID,
			"warroom/practices": strings.Join(f.Check.Practices, ","),
			"warroom/run":       x.runID(f),
			"warroom/resource":  exportCut(f.Resource, ASFFMaxProductField),
		},
		Resources:             []asffResource{res},
		Compliance:            asffComplianceOf(f),
		RecordState:           state,
		FindingProviderFields: asffProviderFields{Severity: asffSeverity{Label: label, Original: string(f.Check.Severity)}, Types: types},
	}
	if f.Check.Remediation != "" {
		af.Remediation = &asffRemediation{Recommendation: asffRecommendation{Text: exportCut(f.Check.Remediation, ASFFMaxRemediation)}}
	}
	return af
}

// asffSeverityLabel is the check's severity in capitals; INFORMATIONAL for a pass.
func asffSeverityLabel(f exportFinding) string {
	if f.Status == checks.Pass {
		return "INFORMATIONAL"
	}
	switch f.Check.Severity {
	case checks.Critical, checks.High, checks.Medium, checks.Low:
		return strings.ToUpper(string(f.Check.Severity))
	}
	return "INFORMATIONAL"
}

// asffTypes are the finding types from the ASFF taxonomy: AWS security best
// practices, and the CIS benchmark for checks that map to it.
func asffTypes(c checks.Check) []string {
	t := []string{asffTypeBestPractices}
	if len(c.CIS) > 0 {
		t = append(t, asffTypeCIS)
	}
	return t
}

// asffComplianceOf maps a finding's status to ASFF Compliance: pass PASSED,
// fail FAILED, unknown and error NOT_AVAILABLE with a reason
// (WARROOM_ACCESS_DENIED when granting actions would let the check read
// what it needs, WARROOM_NOT_EVALUATED otherwise, WARROOM_CHECK_ERROR for
// an error). The related requirements are the CIS recommendations and the
// Security Hub controls the check maps to; SecurityControlId stays unset,
// so automation rules keyed on Security Hub's own controls leave warroom's
// findings alone.
func asffComplianceOf(f exportFinding) asffCompliance {
	c := asffCompliance{}
	for _, id := range f.Check.CIS {
		c.RelatedRequirements = append(c.RelatedRequirements, cisRequirement(id))
	}
	for _, id := range f.Check.SecurityHub {
		c.RelatedRequirements = append(c.RelatedRequirements, securityHubRequirement(id))
	}
	switch f.Status {
	case checks.Pass:
		c.Status = "PASSED"
	case checks.Fail:
		c.Status = "FAILED"
	case checks.Unknown:
		c.Status = "NOT_AVAILABLE"
		code := "WARROOM_NOT_EVALUATED"
		if len(f.Actions) > 0 {
			code = "WARROOM_ACCESS_DENIED"
		}
		c.StatusReasons = []asffStatusReason{{ReasonCode: code, Description: exportCut(unknownReason(f), ASFFMaxDescription)}}
	default:
		c.Status = "NOT_AVAILABLE"
		c.StatusReasons = []asffStatusReason{{ReasonCode: "WARROOM_CHECK_ERROR", Description: exportCut(exportNonEmpty(f.Message, "The check failed to run."), ASFFMaxDescription)}}
	}
	return c
}

// unknownReason says why a finding is unknown and, when the collector was
// denied, which actions to grant.
func unknownReason(f exportFinding) string {
	msg := exportNonEmpty(f.Message, "The check could not read what it needs.")
	if len(f.Actions) > 0 {
		msg += " Grant these actions and collect again: " + strings.Join(f.Actions, ", ") + "."
	}
	return msg
}

// asffResourceType names the ASFF resource type of a finding's resource:
// AwsAccount for resources that stand for the account or one of its
// regions (AccountLevel), the type AWS uses where the ARN or id says it
// plainly, else Other.
func asffResourceType(resource string) string {
	if AccountLevel(resource) {
		return "AwsAccount"
	}
	if !strings.HasPrefix(resource, "arn:") {
		for prefix, typ := range map[string]string{"sg-": "AwsEc2SecurityGroup", "vpc-": "AwsEc2Vpc", "acl-": "AwsEc2NetworkAcl",
			"subnet-": "AwsEc2Subnet", "i-": "AwsEc2Instance", "vol-": "AwsEc2Volume", "eni-": "AwsEc2NetworkInterface"} {
			if strings.HasPrefix(resource, prefix) {
				return typ
			}
		}
		return "Other"
	}
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) < 6 {
		return "Other"
	}
	service, rest := parts[2], parts[5]
	kind := rest
	if i := strings.IndexAny(rest, "/:"); i >= 0 {
		kind = rest[:i]
	}
	switch service + " " + kind {
	case "iam root":
		return "AwsAccount"
	case "iam user":
		return "AwsIamUser"
	case "iam role":
		return "AwsIamRole"
	case "iam policy":
		return "AwsIamPolicy"
	case "iam group":
		return "AwsIamGroup"
	case "ec2 instance":
		return "AwsEc2Instance"
	case "ec2 security-group":
		return "AwsEc2SecurityGroup"
	case "ec2 vpc":
		return "AwsEc2Vpc"
	case "ec2 subnet":
		return "AwsEc2Subnet"
	case "ec2 network-acl":
		return "AwsEc2NetworkAcl"
	case "ec2 volume":
		return "AwsEc2Volume"
	case "kms key":
		return "AwsKmsKey"
	case "rds db":
		return "AwsRdsDbInstance"
	case "rds cluster":
		return "AwsRdsDbCluster"
	case "lambda function":
		return "AwsLambdaFunction"
	case "cloudtrail trail":
		return "AwsCloudTrailTrail"
	case "dynamodb table":
		return "AwsDynamoDbTable"
	case "secretsmanager secret":
		return "AwsSecretsManagerSecret"
	case "acm certificate":
		return "AwsCertificateManagerCertificate"
	case "elasticloadbalancing loadbalancer":
		if strings.HasPrefix(rest, "loadbalancer/app/") || strings.HasPrefix(rest, "loadbalancer/net/") {
			return "AwsElbv2LoadBalancer"
		}
		return "AwsElbLoadBalancer"
	case "backup backup-vault":
		return "AwsBackupBackupVault"
	case "backup backup-plan":
		return "AwsBackupBackupPlan"
	case "cloudformation stack":
		return "AwsCloudFormationStack"
	case "codebuild project":
		return "AwsCodeBuildProject"
	}
	switch service {
	case "sns":
		return "AwsSnsTopic"
	case "sqs":
		return "AwsSqsQueue"
	}
	if service == "s3" && parts[3] == "" && parts[4] == "" && !strings.Contains(rest, "/") {
		return "AwsS3Bucket"
	}
	return "Other"
}

// exportPartition is the resource's partition: the ARN's, else the region's
// (the import region's for account-wide findings).
func exportPartition(resource, region, fallback string) string {
	if strings.HasPrefix(resource, "arn:") {
		if parts := strings.SplitN(resource, ":", 3); len(parts) == 3 {
			switch parts[1] {
			case "aws", "aws-cn", "aws-us-gov":
				return parts[1]
			}
		}
	}
	if region == "" {
		region = fallback
	}
	return checks.PartitionOf(region)
}

// exportNonEmpty is s, or alt when s is blank.
func exportNonEmpty(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

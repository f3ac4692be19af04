package checks

import (
	"sort"
	"time"
)

// InventoryVersion is the version of the Inventory JSON document.
const InventoryVersion = 1

// Inventory holds every fact a collection run gathered, per account. It is
// plain data (no SDK types) and round-trips through JSON, so checks can be
// tested on small JSON files and a run's inventory can be stored and judged again.
type Inventory struct {
	Version     int       `json:"version"`
	CollectedAt time.Time `json:"collected_at"`
	Partition   string    `json:"partition,omitempty"` // "aws", "aws-cn", "aws-us-gov"
	Accounts    []Account `json:"accounts"`
}

// Account is everything collected in one AWS account.
type Account struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"` // from Organizations, when known
	// HomeRegion is where global services were called (us-east-1 in the aws partition).
	HomeRegion string `json:"home_region,omitempty"`
	// Gaps are the reads that failed: AccessDenied, a region not enabled, a
	// service not subscribed, throttling that outlasted the retries, the deadline.
	Gaps    []Gap       `json:"gaps,omitempty"`
	Global  GlobalFacts `json:"global"`
	Regions []Region    `json:"regions"` // sorted by name; one entry per region asked for
}

// Region returns the named region of the account, or nil.
func (a *Account) Region(name string) *Region {
	for i := range a.Regions {
		if a.Regions[i].Name == name {
			return &a.Regions[i]
		}
	}
	return nil
}

// SortRegions orders the account's regions by name.
func (a *Account) SortRegions() {
	sort.Slice(a.Regions, func(i, j int) bool { return a.Regions[i].Name < a.Regions[j].Name })
}

// Gap is a read that did not succeed. Region is "" for a global service's call.
// Action "*" means every read in Region failed (an SCP denying the region, a
// region that is not enabled). Resource is set when only one resource's read
// failed; it equals the Resource a check reports for it.
type Gap struct {
	Service   string `json:"service"`
	Operation string `json:"operation"` // SDK operation, e.g. "GetBucketPolicy"
	Action    string `json:"action"`    // IAM action, e.g. "s3:GetBucketPolicy"
	Region    string `json:"region,omitempty"`
	Resource  string `json:"resource,omitempty"`
	Code      string `json:"code"` // AccessDenied, OptInRequired, SubscriptionRequired, Throttling, Timeout, Error…
	Message   string `json:"message,omitempty"`
}

// Gap codes the collector records.
const (
	GapAccessDenied   = "AccessDenied"
	GapRegionDisabled = "RegionNotEnabled"
	GapNotSubscribed  = "NotSubscribed"
	GapThrottled      = "Throttled"
	GapTimeout        = "Timeout"
	GapNoEndpoint     = "NoEndpoint" // the service has no endpoint in the region
	GapError          = "Error"
)

// ---- global (once per account) ----

// GlobalFacts holds the facts of account-wide services.
type GlobalFacts struct {
	IAM          IAM            `json:"iam"`
	Organization *Organization  `json:"organization,omitempty"` // nil: the account is not in an organization
	Contacts     []Contact      `json:"alternate_contacts,omitempty"`
	Trails       []Trail        `json:"trails,omitempty"` // every trail visible from the home region, shadow trails included
	Budgets      []Budget       `json:"budgets,omitempty"`
	S3           S3Account      `json:"s3"`
	SSOInstances []string       `json:"sso_instances,omitempty"` // IAM Identity Center instance ARNs
	Support      *SupportAccess `json:"support,omitempty"`
}

// IAM holds the account's IAM facts.
type IAM struct {
	// Summary is GetAccountSummary's map (AccountMFAEnabled, AccountAccessKeysPresent, …).
	Summary map[string]int32 `json:"summary,omitempty"`
	// RootCredentialsManaged is true when Organizations centrally manages root
	// credentials for member accounts (ListOrganizationsFeatures).
	RootCredentialsManaged bool                  `json:"root_credentials_managed,omitempty"`
	CredentialReport       []CredentialReportRow `json:"credential_report,omitempty"`
	PasswordPolicy         *PasswordPolicy       `json:"password_policy,omitempty"` // nil: none set
	// VirtualMFASerials are the serials of virtual MFA devices assigned to anyone.
	VirtualMFASerials []string `json:"virtual_mfa_serials,omitempty"`
	// RootVirtualMFASerials are the virtual MFA devices assigned to the root
	// user, whatever their names (ListVirtualMFADevices, AssignmentStatus Assigned).
	RootVirtualMFASerials []string            `json:"root_virtual_mfa_serials,omitempty"`
	Users                 []IAMUser           `json:"users,omitempty"`
	Groups                []IAMGroup          `json:"groups,omitempty"`
	Roles                 []IAMRole           `json:"roles,omitempty"`
	Policies              []IAMPolicy         `json:"policies,omitempty"` // customer-managed, and AWS-managed ones in use
	SAMLProviders         []string            `json:"saml_providers,omitempty"`
	OIDCProviders         []string            `json:"oidc_providers,omitempty"`
	ServerCertificates    []ServerCertificate `json:"server_certificates,omitempty"`
}

// CredentialReportRow is one row of the IAM credential report. The root user's
// row has User "<root_account>". Times are nil where the report says N/A.
type CredentialReportRow struct {
	User                  string     `json:"user"`
	ARN                   string     `json:"arn"`
	UserCreation          *time.Time `json:"user_creation,omitempty"`
	PasswordEnabled       bool       `json:"password_enabled"`
	PasswordLastUsed      *time.Time `json:"password_last_used,omitempty"`
	PasswordLastChanged   *time.Time `json:"password_last_changed,omitempty"`
	MFAActive             bool       `json:"mfa_active"`
	AccessKey1Active      bool       `json:"access_key_1_active"`
	AccessKey1LastRotated *time.Time `json:"access_key_1_last_rotated,omitempty"`
	AccessKey1LastUsed    *time.Time `json:"access_key_1_last_used,omitempty"`
	AccessKey2Active      bool       `json:"access_key_2_active"`
	AccessKey2LastRotated *time.Time `json:"access_key_2_last_rotated,omitempty"`
	AccessKey2LastUsed    *time.Time `json:"access_key_2_last_used,omitempty"`
}

// RootUser is the credential report's name for the root user.
const RootUser = "<root_account>"

// PasswordPolicy is the account password policy.
type PasswordPolicy struct {
	MinimumLength              int32 `json:"minimum_length"`
	RequireSymbols             bool  `json:"require_symbols"`
	RequireNumbers             bool  `json:"require_numbers"`
	RequireUppercase           bool  `json:"require_uppercase"`
	RequireLowercase           bool  `json:"require_lowercase"`
	PasswordReusePrevention    int32 `json:"password_reuse_prevention"`
	MaxPasswordAge             int32 `json:"max_password_age"`
	ExpirePasswords            bool  `json:"expire_passwords"`
	AllowUsersToChangePassword bool  `json:"allow_users_to_change_password"`
}

// IAMUser is a user from GetAccountAuthorizationDetails.
type IAMUser struct {
	Name             string   `json:"name"`
	ARN              string   `json:"arn"`
	Groups           []string `json:"groups,omitempty"`
	AttachedPolicies []string `json:"attached_policies,omitempty"` // policy ARNs
	InlinePolicies   []Inline `json:"inline_policies,omitempty"`
}

// IAMGroup is a group from GetAccountAuthorizationDetails.
type IAMGroup struct {
	Name             string   `json:"name"`
	ARN              string   `json:"arn"`
	AttachedPolicies []string `json:"attached_policies,omitempty"`
	InlinePolicies   []Inline `json:"inline_policies,omitempty"`
}

// IAMRole is a role from GetAccountAuthorizationDetails.
type IAMRole struct {
	Name             string     `json:"name"`
	ARN              string     `json:"arn"`
	Path             string     `json:"path,omitempty"`
	Created          *time.Time `json:"created,omitempty"`
	LastUsed         *time.Time `json:"last_used,omitempty"`
	TrustPolicy      string     `json:"trust_policy,omitempty"` // JSON, URL-decoded
	AttachedPolicies []string   `json:"attached_policies,omitempty"`
	InlinePolicies   []Inline   `json:"inline_policies,omitempty"`
	Tags             Tags       `json:"tags,omitempty"`
}

// Inline is an inline policy: its name and JSON document (URL-decoded).
type Inline struct {
	Name     string `json:"name"`
	Document string `json:"document"`
}

// IAMPolicy is a managed policy with its default version's document.
type IAMPolicy struct {
	Name            string `json:"name"`
	ARN             string `json:"arn"`
	AWSManaged      bool   `json:"aws_managed,omitempty"`
	AttachmentCount int32  `json:"attachment_count"`
	Document        string `json:"document,omitempty"` // JSON, URL-decoded
}

// ServerCertificate is a certificate stored in IAM.
type ServerCertificate struct {
	Name       string     `json:"name"`
	ARN        string     `json:"arn"`
	Expiration *time.Time `json:"expiration,omitempty"`
}

// Organization is the organization the account belongs to.
type Organization struct {
	ID              string `json:"id"`
	ARN             string `json:"arn,omitempty"`
	ManagementAcct  string `json:"management_account"`
	FeatureSet      string `json:"feature_set,omitempty"` // ALL or CONSOLIDATED_BILLING
	IsManagementAcc bool   `json:"is_management_account,omitempty"`
	// SCPs are the service control policies in force on the account: attached
	// to it, to its OUs or to the root. Needs management or delegated-admin access.
	SCPs []PolicySummary `json:"scps,omitempty"`
	// DelegatedAdmins maps a service principal to its delegated admin account.
	DelegatedAdmins map[string]string `json:"delegated_admins,omitempty"`
	TagPolicies     []PolicySummary   `json:"tag_policies,omitempty"`
}

// PolicySummary names an Organizations policy and where it is attached.
type PolicySummary struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	AWSManaged bool   `json:"aws_managed,omitempty"`
	Target     string `json:"target,omitempty"` // account, OU or root id it was found on
}

// Contact is an alternate contact of the account. Names and addresses are
// people's contact details, not secrets.
type Contact struct {
	Type  string `json:"type"` // SECURITY, BILLING, OPERATIONS
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// SupportAccess says who holds the AWSSupportAccess policy.
type SupportAccess struct {
	Roles  []string `json:"roles,omitempty"`
	Users  []string `json:"users,omitempty"`
	Groups []string `json:"groups,omitempty"`
}

// Trail is a CloudTrail trail and its status, read in its home region.
type Trail struct {
	Name                string `json:"name"`
	ARN                 string `json:"arn"`
	HomeRegion          string `json:"home_region"`
	MultiRegion         bool   `json:"multi_region"`
	Organization        bool   `json:"organization,omitempty"`
	LogFileValidation   bool   `json:"log_file_validation"`
	KMSKeyID            string `json:"kms_key_id,omitempty"`
	S3Bucket            string `json:"s3_bucket,omitempty"`
	CloudWatchLogGroup  string `json:"cloudwatch_log_group_arn,omitempty"`
	IsLogging           *bool  `json:"is_logging,omitempty"`            // nil: status unread
	ManagementReadWrite string `json:"management_read_write,omitempty"` // All, ReadOnly, WriteOnly, "" none
	ManagementEvents    bool   `json:"management_events"`
	S3DataEvents        bool   `json:"s3_data_events,omitempty"`
	LatestDeliveryError string `json:"latest_delivery_error,omitempty"`
	OwnedByOtherAccount bool   `json:"owned_by_other_account,omitempty"`
}

// Budget is an AWS Budgets budget with its notification count.
type Budget struct {
	Name          string `json:"name"`
	Type          string `json:"type"` // COST, USAGE, …
	Notifications int    `json:"notifications"`
	Subscribers   int    `json:"subscribers"`
}

// S3Account holds S3 facts listed once per account.
type S3Account struct {
	// PublicAccessBlock is the account-level setting; nil when none is configured.
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block,omitempty"`
	Buckets           []Bucket           `json:"buckets,omitempty"`
}

// PublicAccessBlock is an S3 Block Public Access configuration.
type PublicAccessBlock struct {
	BlockPublicACLs       bool `json:"block_public_acls"`
	IgnorePublicACLs      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// All reports whether all four settings are on.
func (p *PublicAccessBlock) All() bool {
	return p != nil && p.BlockPublicACLs && p.IgnorePublicACLs && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// Bucket is an S3 bucket; per-bucket reads went to its own region.
type Bucket struct {
	Name              string             `json:"name"`
	ARN               string             `json:"arn"` // arn:aws:s3:::name
	Region            string             `json:"region"`
	Created           *time.Time         `json:"created,omitempty"`
	PolicyPublic      bool               `json:"policy_public"`                 // GetBucketPolicyStatus
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block,omitempty"` // bucket level; nil: none
	ACLPublicGrants   []string           `json:"acl_public_grants,omitempty"`   // permissions granted to AllUsers/AuthenticatedUsers
	Policy            string             `json:"policy,omitempty"`              // bucket policy JSON
	Versioning        string             `json:"versioning,omitempty"`          // Enabled, Suspended, "" never enabled
	MFADelete         bool               `json:"mfa_delete,omitempty"`
	ObjectLock        bool               `json:"object_lock,omitempty"`
	LoggingTarget     string             `json:"logging_target,omitempty"` // "" logging off
	Encryption        string             `json:"encryption,omitempty"`     // AES256, aws:kms, aws:kms:dsse, "" none
	LifecycleRules    int                `json:"lifecycle_rules"`
	Tags              Tags               `json:"tags,omitempty"`
}

// ---- regional ----

// Region holds the facts of one account's region.
type Region struct {
	Name string `json:"name"`

	AccessAnalyzers    []Analyzer          `json:"access_analyzers,omitempty"`
	ConfigRecorders    []ConfigRecorder    `json:"config_recorders,omitempty"`
	DeliveryChannels   int                 `json:"delivery_channels,omitempty"`
	GuardDuty          []Detector          `json:"guardduty_detectors,omitempty"`
	SecurityHub        *SecurityHub        `json:"security_hub,omitempty"` // nil: not enabled
	Inspector          *Inspector          `json:"inspector,omitempty"`    // nil: status unread
	Macie              string              `json:"macie,omitempty"`        // ENABLED, PAUSED, "" not enabled
	MetricFilters      []MetricFilter      `json:"metric_filters,omitempty"`
	Alarms             []Alarm             `json:"alarms,omitempty"`
	TopicSubscriptions map[string]int      `json:"topic_subscriptions,omitempty"` // SNS topic ARN → confirmed subscriptions
	EventRules         []EventRule         `json:"event_rules,omitempty"`
	EC2                EC2                 `json:"ec2"`
	SSMInstances       []ManagedInstance   `json:"ssm_instances,omitempty"`
	SSMDocuments       []string            `json:"ssm_documents,omitempty"` // self-owned Automation documents
	PatchCompliance    []ComplianceSummary `json:"patch_compliance,omitempty"`
	KMSKeys            []KMSKey            `json:"kms_keys,omitempty"`
	DBInstances        []DBInstance        `json:"db_instances,omitempty"`
	DBClusters         []DBCluster         `json:"db_clusters,omitempty"`
	DBSnapshots        []DBSnapshot        `json:"db_snapshots,omitempty"` // manual snapshots, instance and cluster
	DynamoDBTables     []DynamoDBTable     `json:"dynamodb_tables,omitempty"`
	Secrets            []Secret            `json:"secrets,omitempty"`
	Certificates       []Certificate       `json:"certificates,omitempty"`
	LoadBalancers      []LoadBalancer      `json:"load_balancers,omitempty"`
	Functions          []Function          `json:"lambda_functions,omitempty"`
	BackupPlans        []BackupPlan        `json:"backup_plans,omitempty"`
	BackupVaults       []BackupVault       `json:"backup_vaults,omitempty"`
	RecoveryPoints     []RecoveryPoint     `json:"recovery_points,omitempty"`
	ProtectedResources []ProtectedResource `json:"protected_resources,omitempty"`
	RestoreTestPlans   []string            `json:"restore_testing_plans,omitempty"`
	Stacks             []Stack             `json:"stacks,omitempty"`

	// ---- added for codebuild.plaintext-creds and ram.external-shares (types at the end of this file) ----

	CodeBuildProjects []CodeBuildProject `json:"codebuild_projects,omitempty"`
	ResourceShares    []ResourceShare    `json:"resource_shares,omitempty"` // RAM shares the account owns, DELETED ones left out

	// ---- added for wafv2.edge-protection (type at the end of this file) ----

	WebACLs []WebACL `json:"web_acls,omitempty"` // AWS WAF web ACLs of REGIONAL scope
}

// Tags are a resource's tags.
type Tags map[string]string

// Analyzer is an IAM Access Analyzer analyzer.
type Analyzer struct {
	Name   string `json:"name"`
	ARN    string `json:"arn"`
	Type   string `json:"type"`   // ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, …
	Status string `json:"status"` // ACTIVE, CREATING, DISABLED, FAILED
}

// ConfigRecorder is an AWS Config recorder with its status.
type ConfigRecorder struct {
	Name          string `json:"name"`
	AllSupported  bool   `json:"all_supported"`
	Recording     bool   `json:"recording"`
	LastStatus    string `json:"last_status,omitempty"` // SUCCESS, FAILURE, PENDING
	ResourceTypes int    `json:"resource_types,omitempty"`
}

// Detector is a GuardDuty detector.
type Detector struct {
	ID     string `json:"id"`
	Status string `json:"status"` // ENABLED, DISABLED
}

// SecurityHub is an enabled Security Hub hub.
type SecurityHub struct {
	HubARN    string   `json:"hub_arn"`
	Standards []string `json:"standards,omitempty"` // enabled standards' ARNs
}

// Inspector is the Amazon Inspector scan status of the account in the region.
type Inspector struct {
	EC2    string `json:"ec2"` // ENABLED, DISABLED, …
	ECR    string `json:"ecr"`
	Lambda string `json:"lambda"`
}

// MetricFilter is a CloudWatch Logs metric filter.
type MetricFilter struct {
	Name            string `json:"name"`
	LogGroup        string `json:"log_group"`
	Pattern         string `json:"pattern"`
	MetricName      string `json:"metric_name"`
	MetricNamespace string `json:"metric_namespace"`
}

// Alarm is a CloudWatch metric alarm.
type Alarm struct {
	Name         string   `json:"name"`
	ARN          string   `json:"arn,omitempty"`
	MetricName   string   `json:"metric_name"`
	Namespace    string   `json:"namespace"`
	ActionsOn    bool     `json:"actions_enabled"`
	AlarmActions []string `json:"alarm_actions,omitempty"`
}

// EventRule is an EventBridge rule on the default bus, with its target count.
type EventRule struct {
	Name         string `json:"name"`
	ARN          string `json:"arn,omitempty"`
	State        string `json:"state"` // ENABLED, DISABLED
	EventPattern string `json:"event_pattern,omitempty"`
	Targets      int    `json:"targets"`
}

// EC2 holds a region's EC2 and VPC facts.
type EC2 struct {
	EBSDefaultEncryption *bool               `json:"ebs_default_encryption,omitempty"` // nil: unread
	SnapshotBlockPublic  string              `json:"snapshot_block_public_access,omitempty"`
	Instances            []Instance          `json:"instances,omitempty"`
	SecurityGroups       []SecurityGroup     `json:"security_groups,omitempty"`
	SecurityGroupRules   []SecurityGroupRule `json:"security_group_rules,omitempty"`
	NetworkACLs          []NetworkACL        `json:"network_acls,omitempty"`
	VPCs                 []VPC               `json:"vpcs,omitempty"`
	FlowLogs             []FlowLog           `json:"flow_logs,omitempty"`
	Volumes              []Volume            `json:"volumes,omitempty"`
	Snapshots            []Snapshot          `json:"snapshots,omitempty"`        // owned by the account
	PublicSnapshots      []string            `json:"public_snapshots,omitempty"` // ids restorable by all
}

// Instance is an EC2 instance.
type Instance struct {
	ID         string     `json:"id"`
	ARN        string     `json:"arn,omitempty"`
	State      string     `json:"state"` // running, stopped, …
	HTTPTokens string     `json:"http_tokens,omitempty"`
	MetadataOn bool       `json:"metadata_enabled"`
	PublicIP   string     `json:"public_ip,omitempty"`
	ImageID    string     `json:"image_id,omitempty"`
	LaunchTime *time.Time `json:"launch_time,omitempty"`
	Profile    string     `json:"instance_profile,omitempty"`
	Tags       Tags       `json:"tags,omitempty"`
}

// SecurityGroup is an EC2 security group.
type SecurityGroup struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	VPCID string `json:"vpc_id,omitempty"`
}

// SecurityGroupRule is one rule from DescribeSecurityGroupRules. Protocol "-1"
// means all; ports are -1 for all when the protocol has none.
type SecurityGroupRule struct {
	ID       string `json:"id"`
	GroupID  string `json:"group_id"`
	Egress   bool   `json:"egress"`
	Protocol string `json:"protocol"`
	FromPort int32  `json:"from_port"`
	ToPort   int32  `json:"to_port"`
	CIDRv4   string `json:"cidr_ipv4,omitempty"`
	CIDRv6   string `json:"cidr_ipv6,omitempty"`
	PrefixID string `json:"prefix_list_id,omitempty"`
	Group    string `json:"referenced_group,omitempty"`
}

// NetworkACL is a VPC network ACL with its entries.
type NetworkACL struct {
	ID        string      `json:"id"`
	VPCID     string      `json:"vpc_id"`
	IsDefault bool        `json:"is_default"`
	Subnets   int         `json:"subnets"`
	Entries   []NACLEntry `json:"entries,omitempty"`
}

// NACLEntry is one network ACL rule. Protocol "-1" means all.
type NACLEntry struct {
	RuleNumber int32  `json:"rule_number"`
	Egress     bool   `json:"egress"`
	Protocol   string `json:"protocol"`
	Action     string `json:"action"` // allow, deny
	CIDRv4     string `json:"cidr_ipv4,omitempty"`
	CIDRv6     string `json:"cidr_ipv6,omitempty"`
	FromPort   int32  `json:"from_port"`
	ToPort     int32  `json:"to_port"`
}

// VPC is a virtual private cloud.
type VPC struct {
	ID        string `json:"id"`
	IsDefault bool   `json:"is_default"`
	CIDR      string `json:"cidr,omitempty"`
}

// FlowLog is a VPC flow log.
type FlowLog struct {
	ID         string `json:"id"`
	ResourceID string `json:"resource_id"`
	Status     string `json:"status"` // ACTIVE
}

// Volume is an EBS volume.
type Volume struct {
	ID        string   `json:"id"`
	Encrypted bool     `json:"encrypted"`
	State     string   `json:"state"` // in-use, available
	Attached  []string `json:"attached_to,omitempty"`
}

// Snapshot is an EBS snapshot owned by the account.
type Snapshot struct {
	ID        string     `json:"id"`
	Encrypted bool       `json:"encrypted"`
	Started   *time.Time `json:"started,omitempty"`
}

// ManagedInstance is a Systems Manager managed node.
type ManagedInstance struct {
	ID         string `json:"id"`
	PingStatus string `json:"ping_status"` // Online, ConnectionLost, Inactive
}

// ComplianceSummary is one resource's Systems Manager patch compliance.
type ComplianceSummary struct {
	ResourceID string `json:"resource_id"`
	Status     string `json:"status"` // COMPLIANT, NON_COMPLIANT
}

// KMSKey is a KMS key with its metadata and rotation status.
type KMSKey struct {
	ID              string     `json:"id"`
	ARN             string     `json:"arn"`
	Manager         string     `json:"manager"`                    // CUSTOMER, AWS
	State           string     `json:"state"`                      // Enabled, Disabled, PendingDeletion, …
	Spec            string     `json:"spec"`                       // SYMMETRIC_DEFAULT, …
	Origin          string     `json:"origin"`                     // AWS_KMS, EXTERNAL, …
	RotationEnabled *bool      `json:"rotation_enabled,omitempty"` // nil: not applicable or unread
	DeletionDate    *time.Time `json:"deletion_date,omitempty"`
	Policy          string     `json:"policy,omitempty"` // the default key policy JSON
	Aliases         []string   `json:"aliases,omitempty"`
}

// DBInstance is an RDS DB instance.
type DBInstance struct {
	ID                 string `json:"id"`
	ARN                string `json:"arn"`
	Engine             string `json:"engine"`
	Cluster            string `json:"cluster,omitempty"`
	Encrypted          bool   `json:"encrypted"`
	Public             bool   `json:"publicly_accessible"`
	DeletionProtection bool   `json:"deletion_protection"`
	BackupRetention    int32  `json:"backup_retention_days"`
	IAMAuth            bool   `json:"iam_auth"`
	Tags               Tags   `json:"tags,omitempty"`
}

// DBCluster is an Aurora or Multi-AZ DB cluster.
type DBCluster struct {
	ID                 string `json:"id"`
	ARN                string `json:"arn"`
	Engine             string `json:"engine"`
	Encrypted          bool   `json:"encrypted"`
	DeletionProtection bool   `json:"deletion_protection"`
	BackupRetention    int32  `json:"backup_retention_days"`
	IAMAuth            bool   `json:"iam_auth"`
	Tags               Tags   `json:"tags,omitempty"`
}

// DBSnapshot is a manual RDS snapshot (instance or cluster).
type DBSnapshot struct {
	ID         string   `json:"id"`
	ARN        string   `json:"arn"`
	Cluster    bool     `json:"cluster,omitempty"`
	Encrypted  bool     `json:"encrypted"`
	Public     bool     `json:"public"` // the restore attribute includes "all"
	SharedWith []string `json:"shared_with,omitempty"`
}

// DynamoDBTable is a DynamoDB table with its continuous-backup status.
type DynamoDBTable struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	PITR string `json:"pitr"` // ENABLED, DISABLED
}

// Secret is a Secrets Manager secret's metadata. The value is never read.
type Secret struct {
	Name            string     `json:"name"`
	ARN             string     `json:"arn"`
	RotationEnabled bool       `json:"rotation_enabled"`
	RotationDays    int64      `json:"rotation_days,omitempty"`
	LastRotated     *time.Time `json:"last_rotated,omitempty"`
	LastAccessed    *time.Time `json:"last_accessed,omitempty"`
	Created         *time.Time `json:"created,omitempty"`
}

// Certificate is an ACM certificate.
type Certificate struct {
	ARN      string     `json:"arn"`
	Domain   string     `json:"domain"`
	Status   string     `json:"status"` // ISSUED, EXPIRED, FAILED, PENDING_VALIDATION, …
	NotAfter *time.Time `json:"not_after,omitempty"`
	InUse    bool       `json:"in_use"`
	Type     string     `json:"type,omitempty"` // AMAZON_ISSUED, IMPORTED
}

// LoadBalancer is an Elastic Load Balancing v2 load balancer with its listeners.
type LoadBalancer struct {
	Name      string     `json:"name"`
	ARN       string     `json:"arn"`
	Type      string     `json:"type"`   // application, network, gateway
	Scheme    string     `json:"scheme"` // internet-facing, internal
	Listeners []Listener `json:"listeners,omitempty"`
}

// Listener is a load balancer listener.
type Listener struct {
	ARN       string `json:"arn"`
	Port      int32  `json:"port"`
	Protocol  string `json:"protocol"` // HTTP, HTTPS, TCP, TLS, UDP, …
	SSLPolicy string `json:"ssl_policy,omitempty"`
	// RedirectsToHTTPS is true when the default action redirects to HTTPS.
	RedirectsToHTTPS bool `json:"redirects_to_https,omitempty"`
}

// Function is a Lambda function.
type Function struct {
	Name        string   `json:"name"`
	ARN         string   `json:"arn"`
	Runtime     string   `json:"runtime,omitempty"`
	EnvVarNames []string `json:"env_var_names,omitempty"`  // names only: values are never kept
	Policy      string   `json:"policy,omitempty"`         // resource policy JSON; "" none
	URLAuth     []string `json:"url_auth_types,omitempty"` // function URL auth types (NONE, AWS_IAM)
	CodeSigning string   `json:"code_signing_config,omitempty"`
}

// BackupPlan is an AWS Backup plan.
type BackupPlan struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ARN        string `json:"arn,omitempty"`
	Rules      int    `json:"rules"`
	Selections int    `json:"selections"`
}

// BackupVault is an AWS Backup vault.
type BackupVault struct {
	Name           string `json:"name"`
	ARN            string `json:"arn"`
	Locked         bool   `json:"locked"`
	Type           string `json:"type,omitempty"` // BACKUP_VAULT, LOGICALLY_AIR_GAPPED_BACKUP_VAULT
	RecoveryPoints int64  `json:"recovery_points"`
	MinRetention   int64  `json:"min_retention_days,omitempty"`
}

// RecoveryPoint is an AWS Backup recovery point.
type RecoveryPoint struct {
	ARN          string     `json:"arn"`
	Vault        string     `json:"vault"`
	ResourceARN  string     `json:"resource_arn"`
	ResourceType string     `json:"resource_type"`
	Status       string     `json:"status"` // COMPLETED, PARTIAL, EXPIRED, DELETING
	Created      *time.Time `json:"created,omitempty"`
	Completed    *time.Time `json:"completed,omitempty"`
	SizeBytes    int64      `json:"size_bytes"`
}

// ProtectedResource is a resource AWS Backup has backed up.
type ProtectedResource struct {
	ARN        string     `json:"arn"`
	Type       string     `json:"type"`
	LastBackup *time.Time `json:"last_backup,omitempty"`
}

// Stack is a CloudFormation stack with its stored drift information.
type Stack struct {
	Name           string     `json:"name"`
	ID             string     `json:"id"`
	Status         string     `json:"status"`
	DriftStatus    string     `json:"drift_status"` // DRIFTED, IN_SYNC, NOT_CHECKED, UNKNOWN
	LastDriftCheck *time.Time `json:"last_drift_check,omitempty"`
}

// ---- added for codebuild.plaintext-creds and ram.external-shares ----

// CodeBuildProject is a CodeBuild build project. Environment variable values
// are never kept: only the names of PLAINTEXT ones.
type CodeBuildProject struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// PlaintextEnvNames are the names of the project's environment variables
	// of type PLAINTEXT (not PARAMETER_STORE or SECRETS_MANAGER), sorted.
	PlaintextEnvNames []string `json:"plaintext_env_names,omitempty"`
	Privileged        bool     `json:"privileged,omitempty"` // the build container runs in privileged mode
}

// ResourceShare is an AWS RAM resource share owned by the account.
type ResourceShare struct {
	Name   string `json:"name"`
	ARN    string `json:"arn"`
	Status string `json:"status"` // PENDING, ACTIVE, FAILED, DELETING
	// AllowExternalPrincipals is true when the share may include principals
	// outside the account's organization.
	AllowExternalPrincipals bool `json:"allow_external_principals"`
}

// ---- added for wafv2.edge-protection ----

// WebACL is an AWS WAF web ACL of REGIONAL scope (CloudFront's global web ACLs
// are not collected).
type WebACL struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Resources are the ARNs of the application load balancers the web ACL
	// is associated with.
	Resources []string `json:"resources,omitempty"`
}

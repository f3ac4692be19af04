package collect

import (
	"context"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(s3control.ServiceID,
		op{"GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock", "reads account-level Block Public Access for s3.account-public-access-block"},
	)
	allow(s3.ServiceID,
		op{"ListBuckets", "s3:ListAllMyBuckets", "lists buckets and their regions for every s3.* check"},
		op{"GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", "reads whether a bucket policy is public for s3.bucket-public and cloudtrail.bucket-public"},
		op{"GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", "reads bucket-level Block Public Access for s3.bucket-public and cloudtrail.bucket-public"},
		op{"GetBucketAcl", "s3:GetBucketAcl", "finds ACL grants to everyone for s3.bucket-public and cloudtrail.bucket-public"},
		op{"GetBucketPolicy", "s3:GetBucketPolicy", "reads the bucket policy for s3.secure-transport"},
		op{"GetBucketVersioning", "s3:GetBucketVersioning", "reads versioning and MFA delete for s3.versioning and s3.mfa-delete"},
		op{"GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", "reads Object Lock for s3.versioning"},
		op{"GetBucketLogging", "s3:GetBucketLogging", "reads server access logging for s3.access-logging"},
		op{"GetBucketEncryption", "s3:GetEncryptionConfiguration", "reads default encryption for s3.default-encryption"},
		op{"GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration", "counts lifecycle rules for s3.lifecycle"},
		op{"GetBucketTagging", "s3:GetBucketTagging", "reads bucket tags to tell what data a bucket holds"},
	)
	register(service{Name: "s3", ID: s3.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readS3(ctx, j, s3control.NewFromConfig(j.Cfg, accountHostForCustomEndpoint), func(region string) s3API {
			cfg := j.Cfg.Copy()
			cfg.Region = region
			return s3.NewFromConfig(cfg, pathStyleForCustomEndpoint)
		})
	}})
}

// s3controlAPI is the part of the S3 Control client warroom calls: reads only.
type s3controlAPI interface {
	GetPublicAccessBlock(context.Context, *s3control.GetPublicAccessBlockInput, ...func(*s3control.Options)) (*s3control.GetPublicAccessBlockOutput, error)
}

// pathStyleForCustomEndpoint addresses buckets by path when S3 is reached
// through an endpoint of the user's choosing (AWS_ENDPOINT_URL, a profile's
// endpoint_url): AWS-compatible stores rarely serve bucket-named host names.
func pathStyleForCustomEndpoint(o *s3.Options) {
	if o.BaseEndpoint != nil {
		o.UsePathStyle = true
	}
}

// accountHostForCustomEndpoint keeps S3 Control calls on the endpoint's own
// host when the user chose the endpoint: the SDK's rules put the account id in
// front of the host name ("111122223333.127.0.0.1:4566"), which resolves only
// on AWS. The account id still travels in the x-amz-account-id header.
func accountHostForCustomEndpoint(o *s3control.Options) {
	if o.BaseEndpoint == nil {
		return
	}
	base := o.EndpointResolverV2
	if base == nil {
		base = s3control.NewDefaultEndpointResolverV2()
	}
	o.EndpointResolverV2 = accountlessHost{base}
}

// accountlessHost strips the account id prefix the S3 Control endpoint rules
// add to the host name.
type accountlessHost struct{ base s3control.EndpointResolverV2 }

// ResolveEndpoint resolves with the SDK's rules, then drops "<account>." from the host.
func (r accountlessHost) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.base.ResolveEndpoint(ctx, p)
	if err == nil && p.AccountId != nil {
		ep.URI.Host = strings.TrimPrefix(ep.URI.Host, *p.AccountId+".")
	}
	return ep, err
}

// s3API is the part of the S3 client warroom calls: bucket settings only,
// never objects.
type s3API interface {
	s3.ListBucketsAPIClient
	GetBucketPolicyStatus(context.Context, *s3.GetBucketPolicyStatusInput, ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error)
	GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	GetBucketAcl(context.Context, *s3.GetBucketAclInput, ...func(*s3.Options)) (*s3.GetBucketAclOutput, error)
	GetBucketPolicy(context.Context, *s3.GetBucketPolicyInput, ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
	GetBucketVersioning(context.Context, *s3.GetBucketVersioningInput, ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	GetObjectLockConfiguration(context.Context, *s3.GetObjectLockConfigurationInput, ...func(*s3.Options)) (*s3.GetObjectLockConfigurationOutput, error)
	GetBucketLogging(context.Context, *s3.GetBucketLoggingInput, ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error)
	GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error)
	GetBucketLifecycleConfiguration(context.Context, *s3.GetBucketLifecycleConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketLifecycleConfigurationOutput, error)
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
}

// Grantee group URIs that make an ACL grant public.
const (
	allUsersURI           = "http://acs.amazonaws.com/groups/global/AllUsers"
	authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// readS3 fills Global.S3: the account's Block Public Access setting and every
// bucket with its settings, each read through a client for the bucket's own
// region (clientFor). A failed bucket read is a gap on the bucket's ARN; the
// bucket's other settings are still read.
func readS3(ctx context.Context, j *job, ctl s3controlAPI, clientFor func(region string) s3API) {
	out, err := ctl.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(j.Account.ID)})
	switch {
	case err == nil:
		if c := out.PublicAccessBlockConfiguration; c != nil {
			j.Account.Global.S3.PublicAccessBlock = &checks.PublicAccessBlock{
				BlockPublicACLs:       aws.ToBool(c.BlockPublicAcls),
				IgnorePublicACLs:      aws.ToBool(c.IgnorePublicAcls),
				BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
				RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
			}
		}
	case !hasCode(err, "NoSuchPublicAccessBlockConfiguration"):
		j.fail(err, "")
	}

	// ListBuckets is a global operation: it goes to the home region.
	home := clientFor(j.Region)
	var buckets []checks.Bucket
	p := s3.NewListBucketsPaginator(home, &s3.ListBucketsInput{}, func(o *s3.ListBucketsPaginatorOptions) { o.Limit = 1000 })
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *s3.ListBucketsOutput) {
		for _, b := range page.Buckets {
			name := aws.ToString(b.Name)
			region := aws.ToString(b.BucketRegion)
			if region == "" {
				region = j.Region
			}
			buckets = append(buckets, checks.Bucket{
				Name:    name,
				ARN:     "arn:" + checks.PartitionOf(j.Region) + ":s3:::" + name,
				Region:  region,
				Created: utcPtr(b.CreationDate),
			})
		}
	}) {
		return
	}
	clients := map[string]s3API{j.Region: home}
	for _, b := range buckets {
		if clients[b.Region] == nil {
			clients[b.Region] = clientFor(b.Region)
		}
	}
	forEach(len(buckets), func(i int) {
		readBucket(ctx, clients[buckets[i].Region], j, &buckets[i])
	})
	sort.Slice(buckets, func(a, b int) bool { return buckets[a].Name < buckets[b].Name })
	j.Account.Global.S3.Buckets = buckets
}

// readBucket reads one bucket's settings. "Not configured" answers are facts;
// other failures are gaps on the bucket's ARN and the next setting is read.
func readBucket(ctx context.Context, api s3API, j *job, b *checks.Bucket) {
	name := aws.String(b.Name)
	failed := func(err error, notConfigured ...string) bool {
		if err == nil {
			return false
		}
		if len(notConfigured) == 0 || !hasCode(err, notConfigured...) {
			j.fail(err, b.ARN)
		}
		return true
	}

	reads := []func(){
		func() {
			if out, err := api.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: name}); !failed(err, "NoSuchBucketPolicy") {
				b.PolicyPublic = out.PolicyStatus != nil && aws.ToBool(out.PolicyStatus.IsPublic)
			}
		},
		func() {
			if out, err := api.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: name}); !failed(err, "NoSuchPublicAccessBlockConfiguration") {
				if c := out.PublicAccessBlockConfiguration; c != nil {
					b.PublicAccessBlock = &checks.PublicAccessBlock{
						BlockPublicACLs:       aws.ToBool(c.BlockPublicAcls),
						IgnorePublicACLs:      aws.ToBool(c.IgnorePublicAcls),
						BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
						RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
					}
				}
			}
		},
		func() {
			if out, err := api.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: name}); !failed(err) {
				b.ACLPublicGrants = publicGrants(out.Grants)
			}
		},
		func() {
			if out, err := api.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: name}); !failed(err, "NoSuchBucketPolicy") {
				b.Policy = aws.ToString(out.Policy)
			}
		},
		func() {
			if out, err := api.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: name}); !failed(err) {
				b.Versioning = string(out.Status)
				b.MFADelete = out.MFADelete == s3types.MFADeleteStatusEnabled
			}
		},
		func() {
			if out, err := api.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: name}); !failed(err, "ObjectLockConfigurationNotFoundError") {
				b.ObjectLock = out.ObjectLockConfiguration != nil && out.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
			}
		},
		func() {
			if out, err := api.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: name}); !failed(err) {
				if out.LoggingEnabled != nil {
					b.LoggingTarget = aws.ToString(out.LoggingEnabled.TargetBucket)
				}
			}
		},
		func() {
			if out, err := api.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: name}); !failed(err, "ServerSideEncryptionConfigurationNotFoundError") {
				if c := out.ServerSideEncryptionConfiguration; c != nil {
					for _, r := range c.Rules {
						if r.ApplyServerSideEncryptionByDefault != nil {
							b.Encryption = string(r.ApplyServerSideEncryptionByDefault.SSEAlgorithm)
							break
						}
					}
				}
			}
		},
		func() {
			if out, err := api.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: name}); !failed(err, "NoSuchLifecycleConfiguration") {
				b.LifecycleRules = len(out.Rules)
			}
		},
		func() {
			if out, err := api.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: name}); !failed(err, "NoSuchTagSet") {
				b.Tags = tagsOf(out.TagSet, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value })
			}
		},
	}
	forEach(len(reads), func(i int) { reads[i]() })
}

// publicGrants returns the permissions an ACL grants to everyone or to every
// AWS user, sorted and without repeats.
func publicGrants(grants []s3types.Grant) []string {
	set := map[string]bool{}
	for _, g := range grants {
		if g.Grantee == nil {
			continue
		}
		if u := aws.ToString(g.Grantee.URI); u == allUsersURI || u == authenticatedUsersURI {
			set[string(g.Permission)] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

package collect

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/warroom/warroom/checks"
)

// fakeS3Control is a hand-written s3controlAPI.
type fakeS3Control struct {
	pab func(*s3control.GetPublicAccessBlockInput) (*s3control.GetPublicAccessBlockOutput, error)
}

var _ s3controlAPI = (*fakeS3Control)(nil)

func (f *fakeS3Control) GetPublicAccessBlock(_ context.Context, in *s3control.GetPublicAccessBlockInput, _ ...func(*s3control.Options)) (*s3control.GetPublicAccessBlockOutput, error) {
	return f.pab(in)
}

// fakeS3 is a hand-written s3API for one region. Each bucket read answers
// from the per-bucket func, or the "not configured" error when it is nil.
type fakeS3 struct {
	region        string
	calls         *bCalls
	list          func(*s3.ListBucketsInput) (*s3.ListBucketsOutput, error)
	policyStatus  func(bucket string) (*s3.GetBucketPolicyStatusOutput, error)
	pab           func(bucket string) (*s3.GetPublicAccessBlockOutput, error)
	acl           func(bucket string) (*s3.GetBucketAclOutput, error)
	policy        func(bucket string) (*s3.GetBucketPolicyOutput, error)
	versioning    func(bucket string) (*s3.GetBucketVersioningOutput, error)
	objectLock    func(bucket string) (*s3.GetObjectLockConfigurationOutput, error)
	logging       func(bucket string) (*s3.GetBucketLoggingOutput, error)
	encryption    func(bucket string) (*s3.GetBucketEncryptionOutput, error)
	lifecycle     func(bucket string) (*s3.GetBucketLifecycleConfigurationOutput, error)
	tagging       func(bucket string) (*s3.GetBucketTaggingOutput, error)
	notConfigured bool // nil funcs answer the "not configured" code instead of an empty output
}

var _ s3API = (*fakeS3)(nil)

func (f *fakeS3) note(op string, bucket *string) {
	if f.calls != nil {
		f.calls.add(f.region + " " + op + " " + aws.ToString(bucket))
	}
}

func s3Answer[T any](f *fakeS3, fn func(string) (*T, error), bucket *string, op, code string) (*T, error) {
	f.note(op, bucket)
	if fn != nil {
		return fn(aws.ToString(bucket))
	}
	if f.notConfigured && code != "" {
		return nil, aErr(s3.ServiceID, op, code)
	}
	return new(T), nil
}

func (f *fakeS3) ListBuckets(_ context.Context, in *s3.ListBucketsInput, _ ...func(*s3.Options)) (*s3.ListBucketsOutput, error) {
	f.note("ListBuckets", nil)
	return f.list(in)
}

func (f *fakeS3) GetBucketPolicyStatus(_ context.Context, in *s3.GetBucketPolicyStatusInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error) {
	return s3Answer(f, f.policyStatus, in.Bucket, "GetBucketPolicyStatus", "NoSuchBucketPolicy")
}

func (f *fakeS3) GetPublicAccessBlock(_ context.Context, in *s3.GetPublicAccessBlockInput, _ ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	return s3Answer(f, f.pab, in.Bucket, "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration")
}

func (f *fakeS3) GetBucketAcl(_ context.Context, in *s3.GetBucketAclInput, _ ...func(*s3.Options)) (*s3.GetBucketAclOutput, error) {
	return s3Answer(f, f.acl, in.Bucket, "GetBucketAcl", "")
}

func (f *fakeS3) GetBucketPolicy(_ context.Context, in *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	return s3Answer(f, f.policy, in.Bucket, "GetBucketPolicy", "NoSuchBucketPolicy")
}

func (f *fakeS3) GetBucketVersioning(_ context.Context, in *s3.GetBucketVersioningInput, _ ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error) {
	return s3Answer(f, f.versioning, in.Bucket, "GetBucketVersioning", "")
}

func (f *fakeS3) GetObjectLockConfiguration(_ context.Context, in *s3.GetObjectLockConfigurationInput, _ ...func(*s3.Options)) (*s3.GetObjectLockConfigurationOutput, error) {
	return s3Answer(f, f.objectLock, in.Bucket, "GetObjectLockConfiguration", "ObjectLockConfigurationNotFoundError")
}

func (f *fakeS3) GetBucketLogging(_ context.Context, in *s3.GetBucketLoggingInput, _ ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error) {
	return s3Answer(f, f.logging, in.Bucket, "GetBucketLogging", "")
}

func (f *fakeS3) GetBucketEncryption(_ context.Context, in *s3.GetBucketEncryptionInput, _ ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error) {
	return s3Answer(f, f.encryption, in.Bucket, "GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError")
}

func (f *fakeS3) GetBucketLifecycleConfiguration(_ context.Context, in *s3.GetBucketLifecycleConfigurationInput, _ ...func(*s3.Options)) (*s3.GetBucketLifecycleConfigurationOutput, error) {
	return s3Answer(f, f.lifecycle, in.Bucket, "GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration")
}

func (f *fakeS3) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return s3Answer(f, f.tagging, in.Bucket, "GetBucketTagging", "NoSuchTagSet")
}

func TestReadS3(t *testing.T) {
	created := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	calls := &bCalls{}
	var listLimits []int32
	// "locked-down" (us-east-1) has every setting; "bare" (eu-west-1) has
	// none configured; "denied" (eu-west-1) refuses its policy read.
	configured := &fakeS3{
		policyStatus: func(string) (*s3.GetBucketPolicyStatusOutput, error) {
			return &s3.GetBucketPolicyStatusOutput{PolicyStatus: &types.PolicyStatus{IsPublic: aws.Bool(true)}}, nil
		},
		pab: func(string) (*s3.GetPublicAccessBlockOutput, error) {
			return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(true),
			}}, nil
		},
		acl: func(string) (*s3.GetBucketAclOutput, error) {
			return &s3.GetBucketAclOutput{Grants: []types.Grant{
				{Grantee: &types.Grantee{Type: types.TypeCanonicalUser, ID: aws.String("owner")}, Permission: types.PermissionFullControl},
				{Grantee: &types.Grantee{Type: types.TypeGroup, URI: aws.String(allUsersURI)}, Permission: types.PermissionRead},
				{Grantee: &types.Grantee{Type: types.TypeGroup, URI: aws.String(authenticatedUsersURI)}, Permission: types.PermissionWrite},
				{Grantee: &types.Grantee{Type: types.TypeGroup, URI: aws.String(allUsersURI)}, Permission: types.PermissionRead},
				{Grantee: &types.Grantee{Type: types.TypeGroup, URI: aws.String("http://acs.amazonaws.com/groups/s3/LogDelivery")}, Permission: types.PermissionWrite},
			}}, nil
		},
		policy: func(string) (*s3.GetBucketPolicyOutput, error) {
			return &s3.GetBucketPolicyOutput{Policy: aws.String(`{"Statement":[]}`)}, nil
		},
		versioning: func(string) (*s3.GetBucketVersioningOutput, error) {
			return &s3.GetBucketVersioningOutput{Status: types.BucketVersioningStatusEnabled, MFADelete: types.MFADeleteStatusEnabled}, nil
		},
		objectLock: func(string) (*s3.GetObjectLockConfigurationOutput, error) {
			return &s3.GetObjectLockConfigurationOutput{ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}}, nil
		},
		logging: func(string) (*s3.GetBucketLoggingOutput, error) {
			return &s3.GetBucketLoggingOutput{LoggingEnabled: &types.LoggingEnabled{TargetBucket: aws.String("access-logs")}}, nil
		},
		encryption: func(string) (*s3.GetBucketEncryptionOutput, error) {
			return &s3.GetBucketEncryptionOutput{ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{Rules: []types.ServerSideEncryptionRule{
				{ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAwsKms}},
			}}}, nil
		},
		lifecycle: func(string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
			return &s3.GetBucketLifecycleConfigurationOutput{Rules: []types.LifecycleRule{{}, {}}}, nil
		},
		tagging: func(string) (*s3.GetBucketTaggingOutput, error) {
			return &s3.GetBucketTaggingOutput{TagSet: []types.Tag{{Key: aws.String("data-class"), Value: aws.String("confidential")}}}, nil
		},
	}
	clientFor := func(region string) s3API {
		f := &fakeS3{region: region, calls: calls, notConfigured: true}
		switch region {
		case "us-east-1":
			*f = *configured
			f.region, f.calls = region, calls
			f.list = func(in *s3.ListBucketsInput) (*s3.ListBucketsOutput, error) {
				listLimits = append(listLimits, aws.ToInt32(in.MaxBuckets))
				i := aPageIndex(in.ContinuationToken)
				page := [][]types.Bucket{
					{{Name: aws.String("locked-down"), BucketRegion: aws.String("us-east-1"), CreationDate: &created}},
					{{Name: aws.String("bare"), BucketRegion: aws.String("eu-west-1")}, {Name: aws.String("denied"), BucketRegion: aws.String("eu-west-1")}},
				}[i]
				return &s3.ListBucketsOutput{Buckets: page, ContinuationToken: aNext(i, 2)}, nil
			}
		case "eu-west-1":
			f.policy = func(b string) (*s3.GetBucketPolicyOutput, error) {
				if b == "denied" {
					return nil, aErr(s3.ServiceID, "GetBucketPolicy", "AccessDenied")
				}
				return nil, aErr(s3.ServiceID, "GetBucketPolicy", "NoSuchBucketPolicy")
			}
		}
		return f
	}
	ctl := &fakeS3Control{pab: func(in *s3control.GetPublicAccessBlockInput) (*s3control.GetPublicAccessBlockOutput, error) {
		if aws.ToString(in.AccountId) != aAccount {
			t.Errorf("account id = %q", aws.ToString(in.AccountId))
		}
		return &s3control.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &ctltypes.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
		}}, nil
	}}
	j := aJob(t, "us-east-1", true)
	readS3(context.Background(), j, ctl, clientFor)

	got := j.Account.Global.S3
	if !got.PublicAccessBlock.All() {
		t.Errorf("account public access block = %+v", got.PublicAccessBlock)
	}
	want := []checks.Bucket{
		{Name: "bare", ARN: "arn:aws:s3:::bare", Region: "eu-west-1"},
		{Name: "denied", ARN: "arn:aws:s3:::denied", Region: "eu-west-1"},
		{
			Name: "locked-down", ARN: "arn:aws:s3:::locked-down", Region: "us-east-1", Created: &created,
			PolicyPublic:      true,
			PublicAccessBlock: &checks.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, RestrictPublicBuckets: true},
			ACLPublicGrants:   []string{"READ", "WRITE"},
			Policy:            `{"Statement":[]}`,
			Versioning:        "Enabled", MFADelete: true, ObjectLock: true,
			LoggingTarget: "access-logs", Encryption: "aws:kms", LifecycleRules: 2,
			Tags: checks.Tags{"data-class": "confidential"},
		},
	}
	if !reflect.DeepEqual(got.Buckets, want) {
		t.Errorf("buckets:\n got %+v\nwant %+v", got.Buckets, want)
	}
	wantGaps := []aGap{{"S3", "GetBucketPolicy", "s3:GetBucketPolicy", "", "arn:aws:s3:::denied", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps = %+v, want %+v", g, wantGaps)
	}
	// Each bucket's reads went to its own region; the listing to the home region, paged.
	perRegion := map[string]int{}
	for _, c := range calls.sorted() {
		perRegion[c[:9]]++
	}
	if want := map[string]int{"us-east-1": 2 + 10, "eu-west-1": 2 * 10}; !reflect.DeepEqual(perRegion, want) {
		t.Errorf("calls per region = %v, want %v", perRegion, want)
	}
	if len(listLimits) != 2 || listLimits[0] == 0 {
		t.Errorf("ListBuckets page sizes = %v, want two bounded pages", listLimits)
	}
}

func TestReadS3_accountNotConfiguredAndListDenied(t *testing.T) {
	ctl := &fakeS3Control{pab: func(*s3control.GetPublicAccessBlockInput) (*s3control.GetPublicAccessBlockOutput, error) {
		return nil, aErr(s3control.ServiceID, "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration")
	}}
	j := aJob(t, "us-east-1", true)
	readS3(context.Background(), j, ctl, func(region string) s3API {
		return &fakeS3{region: region, list: func(*s3.ListBucketsInput) (*s3.ListBucketsOutput, error) {
			return nil, aErr(s3.ServiceID, "ListBuckets", "AccessDenied")
		}}
	})
	if s := j.Account.Global.S3; s.PublicAccessBlock != nil || s.Buckets != nil {
		t.Errorf("S3 = %+v", s)
	}
	want := []aGap{{"S3", "ListBuckets", "s3:ListAllMyBuckets", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

func TestReadS3_accountBlockDenied(t *testing.T) {
	ctl := &fakeS3Control{pab: func(*s3control.GetPublicAccessBlockInput) (*s3control.GetPublicAccessBlockOutput, error) {
		return nil, aErr(s3control.ServiceID, "GetPublicAccessBlock", "AccessDenied")
	}}
	j := aJob(t, "us-east-1", true)
	readS3(context.Background(), j, ctl, func(region string) s3API {
		return &fakeS3{region: region, list: func(*s3.ListBucketsInput) (*s3.ListBucketsOutput, error) {
			return &s3.ListBucketsOutput{}, nil
		}}
	})
	want := []aGap{{"S3 Control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

// Test_pathStyleForCustomEndpoint: through AWS_ENDPOINT_URL buckets are
// addressed by path; against AWS itself they keep virtual-host addressing.
func Test_pathStyleForCustomEndpoint(t *testing.T) {
	for _, tt := range []struct {
		endpoint string
		want     bool
	}{{"", false}, {"http://127.0.0.1:4566", true}} {
		wIsolate(t)
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
		t.Setenv("AWS_ENDPOINT_URL", tt.endpoint)
		cfg, err := LoadConfig(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		if got := s3.NewFromConfig(cfg, pathStyleForCustomEndpoint).Options().UsePathStyle; got != tt.want {
			t.Errorf("AWS_ENDPOINT_URL=%q: path style = %v, want %v", tt.endpoint, got, tt.want)
		}
	}
}

// hostRecorder is an HTTP client that records the host of each request and
// answers none of them.
type hostRecorder struct{ hosts []string }

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) {
	h.hosts = append(h.hosts, r.URL.Host)
	return nil, errors.New("recorded")
}

// Test_accountHostForCustomEndpoint: behind AWS_ENDPOINT_URL, S3 Control
// calls go to the endpoint's own host, not "<account>.<host>" (which does not
// resolve); against AWS the account prefix stays.
func Test_accountHostForCustomEndpoint(t *testing.T) {
	for _, tt := range []struct {
		endpoint, want string
	}{
		{"http://127.0.0.1:4566", "127.0.0.1:4566"},
		{"", "111122223333.s3-control.eu-west-1.amazonaws.com"},
	} {
		wIsolate(t)
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
		t.Setenv("AWS_REGION", "eu-west-1")
		t.Setenv("AWS_ENDPOINT_URL", tt.endpoint)
		cfg, err := LoadConfig(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		rec := &hostRecorder{}
		cfg.HTTPClient = rec
		cfg.RetryMaxAttempts = 1
		c := s3control.NewFromConfig(cfg, accountHostForCustomEndpoint, func(o *s3control.Options) { o.Retryer = aws.NopRetryer{} })
		_, _ = c.GetPublicAccessBlock(context.Background(), &s3control.GetPublicAccessBlockInput{AccountId: aws.String("111122223333")})
		if len(rec.hosts) != 1 || rec.hosts[0] != tt.want {
			t.Errorf("AWS_ENDPOINT_URL=%q: request hosts %v, want [%s]", tt.endpoint, rec.hosts, tt.want)
		}
	}
}

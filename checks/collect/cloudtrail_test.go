package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/warroom/warroom/checks"
)

// fakeCloudTrail is a hand-written cloudtrailAPI for one region.
type fakeCloudTrail struct {
	region    string
	calls     *bCalls
	trails    func() (*cloudtrail.DescribeTrailsOutput, error)
	status    func(name string) (*cloudtrail.GetTrailStatusOutput, error)
	selectors func(name string) (*cloudtrail.GetEventSelectorsOutput, error)
}

var _ cloudtrailAPI = (*fakeCloudTrail)(nil)

func (f *fakeCloudTrail) DescribeTrails(_ context.Context, in *cloudtrail.DescribeTrailsInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error) {
	f.calls.add(f.region + " DescribeTrails shadow=" + map[bool]string{true: "yes", false: "no"}[aws.ToBool(in.IncludeShadowTrails)])
	return f.trails()
}

func (f *fakeCloudTrail) GetTrailStatus(_ context.Context, in *cloudtrail.GetTrailStatusInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error) {
	f.calls.add(f.region + " GetTrailStatus " + aws.ToString(in.Name))
	return f.status(aws.ToString(in.Name))
}

func (f *fakeCloudTrail) GetEventSelectors(_ context.Context, in *cloudtrail.GetEventSelectorsInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.GetEventSelectorsOutput, error) {
	f.calls.add(f.region + " GetEventSelectors " + aws.ToString(in.TrailName))
	return f.selectors(aws.ToString(in.TrailName))
}

func TestReadCloudTrail(t *testing.T) {
	const (
		own   = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main"
		org   = "arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail"
		local = "arn:aws:cloudtrail:us-east-1:123456789012:trail/local"
	)
	calls := &bCalls{}
	clientFor := func(region string) cloudtrailAPI {
		return &fakeCloudTrail{
			region: region, calls: calls,
			trails: func() (*cloudtrail.DescribeTrailsOutput, error) {
				return &cloudtrail.DescribeTrailsOutput{TrailList: []types.Trail{
					{Name: aws.String("main"), TrailARN: aws.String(own), HomeRegion: aws.String("eu-west-1"), IsMultiRegionTrail: aws.Bool(true),
						LogFileValidationEnabled: aws.Bool(true), KmsKeyId: aws.String("arn:aws:kms:eu-west-1:123456789012:key/k"),
						S3BucketName: aws.String("trail-logs"), CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:eu-west-1:123456789012:log-group:ct:*")},
					{Name: aws.String("org-trail"), TrailARN: aws.String(org), HomeRegion: aws.String("us-east-1"), IsMultiRegionTrail: aws.Bool(true),
						IsOrganizationTrail: aws.Bool(true), S3BucketName: aws.String("org-logs")},
					{Name: aws.String("local"), TrailARN: aws.String(local), HomeRegion: aws.String("us-east-1")},
				}}, nil
			},
			status: func(name string) (*cloudtrail.GetTrailStatusOutput, error) {
				switch name {
				case org:
					return nil, aErr(cloudtrail.ServiceID, "GetTrailStatus", "TrailNotFoundException")
				case local:
					return &cloudtrail.GetTrailStatusOutput{IsLogging: aws.Bool(false), LatestDeliveryError: aws.String("AccessDenied")}, nil
				}
				return &cloudtrail.GetTrailStatusOutput{IsLogging: aws.Bool(true)}, nil
			},
			selectors: func(name string) (*cloudtrail.GetEventSelectorsOutput, error) {
				switch name {
				case org:
					return nil, aErr(cloudtrail.ServiceID, "GetEventSelectors", "AccessDeniedException")
				case local:
					return &cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{IncludeManagementEvents: aws.Bool(false)}}}, nil
				}
				return &cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{
					ReadWriteType: types.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(true),
				}}}, nil
			},
		}
	}
	j := aJob(t, "us-east-1", true)
	readCloudTrail(context.Background(), j, clientFor)

	yes, no := true, false
	want := []checks.Trail{
		{Name: "main", ARN: own, HomeRegion: "eu-west-1", MultiRegion: true, LogFileValidation: true,
			KMSKeyID: "arn:aws:kms:eu-west-1:123456789012:key/k", S3Bucket: "trail-logs",
			CloudWatchLogGroup: "arn:aws:logs:eu-west-1:123456789012:log-group:ct:*",
			IsLogging:          &yes, ManagementReadWrite: "All", ManagementEvents: true},
		{Name: "org-trail", ARN: org, HomeRegion: "us-east-1", MultiRegion: true, Organization: true, S3Bucket: "org-logs", OwnedByOtherAccount: true},
		{Name: "local", ARN: local, HomeRegion: "us-east-1", IsLogging: &no, LatestDeliveryError: "AccessDenied"},
	}
	if got := j.Account.Global.Trails; !reflect.DeepEqual(got, want) {
		t.Errorf("trails:\n got %+v\nwant %+v", got, want)
	}
	wantGaps := []aGap{
		{"CloudTrail", "GetEventSelectors", "cloudtrail:GetEventSelectors", "", org, checks.GapAccessDenied},
		{"CloudTrail", "GetTrailStatus", "cloudtrail:GetTrailStatus", "", org, checks.GapError},
	}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps:\n got %+v\nwant %+v", g, wantGaps)
	}
	wantCalls := []string{
		"eu-west-1 GetEventSelectors " + own,
		"eu-west-1 GetTrailStatus " + own,
		"us-east-1 DescribeTrails shadow=yes",
		"us-east-1 GetEventSelectors " + local,
		"us-east-1 GetEventSelectors " + org,
		"us-east-1 GetTrailStatus " + local,
		"us-east-1 GetTrailStatus " + org,
	}
	if got := calls.sorted(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls:\n got %v\nwant %v", got, wantCalls)
	}
}

func TestReadCloudTrail_listDenied(t *testing.T) {
	j := aJob(t, "us-east-1", true)
	readCloudTrail(context.Background(), j, func(region string) cloudtrailAPI {
		return &fakeCloudTrail{region: region, calls: &bCalls{}, trails: func() (*cloudtrail.DescribeTrailsOutput, error) {
			return nil, aErr(cloudtrail.ServiceID, "DescribeTrails", "AccessDeniedException")
		}}
	})
	if tr := j.Account.Global.Trails; tr != nil {
		t.Errorf("trails = %+v", tr)
	}
	want := []aGap{{"CloudTrail", "DescribeTrails", "cloudtrail:DescribeTrails", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}

func TestEventSelectorFacts(t *testing.T) {
	field := func(name string, equals ...string) types.AdvancedFieldSelector {
		return types.AdvancedFieldSelector{Field: aws.String(name), Equals: equals}
	}
	tests := []struct {
		name       string
		out        cloudtrail.GetEventSelectorsOutput
		wantRW     string
		wantMgmt   bool
		wantS3Data bool
	}{
		{"none", cloudtrail.GetEventSelectorsOutput{}, "", false, false},
		{"basic default", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{}}}, "All", true, false},
		{"basic write only with S3 data", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{
			ReadWriteType: types.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true),
			DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}},
		}}}, "WriteOnly", true, true},
		{"basic read only and write only make all", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{
			{ReadWriteType: types.ReadWriteTypeReadOnly}, {ReadWriteType: types.ReadWriteTypeWriteOnly},
		}}, "All", true, false},
		{"basic data only", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{
			IncludeManagementEvents: aws.Bool(false),
			DataResources:           []types.DataResource{{Type: aws.String("AWS::Lambda::Function")}},
		}}}, "", false, false},
		{"advanced management all", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{
			FieldSelectors: []types.AdvancedFieldSelector{field("eventCategory", "Management")},
		}}}, "All", true, false},
		{"advanced management read only", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{
			FieldSelectors: []types.AdvancedFieldSelector{field("eventCategory", "Management"), field("readOnly", "true")},
		}}}, "ReadOnly", true, false},
		{"advanced management not read only", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{
			FieldSelectors: []types.AdvancedFieldSelector{field("eventCategory", "Management"), {Field: aws.String("readOnly"), NotEquals: []string{"true"}}},
		}}}, "WriteOnly", true, false},
		{"advanced S3 data", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{
			FieldSelectors: []types.AdvancedFieldSelector{field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object")},
		}}}, "", false, true},
		{"advanced other data", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{
			FieldSelectors: []types.AdvancedFieldSelector{field("eventCategory", "Data"), field("resources.type", "AWS::DynamoDB::Table")},
		}}}, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rw, mgmt, s3 := eventSelectorFacts(&tt.out)
			if rw != tt.wantRW || mgmt != tt.wantMgmt || s3 != tt.wantS3Data {
				t.Errorf("got (%q, %v, %v), want (%q, %v, %v)", rw, mgmt, s3, tt.wantRW, tt.wantMgmt, tt.wantS3Data)
			}
		})
	}
}

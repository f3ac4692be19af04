package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/warroom/warroom/checks"
)

// fakeConfigService is a hand-written configserviceAPI.
type fakeConfigService struct {
	recorders func() (*configservice.DescribeConfigurationRecordersOutput, error)
	status    func() (*configservice.DescribeConfigurationRecorderStatusOutput, error)
	channels  func() (*configservice.DescribeDeliveryChannelsOutput, error)
}

var _ configserviceAPI = (*fakeConfigService)(nil)

func (f *fakeConfigService) DescribeConfigurationRecorders(context.Context, *configservice.DescribeConfigurationRecordersInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecordersOutput, error) {
	return f.recorders()
}

func (f *fakeConfigService) DescribeConfigurationRecorderStatus(context.Context, *configservice.DescribeConfigurationRecorderStatusInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
	return f.status()
}

func (f *fakeConfigService) DescribeDeliveryChannels(context.Context, *configservice.DescribeDeliveryChannelsInput, ...func(*configservice.Options)) (*configservice.DescribeDeliveryChannelsOutput, error) {
	return f.channels()
}

func TestReadConfigService(t *testing.T) {
	recorders := func() (*configservice.DescribeConfigurationRecordersOutput, error) {
		return &configservice.DescribeConfigurationRecordersOutput{ConfigurationRecorders: []types.ConfigurationRecorder{
			{Name: aws.String("default"), RecordingGroup: &types.RecordingGroup{AllSupported: true}},
			{Name: aws.String("partial"), RecordingGroup: &types.RecordingGroup{ResourceTypes: []types.ResourceType{"AWS::S3::Bucket", "AWS::IAM::Role"}}},
		}}, nil
	}
	channels := func() (*configservice.DescribeDeliveryChannelsOutput, error) {
		return &configservice.DescribeDeliveryChannelsOutput{DeliveryChannels: []types.DeliveryChannel{{Name: aws.String("default")}}}, nil
	}
	tests := []struct {
		name      string
		api       *fakeConfigService
		want      []checks.ConfigRecorder
		channels  int
		wantGaps  []aGap
		noRecords bool
	}{
		{
			name: "recording",
			api: &fakeConfigService{recorders: recorders, channels: channels, status: func() (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
				return &configservice.DescribeConfigurationRecorderStatusOutput{ConfigurationRecordersStatus: []types.ConfigurationRecorderStatus{
					{Name: aws.String("default"), Recording: true, LastStatus: types.RecorderStatusSuccess},
					{Name: aws.String("partial"), Recording: false, LastStatus: types.RecorderStatusFailure},
				}}, nil
			}},
			want: []checks.ConfigRecorder{
				{Name: "default", AllSupported: true, Recording: true, LastStatus: "SUCCESS"},
				{Name: "partial", ResourceTypes: 2, LastStatus: "FAILURE"},
			},
			channels: 1,
			wantGaps: []aGap{},
		},
		{
			name: "status denied keeps the recorders",
			api: &fakeConfigService{recorders: recorders, channels: channels, status: func() (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
				return nil, aErr(configservice.ServiceID, "DescribeConfigurationRecorderStatus", "AccessDeniedException")
			}},
			want:     []checks.ConfigRecorder{{Name: "default", AllSupported: true}, {Name: "partial", ResourceTypes: 2}},
			channels: 1,
			wantGaps: []aGap{{"Config Service", "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus", "eu-west-1", "", checks.GapAccessDenied}},
		},
		{
			name: "no recorder",
			api: &fakeConfigService{
				recorders: func() (*configservice.DescribeConfigurationRecordersOutput, error) {
					return &configservice.DescribeConfigurationRecordersOutput{}, nil
				},
				channels: func() (*configservice.DescribeDeliveryChannelsOutput, error) {
					return nil, aErr(configservice.ServiceID, "DescribeDeliveryChannels", "AccessDeniedException")
				},
				status: func() (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
					t.Error("status asked with no recorder")
					return nil, nil
				},
			},
			wantGaps: []aGap{{"Config Service", "DescribeDeliveryChannels", "config:DescribeDeliveryChannels", "eu-west-1", "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := aJob(t, "eu-west-1", false)
			readConfigService(context.Background(), tt.api, j)
			if !reflect.DeepEqual(j.Facts.ConfigRecorders, tt.want) {
				t.Errorf("recorders = %+v, want %+v", j.Facts.ConfigRecorders, tt.want)
			}
			if j.Facts.DeliveryChannels != tt.channels {
				t.Errorf("delivery channels = %d, want %d", j.Facts.DeliveryChannels, tt.channels)
			}
			if g := aGaps(j); !reflect.DeepEqual(g, tt.wantGaps) {
				t.Errorf("gaps = %+v, want %+v", g, tt.wantGaps)
			}
		})
	}
}

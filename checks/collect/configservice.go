package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(configservice.ServiceID,
		op{"DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders", "lists recorders and what they record for config.recorder"},
		op{"DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus", "reads whether each recorder is recording for config.recorder"},
		op{"DescribeDeliveryChannels", "config:DescribeDeliveryChannels", "counts delivery channels for config.recorder"},
	)
	register(service{Name: "config", ID: configservice.ServiceID, Collect: func(ctx context.Context, j *job) {
		readConfigService(ctx, configservice.NewFromConfig(j.Cfg), j)
	}})
}

// configserviceAPI is the part of the AWS Config client warroom calls: reads only.
type configserviceAPI interface {
	DescribeConfigurationRecorders(context.Context, *configservice.DescribeConfigurationRecordersInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecordersOutput, error)
	DescribeConfigurationRecorderStatus(context.Context, *configservice.DescribeConfigurationRecorderStatusInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecorderStatusOutput, error)
	DescribeDeliveryChannels(context.Context, *configservice.DescribeDeliveryChannelsInput, ...func(*configservice.Options)) (*configservice.DescribeDeliveryChannelsOutput, error)
}

// readConfigService fills the region's ConfigRecorders (with their status)
// and DeliveryChannels. A failed status read keeps the recorders with a gap.
func readConfigService(ctx context.Context, api configserviceAPI, j *job) {
	if out, err := api.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{}); err != nil {
		j.fail(err, "")
	} else {
		j.Facts.DeliveryChannels = len(out.DeliveryChannels)
	}
	recs, err := api.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		j.fail(err, "")
		return
	}
	var out []checks.ConfigRecorder
	for _, r := range recs.ConfigurationRecorders {
		c := checks.ConfigRecorder{Name: aws.ToString(r.Name)}
		if g := r.RecordingGroup; g != nil {
			c.AllSupported = g.AllSupported
			c.ResourceTypes = len(g.ResourceTypes)
		}
		out = append(out, c)
	}
	if len(out) > 0 {
		st, err := api.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
		if err != nil {
			j.fail(err, "")
		} else {
			for _, s := range st.ConfigurationRecordersStatus {
				for i := range out {
					if out[i].Name == aws.ToString(s.Name) {
						out[i].Recording = s.Recording
						out[i].LastStatus = recorderStatus(s.LastStatus)
					}
				}
			}
		}
	}
	j.Facts.ConfigRecorders = out
}

// recorderStatus spells a recorder's last status as the inventory does
// (SUCCESS, FAILURE, PENDING); the API answers Success, Failure, Pending.
func recorderStatus(s types.RecorderStatus) string {
	if s == types.RecorderStatusNotApplicable {
		return "NOT_APPLICABLE"
	}
	return strings.ToUpper(string(s))
}

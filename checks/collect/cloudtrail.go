package collect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(cloudtrail.ServiceID,
		op{"DescribeTrails", "cloudtrail:DescribeTrails", "lists trails (shadow and organization trails included) for cloudtrail.multi-region, cloudtrail.log-validation, cloudtrail.kms, cloudtrail.bucket-public"},
		op{"GetTrailStatus", "cloudtrail:GetTrailStatus", "reads whether each trail is logging for cloudtrail.multi-region"},
		op{"GetEventSelectors", "cloudtrail:GetEventSelectors", "reads which events each trail records for cloudtrail.multi-region and cloudtrail.s3-data-events"},
	)
	register(service{Name: "cloudtrail", ID: cloudtrail.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readCloudTrail(ctx, j, func(region string) cloudtrailAPI {
			cfg := j.Cfg.Copy()
			cfg.Region = region
			return cloudtrail.NewFromConfig(cfg)
		})
	}})
}

// cloudtrailAPI is the part of the CloudTrail client warroom calls: reads only.
type cloudtrailAPI interface {
	DescribeTrails(context.Context, *cloudtrail.DescribeTrailsInput, ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error)
	GetTrailStatus(context.Context, *cloudtrail.GetTrailStatusInput, ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error)
	GetEventSelectors(context.Context, *cloudtrail.GetEventSelectorsInput, ...func(*cloudtrail.Options)) (*cloudtrail.GetEventSelectorsOutput, error)
}

// readCloudTrail fills Global.Trails. Trails are listed once in the home
// region; each trail's status and event selectors are read in the trail's own
// home region through clientFor. A per-trail failure is a gap on the trail's ARN.
func readCloudTrail(ctx context.Context, j *job, clientFor func(region string) cloudtrailAPI) {
	home := clientFor(j.Region)
	out, err := home.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		j.fail(err, "")
		return
	}
	var trails []checks.Trail
	seen := map[string]bool{}
	for _, t := range out.TrailList {
		arn := aws.ToString(t.TrailARN)
		if seen[arn] {
			continue
		}
		seen[arn] = true
		region := aws.ToString(t.HomeRegion)
		if region == "" {
			region = j.Region
		}
		trails = append(trails, checks.Trail{
			Name:                aws.ToString(t.Name),
			ARN:                 arn,
			HomeRegion:          region,
			MultiRegion:         aws.ToBool(t.IsMultiRegionTrail),
			Organization:        aws.ToBool(t.IsOrganizationTrail),
			LogFileValidation:   aws.ToBool(t.LogFileValidationEnabled),
			KMSKeyID:            aws.ToString(t.KmsKeyId),
			S3Bucket:            aws.ToString(t.S3BucketName),
			CloudWatchLogGroup:  aws.ToString(t.CloudWatchLogsLogGroupArn),
			OwnedByOtherAccount: arnAccount(arn) != "" && arnAccount(arn) != j.Account.ID,
		})
	}
	// One client per home region, made before the concurrent reads.
	clients := map[string]cloudtrailAPI{j.Region: home}
	for _, t := range trails {
		if clients[t.HomeRegion] == nil {
			clients[t.HomeRegion] = clientFor(t.HomeRegion)
		}
	}
	forEach(len(trails), func(i int) {
		t := &trails[i]
		api := clients[t.HomeRegion]
		st, err := api.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(t.ARN)})
		if err != nil {
			j.fail(err, t.ARN)
		} else {
			logging := aws.ToBool(st.IsLogging)
			t.IsLogging = &logging
			t.LatestDeliveryError = aws.ToString(st.LatestDeliveryError)
		}
		sel, err := api.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(t.ARN)})
		if err != nil {
			j.fail(err, t.ARN)
			return
		}
		t.ManagementReadWrite, t.ManagementEvents, t.S3DataEvents = eventSelectorFacts(sel)
	})
	j.Account.Global.Trails = trails
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// eventSelectorFacts sums up a trail's basic or advanced event selectors:
// which management events it records (All, ReadOnly, WriteOnly or "") and
// whether it records S3 object-level data events.
func eventSelectorFacts(out *cloudtrail.GetEventSelectorsOutput) (readWrite string, management, s3Data bool) {
	var read, write bool
	for _, s := range out.EventSelectors {
		if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
			switch s.ReadWriteType {
			case types.ReadWriteTypeReadOnly:
				read = true
			case types.ReadWriteTypeWriteOnly:
				write = true
			default:
				read, write = true, true
			}
		}
		for _, d := range s.DataResources {
			if aws.ToString(d.Type) == "AWS::S3::Object" {
				s3Data = true
			}
		}
	}
	for _, s := range out.AdvancedEventSelectors {
		var category, readOnly, resourceType *types.AdvancedFieldSelector
		for i := range s.FieldSelectors {
			f := &s.FieldSelectors[i]
			switch aws.ToString(f.Field) {
			case "eventCategory":
				category = f
			case "readOnly":
				readOnly = f
			case "resources.type":
				resourceType = f
			}
		}
		if category == nil {
			continue
		}
		switch {
		case slices.Contains(category.Equals, "Management"):
			r, w := true, true
			if readOnly != nil {
				r = slices.Contains(readOnly.Equals, "true") || slices.Contains(readOnly.NotEquals, "false")
				w = slices.Contains(readOnly.Equals, "false") || slices.Contains(readOnly.NotEquals, "true")
			}
			read, write = read || r, write || w
		case slices.Contains(category.Equals, "Data"):
			if resourceType != nil && slices.Contains(resourceType.Equals, "AWS::S3::Object") {
				s3Data = true
			}
		}
	}
	switch {
	case read && write:
		readWrite = "All"
	case read:
		readWrite = "ReadOnly"
	case write:
		readWrite = "WriteOnly"
	}
	return readWrite, read || write, s3Data
}

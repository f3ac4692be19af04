package checks

import (
	"fmt"
	"strings"
)

func init() {
	register(Check{
		ID: "config.recorder", Title: "AWS Config records all resources in the region", Service: "config",
		Scope: Regional, Severity: High, Practices: []string{"SEC04-BP01", "SEC04-BP04"},
		Needs:       []string{"config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus", "config:DescribeDeliveryChannels"},
		Risk:        "Without a configuration history you cannot tell what a resource looked like before an incident or detect drift from your baseline.",
		Remediation: "Set up a Config recorder for all supported resource types in every region you use, with a delivery channel, and keep it recording.",
		CIS:         []string{"3.3"},
		SecurityHub: []string{"Config.1"},
		Eval:        configRecorder,
	})
}

func configRecorder(v View) []Result {
	res := svcUnit("config", v)
	recs := v.Region.ConfigRecorders
	channels := v.Region.DeliveryChannels
	if len(recs) == 0 {
		return []Result{{Resource: res, Status: Fail, Evidence: map[string]any{"recorders": 0, "delivery_channels": channels},
			Message: fmt.Sprintf("Region %s of account %s has no AWS Config recorder.", v.Region.Name, v.Account.ID)}}
	}
	var why []string
	for _, r := range recs {
		ev := map[string]any{"recorder": r.Name, "recording": r.Recording, "last_status": r.LastStatus, "all_supported": r.AllSupported, "delivery_channels": channels}
		var short []string
		if !r.Recording {
			short = append(short, "not recording")
		}
		if r.LastStatus != "" && r.LastStatus != "SUCCESS" {
			short = append(short, "last status "+r.LastStatus)
		}
		if !r.AllSupported {
			short = append(short, fmt.Sprintf("records only %s", plural(r.ResourceTypes, "resource type", "resource types")))
		}
		if len(short) == 0 {
			if channels == 0 {
				return []Result{{Resource: res, Status: Fail, Evidence: ev,
					Message: fmt.Sprintf("AWS Config recorder %s records all supported resources in region %s of account %s, but the region has no delivery channel, so nothing it records is delivered.", r.Name, v.Region.Name, v.Account.ID)}}
			}
			return []Result{{Resource: res, Status: Pass, Evidence: ev,
				Message: fmt.Sprintf("AWS Config recorder %s records all supported resources in region %s of account %s and delivers to %s.", r.Name, v.Region.Name, v.Account.ID, plural(channels, "delivery channel", "delivery channels"))}}
		}
		why = append(why, r.Name+": "+strings.Join(short, ", "))
	}
	msg := fmt.Sprintf("AWS Config in region %s of account %s is not recording all resources (%s)", v.Region.Name, v.Account.ID, strings.Join(why, "; "))
	if channels == 0 {
		msg += " and has no delivery channel"
	}
	return []Result{{Resource: res, Status: Fail, Evidence: map[string]any{"recorders": why, "delivery_channels": channels},
		Message: msg + "."}}
}

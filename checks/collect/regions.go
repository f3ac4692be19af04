package collect

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/warroom/warroom/checks"
)

// homeRegion is where a partition's global services are called.
func homeRegion(partition string) string {
	switch partition {
	case "aws-cn":
		return "cn-north-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	}
	return "us-east-1"
}

// regionPlan is the regions of one account: every region the inventory
// lists, and which of them are enabled (read) and opt-in.
type regionPlan struct {
	all     []string
	enabled map[string]bool
	optIn   map[string]bool
}

// regions works out which regions to read in an account. It asks ec2
// DescribeRegions for every region and its opt-in status; "all" (or none
// asked for) means every enabled region. A region asked for that is not
// enabled is listed with one RegionNotEnabled gap and not read. When
// DescribeRegions fails, the run reads the regions asked for as they are, or
// the configuration's region alone for "all", and says so in a gap.
func (r *run) regions(ctx context.Context, cfg aws.Config, a *checks.Account) regionPlan {
	want := r.opts.Regions
	all := len(want) == 0 || (len(want) == 1 && strings.EqualFold(want[0], "all"))
	plan := regionPlan{enabled: map[string]bool{}, optIn: map[string]bool{}}
	known := map[string]bool{}

	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		g := classify(err, "", "", false)
		if all {
			g.Message += "; could not list the enabled regions, so only " + cfg.Region + " was read"
			want = []string{cfg.Region}
		} else {
			g.Message += "; could not check which regions are enabled, so the regions asked for were read as they are"
		}
		r.rec.add(a, g)
		for _, name := range want {
			plan.enabled[name] = true
		}
	} else {
		for _, rg := range out.Regions {
			name := aws.ToString(rg.RegionName)
			known[name] = true
			switch aws.ToString(rg.OptInStatus) {
			case "opt-in-not-required", "":
				plan.enabled[name] = true
			case "opted-in":
				plan.enabled[name] = true
				plan.optIn[name] = true
			}
		}
		if all {
			want = nil
			for name := range plan.enabled {
				want = append(want, name)
			}
		}
	}
	seen := map[string]bool{}
	for _, name := range want {
		if seen[name] {
			continue
		}
		seen[name] = true
		plan.all = append(plan.all, name)
		if plan.enabled[name] {
			continue
		}
		msg := "the region is not enabled in the account, so nothing in it was read"
		if !known[name] {
			msg = "the account does not know this region, so nothing in it was read"
		}
		r.rec.add(a, checks.Gap{Service: "*", Operation: "*", Action: "*", Region: name, Code: checks.GapRegionDisabled, Message: msg})
	}
	sort.Strings(plan.all)
	return plan
}

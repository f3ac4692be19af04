package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/questions"
)

type permissionsOptions struct {
	f      *factory
	Checks []string
}

func newCmdPermissions(f *factory, runF func(*permissionsOptions) error) *cobra.Command {
	opts := &permissionsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "permissions",
		Short: "Print the read-only IAM policy 'warroom collect' needs",
		Long: `Prints an IAM policy document (JSON) granting exactly the read-only actions
'warroom collect' calls: every action on its allow-list, or with --check only
the actions those checks need plus the collector's own reads
(sts:GetCallerIdentity, ec2:DescribeRegions). A second statement holds
sts:AssumeRole and organizations:ListAccounts, which only the identity that
starts an --accounts or --org run needs. The output is JSON whatever -o says.`,
		Example: `  warroom permissions > warroom-policy.json
  warroom permissions --check iam.root-mfa --check s3.bucket-public`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var ids []string
			for _, id := range opts.Checks {
				if id = strings.TrimSpace(id); id == "" {
					continue
				}
				if _, ok := checks.ByID(id); !ok {
					return unknownCheckError(id)
				}
				ids = append(ids, id)
			}
			opts.Checks = ids
			if runF != nil {
				return runF(opts)
			}
			return permissionsRun(opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Checks, "check", nil, "only the actions these checks need (repeatable or comma-separated)")
	return cmd
}

func permissionsRun(opts *permissionsOptions) error {
	// No --check: every check, which is every read on the allow-list.
	b, err := collect.PolicyFor(opts.Checks)
	if err != nil {
		return err
	}
	_, err = opts.f.IO.Out.Write(b)
	return err
}

// nearestChecks returns up to n check ids closest to id by edit distance.
func nearestChecks(id string, n int) []string {
	var ids []string
	for _, c := range checks.All() {
		ids = append(ids, c.ID)
	}
	return questions.Closest(id, ids, n, nil)
}

// unknownCheckError is the usage error for a --check id that names no check,
// with the nearest ids when some are close.
func unknownCheckError(id string) error {
	if near := nearestChecks(id, 3); len(near) > 0 {
		return usageErrorf("--check %q is not a check; did you mean %s?", id, strings.Join(near, ", "))
	}
	return usageErrorf("--check %q is not a check; see `warroom checks list`", id)
}

// checkFilterError returns a usage error unless filter is a check id or a
// prefix ending in * that at least one check starts with.
func checkFilterError(filter string) error {
	prefix, ok := strings.CutSuffix(filter, "*")
	if !ok {
		if _, ok := checks.ByID(filter); ok {
			return nil
		}
		return unknownCheckError(filter)
	}
	for _, c := range checks.All() {
		if strings.HasPrefix(c.ID, prefix) {
			return nil
		}
	}
	return usageErrorf("--check %q matches no check; see `warroom checks list`", filter)
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/reports"
)

func newCmdChecks(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "The evidence check catalogue and which practices it covers",
		Long: `The built-in evidence checks: each reads facts 'warroom collect' gathered and
judges them pass, fail or unknown, and maps to the best practices it speaks to.`,
	}
	cmd.AddCommand(newCmdChecksList(f, nil), newCmdChecksCoverage(f, nil))
	return cmd
}

type checksListOptions struct {
	f *factory
}

// checksListJSON is the `checks list -o json` document.
type checksListJSON struct {
	Version int            `json:"version"`
	Checks  []checks.Check `json:"checks"`
}

func newCmdChecksList(f *factory, runF func(*checksListOptions) error) *cobra.Command {
	opts := &checksListOptions{f: f}
	return &cobra.Command{
		Use:   "list",
		Short: "List every check with its service, scope, severity and practices",
		Long: `Lists every check: id, service, scope (global: once per account; regional: per
account and region), severity and the practices it maps to. With -o json each
check also carries the IAM actions it needs, the risk, the remediation and its
CIS AWS Foundations and Security Hub control ids.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checksListRun(opts)
		},
	}
}

func checksListRun(opts *checksListOptions) error {
	f := opts.f
	cs := checks.All()
	if f.jsonOutput() {
		return printJSON(f.IO.Out, checksList(cs))
	}
	t := newTable(f.IO.Out)
	fmt.Fprintln(t, "ID\tSERVICE\tSCOPE\tSEVERITY\tPRACTICES\tTITLE")
	for _, c := range cs {
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Service, c.Scope, c.Severity, strings.Join(c.Practices, ","), c.Title)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "\n%d checks over %d services.\n", len(cs), len(services(cs)))
	return nil
}

// checksList is the checks list JSON document of cs (also the evidence
// bundle's checks.json): lists are [] rather than null.
func checksList(cs []checks.Check) checksListJSON {
	out := checksListJSON{Version: 1, Checks: []checks.Check{}}
	for _, c := range cs {
		if c.Practices == nil {
			c.Practices = []string{}
		}
		if c.Needs == nil {
			c.Needs = []string{}
		}
		out.Checks = append(out.Checks, c)
	}
	return out
}

func services(cs []checks.Check) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		out[c.Service] = true
	}
	return out
}

type checksCoverageOptions struct {
	f        *factory
	Markdown bool
}

// coverageJSON is the `checks coverage -o json` document.
type coverageJSON struct {
	Version   int                `json:"version"`
	Covered   int                `json:"covered"`
	Total     int                `json:"total"`
	Practices []practiceCoverage `json:"practices"`
}

type practiceCoverage struct {
	ID            string         `json:"id"`
	Question      string         `json:"question"`
	Title         string         `json:"title"`
	Risk          questions.Risk `json:"risk"`
	Checks        []string       `json:"checks"`
	InterviewOnly bool           `json:"interview_only"`
}

func newCmdChecksCoverage(f *factory, runF func(*checksCoverageOptions) error) *cobra.Command {
	opts := &checksCoverageOptions{f: f}
	cmd := &cobra.Command{
		Use:   "coverage",
		Short: "Show, per best practice, the checks that speak to it",
		Long: `For every practice of the built-in lenses, lists the checks that bring evidence
for it, or "interview-only" when none can (training, threat models and other
practices only people can vouch for). --markdown prints the table README.md carries.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checksCoverageRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Markdown, "markdown", false, "print a Markdown table (the one in README.md)")
	return cmd
}

// coverage maps every practice of the built-in lenses to the checks that name it.
func coverage(cs []checks.Check) (coverageJSON, error) {
	bank, err := questions.Default()
	if err != nil {
		return coverageJSON{}, err
	}
	byPractice := map[string][]string{}
	for _, c := range cs {
		for _, p := range c.Practices {
			byPractice[p] = append(byPractice[p], c.ID)
		}
	}
	out := coverageJSON{Version: 1, Practices: []practiceCoverage{}}
	for _, q := range bank.Questions() {
		for _, p := range q.Practices {
			pc := practiceCoverage{ID: p.ID, Question: q.ID, Title: p.Title, Risk: p.Risk, Checks: byPractice[p.ID]}
			if pc.Checks == nil {
				pc.Checks = []string{}
			}
			pc.InterviewOnly = len(pc.Checks) == 0
			if !pc.InterviewOnly {
				out.Covered++
			}
			out.Total++
			out.Practices = append(out.Practices, pc)
		}
	}
	return out, nil
}

func checksCoverageRun(opts *checksCoverageOptions) error {
	f := opts.f
	cov, err := coverage(checks.All())
	if err != nil {
		return err
	}
	switch {
	case f.jsonOutput():
		return printJSON(f.IO.Out, cov)
	case opts.Markdown:
		_, err := f.IO.Out.Write(coverageMarkdown(cov))
		return err
	}
	t := newTable(f.IO.Out)
	fmt.Fprintln(t, "PRACTICE\tRISK\tCHECKS\tTITLE")
	for _, p := range cov.Practices {
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\n", p.ID, p.Risk, checkList(p, ", "), p.Title)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	printCoverageCount(f.IO.Out, cov)
	return nil
}

func checkList(p practiceCoverage, sep string) string {
	if p.InterviewOnly {
		return "interview-only"
	}
	return strings.Join(p.Checks, sep)
}

func printCoverageCount(w io.Writer, cov coverageJSON) {
	fmt.Fprintf(w, "\npractices with ≥1 check: %d / %d\n", cov.Covered, cov.Total)
}

// coverageMarkdown is the table README.md carries between its coverage markers.
func coverageMarkdown(cov coverageJSON) []byte {
	var b bytes.Buffer
	b.WriteString("| Practice | Title | Checks |\n|---|---|---|\n")
	for _, p := range cov.Practices {
		cell := "interview-only"
		if !p.InterviewOnly {
			var ids []string
			for _, id := range p.Checks {
				ids = append(ids, "`"+id+"`")
			}
			cell = strings.Join(ids, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", reports.EscapeMarkdown(p.ID), reports.EscapeMarkdown(p.Title), cell)
	}
	printCoverageCount(&b, cov)
	return b.Bytes()
}

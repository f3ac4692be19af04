package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/scenarios"
)

func newCmdScenario(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Tabletop exercises: browse, print, run and report on scenarios",
		Long: `Tabletop exercises shaped by the account's evidence. A scenario is a series of
timed injects (events the facilitator reads out) with discussion questions,
facilitator notes and probes: checks whose latest findings name the account's
real resources in the narrative, pick a variant of it, or send the session
down another branch. Without evidence the generic narrative is used.

'scenario run' walks a session in the terminal and commits every entry the
moment it is made; '--resume' continues it, '--script' replays a typed-up
session with no terminal. 'scenario report' renders the after-action report.
Gaps found in sessions count as gaps in 'warroom score', and their action
items join the improvement plan ('warroom actions list').`,
		Example: `  warroom scenario list
  warroom scenario pack lost-root-account --format html --out pack.html
  warroom scenario run lost-root-account --facilitator sam --participants "dana:ir-lead,lee:cloud-admin"
  warroom scenario report SESSION-ID --format html --out aar.html`,
	}
	cmd.PersistentFlags().StringArrayVar(&f.Global.ScenarioDirs, "scenario-dir", nil,
		"folder (or file) of custom scenario YAML files to use besides the built-in library (repeatable)")
	cmd.AddCommand(
		newCmdScenarioList(f),
		newCmdScenarioShow(f),
		newCmdScenarioValidate(f),
		newCmdScenarioPack(f, nil),
		newCmdScenarioRun(f, nil),
		newCmdScenarioSessions(f),
		newCmdScenarioReport(f, nil),
	)
	return cmd
}

func newCmdScenarioList(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the scenarios of the library and of --scenario-dir",
		Long: `Lists every scenario: id, title, number of injects, expected minutes and the
practices it exercises. With -o json it prints an array of the scenarios.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := f.Scenarios()
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				if list == nil {
					list = []*scenarios.Scenario{}
				}
				return printJSON(f.IO.Out, list)
			}
			t := newTable(f.IO.Out)
			fmt.Fprintln(t, "ID\tTITLE\tINJECTS\tMINUTES\tPRACTICES")
			for _, s := range list {
				fmt.Fprintf(t, "%s\t%s\t%d\t%d\t%s\n", oneLine(s.ID), oneLine(s.Title), len(s.Injects), s.DurationMin,
					oneLine(joinMax(s.Practices, 4)))
			}
			return t.Flush()
		},
	}
}

func newCmdScenarioShow(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show a scenario: objective, roles, practices and every inject",
		Long: `Shows a scenario as the facilitator prepares it: objective, audience, roles,
practices, and per inject its time, timebox, narrative, variants, questions
(with the checks a claim is judged against), probes, branches and notes.
With -o json it prints the scenario.`,
		Example: `  warroom scenario show lost-root-account`,
		Args:    exactArgs(1, "one scenario id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.scenario(args[0])
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, s)
			}
			printScenario(f.IO.Out, s)
			return nil
		},
	}
}

// printScenario writes the text overview of show.
func printScenario(w io.Writer, s *scenarios.Scenario) {
	fmt.Fprintf(w, "%s: %s\n", oneLine(s.ID), oneLine(s.Title))
	fmt.Fprintf(w, "Version %d, written against framework %s; about %d minutes; source %s\n",
		s.Version, oneLine(s.Framework), s.DurationMin, oneLine(s.Source))
	para := func(title, text string) {
		if strings.TrimSpace(text) != "" {
			fmt.Fprintf(w, "\n%s\n%s\n", title, wrap(oneLine(text), 76, "  "))
		}
	}
	para("Summary", s.Summary)
	para("Objective", s.Objective)
	para("Audience", s.Audience)
	if len(s.Roles) > 0 {
		fmt.Fprintln(w, "\nRoles")
		for _, r := range s.Roles {
			fmt.Fprintf(w, "%s\n", hanging("  - ", fmt.Sprintf("%s (%s): %s", oneLine(r.ID), oneLine(r.Title), oneLine(r.Brief))))
		}
	}
	fmt.Fprintf(w, "\n%s\n", hanging("Practices: ", oneLine(strings.Join(s.Practices, ", "))))
	for i, inj := range s.Injects {
		fmt.Fprintf(w, "\n--- Inject %d of %d: %s  %s (%s, timebox %d min) ---\n", i+1, len(s.Injects),
			oneLine(inj.At), oneLine(inj.Title), oneLine(inj.ID), inj.TimeboxMin)
		fmt.Fprintf(w, "%s\n", wrap(oneLine(inj.Narrative), 76, "  "))
		for _, v := range inj.Variants {
			fmt.Fprintf(w, "  Variant %s, when %s is %s:\n%s\n", oneLine(v.ID), oneLine(v.When.Check), v.When.Is,
				wrap(oneLine(v.Narrative), 74, "    "))
		}
		for _, a := range inj.Artifacts {
			fmt.Fprintf(w, "  Artifact [%s] %s\n", oneLine(a.Kind), oneLine(a.Title))
			printBlock(w, a.Text, "    ")
		}
		fmt.Fprintln(w, "  Questions:")
		for _, q := range inj.Questions {
			fmt.Fprintf(w, "%s\n", hanging("    - ", fmt.Sprintf("%s: %s%s", oneLine(q.ID), oneLine(q.Text), questionTags(q))))
		}
		for _, p := range inj.Probes {
			pick := p.Pick
			if pick == "" {
				pick = "fail"
			}
			fmt.Fprintf(w, "  Probe {%s}: a %s resource of %s, else %q\n", oneLine(p.ID), pick, oneLine(p.Check), oneLine(p.Fallback))
		}
		for _, b := range inj.Branches {
			fmt.Fprintf(w, "  Branch: when %s is %s, go to %s\n", oneLine(b.When.Check), b.When.Is, oneLine(b.Goto))
		}
		if inj.Next != "" {
			fmt.Fprintf(w, "  Next: %s\n", oneLine(inj.Next))
		}
		printNotes(w, inj.Facilitator, "  ")
	}
}

// questionTags lists a question's practices and checks in brackets.
func questionTags(q scenarios.Question) string {
	var tags []string
	if len(q.Practices) > 0 {
		tags = append(tags, "practices: "+strings.Join(q.Practices, ", "))
	}
	if len(q.Checks) > 0 {
		tags = append(tags, "checks: "+strings.Join(q.Checks, ", "))
	}
	if len(tags) == 0 {
		return ""
	}
	return " [" + strings.Join(tags, "; ") + "]"
}

// printNotes writes the facilitator-only notes of an inject.
func printNotes(w io.Writer, n scenarios.Notes, indent string) {
	if len(n.GoodAnswer) > 0 {
		fmt.Fprintf(w, "%sFacilitator: a good answer names\n", indent)
		for _, g := range n.GoodAnswer {
			fmt.Fprintf(w, "%s\n", hanging(indent+"  - ", oneLine(g)))
		}
	}
	if len(n.Hints) > 0 {
		fmt.Fprintf(w, "%sHints if the room is stuck\n", indent)
		for _, h := range n.Hints {
			fmt.Fprintf(w, "%s\n", hanging(indent+"  - ", oneLine(h)))
		}
	}
}

// printBlock writes multi-line text (a log line, an email, a policy) line by
// line under indent, keeping its line breaks and indentation; control
// characters are shown as their code (blockText).
func printBlock(w io.Writer, text, indent string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\r\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", indent, blockText(strings.TrimRight(line, " \t\r")))
	}
}

func newCmdScenarioValidate(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH",
		Short: "Check a scenario file or folder and report every problem with file:line",
		Long: `Checks custom scenarios: a YAML file, or a folder of them, in the format of the
built-in library (see README.md). Every problem is reported with its file and
line: unknown fields, unknown practice or check ids, duplicate ids, injects out
of time order, branches to nowhere, missing narrative. Exits 1 when there is
any problem.`,
		Example: `  warroom scenario validate my-scenarios/`,
		Args:    exactArgs(1, "one scenario file or folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			if _, err := os.Stat(path); err != nil {
				return fmt.Errorf("validate %s: %w", path, err)
			}
			bank, err := f.Bank()
			if err != nil {
				return err
			}
			o := scenarios.LoadOptions{Bank: bank}
			list, err := scenarios.LoadPath(path, o)
			if err == nil {
				builtin, lerr := scenarios.Library(o)
				if lerr != nil {
					return lerr
				}
				var clashes []error
				for _, s := range list {
					// The library's own file (same bytes) is not a clash.
					if b := scenarioByID(builtin, s.ID); b != nil && b.Digest != s.Digest {
						clashes = append(clashes, fmt.Errorf("%s: id: scenario %s is already a built-in scenario; give yours another id", s.Source, s.ID))
					}
				}
				err = errors.Join(clashes...)
			}
			if err != nil {
				printProblems(f.IO.ErrOut, err, path)
				return errSilent
			}
			if len(list) == 1 {
				fmt.Fprintf(f.IO.Out, "1 scenario valid: %s\n", list[0].ID)
				return nil
			}
			fmt.Fprintf(f.IO.Out, "%d scenarios valid\n", len(list))
			return nil
		},
	}
}

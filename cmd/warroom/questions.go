package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/questions"
)

func newCmdQuestions(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "Browse the question bank and validate custom lenses",
		Long: `The question bank: the eleven Security Pillar questions (SEC01..SEC11) with
every best practice, the REL09 backup practices, and any custom lenses given
with --lens-dir.`,
	}
	cmd.AddCommand(newCmdQuestionsList(f), newCmdQuestionsShow(f), newCmdQuestionsValidate(f))
	return cmd
}

type questionsListJSON struct {
	Version   int            `json:"version"`
	Lenses    []lensJSON     `json:"lenses"`
	Questions []questionJSON `json:"questions"`
}

type lensJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
}

type questionJSON struct {
	ID        string         `json:"id"`
	Lens      string         `json:"lens"`
	Title     string         `json:"title"`
	Practices []practiceJSON `json:"practices"`
}

type practiceJSON struct {
	ID    string         `json:"id"`
	Title string         `json:"title"`
	Risk  questions.Risk `json:"risk"`
}

func newCmdQuestionsList(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every question and best practice with its risk level",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			bank, err := f.Bank()
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				out := questionsListJSON{Version: 1, Lenses: []lensJSON{}}
				for _, l := range bank.Lenses {
					out.Lenses = append(out.Lenses, lensJSON{l.ID, l.Name, l.Source})
				}
				for _, q := range bank.Questions() {
					qj := questionJSON{ID: q.ID, Lens: q.LensID, Title: q.Title}
					for _, p := range q.Practices {
						qj.Practices = append(qj.Practices, practiceJSON{p.ID, p.Title, p.Risk})
					}
					out.Questions = append(out.Questions, qj)
				}
				return printJSON(f.IO.Out, out)
			}
			w := newTable(f.IO.Out)
			for _, q := range bank.Questions() {
				fmt.Fprintf(w, "%s\t\t%s\n", q.ID, q.Title)
				for _, p := range q.Practices {
					fmt.Fprintf(w, "  %s\t%s\t%s\n", p.ID, p.Risk, p.Title)
				}
			}
			return w.Flush()
		},
	}
}

func newCmdQuestionsShow(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show a question (SEC03) or a best practice (SEC03-BP02) with its guidance",
		Args:  exactArgs(1, "one question or practice id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			bank, err := f.Bank()
			if err != nil {
				return err
			}
			if q, ok := bank.Question(args[0]); ok {
				if f.jsonOutput() {
					return printJSON(f.IO.Out, q)
				}
				fmt.Fprintf(f.IO.Out, "%s %s\n", q.ID, q.Title)
				if q.Summary != "" {
					fmt.Fprintf(f.IO.Out, "\n%s\n", wrap(q.Summary, 78, ""))
				}
				for _, p := range q.Practices {
					fmt.Fprintf(f.IO.Out, "\n")
					printPractice(f.IO.Out, &p)
				}
				return nil
			}
			p, err := bank.Lookup(args[0])
			if err != nil {
				return err
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, p)
			}
			printPractice(f.IO.Out, p)
			return nil
		},
	}
}

func newCmdQuestionsValidate(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH",
		Short: "Check a custom lens file or folder and report every problem with file:line",
		Long: `Checks a custom lens: a YAML file, or a folder of them, in the format of the
built-in lenses (see README.md). Every problem is reported with its file and
line and what to fix: unknown fields, missing ids or titles, unknown risk
levels, duplicate ids, and ids that clash with the built-in lenses.`,
		Args: exactArgs(1, "one lens file or folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			st, err := os.Stat(path)
			if err != nil {
				return fmt.Errorf("validate %s: %w", path, err)
			}
			var lenses []questions.Lens
			if st.IsDir() {
				lenses, err = questions.LoadDir(os.DirFS(path), ".", strings.TrimSuffix(path, "/")+"/")
			} else {
				var data []byte
				data, err = os.ReadFile(path)
				if err == nil {
					l, perrs := questions.Parse(path, data)
					var errs []error
					for _, pe := range perrs {
						errs = append(errs, pe)
					}
					err = errors.Join(errs...)
					if err == nil {
						lenses = []questions.Lens{*l}
					}
				}
			}
			if err == nil {
				builtin, derr := questions.DefaultLenses()
				if derr != nil {
					return derr
				}
				_, err = questions.NewBank(append(builtin, lenses...)...)
				if err != nil {
					err = fmt.Errorf("%s: %w (ids must not clash with the built-in lenses)", path, err)
				}
			}
			if err != nil {
				printProblems(f.IO.ErrOut, err, path)
				return errSilent
			}
			n := 0
			for _, l := range lenses {
				for _, q := range l.Questions {
					n += len(q.Practices)
				}
			}
			fmt.Fprintf(f.IO.Out, "%s: ok (%d lens(es), %d practices)\n", path, len(lenses), n)
			return nil
		},
	}
}

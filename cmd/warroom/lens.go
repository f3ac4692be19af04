package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/questions"
)

// lensFormatWA is the one format lens export writes.
const lensFormatWA = "wellarchitected"

func newCmdLens(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lens",
		Short: "Move lenses to and from the AWS Well-Architected Tool custom lens format",
		Long: `Lenses travel between warroom and the AWS Well-Architected Tool (WA Tool) as
custom lens JSON (schemaVersion 2021-11-01): 'lens export' writes warroom's
lenses in that format, ready for the WA Tool's "Import lens"; 'lens import'
turns such a file into a warroom lens file to load with --lens-dir.`,
	}
	cmd.AddCommand(newCmdLensExport(f, nil), newCmdLensImport(f, nil))
	return cmd
}

type lensExportOptions struct {
	f       *factory
	LensIDs []string
	Format  string
	Out     string
}

func newCmdLensExport(f *factory, runF func(*lensExportOptions) error) *cobra.Command {
	opts := &lensExportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "export [LENS-ID ...]",
		Short: "Write lenses as one WA Tool custom lens (JSON)",
		Long: `Writes the given lenses (default: every lens of the bank, the built-ins and
any --lens-dir lenses) as one AWS Well-Architected Tool custom lens. Each
question becomes a WA question with one choice per practice plus a "None of
these" choice, and risk rules that give the question the risk warroom would:
high when a high-risk practice is not met, else medium when a medium-risk
practice is not met, else none.

Every limit of the format is checked (lengths, counts, ids, links, 500,000
characters in all); each problem names the lens, question, practice and field.
What the format cannot say is written with a warning, such as a title cut to
128 characters or a missing next step replaced by the practice's title.`,
		Example: `  warroom lens export --out warroom-lens.json
  warroom lens export security --format wellarchitected --out security.json
  warroom --lens-dir ./lenses lens export my-lens > my-lens.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format != lensFormatWA {
				return usageErrorf("--format %q is not a lens format; the one format is %s", opts.Format, lensFormatWA)
			}
			opts.LensIDs = args
			if runF != nil {
				return runF(opts)
			}
			return lensExportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", lensFormatWA, "output format: wellarchitected (WA Tool custom lens JSON)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file to write (default: standard output)")
	return cmd
}

// lensExportJSON is what lens export prints with -o json when --out names a file.
type lensExportJSON struct {
	Version   int      `json:"version"`
	Out       string   `json:"out"`
	Format    string   `json:"format"`
	Lenses    []string `json:"lenses"`
	Pillars   int      `json:"pillars"`
	Questions int      `json:"questions"`
	Choices   int      `json:"choices"`
	Warnings  []string `json:"warnings"`
}

func lensExportRun(_ context.Context, opts *lensExportOptions) error {
	f := opts.f
	if opts.Out != "" && opts.Out != "-" {
		if err := f.refuseDatabase(opts.Out, "lens"); err != nil {
			return err // before the warnings about the lens
		}
	}
	bank, err := f.Bank()
	if err != nil {
		return err
	}
	lenses, err := pickLenses(bank.Lenses, opts.LensIDs)
	if err != nil {
		return err
	}
	doc, warnings, err := questions.ToWATool(lenses)
	var data []byte
	if err == nil {
		data, err = questions.MarshalWATool(doc)
	}
	var ids []string
	for _, l := range lenses {
		ids = append(ids, l.ID)
	}
	quiet := f.jsonOutput() && opts.Out != "" && opts.Out != "-"
	if !quiet {
		for _, w := range warnings {
			fmt.Fprintf(f.IO.ErrOut, "Warning: %s.\n", oneLine(w))
		}
	}
	if err != nil {
		fmt.Fprintln(f.IO.ErrOut, "The WA Tool would refuse this lens:")
		printProblems(f.IO.ErrOut, err, "lens "+strings.Join(ids, ", "))
		return errSilent
	}
	if !quiet {
		return writeOutput(f, opts.Out, lensFormatWA, "lens", data)
	}
	if err := f.writeFileAtomic(opts.Out, "lens", data); err != nil {
		return err
	}
	out := lensExportJSON{Version: 1, Out: opts.Out, Format: lensFormatWA, Lenses: ids, Pillars: len(doc.Pillars), Warnings: []string{}}
	out.Warnings = append(out.Warnings, warnings...)
	for _, p := range doc.Pillars {
		out.Questions += len(p.Questions)
		for _, q := range p.Questions {
			out.Choices += len(q.Choices)
		}
	}
	return printJSON(f.IO.Out, out)
}

// pickLenses returns the lenses named by ids, in the order given (all of
// them when ids is empty); an unknown id is a usage error naming the known ones.
func pickLenses(all []questions.Lens, ids []string) ([]questions.Lens, error) {
	if len(ids) == 0 {
		return all, nil
	}
	byID := map[string]questions.Lens{}
	var known []string
	for _, l := range all {
		byID[l.ID] = l
		known = append(known, l.ID)
	}
	var out []questions.Lens
	seen := map[string]bool{}
	for _, id := range ids {
		l, ok := byID[id]
		if !ok {
			hint := ""
			if near := questions.Closest(id, known, 1, nil); len(near) > 0 {
				hint = fmt.Sprintf(" (did you mean %s?)", near[0])
			}
			return nil, usageErrorf("no lens %q%s; the lenses are %s (add --lens-dir for custom ones)", oneLine(id), hint, strings.Join(known, ", "))
		}
		if !seen[id] {
			out = append(out, l)
			seen[id] = true
		}
	}
	return out, nil
}

type lensImportOptions struct {
	f     *factory
	File  string
	ID    string
	Out   string
	Force bool
}

func newCmdLensImport(f *factory, runF func(*lensImportOptions) error) *cobra.Command {
	opts := &lensImportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "import FILE.json",
		Short: "Turn a WA Tool custom lens (JSON) into a warroom lens file",
		Long: `Reads an AWS Well-Architected Tool custom lens (schemaVersion 2021-11-01) and
writes it as a warroom lens file (YAML) to load with --lens-dir. The JSON is
read strictly: an unknown field, a value of the wrong kind, a broken risk rule
or a limit of the format is reported with its line and JSON path.

Each question keeps its WA id; each choice but "None of these" becomes a
practice whose risk level comes from the question's risk rules: the risk the
rules give when every other choice is selected (HIGH_RISK high, MEDIUM_RISK
medium, NO_RISK low). Every selection of the choices is then checked: where
warroom's scoring would give the question another risk than the rules, the
import warns and keeps the rules, so 'lens export' writes them back unchanged.`,
		Example: `  warroom lens import backup-lens.json
  warroom lens import backup-lens.json --id backup-wa --out lenses/backup-wa.yaml
  warroom --lens-dir lenses questions list`,
		Args: exactArgs(1, "one custom lens JSON file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.ID != "" {
				if err := questions.CheckLensID(opts.ID); err != nil {
					return usageErrorf("--id: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return lensImportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.ID, "id", "", "id of the new lens (default: made from the lens name)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "lens file to write, or a folder (an existing one, or a name ending in /) to write ID.yaml in (default: ID.yaml in the current folder)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace the --out file if it exists")
	return cmd
}

// lensImportJSON is what lens import prints with -o json.
type lensImportJSON struct {
	Version   int                  `json:"version"`
	File      string               `json:"file"`
	Out       string               `json:"out"`
	Lens      lensJSON             `json:"lens"`
	Questions []lensImportQuestion `json:"questions"`
	Counts    map[string]int       `json:"practices_by_risk"`
	Warnings  []string             `json:"warnings"`
}

type lensImportQuestion struct {
	ID        string         `json:"id"`
	Pillar    string         `json:"pillar"`
	Practices []practiceJSON `json:"practices"`
}

func lensImportRun(_ context.Context, opts *lensImportOptions) error {
	f := opts.f
	file, err := os.Open(opts.File)
	if err != nil {
		return fmt.Errorf("read lens %s: %w", opts.File, err)
	}
	data, err := questions.ReadWATool(opts.File, file)
	file.Close()
	if err != nil {
		return err
	}
	imp, err := questions.ImportWATool(opts.File, data, opts.ID)
	if err != nil {
		var pe *questions.ParseError
		if errors.As(err, &pe) {
			printProblems(f.IO.ErrOut, err, opts.File)
			return errSilent
		}
		return err
	}
	l := imp.Lens
	builtin, err := questions.DefaultLenses()
	if err != nil {
		return err
	}
	for _, b := range builtin {
		if b.ID == l.ID {
			if opts.ID != "" {
				return usageErrorf("--id %s is the id of a built-in lens; choose another", l.ID)
			}
			return fmt.Errorf("lens id %s (made from the lens name) is the id of a built-in lens; choose another with --id", l.ID)
		}
	}
	if _, err := questions.NewBank(append(builtin, l)...); err != nil {
		return fmt.Errorf("import %s: %w; the ids must not clash with the built-in lenses", opts.File, err)
	}
	out := opts.Out
	switch {
	case out == "":
		out = l.ID + ".yaml"
	case strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) || isFolder(out):
		// A folder, made below when missing: the lens goes in it as ID.yaml.
		out = filepath.Join(out, l.ID+".yaml")
	}
	if err := refuseExisting(out, opts.Force); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("write lens %s: %w", out, err)
	}
	if err := f.writeFileAtomic(out, "lens", imp.YAML); err != nil {
		return err
	}

	counts := map[string]int{string(questions.High): 0, string(questions.Medium): 0, string(questions.Low): 0}
	nPractices := 0
	js := lensImportJSON{Version: 1, File: opts.File, Out: out, Lens: lensJSON{l.ID, l.Name, out},
		Counts: counts, Warnings: append([]string{}, imp.Warnings...)}
	for _, q := range l.Questions {
		qj := lensImportQuestion{ID: q.ID, Pillar: q.Pillar}
		if qj.Pillar == "" {
			qj.Pillar = l.Pillar
		}
		for _, p := range q.Practices {
			qj.Practices = append(qj.Practices, practiceJSON{p.ID, p.Title, p.Risk})
			counts[string(p.Risk)]++
			nPractices++
		}
		js.Questions = append(js.Questions, qj)
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, js)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Wrote %s: lens %s (%s) from %s, %s, %s (%d high, %d medium, %d low).\n",
		oneLine(out), l.ID, oneLine(l.Name), oneLine(opts.File), plural(len(l.Questions), "question", "questions"),
		plural(nPractices, "practice", "practices"), counts["high"], counts["medium"], counts["low"])
	fmt.Fprintln(w, "Risk levels from the WA risk rules:")
	width := 0
	for _, q := range js.Questions {
		for _, p := range q.Practices {
			width = max(width, len(p.ID))
		}
	}
	for _, q := range js.Questions {
		fmt.Fprintf(w, "  %s\n", q.ID)
		for _, p := range q.Practices {
			fmt.Fprintf(w, "    %-*s  %s\n", width, p.ID, p.Risk)
		}
	}
	for _, warn := range imp.Warnings {
		fmt.Fprintf(f.IO.ErrOut, "Warning: %s.\n", oneLine(warn))
	}
	dir := filepath.Dir(out)
	fmt.Fprintf(w, "Load it with --lens-dir, which reads every .yaml file of the folder as a lens:\n  warroom --lens-dir %s questions list\n", shellArg(dir))
	fmt.Fprintln(w, "Give the same --lens-dir to interview, answer, score and report to review it.")
	return nil
}

// isFolder reports whether path names an existing folder (through a link
// too).
func isFolder(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

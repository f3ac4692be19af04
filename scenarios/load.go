package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/yamlnode"
	"github.com/warroom/warroom/questions"
)

// ErrUnknownScenario is wrapped by Find when no scenario has the id.
var ErrUnknownScenario = errors.New("unknown scenario")

// LoadOptions are what scenario files are validated against.
type LoadOptions struct {
	Bank       *questions.Bank      // practice ids must exist here (nil: questions.MustDefault())
	KnownCheck func(id string) bool // check ids must pass this (nil: checks.ByID)
}

// resolved fills in the defaults of unset options.
func (o LoadOptions) resolved() LoadOptions {
	if o.Bank == nil {
		o.Bank = questions.MustDefault()
	}
	if o.KnownCheck == nil {
		o.KnownCheck = defaultKnownCheck
	}
	return o
}

// defaultKnownCheck is the KnownCheck used when options name none: the
// built-in checks.
func defaultKnownCheck(id string) bool {
	_, ok := checks.ByID(id)
	return ok
}

// Parse decodes one scenario file strictly and validates it. file names the
// file in errors and becomes the scenario's Source; its base name without
// the extension must equal the scenario id. Parse also sets Digest, each
// inject's Offset and the default pick ("fail") of probes. The error is an
// errors.Join of *questions.ParseError, one per problem, sorted by line
// ("file:line: field: what to fix").
func Parse(file string, data []byte, o LoadOptions) (*Scenario, error) {
	s, _, errs := parseScenario(file, data, o.resolved())
	if len(errs) > 0 {
		return nil, joinParseErrors(errs)
	}
	return s, nil
}

// parseScenario is Parse returning the scenario even when it has problems
// (nil only when it could not be decoded), the line of its id, and every
// problem sorted by line.
func parseScenario(file string, data []byte, o LoadOptions) (*Scenario, int, []*questions.ParseError) {
	var errs []*questions.ParseError
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, &questions.ParseError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var s Scenario
	doc, ok := yamlnode.Load(data, &s,
		"file is empty; a scenario needs id, title, summary, objective, roles, practices and injects",
		"a scenario file must be a mapping with id, title, summary, objective, roles, practices and injects",
		problemTo(file, &errs))
	if !ok {
		sortParseErrors(errs)
		return nil, 0, errs
	}
	sum := sha256.Sum256(data)
	s.Source = file
	s.Digest = hex.EncodeToString(sum[:])
	lines := yamlnode.Index(doc)
	v := &scenarioValidator{s: &s, lines: lines, add: add, o: o}
	v.run(fileID(file))
	sortParseErrors(errs)
	return &s, lines.Of("id"), errs
}

// problemTo returns a report func for yamlnode.Load that appends each
// problem to errs as a *questions.ParseError of file.
func problemTo(file string, errs *[]*questions.ParseError) func(yamlnode.Problem) {
	return func(p yamlnode.Problem) {
		*errs = append(*errs, &questions.ParseError{File: file, Line: p.Line, Field: p.Field, Msg: p.Msg, Err: p.Err})
	}
}

// fileID is the base name of file without its extension.
func fileID(file string) string {
	base := path.Base(filepath.ToSlash(file))
	return strings.TrimSuffix(base, path.Ext(base))
}

func sortParseErrors(errs []*questions.ParseError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

func joinParseErrors(errs []*questions.ParseError) error {
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// LoadDir reads every *.yaml and *.yml file in dir of fsys as one scenario
// each, in file name order. prefix is prepended to file paths in errors and
// Source. All problems of all files are returned together (errors.Join of
// *questions.ParseError); an id defined by two files is one of them.
func LoadDir(fsys fs.FS, dir, prefix string, o LoadOptions) ([]*Scenario, error) {
	names, err := yamlnode.Files(fsys, dir, prefix, "scenario")
	if err != nil {
		return nil, err
	}
	o = o.resolved()
	var list []*Scenario
	var errs []error
	seen := map[string]string{} // id -> "file:line" where first defined
	for _, name := range names {
		p := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("read scenario %s%s: %w", prefix, p, err))
			continue
		}
		s, idLine, perrs := parseScenario(prefix+p, data, o)
		for _, pe := range perrs {
			errs = append(errs, pe)
		}
		if s == nil || s.ID == "" {
			continue
		}
		if first, ok := seen[s.ID]; ok {
			errs = append(errs, &questions.ParseError{File: s.Source, Line: idLine, Field: "id",
				Msg: fmt.Sprintf("scenario %q is already defined in %s; keep one of the two files", s.ID, first)})
			continue
		}
		seen[s.ID] = fmt.Sprintf("%s:%d", s.Source, idLine)
		list = append(list, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return list, nil
}

// LoadPath loads the scenario file at path, or every scenario file in the
// folder at path, from disk.
func LoadPath(p string, o LoadOptions) ([]*Scenario, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load scenarios: %w", err)
	}
	if info.IsDir() {
		prefix := strings.TrimSuffix(p, string(filepath.Separator))
		prefix = strings.TrimSuffix(prefix, "/") + "/"
		return LoadDir(os.DirFS(p), ".", prefix, o)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("load scenarios: %w", err)
	}
	s, err := Parse(p, data, o)
	if err != nil {
		return nil, err
	}
	return []*Scenario{s}, nil
}

// Find returns the scenario with the given id; for an unknown id the error
// wraps ErrUnknownScenario and names the nearest ids.
func Find(list []*Scenario, id string) (*Scenario, error) {
	ids := make([]string, 0, len(list))
	for _, s := range list {
		if s.ID == id {
			return s, nil
		}
		ids = append(ids, s.ID)
	}
	if near := questions.Closest(strings.ToLower(strings.TrimSpace(id)), ids, 3, nil); len(near) > 0 {
		return nil, fmt.Errorf("%w %q; did you mean %s?", ErrUnknownScenario, id, strings.Join(near, ", "))
	}
	return nil, fmt.Errorf("%w %q; see `warroom scenario list`", ErrUnknownScenario, id)
}

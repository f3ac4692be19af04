package questions

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"strings"

	"github.com/warroom/warroom/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// ErrUnknownPractice is returned when a practice id is not in the bank.
var ErrUnknownPractice = errors.New("unknown practice")

//go:embed lenses/*.yaml
var embedded embed.FS

// ParseError is one problem in a lens file, with its position and a fix.
type ParseError struct {
	File  string // path of the lens file
	Line  int    // 1-based line, 0 when unknown
	Field string // the field at fault, such as "practices[2].risk"
	Msg   string // what is wrong and what to do
	Err   error  // underlying error, if any
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// builtinFiles are the embedded lenses, in review order.
var builtinFiles = []string{"lenses/security.yaml", "lenses/backup.yaml"}

// Default returns the built-in bank: the Security Pillar and the backup lens.
func Default() (*Bank, error) {
	lenses, err := DefaultLenses()
	if err != nil {
		return nil, err
	}
	return NewBank(lenses...)
}

// MustDefault is Default for callers that cannot proceed without the built-in bank;
// the built-in lenses are validated by tests, so a failure is a build defect.
func MustDefault() *Bank {
	b, err := Default()
	if err != nil {
		panic(err)
	}
	return b
}

// DefaultLenses returns the built-in lenses.
func DefaultLenses() ([]Lens, error) {
	lenses, err := loadFiles(embedded, builtinFiles, "embedded:")
	if err != nil {
		return nil, fmt.Errorf("load built-in lenses: %w", err)
	}
	return lenses, nil
}

// LoadDir reads every *.yaml and *.yml file in dir of fsys as one lens each,
// sorted by file name. prefix is prepended to file names in errors and Source.
// All problems of all files are returned together (errors.Join of *ParseError).
func LoadDir(fsys fs.FS, dir, prefix string) ([]Lens, error) {
	names, err := yamlnode.Files(fsys, dir, prefix, "lens")
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		names[i] = path.Join(dir, name)
	}
	return loadFiles(fsys, names, prefix)
}

// loadFiles reads the lens files at paths of fsys, in order, and checks that
// no id is defined twice across them.
func loadFiles(fsys fs.FS, paths []string, prefix string) ([]Lens, error) {
	var lenses []Lens
	var errs []error
	seen := map[string]string{} // id -> file where first defined
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("read lens %s%s: %w", prefix, p, err))
			continue
		}
		l, perrs := Parse(prefix+p, data)
		for _, pe := range perrs {
			errs = append(errs, pe)
		}
		if l == nil {
			continue
		}
		errs = append(errs, crossCheck(l, seen)...)
		lenses = append(lenses, *l)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return lenses, nil
}

// crossCheck reports ids already defined by another file of the same load.
func crossCheck(l *Lens, seen map[string]string) []error {
	var errs []error
	mark := func(kind, id string, line int) {
		key := kind + " " + id
		if first, ok := seen[key]; ok {
			errs = append(errs, &ParseError{File: l.Source, Line: line, Field: kind + " " + id,
				Msg: fmt.Sprintf("id is already defined in %s; give it a unique id", first)})
			return
		}
		seen[key] = fmt.Sprintf("%s:%d", l.Source, line)
	}
	mark("lens", l.ID, l.line)
	for _, q := range l.Questions {
		mark("question", q.ID, q.line)
		for _, p := range q.Practices {
			mark("practice", p.ID, p.line)
		}
	}
	return errs
}

var (
	lensIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	itemIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
)

// allowed keys per level, for strict decoding with helpful messages.
var (
	lensKeys     = []string{"id", "name", "description", "version", "pillar", "questions", "wa"}
	questionKeys = []string{"id", "title", "wa_question_id", "summary", "pillar", "practices", "wa"}
	practiceKeys = []string{"id", "title", "risk", "wa_choice_id", "doc_url", "meaning", "why",
		"prompts", "gap_signs", "services", "next_step", "wa"}

	// The wa: blocks keep what a Well-Architected Tool custom lens carried (lens import).
	waLensKeys       = []string{"pillars"}
	waPillarKeys     = []string{"id", "name"}
	waQuestionKeys   = []string{"helpful_resource", "none_choice", "without_none_choice", "risk_rules"}
	waNoneChoiceKeys = []string{"id", "title", "description", "helpful_resource", "improvement_plan", "additional_resources"}
	waChoiceKeys     = []string{"description", "improvement_plan_url", "additional_resources"}
	waResourceKeys   = []string{"display_text", "url"}
	waAdditionalKeys = []string{"type", "content"}
	waRuleKeys       = []string{"condition", "risk"}
)

// checkWAKeys checks the keys of a wa: block and of every mapping below it.
// keys are the block's own allowed keys; nested blocks are known by name.
func checkWAKeys(n *yaml.Node, keys []string, where string, add yamlnode.AddFunc) {
	if n == nil {
		return
	}
	yamlnode.CheckKeys(n, keys, where, add)
	if n.Kind != yaml.MappingNode {
		return
	}
	each := func(key string, allowed []string, nested func(item *yaml.Node, where string)) {
		v := yamlnode.ValueOf(n, key)
		if v == nil || v.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range v.Content {
			w := fmt.Sprintf("%s.%s[%d]", where, key, i)
			yamlnode.CheckKeys(item, allowed, w, add)
			if nested != nil {
				nested(item, w)
			}
		}
	}
	one := func(key string, allowed []string) {
		if v := yamlnode.ValueOf(n, key); v != nil {
			checkWAKeys(v, allowed, where+"."+key, add)
		}
	}
	for _, k := range keys {
		switch k {
		case "pillars":
			each(k, waPillarKeys, nil)
		case "risk_rules":
			each(k, waRuleKeys, nil)
		case "additional_resources":
			each(k, waAdditionalKeys, func(item *yaml.Node, w string) {
				if c := yamlnode.ValueOf(item, "content"); c != nil && c.Kind == yaml.SequenceNode {
					for i, cn := range c.Content {
						yamlnode.CheckKeys(cn, waResourceKeys, fmt.Sprintf("%s.content[%d]", w, i), add)
					}
				}
			})
		case "helpful_resource", "improvement_plan":
			one(k, waResourceKeys)
		case "none_choice":
			one(k, waNoneChoiceKeys)
		}
	}
}

// Parse decodes one lens file strictly and validates it. It returns the lens
// (nil if the file could not be decoded at all) and every problem found.
func Parse(file string, data []byte) (*Lens, []*ParseError) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return nil, yamlError(file, err, nil)
	}
	if len(root.Content) == 0 {
		return nil, []*ParseError{{File: file, Line: 1, Msg: "file is empty; a lens needs id, name and questions"}}
	}
	doc := root.Content[0]
	var errs []*ParseError
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, &ParseError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if doc.Kind != yaml.MappingNode {
		add(doc.Line, "", "a lens file must be a mapping with id, name and questions")
		return nil, errs
	}
	yamlnode.CheckKeys(doc, lensKeys, "lens", add)
	checkWAKeys(yamlnode.ValueOf(doc, "wa"), waLensKeys, "lens.wa", add)
	var l Lens
	if err := doc.Decode(&l); err != nil {
		return nil, append(errs, yamlError(file, err, doc)...)
	}
	l.Source = file
	l.line = doc.Line
	// Record lines of questions and practices from the node tree.
	var ruleLines [][]waRuleLine // per question: where each kept WA risk rule is
	if qs := yamlnode.ValueOf(doc, "questions"); qs != nil {
		if qs.Kind != yaml.SequenceNode {
			add(qs.Line, "questions", "must be a list of questions")
		} else {
			for qi, qn := range qs.Content {
				if qi >= len(l.Questions) {
					break
				}
				l.Questions[qi].line = qn.Line
				yamlnode.CheckKeys(qn, questionKeys, fmt.Sprintf("questions[%d]", qi), add)
				checkWAKeys(yamlnode.ValueOf(qn, "wa"), waQuestionKeys, fmt.Sprintf("questions[%d].wa", qi), add)
				ruleLines = append(ruleLines, waRuleLines(qn))
				ps := yamlnode.ValueOf(qn, "practices")
				if ps == nil || ps.Kind != yaml.SequenceNode {
					continue
				}
				for pi, pn := range ps.Content {
					if pi >= len(l.Questions[qi].Practices) {
						break
					}
					l.Questions[qi].Practices[pi].line = pn.Line
					l.Questions[qi].Practices[pi].fieldLines = yamlnode.FieldLines(pn)
					yamlnode.CheckKeys(pn, practiceKeys, fmt.Sprintf("questions[%d].practices[%d]", qi, pi), add)
					checkWAKeys(yamlnode.ValueOf(pn, "wa"), waChoiceKeys, fmt.Sprintf("questions[%d].practices[%d].wa", qi, pi), add)
				}
			}
		}
	}
	validate(&l, add)
	for qi := range l.Questions {
		var lines []waRuleLine
		if qi < len(ruleLines) {
			lines = ruleLines[qi]
		}
		checkKeptRules(&l.Questions[qi], lines, add)
	}
	return &l, errs
}

// validate checks the semantic rules of a decoded lens.
func validate(l *Lens, add func(line int, field, format string, args ...any)) {
	switch {
	case l.ID == "":
		add(l.line, "id", "missing; give the lens a short lower-case id such as %q", "my-lens")
	case !lensIDPattern.MatchString(l.ID):
		add(l.line, "id", "%q is not a valid lens id; use lower-case letters, digits and dashes", l.ID)
	}
	if strings.TrimSpace(l.Name) == "" {
		add(l.line, "name", "missing; give the lens a human-readable name")
	}
	if len(l.Questions) == 0 {
		add(l.line, "questions", "the lens has no questions; add at least one under questions:")
	}
	qseen := map[string]int{}
	pseen := map[string]int{}
	for qi := range l.Questions {
		q := &l.Questions[qi]
		qf := fmt.Sprintf("questions[%d]", qi)
		if q.ID != "" {
			qf = "question " + q.ID
		}
		switch {
		case q.ID == "":
			add(q.line, qf+".id", "missing; give the question an id such as SEC01")
		case !itemIDPattern.MatchString(q.ID):
			add(q.line, qf+".id", "%q is not a valid id; use letters, digits, dots, dashes or underscores", q.ID)
		default:
			if first, ok := qseen[q.ID]; ok {
				add(q.line, qf+".id", "duplicate question id (first defined on line %d); give each question a unique id", first)
			} else {
				qseen[q.ID] = q.line
			}
		}
		if strings.TrimSpace(q.Title) == "" {
			add(q.line, qf+".title", "missing title; add the question text under title:")
		}
		if len(q.Practices) == 0 {
			add(q.line, qf+".practices", "the question has no practices; add at least one")
		}
		for pi := range q.Practices {
			p := &q.Practices[pi]
			pf := fmt.Sprintf("%s.practices[%d]", qf, pi)
			if p.ID != "" {
				pf = "practice " + p.ID
			}
			switch {
			case p.ID == "":
				add(p.line, pf+".id", "missing; give the practice an id such as %s-BP01", orDefault(q.ID, "SEC01"))
			case !itemIDPattern.MatchString(p.ID):
				add(p.line, pf+".id", "%q is not a valid id; use letters, digits, dots, dashes or underscores", p.ID)
			default:
				if first, ok := pseen[p.ID]; ok {
					add(p.line, pf+".id", "duplicate practice id (first defined on line %d); give each practice a unique id", first)
				} else {
					pseen[p.ID] = p.line
				}
			}
			if strings.TrimSpace(p.Title) == "" {
				add(p.line, pf+".title", "missing title; add a one-line title under title:")
			}
			switch {
			case p.Risk == "":
				add(p.line, pf+".risk", "missing; set risk to high, medium or low")
			case !p.Risk.Valid():
				add(p.lineOf("risk"), pf+".risk", "%q is not a risk level; set risk to high, medium or low", string(p.Risk))
			}
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// yamlError turns a YAML decoding error into one ParseError per problem,
// each with its line and, for a wrongly typed value of doc (nil: not
// decoded yet), its field, as the shared yamlnode.Describe places them.
func yamlError(file string, err error, doc *yaml.Node) []*ParseError {
	var out []*ParseError
	for _, p := range yamlnode.Describe(err, doc, reflect.TypeFor[Lens]()) {
		out = append(out, &ParseError{File: file, Line: p.Line, Field: p.Field, Msg: p.Msg, Err: p.Err})
	}
	return out
}

package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/internal/yamlnode"
	"github.com/warroom/warroom/questions"
)

// AnswerFileVersion is the version of the answers file format.
const AnswerFileVersion = 1

// AnswerFile is the format of `answer import` and `answer export`, in YAML or JSON.
type AnswerFile struct {
	Version    int       `json:"version" yaml:"version"`
	Workload   string    `json:"workload,omitempty" yaml:"workload,omitempty"`
	ExportedAt time.Time `json:"exported_at,omitzero" yaml:"exported_at,omitempty"`
	Answers    []Answer  `json:"answers" yaml:"answers"`
}

var (
	answerFileKeys = []string{"version", "workload", "exported_at", "answers"}
	answerKeys     = []string{"practice", "status", "reason", "note", "by", "at"}
	// exportOnlyKeys are written by export for the record and ignored on import.
	exportOnlyKeys = []string{"id", "source", "recorded_at"}
)

// ImportOptions fills what an answers file leaves out.
type ImportOptions struct {
	By  string    // who answered, for rows without "by"
	Now time.Time // answer time for rows without "at"
}

// ParseAnswerFile reads an answers file (YAML, or JSON, which YAML reads too)
// and checks every row against the bank. It returns all rows or, if any row is
// bad, no rows and every problem with its file and line (*questions.ParseError
// values joined with errors.Join).
func ParseAnswerFile(file string, data []byte, bank *questions.Bank, opts ImportOptions) ([]Answer, error) {
	var errs []error
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, &questions.ParseError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, &questions.ParseError{File: file, Msg: "not valid YAML or JSON: " + msg, Err: err}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &questions.ParseError{File: file, Line: 1,
			Msg: "expected a mapping with an answers: list (see `warroom answer export` for the format)"}
	}
	doc := root.Content[0]
	checkFields(doc, answerFileKeys, "file", add)
	list := yamlnode.ValueOf(doc, "answers")
	if list == nil {
		add(doc.Line, "answers", "missing; list the answers under answers:")
		return nil, errors.Join(errs...)
	}
	if list.Kind != yaml.SequenceNode {
		add(list.Line, "answers", "must be a list of answers")
		return nil, errors.Join(errs...)
	}
	if v := yamlnode.ValueOf(doc, "version"); v != nil && v.Value != "1" {
		add(v.Line, "version", "unsupported version %q; this build reads version %d", v.Value, AnswerFileVersion)
	}
	var out []Answer
	for i, n := range list.Content {
		where := fmt.Sprintf("answers[%d]", i)
		if n.Kind != yaml.MappingNode {
			add(n.Line, where, "each answer must be a mapping with practice, status and by")
			continue
		}
		get := func(k string) (string, int) {
			if v := yamlnode.ValueOf(n, k); v != nil {
				return strings.TrimSpace(v.Value), v.Line
			}
			return "", n.Line
		}
		pid, pline := get("practice")
		if pid != "" {
			where = "answer " + pid
		}
		checkFields(n, append(append([]string{}, answerKeys...), exportOnlyKeys...), where, add)
		a := Answer{Reason: strings.TrimSpace(nodeValue(n, "reason")), Note: strings.TrimSpace(nodeValue(n, "note"))}
		switch p, err := bank.Lookup(pid); {
		case pid == "":
			add(n.Line, where+".practice", "missing; give the practice id, such as SEC02-BP01")
		case err != nil:
			add(pline, where+".practice", "%v", err)
		default:
			a.PracticeID = p.ID
		}
		st, sline := get("status")
		if st == "" {
			add(n.Line, where+".status", "missing; use met, partial, not-met or not-applicable")
		} else if s, err := ParseStatus(st); err != nil {
			add(sline, where+".status", "%v", err)
		} else {
			a.Status = s
		}
		if a.Status == NotApplicable && a.Reason == "" {
			add(sline, where+".reason", "not-applicable needs a reason: say why the practice does not apply")
		}
		by, _ := get("by")
		if by == "" {
			by = opts.By
		}
		if by == "" {
			add(n.Line, where+".by", "missing; say who gave the answer (or pass --by)")
		}
		a.By = by
		at, aline := get("at")
		if at == "" {
			a.At = opts.Now.UTC()
		} else if t, err := time.Parse(time.RFC3339, at); err != nil {
			add(aline, where+".at", "%q is not a time; use RFC 3339, such as 2026-10-13T09:12:00Z", at)
		} else {
			a.At = t.UTC()
		}
		out = append(out, a)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &questions.ParseError{File: file, Line: list.Line, Field: "answers", Msg: "the list is empty; nothing to import"}
	}
	return out, nil
}

// Encode writes the answers file as JSON (format "json") or YAML.
func (f AnswerFile) Encode(format string) ([]byte, error) {
	if f.Version == 0 {
		f.Version = AnswerFileVersion
	}
	if f.Answers == nil {
		f.Answers = []Answer{}
	}
	for i := range f.Answers {
		f.Answers[i].At = f.Answers[i].At.UTC()
	}
	if format == "json" {
		b, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
	var buf bytes.Buffer
	buf.WriteString("# warroom answers: every answer recorded, oldest first; `warroom answer import` reads this file\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

func checkFields(n *yaml.Node, allowed []string, where string, add func(int, string, string, ...any)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		found := false
		for _, a := range allowed {
			found = found || a == k.Value
		}
		if !found {
			add(k.Line, where+"."+k.Value, "unknown field; allowed fields are %s", strings.Join(allowed, ", "))
		}
	}
}

func nodeValue(n *yaml.Node, key string) string {
	if v := yamlnode.ValueOf(n, key); v != nil {
		return v.Value
	}
	return ""
}

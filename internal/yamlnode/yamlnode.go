// Package yamlnode holds what the strict YAML loaders (lenses, scenarios,
// scripts) share: strict loading of one document, key checks against the allowed fields with a suggestion for typos,
// lookups in a node tree, an index of field paths to line numbers, readable
// decoding errors and nearest-id suggestions.
package yamlnode

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// AddFunc records one problem: the line it is on, the field at fault and a
// message saying what to fix.
type AddFunc func(line int, field, format string, args ...any)

// join returns the field path of key inside where ("" is the document).
func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// CheckKeys reports keys of a mapping node that are not in allowed (with the
// nearest allowed key when one is close), and keys that appear twice. A node
// that is not a mapping is reported as such.
func CheckKeys(n *yaml.Node, allowed []string, where string, add AddFunc) {
	if n.Kind != yaml.MappingNode {
		add(n.Line, where, "must be a mapping of fields")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		checkKey(n, i, allowed, where, seen, add)
	}
}

// appearsTwice is the message for a key given twice in one mapping.
const appearsTwice = "field appears twice; keep one"

// checkKey reports the i-th key of mapping n when it is a repeat or not
// allowed, and says whether it is allowed.
func checkKey(n *yaml.Node, i int, allowed []string, where string, seen map[string]bool, add AddFunc) bool {
	k := n.Content[i]
	if seen[k.Value] {
		add(k.Line, join(where, k.Value), "%s", appearsTwice)
	}
	seen[k.Value] = true
	for _, a := range allowed {
		if k.Value == a {
			return true
		}
	}
	hint := ""
	if s := nearestKey(k.Value, allowed); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	if v := n.Content[i+1]; n.Style&yaml.FlowStyle != 0 && v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" {
		// {title: A, B and C}: the comma ended the value and began a key.
		hint += " (a comma inside {...} ends the value before it; put that value in quotes)"
	}
	add(k.Line, join(where, k.Value), "unknown field%s; allowed fields are %s", hint, strings.Join(allowed, ", "))
	return false
}

// checkStruct runs CheckKeys on n and on every mapping below it, in
// document order, taking the allowed keys of each level from the yaml tags of the Go type decoded into
// it (t: a struct, a slice of them, or pointers to either). Nodes whose kind
// does not fit the type are left to the decoder, which reports them.
func checkStruct(n *yaml.Node, t reflect.Type, where string, add AddFunc) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode {
		return
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range n.Content {
			checkStruct(item, t.Elem(), fmt.Sprintf("%s[%d]", where, i), add)
		}
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		fields := yamlFields(t)
		allowed := make([]string, 0, len(fields))
		for _, f := range fields {
			allowed = append(allowed, f.key)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if !checkKey(n, i, allowed, where, seen, add) {
				continue
			}
			for _, f := range fields {
				if f.key == k.Value {
					checkStruct(n.Content[i+1], f.typ, join(where, k.Value), add)
					break
				}
			}
		}
	}
}

type yamlField struct {
	key string
	typ reflect.Type
}

// yamlFields lists the keys a struct type decodes, in declaration order.
func yamlFields(t reflect.Type) []yamlField {
	var out []yamlField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = strings.ToLower(sf.Name)
		}
		out = append(out, yamlField{name, sf.Type})
	}
	return out
}

// ValueOf returns the value node for key in a mapping node, or nil.
func ValueOf(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// FieldLines maps each key of a mapping node to the line it is on.
func FieldLines(n *yaml.Node) map[string]int {
	m := map[string]int{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = n.Content[i].Line
	}
	return m
}

// Lines maps field paths ("injects[2].questions[0].checks[1]") to the line
// they are on: the key's line for a mapping value, the item's for a list
// item. The document itself is "".
type Lines map[string]int

// Index records the line of every field and list item under n.
func Index(n *yaml.Node) Lines {
	l := Lines{}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n != nil {
		l.walk(n, "", n.Line)
	}
	return l
}

func (l Lines) walk(n *yaml.Node, path string, line int) {
	l[path] = line
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p := join(path, k.Value)
			if _, dup := l[p]; dup {
				continue // the first of duplicate keys keeps the path
			}
			l.walk(n.Content[i+1], p, k.Line)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			l.walk(item, fmt.Sprintf("%s[%d]", path, i), item.Line)
		}
	}
}

// Of returns the line of path, or of its nearest recorded parent when the
// field itself is absent (a missing field is reported where its parent is).
func (l Lines) Of(path string) int {
	for {
		if line, ok := l[path]; ok {
			return line
		}
		if path == "" {
			return 0
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// Problem is one decoding problem with its line (0 when unknown) and, when
// it could be placed, the field it is in.
type Problem struct {
	Line  int
	Field string // "injects[0].timebox_min"; "" when not known
	Msg   string
	Err   error // the decoding error the problem came from
	// DuplicateKey marks a key given twice in one mapping, which CheckKeys
	// also reports (with the field), so callers that ran it can skip these.
	DuplicateKey bool
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+): (.*)`)
	duplicateKey = regexp.MustCompile(`^mapping key .* already defined at line \d+$`)
	typeMismatch = regexp.MustCompile("^cannot unmarshal (!![a-z]+)(?: `(.*)`)? into (.+)$")
)

// Describe turns an error of yaml decoding into problems with lines and
// messages that say what to fix: one per wrongly typed value, or one for a
// syntax error. doc (the document or its root node) and t (the Go type doc
// was decoded into) place a wrongly typed value at its field path and name
// the kind of value expected in plain words; either may be nil.
func Describe(err error, doc *yaml.Node, t reflect.Type) []Problem {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		out := make([]Problem, 0, len(te.Errors))
		for _, e := range te.Errors {
			p := Problem{Msg: e, Err: err}
			if m := yamlLine.FindStringSubmatch(e); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
				p.Msg = m[2]
			}
			switch m := typeMismatch.FindStringSubmatch(p.Msg); {
			case duplicateKey.MatchString(p.Msg):
				p.DuplicateKey = true
				p.Msg += "; keep one"
			case m != nil:
				tag, value, goType := m[1], m[2], m[3]
				want := goTypeWords(goType)
				if path, rt, ok := locate(doc, t, p.Line, tag, value); ok {
					p.Field = path
					if rt != nil {
						want = typeWords(rt)
					}
				}
				got := tagWords(tag)
				if value != "" {
					got += fmt.Sprintf(" (%q)", value)
				}
				p.Msg = fmt.Sprintf("got %s where %s belongs; fix the value's type", got, want)
			default:
				p.Msg += "; fix the value's type"
			}
			out = append(out, p)
		}
		return out
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	return []Problem{{Line: line, Msg: "not valid YAML: " + msg, Err: err}}
}

// locate finds the first value node under doc, in document order, that is
// on line and is of the kind tag says (and, for a scalar, has value, which
// the decoder shortens to 7 characters and "..." past 10; for a list or a
// mapping, one its Go type does not take). It returns its
// field path and the Go type it decodes into (nil when t is nil or the path
// leaves the type).
func locate(doc *yaml.Node, t reflect.Type, line int, tag, value string) (string, reflect.Type, bool) {
	if doc == nil {
		return "", nil, false
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return "", nil, false
		}
		doc = doc.Content[0]
	}
	// accepts reports whether a value of Go type t (nil: not known) takes
	// a node of kind k, so that a list or mapping holding the wrongly typed
	// one on the same line is passed over.
	accepts := func(t reflect.Type, k yaml.Kind) bool {
		if t == nil {
			return false
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array:
			return k == yaml.SequenceNode
		case reflect.Map, reflect.Struct:
			return k == yaml.MappingNode && t != reflect.TypeFor[time.Time]()
		case reflect.Interface:
			return true
		}
		return false
	}
	match := func(n *yaml.Node, t reflect.Type) bool {
		if n.Line != line {
			return false
		}
		switch tag {
		case "!!seq":
			return n.Kind == yaml.SequenceNode && !accepts(t, n.Kind)
		case "!!map":
			return n.Kind == yaml.MappingNode && !accepts(t, n.Kind)
		}
		if n.Kind != yaml.ScalarNode || n.ShortTag() != tag {
			return false
		}
		if short, ok := strings.CutSuffix(value, "..."); ok && len(n.Value) > 10 {
			return strings.HasPrefix(n.Value, short)
		}
		return n.Value == value
	}
	var walk func(n *yaml.Node, t reflect.Type, path string) (string, reflect.Type, bool)
	walk = func(n *yaml.Node, t reflect.Type, path string) (string, reflect.Type, bool) {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if match(n, t) {
			return path, t, true
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i].Value
				if p, rt, ok := walk(n.Content[i+1], fieldType(t, key), join(path, key)); ok {
					return p, rt, ok
				}
			}
		case yaml.SequenceNode:
			var et reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				et = t.Elem()
			}
			for i, item := range n.Content {
				if p, rt, ok := walk(item, et, fmt.Sprintf("%s[%d]", path, i)); ok {
					return p, rt, ok
				}
			}
		}
		return "", nil, false
	}
	return walk(doc, t, "")
}

// fieldType is the type the value of key decodes into in t (a struct or a
// map), or nil.
func fieldType(t reflect.Type, key string) reflect.Type {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		for _, f := range yamlFields(t) {
			if f.key == key {
				return f.typ
			}
		}
	}
	return nil
}

// tagWords names a YAML tag in plain words.
func tagWords(tag string) string {
	switch tag {
	case "!!str":
		return "text"
	case "!!int":
		return "a whole number"
	case "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!null":
		return "an empty value"
	case "!!seq":
		return "a list"
	case "!!map":
		return "a mapping of fields"
	case "!!timestamp":
		return "a time"
	}
	return "a value tagged " + tag
}

// typeWords names the kind of value a Go type takes in plain words.
func typeWords(t reflect.Type) string {
	if t == reflect.TypeFor[time.Time]() {
		return "a time"
	}
	if t == reflect.TypeFor[time.Duration]() {
		return "a duration such as 15m"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number of 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping of fields"
	}
	return "another kind of value"
}

// goTypeWords is typeWords for a type known only by the name the decoder
// printed ("[]string", "int", "scenarios.Role").
func goTypeWords(name string) string {
	switch {
	case strings.HasPrefix(name, "[]") || strings.HasPrefix(name, "["):
		return "a list"
	case strings.HasPrefix(name, "map["):
		return "a mapping of fields"
	case name == "time.Time":
		return "a time"
	case name == "string":
		return "text"
	case name == "bool":
		return "true or false"
	case strings.HasPrefix(name, "float"):
		return "a number"
	case strings.HasPrefix(name, "uint"):
		return "a whole number of 0 or more"
	case strings.HasPrefix(name, "int"):
		return "a whole number"
	}
	return "another kind of value"
}

// Load decodes one strict YAML document into out (a pointer to a struct):
// the document must be a mapping (else notMapping is reported at its line;
// empty at line 1 when there is no document), its keys are checked against
// out's yaml tags at every level (checkStruct), and it is decoded. Every
// problem goes to report; a key given twice, which checkStruct reports with
// its field, is not reported again by the decoder. Load returns the
// document's root mapping (nil when there is none) and whether out was
// decoded.
func Load(data []byte, out any, empty, notMapping string, report func(Problem)) (*yaml.Node, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		for _, p := range Describe(err, nil, nil) {
			report(p)
		}
		return nil, false
	}
	if len(root.Content) == 0 {
		report(Problem{Line: 1, Msg: empty})
		return nil, false
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		report(Problem{Line: doc.Line, Msg: notMapping})
		return nil, false
	}
	t := reflect.TypeOf(out)
	twice := map[int]bool{} // lines of keys checkStruct found given twice
	checkStruct(doc, t, "", func(line int, field, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if msg == appearsTwice {
			twice[line] = true
		}
		report(Problem{Line: line, Field: field, Msg: msg})
	})
	if err := doc.Decode(out); err != nil {
		for _, p := range Describe(err, doc, t) {
			if p.DuplicateKey && twice[p.Line] {
				continue
			}
			report(p)
		}
		return doc, false
	}
	return doc, true
}

// nearestKey is the allowed key at most two edits from s, or "".
func nearestKey(s string, options []string) string {
	best, bestD := "", 3
	for _, o := range options {
		if d := distance(s, o); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// Closest returns up to n of ids closest to want by edit distance, nearest
// first (ties by id), leaving out any more than about half of want away.
// norm, when not nil, is applied to each id before comparing.
func Closest(want string, ids []string, n int, norm func(string) string) []string {
	type cand struct {
		id   string
		dist int
	}
	cs := make([]cand, 0, len(ids))
	for _, id := range ids {
		cmp := id
		if norm != nil {
			cmp = norm(id)
		}
		cs = append(cs, cand{id, distance(want, cmp)})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return cs[i].id < cs[j].id
	})
	var out []string
	for _, c := range cs {
		if len(out) == n || c.dist > len(want)/2+1 {
			break
		}
		out = append(out, c.id)
	}
	return out
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Files lists the .yaml and .yml files directly in dir, sorted by name. what
// names the folder's contents in errors ("lens", "scenario"); prefix is
// prepended to dir in them. A folder without such files is an error.
func Files(fsys fs.FS, dir, prefix, what string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s folder %s%s: %w", what, prefix, dir, err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if ext := path.Ext(e.Name()); ext == ".yaml" || ext == ".yml" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("%s folder %s%s holds no .yaml or .yml files", what, prefix, dir)
	}
	return names, nil
}

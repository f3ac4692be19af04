package yamlnode

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// parseDoc decodes src into its document's root node.
func parseDoc(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	return root.Content[0]
}

// collect returns an AddFunc and the problems it records as "line: field: msg".
func collect() (AddFunc, *[]string) {
	var out []string
	return func(line int, field, format string, args ...any) {
		out = append(out, fmt.Sprintf("%d: %s: %s", line, field, fmt.Sprintf(format, args...)))
	}, &out
}

func TestCheckKeys(t *testing.T) {
	n := parseDoc(t, "id: a\nnmae: b\nid: c\ncolour: d\n")
	add, got := collect()
	CheckKeys(n, []string{"id", "name"}, "lens", add)
	want := []string{
		`2: lens.nmae: unknown field (did you mean "name"?); allowed fields are id, name`,
		`3: lens.id: field appears twice; keep one`,
		`4: lens.colour: unknown field; allowed fields are id, name`,
	}
	if strings.Join(*got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(*got, "\n"), strings.Join(want, "\n"))
	}

	// A comma inside a flow mapping splits a value into a stray key.
	add, got = collect()
	CheckKeys(parseDoc(t, "{id: a, name: A, B and C}\n"), []string{"id", "name"}, "", add)
	want = []string{
		`1: B and C: unknown field (a comma inside {...} ends the value before it; put that value in quotes); allowed fields are id, name`,
	}
	if strings.Join(*got, "\n") != strings.Join(want, "\n") {
		t.Errorf("flow mapping:\n%s", strings.Join(*got, "\n"))
	}

	add, got = collect()
	CheckKeys(parseDoc(t, "- a\n"), []string{"id"}, "", add)
	if len(*got) != 1 || (*got)[0] != "1: : must be a mapping of fields" {
		t.Errorf("sequence: %q", *got)
	}
}

type testLeaf struct {
	Check string `yaml:"check"`
	Is    string `yaml:"is"`
}

type testItem struct {
	ID      string     `yaml:"id"`
	When    testLeaf   `yaml:"when"`
	Leaves  []testLeaf `yaml:"leaves"`
	Skipped string     `yaml:"-"`
	Plain   int
	hidden  int
}

type testRoot struct {
	Name  string      `yaml:"name,omitempty"`
	Items []*testItem `yaml:"items"`
}

func TestCheckStruct(t *testing.T) {
	src := `name: x
nmae: y
items:
  - id: a
    when: {check: c, iss: fail}
    leaves:
      - {check: c, is: pass}
      - {chek: c}
    plain: 3
    skipped: no
    hidden: 1
  - just a string
items2: []
`
	add, got := collect()
	checkStruct(parseDoc(t, src), reflect.TypeFor[testRoot](), "", add)
	want := []string{
		`2: nmae: unknown field (did you mean "name"?); allowed fields are name, items`,
		`5: items[0].when.iss: unknown field (did you mean "is"?); allowed fields are check, is`,
		`8: items[0].leaves[1].chek: unknown field (did you mean "check"?); allowed fields are check, is`,
		`10: items[0].skipped: unknown field; allowed fields are id, when, leaves, plain`,
		`11: items[0].hidden: unknown field; allowed fields are id, when, leaves, plain`,
		`13: items2: unknown field (did you mean "items"?); allowed fields are name, items`,
	}
	if strings.Join(*got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(*got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValueOfAndFieldLines(t *testing.T) {
	n := parseDoc(t, "a: 1\nb:\n  - x\n")
	if v := ValueOf(n, "a"); v == nil || v.Value != "1" {
		t.Errorf("ValueOf a = %v", v)
	}
	if v := ValueOf(n, "b"); v == nil || v.Kind != yaml.SequenceNode {
		t.Errorf("ValueOf b = %v", v)
	}
	if ValueOf(n, "c") != nil || ValueOf(nil, "a") != nil || ValueOf(ValueOf(n, "b"), "x") != nil {
		t.Error("ValueOf of a missing key or a non-mapping is not nil")
	}
	if got := FieldLines(n); !reflect.DeepEqual(got, map[string]int{"a": 1, "b": 2}) {
		t.Errorf("FieldLines = %v", got)
	}
	if got := FieldLines(ValueOf(n, "b")); len(got) != 0 {
		t.Errorf("FieldLines of a sequence = %v", got)
	}
}

func TestIndex(t *testing.T) {
	src := `id: x
injects:
  - id: one
    questions:
      - {id: q1, checks: [a, b]}
      - id: q2
        text: >-
          Long
          text
`
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	l := Index(&root)
	tests := []struct {
		path string
		line int
	}{
		{"", 1},
		{"id", 1},
		{"injects", 2},
		{"injects[0]", 3},
		{"injects[0].id", 3},
		{"injects[0].questions[0]", 5},
		{"injects[0].questions[0].checks[1]", 5},
		{"injects[0].questions[1].text", 7},
		{"injects[0].questions[1].practices", 6}, // missing: its parent's line
		{"injects[0].narrative", 3},
		{"injects[3].id", 2},
		{"nothing.at.all", 1},
	}
	for _, tt := range tests {
		if got := l.Of(tt.path); got != tt.line {
			t.Errorf("Of(%q) = %d, want %d", tt.path, got, tt.line)
		}
	}
	if got := Index(nil).Of("x"); got != 0 {
		t.Errorf("empty index: %d", got)
	}
}

func TestDescribe(t *testing.T) {
	type leaf struct {
		Tags []string `yaml:"tags"`
		On   bool     `yaml:"on"`
	}
	type doc struct {
		N      int             `yaml:"n"`
		L      []string        `yaml:"l"`
		Name   string          `yaml:"name"`
		Leaves []leaf          `yaml:"leaves"`
		M      map[string]leaf `yaml:"m"`
		F      float64         `yaml:"f"`
	}
	src := "n: many\nl: one\nname: [a]\nleaves:\n  - {tags: x, on: maybe}\n  - tags: [a, b]\n    on: true\nm:\n  k: {tags: {a: 1}}\nf: a-very-long-word\nx: 1\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	var v doc
	err := root.Decode(&v)
	got := Describe(err, &root, reflect.TypeFor[doc]())
	want := []string{
		`1 n: got text ("many") where a whole number belongs; fix the value's type`,
		`2 l: got text ("one") where a list belongs; fix the value's type`,
		`3 name: got a list where text belongs; fix the value's type`,
		`5 leaves[0].tags: got text ("x") where a list belongs; fix the value's type`,
		`5 leaves[0].on: got text ("maybe") where true or false belongs; fix the value's type`,
		`9 m.k.tags: got a mapping of fields where a list belongs; fix the value's type`,
		`10 f: got text ("a-very-...") where a number belongs; fix the value's type`,
	}
	var lines []string
	for _, p := range got {
		lines = append(lines, fmt.Sprintf("%d %s: %s", p.Line, p.Field, p.Msg))
		if p.Err != err {
			t.Errorf("problem %q does not carry the decoding error", p.Msg)
		}
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("type errors:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	// Without the node tree the Go type's name still reads in plain words.
	got = Describe(err, nil, nil)
	if len(got) != len(want) || got[0].Field != "" || got[0].Msg != `got text ("many") where a whole number belongs; fix the value's type` ||
		got[5].Msg != "got a mapping of fields where a list belongs; fix the value's type" {
		t.Errorf("without a tree: %+v", got)
	}

	err = yaml.Unmarshal([]byte("n: 1\nn: 2\n"), &v)
	got = Describe(err, nil, nil)
	if len(got) != 1 || !got[0].DuplicateKey || got[0].Line != 2 || !strings.HasSuffix(got[0].Msg, "; keep one") {
		t.Errorf("duplicate key: %+v", got)
	}

	err = yaml.Unmarshal([]byte("a: [1\nb: 2\n"), &v)
	got = Describe(err, nil, nil)
	if len(got) != 1 || got[0].Line == 0 || !strings.HasPrefix(got[0].Msg, "not valid YAML: ") {
		t.Errorf("syntax error: %+v", got)
	}

	plain := errors.New("something else")
	got = Describe(plain, nil, nil)
	if len(got) != 1 || got[0] != (Problem{Msg: "not valid YAML: something else", Err: plain}) {
		t.Errorf("plain error: %+v", got)
	}
}

func TestLoad(t *testing.T) {
	type item struct {
		ID string `yaml:"id"`
		N  int    `yaml:"n"`
	}
	type doc struct {
		Name  string `yaml:"name"`
		Items []item `yaml:"items"`
	}
	tests := []struct {
		name    string
		src     string
		decoded bool
		want    []string // "line field: msg"
	}{
		{"good", "name: x\nitems:\n  - {id: a, n: 1}\n", true, nil},
		{"empty", "", false, []string{"1 : empty!"}},
		{"comment only", "# nothing\n", false, []string{"1 : empty!"}},
		{"not a mapping", "- a\n", false, []string{"1 : not a mapping!"}},
		{"syntax", "name: [\n", false, []string{"1 : not valid YAML: did not find expected node content"}},
		{"unknown key and wrong type together", "name: x\nitems:\n  - {id: a, nn: 1}\n  - {id: b, n: two}\n", false, []string{
			`3 items[0].nn: unknown field (did you mean "n"?); allowed fields are id, n`,
			`4 items[1].n: got text ("two") where a whole number belongs; fix the value's type`,
		}},
		{"a key twice is reported once, with its field", "name: x\nitems:\n  - id: a\n    id: b\n", false, []string{
			"4 items[0].id: field appears twice; keep one",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			var out doc
			n, ok := Load([]byte(tt.src), &out, "empty!", "not a mapping!", func(p Problem) {
				got = append(got, fmt.Sprintf("%d %s: %s", p.Line, p.Field, p.Msg))
			})
			if ok != tt.decoded || strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("decoded %v, problems:\n%s\nwant %v:\n%s", ok, strings.Join(got, "\n"), tt.decoded, strings.Join(tt.want, "\n"))
			}
			if ok && (n == nil || n.Kind != yaml.MappingNode || out.Name != "x" || len(out.Items) != 1 || out.Items[0].N != 1) {
				t.Errorf("decoded %+v, node %v", out, n)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	ids := []string{"SEC01-BP01", "SEC01-BP02", "SEC10-BP01", "REL09-BP01"}
	tests := []struct {
		want string
		n    int
		norm func(string) string
		got  string
	}{
		{"SEC01-BP1", 2, nil, "SEC01-BP01,SEC01-BP02"},
		{"sec10-bp01", 2, strings.ToLower, "SEC10-BP01,SEC01-BP01"},
		{"zzz", 3, nil, ""},
		{"REL09-BP01", 1, nil, "REL09-BP01"},
	}
	for _, tt := range tests {
		if got := strings.Join(Closest(tt.want, ids, tt.n, tt.norm), ","); got != tt.got {
			t.Errorf("Closest(%q, %d) = %q, want %q", tt.want, tt.n, got, tt.got)
		}
	}
	if d := distance("kitten", "sitting"); d != 3 {
		t.Errorf("distance = %d", d)
	}
}

func TestJoin(t *testing.T) {
	if join("", "id") != "id" || join("roles[0]", "id") != "roles[0].id" {
		t.Error("join")
	}
}

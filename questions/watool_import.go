package questions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// WAImport is a Well-Architected Tool custom lens turned into a warroom lens.
type WAImport struct {
	// Lens is the lens as read back from YAML.
	Lens Lens
	// YAML is the lens file, in the format of --lens-dir lenses.
	YAML []byte
	// Warnings say where warroom cannot score the lens exactly as the WA Tool does.
	Warnings []string
}

// MaxWAToolFileBytes is the largest custom lens file warroom reads: the WA
// Tool imports at most 500,000 characters of JSON, which this many bytes
// hold with room for characters beyond ASCII.
const MaxWAToolFileBytes = 1_000_000

// ReadWATool reads a custom lens file from r, at most MaxWAToolFileBytes; a
// larger file (or an endless one such as /dev/zero) is an error naming file,
// read no further than one byte past the cap.
func ReadWATool(file string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWAToolFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read lens %s: %w", file, err)
	}
	if len(data) > MaxWAToolFileBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes; the WA Tool imports custom lenses of at most %d characters: check that it is a lens file, or split it into several lenses",
			file, MaxWAToolFileBytes, waMaxJSONChars)
	}
	return data, nil
}

// ImportWATool decodes a Well-Architected Tool custom lens (JSON) strictly,
// checks it against the format's limits, and converts it into a warroom
// lens with id (a slug of the lens name when ""). Practice risk levels come
// from the question's risk rules; what warroom does not model is kept under
// wa: so that exporting the lens gives the original back. file names the
// source in errors and in the YAML file's header.
func ImportWATool(file string, data []byte, id string) (*WAImport, error) {
	doc, lines, err := decodeWATool(file, data)
	if err != nil {
		return nil, err
	}
	var errs []error
	var warnings []string
	for _, p := range checkWATool(doc) {
		path := p.loc.path(p.field)
		if p.warning {
			warnings = append(warnings, path+": "+p.msg)
			continue
		}
		errs = append(errs, &ParseError{File: file, Line: lines.Of(path), Field: path, Msg: p.msg})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if id == "" {
		id = slugWA(doc.Name)
		if id == "" {
			return nil, fmt.Errorf("%s: the lens name %q has no letters or digits to make a lens id of; choose an id", file, doc.Name)
		}
	} else if err := CheckLensID(id); err != nil {
		return nil, err
	}
	l, w, err := fromWATool(file, doc, id, lines)
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, w...)
	out, err := lensYAML(file, l)
	if err != nil {
		return nil, err
	}
	back, perrs := Parse(file+" (imported as "+id+".yaml)", out)
	if len(perrs) > 0 {
		var errs []error
		for _, pe := range perrs {
			errs = append(errs, pe)
		}
		return nil, fmt.Errorf("the lens imported from %s does not load as a warroom lens (a warroom defect; please report it): %w", file, errors.Join(errs...))
	}
	return &WAImport{Lens: *back, YAML: out, Warnings: warnings}, nil
}

// CheckLensID says what is wrong with a lens id, or returns nil.
func CheckLensID(id string) error {
	if !lensIDPattern.MatchString(id) {
		return fmt.Errorf("lens id %q is not valid; use up to 64 lower-case letters, digits and dashes, starting with a letter or digit", id)
	}
	return nil
}

// slugWA makes a lens id of a name: lower-case letters and digits, every
// other run of characters one dash, at most 64 characters.
func slugWA(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < utf8.RuneSelf && isAlnum(byte(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}

// warroomItemID is the warroom id of a WA id: the WA id when warroom's id
// pattern accepts it, else the WA id without leading underscores, cut to
// 64 characters.
func warroomItemID(waID string) string {
	if itemIDPattern.MatchString(waID) {
		return waID
	}
	s := strings.TrimLeft(waID, "_")
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// fromWATool converts a checked custom lens into a warroom lens.
func fromWATool(file string, doc *WAToolLens, id string, lines yamlnode.Lines) (*Lens, []string, error) {
	l := &Lens{ID: id, Name: doc.Name, Description: doc.Description, Pillar: doc.Pillars[0].ID}
	var warnings []string
	var errs []error
	fail := func(loc waLoc, field, format string, args ...any) {
		path := loc.path(field)
		errs = append(errs, &ParseError{File: file, Line: lines.Of(path), Field: path, Msg: fmt.Sprintf(format, args...)})
	}
	for _, p := range doc.Pillars {
		want := p.ID
		if n, ok := waPillarNames[p.ID]; ok {
			want = n
		}
		if p.Name != want {
			if l.WA == nil {
				l.WA = &WALens{}
			}
			l.WA.Pillars = append(l.WA.Pillars, WAPillarName{ID: p.ID, Name: p.Name})
		}
	}
	questionIDs := map[string]string{} // warroom id → WA id
	practiceIDs := map[string]string{}
	for pi, p := range doc.Pillars {
		for qi, wq := range p.Questions {
			qloc := waLoc{pi, qi, -1, -1}
			q := Question{ID: warroomItemID(wq.ID), Title: wq.Title, WAQuestionID: wq.ID, Summary: wq.Description}
			if pi > 0 {
				q.Pillar = p.ID
			}
			switch other, dup := questionIDs[q.ID]; {
			case !itemIDPattern.MatchString(q.ID):
				fail(qloc, "id", "%q cannot be made a warroom id (letters, digits, dots, dashes or underscores, at most 64, starting with a letter or digit); shorten it", wq.ID)
				continue
			case dup:
				fail(qloc, "id", "gives the warroom id %s, which question %s also gives; shorten the ids so they differ within 64 characters", q.ID, other)
				continue
			}
			questionIDs[q.ID] = wq.ID
			if q.ID != wq.ID {
				warnings = append(warnings, fmt.Sprintf("%s: the WA id is longer than warroom accepts; its warroom id is %s (wa_question_id keeps the WA id)", wq.ID, q.ID))
			}
			wa := &WAQuestion{}
			if r := wq.HelpfulResource; r != nil {
				wa.HelpfulResource = &WAResource{DisplayText: r.DisplayText, URL: r.URL}
			}
			var choiceIDs []string
			noneAt := -1
			for ci, c := range wq.Choices {
				cloc := waLoc{pi, qi, ci, -1}
				if strings.HasSuffix(c.ID, waNoneSuffix) {
					if noneAt >= 0 {
						fail(cloc, "id", "a second None of these choice (its id ends in %s, as does %s); warroom keeps one per question: merge them", waNoneSuffix, wq.Choices[noneAt].ID)
						continue
					}
					noneAt = ci
					continue
				}
				pid := warroomItemID(c.ID)
				if other, dup := practiceIDs[pid]; dup || !itemIDPattern.MatchString(pid) {
					alt := q.ID + "." + pid
					if !itemIDPattern.MatchString(alt) {
						fail(cloc, "id", "%q is also a choice of question %s and warroom needs unique practice ids; rename one of them", c.ID, other)
						continue
					}
					warnings = append(warnings, fmt.Sprintf("%s: choice %s is also a choice of question %s; its warroom practice id is %s (wa_choice_id keeps the WA id)", wq.ID, c.ID, other, alt))
					pid = alt
				}
				practiceIDs[pid] = wq.ID
				pr := Practice{ID: pid, Title: c.Title, WAChoiceID: c.ID}
				if r := c.HelpfulResource; r != nil {
					pr.Meaning, pr.DocURL = r.DisplayText, r.URL
				}
				planURL := ""
				if r := c.ImprovementPlan; r != nil {
					pr.NextStep, planURL = r.DisplayText, r.URL
				}
				if c.Description != "" || len(c.AdditionalResources) > 0 || planURL != pr.DocURL {
					pr.WA = &WAChoice{Description: c.Description, ImprovementPlanURL: planURL, AdditionalResources: fromToolAdditional(c.AdditionalResources)}
				}
				q.Practices = append(q.Practices, pr)
				choiceIDs = append(choiceIDs, c.ID)
			}
			noneID := ""
			defaultNone := wq.ID + waNoneSuffix
			switch {
			case noneAt < 0:
				wa.WithoutNoneChoice = true
			default:
				n := wq.Choices[noneAt]
				noneID = n.ID
				if noneAt != len(wq.Choices)-1 {
					warnings = append(warnings, fmt.Sprintf("%s: the None of these choice %s is not the last choice; lens export writes it last", wq.ID, n.ID))
				}
				if n.ID != defaultNone || n.Title != waNoneTitle || n.Description != "" || n.HelpfulResource != nil ||
					n.ImprovementPlan != nil || len(n.AdditionalResources) > 0 {
					wa.NoneChoice = &WANoneChoice{ID: n.ID, Title: n.Title, Description: n.Description,
						HelpfulResource: fromToolResource(n.HelpfulResource), ImprovementPlan: fromToolResource(n.ImprovementPlan),
						AdditionalResources: fromToolAdditional(n.AdditionalResources)}
				}
			}
			if len(q.Practices) == 0 {
				fail(qloc, "choices", "the question has only a None of these choice; warroom needs at least one practice: add a choice")
				continue
			}
			rules, err := parseWARules(wq.RiskRules)
			if err != nil {
				fail(qloc, "riskRules", "%v", err) // checked already; kept for safety
				continue
			}
			levels := waLevels(choiceIDs, rules)
			for i := range q.Practices {
				q.Practices[i].Risk = levels[i]
			}
			if !reflect.DeepEqual(waRulesFor(choiceIDs, levels, noneID), wq.RiskRules) {
				wa.RiskRules = append([]WARiskRule(nil), wq.RiskRules...)
			}
			if m := waMismatch(choiceIDs, levels, rules); m != "" {
				warnings = append(warnings, fmt.Sprintf("%s: %s; warroom keeps the original risk rules, scores the question by them, and lens export writes them back", wq.ID, m))
			}
			if !reflect.DeepEqual(*wa, WAQuestion{}) {
				q.WA = wa
			}
			l.Questions = append(l.Questions, q)
		}
	}
	if len(errs) > 0 {
		return nil, warnings, errors.Join(errs...)
	}
	return l, warnings, nil
}

func fromToolResource(r *WAToolResource) *WAResource {
	if r == nil {
		return nil
	}
	return &WAResource{DisplayText: r.DisplayText, URL: r.URL}
}

func fromToolAdditional(rs []WAToolAdditionalResource) []WAAdditionalResource {
	var out []WAAdditionalResource
	for _, r := range rs {
		a := WAAdditionalResource{Type: r.Type, Content: []WAResource{}}
		for _, c := range r.Content {
			a.Content = append(a.Content, WAResource{DisplayText: c.DisplayText, URL: c.URL})
		}
		out = append(out, a)
	}
	return out
}

// The lens file as lens import writes it: only the fields that are set.
type (
	lensFile struct {
		ID          string         `yaml:"id"`
		Name        string         `yaml:"name"`
		Description string         `yaml:"description,omitempty"`
		Pillar      string         `yaml:"pillar,omitempty"`
		WA          *WALens        `yaml:"wa,omitempty"`
		Questions   []questionFile `yaml:"questions"`
	}
	questionFile struct {
		ID           string         `yaml:"id"`
		Title        string         `yaml:"title"`
		WAQuestionID string         `yaml:"wa_question_id,omitempty"`
		Summary      string         `yaml:"summary,omitempty"`
		Pillar       string         `yaml:"pillar,omitempty"`
		WA           *WAQuestion    `yaml:"wa,omitempty"`
		Practices    []practiceFile `yaml:"practices"`
	}
	practiceFile struct {
		ID         string    `yaml:"id"`
		Title      string    `yaml:"title"`
		Risk       Risk      `yaml:"risk"`
		WAChoiceID string    `yaml:"wa_choice_id,omitempty"`
		DocURL     string    `yaml:"doc_url,omitempty"`
		Meaning    string    `yaml:"meaning,omitempty"`
		NextStep   string    `yaml:"next_step,omitempty"`
		WA         *WAChoice `yaml:"wa,omitempty"`
	}
)

// lensYAML writes an imported lens as a lens file with a header naming its source.
func lensYAML(source string, l *Lens) ([]byte, error) {
	f := lensFile{ID: l.ID, Name: l.Name, Description: l.Description, Pillar: l.Pillar, WA: l.WA}
	for _, q := range l.Questions {
		qf := questionFile{ID: q.ID, Title: q.Title, WAQuestionID: q.WAQuestionID, Summary: q.Summary, Pillar: q.Pillar, WA: q.WA}
		for _, p := range q.Practices {
			qf.Practices = append(qf.Practices, practiceFile{ID: p.ID, Title: p.Title, Risk: p.Risk, WAChoiceID: p.WAChoiceID,
				DocURL: p.DocURL, Meaning: p.Meaning, NextStep: p.NextStep, WA: p.WA})
		}
		f.Questions = append(f.Questions, qf)
	}
	var buf bytes.Buffer
	src := textsafe.Visible(strings.Join(strings.Fields(filepath.Base(source)), " "), nil)
	fmt.Fprintf(&buf, "# Imported by 'warroom lens import' from the AWS Well-Architected Tool custom lens %s.\n", src)
	buf.WriteString("# Each choice became a practice; its risk level comes from the question's risk rules.\n")
	buf.WriteString("# The wa: blocks keep what the WA Tool format carries and warroom does not use, so that\n")
	buf.WriteString("# 'warroom lens export' gives the original lens back. Load this file with --lens-dir.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("write lens %s as YAML: %w", l.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write lens %s as YAML: %w", l.ID, err)
	}
	return buf.Bytes(), nil
}

// decodeWATool decodes a custom lens strictly: every field known, every
// value of the right kind, no field twice. Problems name their line and
// JSON path. It returns the lens and the line of every path.
func decodeWATool(file string, data []byte) (*WAToolLens, yamlnode.Lines, error) {
	if err := waJSONChars(data); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	w := &jsonWalker{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: yamlnode.Lines{}}
	w.dec.UseNumber()
	tok, err := w.dec.Token()
	switch {
	case err == io.EOF:
		return nil, nil, &ParseError{File: file, Line: 1, Msg: "the file is empty; expected a WA Tool custom lens (a JSON object with schemaVersion, name and pillars)"}
	case err != nil:
		return nil, nil, w.syntax(err)
	}
	if err := w.value(reflect.TypeFor[WAToolLens](), "", tok); err != nil {
		return nil, nil, err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		return nil, nil, &ParseError{File: file, Line: w.line(), Msg: "more data after the lens object; a file holds one lens"}
	}
	if len(w.errs) > 0 {
		errs := make([]error, len(w.errs))
		for i, e := range w.errs {
			errs[i] = e
		}
		return nil, nil, errors.Join(errs...)
	}
	var doc WAToolLens
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: decode lens: %w", file, err)
	}
	return &doc, w.lines, nil
}

// jsonWalker checks a JSON document token by token against a Go type.
type jsonWalker struct {
	file  string
	data  []byte
	dec   *json.Decoder
	errs  []*ParseError
	lines yamlnode.Lines
}

// line is the line of the token read last.
func (w *jsonWalker) line() int {
	off := int(w.dec.InputOffset()) - 1
	if off < 0 {
		off = 0
	}
	if off > len(w.data) {
		off = len(w.data)
	}
	return 1 + bytes.Count(w.data[:off], []byte("\n"))
}

func (w *jsonWalker) add(path, format string, args ...any) {
	w.errs = append(w.errs, &ParseError{File: w.file, Line: w.line(), Field: path, Msg: fmt.Sprintf(format, args...)})
}

// syntax turns a decoding error into a ParseError with its line.
func (w *jsonWalker) syntax(err error) error {
	var se *json.SyntaxError
	line := w.line()
	if errors.As(err, &se) {
		line = 1 + bytes.Count(w.data[:min(int(se.Offset), len(w.data))], []byte("\n"))
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return &ParseError{File: w.file, Line: line, Msg: "the JSON ends early; an object or list is not closed", Err: err}
	}
	return &ParseError{File: w.file, Line: line, Msg: "not valid JSON: " + strings.TrimPrefix(err.Error(), "json: "), Err: err}
}

// value checks the value starting with tok against t; only a syntax error
// stops the walk.
func (w *jsonWalker) value(t reflect.Type, path string, tok json.Token) error {
	w.lines[path] = w.line()
	if t.Kind() == reflect.Pointer {
		if tok == nil {
			return nil
		}
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			w.add(path, "must be an object with the fields %s (found %s)", strings.Join(jsonFieldNames(t), ", "), jsonKind(tok))
			return w.skip(tok)
		}
		fields := map[string]reflect.Type{}
		for _, f := range reflect.VisibleFields(t) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields[name] = f.Type
		}
		seen := map[string]bool{}
		for w.dec.More() {
			k, err := w.dec.Token()
			if err != nil {
				return w.syntax(err)
			}
			key, _ := k.(string)
			fp := key
			if path != "" {
				fp = path + "." + key
			}
			vt, known := fields[key]
			switch {
			case seen[key]:
				w.add(fp, "field appears twice; keep one")
			case !known:
				hint := ""
				if near := Closest(key, jsonFieldNames(t), 1, strings.ToLower); len(near) > 0 {
					hint = fmt.Sprintf(" (did you mean %q?)", near[0])
				}
				w.add(fp, "unknown field%s; allowed fields are %s", hint, strings.Join(jsonFieldNames(t), ", "))
			}
			seen[key] = true
			v, err := w.dec.Token()
			if err != nil {
				return w.syntax(err)
			}
			if !known {
				if err := w.skip(v); err != nil {
					return err
				}
				continue
			}
			if err := w.value(vt, fp, v); err != nil {
				return err
			}
		}
		_, err := w.dec.Token() // }
		if err != nil {
			return w.syntax(err)
		}
		return nil
	case reflect.Slice:
		if tok != json.Delim('[') {
			w.add(path, "must be a list (found %s)", jsonKind(tok))
			return w.skip(tok)
		}
		for i := 0; w.dec.More(); i++ {
			v, err := w.dec.Token()
			if err != nil {
				return w.syntax(err)
			}
			if err := w.value(t.Elem(), fmt.Sprintf("%s[%d]", path, i), v); err != nil {
				return err
			}
		}
		_, err := w.dec.Token() // ]
		if err != nil {
			return w.syntax(err)
		}
		return nil
	case reflect.String:
		if _, ok := tok.(string); !ok {
			w.add(path, "must be a string (found %s)", jsonKind(tok))
			return w.skip(tok)
		}
		return nil
	}
	return fmt.Errorf("decode lens: no JSON rule for %s", t)
}

// skip reads the rest of a value that began with tok.
func (w *jsonWalker) skip(tok json.Token) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := w.dec.Token()
		if err != nil {
			return w.syntax(err)
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// jsonFieldNames lists the JSON fields of a struct type, sorted.
func jsonFieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// jsonKind names the kind of JSON value a token begins.
func jsonKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "true or false"
	case nil:
		return "null"
	}
	return "something else"
}

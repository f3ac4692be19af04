package questions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// waOrigin names where an exported pillar, question or choice came from.
type waOrigin struct {
	lens, question, practice string // ids; practice "" for the None choice
	noneChoice               bool
	keptRules                bool
	improvementURLKept       bool
}

// ExportWATool converts lenses into one Well-Architected Tool custom lens
// (JSON, schemaVersion 2021-11-01) and checks it against every limit of the
// format. It returns the JSON, warnings about what the format could not say
// as warroom does, and all problems joined into one error.
func ExportWATool(lenses []Lens) ([]byte, []string, error) {
	doc, warnings, err := ToWATool(lenses)
	if err != nil {
		return nil, warnings, err
	}
	data, err := MarshalWATool(doc)
	if err != nil {
		return nil, warnings, err
	}
	return data, warnings, nil
}

// MarshalWATool writes a custom lens as indented JSON and checks its size.
func MarshalWATool(doc *WAToolLens) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode lens %s: %w", doc.Name, err)
	}
	if err := waJSONChars(buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ToWATool converts lenses into one custom lens and checks every limit.
func ToWATool(lenses []Lens) (*WAToolLens, []string, error) {
	if len(lenses) == 0 {
		return nil, nil, errors.New("no lens to export")
	}
	doc := &WAToolLens{SchemaVersion: WAToolSchemaVersion}
	var ids, names []string
	for _, l := range lenses {
		ids = append(ids, l.ID)
		names = append(names, l.Name)
	}
	if len(lenses) == 1 {
		doc.Name, doc.Description = lenses[0].Name, lenses[0].Description
	} else {
		doc.Name = "warroom: " + strings.Join(names, ", ")
		var parts []string
		for _, l := range lenses {
			parts = append(parts, fmt.Sprintf("%s (%s)", l.Name, l.ID))
		}
		doc.Description = "The questions of the warroom lenses " + strings.Join(parts, ", ") + "."
	}
	var warnings []string
	var errs []error
	pillarAt := map[string]int{}
	var pillarOrigin []string
	origins := map[[3]int]waOrigin{} // pillar, question, choice (-1) → origin
	for li := range lenses {
		l := &lenses[li]
		for qi := range l.Questions {
			q := &l.Questions[qi]
			pid, pname := waPillarOf(l, q)
			pi, ok := pillarAt[pid]
			if !ok {
				pi = len(doc.Pillars)
				pillarAt[pid] = pi
				doc.Pillars = append(doc.Pillars, WAToolPillar{ID: pid, Name: pname})
				pillarOrigin = append(pillarOrigin, l.ID)
			}
			wq, qo, w, e := exportWAQuestion(l, q)
			warnings = append(warnings, w...)
			errs = append(errs, e...)
			at := len(doc.Pillars[pi].Questions)
			doc.Pillars[pi].Questions = append(doc.Pillars[pi].Questions, wq)
			origins[[3]int{pi, at, -1}] = waOrigin{lens: l.ID, question: q.ID, keptRules: q.WA != nil && len(q.WA.RiskRules) > 0}
			for ci, o := range qo {
				origins[[3]int{pi, at, ci}] = o
			}
		}
	}
	for _, p := range checkWATool(doc) {
		msg := describeExport(doc, p, pillarOrigin, origins, strings.Join(ids, ", "))
		if p.warning {
			warnings = append(warnings, msg)
		} else {
			errs = append(errs, errors.New(msg))
		}
	}
	if len(errs) > 0 {
		return nil, warnings, errors.Join(errs...)
	}
	warnings = append(warnings, keptRuleWarnings(doc, origins, lenses)...)
	return doc, warnings, nil
}

// waPillarOf is the custom lens pillar (id, name) of a question: its own
// pillar, else its lens's, else the lens id; named as the lens import kept
// it, else as the framework names it, else by the pillar itself (the lens
// name for a lens without a pillar).
func waPillarOf(l *Lens, q *Question) (string, string) {
	p := q.Pillar
	if p == "" {
		p = l.Pillar
	}
	name := p
	if p == "" {
		p, name = l.ID, l.Name
	}
	id := sanitizeWAID(p)
	if l.WA != nil {
		for _, pn := range l.WA.Pillars {
			if pn.ID == id {
				return id, pn.Name
			}
		}
	}
	if n, ok := waPillarNames[id]; ok {
		return id, n
	}
	return id, name
}

// shortTitle cuts a title longer than the WA Tool allows at the last word
// that fits and marks the cut with an ellipsis.
func shortTitle(s string) string {
	r := []rune(s)
	if len(r) <= waMaxTitle {
		return s
	}
	cut := string(r[:waMaxTitle-1])
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// sanitizeWAID makes an id of letters, digits and underscores by turning
// every other character into an underscore.
func sanitizeWAID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !isWAIdentByte(c) {
			b[i] = '_'
		}
	}
	return strings.ToValidUTF8(string(b), "_")
}

func toToolResource(r *WAResource) *WAToolResource {
	if r == nil {
		return nil
	}
	return &WAToolResource{DisplayText: r.DisplayText, URL: r.URL}
}

func toToolAdditional(rs []WAAdditionalResource) []WAToolAdditionalResource {
	var out []WAToolAdditionalResource
	for _, r := range rs {
		a := WAToolAdditionalResource{Type: r.Type, Content: []WAToolResource{}}
		for _, c := range r.Content {
			a.Content = append(a.Content, WAToolResource{DisplayText: c.DisplayText, URL: c.URL})
		}
		out = append(out, a)
	}
	return out
}

// exportWAQuestion converts one question, with the origin of each choice,
// warnings and problems the format's checks do not see.
func exportWAQuestion(l *Lens, q *Question) (WAToolQuestion, []waOrigin, []string, []error) {
	var warnings []string
	var errs []error
	qid := sanitizeWAID(orDefault(q.WAQuestionID, q.ID))
	wq := WAToolQuestion{ID: qid, Title: shortTitle(q.Title), Description: q.Summary, Choices: []WAToolChoice{}}
	if wq.Title != q.Title {
		warnings = append(warnings, fmt.Sprintf("lens %s, question %s: the title is %d characters and the WA Tool allows %d, so the export shortens it to %q",
			l.ID, q.ID, utf8.RuneCountInString(q.Title), waMaxTitle, wq.Title))
	}
	if q.WA != nil {
		wq.HelpfulResource = toToolResource(q.WA.HelpfulResource)
	}
	var origins []waOrigin
	var ids []string
	var levels []Risk
	for pi := range q.Practices {
		p := &q.Practices[pi]
		c := WAToolChoice{ID: sanitizeWAID(orDefault(p.WAChoiceID, p.ID)), Title: shortTitle(p.Title)}
		if strings.HasSuffix(c.ID, waNoneSuffix) {
			errs = append(errs, fmt.Errorf("lens %s, question %s, practice %s: wa_choice_id (or id) (WA id): %q ends in %s, which the WA Tool treats as None of these; give the practice a wa_choice_id that does not",
				l.ID, q.ID, p.ID, c.ID, waNoneSuffix))
		}
		if c.Title != p.Title {
			warnings = append(warnings, fmt.Sprintf("lens %s, question %s, practice %s: the title is %d characters and the WA Tool allows %d, so the export shortens it to %q",
				l.ID, q.ID, p.ID, utf8.RuneCountInString(p.Title), waMaxTitle, c.Title))
		}
		if p.Meaning != "" || p.DocURL != "" {
			c.HelpfulResource = &WAToolResource{DisplayText: orDefault(p.Meaning, p.Title), URL: p.DocURL}
		}
		plan := &WAToolResource{DisplayText: p.NextStep, URL: p.DocURL}
		if strings.TrimSpace(p.NextStep) == "" {
			plan.DisplayText = p.Title
			warnings = append(warnings, fmt.Sprintf("lens %s, question %s, practice %s: next_step is empty; the WA Tool needs an improvement plan for every choice, so the export uses the practice's title", l.ID, q.ID, p.ID))
		}
		if p.WA != nil {
			c.Description = p.WA.Description
			plan.URL = p.WA.ImprovementPlanURL
			c.AdditionalResources = toToolAdditional(p.WA.AdditionalResources)
		}
		c.ImprovementPlan = plan
		wq.Choices = append(wq.Choices, c)
		origins = append(origins, waOrigin{lens: l.ID, question: q.ID, practice: p.ID, improvementURLKept: p.WA != nil})
		ids = append(ids, c.ID)
		levels = append(levels, p.Risk)
	}
	noneID := qid + waNoneSuffix
	switch {
	case q.WA != nil && q.WA.WithoutNoneChoice:
		noneID = ""
	case q.WA != nil && q.WA.NoneChoice != nil:
		n := q.WA.NoneChoice
		noneID = n.ID
		wq.Choices = append(wq.Choices, WAToolChoice{ID: n.ID, Title: n.Title, Description: n.Description,
			HelpfulResource: toToolResource(n.HelpfulResource), ImprovementPlan: toToolResource(n.ImprovementPlan),
			AdditionalResources: toToolAdditional(n.AdditionalResources)})
	default:
		wq.Choices = append(wq.Choices, WAToolChoice{ID: noneID, Title: waNoneTitle})
	}
	if noneID != "" {
		origins = append(origins, waOrigin{lens: l.ID, question: q.ID, noneChoice: true})
	}
	if q.WA != nil && len(q.WA.RiskRules) > 0 {
		wq.RiskRules = append([]WARiskRule(nil), q.WA.RiskRules...)
	} else {
		wq.RiskRules = waRulesFor(ids, levels, noneID)
	}
	return wq, origins, warnings, errs
}

// keptRuleWarnings says where risk rules kept from an import no longer give
// the practices' risk levels (someone changed a level after the import).
func keptRuleWarnings(doc *WAToolLens, origins map[[3]int]waOrigin, lenses []Lens) []string {
	bank := map[string]*Question{}
	for li := range lenses {
		for qi := range lenses[li].Questions {
			q := &lenses[li].Questions[qi]
			bank[lenses[li].ID+" "+q.ID] = q
		}
	}
	var out []string
	for pi, p := range doc.Pillars {
		for qi, wq := range p.Questions {
			o := origins[[3]int{pi, qi, -1}]
			if !o.keptRules {
				continue
			}
			q := bank[o.lens+" "+o.question]
			rules, err := parseWARules(wq.RiskRules)
			if err != nil {
				continue // reported by checkWATool
			}
			ids := make([]string, len(q.Practices))
			for i := range q.Practices {
				ids[i] = wq.Choices[i].ID
			}
			for i, lvl := range waLevels(ids, rules) {
				if lvl != q.Practices[i].Risk {
					out = append(out, fmt.Sprintf("lens %s, question %s, practice %s: risk is %s but the risk rules kept from the import (wa.risk_rules) give it %s; the export writes the kept rules; delete wa.risk_rules to export rules made from the risk levels",
						o.lens, q.ID, q.Practices[i].ID, q.Practices[i].Risk, lvl))
				}
			}
		}
	}
	return out
}

// waFieldNames maps custom lens fields to the warroom fields export fills them from.
var (
	waQuestionFields = []struct{ wa, warroom string }{
		{"id", "wa_question_id (or id)"}, {"title", "title"}, {"description", "summary"},
		{"helpfulResource", "wa.helpful_resource"}, {"choices", "practices"}, {"riskRules", "risk levels"},
	}
	waChoiceFields = []struct{ wa, warroom string }{
		{"id", "wa_choice_id (or id)"}, {"title", "title"}, {"description", "wa.description"},
		{"helpfulResource.displayText", "meaning"}, {"helpfulResource.url", "doc_url"},
		{"improvementPlan.displayText", "next_step"}, {"improvementPlan.url", "doc_url"},
		{"additionalResources", "wa.additional_resources"},
	}
)

// describeExport words a problem of an exported lens by the warroom lens,
// question, practice and field it came from.
func describeExport(doc *WAToolLens, p waProblem, pillarOrigin []string, origins map[[3]int]waOrigin, lensIDs string) string {
	waField := p.field
	where, field := "", ""
	switch {
	case p.loc.P < 0:
		where = "lens " + lensIDs
		field = map[string]string{"name": "name", "description": "description", "pillars": "questions' pillars"}[p.field]
		if several := strings.Contains(lensIDs, ", "); several && (p.field == "name" || p.field == "description") {
			field += " (made from the lens names)"
			p.msg = strings.Replace(p.msg, "shorten it", "shorten the lens names or export fewer lenses at once", 1)
		}
	case p.loc.Q < 0:
		where = fmt.Sprintf("lens %s, pillar %s", pillarOrigin[p.loc.P], doc.Pillars[p.loc.P].ID)
		field = "pillar"
		if p.field == "questions" {
			field = "questions"
		}
	case p.loc.C < 0 && p.loc.R < 0:
		o := origins[[3]int{p.loc.P, p.loc.Q, -1}]
		where = fmt.Sprintf("lens %s, question %s", o.lens, o.question)
		field = mapWAField(p.field, waQuestionFields)
		if p.field == "riskRules" && o.keptRules {
			field = "wa.risk_rules"
		}
	case p.loc.R >= 0:
		o := origins[[3]int{p.loc.P, p.loc.Q, -1}]
		where = fmt.Sprintf("lens %s, question %s, risk rule %d", o.lens, o.question, p.loc.R+1)
		field = "wa.risk_rules"
		waField = "riskRules." + p.field
	default:
		o := origins[[3]int{p.loc.P, p.loc.Q, p.loc.C}]
		if o.noneChoice {
			where = fmt.Sprintf("lens %s, question %s, None of these choice", o.lens, o.question)
			field = "wa.none_choice"
		} else {
			where = fmt.Sprintf("lens %s, question %s, practice %s", o.lens, o.question, o.practice)
			field = mapWAField(p.field, waChoiceFields)
			if p.field == "improvementPlan.url" && o.improvementURLKept {
				field = "wa.improvement_plan_url"
			}
		}
	}
	if field == "" {
		field = p.field
	}
	return fmt.Sprintf("%s: %s (WA %s): %s", where, field, waField, p.msg)
}

func mapWAField(field string, table []struct{ wa, warroom string }) string {
	for _, f := range table {
		if field == f.wa || strings.HasPrefix(field, f.wa+".") || strings.HasPrefix(field, f.wa+"[") {
			return f.warroom
		}
	}
	return field
}

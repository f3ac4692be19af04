// Package questions holds the review question bank: lenses of questions and
// best practices, the embedded built-in lenses, and loading and validation of
// custom lens files.
package questions

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/internal/yamlnode"
)

// Risk is the documented level of risk when a best practice is not established.
type Risk string

// Risk levels of a best practice.
const (
	High   Risk = "high"
	Medium Risk = "medium"
	Low    Risk = "low"
)

// Rank orders risks from most to least severe: high 0, medium 1, low 2, unknown 3.
func (r Risk) Rank() int {
	switch r {
	case High:
		return 0
	case Medium:
		return 1
	case Low:
		return 2
	}
	return 3
}

// Valid reports whether r is one of the known risk levels.
func (r Risk) Valid() bool { return r == High || r == Medium || r == Low }

// Lens is a named set of questions, such as the Security Pillar.
type Lens struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name" json:"name"`
	Description string     `yaml:"description" json:"description,omitempty"`
	Version     string     `yaml:"version" json:"version,omitempty"`
	Pillar      string     `yaml:"pillar" json:"pillar,omitempty"`
	Questions   []Question `yaml:"questions" json:"questions"`
	// WA keeps what a Well-Architected Tool custom lens carried that warroom
	// does not model; set by lens import, empty for warroom's own lenses.
	WA *WALens `yaml:"wa,omitempty" json:"wa,omitempty"`
	// Source is the file the lens was read from ("embedded:lenses/security.yaml" for built-ins).
	Source string `yaml:"-" json:"source"`

	line int
}

// Question is one review question and the best practices that answer it.
type Question struct {
	ID           string `yaml:"id" json:"id"`
	Title        string `yaml:"title" json:"title"`
	WAQuestionID string `yaml:"wa_question_id" json:"wa_question_id,omitempty"`
	Summary      string `yaml:"summary" json:"summary,omitempty"`
	// Pillar is the question's pillar when it differs from the lens's.
	Pillar    string     `yaml:"pillar,omitempty" json:"pillar,omitempty"`
	Practices []Practice `yaml:"practices" json:"practices"`
	// WA keeps what a Well-Architected Tool custom lens carried for the
	// question that warroom does not model; set by lens import.
	WA *WAQuestion `yaml:"wa,omitempty" json:"wa,omitempty"`
	// LensID is the lens the question belongs to; set when the lens is loaded.
	LensID string `yaml:"-" json:"lens"`

	line int
}

// Practice is one best practice with the guidance an interviewer needs.
type Practice struct {
	ID         string   `yaml:"id" json:"id"`
	Title      string   `yaml:"title" json:"title"`
	Risk       Risk     `yaml:"risk" json:"risk"`
	WAChoiceID string   `yaml:"wa_choice_id" json:"wa_choice_id,omitempty"`
	DocURL     string   `yaml:"doc_url" json:"doc_url,omitempty"`
	Meaning    string   `yaml:"meaning" json:"meaning,omitempty"`
	Why        string   `yaml:"why" json:"why,omitempty"`
	Prompts    []string `yaml:"prompts" json:"prompts,omitempty"`
	GapSigns   []string `yaml:"gap_signs" json:"gap_signs,omitempty"`
	Services   []string `yaml:"services" json:"services,omitempty"`
	NextStep   string   `yaml:"next_step" json:"next_step,omitempty"`
	// WA keeps what a Well-Architected Tool custom lens carried for the
	// choice that warroom does not model; set by lens import.
	WA *WAChoice `yaml:"wa,omitempty" json:"wa,omitempty"`
	// QuestionID is the question the practice belongs to; set when the lens is loaded.
	QuestionID string `yaml:"-" json:"question"`

	line       int
	fieldLines map[string]int
}

// lineOf returns the line of a field of the practice, or the practice's line.
func (p *Practice) lineOf(field string) int {
	if l, ok := p.fieldLines[field]; ok {
		return l
	}
	return p.line
}

// WALens is what a Well-Architected Tool custom lens carries for the lens
// beyond warroom's model: pillar names that differ from the ones export
// would give.
type WALens struct {
	Pillars []WAPillarName `yaml:"pillars,omitempty" json:"pillars,omitempty"`
}

// WAPillarName names a pillar of a Well-Architected Tool custom lens.
type WAPillarName struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// WAQuestion is what a Well-Architected Tool custom lens carries for a
// question beyond warroom's model.
type WAQuestion struct {
	// HelpfulResource is the question's helpful resource.
	HelpfulResource *WAResource `yaml:"helpful_resource,omitempty" json:"helpful_resource,omitempty"`
	// NoneChoice is the question's "None of these" choice when it is not the
	// one export would write (id "<question>_no", title "None of these").
	NoneChoice *WANoneChoice `yaml:"none_choice,omitempty" json:"none_choice,omitempty"`
	// WithoutNoneChoice marks a question that had no "None of these" choice.
	WithoutNoneChoice bool `yaml:"without_none_choice,omitempty" json:"without_none_choice,omitempty"`
	// RiskRules are the question's original risk rules, kept when the rules
	// export would write from the practices' risk levels differ from them;
	// review.Assess scores the question by these kept rules, as the WA Tool
	// does, once it is answered (not unanswered or not applicable).
	RiskRules []WARiskRule `yaml:"risk_rules,omitempty" json:"risk_rules,omitempty"`
}

// WANoneChoice is a "None of these" choice of a Well-Architected Tool custom lens.
type WANoneChoice struct {
	ID                  string                 `yaml:"id" json:"id"`
	Title               string                 `yaml:"title" json:"title"`
	Description         string                 `yaml:"description,omitempty" json:"description,omitempty"`
	HelpfulResource     *WAResource            `yaml:"helpful_resource,omitempty" json:"helpful_resource,omitempty"`
	ImprovementPlan     *WAResource            `yaml:"improvement_plan,omitempty" json:"improvement_plan,omitempty"`
	AdditionalResources []WAAdditionalResource `yaml:"additional_resources,omitempty" json:"additional_resources,omitempty"`
}

// WAChoice is what a Well-Architected Tool custom lens carries for a choice
// beyond warroom's model. When set, ImprovementPlanURL is the improvement
// plan's link as it was (the practice's doc_url otherwise).
type WAChoice struct {
	Description         string                 `yaml:"description,omitempty" json:"description,omitempty"`
	ImprovementPlanURL  string                 `yaml:"improvement_plan_url,omitempty" json:"improvement_plan_url,omitempty"`
	AdditionalResources []WAAdditionalResource `yaml:"additional_resources,omitempty" json:"additional_resources,omitempty"`
}

// WAResource is a text with an optional link, as the Well-Architected Tool
// custom lens format writes helpful resources and improvement plans.
type WAResource struct {
	DisplayText string `yaml:"display_text" json:"display_text"`
	URL         string `yaml:"url,omitempty" json:"url,omitempty"`
}

// WAAdditionalResource is one entry of a choice's additionalResources in the
// Well-Architected Tool custom lens format.
type WAAdditionalResource struct {
	Type    string       `yaml:"type" json:"type"`
	Content []WAResource `yaml:"content" json:"content"`
}

// WARiskRule is one risk rule of a Well-Architected Tool custom lens question.
type WARiskRule struct {
	Condition string `yaml:"condition" json:"condition"`
	Risk      string `yaml:"risk" json:"risk"`
}

// Bank is the set of lenses a review uses, with lookups by id.
type Bank struct {
	Lenses []Lens

	questions map[string]*Question
	practices map[string]*Practice
	order     map[string]int
}

// NewBank indexes lenses into a Bank. Ids must be unique across all lenses.
func NewBank(lenses ...Lens) (*Bank, error) {
	b := &Bank{
		Lenses:    lenses,
		questions: map[string]*Question{},
		practices: map[string]*Practice{},
		order:     map[string]int{},
	}
	n := 0
	for li := range b.Lenses {
		l := &b.Lenses[li]
		for qi := range l.Questions {
			q := &l.Questions[qi]
			q.LensID = l.ID
			if _, dup := b.questions[q.ID]; dup {
				return nil, fmt.Errorf("lens %s: question %s is defined twice", l.ID, q.ID)
			}
			b.questions[q.ID] = q
			for pi := range q.Practices {
				p := &q.Practices[pi]
				p.QuestionID = q.ID
				if _, dup := b.practices[p.ID]; dup {
					return nil, fmt.Errorf("lens %s: practice %s is defined twice", l.ID, p.ID)
				}
				b.practices[p.ID] = p
				b.order[p.ID] = n
				n++
			}
		}
	}
	return b, nil
}

// Questions returns every question of every lens, in lens order.
func (b *Bank) Questions() []*Question {
	var qs []*Question
	for li := range b.Lenses {
		for qi := range b.Lenses[li].Questions {
			qs = append(qs, &b.Lenses[li].Questions[qi])
		}
	}
	return qs
}

// Practices returns every practice of every lens, in lens order.
func (b *Bank) Practices() []*Practice {
	var ps []*Practice
	for _, q := range b.Questions() {
		for pi := range q.Practices {
			ps = append(ps, &q.Practices[pi])
		}
	}
	return ps
}

// Question returns the question with the given id (case-insensitive).
func (b *Bank) Question(id string) (*Question, bool) {
	q, ok := b.questions[strings.ToUpper(strings.TrimSpace(id))]
	if !ok {
		q, ok = b.questions[strings.TrimSpace(id)]
	}
	return q, ok
}

// Practice returns the practice with the given id (case-insensitive).
func (b *Bank) Practice(id string) (*Practice, bool) {
	p, ok := b.practices[strings.ToUpper(strings.TrimSpace(id))]
	if !ok {
		p, ok = b.practices[strings.TrimSpace(id)]
	}
	return p, ok
}

// Order is the position of a practice in the bank, used to break ties.
// Unknown ids sort last.
func (b *Bank) Order(practiceID string) int {
	if i, ok := b.order[practiceID]; ok {
		return i
	}
	return len(b.order)
}

// Lookup returns the practice with the given id or an error that wraps
// ErrUnknownPractice and suggests the nearest known ids.
func (b *Bank) Lookup(id string) (*Practice, error) {
	if p, ok := b.Practice(id); ok {
		return p, nil
	}
	near := b.Nearest(id, 3)
	if len(near) == 0 {
		return nil, fmt.Errorf("%w %q", ErrUnknownPractice, id)
	}
	return nil, fmt.Errorf("%w %q; did you mean %s?", ErrUnknownPractice, id, strings.Join(near, ", "))
}

// Nearest returns up to n practice ids closest to id by edit distance.
func (b *Bank) Nearest(id string, n int) []string {
	ids := make([]string, 0, len(b.practices))
	for pid := range b.practices {
		ids = append(ids, pid)
	}
	return Closest(strings.ToUpper(strings.TrimSpace(id)), ids, n, strings.ToUpper)
}

// Closest returns up to n of ids closest to want by edit distance, nearest
// first (ties by id), leaving out any more than about half of want away.
// norm, when not nil, is applied to each id before comparing.
func Closest(want string, ids []string, n int, norm func(string) string) []string {
	return yamlnode.Closest(want, ids, n, norm)
}

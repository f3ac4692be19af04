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
	// Source is the file the lens was read from ("embedded:lenses/security.yaml" for built-ins).
	Source string `yaml:"-" json:"source"`

	line int
}

// Question is one review question and the best practices that answer it.
type Question struct {
	ID           string     `yaml:"id" json:"id"`
	Title        string     `yaml:"title" json:"title"`
	WAQuestionID string     `yaml:"wa_question_id" json:"wa_question_id,omitempty"`
	Summary      string     `yaml:"summary" json:"summary,omitempty"`
	Practices    []Practice `yaml:"practices" json:"practices"`
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

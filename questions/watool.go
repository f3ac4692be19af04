package questions

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// WAToolSchemaVersion is the schemaVersion of the Well-Architected Tool
// custom lens format that export writes and import reads.
const WAToolSchemaVersion = "2021-11-01"

// Risk levels of a Well-Architected Tool custom lens risk rule.
const (
	WAHighRisk   = "HIGH_RISK"
	WAMediumRisk = "MEDIUM_RISK"
	WANoRisk     = "NO_RISK"
)

// Limits of the Well-Architected Tool custom lens format.
const (
	waMaxJSONChars   = 500000
	waMaxName        = 128
	waMaxText        = 2048
	waMaxPillars     = 10
	waMaxQuestions   = 20
	waMaxChoices     = 15
	waMaxRules       = 3
	waMinID          = 3
	waMaxID          = 128
	waMaxChoiceID    = 64
	waMaxTitle       = 128
	waShownHelpText  = 64 // the API's limit on a question's helpful resource text
	waMaxAddlContent = 5
	waNoneTitle      = "None of these"
	waNoneSuffix     = "_no"
	waDefaultCond    = "default"
)

// waPillarNames are the Well-Architected Framework pillar ids and names.
var waPillarNames = map[string]string{
	"operationalExcellence": "Operational Excellence",
	"security":              "Security",
	"reliability":           "Reliability",
	"performance":           "Performance Efficiency",
	"costOptimization":      "Cost Optimization",
	"sustainability":        "Sustainability",
}

// WAToolLens is a Well-Architected Tool custom lens as its JSON format holds it.
type WAToolLens struct {
	SchemaVersion string         `json:"schemaVersion"`
	Name          string         `json:"name"`
	Description   string         `json:"description,omitempty"`
	Pillars       []WAToolPillar `json:"pillars"`
}

// WAToolPillar is one pillar of a Well-Architected Tool custom lens.
type WAToolPillar struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	Questions []WAToolQuestion `json:"questions"`
}

// WAToolQuestion is one question of a Well-Architected Tool custom lens.
type WAToolQuestion struct {
	ID              string          `json:"id"`
	Title           string          `json:"title"`
	Description     string          `json:"description,omitempty"`
	HelpfulResource *WAToolResource `json:"helpfulResource,omitempty"`
	Choices         []WAToolChoice  `json:"choices"`
	RiskRules       []WARiskRule    `json:"riskRules"`
}

// WAToolChoice is one choice of a Well-Architected Tool custom lens question.
type WAToolChoice struct {
	ID                  string                     `json:"id"`
	Title               string                     `json:"title"`
	Description         string                     `json:"description,omitempty"`
	HelpfulResource     *WAToolResource            `json:"helpfulResource,omitempty"`
	ImprovementPlan     *WAToolResource            `json:"improvementPlan,omitempty"`
	AdditionalResources []WAToolAdditionalResource `json:"additionalResources,omitempty"`
}

// WAToolResource is a text with an optional link in the custom lens format.
type WAToolResource struct {
	DisplayText string `json:"displayText"`
	URL         string `json:"url,omitempty"`
}

// WAToolAdditionalResource is one entry of a choice's additionalResources.
type WAToolAdditionalResource struct {
	Type    string           `json:"type"`
	Content []WAToolResource `json:"content"`
}

// waLoc places a problem in a custom lens: pillar, question, choice and rule
// indexes, -1 where not applicable.
type waLoc struct{ P, Q, C, R int }

var waTop = waLoc{-1, -1, -1, -1}

// path is the JSON path of field at l, such as pillars[0].questions[2].riskRules[1].condition.
func (l waLoc) path(field string) string {
	var b strings.Builder
	if l.P >= 0 {
		fmt.Fprintf(&b, "pillars[%d]", l.P)
	}
	if l.Q >= 0 {
		fmt.Fprintf(&b, ".questions[%d]", l.Q)
	}
	if l.C >= 0 {
		fmt.Fprintf(&b, ".choices[%d]", l.C)
	}
	if l.R >= 0 {
		fmt.Fprintf(&b, ".riskRules[%d]", l.R)
	}
	if field != "" {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(field)
	}
	return b.String()
}

// waProblem is one violation of the format, or a warning.
type waProblem struct {
	loc     waLoc
	field   string // JSON field relative to loc
	msg     string
	warning bool
}

var (
	waIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	waRisks     = []string{WANoRisk, WAMediumRisk, WAHighRisk}
)

// checkWATool checks a custom lens against every limit of the format and
// reports each problem (and each warning) in document order.
func checkWATool(l *WAToolLens) []waProblem {
	var out []waProblem
	add := func(loc waLoc, field string, warning bool, format string, args ...any) {
		out = append(out, waProblem{loc, field, fmt.Sprintf(format, args...), warning})
	}
	bad := func(loc waLoc, field, format string, args ...any) { add(loc, field, false, format, args...) }
	text := func(loc waLoc, field, s string, max int, required string) {
		switch n := utf8.RuneCountInString(s); {
		case strings.TrimSpace(s) == "" && required != "":
			bad(loc, field, "missing; %s", required)
		case n > max:
			bad(loc, field, "is %d characters; the WA Tool allows %d: shorten it", n, max)
		}
	}
	id := func(loc waLoc, field, s string, max int, seen map[string]string, kind, title string) {
		switch {
		case s == "":
			bad(loc, field, "missing; give the %s an id of letters, digits and underscores", kind)
		case len(s) < waMinID || len(s) > max:
			bad(loc, field, "%q is %d characters; the WA Tool needs %d to %d", s, len(s), waMinID, max)
		case !waIDPattern.MatchString(s):
			bad(loc, field, "%q has characters the WA Tool does not accept; use only letters, digits and underscores", s)
		}
		if s == "" {
			return
		}
		if first, dup := seen[s]; dup {
			bad(loc, field, "%q is already the id of the %s %q; give each %s a unique id", s, kind, first, kind)
		} else {
			seen[s] = title
		}
	}
	link := func(loc waLoc, field, s string) {
		if s == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(loc, field, "%q is not an http:// or https:// link; the WA Tool accepts only those", s)
		}
	}
	resource := func(loc waLoc, field string, r *WAToolResource) {
		if r == nil {
			return
		}
		text(loc, field+".displayText", r.DisplayText, waMaxText, "")
		if r.DisplayText == "" && r.URL != "" {
			bad(loc, field+".displayText", "missing; the WA Tool needs a text for every link")
		}
		link(loc, field+".url", r.URL)
	}

	if l.SchemaVersion != WAToolSchemaVersion {
		if l.SchemaVersion == "" {
			bad(waTop, "schemaVersion", "missing; set it to %q", WAToolSchemaVersion)
		} else {
			bad(waTop, "schemaVersion", "is %q; warroom reads and writes schemaVersion %q only", l.SchemaVersion, WAToolSchemaVersion)
		}
	}
	text(waTop, "name", l.Name, waMaxName, "give the lens a name")
	text(waTop, "description", l.Description, waMaxText, "")
	switch n := len(l.Pillars); {
	case n == 0:
		bad(waTop, "pillars", "the lens has no pillars; add at least one with its questions")
	case n > waMaxPillars:
		bad(waTop, "pillars", "has %d pillars; the WA Tool allows %d per lens: export fewer lenses or group questions into fewer pillars", n, waMaxPillars)
	}
	pillarIDs, questionIDs := map[string]string{}, map[string]string{}
	for pi, p := range l.Pillars {
		ploc := waLoc{pi, -1, -1, -1}
		id(ploc, "id", p.ID, waMaxID, pillarIDs, "pillar", p.Name)
		text(ploc, "name", p.Name, waMaxName, "give the pillar a name")
		switch n := len(p.Questions); {
		case n == 0:
			bad(ploc, "questions", "the pillar has no questions; add at least one")
		case n > waMaxQuestions:
			bad(ploc, "questions", "has %d questions; the WA Tool allows %d per pillar: move questions to another pillar", n, waMaxQuestions)
		}
		for qi, q := range p.Questions {
			qloc := waLoc{pi, qi, -1, -1}
			id(qloc, "id", q.ID, waMaxID, questionIDs, "question", q.Title)
			text(qloc, "title", q.Title, waMaxTitle, "give the question a title")
			text(qloc, "description", q.Description, waMaxText, "")
			resource(qloc, "helpfulResource", q.HelpfulResource)
			if r := q.HelpfulResource; r != nil {
				if n := utf8.RuneCountInString(r.DisplayText); n > waShownHelpText && n <= waMaxText {
					add(qloc, "helpfulResource.displayText", true,
						"is %d characters; the WA Tool's API keeps %d of a question's helpful resource text, so the console may cut it", n, waShownHelpText)
				}
			}
			switch n := len(q.Choices); {
			case n == 0:
				bad(qloc, "choices", "the question has no choices; add at least one")
			case n > waMaxChoices:
				bad(qloc, "choices", "has %d choices; the WA Tool allows %d per question (None of these included): split the question or leave out choices", n, waMaxChoices)
			}
			choiceIDs := map[string]string{}
			for ci, c := range q.Choices {
				cloc := waLoc{pi, qi, ci, -1}
				id(cloc, "id", c.ID, waMaxChoiceID, choiceIDs, "choice", c.Title)
				text(cloc, "title", c.Title, waMaxTitle, "give the choice a title")
				resource(cloc, "helpfulResource", c.HelpfulResource)
				resource(cloc, "improvementPlan", c.ImprovementPlan)
				if !strings.HasSuffix(c.ID, waNoneSuffix) && (c.ImprovementPlan == nil || strings.TrimSpace(c.ImprovementPlan.DisplayText) == "") {
					bad(cloc, "improvementPlan.displayText", "missing; the WA Tool needs an improvement plan for every choice except None of these")
				}
				if n := len(c.AdditionalResources); n > 2 {
					bad(cloc, "additionalResources", "has %d entries; the WA Tool allows one of type HELPFUL_RESOURCE and one of type IMPROVEMENT_PLAN", n)
				}
				types := map[string]bool{}
				for ai, a := range c.AdditionalResources {
					af := fmt.Sprintf("additionalResources[%d]", ai)
					switch {
					case a.Type != "HELPFUL_RESOURCE" && a.Type != "IMPROVEMENT_PLAN":
						bad(cloc, af+".type", "%q is not a resource type; use HELPFUL_RESOURCE or IMPROVEMENT_PLAN", a.Type)
					case types[a.Type]:
						bad(cloc, af+".type", "a second %s entry; put its content into the first one", a.Type)
					}
					types[a.Type] = true
					switch n := len(a.Content); {
					case n == 0:
						bad(cloc, af+".content", "has no content; add at least one {displayText, url} or drop the entry")
					case n > waMaxAddlContent:
						bad(cloc, af+".content", "has %d items; the WA Tool allows %d per type", n, waMaxAddlContent)
					}
					for ki, k := range a.Content {
						kf := fmt.Sprintf("%s.content[%d]", af, ki)
						text(cloc, kf+".displayText", k.DisplayText, waMaxText, "give the resource a text")
						link(cloc, kf+".url", k.URL)
					}
				}
			}
			checkWARules(qloc, q, bad)
		}
	}
	return out
}

// checkWARules checks a question's risk rules: their number, one default
// rule and last, one rule per risk level, each condition's syntax and that
// it names only choices of the question.
func checkWARules(qloc waLoc, q WAToolQuestion, bad func(loc waLoc, field, format string, args ...any)) {
	switch n := len(q.RiskRules); {
	case n == 0:
		bad(qloc, "riskRules", "the question has no risk rules; add at least {\"condition\": \"default\", \"risk\": \"HIGH_RISK\"}")
		return
	case n > waMaxRules:
		bad(qloc, "riskRules", "has %d rules; the WA Tool allows %d, one per risk level", n, waMaxRules)
	}
	choices := map[string]bool{}
	var names []string
	for _, c := range q.Choices {
		choices[c.ID] = true
		names = append(names, c.ID)
	}
	risks := map[string]int{}
	defaults := 0
	for ri, r := range q.RiskRules {
		rloc := qloc
		rloc.R = ri
		switch {
		case !contains(waRisks, r.Risk):
			bad(rloc, "risk", "%q is not a risk; use %s", r.Risk, strings.Join(waRisks, ", "))
		default:
			if first, dup := risks[r.Risk]; dup {
				bad(rloc, "risk", "rule %d already gives %s; the WA Tool allows one rule per risk level: join the conditions with ||", first+1, r.Risk)
			} else {
				risks[r.Risk] = ri
			}
		}
		cond, idents, err := parseWACondition(r.Condition)
		switch {
		case err != nil:
			bad(rloc, "condition", "%v", err)
		case cond == waAlways{}:
			defaults++
			if defaults > 1 {
				bad(rloc, "condition", "a second default rule; keep one, as the last rule")
			} else if ri != len(q.RiskRules)-1 {
				bad(rloc, "condition", "the default rule is not the last one, so the rules after it never apply; move it to the end")
			}
		default:
			seen := map[string]bool{}
			for _, id := range idents {
				if !choices[id] && !seen[id] {
					bad(rloc, "condition", "%q is not a choice of this question; its choices are %s", id, strings.Join(names, ", "))
				}
				seen[id] = true
			}
		}
	}
	if defaults == 0 {
		bad(qloc, "riskRules", "no rule has the condition default; add {\"condition\": \"default\", \"risk\": ...} as the last rule so every answer gets a risk")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// waJSONChars checks the size limit of the format on the JSON text.
func waJSONChars(data []byte) error {
	if n := utf8.RuneCount(data); n > waMaxJSONChars {
		return fmt.Errorf("the lens JSON is %d characters; the WA Tool imports at most %d: split it into several lenses", n, waMaxJSONChars)
	}
	return nil
}

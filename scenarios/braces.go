package scenarios

import (
	"strings"
	"unicode/utf8"
)

// tokKind says what a piece of narrative text is.
type tokKind int

const (
	tokText        tokKind = iota // plain text, or a literal brace written {{ or }}
	tokPlaceholder                // {name}
	tokOpen                       // a { that no } closes before the next {
	tokClose                      // a } that closes nothing
)

// braceToken is one piece of a narrative.
type braceToken struct {
	kind tokKind
	text string // the output text: the plain text, "{" for {{, the whole "{name}" for a placeholder
	name string // tokPlaceholder: the name between the braces
	pos  int    // 1-based character (rune) offset of the piece in the narrative
}

// braceTokens splits a narrative into text, literal braces ({{ and }}),
// placeholders ({name}: a { and the first } after it, with no { between)
// and unmatched braces. Both the validator (narrativeSlots) and the
// renderer (fillPlaceholders) read narratives through it, so they agree on
// every input.
func braceTokens(text string) []braceToken {
	var toks []braceToken
	var plain strings.Builder
	plainPos := 0
	pos := 1 // rune offset of text[i]
	flush := func() {
		if plain.Len() > 0 {
			toks = append(toks, braceToken{kind: tokText, text: plain.String(), pos: plainPos})
			plain.Reset()
		}
	}
	addPlain := func(s string) {
		if plain.Len() == 0 {
			plainPos = pos
		}
		plain.WriteString(s)
	}
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], "{{"):
			addPlain("{")
			i, pos = i+2, pos+2
		case strings.HasPrefix(text[i:], "}}"):
			addPlain("}")
			i, pos = i+2, pos+2
		case text[i] == '{':
			flush()
			end := strings.IndexAny(text[i+1:], "{}")
			if end < 0 || text[i+1+end] != '}' {
				toks = append(toks, braceToken{kind: tokOpen, text: "{", pos: pos})
				i, pos = i+1, pos+1
				continue
			}
			whole := text[i : i+2+end]
			toks = append(toks, braceToken{kind: tokPlaceholder, text: whole, name: whole[1 : len(whole)-1], pos: pos})
			i, pos = i+len(whole), pos+utf8.RuneCountInString(whole)
		case text[i] == '}':
			flush()
			toks = append(toks, braceToken{kind: tokClose, text: "}", pos: pos})
			i, pos = i+1, pos+1
		default:
			_, size := utf8.DecodeRuneInString(text[i:])
			addPlain(text[i : i+size])
			i, pos = i+size, pos+1
		}
	}
	flush()
	return toks
}

// Package textsafe shows text from people and AWS without letting it act on
// the reader: control characters, marks that reorder text and invisible
// characters become their visible codes.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hidden reports whether r is a control character, a mark that reorders
// text (bidi embeddings, overrides, isolates, the Arabic letter mark) or an
// invisible character (zero-width spaces and joiners, word joiner, byte
// order mark): characters that can change what a terminal or a reader sees.
func Hidden(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u061c', r == '\ufeff':
		return true
	case r >= '\u200b' && r <= '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2060' && r <= '\u2069':
		return true
	}
	return false
}

// Visible returns s with every hidden rune (see Hidden) written as its code,
// \u001b, and every byte that is not UTF-8 as \xNN; keep says which hidden
// runes pass through as they are (nil: none).
func Visible(s string, keep func(rune) bool) string {
	if strings.IndexFunc(s, Hidden) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case Hidden(r) && (keep == nil || !keep(r)):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

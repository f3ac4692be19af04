package main

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warroom/warroom/internal/textsafe"
	"github.com/warroom/warroom/questions"
)

// printPractice writes a practice's guidance for people.
func printPractice(w io.Writer, p *questions.Practice) {
	fmt.Fprintf(w, "%s %s (risk if not established: %s)\n", p.ID, p.Title, p.Risk)
	section := func(title, text string) {
		if strings.TrimSpace(text) != "" {
			fmt.Fprintf(w, "\n  %s\n%s\n", title, wrap(text, 76, "    "))
		}
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "\n  %s\n", title)
		for _, it := range items {
			fmt.Fprintf(w, "%s\n", wrap("- "+it, 76, "    "))
		}
	}
	section("What it means", p.Meaning)
	section("Why it matters", p.Why)
	list("Ask the team", p.Prompts)
	list("Signs of a gap", p.GapSigns)
	list("AWS services that help", p.Services)
	section("Suggested next step", p.NextStep)
}

// wrap folds text into lines of at most width runes, each starting with indent.
func wrap(text string, width int, indent string) string {
	var lines []string
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width+len(indent) {
			lines = append(lines, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// oneLine makes a value from people safe for one line of terminal output:
// white space folded, control characters (such as terminal escape
// sequences) shown as their code instead of being sent to the terminal.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return textsafe.Visible(strings.Join(strings.Fields(s), " "), nil)
}

// blockText makes multi-line text safe for the terminal while keeping its
// layout: line breaks, tabs and indentation stay; every other control
// character is shown as its code.
func blockText(s string) string {
	return textsafe.Visible(s, func(r rune) bool { return r == '\n' || r == '\t' })
}

// terminalSafe is blockText for a rendered document (a report, a pack)
// written to a terminal.
func terminalSafe(doc []byte) []byte {
	return []byte(blockText(string(doc)))
}

// hasHidden reports whether s holds a control character (line breaks and
// tabs included) or a mark that reorders text: such a value cannot be a
// name.
func hasHidden(s string) bool {
	return strings.IndexFunc(s, textsafe.Hidden) >= 0 || !utf8.ValidString(s)
}

// stampUTC prints a time as "2026-10-28 14:00 UTC".
func stampUTC(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// plural is "1 gap" or "2 gaps".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

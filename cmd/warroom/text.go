package main

import (
	"fmt"
	"io"
	"strings"

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

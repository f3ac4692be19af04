package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// prompter asks a person for input. Interview uses it; tests drive the real
// line prompter with scripted input.
type prompter interface {
	// Select shows options and returns the index chosen. io.EOF means the person left.
	Select(label string, options []string) (int, error)
	// Input asks for one line of text; def is returned for an empty line.
	Input(label, def string) (string, error)
}

// linePrompter reads answers line by line: it works in any terminal and
// with piped input alike.
type linePrompter struct {
	in  *bufio.Reader
	out io.Writer
}

func newLinePrompter(io *ioStreams) prompter {
	return &linePrompter{in: bufio.NewReader(io.In), out: io.Out}
}

func (p *linePrompter) readLine() (string, error) {
	line, err := p.in.ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil
	}
	return strings.TrimSpace(line), err
}

// blankSelecter is a prompter that can tell an empty answer from a wrong
// one: the facilitator's menu redraws its clock on Enter.
type blankSelecter interface {
	// SelectOrBlank is Select, except that an empty line returns -1 at
	// once instead of asking again.
	SelectOrBlank(label string, options []string) (int, error)
}

func (p *linePrompter) Select(label string, options []string) (int, error) {
	return p.selectLine(label, options, false)
}

func (p *linePrompter) SelectOrBlank(label string, options []string) (int, error) {
	return p.selectLine(label, options, true)
}

func (p *linePrompter) selectLine(label string, options []string, blank bool) (int, error) {
	for {
		fmt.Fprintf(p.out, "%s\n", label)
		for i, o := range options {
			fmt.Fprintf(p.out, "  %d) %s\n", i+1, o)
		}
		fmt.Fprint(p.out, "> ")
		line, err := p.readLine()
		if err != nil {
			return 0, err
		}
		if blank && line == "" {
			return -1, nil
		}
		if i, ok := choose(line, options); ok {
			return i, nil
		}
		fmt.Fprintf(p.out, "%q is not one of the choices: type its number or the start of its name.\n", line)
	}
}

// choose matches a typed line to an option: its number, its shortcut in
// brackets ("[m]"), or an unambiguous prefix of its name.
func choose(line string, options []string) (int, bool) {
	line = strings.ToLower(strings.TrimSpace(line))
	if line == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(options) {
		return n - 1, true
	}
	for i, o := range options {
		if strings.Contains(strings.ToLower(o), "["+line+"]") {
			return i, true
		}
	}
	match := -1
	for i, o := range options {
		if strings.HasPrefix(strings.ToLower(o), line) {
			if match >= 0 {
				return 0, false
			}
			match = i
		}
	}
	if match < 0 {
		return 0, false
	}
	return match, true
}

func (p *linePrompter) Input(label, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(p.out, "%s [%s]: ", label, def)
	} else {
		fmt.Fprintf(p.out, "%s: ", label)
	}
	line, err := p.readLine()
	if err != nil {
		return "", err
	}
	if line == "" {
		return def, nil
	}
	return line, nil
}

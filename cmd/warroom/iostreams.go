package main

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// ioStreams are a command's input and outputs, and whether a person is at
// the keyboard.
type ioStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY is true when standard input is a terminal (interactive commands need it).
	InTTY bool
	// OutTTY is true when standard output is a terminal (aligned tables, colour).
	OutTTY bool
}

func systemIO() *ioStreams {
	return &ioStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// testIO returns streams backed by buffers: input, stdout, stderr.
func testIO(input string) (*ioStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &ioStreams{In: bytes.NewBufferString(input), Out: out, ErrOut: errOut}, out, errOut
}

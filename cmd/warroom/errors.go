package main

import (
	"errors"
	"fmt"
)

// flagError is a usage mistake: exit code 2 and a pointer to --help.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &flagError{fmt.Errorf(format, args...)}
}

// errSilent ends a command with exit code 1 after it has printed its own message.
var errSilent = errors.New("silent")

// exitCode maps an error to the process exit code: 0 ok, 1 failure, 2 usage.
func exitCode(err error) int {
	var fe *flagError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &fe):
		return 2
	}
	return 1
}

// Command warroom runs AWS Well-Architected security reviews and tabletop
// war-games. See README.md.
package main

import (
	"context"
	"os"
)

func main() {
	// Ctrl-C ends the process at once. That is safe: every write is one SQLite
	// transaction, committed whole or not at all.
	os.Exit(run(context.Background(), os.Args[1:], systemIO()))
}

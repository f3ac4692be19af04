// Command warroom runs AWS Well-Architected security reviews and tabletop
// war-games. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], systemIO())
	stop()
	os.Exit(code)
}

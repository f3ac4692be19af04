package main

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/warroom/warroom/checks/collect"
)

// progressReporter shows collection progress; Update may be called from
// several goroutines, Done once at the end.
type progressReporter interface {
	Update(collect.Progress)
	Done()
}

// stderrTerminal reports whether standard error is a terminal and its width.
// It only looks at the real stderr: test buffers are never terminals.
func stderrTerminal(w io.Writer) (bool, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return true, 80
	}
	return true, width
}

// newProgress picks how to show progress on stderr: a bar per stage on a
// terminal at least 40 columns wide; otherwise plain lines at every 10% of a
// stage, or nothing with -o json (stdout then holds only the JSON document).
func (f *factory) newProgress() progressReporter {
	tty, width := f.ErrTerminal(f.IO.ErrOut)
	switch {
	case tty && width >= 40:
		return newBarProgress(f.IO.ErrOut, min(width, 100))
	case f.jsonOutput():
		return nopProgress{}
	}
	return &lineProgress{w: f.IO.ErrOut, last: map[string]lineMark{}}
}

type nopProgress struct{}

func (nopProgress) Update(collect.Progress) {}
func (nopProgress) Done()                   {}

// lineProgress writes "collect: <stage> 30% (12/40)" whenever a stage's
// percentage moves to another tenth. A stage's total grows as accounts add
// their jobs, so a stage that reached 100% keeps being reported when more
// work arrives (the percentage then drops) until Done.
type lineProgress struct {
	mu   sync.Mutex
	w    io.Writer
	last map[string]lineMark // stage → last line printed
	done bool
}

// lineMark is what a printed line showed: the tenth and the total.
type lineMark struct{ tenth, total int }

func (p *lineProgress) Update(pr collect.Progress) {
	if pr.Total <= 0 {
		return
	}
	tenth := min(pr.Done*10/pr.Total, 10)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	// Print when the tenth changes either way (it drops when the total grows),
	// and when a stage is complete again at a larger total.
	if prev, seen := p.last[pr.Stage]; seen && tenth == prev.tenth && (tenth < 10 || pr.Total == prev.total) {
		return
	}
	p.last[pr.Stage] = lineMark{tenth, pr.Total}
	fmt.Fprintf(p.w, "collect: %s %d%% (%d/%d)\n", pr.Stage, tenth*10, pr.Done, pr.Total)
}

// Done stops reporting.
func (p *lineProgress) Done() {
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
}

// barProgress draws one mpb bar per stage, added as stages start. A stage's
// total grows while accounts add their jobs, so no bar completes before Done:
// bars are created without a completion trigger (total 0) and only Done
// marks them finished.
type barProgress struct {
	mu   sync.Mutex
	p    *mpb.Progress
	bars map[string]*mpb.Bar
	done bool
}

func newBarProgress(w io.Writer, width int, more ...mpb.ContainerOption) *barProgress {
	opts := append([]mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(max(10, width-45))}, more...)
	return &barProgress{
		p:    mpb.New(opts...),
		bars: map[string]*mpb.Bar{},
	}
}

func (b *barProgress) Update(pr collect.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	bar, ok := b.bars[pr.Stage]
	if !ok {
		// Total 0 disables completion when current reaches the total; the
		// total shown is set below and may grow.
		bar = b.p.AddBar(0,
			mpb.PrependDecorators(decor.Name(pr.Stage, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncSpace)),
			mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5})))
		b.bars[pr.Stage] = bar
	}
	bar.SetTotal(int64(max(pr.Total, 0)), false)
	bar.SetCurrent(int64(pr.Done))
}

// Done marks every bar finished at its current count and waits for the
// last frame.
func (b *barProgress) Done() {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	for _, bar := range b.bars {
		bar.SetTotal(-1, true) // total = current, and complete
	}
	b.mu.Unlock()
	b.p.Wait()
}

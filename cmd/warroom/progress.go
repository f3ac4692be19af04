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
	return &lineProgress{w: f.IO.ErrOut, last: map[string]int{}}
}

type nopProgress struct{}

func (nopProgress) Update(collect.Progress) {}
func (nopProgress) Done()                   {}

// lineProgress writes "collect: <stage> 30% (12/40)" whenever a stage passes
// another tenth of its total.
type lineProgress struct {
	mu   sync.Mutex
	w    io.Writer
	last map[string]int // stage → last tenth printed
}

func (p *lineProgress) Update(pr collect.Progress) {
	if pr.Total <= 0 {
		return
	}
	tenth := min(pr.Done*10/pr.Total, 10)
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, seen := p.last[pr.Stage]; seen && tenth <= prev {
		return
	}
	p.last[pr.Stage] = tenth
	fmt.Fprintf(p.w, "collect: %s %d%% (%d/%d)\n", pr.Stage, tenth*10, pr.Done, pr.Total)
}

func (p *lineProgress) Done() {}

// barProgress draws one mpb bar per stage, added as stages start.
type barProgress struct {
	mu   sync.Mutex
	p    *mpb.Progress
	bars map[string]*mpb.Bar
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
	bar, ok := b.bars[pr.Stage]
	if !ok {
		bar = b.p.AddBar(int64(pr.Total),
			mpb.PrependDecorators(decor.Name(pr.Stage, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncSpace)),
			mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5})))
		b.bars[pr.Stage] = bar
	}
	if bar.Completed() {
		return
	}
	bar.SetTotal(int64(pr.Total), false)
	bar.SetCurrent(int64(pr.Done))
	if pr.Total > 0 && pr.Done >= pr.Total {
		bar.SetTotal(int64(pr.Total), true)
	}
}

func (b *barProgress) Done() {
	b.mu.Lock()
	for _, bar := range b.bars {
		if !bar.Completed() {
			bar.SetTotal(-1, true) // mark finished at its current count
		}
	}
	b.mu.Unlock()
	b.p.Wait()
}

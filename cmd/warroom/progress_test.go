package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vbauerster/mpb/v8"

	"github.com/warroom/warroom/checks/collect"
)

// syncBuffer is a bytes.Buffer safe to write from mpb's render goroutine
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// growingStream is progress from a multi-account run: the first account's
// global jobs all finish before the next accounts add theirs, so done reaches
// the total and the total then grows.
var growingStream = []collect.Progress{
	{Stage: "global", Done: 0, Total: 4}, {Stage: "global", Done: 2, Total: 4}, {Stage: "global", Done: 4, Total: 4},
	{Stage: "global", Done: 4, Total: 8}, {Stage: "global", Done: 6, Total: 8}, {Stage: "global", Done: 8, Total: 8},
	{Stage: "global", Done: 9, Total: 9}, // one more account, one job, done at once
	{Stage: "global", Done: 9, Total: 12}, {Stage: "global", Done: 11, Total: 12},
}

func TestLineProgress_TotalGrows(t *testing.T) {
	var b bytes.Buffer
	p := &lineProgress{w: &b, last: map[string]lineMark{}}
	for _, pr := range growingStream {
		p.Update(pr)
	}
	p.Done()
	p.Update(collect.Progress{Stage: "global", Done: 12, Total: 12}) // after Done: nothing
	want := "collect: global 0% (0/4)\ncollect: global 50% (2/4)\ncollect: global 100% (4/4)\n" +
		"collect: global 50% (4/8)\ncollect: global 70% (6/8)\ncollect: global 100% (8/8)\n" +
		"collect: global 100% (9/9)\n" +
		"collect: global 70% (9/12)\ncollect: global 90% (11/12)\n"
	got := b.String()
	if got != want {
		t.Errorf("progress lines:\n%s\nwant:\n%s", got, want)
	}
	i := strings.Index(got, "100%")
	if i < 0 || !strings.Contains(got[i:], "(11/12)") {
		t.Errorf("no progress reported after the first 100%%:\n%s", got)
	}
}

func TestBarProgress_TotalGrows(t *testing.T) {
	var out syncBuffer
	refresh := make(chan any)
	p := newBarProgress(&out, 80, mpb.WithManualRefresh(refresh))
	// waitFor renders a frame until the output shows s.
	waitFor := func(s string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(out.String(), s) {
			if time.Now().After(deadline) {
				t.Fatalf("bars never showed %q:\n%q", s, out.String())
			}
			refresh <- time.Now()
			time.Sleep(10 * time.Millisecond)
		}
	}
	for _, pr := range growingStream[:3] { // done == total == 4
		p.Update(pr)
	}
	waitFor("4/4")
	bar := p.bars["global"]
	if bar.Completed() {
		t.Fatal("the bar completed before Done, while the total may still grow")
	}
	for _, pr := range growingStream[3:] {
		p.Update(pr)
	}
	if bar.Completed() || bar.Current() != 11 {
		t.Errorf("after the total grew: completed %v, current %d; want running at 11", bar.Completed(), bar.Current())
	}
	waitFor("11/12")

	done := make(chan struct{})
	go func() { p.Done(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Done does not return")
	}
	if !bar.Completed() {
		t.Error("Done leaves the bar unfinished")
	}
	s := out.String()
	if last := s[strings.LastIndex(s, "global"):]; !strings.Contains(last, "11/11") {
		t.Errorf("last frame %q, want the bar finished at its count 11/11", last)
	}
	p.Update(collect.Progress{Stage: "regional", Done: 1, Total: 2}) // after Done: ignored, no panic
	if _, ok := p.bars["regional"]; ok {
		t.Error("a bar was added after Done")
	}
}

//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Test_writeFile_Umask: files warroom writes get 0644 less the umask, like
// files the user's other tools create: a user with umask 077 gets a bundle
// of raw inventory that only they can read.
func Test_writeFile_Umask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	writeFileAtomic, writeFileNew := writers(dir)
	for name, write := range map[string]func(string, []byte) error{"writeFileAtomic": writeFileAtomic, "writeFileNew": writeFileNew} {
		for _, umask := range []int{0o077, 0o022} {
			syscall.Umask(umask)
			path := filepath.Join(dir, fmt.Sprintf("%s-%03o.zip", name, umask))
			if err := write(path, []byte("bundle")); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if want := os.FileMode(0o644 &^ umask); st.Mode().Perm() != want {
				t.Errorf("%s with umask %03o: mode %04o, want %04o", name, umask, st.Mode().Perm(), want)
			}
		}
	}
}

// TestLensImport_EndlessFile: lens import stops reading at its size cap, so
// an endless file is refused rather than read forever.
func TestLensImport_EndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	h := newHarness(t)
	done := make(chan int, 1)
	go func() { done <- h.run("", "lens", "import", "/dev/zero") }()
	select {
	case code := <-done:
		if want := "/dev/zero is larger than 1000000 bytes"; code != 1 || !strings.Contains(h.errOut.String(), want) {
			t.Errorf("lens import /dev/zero: exit %d, stderr %q; want %q", code, h.errOut, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("lens import /dev/zero still reading after 30 seconds")
	}
}

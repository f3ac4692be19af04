package textsafe

import "testing"

func TestVisible(t *testing.T) {
	lines := func(r rune) bool { return r == '\n' || r == '\t' }
	tests := []struct {
		in   string
		keep func(rune) bool
		want string
	}{
		{"plain text, ünïcödé", nil, "plain text, ünïcödé"},
		{"reset\x1bc here", nil, `reset\u001bc here`},
		{"\x1b[31mred", nil, `\u001b[31mred`},
		{"back\bspace\a", nil, `back\u0008space\u0007`},
		{"csi \u009b", nil, `csi \u009b`},
		{"evil\u202egnp.exe", nil, `evil\u202egnp.exe`},
		{"arabic mark \u061c and isolate \u2066x\u2069", nil, `arabic mark \u061c and isolate \u2066x\u2069`},
		{"zero\u200bwidth\u2060joiner\ufeff", nil, `zero\u200bwidth\u2060joiner\ufeff`},
		{"bad \xff byte", nil, `bad \xff byte`},
		{"two\nlines\tand tab", nil, `two\u000alines\u0009and tab`},
		{"two\nlines\tand tab\r", lines, "two\nlines\tand tab\\u000d"},
	}
	for _, tt := range tests {
		if got := Visible(tt.in, tt.keep); got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, r := range []rune{'a', ' ', 'ß', '€', '\u00a0'} {
		if Hidden(r) {
			t.Errorf("Hidden(%q) = true", r)
		}
	}
}

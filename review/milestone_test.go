package review_test

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/review"
)

func TestCheckMilestoneName(t *testing.T) {
	tests := []struct {
		name, want string // want is part of the error, "" for none
	}{
		{"2026-Q4", ""},
		{"Überprüfung 2026", ""},
		{strings.Repeat("é", 100), ""},
		{"Q4", `milestone name "Q4" has 2 characters; use 3 to 100`},
		{strings.Repeat("x", 101), "has 101 characters; use 3 to 100"},
		{" 2026-Q4", "starts or ends with a space"},
		{"NOW", `milestone name "NOW" is reserved`},
		{"2026\x1b[2J-Q4", "holds control or invisible character U+001B"},
		{"2026\u200b-Q4", "holds control or invisible character U+200B"},
		// Bytes that are not UTF-8 would be stored raw and shown as
		// replacement characters.
		{"a\xff\xfeb", `milestone name "a\xff\xfeb" holds bytes that are not UTF-8 text; use plain text`},
		{"2026-Q4\xc3", "holds bytes that are not UTF-8 text"},
		// Look-alikes of plain names are refused, so that every stored
		// name is in NFKC form and the case-folded uniqueness check sees
		// them as the names they look like.
		{"caf\u00e9-1", ""}, // é as one character (NFC)
		{"cafe\u0301-1", `use plain characters: "cafe\u0301-1" would be stored as "caf\u00e9-1"`},
		{"o\ufb03ce-1", `use plain characters: "o\ufb03ce-1" would be stored as "office-1"`},
		{"2026\u00a0Q4", `use plain characters: "2026\u00a0Q4" would be stored as "2026 Q4"`},
		{"\uff12\uff10\uff12\uff16-Q3", `would be stored as "2026-Q3"`},
		{"2026-\u2163", `would be stored as "2026-IV"`}, // Roman numeral four
	}
	for _, tt := range tests {
		err := review.CheckMilestoneName(tt.name)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckMilestoneName(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
}

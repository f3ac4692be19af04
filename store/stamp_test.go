package store

import (
	"sort"
	"testing"
	"time"
)

func TestParseStamp_ReadsBothFormats(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		// fixed width, as written since schema 3
		{"2026-10-13T09:12:00.000000000Z", time.Date(2026, 10, 13, 9, 12, 0, 0, time.UTC)},
		{"2026-10-13T09:12:00.500000000Z", time.Date(2026, 10, 13, 9, 12, 0, 500000000, time.UTC)},
		{"2026-10-13T09:12:00.123456789Z", time.Date(2026, 10, 13, 9, 12, 0, 123456789, time.UTC)},
		// RFC 3339 with trailing zeros trimmed, as older builds wrote
		{"2026-10-13T09:12:00Z", time.Date(2026, 10, 13, 9, 12, 0, 0, time.UTC)},
		{"2026-10-13T09:12:00.5Z", time.Date(2026, 10, 13, 9, 12, 0, 500000000, time.UTC)},
		{"2026-10-13T09:12:00.12345678Z", time.Date(2026, 10, 13, 9, 12, 0, 123456780, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseStamp(tt.in)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseStamp(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if s := stamp(got); len(s) != 30 || s[len(s)-1] != 'Z' {
			t.Errorf("stamp(%v) = %q, want 30 characters ending in Z", got, s)
		} else if back, err := parseStamp(s); err != nil || !back.Equal(tt.want) {
			t.Errorf("round trip of %q: %v, %v", s, back, err)
		}
	}
}

func TestStamp_SortsAsTextInTimeOrder(t *testing.T) {
	base := time.Date(2026, 10, 13, 9, 12, 0, 0, time.FixedZone("CEST", 2*3600))
	times := []time.Time{
		base.Add(time.Second), base, base.Add(550 * time.Millisecond), base.Add(500 * time.Millisecond),
		base.Add(time.Nanosecond), base.Add(-time.Nanosecond), base.Add(123456789),
	}
	var stamps []string
	for _, tm := range times {
		stamps = append(stamps, stamp(tm))
	}
	sort.Strings(stamps)
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i, s := range stamps {
		if want := stamp(times[i]); s != want {
			t.Errorf("text order [%d] = %s, time order %s", i, s, want)
		}
	}
}

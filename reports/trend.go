package reports

import (
	"time"

	"github.com/warroom/warroom/review"
)

// Trend is the review over time: risk counts per milestone, oldest first,
// ending with the review being reported, and what changed since the
// milestone before it.
type Trend struct {
	Points []TrendPoint
	// Since is the change from the previous milestone to the review being
	// reported; nil when there is no earlier milestone.
	Since *review.Diff
}

// TrendPoint is one milestone (or the current review) and its risk counts.
type TrendPoint struct {
	Label   string    // milestone name, or review.NowLabel
	At      time.Time // when it was frozen (or scored)
	Summary review.Summary
	// Current marks the point the report is about.
	Current bool
}

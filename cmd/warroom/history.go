package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/store"
)

// This file holds what milestone, diff, report and export share: the
// current review frozen as a milestone would freeze it, snapshots by name,
// and the trend over milestones.

// freezeNow scores the current review and notes where the append-only logs
// stand, as a milestone created now would freeze it (without its name). It
// also returns the evidence behind the findings (nil when none was collected).
// Scoring reads several tables; the log marks are read before and after,
// and the review is scored again when something was recorded in between, so
// the marks name exactly what was scored.
func (f *factory) freezeNow(ctx context.Context, ws *workspace) (review.Milestone, *reports.Evidence, error) {
	lenses, err := lensMarks(ws.bank.Lenses)
	if err != nil {
		return review.Milestone{}, nil, err
	}
	a, ev, marks, err := freezeConsistent(
		func() (review.Frozen, error) { return ws.db.LogMarks(ctx, ws.w.ID) },
		func() (review.Assessment, *reports.Evidence, error) { return f.assess(ctx, ws) })
	if err != nil {
		return review.Milestone{}, nil, err
	}
	if ev != nil {
		marks.Run, marks.RunFinishedAt = ev.RunID, ev.ObservedAt.UTC()
	}
	marks.Lenses = lenses
	return review.Milestone{CreatedAt: a.GeneratedAt, ToolVersion: f.Version, Frozen: marks, Assessment: a}, ev, nil
}

// freezeTries is how many times freezeConsistent scores a review that keeps
// changing before it gives up.
const freezeTries = 3

// errKeptChanging is freezeConsistent's error when every try saw a write.
var errKeptChanging = errors.New("the review kept changing while the milestone was taken; try again")

// freezeConsistent scores the review between two readings of the log marks
// and returns the score with the marks when both readings agree: nothing
// was recorded while it scored. It tries freezeTries times.
func freezeConsistent(marks func() (review.Frozen, error),
	score func() (review.Assessment, *reports.Evidence, error)) (review.Assessment, *reports.Evidence, review.Frozen, error) {
	for range freezeTries {
		before, err := marks()
		if err != nil {
			return review.Assessment{}, nil, review.Frozen{}, err
		}
		a, ev, err := score()
		if err != nil {
			return review.Assessment{}, nil, review.Frozen{}, err
		}
		after, err := marks()
		if err != nil {
			return review.Assessment{}, nil, review.Frozen{}, err
		}
		if sameLogs(before, after) && before.Answers == after.Answers {
			return a, ev, after, nil
		}
	}
	return review.Assessment{}, nil, review.Frozen{}, errKeptChanging
}

// lensMarks notes each lens with its version and the digest of its content
// (its JSON without the file it was read from, so the same lens read from
// another folder has the same digest).
func lensMarks(lenses []questions.Lens) ([]review.LensMark, error) {
	out := make([]review.LensMark, 0, len(lenses))
	for _, l := range lenses {
		l.Source = ""
		b, err := json.Marshal(l)
		if err != nil {
			return nil, fmt.Errorf("digest of lens %s: %w", l.ID, err)
		}
		out = append(out, review.LensMark{ID: l.ID, Version: l.Version, Digest: reports.Digest(b)})
	}
	return out, nil
}

// sameLogs reports whether two freezes saw the same answers, runs, sessions
// and action updates: nothing was recorded in between.
func sameLogs(a, b review.Frozen) bool {
	return a.AnswersThrough == b.AnswersThrough && a.Run == b.Run && a.Runs == b.Runs &&
		a.ActionUpdatesThrough == b.ActionUpdatesThrough && slices.Equal(a.Sessions, b.Sessions)
}

// sameAssessment reports whether two assessments are the same but for when
// they were scored: time passing (an action item falling overdue), other
// lenses or another scorer change an assessment although no log moved.
func sameAssessment(a, b review.Assessment) bool {
	b.GeneratedAt = a.GeneratedAt
	ab, errA := json.Marshal(a)
	bb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ab, bb)
}

// errNoMilestone is workloadMilestone's error when the workload has none and
// the latest was asked for.
var errNoMilestone = errors.New("no milestone yet: create one with `warroom milestone create NAME`")

// workloadMilestone lists the workload's milestones, oldest first, and picks
// the one named name (any case), or the latest when name is "" (an error
// wrapping errNoMilestone when there is none).
func workloadMilestone(ctx context.Context, ws *workspace, name string) ([]review.Milestone, review.Milestone, error) {
	ms, err := ws.db.Milestones(ctx, ws.w.ID)
	if err != nil {
		return nil, review.Milestone{}, err
	}
	if name == "" {
		if len(ms) == 0 {
			return ms, review.Milestone{}, errNoMilestone
		}
		return ms, ms[len(ms)-1], nil
	}
	m, err := milestoneNamed(ms, name, false)
	return ms, m, err
}

// milestoneNamed finds a milestone by name (any case) in ms; the error lists
// the names there are, and review.NowLabel for the current review when the
// caller takes it (acceptsNow).
func milestoneNamed(ms []review.Milestone, name string, acceptsNow bool) (review.Milestone, error) {
	for _, m := range ms {
		if strings.EqualFold(m.Name, name) {
			return m, nil
		}
	}
	if len(ms) == 0 {
		return review.Milestone{}, fmt.Errorf("no milestone named %q: this workload has none yet; create one with `warroom milestone create NAME`", name)
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	if acceptsNow {
		return review.Milestone{}, fmt.Errorf("no milestone named %q; there are %s (and %q for the current review)", name, strings.Join(names, ", "), review.NowLabel)
	}
	return review.Milestone{}, fmt.Errorf("no milestone named %q; there are %s", name, strings.Join(names, ", "))
}

// snapshotOf turns a milestone into one side of a comparison.
func snapshotOf(m review.Milestone) review.Snapshot {
	return review.Snapshot{Label: m.Name, Milestone: m.Number, At: m.CreatedAt, Assessment: m.Assessment}
}

// trendFor builds the trend of a report about cur: a milestone's snapshot,
// or the current review (cur.Milestone == 0, with now's freeze marks). The
// points are every milestone up to cur; the current review joins them as
// "now" unless nothing was recorded since the latest milestone and the
// review scores as it did then, in which case the report is about that
// milestone. Since compares the milestone
// before cur with cur, or since (a milestone name) with cur when given. Nil
// when there is no milestone.
func trendFor(ms []review.Milestone, cur review.Snapshot, marks review.Frozen, since string) (*reports.Trend, error) {
	if len(ms) == 0 {
		if since != "" {
			_, err := milestoneNamed(ms, since, false)
			return nil, err
		}
		return nil, nil
	}
	upTo := ms
	if cur.Milestone > 0 {
		upTo = ms[:cur.Milestone]
	} else if last := ms[len(ms)-1]; sameLogs(last.Frozen, marks) && sameAssessment(last.Assessment, cur.Assessment) {
		cur = snapshotOf(last)
	}
	t := &reports.Trend{}
	for _, m := range upTo {
		t.Points = append(t.Points, reports.TrendPoint{Label: m.Name, At: m.CreatedAt, Summary: m.Assessment.Summary,
			Current: m.Number == cur.Milestone})
	}
	if cur.Milestone == 0 {
		t.Points = append(t.Points, reports.TrendPoint{Label: review.NowLabel, At: cur.At, Summary: cur.Assessment.Summary, Current: true})
	}
	var base *review.Milestone
	if since != "" {
		m, err := milestoneNamed(ms, since, false)
		if err != nil {
			return nil, err
		}
		base = &m
	} else {
		for i := len(upTo) - 1; i >= 0; i-- {
			if upTo[i].Number != cur.Milestone {
				base = &upTo[i]
				break
			}
		}
	}
	if base != nil {
		d := review.Compare(snapshotOf(*base), cur)
		t.Since = &d
	}
	return t, nil
}

// currentTrend is the trend of a report about the current review; nil when
// the workload has no milestones.
func (f *factory) currentTrend(ctx context.Context, ws *workspace, a review.Assessment, since string) (*reports.Trend, error) {
	ms, err := ws.db.Milestones(ctx, ws.w.ID)
	if err != nil {
		return nil, err
	}
	marks, err := ws.db.LogMarks(ctx, ws.w.ID)
	if err != nil {
		return nil, err
	}
	run, err := ws.db.LatestRun(ctx, ws.w.ID)
	switch {
	case err == nil:
		marks.Run, marks.RunFinishedAt = run.ID, run.FinishedAt.UTC()
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return trendFor(ms, review.Snapshot{Label: review.NowLabel, At: a.GeneratedAt, Assessment: a}, marks, since)
}

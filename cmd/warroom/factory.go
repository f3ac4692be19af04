package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/checks/collect"
	"github.com/warroom/warroom/questions"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// globalOptions are the flags every command shares.
type globalOptions struct {
	DB       string
	Workload string
	Output   string
	LensDirs []string
	// ScenarioDirs are --scenario-dir folders (or files) of custom scenarios.
	ScenarioDirs []string
}

// factory gives commands their dependencies; tests replace its parts.
type factory struct {
	IO      *ioStreams
	Now     func() time.Time
	Version string
	Global  *globalOptions
	// Getenv reads the environment (WARROOM_DB).
	Getenv func(string) string
	// NewPrompter builds the interactive prompter for interview.
	NewPrompter func(*ioStreams) prompter
	// AWS loads the caller's AWS configuration for a profile ("" = default
	// chain); only collect calls it. Tests point it at a fake endpoint.
	AWS func(ctx context.Context, profile string) (aws.Config, error)
	// Collect gathers the inventory (collect.Run); tests replace it.
	Collect func(ctx context.Context, cfg aws.Config, opts collect.Options) (*checks.Inventory, collect.Stats, error)
	// Rand is the randomness of run ids (nil: crypto/rand).
	Rand io.Reader
	// ErrTerminal reports whether an error stream is a terminal and its width.
	ErrTerminal func(io.Writer) (bool, int)
}

func newFactory(io *ioStreams) *factory {
	return &factory{
		IO: io, Now: time.Now, Version: version, Global: &globalOptions{},
		Getenv: os.Getenv, NewPrompter: newLinePrompter,
		AWS: collect.LoadConfig, Collect: collect.Run,
		ErrTerminal: stderrTerminal,
	}
}

// dbPath is --db, else $WARROOM_DB, else ./warroom.db.
func (f *factory) dbPath() string {
	if f.Global.DB != "" {
		return f.Global.DB
	}
	if p := f.Getenv("WARROOM_DB"); p != "" {
		return p
	}
	return "warroom.db"
}

// Store opens the database. The caller closes it.
func (f *factory) Store(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, f.dbPath())
	if err != nil {
		return nil, err
	}
	db.Now = f.Now
	return db, nil
}

// dbMissing reports whether the database file does not exist (a link to
// nothing included); read commands must not create it.
func (f *factory) dbMissing() bool {
	_, err := os.Stat(f.dbPath())
	return errors.Is(err, fs.ErrNotExist)
}

// existingStore opens the database like Store, but refuses a database file
// that does not exist instead of creating an empty one: every command but
// workload create and demo works on a review already there.
func (f *factory) existingStore(ctx context.Context) (*store.DB, error) {
	if f.dbMissing() {
		return nil, fmt.Errorf("no database at %s: create a workload with `warroom workload create NAME` first, or pass --db / $WARROOM_DB",
			oneLine(f.dbPath()))
	}
	return f.Store(ctx)
}

// Bank loads the built-in lenses and any --lens-dir folders.
func (f *factory) Bank() (*questions.Bank, error) {
	lenses, err := questions.DefaultLenses()
	if err != nil {
		return nil, err
	}
	for _, dir := range f.Global.LensDirs {
		more, err := questions.LoadDir(os.DirFS(dir), ".", strings.TrimSuffix(dir, "/")+"/")
		if err != nil {
			return nil, fmt.Errorf("load --lens-dir %s: %w", dir, err)
		}
		lenses = append(lenses, more...)
	}
	return questions.NewBank(lenses...)
}

// Scenarios loads the built-in scenario library and any --scenario-dir
// folders or files. Custom scenarios are validated against the question bank.
func (f *factory) Scenarios() ([]*scenarios.Scenario, error) {
	bank, err := f.Bank()
	if err != nil {
		return nil, err
	}
	o := scenarios.LoadOptions{Bank: bank}
	list, err := scenarios.Library(o)
	if err != nil {
		return nil, err
	}
	from := map[string]string{}
	for _, s := range list {
		from[s.ID] = "the built-in library"
	}
	for _, dir := range f.Global.ScenarioDirs {
		more, err := scenarios.LoadPath(dir, o)
		if err != nil {
			return nil, fmt.Errorf("load --scenario-dir %s: %w", dir, err)
		}
		for _, s := range more {
			if where, ok := from[s.ID]; ok {
				return nil, fmt.Errorf("load --scenario-dir %s: scenario %s in %s is already defined in %s; give it another id", dir, s.ID, s.Source, where)
			}
			from[s.ID] = s.Source
		}
		list = append(list, more...)
	}
	return list, nil
}

// workload resolves --workload, or the only workload in the database.
func (f *factory) workload(ctx context.Context, db *store.DB) (review.Workload, error) {
	if f.Global.Workload != "" {
		w, err := db.Workload(ctx, f.Global.Workload)
		if errors.Is(err, store.ErrNotFound) {
			return w, fmt.Errorf("no workload named %q in %s; see `warroom workload list`", f.Global.Workload, db.Path())
		}
		return w, err
	}
	ws, err := db.Workloads(ctx)
	if err != nil {
		return review.Workload{}, err
	}
	switch len(ws) {
	case 0:
		return review.Workload{}, fmt.Errorf("no workload in %s yet; create one with `warroom workload create NAME`", db.Path())
	case 1:
		return ws[0], nil
	}
	var names []string
	for _, w := range ws {
		names = append(names, w.Name)
	}
	return review.Workload{}, usageErrorf("%s holds several workloads (%s); pick one with --workload", db.Path(), strings.Join(names, ", "))
}

func (f *factory) jsonOutput() bool { return f.Global.Output == "json" }

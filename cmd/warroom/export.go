package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/reports"
	"github.com/warroom/warroom/review"
	"github.com/warroom/warroom/scenarios"
	"github.com/warroom/warroom/store"
)

type exportOptions struct {
	f         *factory
	Out       string
	Milestone string
	By        string
	SignKey   string
	Force     bool
}

func newCmdExport(f *factory, runF func(*exportOptions) error) *cobra.Command {
	opts := &exportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "export --out FILE.zip",
		Short: "Write a milestone as an auditor evidence bundle (a zip with a manifest of SHA-256 hashes)",
		Long: `Writes a milestone (default: the latest) as an evidence bundle for an auditor:
one zip holding the report (report.md, report.html), the scored assessment
(assessment.json), the frozen assessment exactly as stored, whose SHA-256 is
the milestone's digest (milestone/assessment.json), every answer with its
history (answers.json), the evidence run's findings and raw inventory
(findings.json, evidence/inventory.json), the check catalogue the run was
judged with (checks.json) and each tabletop session with its after-action
report (scenarios/). Everything is rendered from the milestone's frozen state,
so exporting the same milestone again gives the same files. The report says
which warroom scored the milestone and which one rendered it. A warning says
when lenses or scenario files differ from those the milestone was scored
with, since titles and question summaries come from today's files.

manifest.json lists every file with its SHA-256 and size, with the workload,
the milestone, the evidence run, who exported it and when. The command prints
the manifest's digest: record it where the auditor can see it, since it pins
every byte. With --sign-key (an ed25519 private key from 'warroom keygen' or
'openssl genpkey -algorithm ed25519') the bundle also holds manifest.sig.
'warroom verify FILE.zip' checks a bundle. With -o json it prints
{"version":1,"path","bytes","files","digest","milestone","signed","key_id"}.`,
		Example: `  warroom export --out payments-2026-Q4.zip
  warroom export --milestone 2026-Q3 --out payments-2026-Q3.zip --by dana
  warroom export --out payments-2026-Q4.zip --sign-key warroom-signing`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return usageErrorf("--out is missing: name the bundle file to write, such as payments-2026-Q4.zip")
			}
			if opts.Out == "-" {
				return usageErrorf("--out -: a bundle is a zip file, not text for standard output; name the file to write, such as payments-2026-Q4.zip")
			}
			by, err := resolveBy(f, opts.By, cmd.Flags().Changed("by"), "exports the bundle")
			if err != nil {
				return err
			}
			opts.By = by
			if strings.EqualFold(strings.TrimSpace(opts.Milestone), review.NowLabel) {
				return usageErrorf("--milestone %s: a bundle holds a frozen milestone, not the current review; create one with `warroom milestone create NAME` and export it", review.NowLabel)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Out, "out", "", "bundle file to write (required)")
	fl.StringVar(&opts.Milestone, "milestone", "", "milestone to export (default: the latest)")
	fl.StringVar(&opts.By, "by", "", "who exports it, for the manifest (default $WARROOM_USER or $USER)")
	fl.StringVar(&opts.SignKey, "sign-key", "", "ed25519 private key (PEM) to sign the manifest with")
	fl.BoolVar(&opts.Force, "force", false, "replace --out if it exists (without it, an existing file is never replaced)")
	fl.StringArrayVar(&f.Global.ScenarioDirs, "scenario-dir", nil,
		"folder of custom scenarios whose sessions the bundle holds (repeatable; built-in ones need none)")
	return cmd
}

// exportJSON is the `export -o json` document.
type exportJSON struct {
	Version   int    `json:"version"`
	Path      string `json:"path"`
	Bytes     int    `json:"bytes"`
	Files     int    `json:"files"` // listed in the manifest (manifest.json and manifest.sig aside)
	Digest    string `json:"digest"`
	Milestone string `json:"milestone"`
	Signed    bool   `json:"signed"`
	KeyID     string `json:"key_id,omitempty"`
}

func exportRun(ctx context.Context, opts *exportOptions) error {
	f := opts.f
	if err := f.refuseDatabase(opts.Out, "bundle"); err != nil {
		return err
	}
	if err := refuseExisting(opts.Out, opts.Force); err != nil {
		return err
	}
	var key ed25519.PrivateKey
	if opts.SignKey != "" {
		var err error
		if key, err = readSignKey(f, opts.SignKey); err != nil {
			return err
		}
	}
	ws, err := f.openWorkspace(ctx)
	if err != nil {
		return err
	}
	defer ws.db.Close()
	ms, m, err := workloadMilestone(ctx, ws, opts.Milestone)
	if errors.Is(err, errNoMilestone) {
		return fmt.Errorf("%w; a bundle holds a frozen milestone so it can be reproduced", err)
	}
	if err != nil {
		return err
	}
	if err := warnRecordedSince(ctx, f, ws, ms, m); err != nil {
		return err
	}
	if err := warnLensesChanged(f, ws, m); err != nil {
		return err
	}
	b, err := buildBundle(ctx, f, ws, ms, m)
	if err != nil {
		return err
	}
	manifest := reports.Manifest{
		Format: reports.BundleFormat, Version: reports.BundleVersion, Tool: "warroom " + f.Version,
		Workload: ws.w, CreatedAt: f.Now().UTC().Truncate(time.Second), CreatedBy: opts.By, Milestone: m, Evidence: b.run,
	}
	var buf bytes.Buffer
	digest, err := reports.WriteBundle(&buf, manifest, b.files, key)
	if err != nil {
		return fmt.Errorf("export milestone %s: %w", oneLine(m.Name), err)
	}
	write := f.writeFileAtomic
	if !opts.Force {
		// Never replaces: a file that appeared since the check above is kept.
		write = f.writeFileNew
	}
	if err := write(opts.Out, "bundle", buf.Bytes()); err != nil {
		if !opts.Force && errors.Is(err, fs.ErrExist) {
			return existsError(opts.Out)
		}
		return err
	}
	doc := exportJSON{Version: 1, Path: opts.Out, Bytes: buf.Len(), Files: len(b.files), Digest: digest, Milestone: m.Name, Signed: key != nil}
	if key != nil {
		doc.KeyID = reports.KeyID(key.Public().(ed25519.PublicKey))
	}
	if f.jsonOutput() {
		return printJSON(f.IO.Out, doc)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Wrote %s: %d bytes, %s and the manifest.\n", oneLine(opts.Out), doc.Bytes, plural(doc.Files, "file", "files"))
	fmt.Fprintf(w, "Milestone: %d %s of workload %s, created %s by %s\n", m.Number, quoted(m.Name), oneLine(ws.w.Name),
		stampUTC(m.CreatedAt), oneLine(m.CreatedBy))
	if b.run != nil {
		fmt.Fprintf(w, "Evidence:  run %s, finished %s\n", oneLine(b.run.ID), stampUTC(b.run.FinishedAt))
	} else {
		fmt.Fprintln(w, "Evidence:  none; the milestone scored no evidence run")
	}
	fmt.Fprintf(w, "Digest:    %s\n", digest)
	verifyCmd := "warroom verify " + shellArg(opts.Out)
	if key != nil {
		fmt.Fprintf(w, "Signed:    by key %s\n", doc.KeyID)
		if pub := publicKeyBeside(opts.SignKey, key); pub != "" {
			verifyCmd += " --pub-key " + shellArg(pub)
		} else {
			verifyCmd += " --pub-key FILE, where FILE holds the signer's public key"
		}
	} else {
		fmt.Fprintln(w, "Signed:    not signed")
	}
	fmt.Fprintln(w, "Record the digest where the auditor can see it: it pins every file of the bundle.")
	fmt.Fprintf(w, "Verify with: %s\n", verifyCmd)
	return nil
}

// shellArg is s as one shell word, quoted when it needs to be.
func shellArg(s string) string {
	s = oneLine(s)
	if shellWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// publicKeyBeside is the public key file next to the private key file
// priv (priv.pub, as keygen writes it, or priv with its extension replaced
// by .pub), when it holds key's public key; "" when there is none.
func publicKeyBeside(priv string, key ed25519.PrivateKey) string {
	candidates := []string{priv + ".pub"}
	if ext := filepath.Ext(priv); ext != "" && ext != ".pub" {
		candidates = append(candidates, strings.TrimSuffix(priv, ext)+".pub")
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		pub, err := reports.ParsePublicKey(b)
		if err == nil && pub.Equal(key.Public()) {
			return p
		}
	}
	return ""
}

// refuseExisting refuses to replace path unless force is set, and refuses
// a folder always.
func refuseExisting(path string, force bool) error {
	st, err := os.Lstat(path)
	if err == nil && st.IsDir() {
		return fmt.Errorf("write %s: is a folder; name a file to write", oneLine(path))
	}
	if force {
		return nil
	}
	if err == nil {
		return existsError(path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("check --out %s: %w", oneLine(path), err)
	}
	return nil
}

// existsError says that --out exists and how to replace it.
func existsError(path string) error {
	return fmt.Errorf("%s exists; pass --force to replace it", oneLine(path))
}

// readSignKey reads --sign-key, warning when others may read it.
func readSignKey(f *factory, path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read --sign-key: %w", err)
	}
	key, err := reports.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("--sign-key %s: %w", oneLine(path), err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(f.IO.ErrOut, "Warning: signing key %s can be read by other users (mode %04o); run chmod 600 on it.\n",
			oneLine(path), st.Mode().Perm())
	}
	return key, nil
}

// warnRecordedSince warns when the bundle of m (one of ms) misses what was
// recorded later: it names the later milestones when there are some, else
// the answers, runs, session entries and action updates recorded after m.
func warnRecordedSince(ctx context.Context, f *factory, ws *workspace, ms []review.Milestone, m review.Milestone) error {
	var later []string
	for _, o := range ms {
		if o.Number > m.Number {
			later = append(later, quoted(o.Name))
		}
	}
	if len(later) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "Warning: the bundle holds milestone %s (created %s); later milestones: %s. "+
			"Export without --milestone for the latest.\n", quoted(m.Name), stampUTC(m.CreatedAt), strings.Join(later, ", "))
		return nil
	}
	marks, err := ws.db.LogMarks(ctx, ws.w.ID)
	if err != nil {
		return err
	}
	run, err := ws.db.LatestRun(ctx, ws.w.ID)
	switch {
	case err == nil:
		marks.Run = run.ID
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	if sameLogs(m.Frozen, marks) {
		return nil
	}
	updates := 0
	if marks.ActionUpdatesThrough != m.Frozen.ActionUpdatesThrough {
		if updates, err = ws.db.ActionUpdatesAfter(ctx, ws.w.ID, m.Frozen.ActionUpdatesThrough); err != nil {
			return err
		}
	}
	what, n := recordedAfter(m.Frozen, marks, updates)
	were, are, them := "were", "are", "them"
	if len(what) == 1 && n == 1 {
		were, are, them = "was", "is", "it"
	}
	fmt.Fprintf(f.IO.ErrOut, "Warning: %s %s recorded after milestone %s (created %s) and %s not in this bundle; "+
		"to include %s, create a milestone with `warroom milestone create NAME` and export that.\n",
		andList(what), were, quoted(m.Name), stampUTC(m.CreatedAt), are, them)
	return nil
}

// recordedAfter counts, in words, what the logs at now hold beyond the
// marks a milestone froze: "3 answers", "1 evidence run", "12 tabletop
// session entries", "2 action item updates" (updates is that count). It
// also returns the first count, for the verb's number.
func recordedAfter(then, now review.Frozen, updates int) ([]string, int) {
	var what []string
	first := 0
	add := func(n int, one, many string) {
		if n <= 0 {
			return
		}
		if len(what) == 0 {
			first = n
		}
		what = append(what, plural(n, one, many))
	}
	answers := now.Answers - then.Answers
	if answers <= 0 && now.AnswersThrough != then.AnswersThrough {
		answers = 1
	}
	add(answers, "answer", "answers")
	runs := now.Runs - then.Runs
	if runs <= 0 && now.Run != then.Run {
		runs = 1
	}
	add(runs, "evidence run", "evidence runs")
	frozen := map[string]int{}
	for _, s := range then.Sessions {
		frozen[s.ID] = s.Entries
	}
	entries, sessions := 0, 0
	for _, s := range now.Sessions {
		had, ok := frozen[s.ID]
		if !ok {
			sessions++
		}
		entries += max(s.Entries-had, 0)
	}
	if entries > 0 {
		add(entries, "tabletop session entry", "tabletop session entries")
	} else {
		add(sessions, "tabletop session", "tabletop sessions")
	}
	if updates <= 0 && now.ActionUpdatesThrough != then.ActionUpdatesThrough {
		updates = 1
	}
	add(updates, "action item update", "action item updates")
	return what, first
}

// andList joins words as a list in a sentence: "a", "a and b", "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// warnLensesChanged warns when the lenses loaded now are not the ones m was
// scored with (another version, other content, a lens missing or added):
// the report takes lens names and question summaries from today's lenses.
// A milestone that recorded no lenses gets no warning.
func warnLensesChanged(f *factory, ws *workspace, m review.Milestone) error {
	if len(m.Frozen.Lenses) == 0 {
		return nil
	}
	now, err := lensMarks(ws.bank.Lenses)
	if err != nil {
		return err
	}
	current := map[string]review.LensMark{}
	for _, l := range now {
		current[l.ID] = l
	}
	var diffs []string
	frozen := map[string]bool{}
	for _, then := range m.Frozen.Lenses {
		frozen[then.ID] = true
		l, ok := current[then.ID]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("lens %s is not loaded now (pass the --lens-dir it came from)", oneLine(then.ID)))
		case l.Version != then.Version:
			diffs = append(diffs, fmt.Sprintf("lens %s is version %s now, %s then", oneLine(then.ID), orNone(l.Version), orNone(then.Version)))
		case l.Digest != then.Digest:
			diffs = append(diffs, fmt.Sprintf("lens %s has changed since (still version %s)", oneLine(then.ID), orNone(l.Version)))
		}
	}
	for _, l := range now {
		if !frozen[l.ID] {
			diffs = append(diffs, fmt.Sprintf("lens %s was not reviewed then", oneLine(l.ID)))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	fmt.Fprintf(f.IO.ErrOut, "Warning: the lenses differ from those milestone %s was scored with: %s. "+
		"The scores are as frozen, but the report takes lens names and question summaries from today's lenses.\n",
		quoted(m.Name), strings.Join(diffs, "; "))
	return nil
}

// orNone is a lens version, or "none" when it has none.
func orNone(v string) string {
	if v == "" {
		return "none"
	}
	return oneLine(v)
}

// bundleContent is what a bundle holds besides its manifest.
type bundleContent struct {
	files []reports.BundleFile
	run   *reports.RunInfo // nil when the milestone scored no run
}

// buildBundle renders the files of milestone m (one of ms) from what it
// froze: its assessment, the answers up to its mark, its evidence run and
// its sessions cut to their marks. Nothing recorded later is read.
func buildBundle(ctx context.Context, f *factory, ws *workspace, ms []review.Milestone, m review.Milestone) (bundleContent, error) {
	var out bundleContent
	add := func(path string, data []byte) {
		out.files = append(out.files, reports.BundleFile{Path: path, Data: data})
	}
	addJSON := func(path string, v any) error {
		var b bytes.Buffer
		if err := printJSON(&b, v); err != nil {
			return fmt.Errorf("bundle %s: %w", path, err)
		}
		add(path, b.Bytes())
		return nil
	}

	var ev *reports.Evidence
	catalogue := checksFileJSON{Version: 1, Checks: checks.All(),
		Note: "the milestone scored no evidence run; this is the check catalogue of warroom " + f.Version + ", which wrote the bundle"}
	if id := m.Frozen.Run; id != "" {
		run, err := ws.db.Run(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return out, fmt.Errorf("milestone %s scored evidence run %s, which is not in %s; the database was changed outside warroom",
				quoted(m.Name), oneLine(id), ws.db.Path())
		}
		if err != nil {
			return out, err
		}
		finds, err := ws.db.Findings(ctx, id, store.FindingFilter{})
		if err != nil {
			return out, err
		}
		inv, err := ws.db.RunInventory(ctx, id)
		if err != nil {
			return out, err
		}
		if finds == nil {
			finds = []checks.Finding{}
		}
		ev = evidenceOf(run, finds)
		if len(run.Catalogue) > 0 {
			// The appendix and checks.json show the checks as the run
			// judged them, not as this build has them.
			var cs []checks.Check
			if err := json.Unmarshal(run.Catalogue, &cs); err != nil {
				return out, fmt.Errorf("check catalogue of run %s: %w; the database was changed outside warroom", oneLine(run.ID), err)
			}
			ev.Checks = cs
			catalogue = checksFileJSON{Version: 1, Run: run.ID, Checks: cs}
		} else {
			catalogue.Note = fmt.Sprintf("run %s did not record the check catalogue it was judged with (it was saved before warroom kept one); "+
				"this is the check catalogue of warroom %s, which wrote the bundle", run.ID, f.Version)
		}
		info := runInfo(run)
		out.run = &info
		run.Accounts, run.Regions = info.Accounts, info.Regions
		if err := addJSON("findings.json", bundleFindingsJSON{Version: 1, Run: run, Findings: finds}); err != nil {
			return out, err
		}
		if err := addJSON("evidence/inventory.json", inv); err != nil {
			return out, err
		}
	}

	sessions, err := frozenSessions(ctx, ws, m)
	if err != nil {
		return out, err
	}
	aars, err := frozenAfterActions(ctx, f, ws, m, sessions, ev)
	if err != nil {
		return out, err
	}
	for i, s := range sessions {
		dir := "scenarios/" + s.ID + "/"
		if err := addJSON(dir+"session.json", sessionFileJSON{Version: 1, Session: s}); err != nil {
			return out, err
		}
		o := reports.Options{Version: f.Version, Lenses: ws.bank.Lenses, Bank: ws.bank, Evidence: aars[i].evidence}
		md, err := reports.AfterActionMarkdown(aars[i].AfterAction, o)
		if err != nil {
			return out, fmt.Errorf("bundle %saar.md: %w", dir, err)
		}
		html, err := reports.AfterActionHTML(aars[i].AfterAction, o)
		if err != nil {
			return out, fmt.Errorf("bundle %saar.html: %w", dir, err)
		}
		add(dir+"aar.md", md)
		add(dir+"aar.html", html)
	}

	trend, err := trendFor(ms, snapshotOf(m), m.Frozen, "")
	if err != nil {
		return out, err
	}
	o := reports.Options{Version: f.Version, Lenses: ws.bank.Lenses, Bank: ws.bank, Evidence: ev, Trend: trend,
		ScoredWith: m.ToolVersion}
	for _, a := range aars {
		o.Sessions = append(o.Sessions, a.AfterAction)
	}
	for _, r := range []struct {
		path   string
		render func(review.Assessment, reports.Options) ([]byte, error)
	}{{"report.md", reports.Markdown}, {"report.html", reports.HTML}, {"assessment.json", reports.JSON}} {
		b, err := r.render(m.Assessment, o)
		if err != nil {
			return out, fmt.Errorf("bundle %s: %w", r.path, err)
		}
		add(r.path, b)
	}

	history, err := ws.db.AnswerHistory(ctx, ws.w.ID, "")
	if err != nil {
		return out, err
	}
	answers := []review.Answer{}
	for _, a := range history {
		if a.ID <= m.Frozen.AnswersThrough {
			answers = append(answers, a)
		}
	}
	if len(answers) != m.Frozen.Answers {
		return out, fmt.Errorf("milestone %s froze %d answers, but %s holds %d up to its mark; the database was changed outside warroom",
			quoted(m.Name), m.Frozen.Answers, ws.db.Path(), len(answers))
	}
	if err := addJSON("answers.json", answersFileJSON{Version: 1, Workload: ws.w, Answers: answers}); err != nil {
		return out, err
	}
	catalogue.Checks = checksList(catalogue.Checks).Checks
	if err := addJSON("checks.json", catalogue); err != nil {
		return out, err
	}
	// The assessment exactly as stored: its SHA-256 is the milestone's
	// digest in the manifest, which verify checks.
	if len(m.AssessmentJSON) == 0 {
		return out, fmt.Errorf("milestone %s: its stored assessment was not read", quoted(m.Name))
	}
	add("milestone/assessment.json", m.AssessmentJSON)
	return out, nil
}

// checksFileJSON is the bundle's checks.json: the check catalogue the
// evidence run was judged with, or, with a note saying why, the catalogue of
// the warroom that wrote the bundle.
type checksFileJSON struct {
	Version int `json:"version"`
	// Run is the run that recorded this catalogue; absent with a note.
	Run    string         `json:"run,omitempty"`
	Note   string         `json:"note,omitempty"`
	Checks []checks.Check `json:"checks"`
}

// bundleFindingsJSON is the bundle's findings.json: the run with its
// options and stats, and every finding with its evidence.
type bundleFindingsJSON struct {
	Version  int              `json:"version"`
	Run      store.Run        `json:"run"`
	Findings []checks.Finding `json:"findings"`
}

// answersFileJSON is the bundle's answers.json: every answer row recorded
// by the milestone, history included, oldest first.
type answersFileJSON struct {
	Version  int             `json:"version"`
	Workload review.Workload `json:"workload"`
	Answers  []review.Answer `json:"answers"`
}

// sessionFileJSON is a bundle's scenarios/<id>/session.json: the session's
// header and its entries up to the milestone's mark.
type sessionFileJSON struct {
	Version int `json:"version"`
	scenarios.Session
}

// frozenSessions returns the sessions m froze, each with the entries it had
// then.
func frozenSessions(ctx context.Context, ws *workspace, m review.Milestone) ([]scenarios.Session, error) {
	if len(m.Frozen.Sessions) == 0 {
		return nil, nil
	}
	all, err := ws.db.Sessions(ctx, ws.w.ID)
	if err != nil {
		return nil, err
	}
	byID := map[string]scenarios.Session{}
	for _, s := range all {
		byID[s.ID] = s
	}
	var out []scenarios.Session
	for _, mark := range m.Frozen.Sessions {
		s, ok := byID[mark.ID]
		if !ok || len(s.Entries) < mark.Entries {
			return nil, fmt.Errorf("milestone %s froze session %s with %d entries, which %s no longer holds; the database was changed outside warroom",
				quoted(m.Name), oneLine(mark.ID), mark.Entries, ws.db.Path())
		}
		s.Entries = s.Entries[:mark.Entries]
		out = append(out, s)
	}
	return out, nil
}

// frozenAAR is a session's after-action record as of a milestone, with the
// evidence run its header names (nil when unknown).
type frozenAAR struct {
	scenarios.AfterAction
	evidence *reports.Evidence
}

// frozenAfterActions builds the after-action record of each frozen session.
// Action items take the state the milestone's assessment resolved them to,
// not their state today. ev is the milestone's evidence run.
func frozenAfterActions(ctx context.Context, f *factory, ws *workspace, m review.Milestone, sessions []scenarios.Session,
	ev *reports.Evidence) ([]frozenAAR, error) {
	if len(sessions) == 0 {
		return nil, nil
	}
	list, err := f.Scenarios()
	if err != nil {
		return nil, err
	}
	out := make([]frozenAAR, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		a := scenarios.BuildAfterAction(scenarioByID(list, s.ScenarioID), s, ws.bank)
		warnScenarioPlayed(f.IO.ErrOut, a, "the after-action report of session "+oneLine(s.ID)+" in the bundle")
		a.Actions = []review.ActionItem{}
		for _, it := range m.Assessment.Actions {
			if it.SessionID == s.ID {
				a.Actions = append(a.Actions, it)
			}
		}
		out[i].AfterAction = a
		switch {
		case s.EvidenceRun == "":
		case ev != nil && ev.RunID == s.EvidenceRun:
			out[i].evidence = ev
		default:
			run, err := ws.db.Run(ctx, s.EvidenceRun)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("evidence run %s of session %s: %w", s.EvidenceRun, s.ID, err)
			}
			if err == nil {
				out[i].evidence = evidenceOf(run, nil)
			}
		}
	}
	return out, nil
}

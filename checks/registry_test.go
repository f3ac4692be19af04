package checks_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/checks"
	"github.com/warroom/warroom/internal/golden"
	"github.com/warroom/warroom/questions"
)

// fixtureNow is the clock every fixture is judged at.
var fixtureNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestRegistry_Invariants(t *testing.T) {
	bank := questions.MustDefault()
	seen := map[string]bool{}
	for _, c := range checks.All() {
		if seen[c.ID] {
			t.Errorf("%s: duplicate id", c.ID)
		}
		seen[c.ID] = true
		if !checks.IDPattern.MatchString(c.ID) {
			t.Errorf("%s: id does not match %s", c.ID, checks.IDPattern)
		}
		if !strings.HasPrefix(c.ID, c.Service+".") && c.Service == "" {
			t.Errorf("%s: no service", c.ID)
		}
		if c.Title == "" || c.Risk == "" || c.Remediation == "" || c.Eval == nil {
			t.Errorf("%s: title, risk, remediation and Eval are required", c.ID)
		}
		if c.Scope != checks.Global && c.Scope != checks.Regional {
			t.Errorf("%s: scope %q is neither global nor regional", c.ID, c.Scope)
		}
		if c.Severity.Rank() > 3 {
			t.Errorf("%s: severity %q is not critical, high, medium or low", c.ID, c.Severity)
		}
		if len(c.Practices) == 0 {
			t.Errorf("%s: maps to no practice", c.ID)
		}
		for _, p := range c.Practices {
			if _, ok := bank.Practice(p); !ok {
				t.Errorf("%s: practice %s is not in the built-in lenses", c.ID, p)
			}
		}
		if len(c.Needs) == 0 {
			t.Errorf("%s: declares no IAM action it needs", c.ID)
		}
		for _, n := range c.Needs {
			if !strings.Contains(n, ":") || strings.ContainsAny(n, "* ") {
				t.Errorf("%s: need %q is not an IAM action like service:Operation", c.ID, n)
			}
		}
		for _, r := range c.Reads {
			if !strings.Contains(r, ":") || strings.ContainsAny(r, "* ") {
				t.Errorf("%s: read %q is not an IAM action like service:Operation", c.ID, r)
			}
			if slices.Contains(c.Needs, r) {
				t.Errorf("%s: %q is both a need and a read", c.ID, r)
			}
		}
	}
}

// TestChecks_Fixtures judges testdata/<id>/pass.json and fail.json with each
// check: pass.json must give at least one pass and no fail, fail.json at least
// one fail, and fail.json's findings must match fail.golden.
func TestChecks_Fixtures(t *testing.T) {
	for _, c := range checks.All() {
		t.Run(c.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", c.ID)
			pass := evalFixture(t, c, filepath.Join(dir, "pass.json"))
			if n := count(pass, checks.Pass); n == 0 || count(pass, checks.Fail) > 0 || count(pass, checks.Unknown) > 0 {
				t.Errorf("pass.json: want passes only, got %s", summary(pass))
			}
			fail := evalFixture(t, c, filepath.Join(dir, "fail.json"))
			if count(fail, checks.Fail) == 0 {
				t.Errorf("fail.json: want at least one fail, got %s", summary(fail))
			}
			for _, f := range append(pass, fail...) {
				if f.Message == "" || f.Resource == "" {
					t.Errorf("finding without message or resource: %+v", f)
				}
			}
			b, err := json.MarshalIndent(fail, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, append(b, '\n'), filepath.Join(dir, "fail.golden"))
		})
	}
}

func evalFixture(t *testing.T, c checks.Check, path string) []checks.Finding {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("every check needs fixtures: %v", err)
	}
	defer f.Close()
	inv, err := checks.DecodeInventory(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return checks.Evaluate(inv, []checks.Check{c}, "run-test", fixtureNow)
}

func count(fs []checks.Finding, s checks.Status) int {
	n := 0
	for _, f := range fs {
		if f.Status == s {
			n++
		}
	}
	return n
}

func summary(fs []checks.Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, string(f.Status)+" "+f.Resource)
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, "; ")
}

package checks

import (
	"regexp"
	"sort"
)

// registry holds every declared check. Files in this package add to it from
// init with register; nothing outside the package can change it.
var registry []Check

func register(c Check) { registry = append(registry, c) }

// IDPattern is the form of a check id: service, a dot, kebab-case words.
var IDPattern = regexp.MustCompile(`^[a-z0-9]+\.[a-z0-9-]+$`)

// All returns every check, sorted by id.
func All() []Check {
	out := append([]Check(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ByID returns the check with the given id.
func ByID(id string) (Check, bool) {
	for _, c := range registry {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

package scenarios

import (
	"embed"
	"fmt"
	"sort"
)

//go:embed library/*.yaml
var libraryFS embed.FS

// Library returns the built-in scenarios (library/*.yaml, embedded), sorted
// by id, validated against o. Their Source is "embedded:library/<file>".
func Library(o LoadOptions) ([]*Scenario, error) {
	list, err := LoadDir(libraryFS, "library", "embedded:", o)
	if err != nil {
		return nil, fmt.Errorf("load built-in scenarios: %w", err)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, nil
}

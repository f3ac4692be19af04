package checks

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// DecodeInventory reads one Inventory JSON document from r. It is strict: a
// field the Inventory does not know, data after the document and a version
// other than InventoryVersion are errors.
func DecodeInventory(r io.Reader) (*Inventory, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var inv Inventory
	if err := dec.Decode(&inv); err != nil {
		return nil, fmt.Errorf("decode inventory: %w", err)
	}
	if err := dec.Decode(&json.RawMessage{}); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("data after the document")
		}
		return nil, fmt.Errorf("decode inventory: %w", err)
	}
	if inv.Version != InventoryVersion {
		return nil, fmt.Errorf("decode inventory: inventory version %d is not supported (want %d)", inv.Version, InventoryVersion)
	}
	return &inv, nil
}

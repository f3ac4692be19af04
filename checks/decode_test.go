package checks_test

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/checks"
)

func TestDecodeInventory(t *testing.T) {
	inv, err := checks.DecodeInventory(strings.NewReader(`{"version":1,"partition":"aws","accounts":[{"id":"111122223333","global":{"iam":{},"s3":{}},"regions":[]}]}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if inv.Version != checks.InventoryVersion || inv.Partition != "aws" || len(inv.Accounts) != 1 || inv.Accounts[0].ID != "111122223333" {
		t.Errorf("decoded %+v", inv)
	}
}

func TestDecodeInventory_Errors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"unknown top-level field", `{"version":1,"acounts":[]}`, []string{"decode inventory: ", `unknown field "acounts"`}},
		{"unknown nested field", `{"version":1,"accounts":[{"id":"1","home":"us-east-1"}]}`, []string{"decode inventory: ", `unknown field "home"`}},
		{"newer version", `{"version":2,"accounts":[]}`, []string{"decode inventory: inventory version 2 is not supported (want 1)"}},
		{"no version", `{"accounts":[]}`, []string{"inventory version 0 is not supported (want 1)"}},
		{"not json", `version: 1`, []string{"decode inventory: invalid character"}},
		{"empty", ``, []string{"decode inventory: EOF"}},
		{"two documents", `{"version":1} {"version":1}`, []string{"decode inventory: data after the document"}},
		{"trailing garbage", `{"version":1} x`, []string{"decode inventory: invalid character 'x'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := checks.DecodeInventory(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error, decoded %+v", inv)
			}
			if inv != nil {
				t.Errorf("inventory %+v returned with error", inv)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

package apicheck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the recorded API: go test ./internal/apicheck -run TestAPI -update
// (make api).
var update = flag.Bool("update", false, "rewrite "+recordedFile+" with the current API")

// recordedFile is the API of the latest release, relative to the module root.
const recordedFile = "api/v0.1.0.txt"

// moduleRoot is where the go.mod of this module is, from this package's
// directory.
const moduleRoot = "../.."

// TestAPI fails when a name recorded in api/v0.1.0.txt is gone or its
// signature changed, and lists the names added since.
func TestAPI(t *testing.T) {
	paths, err := Public(moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	current, err := Exported(moduleRoot, paths)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(moduleRoot, recordedFile)
	if *update {
		if err := os.WriteFile(file, []byte(strings.Join(current, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d names to %s", len(current), recordedFile)
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (make api records the API)", err)
	}
	removed, added := Diff(nonEmptyLines(string(data)), current)
	for _, l := range added {
		t.Logf("added: %s", l)
	}
	if len(removed) > 0 {
		t.Errorf("%d recorded names are gone or changed (an incompatible change to %s):\n%s\n"+
			"Keep them, or, for a new major version, run make api.", len(removed), recordedFile, strings.Join(removed, "\n"))
	}
}

func nonEmptyLines(s string) []string {
	var lines []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestDiff(t *testing.T) {
	cases := []struct {
		name                 string
		recorded, current    []string
		wantRemoved, wantAdd []string
	}{
		{"same", []string{"a", "b"}, []string{"a", "b"}, nil, nil},
		{"added", []string{"a"}, []string{"a", "b"}, nil, []string{"b"}},
		{"removed", []string{"a", "b"}, []string{"a"}, []string{"b"}, nil},
		{"changed", []string{"pkg p, func F(int)"}, []string{"pkg p, func F(int64)"}, []string{"pkg p, func F(int)"}, []string{"pkg p, func F(int64)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			removed, added := Diff(tc.recorded, tc.current)
			if strings.Join(removed, "|") != strings.Join(tc.wantRemoved, "|") || strings.Join(added, "|") != strings.Join(tc.wantAdd, "|") {
				t.Errorf("Diff = %q, %q; want %q, %q", removed, added, tc.wantRemoved, tc.wantAdd)
			}
		})
	}
}

package form_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBoundaries checks the lines the project never crosses: the schema, the
// stored record (which reads periods through the schema and guards cells
// with excelcsv's rule), the grade rule and the page renderers use the
// standard library only (the admin page shows the grade rule), nothing under lambda/ reaches
// goldmark, and no library package under site/ reaches the AWS SDK.
func TestBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go command")
	}
	tests := []struct {
		pattern   string
		forbidden func(dep string) bool
		what      string
	}{
		{"dunban/lambda/form", nonStandard, "a non-standard package"},
		{"dunban/lambda/formhtml", nonStandard, "a non-standard package"},
		{"dunban/lambda/chrome", nonStandard, "a non-standard package"},
		{"dunban/lambda/htmlw", nonStandard, "a non-standard package"},
		{"dunban/lambda/record", nonStandard, "a non-standard package"},
		{"dunban/site/adminpage", nonStandard, "a non-standard package"},
		{"dunban/lambda/grade", nonStandard, "a non-standard package"},
		{"dunban/lambda/...", prefix("github.com/yuin/goldmark"), "goldmark"},
		{"dunban/site/...", prefix("github.com/aws/"), "the AWS SDK"},
	}
	for _, tt := range tests {
		for pkg, deps := range depsOf(t, tt.pattern) {
			if strings.Contains(pkg, "/cmd/") {
				continue // main packages may wire both sides
			}
			for _, dep := range deps {
				if tt.forbidden(dep) {
					t.Errorf("%s depends on %s (%s)", pkg, dep, tt.what)
				}
			}
		}
	}
}

func nonStandard(dep string) bool {
	first, _, _ := strings.Cut(dep, "/")
	return strings.Contains(first, ".") || first == "dunban" && !strings.HasPrefix(dep, "dunban/lambda/form") &&
		dep != "dunban/lambda/grade" && dep != "dunban/lambda/chrome" && dep != "dunban/lambda/htmlw" &&
		dep != "dunban/lambda/excelcsv" // standard library only itself: the one formula and digit rule
}

func prefix(p string) func(string) bool {
	return func(dep string) bool { return strings.HasPrefix(dep, p) }
}

// depsOf maps every package matching pattern to its transitive dependencies
// (not counting test-only imports).
func depsOf(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, pattern).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
	}
	return deps
}

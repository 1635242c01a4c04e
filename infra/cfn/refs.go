package cfn

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Reference is one use of a name in the raw template: a Ref, a GetAtt, a
// ${Name} or ${Name.Attr} inside an Fn::Sub, or a condition name.
type Reference struct {
	Kind   string // Ref, GetAtt, Sub, Condition
	Target string // the parameter, resource, pseudo parameter or condition named
	Attr   string // the attribute, for GetAtt and ${Name.Attr}
	Path   string // where it occurs, e.g. Resources.Fn.Properties.Role
}

var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// References lists every reference in the raw template, sorted by path.
func (t *Template) References() []Reference {
	var out []Reference
	walk(t.Raw, "", func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		for key, arg := range m {
			out = append(out, refsOf(key, arg, path)...)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func refsOf(key string, arg any, path string) []Reference {
	switch key {
	case "Ref":
		s, _ := arg.(string)
		return []Reference{{Kind: "Ref", Target: s, Path: path}}
	case "Fn::GetAtt":
		return []Reference{getAtt(arg, path)}
	case "Fn::Sub":
		return subRefs(arg, path)
	case "Condition", "Fn::If":
		return conditionRef(key, arg, path)
	}
	return nil
}

func getAtt(arg any, path string) Reference {
	switch a := arg.(type) {
	case string:
		name, attr, _ := strings.Cut(a, ".")
		return Reference{Kind: "GetAtt", Target: name, Attr: attr, Path: path}
	case []any:
		if len(a) == 2 {
			name, _ := a[0].(string)
			attr, _ := a[1].(string)
			return Reference{Kind: "GetAtt", Target: name, Attr: attr, Path: path}
		}
	}
	return Reference{Kind: "GetAtt", Path: path}
}

func subRefs(arg any, path string) []Reference {
	text, vars := "", map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) == 2 {
			text, _ = a[0].(string)
			vars, _ = a[1].(map[string]any)
		}
	}
	var out []Reference
	for _, m := range subVar.FindAllStringSubmatch(text, -1) {
		if _, local := vars[m[1]]; local {
			continue
		}
		name, attr, _ := strings.Cut(m[1], ".")
		out = append(out, Reference{Kind: "Sub", Target: name, Attr: attr, Path: path})
	}
	return out
}

func conditionRef(key string, arg any, path string) []Reference {
	if key == "Condition" {
		if s, ok := arg.(string); ok && strings.HasPrefix(path, "Resources.") {
			return []Reference{{Kind: "Condition", Target: s, Path: path}}
		}
		return nil
	}
	if a, ok := arg.([]any); ok && len(a) > 0 {
		if s, ok := a[0].(string); ok {
			return []Reference{{Kind: "Condition", Target: s, Path: path}}
		}
	}
	return nil
}

// walk calls fn for v and every value nested in it, with a dotted path.
func walk(v any, path string, fn func(path string, v any)) {
	fn(path, v)
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(x[k], join(path, k), fn)
		}
	case []any:
		for i, e := range x {
			walk(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Strings calls fn for every string in the raw template: literals and the
// text of each Fn::Sub, with its path.
func (t *Template) Strings(fn func(path, s string)) {
	walk(t.Raw, "", func(path string, v any) {
		if s, ok := v.(string); ok {
			fn(path, s)
		}
	})
}

// Section returns the names in a top-level section (Parameters, Resources,
// Conditions, Outputs).
func (t *Template) Section(name string) map[string]any {
	m, _ := t.Raw[name].(map[string]any)
	return m
}

package cfn

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Values gives what a Ref or ${Name} stands for when a value is evaluated:
// parameters, pseudo parameters (AWS::Region) and resources (a bucket's name),
// and "Name.Attr" for attributes.
type Values map[string]string

// Eval evaluates a raw template value: a literal, a Ref or an Fn::Sub.
// Template.Value evaluates conditions (Fn::If) and lists too.
func Eval(v any, vals Values) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case map[string]any:
		if len(x) == 1 {
			if name, ok := x["Ref"].(string); ok {
				return lookup(vals, name)
			}
			if text, ok := x["Fn::Sub"].(string); ok {
				return sub(text, vals)
			}
		}
	}
	return "", fmt.Errorf("cannot evaluate %v", v)
}

func lookup(vals Values, name string) (string, error) {
	s, ok := vals[name]
	if !ok {
		return "", fmt.Errorf("no value for %s", name)
	}
	return s, nil
}

func sub(text string, vals Values) (string, error) {
	var err error
	out := subVar.ReplaceAllStringFunc(text, func(m string) string {
		s, e := lookup(vals, m[2:len(m)-1])
		if e != nil && err == nil {
			err = e
		}
		return s
	})
	return strings.ReplaceAll(out, "${!", "${"), err
}

// Defaults returns every parameter's default value as a string.
func (t *Template) Defaults() Values {
	out := Values{}
	for name, p := range t.Section("Parameters") {
		m, _ := p.(map[string]any)
		if d, ok := m["Default"]; ok {
			s, err := Eval(d, nil)
			if err == nil {
				out[name] = s
			}
		}
	}
	return out
}

// withDefaults returns vals over the parameters' defaults.
func (t *Template) withDefaults(vals Values) Values {
	all := t.Defaults()
	for k, v := range vals {
		all[k] = v
	}
	return all
}

// Environment returns the environment the template gives the function
// resource, evaluated with vals over the parameters' defaults.
func (t *Template) Environment(resource string, vals Values) (map[string]string, error) {
	all := t.withDefaults(vals)
	res, _ := t.Section("Resources")[resource].(map[string]any)
	props, _ := res["Properties"].(map[string]any)
	env, _ := props["Environment"].(map[string]any)
	vars, ok := env["Variables"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("resource %s has no Environment.Variables", resource)
	}
	out := make(map[string]string, len(vars))
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		s, err := t.Value(vars[name], all)
		if err != nil {
			return nil, fmt.Errorf("environment %s of %s: %w", name, resource, err)
		}
		out[name] = s
	}
	return out, nil
}

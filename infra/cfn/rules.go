package cfn

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Value evaluates a raw template value as CloudFormation would for the given
// values: literals, Ref, Fn::Sub, Fn::GetAtt ("Name.Attr" in vals), Fn::If
// (the template's conditions evaluated with vals), Fn::Join and Fn::Split.
func (t *Template) Value(v any, vals Values) (string, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return Eval(v, vals)
	}
	for name, arg := range m {
		switch name {
		case "Fn::If":
			return t.ifValue(arg, vals)
		case "Fn::GetAtt":
			r := getAtt(arg, "")
			return lookup(vals, r.Target+"."+r.Attr)
		case "Fn::Join":
			return t.join(arg, vals)
		}
	}
	return Eval(v, vals)
}

func (t *Template) ifValue(arg any, vals Values) (string, error) {
	args, ok := arg.([]any)
	if !ok || len(args) != 3 {
		return "", fmt.Errorf("malformed Fn::If %v", arg)
	}
	cond, _ := args[0].(string)
	yes, err := t.Condition(cond, vals)
	if err != nil {
		return "", err
	}
	if yes {
		return t.Value(args[1], vals)
	}
	return t.Value(args[2], vals)
}

func (t *Template) join(arg any, vals Values) (string, error) {
	args, ok := arg.([]any)
	if !ok || len(args) != 2 {
		return "", fmt.Errorf("malformed Fn::Join %v", arg)
	}
	sep, _ := args[0].(string)
	parts, err := t.list(args[1], vals)
	return strings.Join(parts, sep), err
}

// list evaluates a list value: a literal list or an Fn::Split.
func (t *Template) list(v any, vals Values) ([]string, error) {
	if m, ok := v.(map[string]any); ok {
		if arg, ok := m["Fn::Split"].([]any); ok && len(arg) == 2 {
			sep, _ := arg[0].(string)
			s, err := t.Value(arg[1], vals)
			return strings.Split(s, sep), err
		}
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("not a list: %v", v)
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, err := t.Value(it, vals)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// Condition evaluates the named condition of the Conditions section.
func (t *Template) Condition(name string, vals Values) (bool, error) {
	c, ok := t.Section("Conditions")[name]
	if !ok {
		return false, fmt.Errorf("no condition %s", name)
	}
	return t.truth(c, vals)
}

// truth evaluates a condition or rule function: Fn::Equals, Fn::Not,
// Fn::And, Fn::Or, Fn::Contains and a named Condition.
func (t *Template) truth(v any, vals Values) (bool, error) {
	if name, ok := v.(string); ok { // !Condition Name, as the raw reading keeps it
		return t.Condition(name, vals)
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false, fmt.Errorf("not a condition: %v", v)
	}
	for name, arg := range m {
		if name == "Condition" {
			s, _ := arg.(string)
			return t.Condition(s, vals)
		}
		args, _ := arg.([]any)
		switch name {
		case "Fn::Equals":
			if len(args) != 2 {
				break
			}
			a, err := t.Value(args[0], vals)
			if err != nil {
				return false, err
			}
			b, err := t.Value(args[1], vals)
			return a == b, err
		case "Fn::Contains":
			if len(args) != 2 {
				break
			}
			set, err := t.list(args[0], vals)
			if err != nil {
				return false, err
			}
			s, err := t.Value(args[1], vals)
			return slices.Contains(set, s), err
		case "Fn::Not":
			if len(args) != 1 {
				break
			}
			b, err := t.truth(args[0], vals)
			return !b, err
		case "Fn::And", "Fn::Or":
			return t.all(name == "Fn::And", args, vals)
		}
		return false, fmt.Errorf("cannot evaluate %s %v", name, arg)
	}
	return false, nil
}

// all returns whether every (and) or any (or) of args is true.
func (t *Template) all(and bool, args []any, vals Values) (bool, error) {
	for _, a := range args {
		b, err := t.truth(a, vals)
		if err != nil {
			return false, err
		}
		if b != and {
			return b, nil
		}
	}
	return and, nil
}

// BrokenRules evaluates the Rules section for the parameter values (over
// the defaults) and pseudo parameters in vals, and returns the description
// of every assertion that fails, as CloudFormation would refuse the stack.
func (t *Template) BrokenRules(vals Values) ([]string, error) {
	all := t.withDefaults(vals)
	rules := t.Section("Rules")
	var broken []string
	for _, name := range slices.Sorted(maps.Keys(rules)) {
		r, _ := rules[name].(map[string]any)
		if c, ok := r["RuleCondition"]; ok {
			applies, err := t.truth(c, all)
			if err != nil {
				return nil, fmt.Errorf("rule %s: %w", name, err)
			}
			if !applies {
				continue
			}
		}
		asserts, _ := r["Assertions"].([]any)
		for _, a := range asserts {
			am, _ := a.(map[string]any)
			ok, err := t.truth(am["Assert"], all)
			if err != nil {
				return nil, fmt.Errorf("rule %s: %w", name, err)
			}
			if !ok {
				d, _ := am["AssertDescription"].(string)
				broken = append(broken, d)
			}
		}
	}
	return broken, nil
}

// Package cfn reads dunban's CloudFormation template two ways: as goformation's
// typed resources (a strict parse that rejects unknown properties, so it is
// also the schema check) and as the raw tree of intrinsic functions, from
// which it finds every reference and evaluates simple values such as a
// function's environment.
package cfn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/intrinsics"
)

// Template is a parsed template.
type Template struct {
	// Typed holds goformation's resources. A string-valued property that was
	// an intrinsic function holds it encoded; read it with Decode. A Ref to a
	// Number parameter holds that parameter's default, and an Fn::If its
	// first branch that is not AWS::NoValue, so that typed fields still parse.
	Typed *cloudformation.Template
	// Raw is the template as generic JSON values with every intrinsic
	// function kept in long form ({"Ref": …}, {"Fn::Sub": …}).
	Raw map[string]any
}

// Parse parses a YAML or JSON template.
func Parse(data []byte) (*Template, error) {
	typed, err := goformation.ParseYAMLWithOptions(data, &intrinsics.ProcessorOptions{
		IntrinsicHandlerOverrides: handlers(),
	})
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	rawJSON, err := intrinsics.ProcessYAML(data, &intrinsics.ProcessorOptions{NoProcess: true})
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(rawJSON, &raw); err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	return &Template{Typed: typed, Raw: raw}, nil
}

// Intrinsic is one intrinsic function call, such as {"Fn::Sub": "arn:…"}.
type Intrinsic struct {
	Name string // e.g. Ref, Fn::Sub, Fn::GetAtt
	Arg  any    // its argument as generic JSON; nested calls are themselves encoded strings
}

// Decode reports whether s is an intrinsic function kept by Parse, and which.
func Decode(s string) (Intrinsic, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return Intrinsic{}, false
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil || len(m) != 1 {
		return Intrinsic{}, false
	}
	for k, v := range m {
		return Intrinsic{Name: k, Arg: v}, true
	}
	return Intrinsic{}, false
}

// String renders the call in the template's short form, e.g. !Ref Bucket.
func (in Intrinsic) String() string {
	b, _ := json.Marshal(decodeAll(in.Arg))
	switch in.Name {
	case "Ref":
		if s, ok := in.Arg.(string); ok {
			return "!Ref " + s
		}
	case "Fn::Sub":
		if s, ok := in.Arg.(string); ok {
			return "!Sub " + s
		}
	case "Fn::GetAtt":
		if r := getAtt(in.Arg, ""); r.Target != "" {
			return "!GetAtt " + r.Target + "." + r.Attr
		}
	}
	return in.Name + " " + string(b)
}

// decodeAll replaces encoded intrinsics nested in v by their long form.
func decodeAll(v any) any {
	switch x := v.(type) {
	case string:
		if in, ok := Decode(x); ok {
			return map[string]any{in.Name: decodeAll(in.Arg)}
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = decodeAll(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = decodeAll(e)
		}
		return out
	}
	return v
}

func encode(name string, arg any) string {
	b, _ := json.Marshal(map[string]any{name: arg})
	return base64.StdEncoding.EncodeToString(b)
}

// handlers keep intrinsic functions instead of resolving them the way
// goformation does by default (which drops ${AWS::Partition} from a Sub).
func handlers() map[string]intrinsics.IntrinsicHandler {
	keep := func(name string, arg, _ any) any { return encode(name, arg) }
	h := map[string]intrinsics.IntrinsicHandler{}
	for _, name := range []string{"Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split",
		"Fn::ImportValue", "Fn::FindInMap", "Fn::Base64", "Fn::GetAZs", "Fn::Cidr"} {
		h[name] = keep
	}
	h["Ref"] = ref
	h["Fn::If"] = ifFirst
	return h
}

// ref keeps a Ref, except to AWS::NoValue (nothing) and to a Number
// parameter with a default (the default, so integer properties parse).
func ref(name string, arg, template any) any {
	target, _ := arg.(string)
	if target == "AWS::NoValue" {
		return nil
	}
	if p, ok := parameter(template, target); ok && p["Type"] == "Number" {
		if d, ok := p["Default"]; ok {
			return d
		}
	}
	return encode(name, arg)
}

// ifFirst takes the first branch of an Fn::If that has a value.
func ifFirst(_ string, arg, _ any) any {
	args, ok := arg.([]any)
	if !ok || len(args) != 3 {
		return nil
	}
	if args[1] != nil {
		return args[1]
	}
	return args[2]
}

func parameter(template any, name string) (map[string]any, bool) {
	t, _ := template.(map[string]any)
	params, _ := t["Parameters"].(map[string]any)
	p, ok := params[name].(map[string]any)
	return p, ok
}

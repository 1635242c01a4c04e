package cfn

import "strings"

// Statement is one IAM policy statement, with intrinsic values rendered in
// short form (e.g. "!Sub ${Bucket.Arn}/submissions/*").
type Statement struct {
	Sid        string
	Effect     string
	Principal  any
	Actions    []string
	Resources  []string
	Conditions map[string]any
}

// Statements reads the statements of a policy document from a typed resource.
func Statements(doc any) []Statement {
	m, _ := doc.(map[string]any)
	var list []any
	switch s := m["Statement"].(type) {
	case []any:
		list = s
	case map[string]any:
		list = []any{s}
	}
	out := make([]Statement, 0, len(list))
	for _, e := range list {
		st, _ := e.(map[string]any)
		sid, _ := st["Sid"].(string)
		effect, _ := st["Effect"].(string)
		cond, _ := st["Condition"].(map[string]any)
		out = append(out, Statement{
			Sid: sid, Effect: effect, Principal: st["Principal"], Conditions: cond,
			Actions: Strings(st["Action"]), Resources: Strings(st["Resource"]),
		})
	}
	return out
}

// Strings reads a string or a list of strings, rendering intrinsics.
func Strings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{Show(x)}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, Strings(e)...)
		}
		return out
	}
	return nil
}

// Show renders a typed string value: itself, or the intrinsic it encodes.
func Show(s string) string {
	if in, ok := Decode(s); ok {
		return in.String()
	}
	return s
}

// PartitionAware reports whether an ARN-valued string is built from the
// template rather than written out: a GetAtt of an Arn attribute, a Ref, or a
// Sub that starts with arn:${AWS::Partition}: or with a ${Resource.Arn}.
func PartitionAware(shown string) bool {
	switch {
	case strings.HasPrefix(shown, "!GetAtt "):
		return true
	case strings.HasPrefix(shown, "!Ref "):
		return true
	case strings.HasPrefix(shown, "!Sub arn:${AWS::Partition}:"):
		return true
	case strings.HasPrefix(shown, "!Sub ${") && strings.Contains(shown, ".Arn}"):
		return true
	}
	return false
}

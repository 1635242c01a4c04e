package cfn_test

import (
	"strings"
	"testing"

	"dunban/infra/cfn"
)

const ruled = `
Parameters:
  Domain: {Type: String, Default: ""}
  Days: {Type: Number, Default: 365}
Rules:
  China:
    RuleCondition:
      Fn::Contains: [[cn-north-1, cn-northwest-1], !Ref AWS::Region]
    Assertions:
      - Assert: !Not [!Equals [!Ref Domain, ""]]
        AssertDescription: needs a domain
      - Assert:
          Fn::Contains: [["180", "365"], !Ref Days]
        AssertDescription: six months
  Always:
    Assertions:
      - Assert: !Or [!Equals [!Ref Days, "365"], !Equals [!Ref Days, "180"], !Equals [!Ref Days, "30"]]
        AssertDescription: a known retention
Conditions:
  HasDomain: !Not [!Equals [!Ref Domain, ""]]
  Both: !And [!Condition HasDomain, !Equals [!Ref Days, "365"]]
Resources:
  Db:
    Type: AWS::Glue::Database
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseInput:
        Name: !If [HasDomain, !Join ["_", !Split ["-", !Ref Domain]], !GetAtt Other.Name]
`

func TestBrokenRules(t *testing.T) {
	tpl, err := cfn.Parse([]byte(ruled))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		vals cfn.Values
		want string
	}{
		{cfn.Values{"AWS::Region": "cn-north-1"}, "needs a domain"},
		{cfn.Values{"AWS::Region": "cn-north-1", "Domain": "x.cn", "Days": "30"}, "six months"},
		{cfn.Values{"AWS::Region": "cn-north-1", "Domain": "x.cn", "Days": "400"}, "a known retention|six months"}, // rules in name order,
		{cfn.Values{"AWS::Region": "ap-east-1", "Days": "30"}, ""},
	} {
		broken, err := tpl.BrokenRules(c.vals)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(broken, "|"); got != c.want {
			t.Errorf("%v: broken %q, want %q", c.vals, got, c.want)
		}
	}
}

func TestValue(t *testing.T) {
	tpl, err := cfn.Parse([]byte(ruled))
	if err != nil {
		t.Fatal(err)
	}
	res := tpl.Section("Resources")["Db"].(map[string]any)
	name := res["Properties"].(map[string]any)["DatabaseInput"].(map[string]any)["Name"]
	for _, c := range []struct {
		vals cfn.Values
		want string
	}{
		{cfn.Values{"Domain": "my-stack-name"}, "my_stack_name"},
		{cfn.Values{"Domain": "", "Other.Name": "other"}, "other"},
	} {
		got, err := tpl.Value(name, c.vals)
		if err != nil || got != c.want {
			t.Errorf("%v: %q %v, want %q", c.vals, got, err, c.want)
		}
	}
	if yes, err := tpl.Condition("Both", cfn.Values{"Domain": "x", "Days": "365"}); err != nil || !yes {
		t.Errorf("Both: %v %v", yes, err)
	}
	if _, err := tpl.Condition("Missing", nil); err == nil {
		t.Error("an unknown condition evaluated")
	}
}

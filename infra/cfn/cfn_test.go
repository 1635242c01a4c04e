package cfn_test

import (
	"strings"
	"testing"

	"dunban/infra/cfn"
)

const tiny = `
Parameters:
  Size: {Type: Number, Default: 128}
  Name: {Type: String, Default: dunban}
  Secret: {Type: String}
Conditions:
  HasSecret: !Not [!Equals [!Ref Secret, ""]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: !Ref Bucket, S3Key: k}
      Role: !GetAtt Role.Arn
      MemorySize: !Ref Size
      Timeout: !If [HasSecret, 10, !Ref AWS::NoValue]
      Environment:
        Variables:
          BUCKET: !Ref Bucket
          NAME: !Sub "${Name}-${AWS::Region}"
          ARN: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/x"
          LITERAL: "${!kept}"
          SECRET: !Ref Secret
`

func TestParseKeepsIntrinsics(t *testing.T) {
	tpl, err := cfn.Parse([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	fn := tpl.Typed.GetAllLambdaFunctionResources()["Fn"]
	if *fn.MemorySize != 128 || *fn.Timeout != 10 {
		t.Errorf("numbers: memory %v timeout %v", *fn.MemorySize, *fn.Timeout)
	}
	for got, want := range map[string]string{
		cfn.Show(fn.Role): "!GetAtt Role.Arn",
		cfn.Show(fn.Environment.Variables["BUCKET"]):  "!Ref Bucket",
		cfn.Show(fn.Environment.Variables["ARN"]):     "!Sub arn:${AWS::Partition}:s3:::${Bucket}/x",
		cfn.Show(fn.Environment.Variables["LITERAL"]): "${!kept}",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestEnvironment(t *testing.T) {
	tpl, err := cfn.Parse([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	env, err := tpl.Environment("Fn", cfn.Values{"Bucket": "b1", "AWS::Region": "cn-north-1", "AWS::Partition": "aws-cn", "Secret": "s"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"BUCKET": "b1", "NAME": "dunban-cn-north-1", "ARN": "arn:aws-cn:s3:::b1/x", "LITERAL": "${!kept}", "SECRET": "s"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if _, err := tpl.Environment("Fn", cfn.Values{"AWS::Region": "x"}); err == nil || !strings.Contains(err.Error(), "no value for") {
		t.Errorf("a missing value must be an error, got %v", err)
	}
}

func TestReferences(t *testing.T) {
	tpl, err := cfn.Parse([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tpl.References() {
		got = append(got, r.Kind+":"+r.Target+"."+r.Attr)
	}
	s := strings.Join(got, " ")
	for _, want := range []string{"Ref:Bucket.", "GetAtt:Role.Arn", "Sub:Name.", "Sub:AWS::Partition.", "Condition:HasSecret.", "Ref:Size."} {
		if !strings.Contains(s, want) {
			t.Errorf("references lack %s: %s", want, s)
		}
	}
	if strings.Contains(s, "kept") {
		t.Errorf("${!kept} is a literal, not a reference: %s", s)
	}
}

package main

import (
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	cases := []struct {
		args    []string
		command string
		region  string
		params  map[string]string
		err     string
	}{
		{args: []string{"-dry-run"}, command: "deploy", region: "us-east-1"},
		{args: []string{"-region", "cn-northwest-1", "-param", "AlarmEmail=ops@example.cn", "-param", "ClosedForms=report,case", "destroy"},
			command: "destroy", region: "cn-northwest-1", params: map[string]string{"AlarmEmail": "ops@example.cn", "ClosedForms": "report,case"}},
		{args: []string{"deploy"}, err: "no region"},
		{args: []string{"package"}, command: "package"},
		{args: []string{"-region", "cn-north-1", "-existing-submissions-bucket", "dunban-submissionsbucket-1x", "deploy"}, command: "deploy", region: "cn-north-1"},
		{args: []string{"-region", "ap-east-1", "upgrade"}, err: "unknown command"},
		{args: []string{"-region", "ap-east-1", "-param", "NoValue"}, err: "Name=Value"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			o, err := parseFlags(c.args)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.command != c.command || o.cfg.Region != c.region {
				t.Errorf("command %q region %q", o.command, o.cfg.Region)
			}
			for k, v := range c.params {
				if o.cfg.Params[k] != v {
					t.Errorf("param %s = %q, want %q", k, o.cfg.Params[k], v)
				}
			}
		})
	}
}

func TestAdminsFlag(t *testing.T) {
	o, err := parseFlags([]string{"-region", "ap-east-1", "-admins", "secret/admins.json"})
	if err != nil || !o.adminsSet || o.admins != "secret/admins.json" {
		t.Fatalf("explicit -admins: %+v %v", o, err)
	}
	o, err = parseFlags([]string{"-region", "ap-east-1"})
	if err != nil || o.adminsSet || o.admins != "admins.json" {
		t.Fatalf("default -admins: %+v %v", o, err)
	}
}

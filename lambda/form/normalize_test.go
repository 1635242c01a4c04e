package form

import "testing"

func TestNormalizePhone(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"150-4771-2345", "15047712345"},
		{"150 4771 2345", "15047712345"},
		{"１５０－４７７１－２３４５", "15047712345"},
		{"150—4771—2345", "15047712345"},
		{" 13800138000　", "13800138000"},
		{"0471-6931811", "0471-6931811"},
		{"0471 6931811", "04716931811"},
		{"0471－6931811－205", "0471-6931811-205"},
		{"1504-771-2345-", "1504-771-2345-"}, // not a number in groups: left for the pattern to refuse
		{"150--4771-2345", "150--4771-2345"},
	} {
		if got := normalizePhone(tt.in); got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"李 华", "李华"},
		{"李　华", "李华"},
		{" 李华 ", "李华"},
		{"巴特尔 · 其其格", "巴特尔·其其格"},
		{"Ｗａｎｇ  Fang", "Wang Fang"},
		{"王芳", "王芳"},
	} {
		if got := personName(tt.in); got != tt.want {
			t.Errorf("PersonName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	fd, _ := Monthly.Rows.Fields[0], 0
	if got := Normalize(fd, "李 华"); got != "李华" {
		t.Errorf("a monthly row's name is normalised to %q", got)
	}
}

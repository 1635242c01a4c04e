package form

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The kinds of reporting unit in content/units.csv.
const (
	KindAutonomous = "自治区" // the autonomous-region committee
	KindLeague     = "盟市"  // one of the 12 盟市 committees
	KindCounty     = "旗县"  // a 旗县（区） committee under its 盟市
	KindUniversity = "高校"  // a university's committee
)

// The admin scopes a unit's admin may be given, as written in content/units.csv.
const (
	ScopeAll      = "全区"      // everything
	ScopeChildren = "本级及所辖旗县" // the unit and the 旗县 whose parent it is
	ScopeSelf     = "本级"      // the unit only
)

// unitsHeader is the header row of content/units.csv.
var unitsHeader = []string{"单位名称", "类别", "所属盟市", "管理范围", "核对状态", "备注"}

// Unit is one reporting unit. Units are matched by their exact name, never by prefix.
type Unit struct {
	Name   string // e.g. 包头市, 包头市青山区, 内蒙古大学
	Kind   string // KindAutonomous, KindLeague, KindCounty or KindUniversity
	Parent string // for a 旗县, the name of its 盟市; else empty
	Scope  string // ScopeAll, ScopeChildren or ScopeSelf
	Check  string // 待核对 until an admin has checked the row
	Note   string // free text
}

// Region is the region column of the unit's submissions: the 盟市 for a 盟市 or
// 旗县, 高校 for a university, 自治区 for the autonomous-region committee.
func (u Unit) Region() string {
	switch u.Kind {
	case KindLeague:
		return u.Name
	case KindCounty:
		return u.Parent
	case KindUniversity:
		return RegionUniversities
	}
	return RegionAutonomous
}

// Registry is the parsed units registry.
type Registry struct {
	units  []Unit
	byName map[string]int
}

// Units returns every unit in file order.
func (r *Registry) Units() []Unit { return append([]Unit(nil), r.units...) }

// Lookup returns the unit with exactly this name.
func (r *Registry) Lookup(name string) (Unit, bool) {
	i, ok := r.byName[name]
	if !ok {
		return Unit{}, false
	}
	return r.units[i], true
}

// OfKinds returns the units of the given kinds in file order (all units if none given).
func (r *Registry) OfKinds(kinds ...string) []Unit {
	var out []Unit
	for _, u := range r.units {
		if len(kinds) == 0 || contains(kinds, u.Kind) {
			out = append(out, u)
		}
	}
	return out
}

// Covers reports whether an admin whose scope is admin (a unit name, or
// ScopeAll) may see the submissions of unit. Names match exactly: 包头市 covers
// 包头市青山区 only because the registry names 包头市 as its parent.
func (r *Registry) Covers(admin, unit string) bool {
	u, ok := r.Lookup(unit)
	if !ok {
		return false
	}
	if admin == ScopeAll {
		return true
	}
	a, ok := r.Lookup(admin)
	if !ok {
		return false
	}
	switch a.Scope {
	case ScopeAll:
		return true
	case ScopeChildren:
		return u.Name == a.Name || (u.Kind == KindCounty && u.Parent == a.Name)
	}
	return u.Name == a.Name
}

// InScope returns the units an admin whose scope is admin may see, in file order.
func (r *Registry) InScope(admin string) []Unit {
	var out []Unit
	for _, u := range r.units {
		if r.Covers(admin, u.Name) {
			out = append(out, u)
		}
	}
	return out
}

// ParseUnits reads content/units.csv: UTF-8 (a BOM is allowed), lines starting
// with # are comments, the first other line is UnitsHeader. Every problem is
// reported with its line number.
func ParseUnits(rd io.Reader) (*Registry, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, errors.New("units.csv 不是 UTF-8 编码：请用 UTF-8 保存")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil || strings.Join(trimAll(header), ",") != strings.Join(unitsHeader, ",") {
		return nil, fmt.Errorf("units.csv: 第一行（注释除外）应为表头 %s", strings.Join(unitsHeader, ","))
	}
	reg := &Registry{byName: map[string]int{}}
	var errs []error
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("units.csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if err := reg.add(row); err != nil {
			errs = append(errs, fmt.Errorf("units.csv 第%d行：%w", line, err))
		}
	}
	errs = append(errs, reg.check()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return reg, nil
}

func trimAll(row []string) []string {
	out := make([]string, len(row))
	for i, s := range row {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func (r *Registry) add(row []string) error {
	row = trimAll(row)
	for len(row) < len(unitsHeader) {
		row = append(row, "")
	}
	if len(row) > len(unitsHeader) {
		return fmt.Errorf("列数应为%d，实为%d", len(unitsHeader), len(row))
	}
	u := Unit{Name: row[0], Kind: row[1], Parent: row[2], Scope: row[3], Check: row[4], Note: row[5]}
	if u.Name == "" {
		return errors.New("单位名称为空")
	}
	if _, dup := r.byName[u.Name]; dup {
		return errors.New("单位名称重复")
	}
	if err := u.checkKind(); err != nil {
		return err
	}
	r.byName[u.Name] = len(r.units)
	r.units = append(r.units, u)
	return nil
}

func (u *Unit) checkKind() error {
	def := map[string]string{KindAutonomous: ScopeAll, KindLeague: ScopeChildren, KindCounty: ScopeSelf, KindUniversity: ScopeSelf}
	s, ok := def[u.Kind]
	if !ok {
		return fmt.Errorf("类别“%s”无效，应为 自治区、盟市、旗县 或 高校", u.Kind)
	}
	if u.Scope == "" {
		u.Scope = s
	}
	if !contains([]string{ScopeAll, ScopeChildren, ScopeSelf}, u.Scope) {
		return fmt.Errorf("管理范围“%s”无效，应为 全区、本级及所辖旗县 或 本级", u.Scope)
	}
	if u.Kind == KindLeague && (!isRegion(u.Name) || u.Name == RegionUniversities) {
		return fmt.Errorf("盟市“%s”不是12个盟市之一", u.Name)
	}
	if (u.Kind == KindCounty) != (u.Parent != "") {
		return errors.New("只有旗县填写所属盟市，且旗县必须填写")
	}
	if u.Name == ScopeAll {
		return errors.New("“全区”是保留名称")
	}
	return nil
}

func (r *Registry) check() []error {
	var errs []error
	for _, u := range r.units {
		if u.Kind != KindCounty {
			continue
		}
		p, ok := r.Lookup(u.Parent)
		if !ok || p.Kind != KindLeague {
			errs = append(errs, fmt.Errorf("units.csv：旗县“%s”的所属盟市“%s”不在名单中", u.Name, u.Parent))
		}
	}
	return errs
}

package bundle

import (
	"strconv"

	"dunban/lambda/record"
)

// Corrections are visible: when a unit sends the same form and period more
// than once (ReplaceKey), the merged CSV keeps every version, the latest
// marked 当前 and the earlier ones 已更正, each with its own 接收时间; the
// summary, the 未报送 list, the attachment layout and the files use the
// current version only.
const (
	VersionCurrent   = "当前"
	VersionCorrected = "已更正"
)

// versionColumns are the merged CSVs' columns just before the technical ones: the row's
// version, how often its unit corrected that form and period, and the
// submission id of the version that counts.
var versionColumns = []string{"版本状态", "更正次数", "当前版本提交编号"}

// versionGroup is what a merged row says about its replacement key.
type versionGroup struct {
	versions int
	current  record.ID
}

// versionsIn returns the entries whose span meets first–last, replaced
// ones included, in the merged CSVs' order (the versions of one report
// side by side, oldest first), and each replacement key's group.
func versionsIn(res *result, formIndex int) ([]entry, map[uint64]versionGroup) {
	var out []entry
	groups := map[uint64]versionGroup{}
	for _, e := range res.entries[formIndex] {
		if !e.span().In(res.req.From, res.req.To) {
			continue
		}
		out = append(out, e)
		g := groups[e.key]
		g.versions++
		if !e.replaced {
			g.current = e.id
		}
		groups[e.key] = g
	}
	sortEntries(out, res.str)
	return out, groups
}

// versionCells are the VersionColumns of a row of e.
func versionCells(e *entry, groups map[uint64]versionGroup) []string {
	g := groups[e.key]
	state := VersionCurrent
	if e.replaced {
		state = VersionCorrected
	}
	return []string{state, strconv.Itoa(g.versions - 1), g.current.String()}
}

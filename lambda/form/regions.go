package form

// Regions are the 12 盟市 of Inner Mongolia followed by 高校 (the universities
// as one region): the values of a case's or report's region and of the
// region column of every submission.
var Regions = []string{
	"呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市",
	"呼伦贝尔市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
	RegionUniversities,
}

// RegionUniversities is the region of every university.
const RegionUniversities = "高校"

// RegionAutonomous is the region column of the autonomous-region committee's own submissions.
const RegionAutonomous = "自治区"

// SchoolTypes are the six types of school of the notice's attachment, in its column order.
var SchoolTypes = []string{"高等院校", "高级中学", "初级中学", "完全中学", "九年一贯制学校", "中等职业学校"}

// Levels are the row groups of the attachment's table (盟市, 旗县, 高校, 中学,
// 中职) with the two levels the notice names besides (二): 自治区 for the
// 自治区团委's cadres and 院系 for a 高校's 二级院系 cadres, whose targets
// differ (package grade).
var Levels = []string{"自治区", "盟市", "旗县", "高校", "院系", "中学", "中职"}

// isRegion reports whether s is exactly one of Regions.
func isRegion(s string) bool { return contains(Regions, s) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

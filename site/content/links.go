package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// checkRefs reports links and images that can never work on the portal:
// images from another origin (no request may leave our origin) and links to
// markdown files instead of page addresses.
func checkRefs(a *Article) Errors {
	var errs Errors
	for _, r := range a.Refs {
		u, err := url.Parse(r.Dest)
		switch {
		case err != nil:
			errs = append(errs, Problem{a.File, r.Line, fmt.Sprintf("链接 %q 无法解析", r.Dest)})
		case r.Image && (u.Scheme != "" || u.Host != ""):
			errs = append(errs, Problem{a.File, r.Line, fmt.Sprintf("图片 %q 来自外站：请把图片放进本站", r.Dest)})
		case u.Scheme == "" && u.Host == "" && strings.HasSuffix(u.Path, ".md"):
			errs = append(errs, Problem{a.File, r.Line, fmt.Sprintf("链接 %q 指向 .md 文件：请写页面网址，如 /cases/<slug>/", r.Dest)})
		}
	}
	return errs
}

// Internal returns the site path a link destination points to on this site,
// resolved against the page at base, or "" for outside links and anchors.
func Internal(base, dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return ""
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(base, p)
	}
	p = path.Clean(p)
	if path.Ext(p) == "" && p != "/" {
		p += "/"
	}
	return p
}

// CheckLinks reports every internal link of arts whose target exists
// reports false.
func CheckLinks(arts []*Article, exists func(path string) bool) error {
	var errs Errors
	for _, a := range arts {
		for _, r := range a.Refs {
			p := Internal(a.URL, r.Dest)
			if p != "" && !exists(p) {
				errs = append(errs, Problem{a.File, r.Line, fmt.Sprintf("站内链接 %q 指向的页面 %s 不存在", r.Dest, p)})
			}
		}
	}
	return errs.Err()
}

package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// wideColumns is how many columns make a table wide enough to need the
// words "左右滑动查看" above it on a phone.
const wideColumns = 6

// tableWrap renders a GFM table inside a focusable region that scrolls
// sideways (its shadows show there is more), with a hint above wide ones,
// so that a table never runs off the page.
type tableWrap struct{}

// RegisterFuncs replaces the GFM extension's table element.
func (tableWrap) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTable, renderTable)
}

func renderTable(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</table>\n</div>\n")
		return ast.WalkContinue, nil
	}
	cols := 0
	if h := n.FirstChild(); h != nil {
		cols = h.ChildCount()
	}
	if cols >= wideColumns {
		_, _ = w.WriteString(`<p class="table-hint" aria-hidden="true">表格较宽，可左右滑动查看 →</p>` + "\n")
	}
	_, _ = w.WriteString(`<div class="table-wrap" role="region" aria-label="表格（可左右滑动）" tabindex="0">` + "\n<table")
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, extension.TableAttributeFilter)
	}
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

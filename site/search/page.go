package search

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

// Script is the search script the page loads (plain ES5, no dependencies).
// The site serves it under a name of its choosing and passes that URL as
// Page.ScriptURL.
//
//go:embed assets/search.js
var Script []byte

// Style is the CSS of the search form and results, to be served with the
// site's own stylesheet.
//
//go:embed assets/search.css
var Style []byte

//go:embed assets/page.html
var pageHTML string

var pageTmpl = template.Must(template.New("search").Parse(pageHTML))

// Page configures the search page fragment.
type Page struct {
	// IndexURL is the URL of the folder holding meta.json; "/search/" if empty.
	IndexURL string
	// ScriptURL is where the site serves Script; required.
	ScriptURL string
	// Browse lists the pages that work without JavaScript (sections, regions…),
	// offered in the <noscript> note.
	Browse []Link
}

// Link is a titled URL.
type Link struct {
	Title string
	URL   string
}

// RenderPage writes the search page's HTML fragment: a GET form with a
// labelled ?q= input, a live results region, a note for readers without
// JavaScript, and the script tag.
func RenderPage(w io.Writer, p Page) error {
	if p.IndexURL == "" {
		p.IndexURL = "/search/"
	}
	if p.ScriptURL == "" {
		return fmt.Errorf("render search page: no script URL")
	}
	if err := pageTmpl.Execute(w, p); err != nil {
		return fmt.Errorf("render search page: %w", err)
	}
	return nil
}

package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

var (
	// inlineLink matches [text](dest) and ![alt](dest); dest is group 1.
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	// referenceDef matches a link reference definition: [label]: dest.
	referenceDef = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s+.*)?$`)
	// codeSpan matches an inline code span, whose text is not a link.
	codeSpan = regexp.MustCompile("`+[^`]*`+")
	// htmlAnchor matches an explicit anchor: <a id="x"> or <a name="x">.
	htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	// htmlHref matches an href or src attribute in inline HTML.
	htmlHref = regexp.MustCompile(`(?:href|src)="([^"]+)"`)
	// urlScheme matches the scheme that starts an absolute URL.
	urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// link is one link target written in a document.
type link struct {
	line int
	dest string
}

// links returns every link target in d's prose (not in code blocks or code
// spans).
func links(d *document) []link {
	var out []link
	for i, l := range d.lines {
		if !d.prose[i] {
			continue
		}
		l = codeSpan.ReplaceAllString(l, "")
		for _, m := range inlineLink.FindAllStringSubmatch(l, -1) {
			out = append(out, link{i + 1, m[1]})
		}
		for _, m := range htmlHref.FindAllStringSubmatch(l, -1) {
			out = append(out, link{i + 1, m[1]})
		}
		if m := referenceDef.FindStringSubmatch(l); m != nil {
			out = append(out, link{i + 1, m[1]})
		}
	}
	return out
}

// isExternal reports whether dest leaves the repository (a URL scheme).
func isExternal(dest string) bool {
	return urlScheme.MatchString(dest)
}

// checkLinks reports every relative link of d whose file or directory does
// not exist, or whose #anchor names no heading (or <a id>) of the Markdown
// file it points to. docs maps a root-relative path to its parsed document.
func checkLinks(root string, d *document, docs map[string]*document) []string {
	var problems []string
	for _, l := range links(d) {
		if l.dest == "" || isExternal(l.dest) {
			continue
		}
		target, anchor, _ := strings.Cut(l.dest, "#")
		where := fmt.Sprintf("%s:%d: link %q", d.path, l.line, l.dest)
		targetPath := d.path
		if target != "" {
			if strings.HasPrefix(target, "/") {
				problems = append(problems, where+": use a path relative to this file, not one starting with /")
				continue
			}
			targetPath = path.Clean(path.Join(path.Dir(d.path), target))
			if strings.HasPrefix(targetPath, "../") {
				problems = append(problems, where+": points outside the repository")
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(targetPath))); err != nil {
				problems = append(problems, where+": "+targetPath+" does not exist")
				continue
			}
		}
		if anchor == "" {
			continue
		}
		td, ok := docs[targetPath]
		if !ok {
			if strings.HasSuffix(targetPath, ".md") {
				problems = append(problems, where+": "+targetPath+" was not read")
			}
			continue // an anchor in a source file (#L10) is GitHub's, not checked
		}
		if !anchors(td)[anchor] {
			problems = append(problems, fmt.Sprintf("%s: %s has no heading with anchor #%s", where, targetPath, anchor))
		}
	}
	return problems
}

// anchors returns the anchors GitHub makes for d: one per heading (its
// slug, with -1, -2... for repeats) plus explicit <a id/name> anchors.
func anchors(d *document) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for i, l := range d.lines {
		if !d.prose[i] {
			continue
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(l, -1) {
			out[m[1]] = true
		}
		t := strings.TrimLeft(l, " ")
		level := len(t) - len(strings.TrimLeft(t, "#"))
		if level == 0 || level > 6 || len(l)-len(t) > 3 || (len(t) > level && t[level] != ' ') {
			continue
		}
		s := slug(strings.TrimRight(strings.TrimSpace(t[level:]), "#"))
		if n := seen[s]; n > 0 {
			out[fmt.Sprintf("%s-%d", s, n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

// linkText replaces [text](dest) with its text, as the rendered heading
// shows it.
var linkText = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// slug is GitHub's anchor for a heading's text: lower case, letters,
// digits, '-' and '_' kept, spaces made '-', every other character dropped.
func slug(heading string) string {
	heading = linkText.ReplaceAllString(heading, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

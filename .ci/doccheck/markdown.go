package main

import (
	"strings"
)

// fence is one fenced code block of a Markdown file.
type fence struct {
	info      string   // the info string after the opening fence, e.g. "go"
	firstLine int      // 1-based line of the first line inside the block
	lines     []string // the block's lines, without the fences
	directive string   // the doccheck HTML comment just before the block, or ""
}

// document is a Markdown file split into what the checks need.
type document struct {
	path   string   // slash-separated, relative to the repository root
	lines  []string // every line of the file
	fences []fence
	prose  []bool // prose[i] is true when line i (0-based) is outside every fenced block
}

// parseDocument splits a Markdown file into its fenced blocks and its prose
// lines. Fences are lines starting with up to three spaces and then three or
// more backticks or tildes; a block ends at a fence of the same character at
// least as long (CommonMark's rule), or at the end of the file.
func parseDocument(path, text string) *document {
	d := &document{path: path, lines: strings.Split(text, "\n")}
	d.prose = make([]bool, len(d.lines))
	var open *fence
	var openChar byte
	var openLen int
	for i, line := range d.lines {
		char, n, rest := fenceOf(line)
		if open == nil {
			if n == 0 {
				d.prose[i] = true
				continue
			}
			open = &fence{info: strings.TrimSpace(rest), firstLine: i + 2, directive: directiveBefore(d.lines, i)}
			openChar, openLen = char, n
			continue
		}
		if n >= openLen && char == openChar && strings.TrimSpace(rest) == "" {
			d.fences = append(d.fences, *open)
			open = nil
			continue
		}
		open.lines = append(open.lines, line)
	}
	if open != nil {
		d.fences = append(d.fences, *open)
	}
	return d
}

// fenceOf reports whether line is a code fence: its character, its length
// (0 when it is not a fence) and what follows it.
func fenceOf(line string) (byte, int, string) {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if indent > 3 {
		return 0, 0, ""
	}
	s := line[indent:]
	if s == "" || (s[0] != '`' && s[0] != '~') {
		return 0, 0, ""
	}
	n := len(s) - len(strings.TrimLeft(s, s[:1]))
	if n < 3 {
		return 0, 0, ""
	}
	return s[0], n, s[n:]
}

// directiveBefore returns the "<!-- doccheck ... -->" comment that ends on
// the last non-blank line before line i, without its delimiters, or "".
func directiveBefore(lines []string, i int) string {
	j := i - 1
	for j >= 0 && strings.TrimSpace(lines[j]) == "" {
		j--
	}
	if j < 0 || !strings.HasSuffix(strings.TrimSpace(lines[j]), "-->") {
		return ""
	}
	end := j
	for j >= 0 && !strings.Contains(lines[j], "<!--") {
		j--
	}
	if j < 0 {
		return ""
	}
	text := strings.Join(lines[j:end+1], "\n")
	start := strings.Index(text, "<!--")
	text = strings.TrimSpace(text[start+len("<!--") : strings.LastIndex(text, "-->")])
	if !strings.HasPrefix(text, "doccheck") {
		return ""
	}
	return text
}

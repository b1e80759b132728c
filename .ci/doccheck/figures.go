package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// A figures region quotes numbers from a results file that a run wrote:
//
//	<!-- doccheck figures from benchmarks/results/compare.txt -->
//	... text and tables ...
//	<!-- doccheck end figures -->
//
// The path is relative to the Markdown file. The results file names the
// command that wrote it on a line "$ <command>" among its first lines; the
// region must quote that command, and every number in the region must be
// one of the file's numbers.
var (
	figuresStart = regexp.MustCompile(`^<!-- doccheck figures from (\S+) -->$`)
	figuresEnd   = "<!-- doccheck end figures -->"
	// number matches a figure: digits with optional thousands commas and
	// decimals, not preceded by a letter, digit or dot (v2, p99, go1.26) but
	// possibly followed by a unit (6s, 3G).
	number = regexp.MustCompile(`(?:^|[^\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`)
	// htmlComment matches a one-line HTML comment, whose numbers are not figures.
	htmlComment = regexp.MustCompile(`<!--.*?-->`)
)

// numbers returns the figures in s, normalized: thousands commas and
// trailing decimal zeros removed (5,543 is 5543; 43.0 is 43; 0.280 is 0.28).
func numbers(s string) []string {
	var out []string
	// The pattern consumes the character before a figure, so each search
	// starts right after the previous figure.
	for i := 0; i < len(s); {
		loc := number.FindStringSubmatchIndex(s[i:])
		if loc == nil {
			break
		}
		n := strings.ReplaceAll(s[i+loc[2]:i+loc[3]], ",", "")
		if strings.Contains(n, ".") {
			n = strings.TrimRight(strings.TrimRight(n, "0"), ".")
		}
		out = append(out, n)
		i += loc[3]
	}
	return out
}

// checkFigures checks every figures region of d against its results file.
func checkFigures(root string, d *document) []string {
	var problems []string
	for i := 0; i < len(d.lines); i++ {
		m := figuresStart.FindStringSubmatch(strings.TrimSpace(d.lines[i]))
		if m == nil || !d.prose[i] {
			continue
		}
		start := i + 1
		end := start
		for end < len(d.lines) && strings.TrimSpace(d.lines[end]) != figuresEnd {
			end++
		}
		where := fmt.Sprintf("%s:%d", d.path, start)
		if end == len(d.lines) {
			problems = append(problems, where+": figures region without "+figuresEnd)
			return problems
		}
		resultsPath := path.Join(path.Dir(d.path), m[1])
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(resultsPath)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: results file: %v", where, err))
			i = end
			continue
		}
		problems = append(problems, checkRegion(where, resultsPath, string(data), d.lines[start:end], start)...)
		i = end
	}
	return problems
}

// checkRegion checks one region's lines (the first is line first of its
// file) against the results file's text.
func checkRegion(where, resultsPath, results string, lines []string, first int) []string {
	var problems []string
	command := ""
	for i, l := range strings.SplitN(results, "\n", 6) {
		if i < 5 && strings.HasPrefix(l, "$ ") {
			command = strings.TrimSpace(strings.TrimPrefix(l, "$ "))
			break
		}
	}
	if command == "" {
		return []string{fmt.Sprintf("%s: %s does not name the command that wrote it (a line \"$ <command>\" among its first five)", where, resultsPath)}
	}
	region := strings.Join(lines, "\n")
	if !strings.Contains(region, command) {
		problems = append(problems, fmt.Sprintf("%s: the region quotes %s but does not name the run that wrote it: quote `%s`", where, resultsPath, command))
	}
	known := map[string]bool{}
	for _, n := range numbers(results) {
		known[n] = true
	}
	for i, l := range lines {
		l = htmlComment.ReplaceAllString(l, "")
		l = strings.ReplaceAll(l, command, "")
		for _, n := range numbers(l) {
			if !known[n] {
				problems = append(problems, fmt.Sprintf("%s:%d: %s is not a figure of %s (written by `%s`)", strings.SplitN(where, ":", 2)[0], first+i+1, n, resultsPath, command))
			}
		}
	}
	return problems
}

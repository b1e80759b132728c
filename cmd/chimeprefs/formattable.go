package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"golang.org/x/text/width"
)

// The table output, as the AWS CLI's (awscli/formatter.py's
// TableFormatter and awscli/table.py's MultiTable, without colour): a box
// titled with the operation name; an object with one scalar member is a
// "name | value" row, with more a header row of the sorted scalar names
// over a row of values; each non-scalar member becomes a section titled
// with its name, nested one level deeper (one more "|" on each side).
// Column widths are scaled to the widest section; when that is wider than
// the terminal (80 columns when the output is not a terminal), every
// section of one row is turned into "name | value" rows.

// tableSection is one titled box of the table.
type tableSection struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	numCols   int // -1 until the first row or header row
	maxWidths []int
}

func newTableSection(title string, indent int) *tableSection {
	return &tableSection{title: title, indent: indent, numCols: -1}
}

func (s *tableSection) updateMaxWidths(row []string) {
	if len(s.maxWidths) == 0 {
		s.maxWidths = make([]int, len(row))
		for i, el := range row {
			s.maxWidths[i] = textWidth(el)
		}
		return
	}
	for i, el := range row {
		s.maxWidths[i] = max(s.maxWidths[i], textWidth(el))
	}
}

func (s *tableSection) addHeader(headers []string) {
	s.updateMaxWidths(headers)
	if s.numCols < 0 {
		s.numCols = len(headers)
	}
	s.headers = headers
}

func (s *tableSection) addRow(row []string) error {
	if s.numCols < 0 {
		s.numCols = len(row)
	}
	if len(row) != s.numCols {
		return fmt.Errorf("--output table cannot print rows of %d and %d values in one section; narrow it with --query, or use --output json", s.numCols, len(row))
	}
	s.rows = append(s.rows, row)
	s.updateMaxWidths(row)
	return nil
}

// columnWidths returns the columns' widths with padding; scaled to sum to
// maxWidth when it is positive, rounding half to even as Python does and
// then giving or taking the remainder one column at a time.
func (s *tableSection) columnWidths(padding, maxWidth int) []int {
	widths := make([]int, len(s.maxWidths))
	total := 0
	for i, w := range s.maxWidths {
		widths[i] = w + padding
		total += widths[i]
	}
	if maxWidth <= 0 || len(widths) == 0 {
		return widths
	}
	scale := float64(maxWidth) / float64(total)
	off := -maxWidth
	for i, w := range widths {
		widths[i] = int(math.RoundToEven(scale * float64(w)))
		off += widths[i]
	}
	for off != 0 {
		for j := range widths {
			i := j
			if off < 0 {
				i = len(widths) - 1 - j
			}
			if off > 0 {
				widths[i]--
				off--
			} else {
				widths[i]++
				off++
			}
			if off == 0 {
				break
			}
		}
	}
	return widths
}

// totalWidth is the width the section needs: its columns with padding 4,
// the two borders and its indentation on both sides, or its title's.
func (s *tableSection) totalWidth() int {
	total := 2 + 2*s.indent
	for _, w := range s.columnWidths(0, 0) {
		total += w + 4
	}
	return max(textWidth(s.title)+2+2*s.indent, total)
}

// tableBuilder collects the sections of one table.
type tableBuilder struct {
	sections []*tableSection
	current  *tableSection
}

func (t *tableBuilder) newSection(title string, indent int) {
	t.current = newTableSection(title, indent)
	t.sections = append(t.sections, t.current)
}

// build adds current under title (nil: into the current section) and
// reports whether anything is to be printed.
func (t *tableBuilder) build(title *string, current any, indent int) (bool, error) {
	if isFalsy(current) {
		return false, nil
	}
	if title != nil {
		t.newSection(*title, indent)
	}
	switch x := current.(type) {
	case []any:
		if _, ok := x[0].(map[string]any); ok {
			return true, t.buildFromList(x, indent, title)
		}
		for _, item := range x {
			var err error
			switch it := item.(type) {
			case []any:
				if allScalars(it) {
					err = t.current.addRow(strs(it))
				} else {
					_, err = t.build(nil, it, 0)
				}
			case map[string]any:
				// An object among scalars prints its keys, as the AWS CLI
				// does (it iterates the dict); a Go JMESPath object has no
				// order, so they come sorted.
				err = t.current.addRow(sortedKeys(it))
			default:
				err = t.current.addRow([]string{pyStr(it)})
			}
			if err != nil {
				return false, err
			}
		}
	case map[string]any:
		return true, t.buildFromObject(x, indent)
	}
	return true, nil
}

// buildFromObject prints an object's scalar members in the current section
// and each non-scalar member in a section of its own.
func (t *tableBuilder) buildFromObject(obj map[string]any, indent int) error {
	headers, more := splitKeys(obj)
	switch {
	case len(headers) == 1:
		if err := t.current.addRow([]string{headers[0], pyStr(obj[headers[0]])}); err != nil {
			return err
		}
	case len(headers) > 1:
		t.current.addHeader(headers)
		row := make([]string, len(headers))
		for i, h := range headers {
			row[i] = pyStr(obj[h])
		}
		if err := t.current.addRow(row); err != nil {
			return err
		}
	}
	for _, k := range more {
		if _, err := t.build(&k, obj[k], indent+1); err != nil {
			return err
		}
	}
	return nil
}

// buildFromList prints a list of objects: one header row of the union of
// their scalar names, one row per object, and the non-scalar members of
// each object after its row (repeating the title and headers for the next
// object when there are such members).
func (t *tableBuilder) buildFromList(list []any, indent int, title *string) error {
	headerSet, moreSet := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return fmt.Errorf("--output table cannot print a list that mixes objects with other values; narrow it with --query, or use --output json")
		}
		h, m := splitKeys(obj)
		for _, k := range h {
			headerSet[k] = true
		}
		for _, k := range m {
			moreSet[k] = true
		}
	}
	headers, more := setKeys(headerSet), setKeys(moreSet)
	t.current.addHeader(headers)
	for i, e := range list {
		obj := e.(map[string]any)
		if i > 0 && len(more) > 0 {
			sectionTitle := ""
			if title != nil {
				sectionTitle = *title
			}
			t.newSection(sectionTitle, indent)
			t.current.addHeader(headers)
		}
		row := make([]string, len(headers))
		for j, h := range headers {
			v, ok := obj[h]
			if !ok {
				v = ""
			}
			row[j] = pyStr(v)
		}
		if err := t.current.addRow(row); err != nil {
			return err
		}
		for _, k := range more {
			if v, ok := obj[k]; ok {
				if _, err := t.build(&k, v, indent+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// writeTable prints v as the AWS CLI's table output; nothing for a value
// Python takes as false (null, "", 0, an empty list or object).
func writeTable(w io.Writer, title string, v any, terminalWidth int) error {
	var t tableBuilder
	ok, err := t.build(&title, v, 0)
	if err != nil || !ok {
		return err
	}
	maxWidth := t.maxWidth()
	if maxWidth > terminalWidth {
		t.makeVertical()
		maxWidth = t.maxWidth()
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("-", maxWidth) + "\n")
	for _, s := range t.sections {
		renderSection(&b, s, maxWidth)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func (t *tableBuilder) maxWidth() int {
	m := 0
	for _, s := range t.sections {
		m = max(m, s.totalWidth())
	}
	return m
}

// makeVertical turns every section of one row under a header row into
// "header | value" rows.
func (t *tableBuilder) makeVertical() {
	for i, s := range t.sections {
		if len(s.rows) != 1 || len(s.headers) == 0 {
			continue
		}
		v := newTableSection(s.title, s.indent)
		for j, h := range s.headers {
			if j < len(s.rows[0]) {
				_ = v.addRow([]string{h, s.rows[0][j]}) // always two columns
			}
		}
		t.sections[i] = v
	}
}

// renderSection writes one section, each line framed by its indentation.
func renderSection(b *strings.Builder, s *tableSection, maxWidth int) {
	edge := strings.Repeat("|", s.indent)
	line := func(text string) { b.WriteString(edge + text + edge + "\n") }
	maxWidth -= 2 * s.indent
	if s.title != "" {
		line(centerText(s.title, maxWidth, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			line("+" + repeat("-", maxWidth-2) + "+")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(4, maxWidth)
		var cells strings.Builder
		for i := 0; i < len(widths) && i < len(s.headers); i++ {
			left := ""
			if i == 0 {
				left = "|"
			}
			cells.WriteString(centerText(s.headers[i], widths[i], left, "|"))
		}
		line(lineBreak(widths))
		line(cells.String())
	}
	if len(s.rows) == 0 {
		return
	}
	widths := s.columnWidths(4, maxWidth)
	if len(widths) == 0 {
		return
	}
	line(lineBreak(widths))
	for _, row := range s.rows {
		var cells strings.Builder
		for i := 0; i < len(widths) && i < len(row); i++ {
			left := ""
			if i == 0 {
				left = "|"
			}
			cells.WriteString(alignLeft(row[i], widths[i], left, "|"))
		}
		line(cells.String())
	}
	line(lineBreak(widths))
}

// lineBreak is "+-----+------+" for the given column widths.
func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + repeat("-", w-2) + "+")
		} else {
			b.WriteString(repeat("-", w-1) + "+")
		}
	}
	return b.String()
}

// centerText centres text in length columns between the edges.
func centerText(text string, length int, left, right string) string {
	n := textWidth(text)
	start := length/2 - n/2 - 1
	used := len(left) + start + n
	return left + repeat(" ", start) + text + repeat(" ", length-len(right)-used) + right
}

// alignLeft puts text after two spaces of padding (none when it does not
// fit) and fills the cell to length columns.
func alignLeft(text string, length int, left, right string) string {
	n := textWidth(text)
	padding := 2
	if length-(n+2+len(left)+len(right)) < 0 {
		padding = 0
	}
	return left + repeat(" ", padding) + text + repeat(" ", length-(len(left)+padding+n)-len(right)) + right
}

// repeat is strings.Repeat that takes a negative count as zero, as
// Python's string multiplication does.
func repeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

// textWidth counts the columns text takes as the AWS CLI does: two for an
// East Asian wide, fullwidth or ambiguous character, one for any other.
func textWidth(text string) int {
	n := 0
	for _, r := range text {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			n += 2
		default:
			n++
		}
	}
	return n
}

// splitKeys returns an object's scalar and non-scalar member names, sorted.
func splitKeys(obj map[string]any) (scalars, others []string) {
	for _, k := range sortedKeys(obj) {
		if isScalar(obj[k]) {
			scalars = append(scalars, k)
		} else {
			others = append(others, k)
		}
	}
	return scalars, others
}

func setKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func allScalars(list []any) bool {
	for _, e := range list {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

func strs(list []any) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = pyStr(e)
	}
	return out
}

package main

import (
	"io"
	"os"
)

// defaultTerminalWidth is the width the AWS CLI's table output assumes when
// standard output is not a terminal.
const defaultTerminalWidth = 80

// widthReporter is a writer that says how wide it is (tests use it to stand
// for a terminal).
type widthReporter interface{ terminalWidth() int }

// terminalWidth is the width of the terminal w writes to, or 80 when w is
// not a terminal, as the AWS CLI's table output does.
func terminalWidth(w io.Writer) int {
	switch x := w.(type) {
	case widthReporter:
		return x.terminalWidth()
	case *os.File:
		if cols, ok := ttyWidth(x); ok {
			return cols
		}
	}
	return defaultTerminalWidth
}

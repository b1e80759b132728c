//go:build !(linux || darwin)

package main

import "io"

// terminalWidth is 80 on systems where chimeprefs does not ask the
// terminal: the width the AWS CLI assumes when it cannot tell.
func terminalWidth(io.Writer) int { return defaultTerminalWidth }

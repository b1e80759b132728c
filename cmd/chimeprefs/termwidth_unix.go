//go:build linux || darwin

package main

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// terminalWidth is the width of the terminal w writes to, or 80 when w is
// not a terminal, as the AWS CLI's table output assumes.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return defaultTerminalWidth
	}
	var size struct{ rows, cols, xpixel, ypixel uint16 }
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&size))); errno != 0 {
		return defaultTerminalWidth
	}
	return int(size.cols)
}

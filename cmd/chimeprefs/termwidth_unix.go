//go:build linux || darwin

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// ttyWidth asks the terminal f is for its width; ok is false when f is not
// a terminal.
func ttyWidth(f *os.File) (cols int, ok bool) {
	var size struct{ rows, cols, xpixel, ypixel uint16 }
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&size))); errno != 0 {
		return 0, false
	}
	return int(size.cols), true
}

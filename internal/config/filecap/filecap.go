// Package filecap reads the small files configuration comes from (the
// shared AWS config and credentials files, container authorization token
// files) with a size cap, so that a path pointed at a huge or endless file
// (a log, /dev/zero) fails at once instead of filling memory.
package filecap

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxBytes is the largest file [Read] accepts: 1 MiB. Shared AWS files and
// token files are a few kilobytes.
const MaxBytes = 1 << 20

// ErrTooLarge is matched (with errors.Is) by the error for a file larger
// than MaxBytes.
var ErrTooLarge = errors.New("file too large")

// Read returns the contents of path. With read nil it reads the file system
// and never more than MaxBytes+1 bytes; otherwise it calls read (a test's
// or a caller's replacement for os.ReadFile) and checks the size of what it
// returned. A file larger than MaxBytes is an error naming the file and the
// cap. Errors of the read itself are returned unwrapped, so that
// errors.Is(err, fs.ErrNotExist) still works.
func Read(path string, read func(string) ([]byte, error)) ([]byte, error) {
	var data []byte
	var err error
	if read != nil {
		data, err = read(path)
	} else {
		data, err = readCapped(path)
	}
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s is larger than 1 MiB (%d bytes), the most read from a shared AWS file or token file: %w", path, MaxBytes, ErrTooLarge)
	}
	return data, nil
}

// readCapped reads at most MaxBytes+1 bytes of path, enough to tell that it
// is too large.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxBytes+1))
}

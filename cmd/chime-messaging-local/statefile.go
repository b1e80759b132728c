package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// readStateFile reads a state file written by [writeStateFile]. It reports
// found == false, with no error, when the file does not exist.
func readStateFile(path string) (st chimesdkmessagingtest.State, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("read state file: %w", err)
	}
	if err := decodeStrict(path, data, &st); err != nil {
		return st, false, fmt.Errorf("state file is damaged (fix it or move it away to start from the seed): %w", err)
	}
	return st, true, nil
}

// writeStateFile writes st to path atomically: the JSON goes to a
// temporary file in the same directory, which is flushed to disk and then
// renamed over path, and the directory is synced. A crash at any point
// leaves either the old file or the new one, never a mix. The file is
// readable by its owner only: it holds filter rules and names.
func writeStateFile(path string, st chimesdkmessagingtest.State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	data = append(data, '\n')
	return writeFileAtomic(path, data)
}

// writeFileAtomic replaces path with data through a synced temporary file
// and a rename.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix(path)+"*")
	if err != nil {
		return fmt.Errorf("create a temporary file beside the state file (is %s writable?): %w", dir, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("flush state to disk: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close state: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace state file: %w", err)
	}
	// Make the rename itself durable. Some file systems cannot sync a
	// directory; the rename is still atomic there.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// tempPrefix is the name of writeFileAtomic's temporary files for path,
// up to the random digits os.CreateTemp appends.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// isTempOf reports whether name is a temporary file writeFileAtomic makes
// for path: its prefix, then only the decimal digits os.CreateTemp puts in
// place of "*".
func isTempOf(path, name string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix(path))
	if !ok || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps removes the temporary files a killed emulator left
// beside the state file at path: regular files, in path's directory only,
// named as writeFileAtomic names them. It returns the names removed.
func removeStaleTemps(path string) ([]string, error) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the state file's directory for stale temporary files: %w", err)
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTempOf(path, e.Name()) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("remove stale temporary file: %w", err)
		}
		removed = append(removed, name)
	}
	return removed, nil
}

// isJSONStateFile reports whether path holds a JSON state file (as -state
// wrote before the state moved to a store): its first byte that is not
// white space is '{'. A missing or empty file is not one.
func isJSONStateFile(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read state file: %w", err)
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := f.Read(buf)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read state file: %w", err)
	}
	trimmed := strings.TrimLeft(string(buf[:n]), " \t\r\n")
	return strings.HasPrefix(trimmed, "{"), nil
}

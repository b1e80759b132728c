// Command modproxy writes a file-based Go module proxy (GOPROXY=file://DIR)
// that serves every module of this repository at one version, built from the
// working tree, so CI can check that a module resolves the way a user's
// `go get` would resolve it once the version is tagged, without publishing
// anything.
//
// Usage, from anywhere inside the repository:
//
//	go run ./.ci/modproxy -version v0.1.0 -out DIR
//
// For each directory holding a go.mod it writes the files the go command asks
// a proxy for (https://go.dev/ref/mod#goproxy-protocol):
//
//	DIR/<module path>/@v/list           the version
//	DIR/<module path>/@v/<version>.info {"Version":..., "Time":...}
//	DIR/<module path>/@v/<version>.mod  the module's go.mod
//	DIR/<module path>/@v/<version>.zip  the module's files under "<module path>@<version>/"
//
// The files of a module are the ones git would put in a tag (tracked files
// plus untracked, not ignored ones, read from the working tree), minus what
// the go command leaves out of a module zip (https://go.dev/ref/mod#zip-files):
// directories of nested modules, vendored packages, and irregular files such
// as symbolic links. A nested module without a LICENSE gets the repository's,
// as the go command does when it builds a zip from a subdirectory of a
// repository.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// releaseVersion is the shape of a version this command serves: a semantic
// version release, with no pre-release or build suffix.
var releaseVersion = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// zipTime is the modification time written into every zip entry, so the same
// tree always gives the same archive. The go command ignores it.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// module is one go.mod of the repository and the files its zip holds.
type module struct {
	dir   string   // slash-separated, relative to the repository root; "." for the root
	path  string   // the module path declared in go.mod
	files []string // slash-separated, relative to dir
}

func main() {
	version := flag.String("version", "", "version to serve, for example v0.1.0")
	out := flag.String("out", "", "directory to write the proxy into (created if missing)")
	flag.Parse()
	if err := run(*version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

func run(version, out string) error {
	if !releaseVersion.MatchString(version) {
		return fmt.Errorf("-version %q: want a release version such as v0.1.0", version)
	}
	if out == "" {
		return errors.New("-out: required")
	}
	root, err := gitOutput("rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	root = strings.TrimSpace(root)
	listed, err := gitOutput("-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return err
	}
	modules, err := splitModules(root, strings.Split(strings.TrimRight(listed, "\x00"), "\x00"))
	if err != nil {
		return err
	}
	info, err := json.Marshal(struct{ Version, Time string }{version, time.Now().UTC().Format(time.RFC3339)})
	if err != nil {
		return err
	}
	for _, m := range modules {
		n, err := writeModule(root, out, version, info, m)
		if err != nil {
			return fmt.Errorf("module %s: %w", m.path, err)
		}
		fmt.Printf("%s@%s: %d files, %d bytes zipped (from %s)\n", m.path, version, len(m.files), n, m.dir)
	}
	return nil
}

func gitOutput(args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(b), nil
}

// splitModules gives each regular file to the module whose directory is the
// deepest one holding it, and drops what a module zip never holds.
func splitModules(root string, names []string) ([]*module, error) {
	byDir := map[string]*module{}
	for _, name := range names {
		if path.Base(name) != "go.mod" {
			continue
		}
		dir := path.Dir(name)
		modPath, err := readModulePath(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		byDir[dir] = &module{dir: dir, path: modPath}
	}
	if byDir["."] == nil {
		return nil, errors.New("no go.mod at the repository root")
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		st, err := os.Lstat(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted from the working tree, a symbolic link, ...
		}
		m := owner(byDir, name)
		rel := name
		if m.dir != "." {
			rel = strings.TrimPrefix(name, m.dir+"/")
		}
		if vendored(rel) {
			continue
		}
		m.files = append(m.files, rel)
	}
	modules := make([]*module, 0, len(byDir))
	for _, m := range byDir {
		if m.dir != "." && !slices.Contains(m.files, "LICENSE") {
			if _, err := os.Stat(filepath.Join(root, "LICENSE")); err == nil {
				m.files = append(m.files, "../LICENSE") // written as LICENSE
			}
		}
		sort.Strings(m.files)
		if err := checkCaseFold(m.files); err != nil {
			return nil, fmt.Errorf("module %s: %w", m.path, err)
		}
		modules = append(modules, m)
	}
	sort.Slice(modules, func(i, j int) bool { return modules[i].dir < modules[j].dir })
	return modules, nil
}

// owner returns the module whose directory is the deepest ancestor of name.
func owner(byDir map[string]*module, name string) *module {
	for dir := path.Dir(name); ; dir = path.Dir(dir) {
		if m := byDir[dir]; m != nil {
			return m
		}
	}
}

// vendored reports whether a module zip leaves rel out as part of a vendor
// directory (go 1.24 rules: vendor/modules.txt and the files of packages
// below a vendor directory).
func vendored(rel string) bool {
	if rel == "vendor/modules.txt" {
		return true
	}
	var after string
	switch {
	case strings.HasPrefix(rel, "vendor/"):
		after = rel[len("vendor/"):]
	case strings.Contains(rel, "/vendor/"):
		after = rel[strings.Index(rel, "/vendor/")+len("/vendor/"):]
	default:
		return false
	}
	return strings.Contains(after, "/")
}

// checkCaseFold refuses two paths that only differ in case: the go command
// rejects such a zip because they collide on case-insensitive file systems.
func checkCaseFold(files []string) error {
	seen := map[string]string{}
	for _, f := range files {
		k := strings.ToLower(f)
		if other, ok := seen[k]; ok {
			return fmt.Errorf("%s and %s differ only in case", other, f)
		}
		seen[k] = f
	}
	return nil
}

// readModulePath returns the path of the module directive of a go.mod file.
func readModulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no module directive", gomod)
}

// writeModule writes the four proxy files of m and returns the zip's size.
func writeModule(root, out, version string, info []byte, m *module) (int, error) {
	escaped, err := escapePath(m.path)
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	modDir := filepath.Join(root, filepath.FromSlash(m.dir))
	gomod, err := os.ReadFile(filepath.Join(modDir, "go.mod"))
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	prefix := m.path + "@" + version + "/"
	for _, rel := range m.files {
		data, err := os.ReadFile(filepath.Join(modDir, filepath.FromSlash(rel)))
		if err != nil {
			return 0, err
		}
		name := rel
		if rel == "../LICENSE" {
			name = "LICENSE"
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: prefix + name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return 0, err
		}
		if _, err := w.Write(data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	for name, data := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": info,
		version + ".mod":  gomod,
		version + ".zip":  buf.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return 0, err
		}
	}
	return buf.Len(), nil
}

// escapePath applies the module proxy's case encoding: each upper-case letter
// becomes '!' followed by its lower-case form.
func escapePath(p string) (string, error) {
	var b strings.Builder
	for _, r := range p {
		switch {
		case r == '!' || r >= 0x80:
			return "", fmt.Errorf("module path %q: unsupported character %q", p, r)
		case 'A' <= r && r <= 'Z':
			b.WriteByte('!')
			b.WriteRune(r + ('a' - 'A'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

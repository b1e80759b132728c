package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestVendored(t *testing.T) {
	cases := map[string]bool{
		"vendor/modules.txt":     true,
		"vendor/a/b.go":          true,
		"pkg/vendor/foo/foo.go":  true,
		"vendor/x.go":            false, // a file directly in vendor/ is not a vendored package
		"pkg/vendor/vendor.go":   false,
		"vendored/a/b.go":        false,
		"internal/vendorlike.go": false,
	}
	for name, want := range cases {
		if got := vendored(name); got != want {
			t.Errorf("vendored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestEscapePath(t *testing.T) {
	got, err := escapePath("github.com/Azure/SDK")
	if err != nil || got != "github.com/!azure/!s!d!k" {
		t.Errorf("escapePath = %q, %v; want github.com/!azure/!s!d!k", got, err)
	}
	if _, err := escapePath("example.com/é"); err == nil {
		t.Error("escapePath accepted a non-ASCII path")
	}
}

func TestCheckCaseFold(t *testing.T) {
	if err := checkCaseFold([]string{"README", "a.go", "readme"}); err == nil {
		t.Error("checkCaseFold accepted README and readme")
	}
	if err := checkCaseFold([]string{"a.go", "b.go"}); err != nil {
		t.Errorf("checkCaseFold: %v", err)
	}
}

func TestRunServesEachModuleWithoutItsNestedModules(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed: it lists the files of the repository")
	}
	repo := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/Root\n\ngo 1.24\n")
	write("a.go", "package root\n")
	write("LICENSE", "licence text\n")
	write(".gitignore", "/ignored.txt\n")
	write("ignored.txt", "not in a tag\n")
	write("vendor/dep/x.go", "package dep\n")
	write("sub/go.mod", "module example.com/Root/sub\n\ngo 1.24\n\nrequire example.com/Root v1.2.3\n")
	write("sub/b.go", "package sub\n")
	if err := os.Symlink("a.go", filepath.Join(repo, "link.go")); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v: %s", err, out)
	}
	t.Chdir(filepath.Join(repo, "sub")) // run finds the repository root itself
	out := t.TempDir()
	if err := run("v1.2.3", out); err != nil {
		t.Fatal(err)
	}

	root := filepath.Join(out, "example.com", "!root", "@v")
	assertZip(t, filepath.Join(root, "v1.2.3.zip"), "example.com/Root@v1.2.3/",
		[]string{".gitignore", "LICENSE", "a.go", "go.mod"})
	assertZip(t, filepath.Join(out, "example.com", "!root", "sub", "@v", "v1.2.3.zip"), "example.com/Root/sub@v1.2.3/",
		[]string{"LICENSE", "b.go", "go.mod"})

	if b, _ := os.ReadFile(filepath.Join(root, "list")); string(b) != "v1.2.3\n" {
		t.Errorf("list = %q, want \"v1.2.3\\n\"", b)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "v1.2.3.mod")); string(b) != "module example.com/Root\n\ngo 1.24\n" {
		t.Errorf(".mod = %q, want the root go.mod", b)
	}
	var info struct{ Version, Time string }
	b, _ := os.ReadFile(filepath.Join(root, "v1.2.3.info"))
	if err := json.Unmarshal(b, &info); err != nil || info.Version != "v1.2.3" || info.Time == "" {
		t.Errorf(".info = %s (%v), want Version v1.2.3 and a Time", b, err)
	}
}

func TestRunRefusesAVersionThatIsNotARelease(t *testing.T) {
	for _, v := range []string{"", "0.1.0", "v0.1", "v0.1.0-rc.1", "v01.0.0"} {
		if err := run(v, t.TempDir()); err == nil {
			t.Errorf("run(%q) accepted it", v)
		}
	}
}

// assertZip checks that a module zip holds exactly want (names after prefix).
func assertZip(t *testing.T, name, prefix string, want []string) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var got []string
	for _, f := range zr.File {
		rel, ok := strings.CutPrefix(f.Name, prefix)
		if !ok {
			t.Errorf("%s: entry %q is not under %q", name, f.Name, prefix)
			continue
		}
		got = append(got, rel)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %q, want %q", name, got, want)
	}
}

package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// wrapDirective starts the HTML comment that marks a Go block as a fragment:
// the rest of the comment is a Go file with a line FRAGMENT where the block
// goes.
const wrapDirective = "doccheck wrap"

// fragmentLine is the line of a wrapper that the fragment replaces.
const fragmentLine = "FRAGMENT"

// goSource is one Go block made into a Go file.
type goSource struct {
	where  string // "README.md:12", for messages
	module string // directory of the module that builds it, relative to the root
	source string
}

// goSources makes a Go file of every ```go block of d: a complete file as it
// is, a fragment inside its wrapper. Blocks that are neither are errors.
//
// Each file carries //line comments naming lineFile (the document's absolute
// path, so the go command reports it unchanged) and the document's lines.
func goSources(d *document, lineFile string, modules []string) ([]goSource, []string) {
	var out []goSource
	var problems []string
	for _, f := range d.fences {
		if lang, _, _ := strings.Cut(f.info, " "); lang != "go" {
			continue
		}
		where := fmt.Sprintf("%s:%d", d.path, f.firstLine-1)
		body := strings.Join(f.lines, "\n")
		lineDirective := fmt.Sprintf("//line %s:%d\n", lineFile, f.firstLine)
		var src string
		switch {
		case strings.HasPrefix(f.directive, wrapDirective):
			wrapper := strings.TrimPrefix(f.directive, wrapDirective)
			before, after, ok := cutLine(wrapper, fragmentLine)
			if !ok {
				problems = append(problems, where+": the doccheck wrap comment before this block has no line "+fragmentLine+" where the block goes")
				continue
			}
			src = fmt.Sprintf("//line %s:%d\n%s\n%s%s\n//line %s:%d\n%s\n", lineFile, f.firstLine-1, before, lineDirective, body, lineFile, f.firstLine-1, after)
		case f.directive != "":
			problems = append(problems, where+": unknown doccheck comment before this block (want <!-- "+wrapDirective+" ... -->)")
			continue
		case !startsWithPackage(body):
			problems = append(problems, where+": a go block must be a complete file (starting with its package clause) or a fragment marked by a <!-- "+wrapDirective+" ... --> comment just before it; label text that is not Go with another language")
			continue
		default:
			src = lineDirective + body + "\n"
		}
		out = append(out, goSource{where: where, module: moduleFor(src, modules), source: src})
	}
	return out, problems
}

// cutLine splits s around its first line equal to line (spaces trimmed).
func cutLine(s, line string) (before, after string, ok bool) {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == line {
			return strings.Join(lines[:i], "\n"), strings.Join(lines[i+1:], "\n"), true
		}
	}
	return "", "", false
}

// startsWithPackage reports whether the first line of src that is neither
// blank nor a // comment is a package clause.
func startsWithPackage(src string) bool {
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		return strings.HasPrefix(l, "package ")
	}
	return false
}

// moduleFor picks the module whose requirements provide src's imports: a
// nested module when src imports it or a dependency only it has.
func moduleFor(src string, modules []string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return "." // the main module reports the syntax error
	}
	has := func(m string) bool {
		for _, x := range modules {
			if x == m {
				return true
			}
		}
		return false
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		switch {
		case has("otel") && (strings.HasPrefix(p, "go.opentelemetry.io/") || strings.HasPrefix(p, modulePath+"/otel")):
			return "otel"
		case has("awsv2") && (strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2") || strings.HasPrefix(p, modulePath+"/awsv2")):
			return "awsv2"
		case has("benchmarks") && strings.HasPrefix(p, modulePath+"/benchmarks"):
			return "benchmarks"
		}
	}
	return "."
}

// modulePath is the main module's path.
const modulePath = "github.com/chimekit/chimesdkmessaging"

// scratchDir is where the Go files are written, inside each module so that
// its requirements (and go.work) resolve their imports; the go command's
// ./... patterns skip directories starting with "_", so a test run beside it
// never sees them (they are named one by one to go vet).
const scratchDir = "_doccheck"

// vetGoSources writes every source into its module's scratch directory, one
// package each, and runs go vet on them; it returns go vet's complaints.
func vetGoSources(root string, sources []goSource) ([]string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	byModule := map[string][]goSource{}
	for _, s := range sources {
		byModule[s.module] = append(byModule[s.module], s)
	}
	var problems []string
	for module, list := range byModule {
		dir := filepath.Join(root, module, scratchDir)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		args := []string{"vet"}
		for i, s := range list {
			name := fmt.Sprintf("block%03d", i)
			args = append(args, "./"+scratchDir+"/"+name)
			pkgDir := filepath.Join(dir, name)
			if err := os.MkdirAll(pkgDir, 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(pkgDir, "block.go"), []byte(s.source), 0o644); err != nil {
				return nil, err
			}
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join(root, module)
		out, err := cmd.CombinedOutput()
		os.RemoveAll(dir)
		if err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				return nil, fmt.Errorf("go vet in %s: %w", module, err)
			}
			text := strings.ReplaceAll(strings.TrimSpace(string(out)), absRoot+string(filepath.Separator), "")
			problems = append(problems, fmt.Sprintf("go vet of the Go blocks built in module %s:\n%s", module, text))
		}
	}
	return problems, nil
}

// Command doccheck keeps the repository's Markdown true to the code:
//
//   - every ```go block compiles and passes go vet: a complete file as it is,
//     a fragment inside the wrapper given by a <!-- doccheck wrap ... -->
//     comment just before it (a Go file with a line FRAGMENT where the block
//     goes); each block is built in the module whose requirements provide its
//     imports (main, awsv2, otel, benchmarks);
//   - every relative link and image resolves to a file or directory of the
//     repository, and every #anchor to a heading (GitHub's slug) or an
//     <a id> of the Markdown file it names;
//   - every number inside a <!-- doccheck figures from FILE --> ...
//     <!-- doccheck end figures --> region is one of FILE's numbers, and the
//     region quotes the command FILE names on its "$ <command>" line, so
//     quoted figures come from the run the text names.
//
// Usage, from the repository root (GOWORK as .ci/run sets it):
//
//	go run ./.ci/doccheck            # every *.md outside hidden directories
//	go run ./.ci/doccheck -no-vet    # links and figures only (no go command)
//
// It prints one line per problem and exits 1 when there is any.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	root := flag.String("root", ".", "repository root")
	noVet := flag.Bool("no-vet", false, "skip compiling the Go blocks")
	flag.Parse()
	problems, err := check(*root, !*noVet)
	if err != nil {
		fmt.Fprintln(os.Stderr, "doccheck:", err)
		os.Exit(2)
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "doccheck: %d problem(s)\n", len(problems))
		os.Exit(1)
	}
}

// check runs every check on the Markdown files under root.
func check(root string, vet bool) ([]string, error) {
	docs, err := readDocuments(root)
	if err != nil {
		return nil, err
	}
	modules := modulesUnder(root)
	var problems []string
	var sources []goSource
	paths := make([]string, 0, len(docs))
	for p := range docs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		d := docs[p]
		problems = append(problems, checkLinks(root, d, docs)...)
		problems = append(problems, checkFigures(root, d)...)
		abs, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		s, pr := goSources(d, abs, modules)
		sources = append(sources, s...)
		problems = append(problems, pr...)
	}
	if vet && len(sources) > 0 {
		pr, err := vetGoSources(root, sources)
		if err != nil {
			return nil, err
		}
		problems = append(problems, pr...)
	}
	return problems, nil
}

// readDocuments parses every *.md file under root, skipping directories
// whose names start with "." or "_" (.git, scratch directories).
func readDocuments(root string) (map[string]*document, error) {
	docs := map[string]*document{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".md") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		docs[rel] = parseDocument(rel, string(data))
		return nil
	})
	return docs, err
}

// modulesUnder lists the modules the Go blocks may be built in: the main
// module and the nested modules that exist.
func modulesUnder(root string) []string {
	var out []string
	for _, m := range []string{".", "awsv2", "otel", "benchmarks"} {
		if _, err := os.Stat(filepath.Join(root, m, "go.mod")); err == nil {
			out = append(out, m)
		}
	}
	return out
}

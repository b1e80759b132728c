package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFiles creates files (slash paths relative to dir) with their contents.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

func TestParseDocumentFencesAndDirectives(t *testing.T) {
	text := "# T\n\n<!-- doccheck wrap\npackage p\nFRAGMENT\n-->\n```go\nx := 1\n```\n\n````md\n```go\nnot a fence end\n```\n````\n~~~sh\necho\n~~~\n"
	d := parseDocument("a.md", text)
	require.Len(t, d.fences, 3)
	assert.Equal(t, "go", d.fences[0].info)
	assert.Equal(t, 8, d.fences[0].firstLine)
	assert.Equal(t, []string{"x := 1"}, d.fences[0].lines)
	assert.Equal(t, "doccheck wrap\npackage p\nFRAGMENT", d.fences[0].directive)
	assert.Equal(t, "md", d.fences[1].info)
	assert.Equal(t, []string{"```go", "not a fence end", "```"}, d.fences[1].lines, "a longer fence holds shorter ones")
	assert.Equal(t, "", d.fences[1].directive)
	assert.Equal(t, "sh", d.fences[2].info)
	assert.True(t, d.prose[0])
	assert.False(t, d.prose[7], "a line inside a block is not prose")
}

func TestGoSources(t *testing.T) {
	modules := []string{".", "awsv2", "otel"}
	tests := []struct {
		name       string
		md         string
		wantModule string
		wantInSrc  string
		wantErr    string
	}{
		{"complete file", "```go\npackage main\n\nfunc main() {}\n```\n", ".", "//line /abs/a.md:2\npackage main", ""},
		{"leading comment", "```go\n// Command x.\npackage main\n```\n", ".", "package main", ""},
		{"wrapped fragment", "<!-- doccheck wrap\npackage main\nfunc f() {\n\tFRAGMENT\n}\n-->\n```go\nprintln(1)\n```\n", ".", "func f() {\n//line /abs/a.md:8\nprintln(1)\n//line /abs/a.md:7\n}", ""},
		{"fragment without marker", "```go\nprintln(1)\n```\n", "", "", "must be a complete file"},
		{"wrapper without FRAGMENT", "<!-- doccheck wrap\npackage main\n-->\n```go\nprintln(1)\n```\n", "", "", "has no line FRAGMENT"},
		{"unknown directive", "<!-- doccheck skip -->\n```go\nprintln(1)\n```\n", "", "", "unknown doccheck comment"},
		{"otel import", "```go\npackage main\n\nimport _ \"go.opentelemetry.io/otel/sdk/trace\"\n```\n", "otel", "", ""},
		{"awsv2 import", "```go\npackage main\n\nimport _ \"github.com/chimekit/chimesdkmessaging/awsv2\"\n```\n", "awsv2", "", ""},
		{"aws-sdk-go-v2 import", "```go\npackage main\n\nimport _ \"github.com/aws/aws-sdk-go-v2/config\"\n```\n", "awsv2", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, problems := goSources(parseDocument("a.md", tt.md), "/abs/a.md", modules)
			if tt.wantErr != "" {
				require.Len(t, problems, 1)
				assert.Contains(t, problems[0], tt.wantErr)
				assert.Contains(t, problems[0], "a.md:")
				assert.Empty(t, src)
				return
			}
			require.Empty(t, problems)
			require.Len(t, src, 1)
			assert.Equal(t, tt.wantModule, src[0].module)
			assert.Contains(t, src[0].source, tt.wantInSrc)
		})
	}
}

func TestGoSourcesIgnoresOtherLanguages(t *testing.T) {
	src, problems := goSources(parseDocument("a.md", "```sh\ngo run .\n```\n```text\nfunc x\n```\n```golang-ish\nx\n```\n"), "/abs/a.md", []string{"."})
	assert.Empty(t, src)
	assert.Empty(t, problems)
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"What it is and why":                      "what-it-is-and-why",
		"Local emulator: `chime-messaging-local`": "local-emulator-chime-messaging-local",
		"Retries, timeouts and clock skew":        "retries-timeouts-and-clock-skew",
		"log/slog":                                "logslog",
		"Already on aws-sdk-go-v2?":               "already-on-aws-sdk-go-v2",
		"See [the guide](docs/a.md) now":          "see-the-guide-now",
		"snake_case stays":                        "snake_case-stays",
	}
	for heading, want := range tests {
		assert.Equal(t, want, slug(heading), heading)
	}
}

func TestCheckLinks(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"docs/guide.md": "# Guide\n\n## Two words\n\n## Two words\n\n<a id=\"custom\"></a>\n",
		"code.go":       "package x\n",
		"README.md": strings.Join([]string{
			"# Read me",
			"[ok](docs/guide.md) [ok](docs/guide.md#two-words) [ok](docs/guide.md#two-words-1)",
			"[ok](docs/guide.md#custom) [ok](#read-me) [ok](docs/) [ok](code.go#L1) ![img](code.go)",
			"[bad](docs/missing.md) [bad](docs/guide.md#nope) [bad](#nope) [bad](/abs.md) [bad](../out.md)",
			"[external](https://example.com/x#y) [mail](mailto:a@b.c) `[in code](nope.md)`",
			"```md",
			"[in a block](nope.md)",
			"```",
			"[ref]: docs/also-missing.md",
		}, "\n"),
	})
	docs, err := readDocuments(root)
	require.NoError(t, err)
	problems := checkLinks(root, docs["README.md"], docs)
	joined := strings.Join(problems, "\n")
	assert.Len(t, problems, 6, joined)
	for _, want := range []string{`"docs/missing.md"`, `"docs/guide.md#nope"`, `"#nope"`, `"/abs.md"`, `"../out.md"`, `"docs/also-missing.md"`} {
		assert.Contains(t, joined, want)
	}
	assert.NotContains(t, joined, "nope.md", "links in code spans and blocks are not links")
	assert.Contains(t, joined, "README.md:4:", "problems name the line")
}

func TestNumbers(t *testing.T) {
	assert.Equal(t, []string{"5543", "43", "0.28", "150", "6", "3", "1028096"},
		numbers("5,543 bytes, 43.0 allocs, ratio 0.280 at R = 150 after 6s; 3G; 1,028,096"))
	assert.Empty(t, numbers("aws-sdk-go-v2 p99 go1.26.8 x86_64 v1.42.0"), "digits inside words are not figures")
}

func TestCheckRegion(t *testing.T) {
	results := "$ go run ./cmd/compare -q\n| ours | 20,104 | 43.0 |\nratio 0.182\n"
	tests := []struct {
		name    string
		results string
		region  []string
		want    []string
	}{
		{"all figures from the run", results, []string{"`go run ./cmd/compare -q`: 20104 ns, 43 allocs, 0.182 <!-- 999 -->"}, nil},
		{"a figure not in the run", results, []string{"`go run ./cmd/compare -q`:", "82,344 failed calls"}, []string{"a.md:12: 82344 is not a figure"}},
		{"region does not name the run", results, []string{"20104 ns"}, []string{"does not name the run that wrote it"}},
		{"results file names no command", "| ours | 1 |\n", []string{"1"}, []string{"does not name the command that wrote it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := checkRegion("a.md:10", "r.txt", tt.results, tt.region, 10)
			require.Len(t, problems, len(tt.want), strings.Join(problems, "\n"))
			for i, w := range tt.want {
				assert.Contains(t, problems[i], w)
			}
		})
	}
}

func TestCheckFiguresRegions(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"b/results/run.txt": "$ ./run.sh\nvalue 42\n",
		"b/README.md":       "intro 7\n<!-- doccheck figures from results/run.txt -->\n`./run.sh` gives 42 and 43\n<!-- doccheck end figures -->\nafter 99\n",
		"c.md":              "<!-- doccheck figures from missing.txt -->\n1\n<!-- doccheck end figures -->\n<!-- doccheck figures from missing.txt -->\nno end\n",
	})
	docs, err := readDocuments(root)
	require.NoError(t, err)
	problems := checkFigures(root, docs["b/README.md"])
	require.Len(t, problems, 1, strings.Join(problems, "\n"))
	assert.Contains(t, problems[0], "b/README.md:3: 43 is not a figure of b/results/run.txt")
	problems = checkFigures(root, docs["c.md"])
	require.Len(t, problems, 2, strings.Join(problems, "\n"))
	assert.Contains(t, problems[0], "results file")
	assert.Contains(t, problems[1], "without <!-- doccheck end figures -->")
}

// TestCheckCompilesBlocks runs the whole check, go vet included, on a
// throwaway module: a block that compiles passes, one that does not is
// reported at its line in the Markdown file, and the scratch directory is
// gone afterwards.
func TestCheckCompilesBlocks(t *testing.T) {
	root := t.TempDir()
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	writeFiles(t, root, map[string]string{
		"go.mod": "module example.com/docs\n\ngo 1.24\n",
		"README.md": "# Docs\n\n```go\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ok\") }\n```\n\n" +
			"<!-- doccheck wrap\npackage main\n\nfunc f() {\n\tFRAGMENT\n}\n-->\n```go\nundefinedName()\n```\n\n" +
			"```go\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Printf(\"%d\\n\", \"not a number\") }\n```\n",
	})
	problems, err := check(root, true)
	require.NoError(t, err)
	joined := strings.Join(problems, "\n")
	assert.Contains(t, joined, "README.md:19: undefined: undefinedName", "compile errors point into the Markdown file")
	assert.Contains(t, joined, "README.md:27: fmt.Printf format %d has arg", "go vet's findings too")
	assert.NotContains(t, joined, "README.md:8", "the good block passes")
	_, statErr := os.Stat(filepath.Join(root, scratchDir))
	assert.True(t, os.IsNotExist(statErr), "scratch directory removed")
}

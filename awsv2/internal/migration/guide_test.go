package migration

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guideRule is one row of the migration table (docs/migrating.md) as a rewrite of one
// line: the pattern is what an aws-sdk-go-v2 application writes, the
// replacement what it writes here. aws and here are the row's two code
// cells as docs/migrating.md shows them.
type guideRule struct {
	aws, here   string
	pattern     *regexp.Regexp
	replacement string
}

// conversionRule rewrites `Field: value,` and `o.Field = value` into
// `Field: awsv2.Fn(value),` and `o.Field = awsv2.Fn(value)`.
func conversionRule(field, fn string) guideRule {
	return guideRule{
		aws:         field + ": v",
		here:        field + ": awsv2." + fn + "(v)",
		pattern:     regexp.MustCompile(`^(\s*(?:o\.)?` + field + `(?::\s+| = ))(.*?)(,?)$`),
		replacement: "${1}awsv2." + fn + "(${2})${3}",
	}
}

// literalRule replaces the text from with to; aws and here are the row's
// cells.
func literalRule(from, to, aws, here string) guideRule {
	return guideRule{aws: aws, here: here, pattern: regexp.MustCompile(regexp.QuoteMeta(from)), replacement: to}
}

// guide is the migration table of docs/migrating.md, row by row, in its order.
var guide = []guideRule{
	{
		aws:         `"github.com/aws/aws-sdk-go-v2/service/chimesdkmessaging"`,
		here:        `"github.com/chimekit/chimesdkmessaging"`,
		pattern:     regexp.MustCompile(`^(\s*)"github.com/aws/aws-sdk-go-v2/service/chimesdkmessaging"$`),
		replacement: "${1}\"github.com/chimekit/chimesdkmessaging\"\n${1}\"github.com/chimekit/chimesdkmessaging/awsv2\"",
	},
	literalRule(`"github.com/aws/aws-sdk-go-v2/service/chimesdkmessaging/types"`, `"github.com/chimekit/chimesdkmessaging/types"`,
		`"github.com/aws/aws-sdk-go-v2/service/chimesdkmessaging/types"`, `"github.com/chimekit/chimesdkmessaging/types"`),
	literalRule(`chimesdkmessaging.NewFromConfig(`, `awsv2.NewFromConfig(`,
		`chimesdkmessaging.NewFromConfig(cfg, optFns...)`, `awsv2.NewFromConfig(cfg, optFns...)`),
	literalRule(`chimesdkmessaging.New(`, `awsv2.New(`,
		`chimesdkmessaging.New(options, optFns...)`, `awsv2.New(options, optFns...)`),
	conversionRule("Credentials", "CredentialsProvider"),
	conversionRule("RetryMode", "RetryMode"),
	conversionRule("ClientLogMode", "ClientLogMode"),
	conversionRule("UseFIPSEndpoint", "FIPSEndpointState"),
	conversionRule("UseDualStackEndpoint", "DualStackEndpointState"),
}

// migrate applies the guide to each line of src.
func migrate(src string) string {
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		for _, r := range guide {
			line = r.pattern.ReplaceAllString(line, r.replacement)
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// TestMigratedCopyDiffersOnlyByTheGuide: the guide's rewrites turn the
// original aws-sdk-go-v2 application into app.go byte for byte, so every
// line that differs is a line the guide names, and nothing else changed.
func TestMigratedCopyDiffersOnlyByTheGuide(t *testing.T) {
	original := readFile(t, "testdata/original.go.txt")
	migrated := readFile(t, "app.go")
	require.Equal(t, migrated, migrate(original))

	// The original is the aws-sdk-go-v2 application, not a copy of ours.
	f, err := parser.ParseFile(token.NewFileSet(), "original.go", original, parser.ImportsOnly)
	require.NoError(t, err)
	var imports []string
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		imports = append(imports, p)
	}
	assert.Contains(t, imports, "github.com/aws/aws-sdk-go-v2/service/chimesdkmessaging")
	for _, p := range imports {
		assert.NotContains(t, p, "chimekit", "the original imports nothing of this project")
	}
	_, err = parser.ParseFile(token.NewFileSet(), "original.go", original, parser.AllErrors)
	require.NoError(t, err, "the original is valid Go")

	// Every rule is used: the application exercises every row.
	for _, r := range guide {
		assert.True(t, matchesAnyLine(r, original),
			"the original has a line for the row %q", r.aws)
	}
}

func matchesAnyLine(r guideRule, src string) bool {
	for _, line := range strings.Split(src, "\n") {
		if r.pattern.MatchString(line) {
			return true
		}
	}
	return false
}

// TestReadmeTableHasEveryRule: the migration guide's table (docs/migrating.md) shows each
// rewrite the test applies, both cells in one row.
func TestReadmeTableHasEveryRule(t *testing.T) {
	var rows []string
	sc := bufio.NewScanner(strings.NewReader(readFile(t, "../../../docs/migrating.md")))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "|") {
			rows = append(rows, sc.Text())
		}
	}
	for _, r := range guide {
		found := false
		for _, row := range rows {
			if strings.Contains(row, "`"+r.aws+"`") && strings.Contains(row, "`"+r.here+"`") {
				found = true
				break
			}
		}
		assert.True(t, found, "docs/migrating.md has a table row with `%s` and `%s`", r.aws, r.here)
	}
}

package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/jmespath/go-jmespath"
)

// compileQuery compiles --query; a syntax error names the flag, the
// expression and the character where it went wrong.
func compileQuery(command, expr string) (*jmespath.JMESPath, error) {
	q, err := jmespath.Compile(expr)
	if err == nil {
		return q, nil
	}
	var syn jmespath.SyntaxError
	if errors.As(err, &syn) {
		return nil, usagef("%s: --query %q is not a valid JMESPath expression: %s at character %d (see https://jmespath.org/specification.html)",
			command, expr, syn.Error(), syn.Offset)
	}
	return nil, usagef("%s: --query %q is not a valid JMESPath expression: %v", command, expr, err)
}

// printResponse applies the query, if any, to the response value and
// prints the result in format, as the AWS CLI does after a call.
func printResponse(p printer, response map[string]any) error {
	var v any = response
	if p.query != nil {
		var err error
		if v, err = search(p.query, v); err != nil {
			return usagef("%s: the call succeeded, but --query %q failed on its response: %s", p.command, p.queryText, describeQueryError(err))
		}
	}
	format := formatters[p.format]
	if format == nil {
		return fmt.Errorf("unknown output format %q", p.format) // checked earlier; never reached
	}
	return format(p.w, p.operation, v, p.width)
}

// printer is how one command prints its response.
type printer struct {
	command   string // e.g. get-channel-membership-preferences
	operation string // e.g. GetChannelMembershipPreferences, the table's title
	format    string // json, text or table
	query     *jmespath.JMESPath
	queryText string
	w         io.Writer
	width     int
}

// search runs the query, turning a panic of the library into an error.
func search(q *jmespath.JMESPath, v any) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, errors.New("the JMESPath library failed on this expression")
		}
	}()
	return q.Search(v)
}

// jmespathTypes finds the type names in go-jmespath's "expected" list.
var jmespathTypes = regexp.MustCompile(`"([^"]+)"`)

// describeQueryError words an evaluation error without quoting the value
// it failed on, which may be a FilterRule or a member's name.
func describeQueryError(err error) string {
	msg := err.Error()
	if _, expected, ok := strings.Cut(msg, ", expected: "); ok && strings.HasPrefix(msg, "Invalid type for: ") {
		var names []string
		for _, m := range jmespathTypes.FindAllStringSubmatch(expected, -1) {
			names = append(names, m[1])
		}
		return "a function was given a value of the wrong type (it takes " + strings.Join(names, " or ") + ")"
	}
	return msg
}

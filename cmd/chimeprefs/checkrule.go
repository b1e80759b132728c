package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chimekit/chimesdkmessaging/filterrule"
)

// cmdCheck checks a filter rule locally; it has no AWS CLI counterpart, so
// its flags borrow the names of the members they hold: FilterRule, and
// SendChannelMessage's MessageAttributes.
const cmdCheck = "check-filter-rule"

// checkArgs are check-filter-rule's flags.
type checkArgs struct {
	rule       string
	attributes map[string][]string // nil: no --message-attributes
}

// ruleRefused is a rule or attributes the service would refuse (exit 1).
type ruleRefused struct{ msg string }

func (e *ruleRefused) Error() string { return e.msg }

// parseCheckArgs parses check-filter-rule's flags; help goes to stdout.
func parseCheckArgs(argv []string, stdout io.Writer) (checkArgs, error) {
	var a checkArgs
	fs := flag.NewFlagSet("chimeprefs "+cmdCheck, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var rule, attrs string
	fs.StringVar(&rule, "filter-rule", "", "the FilterRule, as JSON text or file://PATH (required)")
	fs.StringVar(&attrs, "message-attributes", "", `a message's attributes as SendChannelMessage takes them, e.g. {"type":{"StringValues":["urgent"]}}, or file://PATH`)
	if err := checkOptions(cmdCheck, fs, argv); err != nil {
		return a, err
	}
	if err := fs.Parse(argv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, checkHelp)
			printFlags(stdout, fs)
			return a, errHelp
		}
		return a, usagef("%s: %v (see chimeprefs %s --help)", cmdCheck, err, cmdCheck)
	}
	if fs.NArg() > 0 {
		return a, usagef("%s: unexpected argument %q; values go after their flag, e.g. --filter-rule JSON", cmdCheck, fs.Arg(0))
	}
	if rule == "" {
		return a, usagef("%s: the following arguments are required: --filter-rule", cmdCheck)
	}
	data, err := readValue("--filter-rule", rule)
	if err != nil {
		return a, usagef("%s: %v", cmdCheck, err)
	}
	a.rule = string(data)
	if attrs != "" {
		if a.attributes, err = parseMessageAttributes(attrs); err != nil {
			return a, usagef("%s: %v", cmdCheck, err)
		}
	}
	return a, nil
}

// readValue returns v, or the contents of the file v names as file://PATH.
func readValue(flagName, v string) ([]byte, error) {
	path, ok := strings.CutPrefix(v, "file://")
	if !ok {
		return []byte(v), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("%s: cannot read %s: %v", flagName, path, errors.Unwrap(err))
	}
	return b, nil
}

// parseMessageAttributes reads --message-attributes in the shape of
// SendChannelMessage's MessageAttributes (a map of names to
// MessageAttributeValue, whose one member is StringValues). Its errors never
// quote the value: attribute names and values are sensitive in the service
// model.
func parseMessageAttributes(v string) (map[string][]string, error) {
	data, err := readValue("--message-attributes", v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m map[string]*struct {
		StringValues []string `json:"StringValues"`
	}
	if err := dec.Decode(&m); err != nil {
		return nil, usagef("--message-attributes: %s; expected e.g. %s", describeAttributesError(err), `{"type":{"StringValues":["urgent"]}}`)
	}
	if dec.More() {
		return nil, usagef("--message-attributes: unexpected data after the JSON object")
	}
	out := make(map[string][]string, len(m))
	for name, val := range m {
		if val == nil {
			return nil, usagef(`--message-attributes: every attribute must be an object with StringValues, e.g. {"type":{"StringValues":["urgent"]}}`)
		}
		out[name] = val.StringValues
	}
	return out, nil
}

// describeAttributesError words a decoding error of --message-attributes
// without quoting the input.
func describeAttributesError(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return "must map each attribute name to {\"StringValues\":[...]} (a list of strings); found a JSON " + typ.Value + " instead"
	}
	msg := describeJSONError(err)
	if strings.HasPrefix(msg, "unknown field ") {
		return "an attribute has an unknown member; its one member is StringValues"
	}
	return msg
}

// checkOutput is what check-filter-rule prints.
type checkOutput struct {
	Complexity    int   `json:"Complexity"`
	MaxComplexity int   `json:"MaxComplexity"`
	Bytes         int   `json:"Bytes"`
	Notified      *bool `json:"Notified,omitempty"`
}

// checkRule parses the rule as the service would, checks the attributes
// against their limits, and prints the rule's complexity and size and,
// with attributes, whether a message with them passes the rule. A rule or
// attributes the service would refuse are a *ruleRefused.
func checkRule(a checkArgs, stdout io.Writer) error {
	rule, err := filterrule.Parse(a.rule)
	if err != nil {
		return &ruleRefused{"--filter-rule: " + withKeyPath(err)}
	}
	out := checkOutput{Complexity: rule.Complexity(), MaxComplexity: filterrule.MaxComplexity, Bytes: len(a.rule)}
	if a.attributes != nil {
		if err := filterrule.CheckAttributes(a.attributes); err != nil {
			return &ruleRefused{"--message-attributes: " + withKeyPath(err)}
		}
		notified := rule.Match(a.attributes)
		out.Notified = &notified
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "    ")
	return enc.Encode(out)
}

// withKeyPath adds the place with its key names to a filterrule error: the
// user typed the rule and reads it on their own terminal, where the names
// help (Error itself gives positions only, for logs).
func withKeyPath(err error) string {
	var fe *filterrule.Error
	if errors.As(err, &fe) && fe.KeyPath() != "" && fe.KeyPath() != fe.Path {
		return err.Error() + " (at " + fe.KeyPath() + ")"
	}
	return err.Error()
}

package main

import (
	"fmt"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// validOutputs are the --output formats chimeprefs prints.
var validOutputs = []string{"json", "text", "table"}

// checkOutputFormat refuses a format other than json, text or table; from
// names where it was set with the value, e.g. `--output "yaml"`.
func checkOutputFormat(format, from string) error {
	for _, v := range validOutputs {
		if format == v {
			return nil
		}
	}
	hint := ""
	if strings.HasPrefix(format, "yaml") {
		hint = " (the AWS CLI v2's yaml formats are not supported)"
	}
	return usagef("%s is not an output format chimeprefs prints; use json, text or table%s", from, hint)
}

// resolveOutputFormat picks the output format as the AWS CLI does: --output,
// else AWS_DEFAULT_OUTPUT, else the output key of the profile (--profile,
// AWS_PROFILE, else default), else json. The environment is read through
// getenv only.
// Its errors start with the command's name.
func resolveOutputFormat(a args, getenv func(string) string) (string, error) {
	if a.output != "" {
		return a.output, nil // checked by parseArgs
	}
	if v := getenv("AWS_DEFAULT_OUTPUT"); v != "" {
		return v, prefixCommand(a.command, checkOutputFormat(v, fmt.Sprintf("AWS_DEFAULT_OUTPUT=%q", v)))
	}
	env := ini.Env{Getenv: getenv}
	shared, err := env.Load()
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.command, err)
	}
	name, _ := env.ProfileName(a.profile)
	profile, _ := shared.Profile(name)
	if v, ok := profile["output"]; ok && v.Value != "" {
		return v.Value, prefixCommand(a.command, checkOutputFormat(v.Value, fmt.Sprintf("output = %s in profile %q (%s)", v.Value, name, v.Where())))
	}
	return "json", nil
}

// prefixCommand puts the command's name before a usage error's message.
func prefixCommand(command string, err error) error {
	if err == nil {
		return nil
	}
	return usagef("%s: %v", command, err)
}

package main

import (
	"flag"
	"strings"
)

// awsCLIOption is one of the AWS CLI's global or generic command options.
type awsCLIOption struct {
	name       string // without the leading dashes
	takesValue bool
	supported  bool
}

// awsCLIOptions lists the AWS CLI's global options (v1's "aws help" and
// v2's additions) and the generic options every AWS CLI command has, with
// whether chimeprefs' put and get commands take them. The supported ones
// are flags of those commands (see parseArgs); the others are refused by
// name.
var awsCLIOptions = []awsCLIOption{
	{"endpoint-url", true, true},
	{"region", true, true},
	{"profile", true, true},
	{"output", true, true},
	{"query", true, true},
	{"debug", false, true},
	{"no-cli-pager", false, true},

	{"no-verify-ssl", false, false},
	{"no-paginate", false, false},
	{"version", false, false},
	{"color", true, false},
	{"no-sign-request", false, false},
	{"ca-bundle", true, false},
	{"cli-read-timeout", true, false},
	{"cli-connect-timeout", true, false},
	{"cli-binary-format", true, false},
	{"cli-auto-prompt", false, false},
	{"no-cli-auto-prompt", false, false},
	{"v2-debug", false, false},
	{"cli-input-json", true, false},
	{"cli-input-yaml", true, false},
	{"generate-cli-skeleton", false, false},
}

// lookupAWSCLIOption finds an AWS CLI option by name.
func lookupAWSCLIOption(name string) (awsCLIOption, bool) {
	for _, o := range awsCLIOptions {
		if o.name == name {
			return o, true
		}
	}
	return awsCLIOption{}, false
}

// supportedAWSCLIOptions lists the supported options as "--a, --b and --c".
func supportedAWSCLIOptions() string {
	var names []string
	for _, o := range awsCLIOptions {
		if o.supported {
			names = append(names, "--"+o.name)
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// optionName splits a command-line token into a flag name (without dashes
// and without "=value") and whether it carries its value; ok is false for
// a token that is not a flag.
func optionName(token string) (name string, hasValue, ok bool) {
	if len(token) < 2 || token[0] != '-' || token == "--" {
		return "", false, false
	}
	name = strings.TrimPrefix(strings.TrimPrefix(token, "-"), "-")
	name, _, hasValue = strings.Cut(name, "=")
	return name, hasValue, name != ""
}

// checkOptions walks argv as package flag would and refuses, by name, an
// option fs does not define: an AWS CLI option chimeprefs does not
// support, or one it does not know at all. It stops at the first
// non-flag argument or "--", where fs.Parse stops too.
func checkOptions(command string, fs *flag.FlagSet, argv []string) error {
	for i := 0; i < len(argv); i++ {
		name, hasValue, ok := optionName(argv[i])
		if !ok {
			return nil
		}
		if name == "h" || name == "help" {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, isBool := f.Value.(interface{ IsBoolFlag() bool }); (!isBool || !b.IsBoolFlag()) && !hasValue {
				i++ // the flag's value, whatever it looks like
			}
			continue
		}
		if _, known := lookupAWSCLIOption(name); known && command == cmdCheck {
			return usagef("%s: --%s is an AWS CLI option; %s calls nothing and takes only --filter-rule and --message-attributes", command, name, command)
		}
		if o, known := lookupAWSCLIOption(name); known && !o.supported {
			return usagef("%s: --%s is an AWS CLI option that chimeprefs does not support; of the AWS CLI's global options it takes %s (see chimeprefs --help)",
				command, name, supportedAWSCLIOptions())
		}
		return usagef("%s: unknown option --%s (see chimeprefs %s --help)", command, name, command)
	}
	return nil
}

// moveLeadingGlobals lets global options come before the command, as in
// "aws --output text chime-sdk-messaging ...": it returns the command and
// its arguments with the leading global options (and their values) moved
// after them. An option before the command that is not an AWS CLI global
// option is left for the command's parser to refuse.
func moveLeadingGlobals(argv []string) (command string, rest []string) {
	var leading []string
	i := 0
	for i < len(argv) {
		name, hasValue, ok := optionName(argv[i])
		if !ok {
			break
		}
		o, known := lookupAWSCLIOption(name)
		if !known && name != "max-attempts" {
			break
		}
		n := 1
		if (!known || o.takesValue) && !hasValue && i+1 < len(argv) {
			n = 2
		}
		leading = append(leading, argv[i:i+n]...)
		i += n
	}
	if i >= len(argv) {
		if len(leading) > 0 {
			return "", leading
		}
		return "", nil
	}
	return argv[i], append(append([]string{}, argv[i+1:]...), leading...)
}

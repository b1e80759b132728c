// Command chimeprefs puts and gets Amazon Chime SDK Messaging channel
// membership preferences from the command line, against AWS or the local
// emulator chime-messaging-local. Its commands and options are the AWS
// CLI's, and so is its output:
//
//	chimeprefs put-channel-membership-preferences --channel-arn ARN --member-arn ARN \
//	    --chime-bearer ARN --preferences '{"PushNotifications":{"AllowNotifications":"ALL"}}' \
//	    [--endpoint-url URL] [--region REGION] [--profile NAME] [--output json|text|table] \
//	    [--query JMESPATH] [--debug] [--no-cli-pager] [--max-attempts N]
//	chimeprefs get-channel-membership-preferences --channel-arn ARN --member-arn ARN --chime-bearer ARN
//	chimeprefs check-filter-rule --filter-rule '{"type":["urgent"]}' \
//	    --message-attributes '{"type":{"StringValues":["urgent"]}}'
//
// --output json, text and table print what "aws chime-sdk-messaging" (the
// AWS CLI v1) prints for the same call, after --query; the format comes
// from --output, else AWS_DEFAULT_OUTPUT, else the profile's output key,
// else json. The AWS CLI's other global options are refused by name.
// check-filter-rule checks a FilterRule locally, without calling AWS, as
// the service would, and tells whether a message with the given attributes
// passes it; it prints JSON. An error is one line on stderr with exit
// status 1 (the call failed, or the service would refuse the rule) or 2
// (the command line is wrong). Run "chimeprefs --help" for more.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	chime "github.com/chimekit/chimesdkmessaging"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// subcommand runs one command with its arguments and returns the exit
// code.
type subcommand func(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int

// subcommands maps each command name to its runner.
var subcommands = map[string]subcommand{
	cmdPut:   runCall,
	cmdGet:   runCall,
	cmdCheck: runCheck,
	cmdConformance: func(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
		return runConformance(ctx, argv[1:], stdout, stderr, getenv)
	},
	cmdCredentials: func(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
		return runCredentials(ctx, argv[1:], os.Stdin, stdout, stderr, getenv)
	},
}

// run executes one command line and returns the exit code. The
// environment is read through getenv only.
func run(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(argv) == 0 {
		fmt.Fprint(stderr, mainHelp)
		return exitUsage
	}
	switch argv[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, mainHelp)
		return exitOK
	}
	command, rest := moveLeadingGlobals(argv)
	if command == "" {
		return fail(stderr, fmt.Sprintf("a command is required after the options; use %s (see chimeprefs --help)", commandList()), exitUsage)
	}
	sub, ok := subcommands[command]
	if !ok {
		return fail(stderr, fmt.Sprintf("unknown command %q; use %s (see chimeprefs --help)", command, commandList()), exitUsage)
	}
	return sub(ctx, append([]string{command}, rest...), stdout, stderr, getenv)
}

// commandList names the commands as "a, b or c", sorted.
func commandList() string {
	names := make([]string, 0, len(subcommands))
	for name := range subcommands {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// fail prints msg as the one line of an error and returns code.
func fail(stderr io.Writer, msg string, code int) int {
	fmt.Fprintln(stderr, "chimeprefs: "+msg)
	return code
}

// failWith prints err as described for command and returns its exit code.
func failWith(stderr io.Writer, command string, err error) int {
	msg, code := describeError(command, err)
	return fail(stderr, msg, code)
}

// runCall runs put- or get-channel-membership-preferences; argv[0] is the
// command.
func runCall(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
	command := argv[0]
	a, err := parseArgs(command, argv[1:], stdout)
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if err != nil {
		return failWith(stderr, command, err)
	}
	p := printer{command: command, w: stdout, width: terminalWidth(stdout), queryText: a.query}
	if a.queryGiven {
		if p.query, err = compileQuery(command, a.query); err != nil {
			return failWith(stderr, command, err)
		}
	}
	client, err := newClient(ctx, a, getenv, stderr)
	if err != nil {
		return failWith(stderr, command, err)
	}
	if p.format, err = resolveOutputFormat(a, getenv); err != nil {
		return failWith(stderr, command, err)
	}
	if err := call(ctx, client, a, p); err != nil {
		return failWith(stderr, command, err)
	}
	return exitOK
}

// runCheck runs check-filter-rule, which calls nothing: 0 when the rule
// (and the attributes) would be accepted, 1 when the service would refuse
// them, 2 for a wrong command line.
func runCheck(_ context.Context, argv []string, stdout, stderr io.Writer, _ func(string) string) int {
	a, err := parseCheckArgs(argv[1:], stdout)
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if err != nil {
		return failWith(stderr, cmdCheck, err)
	}
	var refused *ruleRefused
	switch err := checkRule(a, stdout); {
	case errors.As(err, &refused):
		return fail(stderr, oneLine(cmdCheck+": "+refused.msg), exitFailure)
	case err != nil:
		return fail(stderr, oneLine(cmdCheck+": "+err.Error()), exitFailure)
	}
	return exitOK
}

// call runs the command's operation and prints its output.
func call(ctx context.Context, client *chime.Client, a args, p printer) error {
	if a.command == cmdPut {
		p.operation = "PutChannelMembershipPreferences"
		out, err := client.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
			ChannelArn: &a.channelArn, MemberArn: &a.memberArn, ChimeBearer: &a.chimeBearer, Preferences: a.preferences,
		})
		if err != nil {
			return err
		}
		return printResponse(p, responseValue(out.ChannelArn, out.Member, out.Preferences))
	}
	p.operation = "GetChannelMembershipPreferences"
	out, err := client.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &a.channelArn, MemberArn: &a.memberArn, ChimeBearer: &a.chimeBearer,
	})
	if err != nil {
		return err
	}
	return printResponse(p, responseValue(out.ChannelArn, out.Member, out.Preferences))
}

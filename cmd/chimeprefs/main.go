// Command chimeprefs puts and gets Amazon Chime SDK Messaging channel
// membership preferences from the command line, against AWS or the local
// emulator chime-messaging-local. Its commands and flags are named like the
// AWS CLI's:
//
//	chimeprefs put-channel-membership-preferences --channel-arn ARN --member-arn ARN \
//	    --chime-bearer ARN --preferences '{"PushNotifications":{"AllowNotifications":"ALL"}}' \
//	    [--endpoint-url URL] [--region REGION] [--profile NAME] [--max-attempts N]
//	chimeprefs get-channel-membership-preferences --channel-arn ARN --member-arn ARN --chime-bearer ARN
//	chimeprefs check-filter-rule --filter-rule '{"type":["urgent"]}' \
//	    --message-attributes '{"type":{"StringValues":["urgent"]}}'
//
// check-filter-rule checks a FilterRule locally, without calling AWS, as
// the service would, and tells whether a message with the given attributes
// passes it. The response is printed as JSON; an error is one line on
// stderr with exit status 1 (the call failed, or the service would refuse
// the rule) or 2 (the command line is wrong). Run "chimeprefs --help" for
// more.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
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

// run executes one command line and returns the exit code. The
// environment is read through getenv only.
func run(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fail := func(msg string, code int) int {
		fmt.Fprintln(stderr, "chimeprefs: "+msg)
		return code
	}
	if len(argv) == 0 {
		fmt.Fprint(stderr, mainHelp)
		return exitUsage
	}
	command := argv[0]
	switch command {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, mainHelp)
		return exitOK
	case cmdPut, cmdGet:
	case cmdCheck:
		return runCheck(argv[1:], stdout, fail)
	case cmdConformance:
		return runConformance(ctx, argv[1:], stdout, stderr, getenv)
	case cmdCredentials:
		return runCredentials(ctx, argv[1:], os.Stdin, stdout, stderr, getenv)
	default:
		return fail(fmt.Sprintf("unknown command %q; use %s, %s, %s, %s or %s (see chimeprefs --help)", command, cmdPut, cmdGet, cmdCheck, cmdCredentials, cmdConformance), exitUsage)
	}
	a, err := parseArgs(command, argv[1:], stdout)
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if err != nil {
		msg, code := describeError(command, err)
		return fail(msg, code)
	}
	client, err := newClient(ctx, a, getenv)
	if err != nil {
		msg, code := describeError(command, err)
		return fail(msg, code)
	}
	if err := call(ctx, client, a, stdout); err != nil {
		msg, code := describeError(command, err)
		return fail(msg, code)
	}
	return exitOK
}

// runCheck runs check-filter-rule, which calls nothing: 0 when the rule
// (and the attributes) would be accepted, 1 when the service would refuse
// them, 2 for a wrong command line.
func runCheck(argv []string, stdout io.Writer, fail func(string, int) int) int {
	a, err := parseCheckArgs(argv, stdout)
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if err != nil {
		msg, code := describeError(cmdCheck, err)
		return fail(msg, code)
	}
	var refused *ruleRefused
	switch err := checkRule(a, stdout); {
	case errors.As(err, &refused):
		return fail(oneLine(cmdCheck+": "+refused.msg), exitFailure)
	case err != nil:
		return fail(oneLine(cmdCheck+": "+err.Error()), exitFailure)
	}
	return exitOK
}

// call runs the command's operation and prints its output.
func call(ctx context.Context, client *chime.Client, a args, stdout io.Writer) error {
	if a.command == cmdPut {
		out, err := client.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
			ChannelArn: &a.channelArn, MemberArn: &a.memberArn, ChimeBearer: &a.chimeBearer, Preferences: a.preferences,
		})
		if err != nil {
			return err
		}
		return writeOutput(stdout, out.ChannelArn, out.Member, out.Preferences)
	}
	out, err := client.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &a.channelArn, MemberArn: &a.memberArn, ChimeBearer: &a.chimeBearer,
	})
	if err != nil {
		return err
	}
	return writeOutput(stdout, out.ChannelArn, out.Member, out.Preferences)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/chimekit/chimesdkmessaging/conformance"
)

// cmdConformance runs the conformance suite against an endpoint.
const cmdConformance = "conformance"

// issuesURL is where differences from AWS are reported.
const issuesURL = "https://github.com/chimekit/chimesdkmessaging/issues"

const conformanceHelp = `chimeprefs conformance runs the behaviour checks of package conformance
against an endpoint: AWS (the default), the emulator or the fake (--endpoint-url).

It reads the preferences of --member-arn (and --bot-arn) first and puts them back at
the end; a member that had none is left with {} (no call removes preferences). Only
those two members' preferences are written. A case whose identity is not given is
skipped. Each flag may come from the environment variable named after it.

Usage:
  chimeprefs conformance --region REGION --channel-arn ARN --member-arn ARN [flags]

When AWS answers otherwise than a case expects, open an issue at
` + issuesURL + `
with the case name, the request ID and the observed answer.

Exit status: 0 every case run passed; 1 a case failed, the suite could not run, or
what it changed could not be put back; 2 the command line is wrong.

Flags:
`

// conformanceIdentity is one identity flag of the command.
type conformanceIdentity struct {
	flag, env, usage string
	set              func(t *conformance.Target, arn string)
	role             conformance.Role // "" for the required ones
}

// conformanceIdentities are the identity flags, in the order of --help.
var conformanceIdentities = []conformanceIdentity{
	{"channel-arn", "CHIMEPREFS_CONFORMANCE_CHANNEL_ARN", "ARN of a channel you own (required)", func(t *conformance.Target, v string) { t.ChannelArn = v }, ""},
	{"member-arn", "CHIMEPREFS_CONFORMANCE_MEMBER_ARN", "AppInstanceUser member of the channel, neither moderator nor admin, whose preferences the suite sets and puts back (required)", func(t *conformance.Target, v string) { t.Member = v }, ""},
	{"other-member-arn", "CHIMEPREFS_CONFORMANCE_OTHER_MEMBER_ARN", "another member, neither moderator nor admin", func(t *conformance.Target, v string) { t.OtherMember = v }, conformance.RoleOtherMember},
	{"moderator-arn", "CHIMEPREFS_CONFORMANCE_MODERATOR_ARN", "a moderator of the channel", func(t *conformance.Target, v string) { t.Moderator = v }, conformance.RoleModerator},
	{"admin-arn", "CHIMEPREFS_CONFORMANCE_ADMIN_ARN", "an AppInstanceAdmin of the app instance", func(t *conformance.Target, v string) { t.Admin = v }, conformance.RoleAdmin},
	{"banned-arn", "CHIMEPREFS_CONFORMANCE_BANNED_ARN", "an AppInstanceUser banned from the channel", func(t *conformance.Target, v string) { t.Banned = v }, conformance.RoleBanned},
	{"non-member-arn", "CHIMEPREFS_CONFORMANCE_NON_MEMBER_ARN", "an AppInstanceUser of the app instance that is not a member", func(t *conformance.Target, v string) { t.NonMember = v }, conformance.RoleNonMember},
	{"bot-arn", "CHIMEPREFS_CONFORMANCE_BOT_ARN", "an AppInstanceBot member of the channel (its preferences are set and put back)", func(t *conformance.Target, v string) { t.Bot = v }, conformance.RoleBot},
	{"foreign-user-arn", "CHIMEPREFS_CONFORMANCE_FOREIGN_USER_ARN", "an AppInstanceUser of another app instance", func(t *conformance.Target, v string) { t.ForeignUser = v }, conformance.RoleForeignUser},
}

// runConformance runs the conformance command and returns the exit code.
func runConformance(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fail := func(msg string, code int) int {
		fmt.Fprintln(stderr, "chimeprefs: "+cmdConformance+": "+msg)
		return code
	}
	fs := flag.NewFlagSet("chimeprefs "+cmdConformance, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	a := args{command: cmdConformance}
	fs.StringVar(&a.endpointURL, "endpoint-url", "", "endpoint to call instead of AWS, e.g. http://127.0.0.1:8000")
	fs.StringVar(&a.region, "region", "", "AWS Region, e.g. us-east-1")
	fs.StringVar(&a.profile, "profile", "", "profile of the shared AWS config and credentials files")
	fs.IntVar(&a.maxAttempts, "max-attempts", 0, "attempts per call, the first included (default: AWS_MAX_ATTEMPTS, the profile's max_attempts, else 3)")
	arns := make([]string, len(conformanceIdentities))
	for i, id := range conformanceIdentities {
		fs.StringVar(&arns[i], id.flag, getenv(id.env), id.usage+" (default: $"+id.env+")")
	}
	caseFilter := fs.String("case", "", "run only the cases whose name matches this regular `expression`")
	list := fs.Bool("list", false, "list the cases and what each expects, and run nothing")
	output := fs.String("output", "text", "text or json")
	if err := fs.Parse(argv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, conformanceHelp)
			printFlags(stdout, fs)
			return exitOK
		}
		return fail(fmt.Sprintf("%v (see chimeprefs %s --help)", err, cmdConformance), exitUsage)
	}
	if fs.NArg() > 0 {
		return fail(fmt.Sprintf("unexpected argument %q; values go after their flag, e.g. --channel-arn ARN", fs.Arg(0)), exitUsage)
	}
	if *output != "text" && *output != "json" {
		return fail(fmt.Sprintf("--output must be text or json; got %q", *output), exitUsage)
	}
	var only func(string) bool
	if *caseFilter != "" {
		re, err := regexp.Compile(*caseFilter)
		if err != nil {
			return fail(fmt.Sprintf("--case %q is not a regular expression: %v", *caseFilter, err), exitUsage)
		}
		only = re.MatchString
	}
	if *list {
		listCases(stdout, only)
		return exitOK
	}
	var target conformance.Target
	var missing []string
	for i, id := range conformanceIdentities {
		if id.role == "" && arns[i] == "" {
			missing = append(missing, "--"+id.flag)
		}
		id.set(&target, arns[i])
	}
	if len(missing) > 0 {
		return fail("the following arguments are required: "+strings.Join(missing, ", "), exitUsage)
	}
	client, err := newClient(ctx, a, getenv, nil)
	if err != nil {
		msg, code := describeError(cmdConformance, err)
		return fail(msg, code)
	}
	target.Client = client
	rep, err := conformance.Run(ctx, target, conformance.Options{Only: only})
	if err != nil {
		return fail(oneLine(err.Error()), exitFailure)
	}
	if *output == "json" {
		writeReportJSON(stdout, rep)
	} else {
		writeReportText(stdout, rep)
	}
	if len(rep.Failed()) > 0 || rep.RestoreErr != nil {
		return exitFailure
	}
	return exitOK
}

// flagOfRole names the flag that gives role, for skip messages.
func flagOfRole(detail string) string {
	for _, id := range conformanceIdentities {
		if id.role != "" && detail == "needs Target."+string(id.role) {
			return "needs --" + id.flag
		}
	}
	return detail
}

// listCases prints every case (matching only) with what it expects.
func listCases(w io.Writer, only func(string) bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range conformance.Cases() {
		if only != nil && !only(c.Name) {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Expected(), c.Rule)
	}
	_ = tw.Flush()
}

// writeReportText prints one line per case, then a summary.
func writeReportText(w io.Writer, rep conformance.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rep.Results {
		switch r.Outcome {
		case conformance.Pass:
			fmt.Fprintf(tw, "PASS\t%s\t%s\trequest %s\n", r.Case, r.Observed, r.RequestID)
		case conformance.Fail:
			fmt.Fprintf(tw, "FAIL\t%s\t%s\trequest %s\n", r.Case, oneLine(r.Detail), orNone(r.RequestID))
		default:
			fmt.Fprintf(tw, "SKIP\t%s\t%s\t\n", r.Case, flagOfRole(r.Detail))
		}
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped.\n", rep.Count(conformance.Pass), rep.Count(conformance.Fail), rep.Count(conformance.Skip))
	if len(rep.Restored) > 0 {
		fmt.Fprintf(w, "Put back: %s.\n", strings.Join(rep.Restored, "; "))
	}
	if rep.RestoreErr != nil {
		fmt.Fprintf(w, "NOT put back: %s\n", oneLine(rep.RestoreErr.Error()))
	}
	if len(rep.Failed()) > 0 {
		fmt.Fprintf(w, "If the endpoint is AWS, open an issue at %s with the case name, the request ID and the observed answer.\n", issuesURL)
	}
}

// reportJSON is the --output json form of a report.
type reportJSON struct {
	Results    []resultJSON `json:"Results"`
	Restored   []string     `json:"Restored"`
	RestoreErr string       `json:"RestoreError,omitempty"`
}

type resultJSON struct {
	Case      string `json:"Case"`
	Outcome   string `json:"Outcome"`
	Expected  string `json:"Expected"`
	Observed  string `json:"Observed,omitempty"`
	RequestID string `json:"RequestId,omitempty"`
	Detail    string `json:"Detail,omitempty"`
}

func writeReportJSON(w io.Writer, rep conformance.Report) {
	out := reportJSON{Restored: rep.Restored, Results: []resultJSON{}}
	if rep.RestoreErr != nil {
		out.RestoreErr = rep.RestoreErr.Error()
	}
	for _, r := range rep.Results {
		detail := r.Detail
		if r.Outcome == conformance.Skip {
			detail = flagOfRole(detail)
		}
		out.Results = append(out.Results, resultJSON{r.Case, string(r.Outcome), r.Expected, r.Observed, r.RequestID, detail})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

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

	"github.com/chimekit/chimesdkmessaging/types"
)

// Command names, as in the AWS CLI.
const (
	cmdPut = "put-channel-membership-preferences"
	cmdGet = "get-channel-membership-preferences"
)

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errHelp reports that help was printed.
var errHelp = errors.New("help shown")

// args are one command's flags.
type args struct {
	command     string
	channelArn  string
	memberArn   string
	chimeBearer string
	preferences *types.ChannelMembershipPreferences
	endpointURL string
	region      string
	profile     string
	maxAttempts int    // 0: from AWS_MAX_ATTEMPTS, the profile, else the default
	output      string // "": from AWS_DEFAULT_OUTPUT, the profile, else json
	query       string // "": none
	queryGiven  bool
	debug       bool
	noCLIPager  bool
}

// parseArgs parses the flags of command; help goes to stdout.
func parseArgs(command string, argv []string, stdout io.Writer) (args, error) {
	a := args{command: command}
	fs := flag.NewFlagSet("chimeprefs "+command, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed once, by run
	help := getHelp
	if command == cmdPut {
		help = putHelp
	}
	var prefs string
	fs.StringVar(&a.channelArn, "channel-arn", "", "ARN of the channel (required)")
	fs.StringVar(&a.memberArn, "member-arn", "", "ARN of the member, an AppInstanceUser or AppInstanceBot (required)")
	fs.StringVar(&a.chimeBearer, "chime-bearer", "", "ARN of the caller; must be the member itself (required)")
	if command == cmdPut {
		fs.StringVar(&prefs, "preferences", "", "preferences as JSON, or file://PATH (required)")
	}
	fs.StringVar(&a.endpointURL, "endpoint-url", "", "endpoint to call instead of AWS, e.g. http://127.0.0.1:8000")
	fs.StringVar(&a.region, "region", "", "AWS Region, e.g. us-east-1")
	fs.StringVar(&a.profile, "profile", "", "profile of the shared AWS config and credentials files")
	fs.IntVar(&a.maxAttempts, "max-attempts", 0, "attempts per call, the first included (default: AWS_MAX_ATTEMPTS, the profile's max_attempts, else 3)")
	fs.StringVar(&a.output, "output", "", "json, text or table (default: AWS_DEFAULT_OUTPUT, the profile's output, else json)")
	fs.StringVar(&a.query, "query", "", "JMESPath expression applied to the response before it is printed")
	fs.BoolVar(&a.debug, "debug", false, "log each request and response to stderr, secrets redacted")
	fs.BoolVar(&a.noCLIPager, "no-cli-pager", false, "accepted for the AWS CLI's sake; chimeprefs never pages")
	if err := checkOptions(command, fs, argv); err != nil {
		return a, err
	}
	if err := fs.Parse(argv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			printFlags(stdout, fs)
			return a, errHelp
		}
		return a, usagef("%s: %v (see chimeprefs %s --help)", command, err, command)
	}
	if fs.NArg() > 0 {
		return a, usagef("%s: unexpected argument %q; values go after their flag, e.g. --channel-arn ARN", command, fs.Arg(0))
	}
	maxAttemptsSet, outputSet := false, false
	fs.Visit(func(f *flag.Flag) {
		maxAttemptsSet = maxAttemptsSet || f.Name == "max-attempts"
		outputSet = outputSet || f.Name == "output"
		a.queryGiven = a.queryGiven || f.Name == "query"
	})
	if outputSet {
		if err := checkOutputFormat(a.output, fmt.Sprintf("--output %q", a.output)); err != nil {
			return a, prefixCommand(command, err)
		}
	}
	if maxAttemptsSet && a.maxAttempts < 1 {
		return a, usagef("%s: --max-attempts must be at least 1 (one attempt, no retries); got %d", command, a.maxAttempts)
	}
	var missing []string
	for _, f := range []struct{ name, v string }{{"--channel-arn", a.channelArn}, {"--member-arn", a.memberArn}, {"--chime-bearer", a.chimeBearer}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if command == cmdPut && prefs == "" {
		missing = append(missing, "--preferences")
	}
	if len(missing) > 0 {
		return a, usagef("%s: the following arguments are required: %s", command, strings.Join(missing, ", "))
	}
	if command == cmdPut {
		p, err := parsePreferences(prefs)
		if err != nil {
			return a, usagef("%s: %v", command, err)
		}
		a.preferences = p
	}
	return a, nil
}

// prefsJSON mirrors the ChannelMembershipPreferences shape for decoding.
type prefsJSON struct {
	PushNotifications *struct {
		AllowNotifications *string `json:"AllowNotifications"`
		FilterRule         *string `json:"FilterRule"`
	} `json:"PushNotifications"`
}

// parsePreferences reads --preferences: JSON, or file://PATH holding it.
// Its errors never quote the value, which may hold a FilterRule.
func parsePreferences(v string) (*types.ChannelMembershipPreferences, error) {
	data := []byte(v)
	if path, ok := strings.CutPrefix(v, "file://"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, usagef("--preferences: cannot read %s: %v", path, errors.Unwrap(err))
		}
		data = b
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p prefsJSON
	if err := dec.Decode(&p); err != nil {
		return nil, usagef("--preferences: %s; expected e.g. %s", describeJSONError(err), `{"PushNotifications":{"AllowNotifications":"ALL"}}`)
	}
	if dec.More() {
		return nil, usagef("--preferences: unexpected data after the JSON object")
	}
	out := &types.ChannelMembershipPreferences{}
	if pn := p.PushNotifications; pn != nil {
		out.PushNotifications = &types.PushNotificationPreferences{FilterRule: pn.FilterRule}
		if pn.AllowNotifications != nil {
			out.PushNotifications.AllowNotifications = types.AllowNotifications(*pn.AllowNotifications)
		}
	}
	return out, nil
}

// describeJSONError words a decoding error without quoting the input.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON at character %d (%s)", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		if typ.Field == "PushNotifications.FilterRule" {
			return "PushNotifications.FilterRule must be a string holding a JSON object, e.g. \"{\\\"type\\\":[\\\"urgent\\\"]}\""
		}
		field := typ.Field
		if field == "" {
			field = "the value"
		}
		return fmt.Sprintf("%s must not be a JSON %s", field, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON is empty or ends too early"
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.HasPrefix(msg, "unknown field ") {
		return msg + " (known: PushNotifications with AllowNotifications and FilterRule)"
	}
	return msg
}

// printFlags lists the flags with two dashes, as the AWS CLI spells them.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  --%s\n        %s\n", f.Name, f.Usage)
	})
}

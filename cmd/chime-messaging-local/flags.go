package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"regexp"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// config is what the emulator runs with.
type config struct {
	addr             string
	allowNonLoopback bool
	region           string
	accountID        string
	accessKeyID      string
	secretAccessKey  string
	sessionToken     string
	credsSource      string // where the credentials came from, for the start line
	seedPath         string
	statePath        string
	exportPath       string // -export-state: write the state as JSON and exit
	importPath       string // -import-state: replace the state with a JSON file and exit
	shutdownTimeout  time.Duration
	readTimeout      time.Duration
	idleTimeout      time.Duration
	control          controlConfig // rate limits, latency, faults, control endpoint
}

const usageHead = `chime-messaging-local runs a local stand-in for Amazon Chime SDK Messaging
(PutChannelMembershipPreferences and GetChannelMembershipPreferences) that any
AWS SDK or the AWS CLI can call with --endpoint-url. It verifies SigV4 with the
credentials it was started with and enforces the service's rules.

Usage:
  chime-messaging-local [flags]

Examples:
  # seeded, persisted, with the credentials of the environment
  export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=local-secret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  chime-messaging-local -seed seed.json -state state.json

  # then, from any AWS client
  aws chime-sdk-messaging get-channel-membership-preferences \
      --endpoint-url http://127.0.0.1:8000 --region us-east-1 --channel-arn ARN --member-arn ARN --chime-bearer ARN

Credentials: -access-key-id and -secret-access-key (and -session-token), else
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else the fixed
test credentials AKIAFAKECHIMESDKTEST / fake/chime/sdk/messaging/secret/key/0000.
Prefer the environment: flags are visible to other users in the process list.

State: with -state, every accepted change is written to a bbolt store (one
record per change, one transaction and fsync for concurrent changes) before
the caller gets its 200, and the store is read back at start. When the store
holds a state it wins and -seed is only checked, not applied; delete the
store to start again from the seed. -state naming a JSON state file (written
by earlier versions) imports it into FILE.db and keeps it. -export-state and
-import-state write and read the JSON form and exit.

Limits: a request's line and headers may take 64 KiB (431 beyond), its body
64 KiB (400 beyond); a client must send a request within -read-timeout and
start the next one within -idle-timeout. Errors Go's HTTP server would answer
itself in plain text (a bad percent-escape, 431, a header timeout) are answered as
the service answers errors, with a request ID, and logged.

Shutdown: SIGINT or SIGTERM stops accepting connections and lets requests in
flight finish; a request still sending its body gets one more second (at most
-read-timeout), then is answered 400 and cut off.

Exit status: 0 after a clean shutdown (SIGINT or SIGTERM), 2 for bad flags, a
bad seed or state file, 1 for other failures.

Flags:
`

// accountIDPattern is a 12-digit AWS account ID.
var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// errHelpShown reports that -help or -help-seed was printed.
var errHelpShown = errors.New("help shown")

// parseConfig reads flags and environment variables. Usage errors are
// printed to stderr by the flag package.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	var helpSeed bool
	fs := flag.NewFlagSet("chime-messaging-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHead)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8000", "`host:port` to listen on; port 0 picks a free port (the start line says which)")
	fs.BoolVar(&c.allowNonLoopback, "allow-non-loopback", false, "allow -addr to name an address other than 127.0.0.0/8, ::1 or localhost (the emulator has no real security)")
	fs.StringVar(&c.region, "region", "", "region the emulator signs for and builds ARNs in (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)")
	fs.StringVar(&c.accountID, "account-id", chimesdkmessagingtest.DefaultAccountID, "12-digit account ID in the ARNs built from the seed")
	fs.StringVar(&c.accessKeyID, "access-key-id", "", "access key ID callers must sign with (default: AWS_ACCESS_KEY_ID)")
	fs.StringVar(&c.secretAccessKey, "secret-access-key", "", "secret access key callers must sign with (default: AWS_SECRET_ACCESS_KEY)")
	fs.StringVar(&c.sessionToken, "session-token", "", "session token callers must send, if any (default: AWS_SESSION_TOKEN)")
	fs.StringVar(&c.seedPath, "seed", "", "JSON `file` of app instances, users, bots, admins, channels, members, moderators and bans (see -help-seed)")
	fs.StringVar(&c.statePath, "state", "", "state store `file` (bbolt) to persist every change in; read back at start. A JSON state file is imported into FILE.db and kept")
	fs.StringVar(&c.exportPath, "export-state", "", "write the -state store's state to this JSON `file` and exit")
	fs.StringVar(&c.importPath, "import-state", "", "replace the -state store's state with this JSON state `file` and exit")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long a shutdown waits for requests in flight")
	fs.DurationVar(&c.readTimeout, "read-timeout", 30*time.Second, "how long a client may take to send one request, headers and body; a client that stalls is answered 408 (headers) or 400 (body) and cut off")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", 60*time.Second, "how long a keep-alive connection may wait for its next request before it is closed")
	c.control.register(fs)
	fs.BoolVar(&helpSeed, "help-seed", false, "print the seed file format and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, errHelpShown
		}
		return c, err
	}
	if helpSeed {
		fmt.Fprint(stderr, seedHelp)
		return c, errHelpShown
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q; every setting is a flag (see -help)", fs.Arg(0))
	}
	if err := checkStateFlags(c); err != nil {
		return c, err
	}
	if err := checkListenAddr(c.addr, c.allowNonLoopback); err != nil {
		return c, err
	}
	if err := c.control.check(); err != nil {
		return c, err
	}
	if !accountIDPattern.MatchString(c.accountID) {
		return c, fmt.Errorf("-account-id %q must be 12 digits, e.g. 111122223333", c.accountID)
	}
	for _, d := range []struct {
		name, example string
		v             time.Duration
	}{{"-shutdown-timeout", "10s", c.shutdownTimeout}, {"-read-timeout", "30s", c.readTimeout}, {"-idle-timeout", "60s", c.idleTimeout}} {
		if d.v <= 0 {
			return c, fmt.Errorf("%s must be positive, e.g. %s", d.name, d.example)
		}
	}
	c.region = firstNonEmpty(c.region, getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), chimesdkmessagingtest.DefaultRegion)
	return c, resolveCredentials(&c, getenv)
}

// checkStateFlags checks -export-state and -import-state, which act on
// the -state store.
func checkStateFlags(c config) error {
	switch {
	case c.exportPath != "" && c.importPath != "":
		return errors.New("-export-state and -import-state cannot be used together; run one, then the other")
	case (c.exportPath != "" || c.importPath != "") && c.statePath == "":
		return errors.New("-export-state and -import-state need -state FILE, the store they act on")
	}
	return nil
}

// resolveCredentials fills the credentials from flags, else the
// environment, else the fake's fixed test credentials.
func resolveCredentials(c *config, getenv func(string) string) error {
	switch {
	case c.accessKeyID != "" || c.secretAccessKey != "":
		if c.accessKeyID == "" || c.secretAccessKey == "" {
			return errors.New("-access-key-id and -secret-access-key go together; set both or neither")
		}
		c.credsSource = "flags"
	case getenv("AWS_ACCESS_KEY_ID") != "" || getenv("AWS_SECRET_ACCESS_KEY") != "":
		c.accessKeyID, c.secretAccessKey = getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
		if c.accessKeyID == "" || c.secretAccessKey == "" {
			return errors.New("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together; set both or neither")
		}
		if c.sessionToken == "" {
			c.sessionToken = getenv("AWS_SESSION_TOKEN")
		}
		c.credsSource = "environment"
	default:
		c.accessKeyID = chimesdkmessagingtest.DefaultAccessKeyID
		c.secretAccessKey = chimesdkmessagingtest.DefaultSecretAccessKey
		c.credsSource = "built-in test credentials"
	}
	return nil
}

// checkListenAddr refuses an address other than loopback unless allowed.
func checkListenAddr(addr string, allowNonLoopback bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q is not host:port, e.g. 127.0.0.1:8000: %v", addr, err)
	}
	if allowNonLoopback || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address; the emulator is for local use (use 127.0.0.1), or pass -allow-non-loopback to expose it", addr)
}

// checkBoundAddr refuses a listener bound to an address other than
// loopback unless allowed: -addr may name a host ("localhost") whose
// resolution the flag check cannot see.
func checkBoundAddr(addr net.Addr, allowNonLoopback bool) error {
	if allowNonLoopback {
		return nil
	}
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr resolved to %s, which is not a loopback address; the emulator is for local use (use 127.0.0.1), or pass -allow-non-loopback to expose it", addr)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

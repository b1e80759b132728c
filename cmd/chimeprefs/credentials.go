package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/config"
)

// cmdCredentials explains where the credentials come from.
const cmdCredentials = "credentials"

const credentialsHelp = `Usage:
  chimeprefs credentials [--profile NAME] [--region REGION]

Resolves AWS credentials as every other command does (the order and rules of
aws-sdk-go-v2's config.LoadDefaultConfig) and prints, without any secret:
which source gave them, the trail inside it (where the first credentials came
from, then each role assumed with them), the access key ID masked as the AWS
CLI's configure list masks it, the account, when they expire, and every source
asked before it with why it was skipped. It calls STS, IAM Identity Center,
the container endpoint or instance metadata exactly as a real call would.
A profile with mfa_serial prompts for the MFA code on stderr and reads it
from stdin.

Exit status: 0 credentials resolved; 1 no credentials (the sources and why
each was skipped or failed go to stderr); 2 the command line is wrong.

Flags:
`

// credentialsArgs are the credentials command's flags.
type credentialsArgs struct {
	profile, region string
}

// runCredentials runs the credentials command.
func runCredentials(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("chimeprefs credentials", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var a credentialsArgs
	fs.StringVar(&a.profile, "profile", "", "profile of the shared AWS config and credentials files; it takes precedence over AWS_ACCESS_KEY_ID and web identity variables")
	fs.StringVar(&a.region, "region", "", "AWS Region STS is called in (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")
	if err := fs.Parse(argv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, credentialsHelp)
			printFlags(stdout, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "chimeprefs: credentials: %v (see chimeprefs credentials --help)\n", err)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "chimeprefs: credentials: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cfg, err := config.Load(ctx, config.LoadOptions{Profile: a.profile, ProfileSource: "--profile", Getenv: getenv})
	if err != nil {
		fmt.Fprintf(stderr, "chimeprefs: configuration: %s\n", oneLine(err.Error()))
		return exitFailure
	}
	region := cfg.Region
	if a.region != "" {
		region = a.region
	}
	in := bufio.NewReader(stdin)
	chain := credentials.NewDefaultChain(credentials.DefaultChainOptions{
		Profile: a.profile, ProfileSource: "--profile", Getenv: getenv,
		STS: credentials.STSOptions{
			Region:               region,
			UseFIPSEndpoint:      cfg.UseFIPSEndpoint != nil && *cfg.UseFIPSEndpoint,
			UseDualStackEndpoint: cfg.UseDualStackEndpoint != nil && *cfg.UseDualStackEndpoint,
		},
		MFATokenProvider: func() (string, error) {
			fmt.Fprint(stderr, "MFA code: ")
			line, err := in.ReadString('\n')
			if code := strings.TrimSpace(line); code != "" {
				return code, nil
			}
			if err == nil {
				err = errors.New("empty MFA code")
			}
			return "", fmt.Errorf("reading the MFA code from stdin: %w", err)
		},
	})
	r, err := chain.Explain(ctx)
	if err != nil {
		if len(r.Steps) > 0 {
			fmt.Fprintln(stderr, "trail of the failed source:")
			printSteps(stderr, r.Steps)
		}
		fmt.Fprintln(stderr, "chimeprefs: "+err.Error())
		return exitFailure
	}
	printResolution(stdout, r, time.Now())
	return exitOK
}

// printResolution writes r as aligned text.
func printResolution(w io.Writer, r credentials.Resolution, now time.Time) {
	fmt.Fprintf(w, "source:        %s\n", r.Source)
	fmt.Fprintf(w, "access key ID: %s\n", r.AccessKeyID)
	if r.AccountID != "" {
		fmt.Fprintf(w, "account:       %s\n", r.AccountID)
	}
	if r.CanExpire {
		fmt.Fprintf(w, "expires:       %s (in %s)\n", r.Expires.UTC().Format(time.RFC3339), r.Expires.Sub(now).Round(time.Second))
	} else {
		fmt.Fprintln(w, "expires:       never (long-term keys)")
	}
	fmt.Fprintln(w, "trail (first credentials, then each role assumed with them):")
	printSteps(w, r.Steps)
	fmt.Fprintln(w, "sources asked before it:")
	if len(r.Attempts) == 0 {
		fmt.Fprintln(w, "  none: it is the first source")
	}
	for i, a := range r.Attempts {
		verdict := "failed"
		if a.Skipped() {
			verdict = "skipped"
		}
		msg := a.Err.Error()
		var nc *credentials.NotConfiguredError
		if errors.As(a.Err, &nc) {
			msg = nc.Reason
		}
		fmt.Fprintf(w, "  %d. %s: %s: %s\n", i+1, a.Source, verdict, msg)
	}
}

func printSteps(w io.Writer, steps []string) {
	for i, s := range steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
}

// Command quickstart sets a channel member's push notification preferences
// with the chimesdkmessaging client, reads them back and shows a refused
// call.
//
// With no flags it needs no AWS account: it starts the in-process fake
// service (chimesdkmessagingtest), creates an app instance, users and a
// channel, and runs every step against it:
//
//	go run ./examples/quickstart
//
// Naming a channel runs the same steps against Amazon Chime SDK Messaging,
// with credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN:
//
//	go run ./examples/quickstart -region us-east-1 \
//	    -channel-arn arn:aws:chime:us-east-1:111122223333:app-instance/.../channel/... \
//	    -member-arn  arn:aws:chime:us-east-1:111122223333:app-instance/.../user/... \
//	    [-bearer ARN] [-moderator-arn ARN] [-endpoint URL]
//
// Each flag can also come from the environment: AWS_REGION,
// CHIME_CHANNEL_ARN, CHIME_MEMBER_ARN, CHIME_BEARER, CHIME_MODERATOR_ARN,
// CHIME_ENDPOINT. Against AWS the refused step runs only with
// -moderator-arn, and it changes nothing: the service refuses it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Args[1:], os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// demoFilterRule is the filter rule the quick start sets: only notifications
// whose message attribute "type" is "urgent".
const demoFilterRule = `{"type":["urgent"]}`

// config is what the quick start runs with.
type config struct {
	region, endpoint                         string
	channelArn, memberArn, bearer, moderator string
}

// parseConfig reads flags, with defaults from the environment.
func parseConfig(args []string, getenv func(string) string) (config, error) {
	var c config
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.region, "region", getenv("AWS_REGION"), "AWS Region of the channel (env AWS_REGION)")
	fs.StringVar(&c.endpoint, "endpoint", getenv("CHIME_ENDPOINT"), "endpoint URL instead of the Region's (env CHIME_ENDPOINT)")
	fs.StringVar(&c.channelArn, "channel-arn", getenv("CHIME_CHANNEL_ARN"), "channel ARN; set it to run against AWS (env CHIME_CHANNEL_ARN)")
	fs.StringVar(&c.memberArn, "member-arn", getenv("CHIME_MEMBER_ARN"), "member whose preferences are set (env CHIME_MEMBER_ARN)")
	fs.StringVar(&c.bearer, "bearer", getenv("CHIME_BEARER"), "ARN making the call; default: the member (env CHIME_BEARER)")
	fs.StringVar(&c.moderator, "moderator-arn", getenv("CHIME_MODERATOR_ARN"), "a moderator of the channel, for the refused step (env CHIME_MODERATOR_ARN)")
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("%w\nusage: quickstart [-region R -channel-arn ARN -member-arn ARN [-bearer ARN] [-moderator-arn ARN] [-endpoint URL]]", err)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q; every setting is a flag, e.g. -channel-arn ARN", fs.Arg(0))
	}
	if c.channelArn == "" {
		if c.memberArn != "" || c.bearer != "" || c.moderator != "" {
			return c, errors.New("-member-arn, -bearer and -moderator-arn need -channel-arn; give none of them to run against the in-process fake")
		}
		return c, nil
	}
	if c.memberArn == "" {
		return c, errors.New("-channel-arn needs -member-arn: the member whose preferences are set")
	}
	if c.region == "" {
		return c, errors.New("-channel-arn needs -region (or AWS_REGION), e.g. us-east-1")
	}
	if c.bearer == "" {
		c.bearer = c.memberArn
	}
	return c, nil
}

// run is the whole program: it parses args, picks the fake or AWS, and
// writes each step to w.
func run(ctx context.Context, w io.Writer, args []string, getenv func(string) string) error {
	cfg, err := parseConfig(args, getenv)
	if err != nil {
		return err
	}
	var client *chimesdkmessaging.Client
	if cfg.channelArn == "" {
		srv, err := startFake(w, &cfg)
		if err != nil {
			return err
		}
		defer srv.Close()
		client = srv.Client()
	} else {
		creds := credentials.NewEnvProvider()
		creds.Getenv = getenv
		opts := chimesdkmessaging.Options{Region: cfg.region, Credentials: creds}
		if cfg.endpoint != "" {
			opts.BaseEndpoint = ptr.String(cfg.endpoint)
			fmt.Fprintf(w, "Chime SDK Messaging quick start against %s, region %s\n\n", cfg.endpoint, cfg.region)
		} else {
			fmt.Fprintf(w, "Chime SDK Messaging quick start against AWS, region %s\n\n", cfg.region)
		}
		client = chimesdkmessaging.New(opts)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return steps(ctx, w, client, cfg)
}

// startFake starts the in-process service, seeds it and fills in cfg.
func startFake(w io.Writer, cfg *config) (*chimesdkmessagingtest.Server, error) {
	srv := chimesdkmessagingtest.NewServer()
	fmt.Fprintf(w, "Chime SDK Messaging quick start against the in-process fake at %s, region %s\n\n", srv.URL, srv.Region())
	fail := func(err error) (*chimesdkmessagingtest.Server, error) {
		srv.Close()
		return nil, fmt.Errorf("seeding the fake: %w", err)
	}
	app, err := srv.CreateAppInstance("quickstart", "Quick start")
	if err != nil {
		return fail(err)
	}
	jane, err := srv.CreateAppInstanceUser(app, "jane", "Jane")
	if err != nil {
		return fail(err)
	}
	mod, err := srv.CreateAppInstanceUser(app, "moderator", "Moderator")
	if err != nil {
		return fail(err)
	}
	ch, err := srv.CreateChannel(app, "general", "General")
	if err != nil {
		return fail(err)
	}
	for _, add := range []func() error{
		func() error { return srv.CreateChannelMembership(ch, jane) },
		func() error { return srv.CreateChannelMembership(ch, mod) },
		func() error { return srv.CreateChannelModerator(ch, mod) },
	} {
		if err := add(); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintln(w, "Step 1. Created a channel with two members")
	fmt.Fprintf(w, "  channel:   %s\n  member:    %s\n  moderator: %s (also a member)\n\n", ch, jane, mod)
	cfg.region, cfg.channelArn, cfg.memberArn, cfg.bearer, cfg.moderator = srv.Region(), ch, jane, jane, mod
	return srv, nil
}

// steps sets FILTERED preferences, reads them back and, with a moderator,
// shows the refused case.
func steps(ctx context.Context, w io.Writer, client *chimesdkmessaging.Client, cfg config) error {
	prefs := &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsFiltered,
		FilterRule:         ptr.String(demoFilterRule),
	}}
	fmt.Fprintln(w, "Step 2. The member sets its push notifications to FILTERED")
	fmt.Fprintf(w, "  filter rule: %s\n", demoFilterRule)
	put, err := client.PutChannelMembershipPreferences(ctx, &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn: &cfg.channelArn, MemberArn: &cfg.memberArn, ChimeBearer: &cfg.bearer, Preferences: prefs,
	})
	if err != nil {
		return fmt.Errorf("PutChannelMembershipPreferences: %w", err)
	}
	fmt.Fprintf(w, "  stored for %s: AllowNotifications=%s\n\n", ptr.ToString(put.Member.Arn), allow(put.Preferences))

	fmt.Fprintln(w, "Step 3. Read them back with GetChannelMembershipPreferences")
	got, err := client.GetChannelMembershipPreferences(ctx, &chimesdkmessaging.GetChannelMembershipPreferencesInput{
		ChannelArn: &cfg.channelArn, MemberArn: &cfg.memberArn, ChimeBearer: &cfg.bearer,
	})
	if err != nil {
		return fmt.Errorf("GetChannelMembershipPreferences: %w", err)
	}
	same := got.Preferences != nil && got.Preferences.PushNotifications != nil &&
		ptr.ToString(got.Preferences.PushNotifications.FilterRule) == demoFilterRule
	fmt.Fprintf(w, "  AllowNotifications=%s, filter rule as sent: %t\n\n", allow(got.Preferences), same)

	if cfg.moderator == "" {
		fmt.Fprintln(w, "Step 4. Skipped: give -moderator-arn to see a moderator refused")
		fmt.Fprintln(w, "\nDone.")
		return nil
	}
	fmt.Fprintln(w, "Step 4. A moderator tries to set the member's preferences")
	_, err = client.PutChannelMembershipPreferences(ctx, &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn: &cfg.channelArn, MemberArn: &cfg.memberArn, ChimeBearer: &cfg.moderator, Preferences: prefs,
	})
	var forbidden *types.ForbiddenException
	switch {
	case errors.As(err, &forbidden):
		fmt.Fprintf(w, "  refused as expected: %s\n  message: %s\n\n", forbidden.ErrorCode(), forbidden.ErrorMessage())
	case err != nil:
		return fmt.Errorf("expected ForbiddenException for the moderator, got: %w", err)
	default:
		return errors.New("expected ForbiddenException for the moderator, but the call succeeded")
	}
	fmt.Fprintln(w, "Done.")
	return nil
}

// allow returns AllowNotifications, or "(none)".
func allow(p *types.ChannelMembershipPreferences) string {
	if p == nil || p.PushNotifications == nil {
		return "(none)"
	}
	return string(p.PushNotifications.AllowNotifications)
}

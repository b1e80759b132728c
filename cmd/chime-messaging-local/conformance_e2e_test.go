package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/conformance"
)

// TestEmulatorConforms runs the conformance suite against the built
// emulator, seeded with the identities of conformance/testdata/seed.json:
// every case must pass and none may be skipped.
func TestEmulatorConforms(t *testing.T) {
	bin := buildEmulator(t)
	seed, err := filepath.Abs(filepath.Join("..", "..", "conformance", "testdata", "seed.json"))
	require.NoError(t, err)
	e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-seed", seed, "-state", filepath.Join(t.TempDir(), "state.json"))

	const app = "arn:aws:chime:us-east-1:111122223333:app-instance/conformance"
	target := conformance.Target{
		Client:      emulatorClient(e.url),
		ChannelArn:  app + "/channel/general",
		Member:      app + "/user/member",
		OtherMember: app + "/user/other-member",
		Moderator:   app + "/user/moderator",
		Admin:       app + "/user/admin",
		Banned:      app + "/user/banned",
		NonMember:   app + "/user/non-member",
		Bot:         app + "/bot/bot",
		ForeignUser: "arn:aws:chime:us-east-1:111122223333:app-instance/conformance-other/user/foreign",
	}
	rep, err := conformance.Run(context.Background(), target, conformance.Options{})
	require.NoError(t, err)
	require.Len(t, rep.Results, len(conformance.Cases()))
	for _, r := range rep.Results {
		assert.Equal(t, conformance.Pass, r.Outcome, "%s: %s (request %s)", r.Case, r.Detail, r.RequestID)
	}
	require.NoError(t, rep.RestoreErr)
}

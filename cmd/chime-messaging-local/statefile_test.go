package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

func sampleState() chimesdkmessagingtest.State {
	return chimesdkmessagingtest.State{
		Version:      chimesdkmessagingtest.StateVersion,
		AppInstances: []chimesdkmessagingtest.AppInstanceState{{Arn: appArn, Users: []chimesdkmessagingtest.IdentityState{{Arn: appArn + "/user/jane", Name: "Jane"}}}},
		Channels: []chimesdkmessagingtest.ChannelState{{
			Arn: appArn + "/channel/c",
			Memberships: []chimesdkmessagingtest.MembershipState{{
				MemberArn: appArn + "/user/jane",
				Preferences: &chimesdkmessagingtest.Preferences{PushNotifications: &chimesdkmessagingtest.PushNotifications{
					AllowNotifications: "FILTERED", FilterRule: ptr.String(`{"a":[1]}`),
				}},
			}},
		}},
	}
}

func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")

	_, found, err := readStateFile(path)
	require.NoError(t, err)
	assert.False(t, found, "a missing file is not an error")

	want := sampleState()
	require.NoError(t, writeStateFile(path, want))
	got, found, err := readStateFile(path)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, want, got)

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the state holds filter rules and names")

	// Replacing leaves no temporary files behind.
	want.Channels = nil
	require.NoError(t, writeStateFile(path, want))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "state.json", entries[0].Name())
	got, _, err = readStateFile(path)
	require.NoError(t, err)
	assert.Empty(t, got.Channels)
}

func TestWriteStateFileFailureKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, writeStateFile(path, sampleState()))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	// A directory in the way of the rename makes the write fail.
	blocked := filepath.Join(dir, "blocked")
	require.NoError(t, os.MkdirAll(filepath.Join(blocked, "x"), 0o755))
	err = writeStateFile(blocked, sampleState())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "replace state file")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "the temporary file is removed on failure")

	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

func TestReadStateFileDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte("{\"Version\": 1,\n  \"Channels\": [\n"), 0o600))
	_, _, err := readStateFile(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "state file is damaged")
	assert.Contains(t, err.Error(), path+":3:1:")
}

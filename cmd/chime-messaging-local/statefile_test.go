package main

import (
	"bytes"
	"log/slog"
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
					AllowNotifications: "FILTERED", FilterRule: ptr.String(`{"a":["1"]}`),
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

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	write := func(name string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o600))
	}
	write("state.json")
	write(".state.json.tmp-123456")  // ours: removed
	write(".state.json.tmp-9")       // ours: removed
	write(".state.json.tmp-12ab")    // not the digits CreateTemp writes
	write(".state.json.tmp-")        // no digits
	write(".other.json.tmp-123")     // another state file's
	write("state.json.tmp-123")      // no leading dot
	write("sub/.state.json.tmp-123") // another directory
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".state.json.tmp-77"), 0o700))

	removed, err := removeStaleTemps(path)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{filepath.Join(dir, ".state.json.tmp-123456"), filepath.Join(dir, ".state.json.tmp-9")}, removed)
	var left []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			left = append(left, rel)
		}
		return err
	}))
	assert.ElementsMatch(t, []string{"state.json", ".state.json.tmp-12ab", ".state.json.tmp-", ".other.json.tmp-123",
		"state.json.tmp-123", "sub", filepath.Join("sub", ".state.json.tmp-123"), ".state.json.tmp-77"}, left)

	removed, err = removeStaleTemps(filepath.Join(dir, "missing-dir", "state.json"))
	assert.NoError(t, err, "a state file in a directory that does not exist yet has no temporary files")
	assert.Empty(t, removed)
}

func TestStartRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, writeStateFile(path, sampleState()))
	stale := filepath.Join(dir, ".state.json.tmp-4242")
	require.NoError(t, os.WriteFile(stale, []byte(`{"Version": 1, "Chan`), 0o600)) // as a kill -9 leaves it

	var logs bytes.Buffer
	cfg, err := parseConfig([]string{"-state", path}, envOf(nil), &logs)
	require.NoError(t, err)
	_, store, code, err := newService(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)
	require.NoError(t, store.Close())
	assert.Equal(t, exitOK, code)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, path)
	assert.Contains(t, logs.String(), "removed a temporary state file left by an earlier run")
	assert.Contains(t, logs.String(), stale)
}

package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

func openTestStore(t *testing.T, path string) *stateStore {
	t.Helper()
	s, err := openStore(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.close() })
	return s
}

// seedEveryKind makes a change of every kind through svc.
func seedEveryKind(t *testing.T, svc *chimesdkmessagingtest.Service) {
	t.Helper()
	app, err := svc.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	ch, err := svc.CreateChannel(app, "general", "General")
	require.NoError(t, err)
	ch2, err := svc.CreateChannel(app, "random", "")
	require.NoError(t, err)
	var users []string
	for _, id := range []string{"jane", "bob", "mallory", "eve"} {
		arn, err := svc.CreateAppInstanceUser(app, id, "Name of "+id)
		require.NoError(t, err)
		users = append(users, arn)
	}
	bot, err := svc.CreateAppInstanceBot(app, "helper", "Helper")
	require.NoError(t, err)
	jane, bob, mallory, eve := users[0], users[1], users[2], users[3]
	require.NoError(t, svc.CreateAppInstanceAdmin(app, bob))
	for _, m := range []string{jane, bob, mallory, eve, bot} {
		require.NoError(t, svc.CreateChannelMembership(ch, m))
	}
	require.NoError(t, svc.CreateChannelMembership(ch2, jane))
	require.NoError(t, svc.CreateChannelModerator(ch, bob))
	require.NoError(t, svc.CreateChannelModerator(ch, mallory))
	require.NoError(t, svc.SetPreferences(ch, mallory, types.ChannelMembershipPreferences{}))
	require.NoError(t, svc.CreateChannelBan(ch, mallory)) // removes the membership, its preferences and the moderator role
	require.NoError(t, svc.CreateChannelBan(ch, eve))
	require.NoError(t, svc.DeleteChannelBan(ch, eve))
	require.NoError(t, svc.DeleteChannelMembership(ch2, jane))
	require.NoError(t, svc.SetPreferences(ch, jane, types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsFiltered, FilterRule: ptr.String(`{"topic":["naïve ☕"]}`),
	}}))
	require.NoError(t, svc.SetPreferences(ch, bot, types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsNone,
	}}))
}

func TestStateStoreWritesEveryChange(t *testing.T) {
	store := openTestStore(t, filepath.Join(t.TempDir(), "state.db"))
	svc := chimesdkmessagingtest.NewService(chimesdkmessagingtest.WithOnCommit(store.commit))
	seedEveryKind(t, svc)
	got, err := store.load()
	require.NoError(t, err)
	assert.Equal(t, svc.Snapshot(), got, "the records written make the state")
}

func TestStateStoreReplaceAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	svc := chimesdkmessagingtest.NewService()
	seedEveryKind(t, svc)
	want := svc.Snapshot()

	store := openTestStore(t, path)
	ok, err := store.initialized()
	require.NoError(t, err)
	assert.False(t, ok, "a new store holds no state")
	require.NoError(t, store.replace(sampleState()))
	require.NoError(t, store.replace(want), "replace leaves nothing of the state before")
	require.NoError(t, store.close())

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the store holds filter rules and names")
	store = openTestStore(t, path)
	ok, err = store.initialized()
	require.NoError(t, err)
	assert.True(t, ok)
	got, err := store.load()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestStateStoreIsLockedByItsUser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	openTestStore(t, path)
	_, err := openStore(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is locked by another process (is another emulator using it?)")
}

func TestStateStoreFailedCommitChangesNothing(t *testing.T) {
	store := openTestStore(t, filepath.Join(t.TempDir(), "state.db"))
	var logs bytes.Buffer
	svc := chimesdkmessagingtest.NewService(chimesdkmessagingtest.WithOnCommit(persistChanges(store, slog.New(slog.NewTextHandler(&logs, nil)))))
	seedEveryKind(t, svc)
	before := svc.Snapshot()
	require.NoError(t, store.close()) // every later transaction fails
	_, err := svc.CreateAppInstanceUser(before.AppInstances[0].Arn, "late", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the emulator could not write its state store")
	assert.Contains(t, logs.String(), "persisting changes failed; they were not made")
	assert.Equal(t, before, svc.Snapshot())
}

// startService runs newService with args, as run does, and returns the
// service, its logs and the store's closer.
func startService(t *testing.T, args ...string) (*chimesdkmessagingtest.Service, *bytes.Buffer, func()) {
	t.Helper()
	var logs bytes.Buffer
	cfg, err := parseConfig(args, envOf(nil), &logs)
	require.NoError(t, err)
	svc, store, code, err := newService(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err, "logs: %s", logs.String())
	require.Equal(t, exitOK, code)
	return svc, &logs, func() { require.NoError(t, store.Close()) }
}

func TestJSONStateFileIsImportedAndKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, writeStateFile(path, sampleState()))
	jsonBefore, err := os.ReadFile(path)
	require.NoError(t, err)

	svc, logs, closeStore := startService(t, "-state", path)
	assert.Equal(t, sampleState(), svc.Snapshot(), "the JSON state is served")
	assert.Contains(t, logs.String(), "importing the JSON state file into a state store")
	jane, ch := appArn+"/user/jane", appArn+"/channel/c"
	require.NoError(t, svc.SetPreferences(ch, jane, types.ChannelMembershipPreferences{}))
	closeStore()
	assert.FileExists(t, path+jsonStoreSuffix)

	svc, logs, closeStore = startService(t, "-state", path)
	defer closeStore()
	assert.Contains(t, logs.String(), "was imported into the state store before; the store is read")
	p, err := svc.Preferences(ch, jane)
	require.NoError(t, err)
	assert.Equal(t, &types.ChannelMembershipPreferences{}, p, "the change went to the store")
	jsonAfter, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, jsonBefore, jsonAfter, "the JSON state file is kept as it was")
}

func TestExportAndImportState(t *testing.T) {
	dir := t.TempDir()
	store, exported, edited := filepath.Join(dir, "state.db"), filepath.Join(dir, "out.json"), filepath.Join(dir, "in.json")
	svc := chimesdkmessagingtest.NewService()
	seedEveryKind(t, svc)
	want := svc.Snapshot()
	require.NoError(t, writeStateFile(edited, want))

	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := run(context.Background(), args, &out, envOf(nil))
		return code, out.String()
	}
	code, out := run("-state", store, "-export-state", exported)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "holds no state yet")

	code, out = run("-state", store, "-import-state", edited)
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "state imported")
	code, out = run("-state", store, "-export-state", exported)
	require.Equal(t, exitOK, code, out)
	got, found, err := readStateFile(exported)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, want, got, "what was imported is exported")

	bad := want
	bad.Channels = append([]chimesdkmessagingtest.ChannelState{{Arn: appArn + "/channel/x", Memberships: []chimesdkmessagingtest.MembershipState{{MemberArn: appArn + "/user/nobody"}}}}, bad.Channels...)
	require.NoError(t, writeStateFile(edited, bad))
	code, out = run("-state", store, "-import-state", edited)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "must be an existing AppInstanceUser or AppInstanceBot")
	code, out = run("-state", store, "-export-state", exported)
	require.Equal(t, exitOK, code, out)
	got, _, err = readStateFile(exported)
	require.NoError(t, err)
	assert.Equal(t, want, got, "a refused import changes nothing")
}

func TestStateStoreLoadRefusesAMembershipOfNoChannel(t *testing.T) {
	svc := chimesdkmessagingtest.NewService()
	seedEveryKind(t, svc)
	snap := svc.Snapshot()
	for _, orphan := range []string{"0-before-every-channel", "m-between", "zzz-after-every-channel"} {
		t.Run(orphan, func(t *testing.T) {
			store := openTestStore(t, filepath.Join(t.TempDir(), "state.db"))
			require.NoError(t, store.replace(snap))
			ch := appArn + "/channel/" + orphan
			require.NoError(t, store.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketMembership).Put(pairKey(ch, appArn+"/user/jane"), nil)
			}))
			_, err := store.load()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "is damaged")
			assert.Contains(t, err.Error(), `record of channel "`+ch+`" that does not exist`)
		})
	}
}

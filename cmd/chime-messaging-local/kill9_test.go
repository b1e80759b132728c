package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// kill9Runs is how many times TestKill9UnderLoadLosesNoAcknowledgedWrite
// kills the emulator; CI runs one, the check runs 10:
//
//	go test -run TestKill9UnderLoad ./cmd/chime-messaging-local -args -kill9-runs 10
var kill9Runs = flag.Int("kill9-runs", 1, "times TestKill9UnderLoadLosesNoAcknowledgedWrite kills the emulator under load")

// Size of the kill -9 test's state and load.
const (
	kill9Memberships = 100_000
	kill9PerChannel  = 100
	kill9Clients     = 32
	// kill9AcksBeforeKill is how many Puts are acknowledged before the
	// kill: enough that every client has several in flight around it.
	kill9AcksBeforeKill = 2_000
)

// generatedState is a state of memberships members of channels with
// perChannel members each; member i of channel c is user (c*perChannel+i)
// mod users, with users = memberships/10 (each user in 10 channels).
func generatedState(region, account string, memberships, perChannel int) chimesdkmessagingtest.State {
	app := "arn:aws:chime:" + region + ":" + account + ":app-instance/scale"
	users := max(perChannel, memberships/10)
	a := chimesdkmessagingtest.AppInstanceState{Arn: app, Name: "Scale"}
	for u := range users {
		a.Users = append(a.Users, chimesdkmessagingtest.IdentityState{Arn: fmt.Sprintf("%s/user/u%07d", app, u)})
	}
	st := chimesdkmessagingtest.State{Version: chimesdkmessagingtest.StateVersion, AppInstances: []chimesdkmessagingtest.AppInstanceState{a}}
	for c := 0; c*perChannel < memberships; c++ {
		ch := chimesdkmessagingtest.ChannelState{Arn: fmt.Sprintf("%s/channel/c%06d", app, c)}
		seen := map[int]bool{}
		for i := range min(perChannel, memberships-c*perChannel) {
			u := (c*perChannel + i*10 + c/(users/perChannel)) % users
			for seen[u] {
				u = (u + 1) % users
			}
			seen[u] = true
			ch.Memberships = append(ch.Memberships, chimesdkmessagingtest.MembershipState{MemberArn: a.Users[u].Arn})
		}
		st.Channels = append(st.Channels, ch)
	}
	return st
}

// kill9Target is one membership a client writes once a run: the
// sequence number sent, and acked when the emulator acknowledged it.
type kill9Target struct {
	channel, member string
	acked, sent     int // 0: none
}

// TestKill9UnderLoadLosesNoAcknowledgedWrite seeds a store with 100,000
// memberships, runs 32 clients writing preferences, kills the emulator
// with SIGKILL after 2,000 acknowledged writes, restarts it and reads every
// membership written: each acknowledged write is there; a write in flight
// at the kill is there or the value before it is.
func TestKill9UnderLoadLosesNoAcknowledgedWrite(t *testing.T) {
	bin := buildEmulator(t)
	path := filepath.Join(t.TempDir(), "state.db")
	st := generatedState(testRegion, chimesdkmessagingtest.DefaultAccountID, kill9Memberships, kill9PerChannel)
	require.Equal(t, kill9Memberships, countMemberships(st))
	store, err := openStore(path)
	require.NoError(t, err)
	require.NoError(t, store.replace(st))
	require.NoError(t, store.close())

	// Client w writes memberships w, w+32, ... of the state.
	targets := make([][]*kill9Target, kill9Clients)
	i := 0
	for _, ch := range st.Channels {
		for _, m := range ch.Memberships {
			targets[i%kill9Clients] = append(targets[i%kill9Clients], &kill9Target{channel: ch.Arn, member: m.MemberArn})
			i++
		}
	}
	args := []string{"-addr", "127.0.0.1:0", "-state", path}
	for run := 1; run <= *kill9Runs; run++ {
		e := startEmulator(t, bin, testEnv(), args...)
		written := kill9Load(t, e, run, targets)
		e2 := startEmulator(t, bin, testEnv(), args...)
		cli := newAWSCLI(e2.url, testRegion, testAccessKeyID, testSecret)
		acked := 0
		for _, tg := range written {
			r, err := cli.do(t, http.MethodGet, tg.channel, tg.member, tg.member, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.Status, r.Body)
			o := decodeOutput(t, r)
			if tg.acked == 0 {
				// In flight at the kill: this write, or what was there
				// before it (nothing, or an earlier run's).
				if o.Preferences != nil {
					var rule struct{ Run, Seq []string }
					require.NoError(t, json.Unmarshal([]byte(o.Preferences.PushNotifications.FilterRule), &rule))
					was, _ := strconv.Atoi(rule.Run[0])
					assert.True(t, was < run || rule.Seq[0] == strconv.Itoa(tg.sent), "run %d: %s holds %v", run, tg.member, rule)
				}
				continue
			}
			acked++
			require.NotNil(t, o.Preferences, "run %d: %s in %s lost its acknowledged write %d", run, tg.member, tg.channel, tg.acked)
			want := fmt.Sprintf(`{"run":["%d"],"seq":["%d"]}`, run, tg.acked)
			require.Equal(t, want, o.Preferences.PushNotifications.FilterRule, "run %d: %s in %s lost its acknowledged write", run, tg.member, tg.channel)
		}
		t.Logf("run %d: %d writes acknowledged before SIGKILL (%d in flight), every one found after restart", run, acked, len(written)-acked)
		require.GreaterOrEqual(t, acked, kill9AcksBeforeKill)
		require.Equal(t, 0, e2.stop(t, syscall.SIGTERM))
	}
}

// kill9Load runs the clients until kill9AcksBeforeKill writes are
// acknowledged, kills the emulator with SIGKILL, waits for every client
// to stop and returns the memberships written.
func kill9Load(t *testing.T, e *emulator, run int, targets [][]*kill9Target) []*kill9Target {
	t.Helper()
	acks := make(chan struct{}, kill9AcksBeforeKill)
	for _, ts := range targets {
		for _, tg := range ts {
			tg.acked, tg.sent = 0, 0
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var written []*kill9Target
	for w := range kill9Clients {
		cli := newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)
		cli.http.Transport.(*http.Transport).DisableKeepAlives = false
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 1; n <= len(targets[w]); n++ { // bounded: each membership once at most
				tg := targets[w][n-1]
				tg.acked, tg.sent = 0, n
				mu.Lock()
				written = append(written, tg)
				mu.Unlock()
				rule := fmt.Sprintf(`{"run":["%d"],"seq":["%d"]}`, run, n)
				r, err := cli.do(t, http.MethodPut, tg.channel, tg.member, tg.member, putBody("FILTERED", rule))
				if err != nil || r.Status != http.StatusOK {
					return // killed
				}
				tg.acked = n
				select {
				case acks <- struct{}{}:
				default:
				}
			}
		}()
	}
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	for range kill9AcksBeforeKill {
		select {
		case <-acks:
		case <-stopped:
			require.FailNow(t, "every client stopped before the kill", "emulator log:\n%s", e.logs)
		}
	}
	require.NoError(t, e.cmd.Process.Kill())
	<-e.exited
	<-stopped
	return written
}

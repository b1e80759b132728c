package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// stateStore is the emulator's state in a bbolt file: one key per record
// (an app instance, user, bot, admin, channel, membership with its
// preferences, moderator or ban), so a change writes the records it
// changes and nothing else, and one transaction per group of changes the
// fake hands over, so concurrent Puts share one commit and its fsync. A
// transaction is durable when commit returns (bbolt syncs the file before
// it returns), and the fake acknowledges a change only then.
type stateStore struct {
	db   *bolt.DB
	path string
}

// storeFormat is the layout version kept in the meta bucket.
const storeFormat = "1"

// Bucket names. A key of a record that belongs to two things joins their
// ARNs with keySep, which no ARN contains.
var (
	bucketMeta        = []byte("meta")
	bucketAppInstance = []byte("app-instances") // ARN → name
	bucketIdentity    = []byte("identities")    // ARN → 'u' or 'b', then the name
	bucketAdmin       = []byte("admins")        // app instance ARN, user ARN → ""
	bucketChannel     = []byte("channels")      // ARN → name
	bucketMembership  = []byte("memberships")   // channel ARN, member ARN → preferences JSON ("" until set)
	bucketModerator   = []byte("moderators")    // channel ARN, member ARN → ""
	bucketBan         = []byte("bans")          // channel ARN, member ARN → ""
	recordBuckets     = [][]byte{bucketAppInstance, bucketIdentity, bucketAdmin, bucketChannel, bucketMembership, bucketModerator, bucketBan}
	keyFormat         = []byte("format")
)

const keySep = "\x00"

func pairKey(a, b string) []byte { return []byte(a + keySep + b) }

// openStoreTimeout bounds the wait for another process's lock on the file.
const openStoreTimeout = 2 * time.Second

// openStore opens (or creates) the store at path, readable by its owner
// only: it holds filter rules and names.
func openStore(path string) (*stateStore, error) {
	// The start reads every page: MAP_POPULATE maps them in one go
	// instead of one fault a page.
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: openStoreTimeout, MmapFlags: mmapPopulate,
		NoFreelistSync: true, FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("state store %s is locked by another process (is another emulator using it?); stop it or pick another -state file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open state store %s (is it a state store or a JSON state file?): %w", path, err)
	}
	s := &stateStore{db: db, path: path}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if f := meta.Get(keyFormat); f != nil && string(f) != storeFormat {
			return fmt.Errorf("state store %s has layout %q; this emulator reads layout %s (export it with the emulator that wrote it, then -import-state)", path, f, storeFormat)
		}
		for _, b := range recordBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// close closes the store's file.
func (s *stateStore) close() error { return s.db.Close() }

// initialized reports whether a state was ever written to the store.
func (s *stateStore) initialized() (bool, error) {
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketMeta).Get(keyFormat) != nil
		return nil
	})
	return ok, err
}

// replace makes st the store's whole content, in one transaction.
func (s *stateStore) replace(st chimesdkmessagingtest.State) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range recordBuckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			b.FillPercent = 0.9 // written in key order
		}
		put := func(bucket, key []byte, val []byte) error { return tx.Bucket(bucket).Put(key, val) }
		for _, a := range st.AppInstances {
			if err := put(bucketAppInstance, []byte(a.Arn), []byte(a.Name)); err != nil {
				return err
			}
			for _, kind := range []struct {
				ids []chimesdkmessagingtest.IdentityState
				tag string
			}{{a.Users, "u"}, {a.Bots, "b"}} {
				for _, id := range kind.ids {
					if err := put(bucketIdentity, []byte(id.Arn), []byte(kind.tag+id.Name)); err != nil {
						return err
					}
				}
			}
			for _, adm := range a.Admins {
				if err := put(bucketAdmin, pairKey(a.Arn, adm), nil); err != nil {
					return err
				}
			}
		}
		for _, c := range st.Channels {
			if err := put(bucketChannel, []byte(c.Arn), []byte(c.Name)); err != nil {
				return err
			}
			for _, m := range c.Memberships {
				val, err := encodePreferences(m.Preferences)
				if err != nil {
					return err
				}
				if err := put(bucketMembership, pairKey(c.Arn, m.MemberArn), val); err != nil {
					return err
				}
			}
			for _, m := range c.Moderators {
				if err := put(bucketModerator, pairKey(c.Arn, m), nil); err != nil {
					return err
				}
			}
			for _, m := range c.Bans {
				if err := put(bucketBan, pairKey(c.Arn, m), nil); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(keyFormat, []byte(storeFormat))
	})
	if err != nil {
		return fmt.Errorf("write the state store %s: %w", s.path, err)
	}
	return nil
}

// commit writes a group of changes in one transaction; it returns when
// they are on disk.
func (s *stateStore) commit(changes []chimesdkmessagingtest.Change) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, c := range changes {
			if err := writeChange(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeChange writes the records one change sets and deletes those it
// removes.
func writeChange(tx *bolt.Tx, c chimesdkmessagingtest.Change) error {
	b := tx.Bucket
	switch c.Op {
	case chimesdkmessagingtest.OpCreateAppInstance:
		return b(bucketAppInstance).Put([]byte(c.Arn), []byte(c.Name))
	case chimesdkmessagingtest.OpCreateAppInstanceUser:
		return b(bucketIdentity).Put([]byte(c.Arn), []byte("u"+c.Name))
	case chimesdkmessagingtest.OpCreateAppInstanceBot:
		return b(bucketIdentity).Put([]byte(c.Arn), []byte("b"+c.Name))
	case chimesdkmessagingtest.OpCreateAppInstanceAdmin:
		return b(bucketAdmin).Put(pairKey(c.AppInstanceArn, c.Arn), nil)
	case chimesdkmessagingtest.OpCreateChannel:
		return b(bucketChannel).Put([]byte(c.Arn), []byte(c.Name))
	case chimesdkmessagingtest.OpCreateChannelMembership:
		return b(bucketMembership).Put(pairKey(c.ChannelArn, c.Arn), nil)
	case chimesdkmessagingtest.OpDeleteChannelMembership:
		return b(bucketMembership).Delete(pairKey(c.ChannelArn, c.Arn))
	case chimesdkmessagingtest.OpCreateChannelModerator:
		return b(bucketModerator).Put(pairKey(c.ChannelArn, c.Arn), nil)
	case chimesdkmessagingtest.OpCreateChannelBan:
		k := pairKey(c.ChannelArn, c.Arn)
		if err := b(bucketMembership).Delete(k); err != nil {
			return err
		}
		if err := b(bucketModerator).Delete(k); err != nil {
			return err
		}
		return b(bucketBan).Put(k, nil)
	case chimesdkmessagingtest.OpDeleteChannelBan:
		return b(bucketBan).Delete(pairKey(c.ChannelArn, c.Arn))
	case chimesdkmessagingtest.OpPutChannelMembershipPreferences:
		val, err := encodePreferences(c.Preferences)
		if err != nil {
			return err
		}
		return b(bucketMembership).Put(pairKey(c.ChannelArn, c.Arn), val)
	}
	return fmt.Errorf("the state store cannot write a change of kind %q", c.Op)
}

// encodePreferences is a membership record's value: nil for none.
func encodePreferences(p *chimesdkmessagingtest.Preferences) ([]byte, error) {
	if p == nil {
		return nil, nil
	}
	return json.Marshal(p)
}

// load reads the whole store as a State.
func (s *stateStore) load() (chimesdkmessagingtest.State, error) {
	st := chimesdkmessagingtest.State{Version: chimesdkmessagingtest.StateVersion}
	err := s.db.View(func(tx *bolt.Tx) error {
		apps := map[string]int{}
		if err := tx.Bucket(bucketAppInstance).ForEach(func(k, v []byte) error {
			apps[string(k)] = len(st.AppInstances)
			st.AppInstances = append(st.AppInstances, chimesdkmessagingtest.AppInstanceState{Arn: string(k), Name: string(v)})
			return nil
		}); err != nil {
			return err
		}
		// ARNs are kept once: a membership, moderator, ban or admin
		// refers to its identity's string.
		arns := map[string]string{}
		if err := tx.Bucket(bucketIdentity).ForEach(func(k, v []byte) error {
			arn := string(k)
			i, ok := apps[appInstanceOf(arn)]
			if !ok || len(v) == 0 {
				return fmt.Errorf("identity record %q is damaged or has no app instance", arn)
			}
			arns[arn] = arn
			id := chimesdkmessagingtest.IdentityState{Arn: arn, Name: string(v[1:])}
			if v[0] == 'b' {
				st.AppInstances[i].Bots = append(st.AppInstances[i].Bots, id)
			} else {
				st.AppInstances[i].Users = append(st.AppInstances[i].Users, id)
			}
			return nil
		}); err != nil {
			return err
		}
		ref := func(arn []byte) string {
			if s, ok := arns[string(arn)]; ok {
				return s
			}
			return string(arn) // the fake's checks name what it is missing
		}
		if err := forEachPair(tx, bucketAdmin, func(app, user []byte, _ []byte) error {
			i, ok := apps[string(app)]
			if !ok {
				return fmt.Errorf("admin record of app instance %q that does not exist", app)
			}
			st.AppInstances[i].Admins = append(st.AppInstances[i].Admins, ref(user))
			return nil
		}); err != nil {
			return err
		}
		chans := map[string]int{}
		if err := tx.Bucket(bucketChannel).ForEach(func(k, v []byte) error {
			chans[string(k)] = len(st.Channels)
			st.Channels = append(st.Channels, chimesdkmessagingtest.ChannelState{Arn: string(k), Name: string(v)})
			return nil
		}); err != nil {
			return err
		}
		// Records are in key order, so a channel's come together: the
		// last channel found is looked up once.
		var last *chimesdkmessagingtest.ChannelState
		channelOf := func(ch []byte) (*chimesdkmessagingtest.ChannelState, error) {
			if last != nil && last.Arn == string(ch) {
				return last, nil
			}
			i, ok := chans[string(ch)]
			if !ok {
				return nil, fmt.Errorf("record of channel %q that does not exist", ch)
			}
			last = &st.Channels[i]
			return last, nil
		}
		if err := forEachPair(tx, bucketMembership, func(ch, member, v []byte) error {
			c, err := channelOf(ch)
			if err != nil {
				return err
			}
			m := chimesdkmessagingtest.MembershipState{MemberArn: ref(member)}
			if len(v) > 0 {
				m.Preferences = &chimesdkmessagingtest.Preferences{}
				if err := json.Unmarshal(v, m.Preferences); err != nil {
					return fmt.Errorf("preferences of %s in %s are damaged: %w", member, ch, err)
				}
			}
			c.Memberships = append(c.Memberships, m)
			return nil
		}); err != nil {
			return err
		}
		for _, roles := range []struct {
			bucket []byte
			add    func(c *chimesdkmessagingtest.ChannelState, arn string)
		}{
			{bucketModerator, func(c *chimesdkmessagingtest.ChannelState, arn string) { c.Moderators = append(c.Moderators, arn) }},
			{bucketBan, func(c *chimesdkmessagingtest.ChannelState, arn string) { c.Bans = append(c.Bans, arn) }},
		} {
			if err := forEachPair(tx, roles.bucket, func(ch, member, _ []byte) error {
				c, err := channelOf(ch)
				if err != nil {
					return err
				}
				roles.add(c, ref(member))
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("state store %s is damaged (export what can be read or move it away to start from the seed): %w", s.path, err)
	}
	return st, nil
}

// forEachPair calls fn with the two ARNs and the value of every record of
// a bucket keyed by pairKey, in key order.
func forEachPair(tx *bolt.Tx, bucket []byte, fn func(a, b, v []byte) error) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		i := bytes.IndexByte(k, keySep[0])
		if i < 0 {
			return fmt.Errorf("record %q in %s has no separator", k, bucket)
		}
		return fn(k[:i], k[i+1:], v)
	})
}

// appInstanceOf returns the app instance ARN of a user or bot ARN
// ({app instance ARN}/user/{id} or /bot/{id}), or "".
func appInstanceOf(arn string) string {
	i := strings.Index(arn, ":app-instance/")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(arn[i+len(":app-instance/"):], '/')
	if j < 0 {
		return ""
	}
	return arn[:i+len(":app-instance/")+j]
}

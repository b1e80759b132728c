package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// jsonStoreSuffix names the store kept beside a JSON state file named by
// -state: the JSON file is imported into it on first start and kept.
const jsonStoreSuffix = ".db"

// stateAtStart is the -state store, opened, and what it holds.
type stateAtStart struct {
	store *stateStore
	// state is the store's content, or a JSON state file's to import;
	// found is false when there is neither (the seed, if any, is used).
	state chimesdkmessagingtest.State
	found bool
	// initialized is false until the store holds a state; then the
	// starting state must be written to it.
	initialized bool
}

// openState opens the store -state names and reads what it holds. When
// -state names a JSON state file (as the emulator wrote before it kept
// its state in a store), the store is that name plus [jsonStoreSuffix]:
// on the first start the JSON file is imported into it, and it is kept
// as it was; later starts read the store.
func openState(statePath string, log *slog.Logger) (*stateAtStart, error) {
	storePath := statePath
	legacy, err := isJSONStateFile(statePath)
	if err != nil {
		return nil, err
	}
	if legacy {
		storePath = statePath + jsonStoreSuffix
	}
	store, err := openStore(storePath)
	if err != nil {
		return nil, err
	}
	s := &stateAtStart{store: store}
	if s.initialized, err = store.initialized(); err != nil {
		_ = store.close()
		return nil, err
	}
	switch {
	case s.initialized:
		s.state, err = store.load()
		s.found = err == nil
		if legacy {
			log.Info("the JSON state file was imported into the state store before; the store is read and the JSON file is not", "json", statePath, "store", storePath)
		}
	case legacy:
		s.state, s.found, err = readStateFile(statePath)
		log.Info("importing the JSON state file into a state store; the JSON file is kept and no longer written (use -export-state to write one)", "json", statePath, "store", storePath)
	}
	if err != nil {
		_ = store.close()
		return nil, err
	}
	return s, nil
}

// exportState writes the state the -state store holds to path as a JSON
// state file.
func exportState(statePath, path string, log *slog.Logger) error {
	s, err := openState(statePath, log)
	if err != nil {
		return err
	}
	defer s.store.close()
	if !s.found {
		return fmt.Errorf("-state %s holds no state yet; start the emulator with it (and -seed) first", statePath)
	}
	if err := writeStateFile(path, s.state); err != nil {
		return err
	}
	log.Info("state exported", "file", path, "app_instances", len(s.state.AppInstances), "channels", len(s.state.Channels), "memberships", countMemberships(s.state))
	return nil
}

// importState replaces what the -state store holds with the JSON state
// file at path, after checking it as the fake checks a restored state.
func importState(statePath, path string, log *slog.Logger) error {
	st, found, err := readStateFile(path)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("-import-state %s does not exist", path)
	}
	if err := chimesdkmessagingtest.NewService().Restore(st); err != nil {
		return fmt.Errorf("-import-state %s: %w", path, err)
	}
	s, err := openState(statePath, log)
	if err != nil {
		return err
	}
	defer s.store.close()
	if err := s.store.replace(st); err != nil {
		return err
	}
	log.Info("state imported", "file", path, "store", s.store.path, "app_instances", len(st.AppInstances), "channels", len(st.Channels), "memberships", countMemberships(st))
	return nil
}

// persistChanges is the fake's change hook: it writes a group of changes
// to the store in one transaction.
func persistChanges(store *stateStore, log *slog.Logger) func([]chimesdkmessagingtest.Change) error {
	return func(changes []chimesdkmessagingtest.Change) error {
		if err := store.commit(changes); err != nil {
			log.Error("persisting changes failed; they were not made and their requests are answered with ServiceFailureException", "changes", len(changes), "error", err)
			return errors.New("the emulator could not write its state store")
		}
		return nil
	}
}

func countMemberships(st chimesdkmessagingtest.State) int {
	n := 0
	for _, c := range st.Channels {
		n += len(c.Memberships)
	}
	return n
}

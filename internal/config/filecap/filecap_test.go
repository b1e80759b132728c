package filecap_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

func TestReadAcceptsUpToTheCap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(p, []byte(strings.Repeat("a", filecap.MaxBytes)), 0o600))
	got, err := filecap.Read(p, nil)
	require.NoError(t, err)
	assert.Len(t, got, filecap.MaxBytes)
}

func TestReadRefusesALargerFileNamingItAndTheCap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(p, []byte(strings.Repeat("a", filecap.MaxBytes+1)), 0o600))
	for name, read := range map[string]func(string) ([]byte, error){"file system": nil, "injected ReadFile": os.ReadFile} {
		t.Run(name, func(t *testing.T) {
			_, err := filecap.Read(p, read)
			require.ErrorIs(t, err, filecap.ErrTooLarge)
			assert.Contains(t, err.Error(), p)
			assert.Contains(t, err.Error(), "larger than 1 MiB (1048576 bytes)")
		})
	}
}

// TestReadStopsAtTheCapOnAnEndlessFile: /dev/zero never ends; reading it
// whole would never return.
func TestReadStopsAtTheCapOnAnEndlessFile(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("needs /dev/zero")
	}
	_, err := filecap.Read("/dev/zero", nil)
	require.ErrorIs(t, err, filecap.ErrTooLarge)
}

func TestReadKeepsNotExist(t *testing.T) {
	_, err := filecap.Read(filepath.Join(t.TempDir(), "missing"), nil)
	assert.True(t, errors.Is(err, fs.ErrNotExist))
}

package ini

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

// Env is how the shared files are found: the environment and the home
// directory. Nil functions default to os.Getenv, os.UserHomeDir and
// os.ReadFile.
type Env struct {
	Getenv      func(string) string
	UserHomeDir func() (string, error)
	ReadFile    func(string) ([]byte, error)
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// Paths returns the config and credentials file paths: AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. A
// leading "~/" in the variables is expanded.
func (e Env) Paths() (configPath, credentialsPath string, err error) {
	home := ""
	homeErr := error(nil)
	homeDir := func() string {
		if home == "" && homeErr == nil {
			f := e.UserHomeDir
			if f == nil {
				f = os.UserHomeDir
			}
			home, homeErr = f()
			if homeErr == nil && home == "" {
				homeErr = errors.New("home directory is empty")
			}
		}
		return home
	}
	resolve := func(envVar, def string) string {
		p := e.getenv(envVar)
		if p == "" {
			if h := homeDir(); h != "" {
				return filepath.Join(h, ".aws", def)
			}
			return ""
		}
		if rest, ok := strings.CutPrefix(p, "~/"); ok {
			if h := homeDir(); h != "" {
				return filepath.Join(h, rest)
			}
			return ""
		}
		return p
	}
	configPath = resolve("AWS_CONFIG_FILE", "config")
	credentialsPath = resolve("AWS_SHARED_CREDENTIALS_FILE", "credentials")
	if homeErr != nil && (configPath == "" || credentialsPath == "") {
		return configPath, credentialsPath, fmt.Errorf("cannot locate the shared AWS files: %v; set HOME, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE", homeErr)
	}
	return configPath, credentialsPath, nil
}

// ProfileName returns the profile to use: explicit if set, else AWS_PROFILE,
// else "default". fromEnv reports that AWS_PROFILE chose it.
func (e Env) ProfileName(explicit string) (name string, fromEnv bool) {
	if explicit != "" {
		return explicit, false
	}
	if p := e.getenv("AWS_PROFILE"); p != "" {
		return p, true
	}
	return "default", false
}

// Load finds, reads and parses both shared files. A file that does not
// exist is not an error; it is simply nil in the result. A file larger than
// filecap.MaxBytes (1 MiB) is an error naming it.
func (e Env) Load() (Shared, error) {
	cfgPath, credPath, err := e.Paths()
	if err != nil {
		return Shared{}, err
	}
	var s Shared
	if s.Config, err = e.loadFile(cfgPath); err != nil {
		return Shared{}, err
	}
	if s.Credentials, err = e.loadFile(credPath); err != nil {
		return Shared{}, err
	}
	return s, nil
}

func (e Env) loadFile(path string) (*File, error) {
	if path == "" {
		return nil, nil
	}
	data, err := filecap.Read(path, e.ReadFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case errors.Is(err, filecap.ErrTooLarge):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("read shared AWS file %s: %w", path, err)
	}
	return Parse(data, path)
}

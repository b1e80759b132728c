package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// The cases of testdata/awscli/cases.json are command lines of the AWS CLI's
// "aws chime-sdk-messaging" and of chimeprefs alike; testdata/awscli/golden
// holds what the AWS CLI printed for each (see testdata/awscli/README.md).

const (
	awsTestAccessKeyID = "AKIDRECORD"
	awsTestSecret      = "record-secret"
)

// awsCase is one command line of cases.json.
type awsCase struct {
	Name  string   `json:"name"`
	Args  []string `json:"args"`
	Width int      `json:"width"` // terminal width; 0: not a terminal (80)
}

func loadAWSCases(t *testing.T) []awsCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "awscli", "cases.json"))
	require.NoError(t, err)
	var cases []awsCase
	require.NoError(t, json.Unmarshal(data, &cases))
	require.NotEmpty(t, cases)
	return cases
}

// seedFile is the part of the emulator's seed format testdata/awscli/seed.json
// uses.
type seedFile struct {
	AppInstances []struct {
		ID    string `json:"Id"`
		Name  string
		Users []struct {
			ID   string `json:"Id"`
			Name string
		}
		Channels []struct {
			ID      string `json:"Id"`
			Name    string
			Members []string
		}
	}
}

// newSeededServer starts the fake service, the emulator's core, with the
// state of testdata/awscli/seed.json, as record.sh starts the emulator.
func newSeededServer(t *testing.T) *chimesdkmessagingtest.Server {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "awscli", "seed.json"))
	require.NoError(t, err)
	var seed seedFile
	require.NoError(t, json.Unmarshal(data, &seed))
	srv := chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithCredentials(awsTestAccessKeyID, awsTestSecret, ""), chimesdkmessagingtest.WithRegion("us-east-1"))
	t.Cleanup(srv.Close)
	for _, a := range seed.AppInstances {
		app, err := srv.CreateAppInstance(a.ID, a.Name)
		require.NoError(t, err)
		users := map[string]string{}
		for _, u := range a.Users {
			users[u.ID], err = srv.CreateAppInstanceUser(app, u.ID, u.Name)
			require.NoError(t, err)
		}
		for _, c := range a.Channels {
			ch, err := srv.CreateChannel(app, c.ID, c.Name)
			require.NoError(t, err)
			for _, m := range c.Members {
				require.NoError(t, srv.CreateChannelMembership(ch, users[m]))
			}
		}
	}
	return srv
}

// terminalBuffer stands for a terminal of the given width.
type terminalBuffer struct {
	bytes.Buffer
	width int
}

func (b *terminalBuffer) terminalWidth() int { return b.width }

// awsTestEnv is the environment of both commands: the emulator's
// credentials and region, and no shared files of the machine's user.
func awsTestEnv(home string) map[string]string {
	return map[string]string{
		"HOME":                        home,
		"AWS_CONFIG_FILE":             filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ACCESS_KEY_ID":           awsTestAccessKeyID,
		"AWS_SECRET_ACCESS_KEY":       awsTestSecret,
		"AWS_DEFAULT_REGION":          "us-east-1",
	}
}

// runChimeprefsCases runs every case with chimeprefs, in order, against a
// fresh seeded server, and returns the outputs by case name.
func runChimeprefsCases(t *testing.T, cases []awsCase) map[string]string {
	t.Helper()
	srv := newSeededServer(t)
	env := awsTestEnv(t.TempDir())
	out := map[string]string{}
	for _, c := range cases {
		stdout := &terminalBuffer{width: defaultTerminalWidth}
		if c.Width > 0 {
			stdout.width = c.Width
		}
		var stderr bytes.Buffer
		argv := append(append([]string{}, c.Args...), "--endpoint-url", srv.URL)
		code := run(context.Background(), argv, stdout, &stderr, func(k string) string { return env[k] })
		require.Equal(t, exitOK, code, "%s: %s", c.Name, stderr.String())
		require.Empty(t, stderr.String(), c.Name)
		out[c.Name] = stdout.String()
	}
	return out
}

// TestOutputMatchesAWSCLIRecording compares chimeprefs' output, byte for
// byte, with the AWS CLI's recorded for the same command lines against the
// same emulator state.
func TestOutputMatchesAWSCLIRecording(t *testing.T) {
	cases := loadAWSCases(t)
	got := runChimeprefsCases(t, cases)
	formats := map[string]int{}
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join("testdata", "awscli", "golden", c.Name))
		require.NoError(t, err, "record it with testdata/awscli/record.sh")
		assert.Equal(t, string(want), got[c.Name], "%s: chimeprefs %s", c.Name, strings.Join(c.Args, " "))
		formats[filepath.Ext(c.Name)]++
	}
	assert.Positive(t, formats[".json"])
	assert.Positive(t, formats[".text"])
	assert.Positive(t, formats[".table"])
}

// TestOutputMatchesAWSCLILive runs the AWS CLI found on PATH and chimeprefs
// on the same cases, each against a fresh fake service seeded alike (the
// service the emulator serves), and compares their outputs.
func TestOutputMatchesAWSCLILive(t *testing.T) {
	awsPath, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws (the AWS CLI) is not on PATH; TestOutputMatchesAWSCLIRecording compares with its recorded output instead")
	}
	cases := loadAWSCases(t)
	srv := newSeededServer(t)
	home := t.TempDir()
	environ := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			environ = append(environ, kv)
		}
	}
	for k, v := range awsTestEnv(home) {
		environ = append(environ, k+"="+v)
	}

	awsOut := runAWSCLI(t, awsPath, environ, cases, srv.URL)
	got := runChimeprefsCases(t, cases)
	compared := 0
	for _, c := range cases {
		want, ok := awsOut[c.Name]
		if !ok {
			continue
		}
		compared++
		assert.Equal(t, want, got[c.Name], "%s: the AWS CLI and chimeprefs differ", c.Name)
	}
	assert.Positive(t, compared)
	t.Logf("compared %d of %d cases with %s", compared, len(cases), awsPath)
}

// runAWSCLI returns the AWS CLI's output for each case. When python3
// imports the same awscli version "aws --version" reports, the cases run in
// one Python process through awscli's own driver (run_aws.py), which is what
// the aws command runs, minus a Python start per case; otherwise aws runs
// once per case, leaving out the cases that need a terminal width or have
// --query.
func runAWSCLI(t *testing.T, awsPath string, environ []string, cases []awsCase, endpoint string) map[string]string {
	t.Helper()
	cmd := exec.Command(awsPath, "--version")
	cmd.Env = environ
	versionOut, err := cmd.CombinedOutput()
	require.NoError(t, err, "aws --version: %s", versionOut)
	version := regexp.MustCompile(`aws-cli/(\S+)`).FindSubmatch(versionOut)
	require.NotNil(t, version, "aws --version printed %q", versionOut)

	out := map[string]string{}
	if python, err := exec.LookPath("python3"); err == nil {
		cmd := exec.Command(python, filepath.Join("testdata", "awscli", "run_aws.py"), filepath.Join("testdata", "awscli", "cases.json"), endpoint)
		cmd.Env = environ
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		var batch struct {
			AWSCLI  string `json:"awscli"`
			Results []struct {
				Name, Stdout, Stderr string
				RC                   int
			} `json:"results"`
		}
		if err == nil && json.Unmarshal(stdout, &batch) == nil && batch.AWSCLI == string(version[1]) {
			for _, r := range batch.Results {
				require.Equal(t, 0, r.RC, "%s: aws failed: %s", r.Name, r.Stderr)
				out[r.Name] = r.Stdout
			}
			return out
		}
		t.Logf("python3 does not run the aws command's awscli %s (%v, %s); running aws once per case", version[1], err, stderr.String())
	}
	for _, c := range cases {
		if c.Width > 0 || slices.Contains(c.Args, "--query") {
			// aws's terminal width cannot be set from here, and a Python
			// start per case is slow: the --query cases (which change
			// nothing) are left to the recording.
			continue
		}
		cmd := exec.Command(awsPath, append(append([]string{"chime-sdk-messaging"}, c.Args...), "--endpoint-url", endpoint)...)
		cmd.Env = environ
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		require.NoError(t, err, "%s: aws: %s", c.Name, stderr.String())
		out[c.Name] = string(stdout)
	}
	return out
}

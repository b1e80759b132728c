package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

func TestControlAddrLoopbackOnly(t *testing.T) {
	tests := []struct {
		addr, want string
	}{
		{"127.0.0.1:8001", ""},
		{"[::1]:8001", ""},
		{"localhost:8001", ""},
		{"0.0.0.0:8001", "is not a loopback address"},
		{":8001", "is not a loopback address"},
		{"192.168.1.10:8001", "is not a loopback address"},
		{"[::]:8001", "is not a loopback address"},
		{"8001", "is not host:port"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			var stderr bytes.Buffer
			_, err := parseConfig([]string{"-control-addr", tt.addr, "-allow-non-loopback"}, func(string) string { return "" }, &stderr)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "-control-addr")
		})
	}
}

func TestRateLimitFlag(t *testing.T) {
	tests := []struct {
		args []string
		want []chimesdkmessagingtest.RateLimit
		err  string
	}{
		{[]string{"-rate-limit", "10"}, []chimesdkmessagingtest.RateLimit{{PerSecond: 10, Burst: 10}}, ""},
		{[]string{"-rate-limit", "0.5/3", "-rate-limit", "PutChannelMembershipPreferences=2"},
			[]chimesdkmessagingtest.RateLimit{{PerSecond: 0.5, Burst: 3}, {Operation: chimesdkmessagingtest.OperationPut, PerSecond: 2, Burst: 2}}, ""},
		{[]string{"-rate-limit", "GetChannelMembershipPreferences=1/1"}, []chimesdkmessagingtest.RateLimit{{Operation: chimesdkmessagingtest.OperationGet, PerSecond: 1, Burst: 1}}, ""},
		{[]string{"-rate-limit", "fast"}, nil, `RATE "fast" is not a number`},
		{[]string{"-rate-limit", "5/0"}, nil, `BURST "0" must be a whole number`},
		{[]string{"-rate-limit", "Put=5"}, nil, `operation "Put" is not an operation of this service`},
		{[]string{"-rate-limit", "-1"}, nil, "ratePerSecond -1 must be a positive number"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			cfg, err := parseConfig(tt.args, func(string) string { return "" }, &stderr)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error()+stderr.String(), tt.err)
				return
			}
			require.NoError(t, err)
			svc := chimesdkmessagingtest.NewService()
			require.NoError(t, applyControlFlags(cfg.control, svc))
			assert.ElementsMatch(t, tt.want, svc.RateLimits())
		})
	}
}

func TestFaultsFileAndLatencyFlag(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "faults.json")
	require.NoError(t, os.WriteFile(good, []byte(`[{"operation":"PutChannelMembershipPreferences","probability":0.1,"error":{"code":"ServiceUnavailableException"}},{"count":3,"drop":"after-apply"}]`), 0o600))
	cfg, err := parseConfig([]string{"-faults", good, "-latency", "20ms"}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	svc := chimesdkmessagingtest.NewService()
	require.NoError(t, applyControlFlags(cfg.control, svc))
	assert.Equal(t, []chimesdkmessagingtest.FaultRule{
		{Operation: chimesdkmessagingtest.OperationPut, Probability: 0.1, Fault: chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ServiceUnavailableException}},
		{Probability: 1, Count: 3, Fault: chimesdkmessagingtest.Fault{Drop: chimesdkmessagingtest.DropAfterApply}},
	}, svc.FaultRules())
	assert.Equal(t, 20*time.Millisecond, svc.Latency())

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"probability":"half"}]`), 0o600))
	_, err = parseConfig([]string{"-faults", bad}, func(string) string { return "" }, io.Discard)
	require.ErrorContains(t, err, "field probability must be a JSON number, not string")

	badRule := filepath.Join(dir, "rule.json")
	require.NoError(t, os.WriteFile(badRule, []byte(`[{"region":"eu-west-1"}]`), 0o600))
	cfg, err = parseConfig([]string{"-faults", badRule}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err, "the region is checked against the service's")
	require.ErrorContains(t, applyControlFlags(cfg.control, chimesdkmessagingtest.NewService()), `rule 0: region "eu-west-1" is not the emulator's region us-east-1`)
}

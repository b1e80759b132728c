package config

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// setting is one raw value found for a setting, with its origin.
type setting struct {
	value  string
	origin string
	ok     bool
}

// loader holds what Load has read.
type loader struct {
	getenv  func(string) string
	profile string
	vals    map[string]ini.Value
	files   ini.Shared
}

// fromEnv returns the first non-empty variable among names.
func (l *loader) fromEnv(names ...string) setting {
	for _, n := range names {
		if v := l.getenv(n); v != "" {
			return setting{value: v, origin: "environment variable " + n, ok: true}
		}
	}
	return setting{}
}

// fromProfile returns the profile's key.
func (l *loader) fromProfile(key string) setting {
	v, ok := l.vals[key]
	if !ok || v.Value == "" {
		return setting{}
	}
	return setting{value: v.Value, origin: fmt.Sprintf("%s in profile %q (%s)", key, l.profile, v.Where()), ok: true}
}

// lookup returns the environment value, else the profile's.
func (l *loader) lookup(key string, envNames ...string) setting {
	if s := l.fromEnv(envNames...); s.ok {
		return s
	}
	return l.fromProfile(key)
}

// Load resolves the configuration:
//
//   - profile: LoadOptions.Profile, AWS_PROFILE, else "default"; a profile
//     chosen explicitly or by AWS_PROFILE must exist, and the error naming
//     one that does not says where the name came from
//     (LoadOptions.ProfileSource, or AWS_PROFILE);
//   - region: AWS_REGION, AWS_DEFAULT_REGION, profile region;
//   - endpoint: unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the
//     profile's ignore_configured_endpoint_urls) is true, the first of
//     AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING, AWS_ENDPOINT_URL, the
//     chime_sdk_messaging → endpoint_url key of the "[services name]"
//     section the profile's services key names, the profile's endpoint_url;
//   - AWS_USE_FIPS_ENDPOINT / use_fips_endpoint,
//     AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint: true or false;
//   - AWS_MAX_ATTEMPTS / max_attempts: an integer ≥ 1;
//   - AWS_RETRY_MODE / retry_mode: standard or adaptive;
//   - Credentials: credentials.NewDefaultChain in credentials.NewCache,
//     with the region, FIPS and dual-stack settings above for STS and IAM
//     Identity Center.
//
// ctx is accepted for symmetry with the SDKs; Load itself does no network
// I/O (credentials are fetched on first use).
func Load(ctx context.Context, o LoadOptions) (Config, error) {
	_ = ctx
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	env := ini.Env{Getenv: getenv, UserHomeDir: o.UserHomeDir, ReadFile: o.ReadFile}
	name, byEnv := env.ProfileName(o.Profile)
	files, err := env.Load()
	if err != nil {
		return Config{}, fmt.Errorf("load shared AWS config: %w", err)
	}
	profileSource := o.ProfileSource
	if profileSource == "" {
		profileSource = DefaultProfileSource
	}
	vals, found := files.Profile(name)
	if !found && (byEnv || o.Profile != "") {
		by := profileSource
		if byEnv {
			by = "AWS_PROFILE"
		}
		return Config{}, unknownProfileError(env, files, by, name)
	}
	l := &loader{getenv: getenv, profile: name, vals: vals, files: files}

	cfg := Config{Profile: name}
	if s := l.lookup("region", "AWS_REGION", "AWS_DEFAULT_REGION"); s.ok {
		cfg.Region, cfg.Origins.Region = strings.TrimSpace(s.value), s.origin
	}
	if o.Region != "" {
		cfg.Region, cfg.Origins.Region = o.Region, "LoadOptions.Region"
	}
	if err := l.endpoint(&cfg); err != nil {
		return Config{}, err
	}
	if cfg.UseFIPSEndpoint, cfg.Origins.UseFIPSEndpoint, err = l.boolSetting("use_fips_endpoint", "AWS_USE_FIPS_ENDPOINT"); err != nil {
		return Config{}, err
	}
	if cfg.UseDualStackEndpoint, cfg.Origins.UseDualStackEndpoint, err = l.boolSetting("use_dualstack_endpoint", "AWS_USE_DUALSTACK_ENDPOINT"); err != nil {
		return Config{}, err
	}
	if s := l.lookup("max_attempts", "AWS_MAX_ATTEMPTS"); s.ok {
		n, err := strconv.Atoi(strings.TrimSpace(s.value))
		if err != nil || n < 1 {
			return Config{}, fmt.Errorf("%s has value %q: max attempts must be a whole number of at least 1 (1 turns retries off), e.g. 3", s.origin, s.value)
		}
		cfg.MaxAttempts, cfg.Origins.MaxAttempts = n, s.origin
	}
	if s := l.lookup("retry_mode", "AWS_RETRY_MODE"); s.ok {
		m := strings.ToLower(strings.TrimSpace(s.value))
		if m != "standard" && m != "adaptive" {
			return Config{}, fmt.Errorf("%s has value %q: retry mode must be standard or adaptive", s.origin, s.value)
		}
		cfg.RetryMode, cfg.Origins.RetryMode = m, s.origin
	}

	var httpClient credentials.HTTPClient
	if o.HTTPClient != nil {
		httpClient = o.HTTPClient
	}
	chain := credentials.NewDefaultChain(credentials.DefaultChainOptions{
		Profile:        o.Profile,
		ProfileSource:  profileSource,
		Getenv:         getenv,
		UserHomeDir:    o.UserHomeDir,
		ReadFile:       o.ReadFile,
		HTTPClient:     httpClient,
		ContainerHost:  o.ContainerHost,
		IMDSEndpoint:   o.IMDSEndpoint,
		ProcessTimeout: o.ProcessTimeout,
		// STS and IAM Identity Center are called in the configuration's
		// region with its FIPS and dual-stack choice, as aws-sdk-go-v2's
		// clients made from the aws.Config are.
		STS: credentials.STSOptions{
			Region:               cfg.Region,
			UseFIPSEndpoint:      cfg.UseFIPSEndpoint != nil && *cfg.UseFIPSEndpoint,
			UseDualStackEndpoint: cfg.UseDualStackEndpoint != nil && *cfg.UseDualStackEndpoint,
			RetryDelay:           o.STSRetryDelay,
		},
		MFATokenProvider: o.MFATokenProvider,
	})
	cfg.Credentials = credentials.NewCache(chain, o.CacheOptions...)
	return cfg, nil
}

// boolSetting parses a true/false setting.
func (l *loader) boolSetting(key, envName string) (*bool, string, error) {
	s := l.lookup(key, envName)
	if !s.ok {
		return nil, "", nil
	}
	b, err := parseBool(s)
	if err != nil {
		return nil, "", err
	}
	return &b, s.origin, nil
}

func parseBool(s setting) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s.value)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%s has value %q: use true or false", s.origin, s.value)
}

// endpoint resolves the endpoint URL.
func (l *loader) endpoint(cfg *Config) error {
	if s := l.lookup("ignore_configured_endpoint_urls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"); s.ok {
		ignore, err := parseBool(s)
		if err != nil {
			return err
		}
		if ignore {
			return nil
		}
	}
	s := l.fromEnv(ServiceEndpointEnv, "AWS_ENDPOINT_URL")
	if !s.ok {
		var err error
		if s, err = l.servicesEndpoint(); err != nil {
			return err
		}
	}
	if !s.ok {
		s = l.fromProfile("endpoint_url")
	}
	if !s.ok {
		return nil
	}
	v := strings.TrimSpace(s.value)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s has value %q: the endpoint must be an absolute http or https URL such as https://example.com", s.origin, s.value)
	}
	cfg.BaseEndpoint, cfg.Origins.BaseEndpoint = v, s.origin
	return nil
}

// servicesEndpoint reads the profile's services section.
func (l *loader) servicesEndpoint() (setting, error) {
	ref, ok := l.vals["services"]
	if !ok || ref.Value == "" {
		return setting{}, nil
	}
	sec, ok := l.files.Services(ref.Value)
	if !ok {
		return setting{}, fmt.Errorf("services in profile %q (%s) has value %q but the config file has no [services %s] section; add it or remove the key", l.profile, ref.Where(), ref.Value, ref.Value)
	}
	svc, ok := sec[ServiceKey]
	if !ok {
		return setting{}, nil
	}
	for _, p := range svc.Sub {
		if p.Key == "endpoint_url" && p.Value != "" {
			return setting{
				value:  p.Value,
				origin: fmt.Sprintf("%s → endpoint_url in [services %s] (%s line %d)", ServiceKey, ref.Value, svc.Path, p.Line),
				ok:     true,
			}, nil
		}
	}
	return setting{}, nil
}

// unknownProfileError says that the profile name, given by by (e.g.
// "--profile" or "AWS_PROFILE"), is in neither shared file, and lists the
// profiles that are.
func unknownProfileError(env ini.Env, files ini.Shared, by, name string) error {
	cfgPath, credPath, _ := env.Paths()
	known := "no profiles are defined there"
	if names := files.ProfileNames(); len(names) > 0 {
		known = "defined profiles: " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%s=%q names a profile that is in neither %s nor %s (%s); create it there or fix %s", by, name, cfgPath, credPath, known, by)
}

package chimesdkmessaging

import (
	"os"
	"runtime"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/retry"
)

// buildUserAgent returns the User-Agent of a client, in the AWS SDK style:
//
//	chimekit-go/0.1.0 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 [exec-env/...] api/chimesdkmessaging#0.1.0 [app/...] m/E
//
// m/F marks adaptive retries, m/E standard ones.
func buildUserAgent(o Options) string {
	ua := "chimekit-go/" + Version + " ua/2.1 os/" + uaOS() +
		" lang/go#" + uaToken(strings.TrimPrefix(runtime.Version(), "go")) +
		" md/GOOS#" + runtime.GOOS + " md/GOARCH#" + runtime.GOARCH
	if env := os.Getenv("AWS_EXECUTION_ENV"); env != "" {
		ua += " exec-env/" + uaToken(env)
	}
	ua += " api/chimesdkmessaging#" + Version
	if o.AppID != "" {
		ua += " app/" + uaToken(o.AppID)
	}
	return ua + retryModeMetric(o.Retryer)
}

// retryModeMetric returns the User-Agent's retry-mode metric of a
// retryer, as aws-sdk-go-v2 marks its own: " m/F" for the built-in adaptive
// retryer, " m/E" for the built-in standard one (also when RetryMaxAttempts
// wraps either), and nothing for a retryer of the caller's, whose mode the
// client cannot know.
func retryModeMetric(r Retryer) string {
	if m, ok := r.(maxAttemptsRetryer); ok {
		r = m.Retryer
	}
	switch r.(type) {
	case *retry.Adaptive:
		return " m/F"
	case *retry.Standard:
		return " m/E"
	}
	return ""
}

func uaOS() string {
	switch runtime.GOOS {
	case "linux", "windows", "android", "ios":
		return runtime.GOOS
	case "darwin":
		return "macos"
	}
	return "other"
}

// uaToken replaces every character a User-Agent token may not hold with '-'.
func uaToken(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
			return r
		}
		return '-'
	}, s)
}

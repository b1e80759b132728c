package credentials

import (
	"context"
	"errors"
	"time"
)

// Resolution says how a chain found its credentials, without any secret:
// what `chimeprefs credentials` prints.
type Resolution struct {
	// Source names the chain entry that gave the credentials, e.g.
	// [WebIdentitySource] or [SharedSource].
	Source string
	// Steps is the trail inside that entry, innermost first: where the
	// first credentials came from, then each role assumed with them, e.g.
	// `static keys of profile "base" (...)`, "AssumeRole arn:... (profile
	// "dev")".
	Steps []string
	// Attempts are the entries asked before it, skipped or failed; when
	// the chain failed, the last one is the failure.
	Attempts []ChainAttempt
	// AccessKeyID is masked as [MaskAccessKeyID] masks it.
	AccessKeyID string
	// AccountID is the account of the credentials, when known.
	AccountID string
	// CanExpire and Expires say when the credentials stop working.
	CanExpire bool
	Expires   time.Time
}

// explainer is a provider that can report its resolution trail.
type explainer interface {
	explain(ctx context.Context) (Credentials, []string, error)
}

// Explain asks the providers in order, as Retrieve does, and reports how
// the credentials were found instead of returning them. On failure it
// returns the [ChainError] and a Resolution holding the attempts and the
// trail of the entry that failed.
func (c *ChainProvider) Explain(ctx context.Context) (Resolution, error) {
	if len(c.Providers) == 0 {
		return Resolution{}, errors.New("credential chain has no providers")
	}
	var r Resolution
	for _, p := range c.Providers {
		var creds Credentials
		var steps []string
		var err error
		if e, ok := p.(explainer); ok {
			creds, steps, err = e.explain(ctx)
		} else {
			creds, err = p.Retrieve(ctx)
			steps = []string{sourceName(p)}
		}
		if err == nil {
			r.Source, r.Steps = sourceName(p), steps
			r.AccessKeyID, r.AccountID = MaskAccessKeyID(creds.AccessKeyID), creds.AccountID
			r.CanExpire, r.Expires = creds.CanExpire, creds.Expires
			return r, nil
		}
		r.Attempts = append(r.Attempts, ChainAttempt{Source: sourceName(p), Err: err})
		if !errors.Is(err, ErrNotConfigured) {
			r.Steps = steps
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	return r, &ChainError{Attempts: r.Attempts}
}

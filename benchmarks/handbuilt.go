package benchmarks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// handRequest is the body of the hand-built request, marshalled per call.
type handRequest struct {
	Preferences handPreferences
}

type handPreferences struct {
	PushNotifications *handPush `json:",omitempty"`
}

type handPush struct {
	AllowNotifications string  `json:",omitempty"`
	FilterRule         *string `json:",omitempty"`
}

// handResponse is the decoded response of the hand-built request.
type handResponse struct {
	ChannelArn  *string
	Member      *struct{ Arn, Name *string }
	Preferences *handPreferences
}

// handLabel percent-encodes a path label the way a careful hand-written
// client would: url.PathEscape, plus ':' which it leaves alone.
func handLabel(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// newHandCall returns a call that builds the request with net/http and
// encoding/json, signs it with aws-sdk-go-v2's signer when sign is true, and
// decodes the response with encoding/json.
func newHandCall(endpoint string, hc *http.Client, sign bool) call {
	signer := v4.NewSigner()
	creds := aws.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey, Source: "static"}
	rule := filterRule
	in := handRequest{Preferences: handPreferences{PushNotifications: &handPush{AllowNotifications: "FILTERED", FilterRule: &rule}}}
	return func(ctx context.Context) error {
		body, err := json.Marshal(&in)
		if err != nil {
			return err
		}
		u := endpoint + "/channels/" + handLabel(channelArn) + "/memberships/" + handLabel(memberArn) + "/preferences"
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Amz-Chime-Bearer", memberArn)
		if sign {
			sum := sha256.Sum256(body)
			if err := signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "chime", region, time.Now()); err != nil {
				return err
			}
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer func() {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("hand-built: status %d", resp.StatusCode)
		}
		var out handResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return err
		}
		if out.ChannelArn == nil || *out.ChannelArn != channelArn {
			return fmt.Errorf("hand-built: unexpected output ChannelArn %v", out.ChannelArn)
		}
		return nil
	}
}

// newTransportOnlyCall returns a call that sends one prebuilt PUT without a
// body on the preferences path and drains and closes the response. It
// measures the fixed cost of http.Client.Do plus the transport.
func newTransportOnlyCall(endpoint string, hc *http.Client) (call, error) {
	u := endpoint + "/channels/" + handLabel(channelArn) + "/memberships/" + handLabel(memberArn) + "/preferences"
	req, err := http.NewRequest(http.MethodPut, u, nil)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		resp, err := hc.Do(req.WithContext(ctx))
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("transport-only: status %d", resp.StatusCode)
		}
		return nil
	}, nil
}

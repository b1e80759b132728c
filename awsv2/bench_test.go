package awsv2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
)

// BenchmarkPut measures one successful call against a local server: this
// library's client as is, through awsv2.New (aws-sdk-go-v2 compatibility,
// this library's retry loop), and through awsv2.New with an aws-sdk-go-v2
// retryer (aws-sdk-go-v2's retry loop).
func BenchmarkPut(b *testing.B) {
	rec := newRecorder(b)
	base := func() chime.Options {
		url := rec.URL
		return chime.Options{
			Region:       "us-east-1",
			BaseEndpoint: &url,
			Credentials:  awsv2.CredentialsProvider(awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, "")),
		}
	}
	clients := []struct {
		name   string
		client *chime.Client
	}{
		{"chimesdkmessaging.New", chime.New(base())},
		{"awsv2.New", awsv2.New(base())},
		{"awsv2.New/aws-retryer", awsv2.New(base(), func(o *chime.Options) { o.Retryer = retry.NewStandard() })},
	}
	for _, c := range clients {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec.mu.Lock()
				rec.requests = rec.requests[:0]
				rec.mu.Unlock()
				if _, err := c.client.PutChannelMembershipPreferences(context.Background(), putInput()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Package awsv2 builds chimesdkmessaging clients on which code written for
// aws-sdk-go-v2's service/chimesdkmessaging keeps working: from an
// [aws.Config] ([NewFromConfig]) or from Options holding aws-sdk-go-v2
// values ([New], with one-call conversions such as [CredentialsProvider]
// and [RetryMode]).
//
// It lives in its own module, github.com/chimekit/chimesdkmessaging/awsv2, so
// that the main module keeps its two dependencies; only applications that
// import this package pull in aws-sdk-go-v2.
//
// # Usage
//
//	cfg, err := config.LoadDefaultConfig(ctx) // SSO, web identity, assume-role, IMDS...
//	if err != nil {
//		return err
//	}
//	client := awsv2.NewFromConfig(cfg)
//
// Every credential source aws-sdk-go-v2 supports then signs this library's
// requests, and the region, endpoint, FIPS and dual-stack switches, retry
// settings, HTTP client, logger, application ID and APIOptions come from the
// same configuration. See [NewFromConfig] for exactly what is taken and what
// is left out, and [New] for what aws-sdk-go-v2 code finds on the client:
// request IDs, raw responses and attempt results in ResultMetadata through
// aws-sdk-go-v2's accessors, *awshttp.ResponseError over the typed
// exceptions, working user-agent helpers, and aws-sdk-go-v2 retryers run
// by aws-sdk-go-v2's own retry loop.
package awsv2

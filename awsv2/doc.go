// Package awsv2 builds chimesdkmessaging clients from aws-sdk-go-v2
// configuration, for applications that already load an [aws.Config].
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
// requests through [CredentialsAdapter], and the region, endpoint, FIPS and
// dual-stack switches, retry settings, HTTP client, logger and application ID
// come from the same configuration. See [NewFromConfig] for exactly what is
// taken and what is left out, and why.
package awsv2

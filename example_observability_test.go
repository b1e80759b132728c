package chimesdkmessaging_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/smithy-go/ptr"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// treePrinter is a minimal tracing.TracerProvider that prints each span as
// it starts, indented below its parent. Real programs pass an OpenTelemetry
// TracerProvider through the adapter of the otel module instead.
type treePrinter struct{}

type depthKey struct{}

func (treePrinter) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return treePrinter{} }

func (treePrinter) StartSpan(ctx context.Context, name string, _ ...tracing.SpanOption) (context.Context, tracing.Span) {
	depth, _ := ctx.Value(depthKey{}).(int)
	fmt.Println(strings.Repeat("  ", depth) + name)
	return context.WithValue(ctx, depthKey{}, depth+1), discardSpan{}
}

func examplePutInput() *chime.PutChannelMembershipPreferencesInput {
	return &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/ch-1"),
		MemberArn:   ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"),
		ChimeBearer: ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll},
		},
	}
}

// Setting Options.TracerProvider traces every call with the span names
// aws-sdk-go-v2 uses.
func Example_tracing() {
	srv := exampleServer()
	defer srv.Close()

	client := chime.New(chime.Options{
		Region:         "us-east-1",
		BaseEndpoint:   ptr.String(srv.URL),
		Credentials:    credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
		TracerProvider: treePrinter{},
	})
	if _, err := client.PutChannelMembershipPreferences(context.Background(), examplePutInput()); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// Chime SDK Messaging.PutChannelMembershipPreferences
	//   OperationSerializer
	//   ResolveEndpoint
	//   RetryLoop
	//     Attempt
	//       GetIdentity
	//       SignRequest
	//       DoHTTPRequest
	//       OperationDeserializer
}

// statusPrinter is an interceptor: it adds a header before each attempt is
// signed and prints the status of each response.
type statusPrinter struct{}

func (statusPrinter) BeforeSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	ic.Request.Header.Set("X-Team-Trace", "t-1") // set before signing, so it is signed
	return nil
}

func (statusPrinter) AfterTransmit(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	fmt.Println("HTTP status:", ic.Response.StatusCode)
	return nil
}

// Interceptors run at the hook points of aws-sdk-go-v2's interceptors;
// per-call options can add more for one call.
func Example_interceptors() {
	srv := exampleServer()
	defer srv.Close()

	var interceptors smithyhttp.InterceptorRegistry
	interceptors.AddBeforeSigning(statusPrinter{})
	interceptors.AddAfterTransmit(statusPrinter{})
	client := chime.New(chime.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
		Interceptors: interceptors,
	})
	_, err := client.PutChannelMembershipPreferences(context.Background(), examplePutInput())
	fmt.Println("error:", err)
	// Output:
	// HTTP status: 200
	// error: <nil>
}

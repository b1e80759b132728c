// Command stdout wires a chimesdkmessaging client to the OpenTelemetry SDK
// with the stdout trace and metric exporters, and makes one call against the
// in-process fake service (chimesdkmessagingtest), so it needs no AWS
// account:
//
//	cd otel && go run ./examples/stdout
//
// The spans and metrics print as JSON when the program ends.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/ptr"
	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/otel"
	"github.com/chimekit/chimesdkmessaging/types"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "stdout example:", err)
		os.Exit(1)
	}
}

// run makes the call and writes the exported spans and metrics to w.
func run(ctx context.Context, w io.Writer) (err error) {
	spanExporter, err := stdouttrace.New(stdouttrace.WithWriter(w), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spanExporter))
	metricExporter, err := stdoutmetric.New(stdoutmetric.WithWriter(w), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return err
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricExporter)))
	defer func() { // Shutdown flushes what is left to the exporters.
		err = errors.Join(err, tp.Shutdown(ctx), mp.Shutdown(ctx))
	}()

	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	app, err := srv.CreateAppInstance("example-app", "Example")
	if err != nil {
		return err
	}
	user, err := srv.CreateAppInstanceUser(app, "jane", "Jane")
	if err != nil {
		return err
	}
	channel, err := srv.CreateChannel(app, "general", "General")
	if err != nil {
		return err
	}
	if err := srv.CreateChannelMembership(channel, user); err != nil {
		return err
	}

	// The client takes the adapted providers as Options.TracerProvider and
	// Options.MeterProvider; its call span is a child of the application's
	// span below.
	tracerProvider := otel.AdaptTracerProvider(tp)
	meterProvider := otel.AdaptMeterProvider(mp)
	client := srv.Client(func(o *chimesdkmessaging.Options) {
		o.TracerProvider = tracerProvider
		o.MeterProvider = meterProvider
	})

	calls, err := meterProvider.Meter("example").Int64Counter("example.calls", func(o *metrics.InstrumentOptions) {
		o.UnitLabel = "{call}"
		o.Description = "Calls the example made"
	})
	if err != nil {
		return err
	}
	ctx, span := tracerProvider.Tracer("example").StartSpan(ctx, "update preferences", func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
	})
	defer span.End()
	_, err = client.PutChannelMembershipPreferences(ctx, &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(channel),
		MemberArn:   ptr.String(user),
		ChimeBearer: ptr.String(user),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll},
		},
	})
	calls.Add(ctx, 1, func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("rpc.method", "PutChannelMembershipPreferences")
	})
	if err != nil {
		span.SetStatus(tracing.SpanStatusError)
		return err
	}
	span.SetStatus(tracing.SpanStatusOK)
	return nil
}

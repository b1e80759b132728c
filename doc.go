// Package chimesdkmessaging is a client for Amazon Chime SDK Messaging's
// channel membership preferences: [Client.PutChannelMembershipPreferences]
// and [Client.GetChannelMembershipPreferences].
//
// It keeps the public names of aws-sdk-go-v2's service/chimesdkmessaging
// for these operations, at a fraction of the cost per call and with two
// dependencies (smithy-go, and testify in tests). Call sites (the methods,
// their inputs and outputs, package types, per-call option functions) stay
// as they are; construction and a few option fields are rewritten to go
// through the awsv2 module, as the repository's docs/migrating.md lists.
//
// # Making a call
//
//	client := chimesdkmessaging.New(chimesdkmessaging.Options{
//		Region:      "us-east-1",
//		Credentials: credentials.NewStaticCredentialsProvider(akid, secret, ""),
//	})
//	out, err := client.PutChannelMembershipPreferences(ctx, &chimesdkmessaging.PutChannelMembershipPreferencesInput{
//		ChannelArn:  ptr.String(channelArn),
//		MemberArn:   ptr.String(memberArn),
//		ChimeBearer: ptr.String(memberArn), // only the member may set its own preferences
//		Preferences: &types.ChannelMembershipPreferences{
//			PushNotifications: &types.PushNotificationPreferences{
//				AllowNotifications: types.AllowNotificationsFiltered,
//				FilterRule:         ptr.String(`{"type":["urgent"]}`),
//			},
//		},
//	})
//
// [NewFromEnvironment] reads region, endpoint, retry settings and
// credentials from the environment and the shared AWS files instead.
//
// # What a call does
//
// Each call runs a smithy-go middleware stack with the step and middleware
// IDs of aws-sdk-go-v2 (OperationInputValidation, OperationSerializer,
// ClientRequestID, UserAgent, RecursionDetection, ResolveEndpointV2, Retry,
// Signing, OperationDeserializer), so Options.APIOptions written for that
// SDK find their anchors. It checks the input (required members, ARN length
// and pattern, the FilterRule language of package filterrule) before
// anything is sent, builds the REST request, resolves the endpoint, signs
// each attempt with SigV4 (service "chime"), retries what is safe to retry,
// and decodes the response. It never follows a redirect (a 3xx is a
// [*RedirectError]) and bounds what it reads (Options.MaxResponseBytes,
// Options.ResponseBodyTimeout).
//
// # Errors
//
// Every error is a *smithy.OperationError naming the service and the
// operation. Invalid input is a smithy.InvalidParamsError value listing every
// violated rule with its member path. An error response is a
// [*ResponseError] (status code and request ID; errors.As also finds
// *smithyhttp.ResponseError) wrapping the API error: one of the modelled
// exceptions in package types —
//
//	BadRequestException          400  fix the input
//	UnauthorizedClientException  401
//	ForbiddenException           403  e.g. not your membership, or banned
//	ConflictException            409  (Put only)
//	ThrottledClientException     429  retried with a throttling backoff
//	ServiceFailureException      500  retried
//	ServiceUnavailableException  503  retried
//
// — or a *smithy.GenericAPIError for a code the operation does not model.
// Find them with errors.As:
//
//	var forbidden *types.ForbiddenException
//	if errors.As(err, &forbidden) { ... }
//
// # Observability
//
// Options.TracerProvider and Options.MeterProvider take smithy-go's tracing
// and metrics interfaces, as aws-sdk-go-v2 clients do, and the client emits
// the spans ("Chime SDK Messaging.<Operation>", RetryLoop, Attempt,
// GetIdentity, SignRequest, DoHTTPRequest, ...) and metrics
// (client.call.duration, client.call.attempts, client.call.errors, ...)
// that aws-sdk-go-v2 emits, under the same names, units and properties.
// Options.Interceptors run at aws-sdk-go-v2's interceptor hook points. Left
// unset, none of it costs anything per call. Spans and metrics never carry
// an error message, a secret, a FilterRule or a member's name.
//
// # Testing
//
// Package chimesdkmessagingtest runs an in-process fake of the service that
// enforces its rules and verifies signatures; its Server.Client returns a
// client wired to it. Code that should accept a fake of its own can depend
// on [PutChannelMembershipPreferencesAPIClient] and
// [GetChannelMembershipPreferencesAPIClient] instead of *Client.
//
// # Sensitive data
//
// FilterRule and Identity.Name are sensitive: String and every fmt verb
// print them redacted, logs never show them, and error texts never quote
// them. Authorization headers, security tokens and secret keys never
// appear either.
package chimesdkmessaging

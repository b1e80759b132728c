// Package chimesdkmessagingtest is an in-process fake of Amazon Chime SDK
// Messaging for tests and local runs: it serves
// PutChannelMembershipPreferences and GetChannelMembershipPreferences over
// HTTP exactly as the service does, verifies SigV4 on every request and
// enforces the service's rules, so code that calls the service can be run
// without an AWS account.
//
// It is shaped like net/http/httptest:
//
//	srv := chimesdkmessagingtest.NewServer()
//	defer srv.Close()
//	app, _ := srv.CreateAppInstance("app", "My app")
//	user, _ := srv.CreateAppInstanceUser(app, "jane", "Jane")
//	ch, _ := srv.CreateChannel(app, "general", "General")
//	_ = srv.CreateChannelMembership(ch, user)
//	client := srv.Client() // endpoint, region, credentials and a fast retryer set
//
// A [Service] holds the state, the rules and the faults and is an
// [net/http.Handler] usable without a listener; a [Server] puts it on a
// random port of 127.0.0.1 and promotes its methods.
//
// # State
//
// Go methods create app instances, AppInstanceUsers and AppInstanceBots,
// AppInstanceAdmins, channels, memberships, moderators and bans, with ARNs
// in the real format:
//
//	arn:aws:chime:{region}:{account}:app-instance/{id}
//	arn:aws:chime:{region}:{account}:app-instance/{id}/user/{id}
//	arn:aws:chime:{region}:{account}:app-instance/{id}/bot/{id}
//	arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{id}
//
// [Service.Preferences] reads stored preferences back. [Service.Snapshot]
// and [Service.Restore] move the whole state as a JSON-serialisable
// [State]; [WithOnCommit] hands over every [Change] (the records it
// writes), in order and grouping concurrent Puts, before it is made and
// acknowledged, so a persister never loses an acknowledged write, and a
// change it could not persist is not made ([WithOnChange] does the same
// with a snapshot of the whole state). Changes are serialised:
// concurrent Puts leave exactly one of the written values.
//
// # Rules
//
// Requests are checked in this order; the first failing rule answers. Every
// answer carries x-amzn-RequestId; errors carry X-Amzn-ErrorType naming the
// exception and the body {"Code":"<ErrorCode>","Message":"<why>"}.
//
//	Status  Exception (Code)                                    Rule
//	as set  as set                                              injected fault (FailNext, fault rules, FailFraction)
//	400     BadRequestException (BadRequest)                    request body over the limit (64 KiB by default)
//	429     ThrottledClientException (Throttled)                rate limit exceeded (SetRateLimit, SetOperationRateLimit)
//	404     UnknownOperationException (NotFound)                path is not /channels/{c}/memberships/{m}/preferences
//	404     UnknownOperationException (NotFound)                method is not PUT or GET
//	403     MissingAuthenticationTokenException (AccessDenied)  no Authorization header
//	403     IncompleteSignatureException (AccessDenied)         malformed Authorization, X-Amz-Date missing or malformed
//	403     InvalidSignatureException (AccessDenied)            credential scope names another date, region, or a service other than chime
//	403     UnrecognizedClientException (AccessDenied)          unknown access key
//	403     InvalidSignatureException (AccessDenied)            request time more than 5 minutes off ("Signature expired")
//	403     InvalidSignatureException (AccessDenied)            signature does not match
//	403     UnrecognizedClientException (AccessDenied)          session token missing, wrong, or sent when none is expected
//	403     IncompleteSignatureException (AccessDenied)         session token not among SignedHeaders
//	400     BadRequestException (BadRequest)                    x-amz-chime-bearer header missing
//	400     BadRequestException (BadRequest)                    ChannelArn, MemberArn or bearer not a ChimeArn (5-1600 characters, ARN pattern)
//	400     BadRequestException (BadRequest)                    bearer or MemberArn not an AppInstanceUser or AppInstanceBot ARN
//	400     BadRequestException (BadRequest)                    ChannelArn not a channel ARN
//	400     BadRequestException (BadRequest)                    Put body not valid UTF-8 (checked on the raw bytes), empty, not JSON or not an object; Preferences missing or not an object; PushNotifications not an object
//	400     BadRequestException (BadRequest)                    AllowNotifications missing, not a string, or not ALL, NONE or FILTERED
//	400     BadRequestException (BadRequest)                    FilterRule not a string, or refused by filterrule.Parse (the guide's syntax and limits: 2 KB, complexity 20, five $or alternatives; the parser's message)
//	400     BadRequestException (BadRequest)                    channel does not exist
//	403     ForbiddenException (Forbidden)                      bearer is not an existing AppInstanceUser or AppInstanceBot
//	403     ForbiddenException (Forbidden)                      bearer belongs to another app instance than the channel
//	403     ForbiddenException (Forbidden)                      bearer is banned from the channel
//	403     ForbiddenException (Forbidden)                      bearer is not the member: AppInstanceAdmins, moderators and other members included, only the member sets or reads its own preferences (the message names the bearer's role)
//	403     ForbiddenException (Forbidden)                      member is not in the channel
//	500     ServiceFailureException (ServiceFailure)            the change hook (WithOnChange) fails; nothing is changed
//
// A Put answers 200 with ChannelArn, Member {Arn, Name} and the stored
// Preferences; a Get answers the same, without Preferences until the
// member has set some. Messages never quote a FilterRule.
//
// # Notifications
//
// [Service.Notified] answers which members of a channel a message with
// given message attributes would notify, by their ALL, NONE or FILTERED
// preferences and filter rules (package filterrule), so an app can test the
// rules it writes.
//
// # Faults
//
// [Service.FailNext], [Service.AddFaultRules] (per operation, with a
// probability and a count) and [Service.FailFraction] (seeded by
// [WithRandSeed]) answer with a chosen exception or a raw status and body, or drop the
// connection before or after reading the request ([DropBeforeRead],
// [DropAfterRead]), or after serving it ([DropAfterApply]: the write is
// stored, the answer lost). [Service.SetLatency] and Fault.Latency delay answers;
// [Service.SetRateLimit] and [Service.SetOperationRateLimit] throttle. [Service.Requests] logs what arrived
// (method, escaped path, sizes, status, the request time; for a request
// whose signature verified also the headers, with Authorization and
// X-Amz-Security-Token redacted, and the body) for assertions, within
// [MaxLoggedRequests] and
// [MaxLoggedBytes]. [WithClock] replaces the clock used for the signature
// time window and the rate limit.
//
// # Limits and printing
//
// A [Server] reads at most [MaxHeaderBytes] of request line and headers
// (larger requests get Go's 431) and a body of at most
// [DefaultMaxBodyBytes] ([WithMaxBodyBytes]). Printing a Service or a
// Server with fmt, under any verb, shows its region, account and access
// key ID, never the secret access key or the session token.
package chimesdkmessagingtest

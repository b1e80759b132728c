// Package benchmarks measures the per-call cost of the chimesdkmessaging
// client against the generated aws-sdk-go-v2 client and against hand-built
// net/http requests, each over an in-memory transport and over loopback.
//
// It is a separate module so that the main module never depends on
// aws-sdk-go-v2. The cases are defined here once and used by the plain
// Benchmark functions (for benchstat) and by cmd/compare, which interleaves
// rounds, prints medians and ratios and checks the performance budget.
//
// The clients compared:
//
//   - ours: chimesdkmessaging PutChannelMembershipPreferences;
//   - awsv2: aws-sdk-go-v2 service/chime UpdateRoomMembership (same
//     generator and middleware stack, restJson1, path labels, SigV4);
//   - hand-signed: net/http PUT of the same request, JSON built with
//     encoding/json, signed with aws-sdk-go-v2's aws/signer/v4;
//   - hand-unsigned: the same without signing, the floor.
package benchmarks

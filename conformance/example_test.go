package conformance_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/conformance"
)

// Run the moderator's cases against the in-process fake. Against AWS, the
// Target holds a client for AWS and ARNs the caller owns.
func ExampleRun() {
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	target, err := conformance.FakeTarget(srv)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := conformance.Run(context.Background(), target, conformance.Options{
		Only: func(name string) bool { return strings.HasPrefix(name, "moderator-") },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Outcome, r.Case, r.Observed)
	}
	fmt.Println(strings.Join(rep.Restored, "\n"))
	// Output:
	// PASS moderator-puts-member 403 ForbiddenException
	// PASS moderator-gets-member 403 ForbiddenException
	// Member: had none; left with {} (the service has no call that removes preferences)
	// Bot: had none; left with {} (the service has no call that removes preferences)
}

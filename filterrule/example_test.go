package filterrule_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chimekit/chimesdkmessaging/filterrule"
)

// The guide's AND rule: its complexity, its canonical text, and which
// messages it lets through.
func ExampleParse() {
	rule, err := filterrule.Parse(`{"type":[{"anything-but": ["Room"]}],"mention":["Bob"]}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rule.Complexity())
	fmt.Println(rule.String())
	fmt.Println(rule.Match(map[string][]string{"mention": {"Bob"}, "type": {"Conversation"}}))
	fmt.Println(rule.Match(map[string][]string{"mention": {"Bob"}, "type": {"Room"}}))
	// Output:
	// 4
	// {"type":[{"anything-but":["Room"]}],"mention":["Bob"]}
	// true
	// false
}

// No notification to the sender: the app sends every message with an
// attribute naming its sender, and each member filters out its own messages.
// (The key must be the attribute name the app sends, here "senderId".)
func Example_noNotificationToSender() {
	const me = "arn:aws:chime:us-east-1:111122223333:app-instance/example/user/bob"
	rule, err := filterrule.Build(filterrule.Key("senderId").AnythingBut(me))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.ReplaceAll(rule.String(), me, "<my ARN>"))
	fmt.Println("my message:", rule.Match(map[string][]string{"senderId": {me}}))
	fmt.Println("Alice's message:", rule.Match(map[string][]string{"senderId": {"arn:aws:chime:us-east-1:111122223333:app-instance/example/user/alice"}}))
	// Output:
	// {"senderId":[{"anything-but":["<my ARN>"]}]}
	// my message: false
	// Alice's message: true
}

// Mentions only: the guide's inclusive rule. A message mentioning several
// members notifies each of them.
func Example_mentionsOnly() {
	rule, err := filterrule.Build(filterrule.Key("mention").Equals("Bob"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rule)          // fmt prints a redacted form
	fmt.Println(rule.String()) // the text to send as FilterRule
	fmt.Println(rule.Match(map[string][]string{"mention": {"Bob", "Alice"}}))
	fmt.Println(rule.Match(map[string][]string{"mention": {"Tom"}}))
	// Output:
	// filterrule.Rule{[redacted], complexity 2}
	// {"mention":["Bob"]}
	// true
	// false
}

// The guide's OR rule: a mention of Bob, or any type but Room.
func ExampleOr() {
	rule, err := filterrule.Build(filterrule.Or(
		filterrule.Key("mention").Equals("Bob"),
		filterrule.Key("type").AnythingBut("Room"),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rule.String())
	fmt.Println(rule.Match(map[string][]string{"mention": {"Bob"}}))
	fmt.Println(rule.Match(map[string][]string{"type": {"Conversation"}}))
	fmt.Println(rule.Match(map[string][]string{"type": {"Room"}}))
	// Output:
	// {"$or":[{"mention":["Bob"]},{"type":[{"anything-but":["Room"]}]}]}
	// true
	// true
	// false
}

// Urgent messages, and mentions of me in conversations (not rooms).
func ExampleAll() {
	rule, err := filterrule.Build(filterrule.Or(
		filterrule.Key("priority").Equals("urgent"),
		filterrule.All(
			filterrule.Key("mention").Equals("Bob"),
			filterrule.Key("type").AnythingBut("Room"),
		),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rule.String(), rule.Complexity())
	// Output:
	// {"$or":[{"priority":["urgent"]},{"mention":["Bob"],"type":[{"anything-but":["Room"]}]}]} 6
}

// A refused rule: the error names the place (keys by position) and the rule
// broken, never the rule's values.
func ExampleError() {
	_, err := filterrule.Parse(`{"type":[{"prefix":"ur"}]}`)
	var fe *filterrule.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Kind)
		fmt.Println(fe.Path)
		fmt.Println(fe.KeyPath()) // for the rule's author only
	}
	fmt.Println(err)
	// Output:
	// operator
	// <key 0>[0]
	// type[0]
	// <key 0>[0]: unsupported operator; only "anything-but" is supported (exact string matching only)
}

// The guide's limits: complexity 20 passes, 21 fails; five OR alternatives
// pass, six fail.
func ExampleParse_limits() {
	values := func(n int) string {
		return `{"k":[` + strings.TrimSuffix(strings.Repeat(`"v",`, n), ",") + `]}`
	}
	ors := func(n int) string {
		return `{"$or":[` + strings.TrimSuffix(strings.Repeat(`{"k":["v"]},`, n), ",") + `]}`
	}
	for _, rule := range []string{values(19), values(20), ors(5), ors(6)} {
		r, err := filterrule.Parse(rule)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println("ok, complexity", r.Complexity())
	}
	// Output:
	// ok, complexity 20
	// complexity (keys plus values) must be at most 20; got 21
	// ok, complexity 10
	// $or: must list at most 5 alternatives; got 6
}

func ExampleCheckAttributes() {
	fmt.Println(filterrule.CheckAttributes(map[string][]string{"mention": {"Bob"}}))
	fmt.Println(filterrule.CheckAttributes(map[string][]string{"mention": {strings.Repeat("x", 513)}}))
	// Output:
	// <nil>
	// <attribute 0>.StringValues[0]: value must be at most 512 characters long; got 513 (model shape MessageAttributeStringValue)
}

// Package filterrule reads, checks, evaluates and builds the FilterRule of
// Amazon Chime SDK Messaging's channel membership preferences: the JSON
// object that decides which messages reach a member's devices when
// AllowNotifications is FILTERED.
//
// Parse checks a rule as the Amazon Chime SDK developer guide describes it
// ("Using filter rules to filter messages for Amazon Chime SDK messaging");
// Match says whether a message with given attributes passes; Build writes a
// rule from Go values, so no JSON is escaped by hand; CheckAttributes checks
// a message's attributes against their limits.
//
//	rule, err := filterrule.Build(
//		filterrule.Key("type").AnythingBut("Room"),
//		filterrule.Key("mention").Equals(userArn),
//	)
//	// rule.String() == `{"type":[{"anything-but":["Room"]}],"mention":["arn:..."]}`
//
// # Syntax
//
// A rule is a JSON object. Each key is a message attribute name; its value is
// a list of conditions, each either an exact string ("Bob") or an exclusion
// ({"anything-but":["Room","Lobby"]}). A key matches when any of its
// conditions holds; all keys of an object must match (AND). The key "$or"
// takes a list of objects, and at least one of them must match (OR); an
// alternative may hold its own "$or".
//
// # Limits
//
// From the guide's "Filter rule limits": the rule is at most MaxRuleBytes
// (2 KB, counted as bytes of the text, whitespace included); an "$or" lists at
// most MaxOrAlternatives (5) alternatives; the complexity is at most
// MaxComplexity (20); matching is by exact string only; message attributes
// total at most MaxAttributesBytes (1 KB).
//
// Complexity is the number of keys plus the number of string values, at
// every level: the guide's example {"type":[{"anything-but":["Room"]}],
// "mention":["Bob"]} has keys type and mention and values Room and Bob, so 4.
// "$or" and "anything-but" are operators and count as neither (the guide
// does not count "anything-but"; it says nothing of "$or", and not counting
// it keeps this check from being stricter than the service).
//
// # Where the guide is silent
//
// The guide documents the syntax and the examples above and nothing more.
// Elsewhere this package follows Amazon SNS attribute-based filter policies,
// the same syntax family, and, where the SNS guide is silent too, AWS's
// open-source engine for that syntax, github.com/aws/event-ruler (its
// JsonRuleCompiler). Each choice, and its public source:
//
//   - A missing attribute, or one with no values, matches no condition,
//     anything-but included: SNS "Amazon SNS subscription filter policies"
//     (a message is accepted when each attribute name in the policy matches
//     an attribute name of the message) and SNS "String value matching"
//     (anything-but needs "exists": false to match an absent attribute).
//   - anything-but on an attribute with several values holds only when none
//     of them is excluded: the guide ("allows any message except those
//     containing the attribute key 'type' and the value 'Room'") and SNS
//     "String value matching" (for String.Array attributes, anything-but
//     "matches if none of the array elements are listed"). Exact values hold
//     when any one value equals them (SNS "String value matching", "Exact
//     matching").
//   - Comparison is exact and case-sensitive, byte for byte: the guide
//     ("exact string matching") and SNS "Filter policy constraints" (string
//     comparison is case-sensitive).
//   - An empty list ("type":[]), an empty anything-but list, an empty "$or"
//     alternative ({}) and an empty operator object are refused: event-ruler
//     ("Empty arrays are not allowed", "Empty objects are not allowed").
//   - The empty rule {} is accepted and matches every message: it states no
//     condition, SNS "Amazon SNS message filtering" delivers every message to
//     a subscription without a filter policy, and nothing documents that the
//     service refuses it. A nil *Rule and the zero Rule are the empty rule.
//   - "$or" must list 2 to 5 objects: SNS "AND/OR logic" (an "$or" needs at
//     least 2 objects) and the guide (at most 5). "$or" may nest, each level
//     checked alone (SNS "AND/OR logic" examples; event-ruler). Inside "$or",
//     SNS operator names (anything-but, prefix, suffix, numeric, exists, cidr,
//     equals-ignore-case, wildcard) may not be keys (SNS "AND/OR logic").
//   - Only "anything-but" with a list of strings is an operator; prefix,
//     suffix, numeric, exists, cidr and the rest are refused (the guide:
//     "We only support exact string matching"), as are the single-string
//     form {"anything-but":"Room"} (the guide writes lists only), numbers,
//     booleans, null, and nested objects as a key's value (SNS "Filter policy
//     constraints": attribute-based policies have no nested keys).
//   - A key repeated in one object: the last one wins, as in event-ruler's
//     rule compiler (a map put); complexity counts it once. Two "$or" in one
//     object both apply (AND), as event-ruler forks its branches for each.
//     Build refuses both forms, so its output never relies on them.
//   - Lone UTF-16 surrogate escapes (\ud800) read as U+FFFD, as Go's
//     encoding/json does; text that is not valid UTF-8 is refused.
//   - Message attributes: names 1 to 64 characters and values 1 to 512
//     characters (model shapes MessageAttributeName and
//     MessageAttributeStringValue); the 1 KB total counts the UTF-8 bytes of
//     names and values only, the most lenient reading of the guide.
//
// # FILTERED without a FilterRule
//
// The service's behaviour is not documented. The API model makes FilterRule
// an optional member of PushNotificationPreferences and says only that
// FILTERED "sends only filtered push notifications"; the guide always pairs
// FILTERED with a rule; no SDK issue tracker records the service's answer.
// So a client must not refuse it. This package reads a missing rule as the
// empty rule (a nil *Rule matches every message), by analogy with SNS, where
// a subscription without a filter policy receives every message; that is an
// assumption, not a verified answer from AWS.
//
// # Sensitive data
//
// FilterRule is a sensitive member in the service model, and the shapes
// MessageAttributeName and MessageAttributeStringValue are sensitive too. An
// *Error's text names places by position ("$or[2].<key 0>[1]") and never
// quotes keys or values; Error.KeyPath gives key names for the rule's own
// author. fmt's verbs and log/slog print a Rule redacted; Rule.String is the
// text to send and must be treated as sensitive.
package filterrule

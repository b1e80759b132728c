package filterrule

// The documented limits, one table. Rule limits come from the Amazon Chime SDK
// developer guide, "Using filter rules to filter messages for Amazon Chime SDK
// messaging" (section "Filter rule limits"); attribute limits come from the
// same section and from the Chime SDK Messaging API model shapes
// MessageAttributeName and MessageAttributeStringValue.
const (
	// MaxRuleBytes is the largest rule, in bytes of its JSON text ("a total
	// filter rules size of 2KB").
	MaxRuleBytes = 2048
	// MaxComplexity is the largest complexity of a rule (keys plus values;
	// see the package documentation).
	MaxComplexity = 20
	// MaxOrAlternatives is the most alternatives one "$or" may list ("a
	// maximum of five (5) separate constraints inside an OR filter rule").
	MaxOrAlternatives = 5
	// MinOrAlternatives is the fewest alternatives one "$or" may list; Amazon
	// SNS does not read an "$or" with fewer as an OR (SNS developer guide,
	// "AND/OR logic").
	MinOrAlternatives = 2

	// MaxAttributesBytes is the largest total size of a message's attributes
	// ("a total message attribute size of 1KB"), counted as the bytes of
	// every name and every value.
	MaxAttributesBytes = 1024
	// MaxAttributeNameLength is the longest attribute name, in characters
	// (model shape MessageAttributeName, max 64; min 1).
	MaxAttributeNameLength = 64
	// MaxAttributeValueLength is the longest attribute value, in characters
	// (model shape MessageAttributeStringValue, max 512; min 1).
	MaxAttributeValueLength = 512
)

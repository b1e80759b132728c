package jsonwire

// Kind is the JSON type of a value, as reported by [Decoder.Kind].
type Kind uint8

// The kinds of JSON values, plus KindInvalid (an error or a byte that cannot start a value)
// and KindEnd (nothing but whitespace left).
const (
	KindInvalid Kind = iota
	KindEnd
	KindObject
	KindArray
	KindString
	KindNumber
	KindBool
	KindNull
)

// String returns the kind's name as used in TypeError: "object", "string", "null", ...
func (k Kind) String() string {
	switch k {
	case KindEnd:
		return "end of input"
	case KindObject:
		return "object"
	case KindArray:
		return "array"
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "bool"
	case KindNull:
		return "null"
	}
	return "invalid"
}

// kindOf classifies a value by its first byte.
func kindOf(c byte) Kind {
	switch c {
	case '{':
		return KindObject
	case '[':
		return KindArray
	case '"':
		return KindString
	case 't', 'f':
		return KindBool
	case 'n':
		return KindNull
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return KindNumber
	}
	return KindInvalid
}

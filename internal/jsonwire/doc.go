// Package jsonwire is a small, reflection-free JSON toolkit for the client's hot path.
//
// It has two halves:
//
//   - [AppendString] writes a Go string as a JSON string literal, byte for byte as
//     encoding/json does with HTML escaping turned off.
//   - [Decoder] is a pull decoder over a complete byte slice. The caller walks the document
//     (ObjectStart, More, Key, String, Skip, ...) and the decoder validates as strictly as
//     encoding/json (RFC 8259, nesting limited to 10000 levels) while allocating only for the
//     string values the caller keeps.
//
// The decoder's error is sticky: after the first error every method is a no-op that returns
// zero values, so a caller can decode a whole shape and check [Decoder.Err] once at the end.
// Errors never quote input beyond the single offending character, so secrets in the
// document do not leak into error texts.
package jsonwire

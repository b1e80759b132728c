package credentials

import (
	"strings"
	"unicode/utf8"
)

// xmlText returns the text of the element reached by path in an STS
// answer, e.g. xmlText(body, "AssumeRoleResult", "Credentials",
// "AccessKeyId"), with the five predefined entities and character
// references decoded. ok is false when an element of the path is missing or
// unterminated, or the text holds markup.
//
// STS answers are small, namespace-default XML documents whose values are
// plain text (https://docs.aws.amazon.com/STS/latest/APIReference/); this
// reads the few values the providers need without encoding/xml, which would
// add about 130 KB to every binary that links the default chain, a third of
// the size budget of this module (see benchmarks/size.sh). A test checks it
// against encoding/xml on the API reference's examples and fuzzed inputs.
func xmlText(doc string, path ...string) (string, bool) {
	for _, name := range path {
		start, ok := xmlOpen(doc, name)
		if !ok {
			return "", false
		}
		if strings.HasSuffix(doc[:start], "/>") {
			doc = ""
			continue
		}
		end := strings.Index(doc[start:], "</"+name+">")
		if end < 0 {
			return "", false
		}
		doc = doc[start : start+end]
	}
	if strings.ContainsAny(doc, "<") {
		return "", false
	}
	return xmlUnescape(doc)
}

// xmlOpen finds the first start tag <name> or <name attr...> or <name/>
// and returns the index just after it.
func xmlOpen(doc, name string) (int, bool) {
	for i := 0; ; {
		j := strings.Index(doc[i:], "<"+name)
		if j < 0 {
			return 0, false
		}
		k := i + j + 1 + len(name)
		if k < len(doc) && (doc[k] == '>' || doc[k] == ' ' || doc[k] == '/' || doc[k] == '\t' || doc[k] == '\n' || doc[k] == '\r') {
			gt := strings.IndexByte(doc[k:], '>')
			if gt < 0 {
				return 0, false
			}
			return k + gt + 1, true
		}
		i = k
	}
}

// xmlUnescape decodes &lt; &gt; &amp; &quot; &apos; &#N; and &#xN;.
func xmlUnescape(s string) (string, bool) {
	if !strings.Contains(s, "&") {
		return s, true
	}
	var b []byte
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			return string(append(b, s...)), true
		}
		b = append(b, s[:i]...)
		s = s[i:]
		semi := strings.IndexByte(s, ';')
		if semi < 0 {
			return "", false
		}
		ent := s[1:semi]
		s = s[semi+1:]
		var c byte
		switch ent {
		case "lt":
			c = '<'
		case "gt":
			c = '>'
		case "amp":
			c = '&'
		case "quot":
			c = '"'
		case "apos":
			c = '\''
		default:
			n, ok := charRef(ent)
			if !ok {
				return "", false
			}
			b = utf8.AppendRune(b, n)
			continue
		}
		b = append(b, c)
	}
}

// charRef decodes the N of a character reference &#N; or &#xN;.
func charRef(ent string) (rune, bool) {
	digits, ok := strings.CutPrefix(ent, "#")
	base := rune(10)
	if h, hex := strings.CutPrefix(digits, "x"); hex {
		digits, base = h, 16
	}
	if !ok || digits == "" || len(digits) > 6 {
		return 0, false
	}
	var n rune
	for i := 0; i < len(digits); i++ {
		c, d := digits[i]|0x20, rune(-1)
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		}
		if d < 0 || d >= base {
			return 0, false
		}
		n = n*base + d
	}
	return n, n <= 0x10FFFF
}

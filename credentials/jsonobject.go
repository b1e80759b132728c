package credentials

import (
	"errors"
	"strconv"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
)

// jsonField binds one member of a JSON object to a string or an int.
type jsonField struct {
	name string
	str  *string
	num  *int
}

// decodeObject reads the JSON object body into fields, matching member names
// without regard to case (as encoding/json does) and skipping the others. A
// member of the wrong type, or a body that is not one JSON object, is an
// error; the error never quotes the body, which may hold secrets.
func decodeObject(body []byte, fields ...jsonField) error {
	var d jsonwire.Decoder
	d.Reset(body)
	if d.Kind() != jsonwire.KindObject {
		return errors.New("not a JSON object")
	}
	d.ObjectStart()
	for d.More() {
		key := string(d.Key())
		f := findField(fields, key)
		switch {
		case f == nil:
			d.Skip()
		case f.str != nil:
			*f.str, _ = d.String()
		case f.num != nil:
			if lit := d.Number(); lit != "" {
				n, err := strconv.Atoi(lit)
				if err != nil {
					return errors.New("member " + f.name + " is not a whole number")
				}
				*f.num = n
			}
		}
	}
	d.End()
	if err := d.Err(); err != nil {
		return errors.New("malformed JSON")
	}
	return nil
}

func findField(fields []jsonField, key string) *jsonField {
	for i := range fields {
		if strings.EqualFold(fields[i].name, key) {
			return &fields[i]
		}
	}
	return nil
}

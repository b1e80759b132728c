package jsonwire

import "encoding/json"

// The shapes below mirror the client's PutChannelMembershipPreferences output, so tests and
// benchmarks exercise the decoder the way the client uses it.

type testIdentity struct {
	Arn  *string
	Name *string
}

type testPushPrefs struct {
	AllowNotifications string
	FilterRule         *string
}

type testPrefs struct {
	PushNotifications *testPushPrefs
}

type testOutput struct {
	ChannelArn  *string
	Member      *testIdentity
	Preferences *testPrefs
}

// decodeOutput decodes a whole document into out the way generated deserializers do:
// unknown members skipped, null leaves a member unset, last duplicate wins.
func decodeOutput(d *Decoder, out *testOutput) error {
	if d.ObjectStart() {
		for d.More() {
			switch string(d.Key()) {
			case "ChannelArn":
				out.ChannelArn = d.StringPtr()
			case "Member":
				out.Member = decodeIdentity(d)
			case "Preferences":
				out.Preferences = decodePrefs(d)
			default:
				d.Skip()
			}
		}
	}
	d.End()
	return d.Err()
}

func decodeIdentity(d *Decoder) *testIdentity {
	if !d.ObjectStart() {
		return nil
	}
	v := &testIdentity{}
	for d.More() {
		switch string(d.Key()) {
		case "Arn":
			v.Arn = d.StringPtr()
		case "Name":
			v.Name = d.StringPtr()
		default:
			d.Skip()
		}
	}
	return v
}

func decodePrefs(d *Decoder) *testPrefs {
	if !d.ObjectStart() {
		return nil
	}
	v := &testPrefs{}
	for d.More() {
		switch string(d.Key()) {
		case "PushNotifications":
			v.PushNotifications = decodePushPrefs(d)
		default:
			d.Skip()
		}
	}
	return v
}

func decodePushPrefs(d *Decoder) *testPushPrefs {
	if !d.ObjectStart() {
		return nil
	}
	v := &testPushPrefs{}
	for d.More() {
		switch string(d.Key()) {
		case "AllowNotifications":
			v.AllowNotifications, _ = d.String()
		case "FilterRule":
			v.FilterRule = d.StringPtr()
		default:
			d.Skip()
		}
	}
	return v
}

// walk decodes the next value into the tree encoding/json builds with UseNumber:
// map[string]any, []any, string, json.Number, bool and nil. Later duplicate keys win.
func walk(d *Decoder) any {
	switch d.Kind() {
	case KindObject:
		m := map[string]any{}
		d.ObjectStart()
		for d.More() {
			k := string(d.Key())
			m[k] = walk(d)
		}
		return m
	case KindArray:
		a := []any{}
		d.ArrayStart()
		for d.ArrayMore() {
			a = append(a, walk(d))
		}
		return a
	case KindString:
		s, _ := d.String()
		return s
	case KindNumber:
		return json.Number(d.Number())
	case KindBool:
		return d.Bool()
	case KindNull:
		d.Null()
		return nil
	default:
		d.Skip() // records the syntax error for an invalid byte or the end of input
		return nil
	}
}

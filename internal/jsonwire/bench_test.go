package jsonwire

import (
	"encoding/json"
	"testing"
)

// benchDoc is the PutChannelMembershipPreferences response body from the brief.
var benchDoc = []byte(`{"ChannelArn":"arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c",` +
	`"Member":{"Arn":"arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u","Name":"Jane"},` +
	`"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"a\":1}"}}}`)

func BenchmarkDecodeOutput(b *testing.B) {
	b.Run("jsonwire-reused", func(b *testing.B) {
		d := NewDecoder(nil)
		b.ReportAllocs()
		b.SetBytes(int64(len(benchDoc)))
		for b.Loop() {
			d.Reset(benchDoc)
			var out testOutput
			if err := decodeOutput(d, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsonwire-new", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchDoc)))
		for b.Loop() {
			var out testOutput
			if err := decodeOutput(NewDecoder(benchDoc), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchDoc)))
		for b.Loop() {
			var out testOutput
			if err := json.Unmarshal(benchDoc, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSkip(b *testing.B) {
	d := NewDecoder(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		d.Reset(benchDoc)
		d.Skip()
		d.End()
	}
	if d.Err() != nil {
		b.Fatal(d.Err())
	}
}

func BenchmarkAppendString(b *testing.B) {
	const s = `{"type":["urgent"],"arn":"arn:aws:chime:us-east-1:111122223333:app-instance/a"}`
	b.Run("jsonwire", func(b *testing.B) {
		buf := make([]byte, 0, 256)
		b.ReportAllocs()
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			buf = AppendString(buf[:0], s)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			if _, err := json.Marshal(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

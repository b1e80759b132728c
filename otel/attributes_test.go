package otel

import (
	"errors"
	"math"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/attribute"
)

func TestAttributeOfConvertsEveryListedType(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want attribute.Value
	}{
		{"string", "s", attribute.StringValue("s")},
		{"bool", true, attribute.BoolValue(true)},
		{"int", -3, attribute.Int64Value(-3)},
		{"int8", int8(-8), attribute.Int64Value(-8)},
		{"int16", int16(-16), attribute.Int64Value(-16)},
		{"int32", int32(-32), attribute.Int64Value(-32)},
		{"int64", int64(math.MinInt64), attribute.Int64Value(math.MinInt64)},
		{"uint8", uint8(8), attribute.Int64Value(8)},
		{"uint16", uint16(16), attribute.Int64Value(16)},
		{"uint32", uint32(math.MaxUint32), attribute.Int64Value(math.MaxUint32)},
		{"uint fits", uint(7), attribute.Int64Value(7)},
		{"uint64 fits", uint64(math.MaxInt64), attribute.Int64Value(math.MaxInt64)},
		{"uint64 too large", uint64(math.MaxUint64), attribute.StringValue("18446744073709551615")},
		{"float32", float32(0.5), attribute.Float64Value(0.5)},
		{"float64", 2.25, attribute.Float64Value(2.25)},
		{"[]string", []string{"a", "b"}, attribute.StringSliceValue([]string{"a", "b"})},
		{"[]bool", []bool{true, false}, attribute.BoolSliceValue([]bool{true, false})},
		{"[]int", []int{1, 2}, attribute.Int64SliceValue([]int64{1, 2})},
		{"[]int64", []int64{3, 4}, attribute.Int64SliceValue([]int64{3, 4})},
		{"[]float64", []float64{0.5}, attribute.Float64SliceValue([]float64{0.5})},
		{"attribute.Value", attribute.IntValue(9), attribute.Int64Value(9)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kv, ok := attributeOf("k", c.in)
			if assert.True(t, ok) {
				assert.Equal(t, attribute.Key("k"), kv.Key)
				assert.Equal(t, c.want, kv.Value)
			}
		})
	}
}

type secretHolder struct{ Secret string }

func TestAttributeOfDropsWhatItCannotConvertWithoutFormattingIt(t *testing.T) {
	for name, kv := range map[string][2]any{
		"struct value":        {"k", secretHolder{"PLANTED"}},
		"pointer value":       {"k", &secretHolder{"PLANTED"}},
		"error value":         {"k", errors.New("PLANTED")},
		"nil value":           {"k", nil},
		"byte slice value":    {"k", []byte("PLANTED")},
		"struct key":          {struct{}{}, "v"},
		"int key":             {1, "v"},
		"empty key":           {"", "v"},
		"empty attribute key": {attribute.Key(""), "v"},
	} {
		_, ok := attributeOf(kv[0], kv[1])
		assert.False(t, ok, name)
	}
	kv, ok := attributeOf(attribute.Key("typed"), "v")
	assert.True(t, ok, "an attribute.Key key is kept")
	assert.Equal(t, attribute.String("typed", "v"), kv)
}

func TestAttributesOfSortsByKeyAndSkipsDropped(t *testing.T) {
	var props smithy.Properties
	assert.Nil(t, attributesOf(&props), "empty container")
	props.Set("rpc.service", "Chime SDK Messaging")
	props.Set("attempts", 2)
	props.Set("dropped", secretHolder{"PLANTED"})
	props.Set("b", true)
	assert.Equal(t, []attribute.KeyValue{
		attribute.Int("attempts", 2),
		attribute.Bool("b", true),
		attribute.String("rpc.service", "Chime SDK Messaging"),
	}, attributesOf(&props))
}

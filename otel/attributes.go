package otel

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel/attribute"
)

// attributeOf converts one smithy-go property to an OpenTelemetry attribute.
// It reports false for a key that is not a string or attribute.Key and for a
// value of a type the package doc does not list: those are dropped, never
// formatted, so no arbitrary value can leak into telemetry.
func attributeOf(k, v any) (attribute.KeyValue, bool) {
	var key attribute.Key
	switch kk := k.(type) {
	case string:
		key = attribute.Key(kk)
	case attribute.Key:
		key = kk
	default:
		return attribute.KeyValue{}, false
	}
	if key == "" {
		return attribute.KeyValue{}, false
	}
	val, ok := valueOf(v)
	if !ok {
		return attribute.KeyValue{}, false
	}
	return attribute.KeyValue{Key: key, Value: val}, true
}

// valueOf converts a property value to an attribute value; see attributeOf.
func valueOf(v any) (attribute.Value, bool) {
	switch vv := v.(type) {
	case string:
		return attribute.StringValue(vv), true
	case bool:
		return attribute.BoolValue(vv), true
	case int:
		return attribute.IntValue(vv), true
	case int8:
		return attribute.Int64Value(int64(vv)), true
	case int16:
		return attribute.Int64Value(int64(vv)), true
	case int32:
		return attribute.Int64Value(int64(vv)), true
	case int64:
		return attribute.Int64Value(vv), true
	case uint8:
		return attribute.Int64Value(int64(vv)), true
	case uint16:
		return attribute.Int64Value(int64(vv)), true
	case uint32:
		return attribute.Int64Value(int64(vv)), true
	case uint:
		return uintValue(uint64(vv)), true
	case uint64:
		return uintValue(vv), true
	case float32:
		return attribute.Float64Value(float64(vv)), true
	case float64:
		return attribute.Float64Value(vv), true
	case []string:
		return attribute.StringSliceValue(vv), true
	case []bool:
		return attribute.BoolSliceValue(vv), true
	case []int:
		return attribute.IntSliceValue(vv), true
	case []int64:
		return attribute.Int64SliceValue(vv), true
	case []float64:
		return attribute.Float64SliceValue(vv), true
	case attribute.Value:
		return vv, true
	default:
		return attribute.Value{}, false
	}
}

// uintValue keeps an unsigned value exact: an int64 when it fits, else its
// decimal string.
func uintValue(v uint64) attribute.Value {
	if v <= math.MaxInt64 {
		return attribute.Int64Value(int64(v))
	}
	return attribute.StringValue(strconv.FormatUint(v, 10))
}

// attributesOf converts every convertible property, sorted by key. It
// returns nil for an empty container, so callers can skip the option.
func attributesOf(props *smithy.Properties) []attribute.KeyValue {
	values := props.Values()
	if len(values) == 0 {
		return nil
	}
	kvs := make([]attribute.KeyValue, 0, len(values))
	for k, v := range values {
		if kv, ok := attributeOf(k, v); ok {
			kvs = append(kvs, kv)
		}
	}
	slices.SortFunc(kvs, func(a, b attribute.KeyValue) int { return cmp.Compare(a.Key, b.Key) })
	return kvs
}

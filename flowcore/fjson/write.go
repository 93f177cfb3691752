// Package fjson is the JSON that flowcore and the WebAssembly module read and write instead of
// encoding/json: no reflection, so the module links neither reflect nor fmt (about 200 KB gzipped
// with encoding/json) and runs no package initialisers of theirs at start-up.
//
// Writing appends to a byte slice and gives exactly the bytes encoding/json's Marshal gives for
// the same value (HTML-safe string escapes, U+2028/U+2029 escaped, invalid UTF-8 as \ufffd, raw
// JSON compacted, floats as ECMAScript numbers); flowcore's tests check that against
// encoding/json. Reading (read.go) finds values in a document by path without decoding it, in
// the manner of github.com/tidwall/gjson, whose dependencies would link encoding/json.
package fjson

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as encoding/json escapes it.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendRaw appends raw, a JSON text, compacted and with <, >, & and U+2028/U+2029 escaped, as
// encoding/json writes a json.RawMessage. raw must be valid JSON (Valid); an empty raw is null.
func AppendRaw(dst []byte, raw string) []byte {
	if raw == "" {
		return append(dst, "null"...)
	}
	return appendCompact(dst, raw, true)
}

// Compact appends src without its insignificant white space, as json.Compact does (no escaping);
// it is false, appending nothing, when src is not valid JSON.
func Compact(dst []byte, src string) ([]byte, bool) {
	if !Valid(src) {
		return dst, false
	}
	return appendCompact(dst, src, false), true
}

func appendCompact(dst []byte, raw string, escape bool) []byte {
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '"':
			end := skipString(raw, i)
			if escape {
				dst = appendHTMLEscaped(dst, raw[i:end])
			} else {
				dst = append(dst, raw[i:end]...)
			}
			i = end
		case ' ', '\t', '\n', '\r':
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// appendHTMLEscaped appends a JSON string's text with <, > and & and U+2028/U+2029 escaped.
func appendHTMLEscaped(dst []byte, s string) []byte {
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '>') < 0 && strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, 0xE2) < 0 {
		return append(dst, s...)
	}
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<' || c == '>' || c == '&':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			start = i + 1
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8:
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
			i += 2
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

// AppendFloat appends f as encoding/json writes a float64. NaN and infinities are an error.
func AppendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// Appender is a value that writes itself as JSON.
type Appender interface {
	AppendJSON(dst []byte) []byte
}

// AppendValue appends a dynamic value: nil, string, bool, the integer and float types, []any,
// []string, map[string]any and map[string]string (keys sorted, as encoding/json sorts them), and
// any Appender. Another type is an error naming it, since there is no reflection to encode it.
func AppendValue(dst []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return AppendString(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case float64:
		return AppendFloat(dst, x)
	case float32:
		if math.IsInf(float64(x), 0) || math.IsNaN(float64(x)) {
			return AppendFloat(dst, float64(x))
		}
		abs := math.Abs(float64(x))
		format := byte('f')
		if abs != 0 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
		dst = strconv.AppendFloat(dst, float64(x), format, -1, 32)
		if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
		return dst, nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case uint:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(dst, x, 10), nil
	case Appender:
		return x.AppendJSON(dst), nil
	case []any:
		if x == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = AppendValue(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case []string:
		if x == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, e)
		}
		return append(dst, ']'), nil
	case map[string]any:
		if x == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(AppendString(dst, k), ':')
			if dst, err = AppendValue(dst, x[k]); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	case map[string]string:
		return AppendStringMap(dst, x), nil
	}
	return dst, errors.New("json: unsupported type: only strings, numbers, booleans, null, and arrays and objects of them can be sent")
}

// AppendStringMap appends m as an object with its keys sorted; a nil map is null.
func AppendStringMap(dst []byte, m map[string]string) []byte {
	if m == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(append(AppendString(dst, k), ':'), m[k])
	}
	return append(dst, '}')
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Object writes the members of a JSON object one after another, as encoding/json writes a
// struct: each member in field order, "omitempty" members left out when empty.
type Object struct {
	B     []byte
	first bool
}

// Start begins an object at the end of dst.
func Start(dst []byte) Object { return Object{B: append(dst, '{'), first: true} }

// End closes the object and returns the bytes.
func (o *Object) End() []byte { return append(o.B, '}') }

// Key writes a member's name (and the comma before it).
func (o *Object) Key(name string) {
	if !o.first {
		o.B = append(o.B, ',')
	}
	o.first = false
	o.B = append(o.B, '"')
	o.B = append(o.B, name...)
	o.B = append(o.B, '"', ':')
}

// Str writes a string member; omitEmpty leaves out "".
func (o *Object) Str(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	o.Key(name)
	o.B = AppendString(o.B, v)
}

// Bool writes a boolean member; omitEmpty leaves out false.
func (o *Object) Bool(name string, v, omitEmpty bool) {
	if omitEmpty && !v {
		return
	}
	o.Key(name)
	o.B = strconv.AppendBool(o.B, v)
}

// Int writes an integer member; omitEmpty leaves out 0.
func (o *Object) Int(name string, v int64, omitEmpty bool) {
	if omitEmpty && v == 0 {
		return
	}
	o.Key(name)
	o.B = strconv.AppendInt(o.B, v, 10)
}

// IntPtr writes a *int member; omitEmpty leaves out nil, which is null otherwise.
func (o *Object) IntPtr(name string, v *int, omitEmpty bool) {
	if v == nil {
		if !omitEmpty {
			o.Key(name)
			o.B = append(o.B, "null"...)
		}
		return
	}
	o.Key(name)
	o.B = strconv.AppendInt(o.B, int64(*v), 10)
}

// Raw writes a raw JSON member (compacted, as AppendRaw); omitEmpty leaves out an empty raw, which
// is null otherwise.
func (o *Object) Raw(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	o.Key(name)
	o.B = AppendRaw(o.B, v)
}

// Strings writes a []string member; omitEmpty leaves out an empty slice, nil is null otherwise.
func (o *Object) Strings(name string, v []string, omitEmpty bool) {
	if omitEmpty && len(v) == 0 {
		return
	}
	o.Key(name)
	o.B, _ = AppendValue(o.B, v)
}

// StringMap writes a map[string]string member; omitEmpty leaves out an empty map.
func (o *Object) StringMap(name string, v map[string]string, omitEmpty bool) {
	if omitEmpty && len(v) == 0 {
		return
	}
	o.Key(name)
	o.B = AppendStringMap(o.B, v)
}

// Value writes a member that writes itself (a nil pointer is passed as present=false): omitEmpty
// leaves out an absent one, which is null otherwise.
func (o *Object) Value(name string, v Appender, present, omitEmpty bool) {
	if !present {
		if !omitEmpty {
			o.Key(name)
			o.B = append(o.B, "null"...)
		}
		return
	}
	o.Key(name)
	o.B = v.AppendJSON(o.B)
}

// Slice writes a slice member of n elements, each written by elem; omitEmpty leaves out an empty
// slice, and a nil one (isNil) is null otherwise.
func (o *Object) Slice(name string, n int, isNil, omitEmpty bool, elem func(dst []byte, i int) []byte) {
	if omitEmpty && n == 0 {
		return
	}
	o.Key(name)
	if isNil {
		o.B = append(o.B, "null"...)
		return
	}
	o.B = append(o.B, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			o.B = append(o.B, ',')
		}
		o.B = elem(o.B, i)
	}
	o.B = append(o.B, ']')
}

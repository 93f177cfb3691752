package fjson

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Type is the kind of a JSON value.
type Type int

const (
	Null   Type = iota // null, or nothing (see Exists)
	False              // false
	Number             // a number
	String             // a string
	True               // true
	JSON               // an object or an array (see IsObject, IsArray)
)

// Result is one value found in a document. Raw is its text as it stands in the document, Str
// the unescaped text of a string, Num the value of a number. The zero Result is nothing.
type Result struct {
	Type Type
	Raw  string
	Str  string
	Num  float64
}

// Parse reads the value s holds. It does not check that s is valid JSON (Valid does): what is
// not JSON reads as nothing or as a partial value.
func Parse(s string) Result {
	i := skipSpace(s, 0)
	if i < len(s) && (s[i] == '{' || s[i] == '[') {
		// The document's own object or array runs to its end: no need to find the bracket.
		return Result{Type: JSON, Raw: strings.TrimRight(s[i:], " \t\n\r")}
	}
	r, _ := parseAt(s, i)
	return r
}

// ParseBytes is Parse of b.
func ParseBytes(b []byte) Result { return Parse(string(b)) }

// Get is Parse(s).Get(path).
func Get(s, path string) Result { return Parse(s).Get(path) }

// GetBytes is Get over b.
func GetBytes(b []byte, path string) Result { return Get(string(b), path) }

// Exists reports whether the value is present (null is present).
func (r Result) Exists() bool { return r.Type != Null || r.Raw != "" }

// IsObject reports whether the value is an object.
func (r Result) IsObject() bool { return r.Type == JSON && r.Raw != "" && r.Raw[0] == '{' }

// IsArray reports whether the value is an array.
func (r Result) IsArray() bool { return r.Type == JSON && r.Raw != "" && r.Raw[0] == '[' }

// String is a string's text, an integer's or an object's raw text, another number's decimals, "true" or "false"; "" for null
// and nothing.
func (r Result) String() string {
	switch r.Type {
	case False:
		return "false"
	case True:
		return "true"
	case String:
		return r.Str
	case Number:
		if _, ok := parseInt(r.Raw); ok {
			return r.Raw
		}
		return strconv.FormatFloat(r.Num, 'f', -1, 64)
	case JSON:
		return r.Raw
	}
	return ""
}

// Bool is true for true, a non-zero number and a string strconv.ParseBool takes as true.
func (r Result) Bool() bool {
	switch r.Type {
	case True:
		return true
	case String:
		b, _ := strconv.ParseBool(strings.ToLower(r.Str))
		return b
	case Number:
		return r.Num != 0
	}
	return false
}

// Int is a number's integer part (its exact digits beyond 2^53, clamped to the int64 range), the
// same of a string holding a number, 1 for true; 0 otherwise.
func (r Result) Int() int64 {
	switch r.Type {
	case True:
		return 1
	case String:
		if n, ok := parseInt(r.Str); ok {
			return n
		}
		f, _ := strconv.ParseFloat(r.Str, 64)
		return floatToInt(f)
	case Number:
		if r.Num >= -9007199254740991 && r.Num <= 9007199254740991 {
			return int64(r.Num)
		}
		if n, ok := parseInt(r.Raw); ok {
			return n
		}
		return floatToInt(r.Num)
	}
	return 0
}

func floatToInt(f float64) int64 {
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	case f != f:
		return 0
	}
	return int64(f)
}

// parseInt reads an optionally negative run of decimal digits, clamped to the int64 range.
func parseInt(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n, true
}

// ForEach calls fn for each member of an object (key is a String) or each element of an array
// (key is the index, a Number), until fn returns false. A value that is neither is passed once,
// with a zero key; nothing is never passed.
func (r Result) ForEach(fn func(key, value Result) bool) {
	if !r.Exists() {
		return
	}
	if r.Type != JSON {
		fn(Result{}, r)
		return
	}
	s := r.Raw
	obj := s[0] == '{'
	i := 1
	for n := 0; ; n++ {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] == '}' || s[i] == ']' {
			return
		}
		var key Result
		if obj {
			if s[i] != '"' {
				return
			}
			key, i = parseAt(s, i)
			i = skipSpace(s, i)
			if i >= len(s) || s[i] != ':' {
				return
			}
			i = skipSpace(s, i+1)
		} else {
			key = Result{Type: Number, Num: float64(n), Raw: strconv.Itoa(n)}
		}
		var v Result
		v, i = parseAt(s, i)
		if !v.Exists() || !fn(key, v) {
			return
		}
		i = skipSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
}

// Get follows a path of member names (or array indexes, or # for an array's length) separated
// by dots; a backslash takes the next character literally (see Escape). The empty path names
// the member whose name is empty.
func (r Result) Get(path string) Result {
	if r.Type != JSON {
		return Result{}
	}
	doc, at := r.Raw, 0
	for first := true; first || path != ""; first = false {
		var comp string
		end := 0
		for end < len(path) && path[end] != '.' && path[end] != '\\' {
			end++
		}
		if end == len(path) {
			end = -1
		}
		switch {
		case end < 0:
			comp, path = path, ""
		case path[end] == '.':
			comp, path = path[:end], path[end+1:]
		default: // an escape: build the component
			b := make([]byte, 0, len(path))
			i := 0
			for ; i < len(path) && path[i] != '.'; i++ {
				if path[i] == '\\' && i+1 < len(path) {
					i++
				}
				b = append(b, path[i])
			}
			comp = string(b)
			if i < len(path) {
				i++
			}
			path = path[i:]
		}
		if comp == "#" && path == "" && at < len(doc) && doc[at] == '[' {
			n := length(doc, at)
			return Result{Type: Number, Num: float64(n), Raw: strconv.FormatInt(n, 10)}
		}
		if at = child(doc, at, comp); at < 0 {
			return Result{}
		}
	}
	v, _ := parseAt(doc, at)
	return v
}

// child finds, in the object or array starting at s[start], a member by name (the first, if
// repeated) or an element by index; it returns the index where the value starts, or -1. What
// comes before is skipped without being read.
func child(s string, start int, name string) int {
	if start >= len(s) || s[start] != '{' && s[start] != '[' {
		return -1
	}
	obj := s[start] == '{'
	want, isIndex := int64(-1), false
	if !obj {
		want, isIndex = parseInt(name)
		isIndex = isIndex && name[0] != '-'
	}
	i := start + 1
	for n := int64(0); ; n++ {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] == '}' || s[i] == ']' {
			return -1
		}
		match := false
		if obj {
			if s[i] != '"' {
				return -1
			}
			end, escaped := stringEnd(s, i)
			if escaped {
				match = end-i >= 2 && unescape(s[i+1:end-1]) == name
			} else {
				match = end-i-2 == len(name) && s[i+1:end-1] == name
			}
			i = skipSpace(s, end)
			if i >= len(s) || s[i] != ':' {
				return -1
			}
			i = skipSpace(s, i+1)
		} else {
			match = isIndex && n == want
		}
		if match {
			return i
		}
		if i >= len(s) || s[i] == ',' || s[i] == '}' || s[i] == ']' {
			return -1 // a member without a value: not JSON
		}
		i = skipSpace(s, valueEnd(s, i))
		if i >= len(s) || s[i] != ',' {
			return -1
		}
		i++
	}
}

// Members looks up several members of an object in one pass over it: out[k] is what
// r.Get(Escape(names[k])) is, the first member named names[k] (or nothing). Each Get walks the
// object from its start, skipping every earlier value whole; Members walks it once, and stops as
// soon as every name is found. An object's members only: on an array, a string or nothing every
// out[k] is nothing (names that read as indexes are not looked up). At most 64 names; out must be
// as long as names.
func (r Result) Members(out []Result, names ...string) {
	if len(names) > 64 || len(out) < len(names) {
		panic("fjson: Members takes at most 64 names and an out as long")
	}
	for k := range names {
		out[k] = Result{}
	}
	if !r.IsObject() || len(names) == 0 {
		return
	}
	s := r.Raw
	var found uint64 // bit k: names[k] has been found (its value may still be nothing)
	all := uint64(1)<<len(names) - 1
	i := 1
	for {
		// The same steps, and the same refusals, as child's: what Get cannot reach, nor can this.
		i = skipSpace(s, i)
		if i >= len(s) || s[i] != '"' {
			return // the end of the object, or not JSON
		}
		end, escaped := stringEnd(s, i)
		if end-i < 2 {
			return // a name cut short: the document ends in it
		}
		key := s[i+1 : end-1]
		if escaped {
			key = unescape(key)
		}
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return
		}
		i = skipSpace(s, i+1)
		var v Result
		next := -1 // where the value ends, once read
		for k, name := range names {
			if found&(1<<k) != 0 || name != key {
				continue
			}
			if next < 0 {
				v, next = parseAt(s, i)
				if !v.Exists() {
					next = valueEnd(s, i) // parseAt does not step over what is not a value
				}
			}
			found |= 1 << k
			out[k] = v
		}
		if found == all {
			return
		}
		if i >= len(s) || s[i] == ',' || s[i] == '}' || s[i] == ']' {
			return // a member without a value: not JSON
		}
		if next < 0 {
			next = valueEnd(s, i)
		}
		i = skipSpace(s, next)
		if i >= len(s) || s[i] != ',' {
			return
		}
		i++
	}
}

// length counts the elements of the array starting at s[start].
func length(s string, start int) int64 {
	n := int64(0)
	i := skipSpace(s, start+1)
	for i < len(s) && s[i] != ']' {
		n++
		i = skipSpace(s, valueEnd(s, i))
		if i >= len(s) || s[i] != ',' {
			break
		}
		i = skipSpace(s, i+1)
	}
	return n
}

// valueEnd returns the index after the value starting at s[i].
func valueEnd(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '{', '[':
		return matchEnd(s, i)
	case '"':
		return skipString(s, i)
	}
	return literalEnd(s, i)
}

// Escape makes a member name safe to use as one component of a path.
func Escape(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '.', '\\', '*', '?', '#', '|', '@', '!', '=', '<', '>', '%':
			b.WriteByte('\\')
		}
		b.WriteByte(name[i])
	}
	return b.String()
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// parseAt reads the value starting at s[i] and returns it and the index after it.
func parseAt(s string, i int) (Result, int) {
	if i >= len(s) {
		return Result{}, i
	}
	switch c := s[i]; {
	case c == '{' || c == '[':
		end := matchEnd(s, i)
		return Result{Type: JSON, Raw: s[i:end]}, end
	case c == '"':
		end, escaped := stringEnd(s, i)
		raw := s[i:end]
		str := ""
		if len(raw) >= 2 {
			str = raw[1 : len(raw)-1]
		}
		if escaped {
			str = unescape(str)
		}
		return Result{Type: String, Raw: raw, Str: str}, end
	case c == 't' || c == 'f' || c == 'n':
		end := literalEnd(s, i)
		raw := s[i:end]
		switch {
		case strings.HasPrefix(raw, "true"):
			return Result{Type: True, Raw: raw}, end
		case strings.HasPrefix(raw, "false"):
			return Result{Type: False, Raw: raw}, end
		}
		return Result{Type: Null, Raw: raw}, end
	case c == '-' || c >= '0' && c <= '9':
		end := literalEnd(s, i)
		raw := s[i:end]
		f, _ := strconv.ParseFloat(raw, 64)
		return Result{Type: Number, Raw: raw, Num: f}, end
	}
	return Result{}, i
}

func literalEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r', ':':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index after the closing quote of the string starting at s[i] (or len(s))
// and whether it has escapes.
func stringEnd(s string, i int) (int, bool) {
	end := skipString(s, i)
	return end, strings.IndexByte(s[i:end], '\\') >= 0
}

// skipString returns the index after the closing quote of the string starting at s[i] (or
// len(s)). It jumps from quote to quote (strings.IndexByte, which is hand-written for wasm) and
// counts the backslashes before each.
func skipString(s string, i int) int {
	for i++; ; {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return len(s)
		}
		q += i
		n := 0
		for k := q - 1; k >= i && s[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
}

// matchEnd returns the index after the bracket that closes the one at s[i] (or len(s)). Strings
// are skipped whole; only the bytes between them are looked at one by one.
func matchEnd(s string, i int) int {
	depth := 0
	for i < len(s) {
		q := strings.IndexByte(s[i:], '"')
		end := len(s)
		if q >= 0 {
			end = i + q
		}
		for ; i < end; i++ {
			// Setting bit 0x20 maps [ to { and ] to } and no other byte to either.
			switch s[i] | 0x20 {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		if q < 0 {
			return len(s)
		}
		i = skipString(s, end)
	}
	return len(s)
}

// unescape decodes the escapes of a string's contents; a broken escape is kept as it stands.
func unescape(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b = append(b, s[i])
			continue
		}
		i++
		switch s[i] {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(s, i+1)
			if !ok {
				b = append(b, '\\', 'u')
				continue
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, i+3); ok && i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Valid reports whether s is one JSON value, optionally surrounded by white space (RFC 8259).
func Valid(s string) bool {
	i, ok := validValue(s, skipSpace(s, 0), 0)
	return ok && skipSpace(s, i) == len(s)
}

// ValidBytes is Valid of b.
func ValidBytes(b []byte) bool { return Valid(string(b)) }

// maxDepth bounds nesting, as encoding/json's decoder does.
const maxDepth = 10000

func validValue(s string, i, depth int) (int, bool) {
	if i >= len(s) || depth > maxDepth {
		return i, false
	}
	switch c := s[i]; {
	case c == '{':
		i = skipSpace(s, i+1)
		if i < len(s) && s[i] == '}' {
			return i + 1, true
		}
		for {
			if i >= len(s) || s[i] != '"' {
				return i, false
			}
			var ok bool
			if i, ok = validString(s, i); !ok {
				return i, false
			}
			i = skipSpace(s, i)
			if i >= len(s) || s[i] != ':' {
				return i, false
			}
			if i, ok = validValue(s, skipSpace(s, i+1), depth+1); !ok {
				return i, false
			}
			i = skipSpace(s, i)
			if i < len(s) && s[i] == '}' {
				return i + 1, true
			}
			if i >= len(s) || s[i] != ',' {
				return i, false
			}
			i = skipSpace(s, i+1)
		}
	case c == '[':
		i = skipSpace(s, i+1)
		if i < len(s) && s[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = validValue(s, i, depth+1); !ok {
				return i, false
			}
			i = skipSpace(s, i)
			if i < len(s) && s[i] == ']' {
				return i + 1, true
			}
			if i >= len(s) || s[i] != ',' {
				return i, false
			}
			i = skipSpace(s, i+1)
		}
	case c == '"':
		return validString(s, i)
	case c == 't':
		return i + 4, strings.HasPrefix(s[i:], "true")
	case c == 'f':
		return i + 5, strings.HasPrefix(s[i:], "false")
	case c == 'n':
		return i + 4, strings.HasPrefix(s[i:], "null")
	case c == '-' || c >= '0' && c <= '9':
		return validNumber(s, i)
	}
	return i, false
}

func validString(s string, i int) (int, bool) {
	for i++; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20:
			return i, false
		case c == '"':
			return i + 1, true
		case c == '\\':
			i++
			if i >= len(s) {
				return i, false
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if _, ok := hex4(s, i+1); !ok {
					return i, false
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

func validNumber(s string, i int) (int, bool) {
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if !digits() {
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return i, false
		}
	}
	return i, true
}

// NumberText is a number kept as its JSON text (what Decode gives with numbers set, as
// encoding/json's UseNumber does); it writes itself back unchanged.
type NumberText string

// AppendJSON appends the number's text.
func (n NumberText) AppendJSON(dst []byte) []byte { return append(dst, n...) }

// Int64 is the number as an integer, if it is one.
func (n NumberText) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// Decode turns a value into Go values as encoding/json decodes into an interface{}: nil, bool,
// float64 (a NumberText when numbers is set), string, []any and map[string]any (a repeated member's
// last value wins). v should come from a valid document (Valid).
func Decode(v Result, numbers bool) any {
	switch v.Type {
	case False, True:
		return v.Type == True
	case Number:
		if numbers {
			return NumberText(v.Raw)
		}
		return v.Num
	case String:
		return v.Str
	case JSON:
		if v.IsArray() {
			out := []any{}
			v.ForEach(func(_, e Result) bool {
				out = append(out, Decode(e, numbers))
				return true
			})
			return out
		}
		out := map[string]any{}
		v.ForEach(func(k, e Result) bool {
			out[k.Str] = Decode(e, numbers)
			return true
		})
		return out
	}
	return nil
}

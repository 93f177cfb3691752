package fjson

import "strconv"

// DecodeError says what is wrong with a JSON value read into a Go value: the path of the
// member ("config.maxAge") and what was wrong with it.
type DecodeError struct{ Msg string }

func (e *DecodeError) Error() string { return e.Msg }

// Reader reads the members of JSON objects into Go values, remembering the first problem.
// Unknown members are refused (a typo in a key is reported, not ignored); null leaves a value as
// it is, as encoding/json does.
type Reader struct{ Err error }

// Fail records a problem with the member at path, unless one is recorded already.
func (r *Reader) Fail(path, what string) {
	if r.Err == nil {
		r.Err = &DecodeError{Msg: path + ": " + what}
	}
}

// KindName names the kind of v for a message: "a string", "an array"...
func KindName(v Result) string {
	switch v.Type {
	case String:
		return "a string"
	case Number:
		return "a number"
	case True, False:
		return "a boolean"
	case JSON:
		if v.IsArray() {
			return "an array"
		}
		return "an object"
	}
	return "null"
}

// Object calls member for each member of v, an object (or null, which reads as nothing).
func (r *Reader) Object(path string, v Result, member func(key string, v Result) bool) {
	if v.Type == Null {
		return
	}
	if !v.IsObject() {
		r.Fail(path, "must be an object, not "+KindName(v))
		return
	}
	v.ForEach(func(k, v Result) bool {
		if !member(k.Str, v) && r.Err == nil {
			r.Fail(join(path, k.Str), "unknown field")
		}
		return r.Err == nil
	})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Str reads a string.
func (r *Reader) Str(path string, v Result, dst *string) {
	switch v.Type {
	case Null:
	case String:
		*dst = v.Str
	default:
		r.Fail(path, "must be a string, not "+KindName(v))
	}
}

// Bool reads true or false.
func (r *Reader) Bool(path string, v Result, dst *bool) {
	switch v.Type {
	case Null:
	case True, False:
		*dst = v.Type == True
	default:
		r.Fail(path, "must be true or false, not "+KindName(v))
	}
}

// Integer reads a whole number within [min, max].
func (r *Reader) Integer(path string, v Result, min, max int64) (int64, bool) {
	switch v.Type {
	case Null:
		return 0, false
	case Number:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err == nil && n >= min && n <= max {
			return n, true
		}
		r.Fail(path, "must be a whole number from "+strconv.FormatInt(min, 10)+" to "+strconv.FormatInt(max, 10)+", not "+v.Raw)
	default:
		r.Fail(path, "must be a number, not "+KindName(v))
	}
	return 0, false
}

const maxInt = int64(^uint(0) >> 1)

// Int reads a whole number.
func (r *Reader) Int(path string, v Result, dst *int) {
	if n, ok := r.Integer(path, v, -maxInt-1, maxInt); ok {
		*dst = int(n)
	}
}

// IntPtr reads a whole number, or null as nil.
func (r *Reader) IntPtr(path string, v Result, dst **int) {
	if v.Type == Null {
		*dst = nil
		return
	}
	var n int
	r.Int(path, v, &n)
	*dst = &n
}

// Strings reads an array of strings.
func (r *Reader) Strings(path string, v Result, dst *[]string) {
	if v.Type == Null {
		*dst = nil
		return
	}
	if !v.IsArray() {
		r.Fail(path, "must be an array, not "+KindName(v))
		return
	}
	out := []string{}
	v.ForEach(func(k, e Result) bool {
		var s string
		r.Str(path+"."+k.Raw, e, &s)
		out = append(out, s)
		return r.Err == nil
	})
	*dst = out
}

// StringMap reads an object of strings into *dst (made when nil).
func (r *Reader) StringMap(path string, v Result, dst *map[string]string) {
	if v.Type == Null {
		*dst = nil
		return
	}
	if !v.IsObject() {
		r.Fail(path, "must be an object, not "+KindName(v))
		return
	}
	if *dst == nil {
		*dst = map[string]string{}
	}
	v.ForEach(func(k, e Result) bool {
		var s string
		r.Str(join(path, k.Str), e, &s)
		(*dst)[k.Str] = s
		return r.Err == nil
	})
}

// Top parses data as the one JSON value it must be.
func (r *Reader) Top(path, data string) Result {
	if !Valid(data) {
		r.Fail(path, "not valid JSON")
		return Result{}
	}
	return Parse(data)
}

// Int64 reads a whole number.
func (r *Reader) Int64(path string, v Result, dst *int64) {
	if n, ok := r.Integer(path, v, -1<<63, 1<<63-1); ok {
		*dst = n
	}
}

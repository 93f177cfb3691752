//go:build js && wasm

package main

import (
	"math"
	"strconv"

	"syscall/js"
)

// argReader reads a call's positional arguments, remembering the first problem so that each
// export reads straight through and checks once.
type argReader struct {
	fn   string
	args []js.Value
	err  error
}

func readArgs(fn string, args []js.Value, want int) *argReader {
	r := &argReader{fn: fn, args: args}
	if len(args) < want {
		r.fail("expects " + strconv.Itoa(want) + " argument(s), got " + strconv.Itoa(len(args)))
	}
	return r
}

func (r *argReader) fail(msg string) {
	if r.err == nil {
		r.err = badArgument(r.fn + ": " + msg)
	}
}

// argument names the i-th (from 0) argument in a message: "argument 2 (config)".
func argument(i int, name string) string {
	return "argument " + strconv.Itoa(i+1) + " (" + name + ")"
}

func (r *argReader) at(i int) (js.Value, bool) {
	if r.err != nil || i >= len(r.args) {
		return js.Undefined(), false
	}
	return r.args[i], true
}

// handle reads a positive integral number.
func (r *argReader) handle(i int) int {
	v, ok := r.at(i)
	if !ok {
		return 0
	}
	if v.Type() != js.TypeNumber {
		r.fail(argument(i, "handle") + " must be a number, not " + v.Type().String())
		return 0
	}
	f := v.Float()
	if f != math.Trunc(f) || f < 1 || f > math.MaxInt32 {
		r.fail(argument(i, "handle") + " must be a positive integer")
		return 0
	}
	return int(f)
}

// str reads a JavaScript string.
func (r *argReader) str(i int, name string) string {
	v, ok := r.at(i)
	if !ok {
		return ""
	}
	if v.Type() != js.TypeString {
		r.fail(argument(i, name) + " must be a string, not " + v.Type().String())
		return ""
	}
	return v.String()
}

// json reads a JSON string argument with read (flowcore.ReadConfig and the like, which refuse
// unknown members so that a typo in a configuration key is reported instead of silently
// ignored). A missing, undefined or null argument is not read, for optional arguments.
func (r *argReader) json(i int, name string, read func(data string) error) {
	if v, ok := r.at(i); !ok || v.IsUndefined() || v.IsNull() {
		return
	}
	s := r.str(i, name)
	if r.err != nil {
		return
	}
	if err := read(s); err != nil {
		r.fail(argument(i, name) + " is not valid JSON for it: " + err.Error())
	}
}

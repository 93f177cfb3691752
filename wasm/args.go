//go:build js && wasm

package main

import (
	"math"
	"strconv"

	"syscall/js"
)

// arg is one argument of a call as the exports read it: its JavaScript type, and its value when
// it is a string or a number (no export takes anything else). Both ways in make them: the
// namespace's functions from their js.Values (fromJS), the fast entry from the bytes the bridge
// wrote into linear memory (fastcall.go).
type arg struct {
	t js.Type
	s string
	f float64
}

// fromJS reads a namespace call's arguments.
func fromJS(vs []js.Value) []arg {
	args := make([]arg, len(vs))
	for i, v := range vs {
		a := arg{t: v.Type()}
		switch a.t {
		case js.TypeString:
			a.s = v.String()
		case js.TypeNumber:
			a.f = v.Float()
		}
		args[i] = a
	}
	return args
}

// argReader reads a call's positional arguments, remembering the first problem so that each
// export reads straight through and checks once.
type argReader struct {
	fn   string
	args []arg
	err  error
}

func readArgs(fn string, args []arg, want int) *argReader {
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

func (r *argReader) at(i int) (arg, bool) {
	if r.err != nil || i >= len(r.args) {
		return arg{t: js.TypeUndefined}, false
	}
	return r.args[i], true
}

// handle reads a positive integral number.
func (r *argReader) handle(i int) int {
	v, ok := r.at(i)
	if !ok {
		return 0
	}
	if v.t != js.TypeNumber {
		r.fail(argument(i, "handle") + " must be a number, not " + v.t.String())
		return 0
	}
	f := v.f
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
	if v.t != js.TypeString {
		r.fail(argument(i, name) + " must be a string, not " + v.t.String())
		return ""
	}
	return v.s
}

// json reads a JSON string argument with read (flowcore.ReadConfig and the like, which refuse
// unknown members so that a typo in a configuration key is reported instead of silently
// ignored). A missing, undefined or null argument is not read, for optional arguments.
func (r *argReader) json(i int, name string, read func(data string) error) {
	if v, ok := r.at(i); !ok || v.t == js.TypeUndefined || v.t == js.TypeNull {
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

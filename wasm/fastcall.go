//go:build js && wasm

package main

import (
	"math"
	"runtime"
	"syscall/js"
	"unsafe"
)

// The fast entry: the same exports as the namespace, called as WebAssembly exports with the
// arguments in linear memory. A namespace function is a js.FuncOf callback, and each call of
// one goes through syscall/js's event machinery — the pending event read back property by
// property, a js.Value (with a finalizer) for the receiver and for every argument, the result
// set on the event, the scheduler run — about 25–50 µs in Node before the export does anything,
// where a WebAssembly export costs a microsecond. The bridge (bridge/src/fastcall.js) uses this
// entry when the module has it, so that a sign-on's ten calls cost what their work costs.
//
// The protocol, for one call at a time:
//  1. pingflow_in(size) returns the address of an input buffer of at least size bytes (it may
//     grow the memory: views of it are made after this call), or 0 when size is over 256 MiB;
//  2. the caller writes the export's name and its arguments there, one after another, each a
//     tag byte and its value: 's' a string (uint32 little-endian byte length, then UTF-8), 'n' a
//     number (float64 little-endian), or only the tag for a value of another JavaScript type
//     ('u' undefined, 'l' null, 'b' boolean, 'o' object, 'f' function, 'y' symbol), which the
//     exports refuse with the namespace's messages;
//  3. pingflow_call(length) runs the export and returns the byte length of its result, the
//     same JSON string a namespace function returns, which starts at pingflow_out().

var (
	fastIn   []byte
	fastOut  string // the last result, kept until the next call
	fastBusy bool
	// fastCalls counts calls since the scheduler last ran (see yieldEvery).
	fastCalls int
	// touchedJS is set by the exports' own calls into JavaScript (hostjs.go): the js.Values they
	// made are released by finalizers, which run on another goroutine.
	touchedJS bool
)

// yieldEvery bounds how many fast calls may pass without the scheduler running. A WebAssembly
// export runs on its own goroutine and returns straight to JavaScript; nothing else runs
// meanwhile. The finalizers that release the js.Values an export made and the garbage
// collector's background work are goroutines too: without a yield they would wait for the next
// namespace call, which a bridge on the fast entry never makes, and JavaScript's table of
// values would grow without end. A yield costs about 15 µs, hence only every few calls, and
// after every call that made js.Values.
const yieldEvery = 8

// maxFastCall bounds a call's input buffer: pingflow_in refuses (answers 0 for) anything larger,
// rather than letting one absurd response exhaust the module's memory and end it.
const maxFastCall = 256 << 20

// fastKeep is the input buffer's size that is kept whatever the calls that follow.
const fastKeep = 1 << 20

//go:wasmexport pingflow_in
func pingflowIn(size uint32) uint32 {
	if size > maxFastCall {
		return 0
	}
	// Grown by half again for the next larger call; given back when a large one (a DaVinci form
	// with images, say) is followed by ordinary calls, so one such call is not held for good.
	if int(size) > cap(fastIn) || cap(fastIn) > fastKeep && int(size) < cap(fastIn)/4 {
		fastIn = make([]byte, int(size)+int(size)/2)
	}
	fastIn = fastIn[:cap(fastIn)]
	return uint32(uintptr(unsafe.Pointer(&fastIn[0])))
}

//go:wasmexport pingflow_out
func pingflowOut() uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.StringData(fastOut))))
}

//go:wasmexport pingflow_call
func pingflowCall(length uint32) uint32 {
	if fastBusy {
		// A call from inside a call (JavaScript the module called into calling back): the input
		// buffer is the outer call's. Nothing the module calls does this.
		fastOut = encodeErr(&callError{Code: codeInternal, Message: "pingflow_call: called while another call is running"})
		return uint32(len(fastOut))
	}
	fastBusy = true
	defer func() { fastBusy = false }()
	fastOut = fastCall(fastIn[:min(int(length), len(fastIn))])
	fastCalls++
	if touchedJS || fastCalls >= yieldEvery {
		touchedJS, fastCalls = false, 0
		runtime.Gosched()
	}
	return uint32(len(fastOut))
}

// fastCall decodes a call written by the bridge and runs it.
func fastCall(in []byte) string {
	d := fastDecoder{b: in}
	name, ok := d.next()
	if !ok || name.t != js.TypeString {
		return encodeErr(&callError{Code: codeBadArgument, Message: "pingflow_call: the call does not start with the name of an export"})
	}
	var fn export
	for _, f := range table {
		if f.name == name.s {
			fn = f.fn
			break
		}
	}
	if fn == nil {
		return encodeErr(&callError{Code: codeBadArgument, Message: "pingflow_call: no export is named " + quoteName(name.s)})
	}
	var buf [4]arg
	args := buf[:0]
	for d.more() {
		a, ok := d.next()
		if !ok {
			return encodeErr(&callError{Code: codeBadArgument, Message: name.s + ": the arguments are cut short or malformed"})
		}
		args = append(args, a)
	}
	return run(name.s, fn, args)
}

// fastDecoder reads the tagged values of a call.
type fastDecoder struct {
	b []byte
	i int
}

func (d *fastDecoder) more() bool { return d.i < len(d.b) }

func (d *fastDecoder) next() (arg, bool) {
	if d.i >= len(d.b) {
		return arg{}, false
	}
	tag := d.b[d.i]
	d.i++
	switch tag {
	case 's':
		n, ok := d.uint(4)
		if !ok || uint64(len(d.b)-d.i) < n {
			return arg{}, false
		}
		s := string(d.b[d.i : d.i+int(n)])
		d.i += int(n)
		return arg{t: js.TypeString, s: s}, true
	case 'n':
		bits, ok := d.uint(8)
		if !ok {
			return arg{}, false
		}
		return arg{t: js.TypeNumber, f: math.Float64frombits(bits)}, true
	}
	for _, o := range otherTypes {
		if o.tag == tag {
			return arg{t: o.t}, true
		}
	}
	return arg{}, false
}

// otherTypes are the tags of values the bridge sends only the type of (the exports take strings
// and numbers, and refuse the rest by type).
var otherTypes = [...]struct {
	tag byte
	t   js.Type
}{{'u', js.TypeUndefined}, {'l', js.TypeNull}, {'b', js.TypeBoolean}, {'o', js.TypeObject}, {'f', js.TypeFunction}, {'y', js.TypeSymbol}}

// uint reads an n-byte little-endian unsigned integer.
func (d *fastDecoder) uint(n int) (uint64, bool) {
	if len(d.b)-d.i < n {
		return 0, false
	}
	var v uint64
	for k := n - 1; k >= 0; k-- {
		v = v<<8 | uint64(d.b[d.i+k])
	}
	d.i += n
	return v, true
}

// quoteName shows a name in a message, cut to a sensible length.
func quoteName(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

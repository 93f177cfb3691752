//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
)

// export is one function of the namespace: it reads its arguments and returns the value to put
// under "value" in the result, or an error.
type export func(args []arg) (any, error)

// install creates the namespace object on target under name, with one JavaScript function per
// export. Each function returns a JSON string (see result.go) and never throws: panics become
// {"ok":false,"error":{"code":"panic"}} results. syscall/js panics where JavaScript throws, so
// run's recover is also what turns a JavaScript exception into an error result. The bridge
// calls the same exports through the module's fast entry instead (fastcall.go) when the module
// has one; the namespace is the contract either way.
func install(target js.Value, name string, fns []namedExport) (ns js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("installing " + name + ": " + panicText(p))
		}
	}()
	ns = js.Global().Get("Object").New()
	for _, f := range fns {
		// The functions are never released: they live as long as the module.
		ns.Set(f.name, js.FuncOf(guarded(f.name, f.fn)))
	}
	target.Set(name, ns)
	return ns, nil
}

// beforeCall, when set, runs at the start of every exported call. Only tests set it, to make a
// call panic on purpose and show the module survives; it is nil in the shipped module.
var beforeCall func(name string, args []arg)

// guarded turns an export into a namespace callback that always returns a result string.
func guarded(name string, fn export) func(this js.Value, args []js.Value) any {
	return func(_ js.Value, args []js.Value) (out any) {
		// Reading an argument can panic too (syscall/js does on a BigInt).
		defer func() {
			if p := recover(); p != nil {
				out = panicResult(name, p)
			}
		}()
		return run(name, fn, fromJS(args))
	}
}

// run calls an export and writes its result. The recover is what keeps one bad call from ending
// the module: an unrecovered panic in a callback would exit the Go program and every later call
// would throw "Go program has already exited".
func run(name string, fn export, args []arg) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = panicResult(name, p)
		}
	}()
	if beforeCall != nil {
		beforeCall(name, args)
	}
	v, err := fn(args)
	if err != nil {
		return encodeErr(classify(err))
	}
	return encodeOK(v)
}

func panicResult(name string, p any) string {
	return encodeErr(&callError{Code: codePanic, Message: name + " panicked: " + panicText(p)})
}

// panicText is a recovered panic value as a message (fmt's %v for the values panics carry:
// errors, among them js.Error and runtime errors, and strings).
func panicText(p any) string {
	switch v := p.(type) {
	case error:
		return v.Error()
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return "a panic with a value of another kind"
}

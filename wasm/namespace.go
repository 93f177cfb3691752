//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
)

// export is one function of the namespace: it reads its JavaScript arguments and returns the
// value to put under "value" in the result, or an error.
type export func(args []js.Value) (any, error)

// install creates the namespace object on target under name, with one JavaScript function per
// export. Each function returns a JSON string (see result.go) and never throws: panics become
// {"ok":false,"error":{"code":"panic"}} results. syscall/js panics where JavaScript throws, so
// guarded's recover is also what turns a JavaScript exception into an error result.
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
var beforeCall func(name string, args []js.Value)

// guarded turns an export into a callback that always returns a result string. The recover is
// what keeps one bad call from ending the module: an unrecovered panic in a callback would exit
// the Go program and every later call would throw "Go program has already exited".
func guarded(name string, fn export) func(this js.Value, args []js.Value) any {
	return func(_ js.Value, args []js.Value) (out any) {
		defer func() {
			if p := recover(); p != nil {
				out = encodeErr(&callError{Code: codePanic, Message: name + " panicked: " + panicText(p)})
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

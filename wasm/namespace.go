//go:build js && wasm

package main

import (
	"fmt"

	"github.com/hack-pad/safejs"
)

// export is one function of the namespace: it reads its JavaScript arguments and returns the
// value to put under "value" in the result, or an error.
type export func(args []safejs.Value) (any, error)

// install creates the namespace object on target under name, with one JavaScript function per
// export. Each function returns a JSON string (see result.go) and never throws: panics become
// {"ok":false,"error":{"code":"panic"}} results.
func install(target safejs.Value, name string, fns map[string]export) (safejs.Value, error) {
	obj, err := newObject()
	if err != nil {
		return safejs.Value{}, err
	}
	for fname, fn := range fns {
		jsFn, err := safejs.FuncOf(guarded(fname, fn))
		if err != nil {
			return safejs.Value{}, fmt.Errorf("wrapping %s: %w", fname, err)
		}
		// The functions are never released: they live as long as the module.
		if err := obj.Set(fname, jsFn); err != nil {
			return safejs.Value{}, fmt.Errorf("setting %s: %w", fname, err)
		}
	}
	if err := target.Set(name, obj); err != nil {
		return safejs.Value{}, err
	}
	return obj, nil
}

func newObject() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Object")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}

// beforeCall, when set, runs at the start of every exported call. Only tests set it, to make a
// call panic on purpose and show the module survives; it is nil in the shipped module.
var beforeCall func(name string, args []safejs.Value)

// guarded turns an export into a callback that always returns a result string. The recover is
// what keeps one bad call from ending the module: an unrecovered panic in a callback would exit
// the Go program and every later call would throw "Go program has already exited".
func guarded(name string, fn export) func(this safejs.Value, args []safejs.Value) any {
	return func(_ safejs.Value, args []safejs.Value) (out any) {
		defer func() {
			if p := recover(); p != nil {
				out = encodeErr(&callError{Code: codePanic, Message: fmt.Sprintf("%s panicked: %v", name, p)})
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

//go:build js && wasm

// Command wasm is pingflow's WebAssembly module: the flowcore engine behind one JavaScript
// namespace. It performs no I/O; the JavaScript bridge (bridge/) does every fetch, timer and
// storage call and feeds the results back through the namespace's functions.
package main

import "syscall/js"

// Namespace is the global property the module installs its functions under.
const Namespace = "__pingflow"

// ReadyCallback is the global function, set by the bridge before it runs the module, that the
// module calls once the namespace is installed. Calling back (rather than having the bridge look
// for the namespace) tells the bridge that main reached its blocking point without having crashed.
const ReadyCallback = "__pingflowReady"

func main() {
	ns, err := install(js.Global(), Namespace, table)
	if err != nil {
		panic("pingflow: cannot install the namespace: " + err.Error())
	}
	signalReady(ns)
	// The exported functions run as callbacks on this program's goroutines; main must stay alive
	// for them to be callable. select{} blocks without a timer, so an idle module keeps no event
	// loop (Node's or a page's) busy.
	select {}
}

// signalReady calls the bridge's ready callback, if one is set, with the namespace.
func signalReady(ns js.Value) {
	// A throwing callback is the bridge's problem; the module itself stays usable.
	defer func() { _ = recover() }()
	if cb := js.Global().Get(ReadyCallback); cb.Type() == js.TypeFunction {
		cb.Invoke(ns)
	}
}

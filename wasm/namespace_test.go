//go:build js && wasm

package main

import (
	"testing"

	"syscall/js"
)

func TestNamespaceHasEveryFunction(t *testing.T) {
	t.Parallel()
	ns := js.Global().Get(testNamespace)
	for _, e := range exports() {
		if fn := ns.Get(e.name); fn.Type() != js.TypeFunction {
			t.Errorf("%s.%s is %s, want a function", testNamespace, e.name, fn.Type())
		}
	}
}

func TestVersionReportsSnapshotVersionAndActions(t *testing.T) {
	t.Parallel()
	var v struct {
		Version         string   `json:"version"`
		Namespace       string   `json:"namespace"`
		SnapshotVersion int      `json:"snapshotVersion"`
		Go              string   `json:"go"`
		Actions         []string `json:"actions"`
	}
	ok(t, &v, "version")
	if v.Version != version || v.Namespace != Namespace || v.SnapshotVersion != 1 || v.Go == "" {
		t.Fatalf("version = %+v", v)
	}
	if len(v.Actions) == 0 || v.Actions[0] != "usernamePassword.check" {
		t.Fatalf("actions = %v, want the catalog with usernamePassword.check first", v.Actions)
	}
}

func TestSignalReadyCallsTheReadyCallback(t *testing.T) {
	// Not parallel: it sets the global ready callback.
	// The bridge's side of the handshake: a global callback that records the namespace.
	var got js.Value
	done := false
	cb := js.FuncOf(func(_ js.Value, args []js.Value) any {
		got, done = args[0], true
		return nil
	})
	defer cb.Release()
	js.Global().Set(ReadyCallback, cb)
	defer js.Global().Delete(ReadyCallback)
	ns := js.Global().Get(testNamespace)
	signalReady(ns)
	if !done || !got.Equal(ns) {
		t.Fatal("the ready callback was not called with the namespace")
	}
}

func TestSignalReadyWithoutCallbackIsHarmless(t *testing.T) {
	t.Parallel()
	ns := js.Global().Get(testNamespace)
	signalReady(ns) // no __pingflowReady set: nothing to call, nothing thrown
}

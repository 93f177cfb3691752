//go:build js && wasm

package main

import (
	"testing"

	"github.com/hack-pad/safejs"
)

func TestNamespaceHasEveryFunction(t *testing.T) {
	t.Parallel()
	ns, err := safejs.Global().Get(testNamespace)
	if err != nil {
		t.Fatal(err)
	}
	for name := range exports() {
		fn, err := ns.Get(name)
		if err != nil || fn.Type() != safejs.TypeFunction {
			t.Errorf("%s.%s is %s, want a function", testNamespace, name, fn.Type())
		}
	}
}

func TestVersionReportsSnapshotVersionAndActions(t *testing.T) {
	t.Parallel()
	var v struct {
		Namespace       string   `json:"namespace"`
		SnapshotVersion int      `json:"snapshotVersion"`
		Go              string   `json:"go"`
		Actions         []string `json:"actions"`
	}
	ok(t, &v, "version")
	if v.Namespace != Namespace || v.SnapshotVersion != 1 || v.Go == "" {
		t.Fatalf("version = %+v", v)
	}
	if len(v.Actions) == 0 || v.Actions[0] != "usernamePassword.check" {
		t.Fatalf("actions = %v, want the catalog with usernamePassword.check first", v.Actions)
	}
}

func TestSignalReadyCallsTheReadyCallback(t *testing.T) {
	t.Parallel()
	// The bridge's side of the handshake: a global callback that records the namespace.
	var got safejs.Value
	done := false
	cb, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		got, done = args[0], true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Release()
	if err := safejs.Global().Set(ReadyCallback, cb); err != nil {
		t.Fatal(err)
	}
	defer safejs.Global().Delete(ReadyCallback)
	ns, _ := safejs.Global().Get(testNamespace)
	signalReady(ns)
	if !done || !got.Equal(ns) {
		t.Fatal("the ready callback was not called with the namespace")
	}
}

func TestSignalReadyWithoutCallbackIsHarmless(t *testing.T) {
	t.Parallel()
	ns, _ := safejs.Global().Get(testNamespace)
	signalReady(ns) // no __pingflowReady set: nothing to call, nothing thrown
}

//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
)

func TestPanicBecomesAnErrorResultAndTheModuleLivesOn(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)

	panicHandles.Store(h, true)
	e := fails(t, codePanic, "receive", h, responseJSON(200, "{}"))
	if !strings.Contains(e.Message, "forced panic in receive") {
		t.Fatalf("panic message %q", e.Message)
	}
	panicHandles.Delete(h)

	// The next calls, on this engine and on a new one, work.
	if got := do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check"))); got.Kind != "show" {
		t.Fatalf("after the panic, receive gave %q", got.Kind)
	}
	if got := do(t, "start", newEngine(t)); got.Kind != "fetch" {
		t.Fatalf("after the panic, a new engine's start gave %q", got.Kind)
	}
}

func TestGuardedRecoversARealRuntimePanic(t *testing.T) {
	t.Parallel()
	// Not the hook: an index out of range inside an export, as a bug would cause.
	fn := guarded("broken", func([]arg) (any, error) {
		var xs []int
		return xs[3], nil
	})
	out, _ := fn(js.Undefined(), nil).(string)
	if !strings.Contains(out, `"code":"panic"`) || !strings.Contains(out, "index out of range") {
		t.Fatalf("guarded returned %q", out)
	}
}

//go:build js && wasm

package main

import (
	"strings"
	"testing"
)

func TestCreateReturnsDistinctHandles(t *testing.T) {
	t.Parallel()
	a, b := newEngine(t), newEngine(t)
	if a == b {
		t.Fatalf("two engines share handle %d", a)
	}
}

func TestCreateReportsTheConfigField(t *testing.T) {
	t.Parallel()
	e := fails(t, codeConfig, "create", `{"authPath":"http://127.0.0.1:9031","envId":"not-a-uuid","clientId":"c","redirectUri":"http://127.0.0.1/cb"}`)
	if e.Field != "envId" {
		t.Fatalf("field = %q, want envId (%s)", e.Field, e.Message)
	}
}

func TestCreateRefusesMalformedJSON(t *testing.T) {
	t.Parallel()
	e := fails(t, codeBadArgument, "create", `{"authPath":`)
	if !strings.Contains(e.Message, "config") {
		t.Fatalf("message %q does not name the argument", e.Message)
	}
}

func TestCreateRefusesUnknownKeys(t *testing.T) {
	t.Parallel()
	// A misspelt key must not be silently ignored.
	fails(t, codeBadArgument, "create", `{"authPath":"http://127.0.0.1:9031","client":"x"}`)
	fails(t, codeBadArgument, "create", testConfig(), `{"pollInterval":5}`)
}

func TestCreateRefusesTrailingData(t *testing.T) {
	t.Parallel()
	fails(t, codeBadArgument, "create", testConfig()+"{}")
}

func TestCreateRefusesNonStringConfig(t *testing.T) {
	t.Parallel()
	fails(t, codeBadArgument, "create", 42)
}

func TestCallsCheckTheArgumentCount(t *testing.T) {
	t.Parallel()
	for _, fn := range []string{"create", "start", "receive", "submit", "open", "restore", "destroy"} {
		fails(t, codeBadArgument, fn)
	}
}

func TestHandleMustBeAPositiveInteger(t *testing.T) {
	t.Parallel()
	for _, h := range []any{"1", 1.5, 0, -3, nil, true} {
		fails(t, codeBadArgument, "start", h)
	}
}

func TestUnknownHandleIsAnErrorResult(t *testing.T) {
	t.Parallel()
	fails(t, codeBadHandle, "start", 999999)
}

func TestDestroyedHandleIsGone(t *testing.T) {
	t.Parallel()
	var v struct{ Handle int }
	ok(t, &v, "create", testConfig())
	ok(t, nil, "destroy", v.Handle)
	fails(t, codeBadHandle, "start", v.Handle)
	fails(t, codeBadHandle, "destroy", v.Handle)
}

func TestReceiveRefusesMalformedResponse(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	fails(t, codeBadArgument, "receive", h, `{"status":"200"}`)
	fails(t, codeBadArgument, "receive", h, `not json`)
	// The engine is untouched by the refused calls: the authorize response is still awaited.
	if e := do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check"))); e.Kind != "show" {
		t.Fatalf("after bad arguments, receive gave %q", e.Kind)
	}
}

//go:build js && wasm

package main

import (
	"reflect"
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
	// A misspelt key must not be silently ignored, and the message names it.
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{`{"authPath":"http://127.0.0.1:9031","client":"x"}`}, "create: argument 1 (config) is not valid JSON for it: config.client: unknown field"},
		{[]any{testConfig(), `{"pollInterval":5}`}, "create: argument 2 (options) is not valid JSON for it: options.pollInterval: unknown field"},
		{[]any{testConfig(), `{"maxPolls":"5"}`}, "options.maxPolls: must be a number, not a string"},
		{[]any{`{"maxAge":1.5}`}, "config.maxAge: must be a whole number"},
	} {
		if e := fails(t, codeBadArgument, "create", c.args...); !strings.Contains(e.Message, c.want) {
			t.Errorf("message %q, want it to contain %q", e.Message, c.want)
		}
	}
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
	if e := fails(t, codeBadArgument, "receive", h, `{"status":"200"}`); !strings.Contains(e.Message, "response.status: must be a number, not a string") {
		t.Errorf("message %q does not say what is wrong with status", e.Message)
	}
	fails(t, codeBadArgument, "receive", h, `not json`)
	// The body as a third argument: a string, and not beside a body in the JSON.
	head := `{"status":200,"headers":{"content-type":"application/json"}}`
	if e := fails(t, codeBadArgument, "receive", h, head, 42); !strings.Contains(e.Message, "argument 3 (body) must be a string, not number") {
		t.Errorf("message %q does not say the body must be a string", e.Message)
	}
	if e := fails(t, codeBadArgument, "receive", h, responseJSON(200, "{}"), "{}"); !strings.Contains(e.Message, "argument 3 (body) given, and the response has a body too") {
		t.Errorf("message %q does not say the body came twice", e.Message)
	}
	// The engine is untouched by the refused calls: the authorize response is still awaited.
	if e := do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check"))); e.Kind != "show" {
		t.Fatalf("after bad arguments, receive gave %q", e.Kind)
	}
}

// The body given as its own string argument is read as the body inside the JSON is.
func TestReceiveTakesTheBodyAsItsOwnArgument(t *testing.T) {
	t.Parallel()
	inJSON, apart := newEngine(t), newEngine(t)
	do(t, "start", inJSON)
	do(t, "start", apart)
	doc := flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")
	a := do(t, "receive", inJSON, responseJSON(200, doc))
	b := do(t, "receive", apart, `{"status":200,"headers":{"content-type":"application/json"}}`, doc)
	if a.Kind != "show" || b.Kind != "show" {
		t.Fatalf("receive gave %q and %q", a.Kind, b.Kind)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the same response read two ways gave two effects:\n%+v\n%+v", a, b)
	}
}

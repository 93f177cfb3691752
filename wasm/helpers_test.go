//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"

	"syscall/js"
)

// The tests go through the real boundary: the namespace is installed on globalThis exactly as
// main does it, and every call is a JavaScript call of one of its functions.
const testNamespace = "__pingflowTest"

// panicHandles are the handles whose calls the test hook makes panic, so that the panic test
// can run in parallel with tests that use other engines.
var panicHandles sync.Map

func TestMain(m *testing.M) {
	beforeCall = func(name string, args []arg) {
		if len(args) == 0 || args[0].t != js.TypeNumber {
			return
		}
		if h := int(args[0].f); h > 0 {
			if _, boom := panicHandles.Load(h); boom {
				panic(fmt.Sprintf("forced panic in %s", name))
			}
		}
	}
	if _, err := install(js.Global(), testNamespace, table); err != nil {
		fmt.Println("install:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// result is a decoded call result.
type result struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error *callError      `json:"error"`
}

// jsCall calls obj[fn](args...), turning a JavaScript exception (a panic in syscall/js) into
// an error: the namespace's functions must never throw.
func jsCall(obj js.Value, fn string, args ...any) (v js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return obj.Call(fn, args...), nil
}

// call invokes globalThis.__pingflowTest[fn](args...) and decodes its JSON result.
func call(t *testing.T, fn string, args ...any) result {
	t.Helper()
	v, err := jsCall(js.Global().Get(testNamespace), fn, args...)
	if err != nil {
		t.Fatalf("%s threw: %v", fn, err)
	}
	if v.Type() != js.TypeString {
		t.Fatalf("%s returned a %s, want a JSON string", fn, v.Type())
	}
	s := v.String()
	var r result
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("%s returned invalid JSON %q: %v", fn, s, err)
	}
	if r.OK == (r.Error != nil) {
		t.Fatalf("%s returned %s: want exactly one of ok or error", fn, s)
	}
	return r
}

// ok calls fn, fails the test on an error result and decodes the value into dst (if not nil).
func ok(t *testing.T, dst any, fn string, args ...any) {
	t.Helper()
	r := call(t, fn, args...)
	if !r.OK {
		t.Fatalf("%s: %s: %s", fn, r.Error.Code, r.Error.Message)
	}
	if dst != nil {
		if err := json.Unmarshal(r.Value, dst); err != nil {
			t.Fatalf("%s value %s: %v", fn, r.Value, err)
		}
	}
}

// fails calls fn and checks that it returns an error result with the code.
func fails(t *testing.T, code, fn string, args ...any) *callError {
	t.Helper()
	r := call(t, fn, args...)
	if r.OK {
		t.Fatalf("%s succeeded with %s, want a %s error", fn, r.Value, code)
	}
	if r.Error.Code != code {
		t.Fatalf("%s: error code %q (%s), want %q", fn, r.Error.Code, r.Error.Message, code)
	}
	return r.Error
}

const (
	testAuthPath = "http://127.0.0.1:9031"
	testEnvID    = "281f15cd-3029-4413-abb8-280c92062e95"
	testClientID = "2aafeb68-7f25-4c6b-86e2-108759b5aeeb"
	testRedirect = "http://127.0.0.1:9031/callback"
	testBase     = testAuthPath + "/" + testEnvID
)

func testConfig() string {
	b, _ := json.Marshal(map[string]any{
		"authPath": testAuthPath, "envId": testEnvID, "clientId": testClientID,
		"redirectUri": testRedirect, "scope": "openid profile",
	})
	return string(b)
}

// newEngine creates an engine with the test configuration and destroys it when the test ends.
func newEngine(t *testing.T) int {
	t.Helper()
	var v struct{ Handle int }
	ok(t, &v, "create", testConfig(), `{"pollIntervalMs":50}`)
	if v.Handle < 1 {
		t.Fatalf("create returned handle %d", v.Handle)
	}
	t.Cleanup(func() { call(t, "destroy", v.Handle) })
	return v.Handle
}

// effect is the part of a flowcore effect the tests look at.
type effect struct {
	Kind   string `json:"kind"`
	Verify *struct {
		Alg       string `json:"alg"`
		Signature string `json:"signature"`
	} `json:"verify"`
	DelayMS int64  `json:"delayMs"`
	URL     string `json:"url"`
	Request *struct {
		Method      string            `json:"method"`
		URL         string            `json:"url"`
		Headers     map[string]string `json:"headers"`
		Body        string            `json:"body"`
		Credentials string            `json:"credentials"`
		Purpose     string            `json:"purpose"`
		Idempotent  bool              `json:"idempotent"`
		Sensitive   bool              `json:"sensitive"`
	} `json:"request"`
	Step *struct {
		Status  string `json:"status"`
		FlowID  string `json:"flowId"`
		Actions []struct {
			Name   string `json:"name"`
			Fields []struct {
				Key string `json:"key"`
			} `json:"fields"`
		} `json:"actions"`
		Error *struct {
			Code  string `json:"code"`
			Class string `json:"class"`
		} `json:"error"`
	} `json:"step"`
	Ceremony *struct {
		Kind      string          `json:"kind"`
		PublicKey json.RawMessage `json:"publicKey"`
		Mediation string          `json:"mediation"`
		URL       string          `json:"url"`
		Action    string          `json:"action"`
		Step      *struct {
			Key string `json:"key"`
		} `json:"step"`
	} `json:"ceremony"`
	Tokens *struct {
		AccessToken string          `json:"accessToken"`
		IDToken     string          `json:"idToken"`
		ExpiresAt   int64           `json:"expiresAt"`
		Claims      json.RawMessage `json:"claims"`
	} `json:"tokens"`
	Error *struct {
		Code    string `json:"code"`
		Class   string `json:"class"`
		Message string `json:"message"`
	} `json:"error"`
}

func do(t *testing.T, fn string, args ...any) effect {
	t.Helper()
	var e effect
	ok(t, &e, fn, args...)
	return e
}

func responseJSON(status int, body string) string {
	b, _ := json.Marshal(map[string]any{"status": status, "headers": map[string]string{"content-type": "application/json"}, "body": body})
	return string(b)
}

// flowDoc is a Flows API flow document in the shape PingOne sends.
func flowDoc(id, status string, actions ...string) string {
	links := map[string]any{"self": map[string]string{"href": testBase + "/flows/" + id}}
	for _, a := range actions {
		links[a] = map[string]string{"href": testBase + "/flows/" + id}
	}
	b, _ := json.Marshal(map[string]any{
		"id": id, "status": status, "_links": links,
		"resumeUrl": testBase + "/as/resume?flowId=" + id,
		"expiresAt": "2030-01-01T00:00:00.000Z",
	})
	return string(b)
}

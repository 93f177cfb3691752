//go:build js && wasm

package main

import (
	"runtime"
	"time"

	"github.com/pingflow/pingflow/flowcore"
	"github.com/pingflow/pingflow/flowcore/fjson"
	"syscall/js"
)

// engineOptions are the tunables of flowcore.Options that JavaScript may set. The clock and the
// random source are not among them: the module always supplies time.Now and the host's
// crypto.getRandomValues (jsRandom), and JavaScript's own RegExp for DaVinci field patterns.
type engineOptions struct {
	PollIntervalMS int64 `json:"pollIntervalMs,omitempty"`
	MaxPolls       int   `json:"maxPolls,omitempty"`
	ClockSkewMS    int64 `json:"clockSkewMs,omitempty"`
}

// signoffParams are the optional parameters of the signoff (end-session) URL.
type signoffParams struct {
	IDTokenHint           string `json:"idTokenHint,omitempty"`
	PostLogoutRedirectURI string `json:"postLogoutRedirectUri,omitempty"`
	State                 string `json:"state,omitempty"`
}

func (o *engineOptions) read(data string) error {
	var r fjson.Reader
	r.Object("options", r.Top("options", data), func(k string, v fjson.Result) bool {
		switch k {
		case "pollIntervalMs":
			r.Int64("options."+k, v, &o.PollIntervalMS)
		case "maxPolls":
			r.Int("options."+k, v, &o.MaxPolls)
		case "clockSkewMs":
			r.Int64("options."+k, v, &o.ClockSkewMS)
		default:
			return false
		}
		return true
	})
	return r.Err
}

func (p *signoffParams) read(data string) error {
	var r fjson.Reader
	r.Object("params", r.Top("params", data), func(k string, v fjson.Result) bool {
		switch k {
		case "idTokenHint":
			r.Str("params."+k, v, &p.IDTokenHint)
		case "postLogoutRedirectUri":
			r.Str("params."+k, v, &p.PostLogoutRedirectURI)
		case "state":
			r.Str("params."+k, v, &p.State)
		default:
			return false
		}
		return true
	})
	return r.Err
}

// table is the function table, made once: the namespace (install) and the fast entry
// (fastcall.go) both call its exports.
var table = exports()

// namedExport is one function of the namespace and its name.
type namedExport struct {
	name string
	fn   export
}

// exports is the namespace's function table (a list, not a map: nothing at start-up needs a
// map's code). Every engine call is synchronous and does no I/O:
// the bridge performs the request an effect describes and calls receive with the response.
func exports() []namedExport {
	return []namedExport{
		{"version", func([]arg) (any, error) {
			return map[string]any{
				"version": version, "namespace": Namespace, "snapshotVersion": flowcore.SnapshotVersion,
				"go": runtime.Version(), "actions": flowcore.Actions(),
			}, nil
		}},
		{"create", create},
		{"destroy", destroy},
		// Calls that take only the handle and return an effect.
		{"start", effectCall("start", (*flowcore.Engine).Start)},
		{"login", effectCall("login", (*flowcore.Engine).Login)},
		{"poll", effectCall("poll", (*flowcore.Engine).Poll)},
		{"retry", effectCall("retry", (*flowcore.Engine).Retry)},
		{"current", effectCall("current", (*flowcore.Engine).Current)},
		// Calls with one string argument that return an effect.
		{"open", stringEffectCall("open", "flowId", (*flowcore.Engine).Open)},
		{"handleRedirect", stringEffectCall("handleRedirect", "url", (*flowcore.Engine).HandleRedirect)},
		{"receive", receive},
		{"resolve", resolve},
		{"submit", submit},
		{"cancel", cancel},
		{"snapshot", snapshot},
		{"restore", restore},
		{"step", step},
		{"tokens", tokens},
		{"signoffUrl", signoffURL},
		// Tokens after sign-on: a verify effect is answered with resolve({valid}).
		{"refresh", stringEffectCall("refresh", "refreshToken", (*flowcore.Engine).Refresh)},
	}
}

// create(configJSON, optionsJSON?) → {handle}
func create(args []arg) (any, error) {
	r := readArgs("create", args, 1)
	var cfg flowcore.Config
	var opts engineOptions
	r.json(0, "config", func(s string) (err error) { cfg, err = flowcore.ReadConfig(s); return })
	r.json(1, "options", opts.read)
	if r.err != nil {
		return nil, r.err
	}
	eng, err := flowcore.New(cfg, flowcore.Options{
		Now:          time.Now,
		Rand:         jsRandom{},
		MatchPattern: jsRegExpMatch,
		PollInterval: time.Duration(opts.PollIntervalMS) * time.Millisecond,
		MaxPolls:     opts.MaxPolls,
		ClockSkew:    time.Duration(opts.ClockSkewMS) * time.Millisecond,
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"handle": addEngine(eng)}, nil
}

// destroy(handle) → null. The engine is dropped; the handle is never reused.
func destroy(args []arg) (any, error) {
	r := readArgs("destroy", args, 1)
	h := r.handle(0)
	if r.err != nil {
		return nil, r.err
	}
	return nil, removeEngine(h)
}

// engineArg reads the handle in argument 0 and finds its engine.
func engineArg(r *argReader) *flowcore.Engine {
	h := r.handle(0)
	if r.err != nil {
		return nil
	}
	e, err := lookup(h)
	if err != nil {
		r.err = err
	}
	return e
}

func effectCall(name string, m func(*flowcore.Engine) (flowcore.Effect, error)) export {
	return func(args []arg) (any, error) {
		r := readArgs(name, args, 1)
		e := engineArg(r)
		if r.err != nil {
			return nil, r.err
		}
		return m(e)
	}
}

func stringEffectCall(name, argName string, m func(*flowcore.Engine, string) (flowcore.Effect, error)) export {
	return func(args []arg) (any, error) {
		r := readArgs(name, args, 2)
		e := engineArg(r)
		s := r.str(1, argName)
		if r.err != nil {
			return nil, r.err
		}
		return m(e, s)
	}
}

// receive(handle, responseJSON[, body]) → effect. responseJSON is {status, headers, body} or
// {networkError}. The body may come instead as a third argument, a plain string: then it crosses
// as it is, not escaped inside the JSON and read back out of it (what the bridge does: a body is
// most of what a response carries).
func receive(args []arg) (any, error) {
	r := readArgs("receive", args, 2)
	e := engineArg(r)
	var resp flowcore.Response
	r.json(1, "response", func(s string) (err error) { resp, err = flowcore.ReadResponse(s); return })
	if v, ok := r.at(2); ok && v.t != js.TypeUndefined {
		body := r.str(2, "body")
		if r.err == nil && resp.Body != "" {
			r.fail(argument(2, "body") + " given, and the response has a body too")
		}
		resp.Body = body
	}
	if r.err != nil {
		return nil, r.err
	}
	return e.Receive(resp)
}

// resolve(handle, resultJSON) → effect. resultJSON is the ceremony's result: {credential,
// origin} from WebAuthn, {signals} from Protect, or {error, message} with the DOMException name
// when the browser could not do it.
func resolve(args []arg) (any, error) {
	r := readArgs("resolve", args, 2)
	e := engineArg(r)
	var res flowcore.CeremonyResult
	r.json(1, "result", func(s string) (err error) { res, err = flowcore.ReadCeremonyResult(s); return })
	if r.err != nil {
		return nil, r.err
	}
	return e.Resolve(res)
}

// submit(handle, action, inputJSON?) → effect.
func submit(args []arg) (any, error) {
	r := readArgs("submit", args, 2)
	e := engineArg(r)
	action := r.str(1, "action")
	var in map[string]any
	r.json(2, "input", func(s string) (err error) { in, err = flowcore.ReadInput(s); return })
	if r.err != nil {
		return nil, r.err
	}
	return e.Submit(action, in)
}

// cancel(handle) → null.
func cancel(args []arg) (any, error) {
	r := readArgs("cancel", args, 1)
	e := engineArg(r)
	if r.err != nil {
		return nil, r.err
	}
	e.Cancel()
	return nil, nil
}

// snapshot(handle) → the snapshot as a string. It stays a string (not nested JSON) because its
// checksum covers exact bytes that a JavaScript re-serialisation could change.
func snapshot(args []arg) (any, error) {
	r := readArgs("snapshot", args, 1)
	e := engineArg(r)
	if r.err != nil {
		return nil, r.err
	}
	b, err := e.Snapshot()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// restore(handle, snapshot) → null.
func restore(args []arg) (any, error) {
	r := readArgs("restore", args, 2)
	e := engineArg(r)
	s := r.str(1, "snapshot")
	if r.err != nil {
		return nil, r.err
	}
	return nil, e.Restore([]byte(s))
}

// step(handle) → the step on screen, or null.
func step(args []arg) (any, error) {
	r := readArgs("step", args, 1)
	e := engineArg(r)
	if r.err != nil {
		return nil, r.err
	}
	return e.Step(), nil
}

// tokens(handle) → the tokens of a finished sign-on, or null.
func tokens(args []arg) (any, error) {
	r := readArgs("tokens", args, 1)
	e := engineArg(r)
	if r.err != nil {
		return nil, r.err
	}
	return e.Tokens(), nil
}

// signoffUrl(handle, paramsJSON?) → the OpenID Connect end-session URL, {issuer}/signoff.
// Without an idTokenHint, the engine's own ID token is used.
func signoffURL(args []arg) (any, error) {
	r := readArgs("signoffUrl", args, 1)
	e := engineArg(r)
	var p signoffParams
	r.json(1, "params", p.read)
	if r.err != nil {
		return nil, r.err
	}
	return e.SignoffURL(p.IDTokenHint, p.PostLogoutRedirectURI, p.State), nil
}

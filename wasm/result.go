//go:build js && wasm

package main

import (
	"github.com/pingflow/pingflow/flowcore"
	"github.com/pingflow/pingflow/flowcore/fjson"
)

// Error codes of a result's error. They name what kind of misuse happened; flow outcomes (a
// wrong password, an expired flow) are never errors here but "fail" effects inside an ok result.
const (
	codeUsage       = "usage"        // the engine refused the call in its current state
	codeConfig      = "config"       // a configuration field is wrong (see field)
	codeSnapshot    = "snapshot"     // a snapshot was refused
	codeBadHandle   = "bad_handle"   // no engine has this handle (never created, or destroyed)
	codeBadArgument = "bad_argument" // wrong argument count or type, or malformed JSON
	codePanic       = "panic"        // the call panicked; the module is still usable
	codeInternal    = "internal"     // anything else (the random source failed, say)
)

// callError is the error half of a result.
type callError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Field names the configuration field a config error is about.
	Field string `json:"field,omitempty"`
}

func (e *callError) Error() string { return e.Code + ": " + e.Message }

func badArgument(msg string) error { return &callError{Code: codeBadArgument, Message: msg} }

// classify maps an error to the stable code the bridge branches on.
func classify(err error) *callError {
	// flowcore returns its error types unwrapped, so a type switch does; errors.As would link
	// internal/reflectlite into the module (about 38 KB).
	switch e := err.(type) {
	case *callError:
		return e
	case *flowcore.UsageError:
		return &callError{Code: codeUsage, Message: err.Error()}
	case *flowcore.ConfigError:
		return &callError{Code: codeConfig, Message: err.Error(), Field: e.Field}
	case *flowcore.SnapshotError:
		return &callError{Code: codeSnapshot, Message: err.Error()}
	}
	return &callError{Code: codeInternal, Message: err.Error()}
}

// encodeOK writes {"ok":true,"value":v}. The values the exports return are flowcore's (which
// write themselves, without reflection), strings, numbers, and maps and slices of them.
func encodeOK(v any) string {
	b := make([]byte, 0, 512)
	b = append(b, `{"ok":true,"value":`...)
	var err error
	switch x := v.(type) {
	case *flowcore.Step:
		if x == nil {
			v = nil
		}
	case *flowcore.Tokens:
		if x == nil {
			v = nil
		}
	}
	if b, err = fjson.AppendValue(b, v); err != nil {
		return encodeErr(&callError{Code: codeInternal, Message: "encoding the result: " + err.Error()})
	}
	return string(append(b, '}'))
}

// encodeErr writes {"ok":false,"error":{code, message, field?}}; it cannot fail.
func encodeErr(e *callError) string {
	o := fjson.Start(make([]byte, 0, 128))
	o.Bool("ok", false, false)
	o.Key("error")
	eo := fjson.Start(o.B)
	eo.Str("code", e.Code, false)
	eo.Str("message", e.Message, false)
	eo.Str("field", e.Field, true)
	o.B = eo.End()
	return string(o.End())
}

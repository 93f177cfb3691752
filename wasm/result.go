//go:build js && wasm

package main

import (
	"encoding/json"

	"github.com/pingflow/pingflow/flowcore"
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

type okResult struct {
	OK    bool `json:"ok"`
	Value any  `json:"value"`
}

type errResult struct {
	OK    bool       `json:"ok"`
	Error *callError `json:"error"`
}

func encodeOK(v any) string {
	b, err := json.Marshal(okResult{OK: true, Value: v})
	if err != nil {
		return encodeErr(&callError{Code: codeInternal, Message: "encoding the result: " + err.Error()})
	}
	return string(b)
}

// encodeErr cannot fail: a callError is three strings.
func encodeErr(e *callError) string {
	b, _ := json.Marshal(errResult{OK: false, Error: e})
	return string(b)
}

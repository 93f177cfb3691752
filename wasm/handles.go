//go:build js && wasm

package main

import (
	"strconv"

	"github.com/pingflow/pingflow/flowcore"
)

// The handle table. JavaScript holds small integers, never Go pointers, so a stale or forged
// handle is an error result instead of memory corruption. Every callback runs on the single
// JavaScript thread, one at a time, so the table needs no lock.
var (
	engines    = map[int]*flowcore.Engine{}
	nextHandle = 1
)

func addEngine(e *flowcore.Engine) int {
	h := nextHandle
	nextHandle++
	engines[h] = e
	return h
}

func lookup(h int) (*flowcore.Engine, error) {
	e, ok := engines[h]
	if !ok {
		return nil, &callError{Code: codeBadHandle, Message: "no engine has handle " + strconv.Itoa(h) + " (never created, or destroyed)"}
	}
	return e, nil
}

func removeEngine(h int) error {
	if _, err := lookup(h); err != nil {
		return err
	}
	delete(engines, h)
	return nil
}

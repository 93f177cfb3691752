//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// The module takes randomness and regular expressions from its JavaScript host. crypto/rand
// would read the same crypto.getRandomValues, but linking it (with the FIPS module behind it)
// costs about 50 KB gzipped; Go's regexp costs about 125 KB and is not even the dialect DaVinci's
// patterns are written in.

// jsRandom reads crypto.getRandomValues, which is a CSPRNG in every browser and in Node.
type jsRandom struct{}

// getRandomValues fills at most 65536 bytes per call (the Web Crypto limit).
const maxRandomChunk = 65536

func (jsRandom) Read(p []byte) (n int, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = errors.New("crypto.getRandomValues failed: " + panicText(x))
		}
	}()
	crypto := js.Global().Get("crypto")
	if crypto.Type() != js.TypeObject {
		return 0, errors.New("crypto.getRandomValues is not available")
	}
	u8 := js.Global().Get("Uint8Array")
	for n < len(p) {
		buf := u8.New(min(len(p)-n, maxRandomChunk))
		crypto.Call("getRandomValues", buf)
		n += js.CopyBytesToGo(p[n:], buf)
	}
	return n, nil
}

// jsRegExpMatch tests value against a DaVinci field's pattern with JavaScript's RegExp, the
// dialect the pattern was written for. A pattern RegExp refuses is an error (the engine then
// leaves the check to the server).
func jsRegExpMatch(pattern, value string) (ok bool, err error) {
	defer func() {
		if x := recover(); x != nil {
			ok, err = false, errors.New("invalid pattern: "+panicText(x))
		}
	}()
	re := js.Global().Get("RegExp").New(pattern, "u")
	return re.Call("test", value).Bool(), nil
}

//go:build js && wasm

package main

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// The module takes randomness and regular expressions from its JavaScript host. crypto/rand
// would read the same crypto.getRandomValues, but linking it (with the FIPS module behind it)
// costs about 50 KB gzipped; Go's regexp costs about 125 KB and is not even the dialect DaVinci's
// patterns are written in.

// jsRandom reads crypto.getRandomValues, which is a CSPRNG in every browser and in Node.
type jsRandom struct{}

// getRandomValues fills at most 65536 bytes per call (the Web Crypto limit).
const maxRandomChunk = 65536

func (jsRandom) Read(p []byte) (int, error) {
	crypto, err := safejs.Global().Get("crypto")
	if err != nil || crypto.Type() != safejs.TypeObject {
		return 0, errors.New("crypto.getRandomValues is not available")
	}
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return 0, err
	}
	for done := 0; done < len(p); {
		n := min(len(p)-done, maxRandomChunk)
		buf, err := u8.New(n)
		if err != nil {
			return done, err
		}
		if _, err := crypto.Call("getRandomValues", buf); err != nil {
			return done, errors.New("crypto.getRandomValues failed: " + err.Error())
		}
		if _, err := safejs.CopyBytesToGo(p[done:done+n], buf); err != nil {
			return done, err
		}
		done += n
	}
	return len(p), nil
}

// jsRegExpMatch tests value against a DaVinci field's pattern with JavaScript's RegExp, the
// dialect the pattern was written for. A pattern RegExp refuses is an error (the engine then
// leaves the check to the server).
func jsRegExpMatch(pattern, value string) (bool, error) {
	ctor, err := safejs.Global().Get("RegExp")
	if err != nil {
		return false, err
	}
	re, err := ctor.New(pattern, "u")
	if err != nil {
		return false, errors.New("invalid pattern: " + err.Error())
	}
	res, err := re.Call("test", value)
	if err != nil {
		return false, err
	}
	return res.Bool()
}

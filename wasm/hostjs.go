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

// jsRandom reads crypto.getRandomValues, which is a CSPRNG in every browser and in Node. Small
// reads (a sign-on asks for three: the PKCE verifier, state and nonce) are served from a pool
// filled 256 bytes at a time, so that a sign-on crosses into JavaScript once every few sign-ons
// rather than three times each; a byte is handed out once and zeroed in the pool as it goes.
type jsRandom struct{}

// getRandomValues fills at most 65536 bytes per call (the Web Crypto limit).
const maxRandomChunk = 65536

var (
	randomPool [256]byte
	randomLeft int // the unused bytes are the pool's last randomLeft
)

func (jsRandom) Read(p []byte) (int, error) {
	if len(p) > len(randomPool)/2 {
		return readRandom(p)
	}
	if randomLeft < len(p) {
		if _, err := readRandom(randomPool[:]); err != nil {
			return 0, err
		}
		randomLeft = len(randomPool)
	}
	from := len(randomPool) - randomLeft
	n := copy(p, randomPool[from:])
	clear(randomPool[from : from+n])
	randomLeft -= n
	return n, nil
}

// readRandom fills p from crypto.getRandomValues.
func readRandom(p []byte) (n int, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = errors.New("crypto.getRandomValues failed: " + panicText(x))
		}
	}()
	touchedJS = true
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
	touchedJS = true
	re := js.Global().Get("RegExp").New(pattern, "u")
	return re.Call("test", value).Bool(), nil
}

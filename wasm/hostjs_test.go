//go:build js && wasm

package main

import (
	"bytes"
	"testing"
)

func TestJSRandomFillsFromGetRandomValues(t *testing.T) {
	a, b := make([]byte, 70000), make([]byte, 70000) // more than one getRandomValues chunk
	if n, err := (jsRandom{}).Read(a); err != nil || n != len(a) {
		t.Fatalf("Read = %d, %v", n, err)
	}
	if _, err := (jsRandom{}).Read(b); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) || bytes.Equal(a[65536:], make([]byte, len(a)-65536)) {
		t.Fatal("the random bytes repeat or the second chunk was left empty")
	}
}

func TestJSRandomPoolNeverRepeatsABlock(t *testing.T) {
	// Small reads come from the pool: across its refills, no 16-byte read repeats and none is
	// all zero (a byte handed out is zeroed in the pool, so a bug serving it twice shows).
	seen := map[[16]byte]bool{}
	for i := 0; i < 100; i++ { // more than six pools' worth
		var b [16]byte
		if n, err := (jsRandom{}).Read(b[:]); err != nil || n != len(b) {
			t.Fatalf("read %d: Read = %d, %v", i, n, err)
		}
		if b == ([16]byte{}) || seen[b] {
			t.Fatalf("read %d gave %x: zero or seen before", i, b)
		}
		seen[b] = true
	}
}

func TestJSRegExpIsJavaScriptsDialect(t *testing.T) {
	for _, tc := range []struct {
		pattern, value string
		want           bool
	}{
		{`^[^@]+@[^@]+$`, "ava@example.com", true},
		{`^[^@]+@[^@]+$`, "nope", false},
		{`(?<=\$)\d+`, "$42", true}, // lookbehind: JavaScript has it, Go's RE2 does not
		{`^\p{Lu}`, "Émile", true},
	} {
		got, err := jsRegExpMatch(tc.pattern, tc.value)
		if err != nil || got != tc.want {
			t.Errorf("%s on %q = %v, %v; want %v", tc.pattern, tc.value, got, err, tc.want)
		}
	}
	if _, err := jsRegExpMatch(`([`, "x"); err == nil {
		t.Error("an invalid pattern is an error")
	}
}

//go:build js && wasm

package main

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// fastCallBytes writes a call as the bridge does (bridge/src/fastcall.js).
func fastCallBytes(name string, args ...any) []byte {
	b := appendFastString(nil, name)
	for _, a := range args {
		switch v := a.(type) {
		case string:
			b = appendFastString(b, v)
		case float64:
			b = append(b, 'n')
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		case nil:
			b = append(b, 'u')
		}
	}
	return b
}

func appendFastString(b []byte, s string) []byte {
	b = append(b, 's')
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func TestFastCallRunsTheExportNamed(t *testing.T) {
	t.Parallel()
	if out := fastCall(fastCallBytes("version")); !strings.Contains(out, `"ok":true`) || !strings.Contains(out, `"namespace":"__pingflow"`) {
		t.Fatalf("version: %s", out)
	}
	if out := fastCall(fastCallBytes("start", "1")); !strings.Contains(out, "must be a number, not string") {
		t.Fatalf("start with a string handle: %s", out)
	}
	if out := fastCall(fastCallBytes("start", float64(1<<30))); !strings.Contains(out, `"code":"bad_handle"`) {
		t.Fatalf("start with an unknown handle: %s", out)
	}
}

func TestFastCallRefusesMalformedCalls(t *testing.T) {
	t.Parallel()
	good := fastCallBytes("open", 1.0, "flow-1")
	for name, in := range map[string][]byte{
		"empty":          nil,
		"no name":        {'n', 0, 0, 0, 0, 0, 0, 0, 0},
		"name cut short": fastCallBytes("version")[:5],
		"unknown tag":    append(fastCallBytes("version"), 'z'),
		"string cut":     good[:len(good)-2],
		"length too big": append(fastCallBytes("version"), 's', 0xff, 0xff, 0xff, 0x7f, 'x'),
		"number cut":     append(fastCallBytes("version"), 'n', 1, 2),
	} {
		out := fastCall(in)
		if !strings.Contains(out, `"code":"bad_argument"`) {
			t.Errorf("%s: %s", name, out)
		}
	}
	if out := fastCall(fastCallBytes("nope")); !strings.Contains(out, `no export is named \"nope\"`) {
		t.Errorf("unknown export: %s", out)
	}
}

func TestFastEntryUsesItsBuffers(t *testing.T) {
	// Not parallel: the entry's buffers are the module's.
	in := fastCallBytes("version")
	p := pingflowIn(uint32(len(in)))
	if p == 0 || len(fastIn) < len(in) {
		t.Fatalf("pingflow_in gave %d and a buffer of %d bytes", p, len(fastIn))
	}
	copy(fastIn, in)
	n := pingflowCall(uint32(len(in)))
	if int(n) != len(fastOut) || !strings.HasPrefix(fastOut, `{"ok":true`) || pingflowOut() == 0 {
		t.Fatalf("pingflow_call gave %d for %q", n, fastOut)
	}
	if pingflowIn(maxFastCall+1) != 0 {
		t.Fatal("pingflow_in took a call over the limit")
	}
	// The buffer grows for a larger call, and keeps what fits.
	big := fastCallBytes("restore", 1.0, strings.Repeat("x", 100_000))
	pingflowIn(uint32(len(big)))
	copy(fastIn, big)
	if out := fastCall(fastIn[:len(big)]); !strings.Contains(out, `"ok":false`) {
		t.Fatalf("restore of junk: %s", out)
	}
	// A call over a mebibyte, then a small one: the large buffer is given back.
	pingflowIn(3 << 20)
	if cap(fastIn) < 3<<20 {
		t.Fatalf("the buffer is %d bytes for a call of 3 MiB", cap(fastIn))
	}
	pingflowIn(1000)
	if cap(fastIn) > fastKeep {
		t.Fatalf("after a small call the buffer is still %d bytes", cap(fastIn))
	}
}

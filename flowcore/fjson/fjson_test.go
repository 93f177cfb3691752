package fjson

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// The oracles are encoding/json (writing, Valid) and github.com/tidwall/gjson (reading), which
// flowcore used before fjson; they are used only in tests.

var docs = []string{
	`{"a":{"b":[1,2,{"c":"x"}]},"s":"h\u00e9\"llo\\n","n":-12.5e3,"t":true,"f":false,"z":null}`,
	` { "k.e*y" : "v" , "arr" : [ ] , "o" : { } , "big": 12345678901234567890, "i": "42", "neg":"-3" } `,
	`[1,"2",[3],{"4":5}]`,
	`"just a string"`, `12`, `true`, `null`, ``, `{`, `{"a":}`, `[1,]`, `{"a":1}x`, `01`, `1.`, `-`, `"\x"`,
	`"\ud83d\ude00 \u2028 <&>"`, `{"dup":1,"dup":2}`, "\"a\tb\"", `{"a":"\u00zz"}`,
}

var paths = []string{"a", "a.b", "a.b.0", "a.b.2.c", "a.b.#", "a.b.3", "s", "n", "t", "f", "z", "k\\.e\\*y", "arr", "arr.#", "o", "big", "i", "neg", "0", "3.4", "#", "dup", "missing.x"}

func TestReaderMatchesGJSON(t *testing.T) {
	for _, d := range docs {
		checkAgainstGJSON(t, d)
	}
}

func checkAgainstGJSON(t *testing.T, d string) {
	t.Helper()
	require.Equal(t, json.Valid([]byte(d)), Valid(d), "Valid(%q)", d)
	if !Valid(d) {
		return
	}
	same := func(what string, g gjson.Result, r Result) {
		t.Helper()
		require.Equal(t, g.Exists(), r.Exists(), "%s Exists in %q", what, d)
		require.Equal(t, int(g.Type), int(r.Type), "%s Type in %q", what, d)
		if r.Type != JSON {
			require.Equal(t, g.String(), r.String(), "%s String in %q", what, d)
		}
		require.Equal(t, g.Int(), r.Int(), "%s Int in %q", what, d)
		require.Equal(t, g.Bool(), r.Bool(), "%s Bool in %q", what, d)
		require.Equal(t, g.IsObject(), r.IsObject(), "%s IsObject in %q", what, d)
		require.Equal(t, g.IsArray(), r.IsArray(), "%s IsArray in %q", what, d)
		if r.Type == JSON {
			require.Equal(t, compact(t, g.Raw), compact(t, r.Raw), "%s Raw in %q", what, d)
		}
	}
	var walk func(what string, g gjson.Result, r Result, depth int)
	walk = func(what string, g gjson.Result, r Result, depth int) {
		same(what, g, r)
		if depth > 4 {
			return
		}
		var gk, rk []string
		var gv []gjson.Result
		var rv []Result
		g.ForEach(func(k, v gjson.Result) bool { gk, gv = append(gk, k.String()), append(gv, v); return true })
		r.ForEach(func(k, v Result) bool { rk, rv = append(rk, k.String()), append(rv, v); return true })
		require.Equal(t, gk, rk, "%s keys in %q", what, d)
		for i := range gv {
			walk(what+"/"+gk[i], gv[i], rv[i], depth+1)
		}
	}
	walk("root", gjson.Parse(d), Parse(d), 0)
	if Parse(d).Type != JSON {
		return // gjson's paths into a scalar find odd things; flowcore never asks
	}
	for _, p := range paths {
		same(p, gjson.Get(d, p), Get(d, p))
	}
	key := "we.ird*?key"
	doc := `{"` + key + `":` + strings.TrimSpace(d) + `}`
	same("escaped key", gjson.Get(doc, gjson.Escape(key)), Get(doc, Escape(key)))
}

func compact(t *testing.T, s string) string {
	var b strings.Builder
	out, err := json.Marshal(json.RawMessage(s))
	require.NoError(t, err)
	b.Write(out)
	return b.String()
}

var strs = []string{"", "plain", "quote\" back\\ slash/", "<script>&amp;</script>", "\x00\x01\b\f\n\r\t\x1f\x7f", "é ü 日本", "\u2028\u2029", "bad \xff\xfe utf8 \xe2\x80", "😀"}

func TestWriterMatchesEncodingJSON(t *testing.T) {
	for _, s := range strs {
		checkString(t, s)
	}
	for _, d := range docs {
		if json.Valid([]byte(d)) {
			checkRaw(t, d)
		}
	}
	for _, f := range []float64{0, 1, -1, 0.1, 1e-7, 1e21, 1e20, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, -2.5e-10} {
		want, _ := json.Marshal(f)
		got, err := AppendFloat(nil, f)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%v", f)
	}
	_, err := AppendFloat(nil, math.NaN())
	require.Error(t, err)
	v := map[string]any{"b": []any{"x", 1.5, true, nil, map[string]any{"z": "<", "a": []string{"q"}}}, "a": map[string]string{"y": "1", "x": "2"}, "n": int64(-3), "u": uint8(7), "f32": float32(0.1)}
	want, _ := json.Marshal(v)
	got, err := AppendValue(nil, v)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	_, err = AppendValue(nil, map[string]any{"c": complex(1, 1)})
	require.Error(t, err)
}

func checkString(t *testing.T, s string) {
	want, err := json.Marshal(s)
	require.NoError(t, err)
	require.Equal(t, string(want), string(AppendString(nil, s)), "%q", s)
}

func checkRaw(t *testing.T, s string) {
	want, err := json.Marshal(json.RawMessage(s))
	require.NoError(t, err)
	require.Equal(t, string(want), string(AppendRaw(nil, s)), "%q", s)
}

func TestReader(t *testing.T) {
	type out struct {
		S       string
		B       bool
		I       int
		I64     int64
		P       *int
		L       []string
		M       map[string]string
		Unknown string
	}
	read := func(doc string) (out, error) {
		var o out
		var r Reader
		r.Object("doc", r.Top("doc", doc), func(k string, v Result) bool {
			p := "doc." + k
			switch k {
			case "s":
				r.Str(p, v, &o.S)
			case "b":
				r.Bool(p, v, &o.B)
			case "i":
				r.Int(p, v, &o.I)
			case "i64":
				r.Int64(p, v, &o.I64)
			case "p":
				r.IntPtr(p, v, &o.P)
			case "l":
				r.Strings(p, v, &o.L)
			case "m":
				r.StringMap(p, v, &o.M)
			default:
				return false
			}
			return true
		})
		return o, r.Err
	}
	seven := 7
	got, err := read(`{"s":"x\n","b":true,"i":-3,"i64":9007199254740993,"p":7,"l":["a","b"],"m":{"k":"v"}}`)
	require.NoError(t, err)
	assert.Equal(t, out{S: "x\n", B: true, I: -3, I64: 9007199254740993, P: &seven, L: []string{"a", "b"}, M: map[string]string{"k": "v"}}, got)
	got, err = read(`{"s":null,"p":null,"l":null,"m":null}`)
	require.NoError(t, err)
	assert.Equal(t, out{}, got)
	for doc, msg := range map[string]string{
		`{"x":1}`:             "doc.x: unknown field",
		`{"s":1}`:             "doc.s: must be a string, not a number",
		`{"b":"true"}`:        "doc.b: must be true or false, not a string",
		`{"i":1.5}`:           "doc.i: must be a whole number",
		`{"i":[]}`:            "doc.i: must be a number, not an array",
		`{"l":"a"}`:           "doc.l: must be an array, not a string",
		`{"l":[1]}`:           "doc.l.0: must be a string, not a number",
		`{"m":[]}`:            "doc.m: must be an object, not an array",
		`{"m":{"k":true}}`:    "doc.m.k: must be a string, not a boolean",
		`[]`:                  "doc: must be an object, not an array",
		`{"s":"a"} x`:         "doc: not valid JSON",
		`{"p":{}}`:            "doc.p: must be a number, not an object",
		`{"s":"a","s":false}`: "doc.s: must be a string, not a boolean",
	} {
		_, err := read(doc)
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), msg, doc)
	}
	assert.Equal(t, "null", KindName(Result{}))
	n := NumberText("12")
	v, err := n.Int64()
	require.NoError(t, err)
	assert.Equal(t, int64(12), v)
	assert.Equal(t, `12`, string(n.AppendJSON(nil)))
	assert.Equal(t, "x", GetBytes([]byte(`{"a":"x"}`), "a").String())
	assert.True(t, ValidBytes([]byte(`[]`)))
	assert.Equal(t, map[string]any{"a": []any{NumberText("1"), true, nil, "s"}}, Decode(ParseBytes([]byte(`{"a":[1,true,null,"s"]}`)), true))
}

// membersDocs add to docs what Members must read as Get does: repeated names (the first wins,
// even when its value is not one), escaped names, nested values, and broken objects.
var membersDocs = []string{
	`{"a":1,"a":2,"b":{"a":3},"c":[{"a":4}],"d":"x"}`,
	`{"a\u0062":1,"ab":2,"a\"b":3,"a.b":4,"":5,"#":6,"0":7}`,
	`{"_links":{"self":{"href":"h"}},"id":"f","status":"S","_embedded":{"user":{"name":{"given":"A"}}},"id":"g"}`,
	`{"a":1 "b":2}`, `{"a":}`, `{"a":,"b":1}`, `{"a":x,"b":1}`, `{"a":x,"a":1}`, `{"a"`, `{"`, `{"a":1,`,
	`{"a":1]`, `{1:2}`, `{"a":"unterminated`, `{"a":{"b":1}`, `{"a" 1}`, `{ "a" : null , "b" : [ ] }`,
	`{"a":1,,"b":2}`, `{"a":tru,"b":-,"c":"\q"}`, `[{"a":1}]`, `"s"`, `1`, ``,
}

// sameResult compares two Results field by field (Num bit for bit: "-nan" is not JSON but
// reads as NaN).
func sameResult(t *testing.T, want, got Result, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, want.Type, got.Type, msgAndArgs...)
	require.Equal(t, want.Raw, got.Raw, msgAndArgs...)
	require.Equal(t, want.Str, got.Str, msgAndArgs...)
	require.Equal(t, math.Float64bits(want.Num), math.Float64bits(got.Num), msgAndArgs...)
}

// checkMembers checks Members against Get member by member, on r and on every value in it: all
// the names r has (and some it has not) at once, one at a time, reversed and repeated.
func checkMembers(t *testing.T, r Result, depth int) {
	t.Helper()
	names := []string{"missing", "", "#", "0", "a.b", "a"}
	seen := map[string]bool{}
	r.ForEach(func(k, v Result) bool {
		if k.Type == String && !seen[k.Str] && len(names) < 60 {
			seen[k.Str] = true
			names = append(names, k.Str)
		}
		if depth < 4 {
			checkMembers(t, v, depth+1)
		}
		return true
	})
	check := func(names []string) {
		t.Helper()
		out := make([]Result, len(names))
		r.Members(out, names...)
		for k, name := range names {
			want := r.Get(Escape(name))
			if !r.IsObject() {
				want = Result{} // Members reads objects only; Get reads "0" and "#" in an array
			}
			sameResult(t, want, out[k], "Members %q of %q", name, r.Raw)
		}
	}
	check(names)
	for _, name := range names {
		check([]string{name})
		check([]string{name, name})
	}
	rev := make([]string, len(names))
	for k, name := range names {
		rev[len(names)-1-k] = name
	}
	check(rev)
	check(nil)
}

func TestMembersMatchesGet(t *testing.T) {
	for _, d := range append(append([]string{}, docs...), membersDocs...) {
		checkMembers(t, Parse(d), 0)
	}
	// An array's members are not looked up, though Get reads "0" and "#" there.
	out := make([]Result, 2)
	Parse(`[5]`).Members(out, "0", "#")
	assert.False(t, out[0].Exists())
	assert.False(t, out[1].Exists())
	assert.Panics(t, func() { Parse(`{}`).Members(nil, "a") })
	assert.Panics(t, func() { Parse(`{}`).Members(make([]Result, 65), make([]string, 65)...) })
	many := make([]string, 64)
	for k := range many {
		many[k] = strings.Repeat("k", k)
	}
	out = make([]Result, 64)
	Parse(`{"":0,"kkk":3,"`+many[63]+`":63}`).Members(out, many...)
	assert.Equal(t, "0", out[0].Raw)
	assert.Equal(t, "3", out[3].Raw)
	assert.Equal(t, "63", out[63].Raw)
	assert.False(t, out[1].Exists())
}

// TestMembersAllocates nothing: the names and out of a call stay on the caller's stack.
func TestMembersAllocates(t *testing.T) {
	doc := Parse(`{"a":{"b":[1,2]},"c":"x","d":true,"e":"\u00e9"}`)
	n := testing.AllocsPerRun(100, func() {
		var m [3]Result
		doc.Members(m[:], "c", "a", "d")
		if m[0].Str != "x" {
			t.Fatal(m[0])
		}
	})
	assert.Zero(t, n)
}

// FuzzMembers: Members reads what Get reads, member by member, valid JSON or not.
func FuzzMembers(f *testing.F) {
	for _, d := range append(append([]string{}, docs...), membersDocs...) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) {
		checkMembers(t, Parse(d), 0)
		if Valid(d) {
			return
		}
		// A broken document may still hold an object further in.
		if i := strings.IndexByte(d, '{'); i > 0 {
			checkMembers(t, Parse(d[i:]), 0)
		}
	})
}

// benchNames are the members buildStep reads from a flow's _embedded.
var benchNames = []string{"promptText", "user", "application", "devices", "selectedDevice", "passwordPolicy",
	"socialProviders", "identityProviders", "identityProvider", "attributes", "agreement", "publicKeyCredentialRequestOptions"}

func benchEmbedded(b *testing.B) Result {
	data, err := os.ReadFile("../testdata/responses/otp-required-email.json")
	require.NoError(b, err)
	emb := Parse(string(data)).Get("_embedded")
	require.True(b, emb.IsObject())
	b.ReportAllocs()
	b.SetBytes(int64(len(emb.Raw)))
	return emb
}

// BenchmarkGetEach reads benchNames one Get at a time: each walks _embedded from its start.
func BenchmarkGetEach(b *testing.B) {
	emb := benchEmbedded(b)
	for i := 0; i < b.N; i++ {
		for _, name := range benchNames {
			emb.Get(name)
		}
	}
}

// BenchmarkMembers reads benchNames in one pass.
func BenchmarkMembers(b *testing.B) {
	emb := benchEmbedded(b)
	var out [12]Result
	for i := 0; i < b.N; i++ {
		emb.Members(out[:], benchNames...)
	}
}

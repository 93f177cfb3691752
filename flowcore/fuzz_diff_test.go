package flowcore

import (
	"crypto/sha256"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/pingflow/pingflow/flowcore/fjson"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// Differential fuzz targets: flowcore carries its own small URL parser, query codec and SHA-256
// (net/url and crypto/sha256 cost the browser module about 50 KB gzipped), so each is checked
// against the Go standard library on whatever input the fuzzer finds. The standard library is
// the oracle only in tests; the module never links it.

// FuzzSum256: sum256 equals crypto/sha256 for every message.
func FuzzSum256(f *testing.F) {
	for _, s := range []string{"", "abc", strings.Repeat("a", 55), strings.Repeat("a", 56), strings.Repeat("a", 64), strings.Repeat("\xff", 119)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		require.Equal(t, sha256.Sum256(msg), sum256(msg))
	})
}

var urlSeeds = []string{
	"https://auth.pingone.com/env/as/authorize?client_id=c&x=1#frag",
	"https://AUTH.example:8443/a/b?c=d",
	"https://user:pw@auth.example/",
	"https://auth.example\\@evil.example/",
	"https://evil.example#@auth.example/",
	"https://evil.example?@auth.example/",
	"https://auth.example.evil.example/",
	"http://[::1]:8080/x",
	"HTTPS://auth.example",
	"javascript:alert(1)",
	"//auth.example/x",
	"https://auth.example/%2F..%2f",
	"https://auth.example:/",
	"https:auth.example/x",
}

// escapeStrayPercents writes each '%' that does not start a %XX escape as %25.
func escapeStrayPercents(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FuzzSameOrigin: whenever flowcore's sameOrigin accepts a link as being on an origin, net/url
// reads the link the same way — it parses, it is absolute with an authority, it carries no user
// information, and its scheme and host are the origin's. (The converse is not required: flowcore
// refuses some links net/url would take, which only ever refuses a link.)
func FuzzSameOrigin(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s, "https://auth.example")
		f.Add(s, "https://auth.pingone.com")
	}
	f.Fuzz(func(t *testing.T, raw, origin string) {
		if !sameOrigin(raw, origin) {
			return
		}
		// A stray '%' in the path, query or fragment makes net/url refuse a URL a browser follows;
		// the oracle reads it with such signs escaped (which moves no boundary).
		u, err := url.Parse(escapeStrayPercents(raw))
		require.NoError(t, err, "sameOrigin accepted %q, net/url refuses it", raw)
		require.True(t, u.IsAbs() && u.Host != "" && u.Opaque == "", "sameOrigin accepted %q with no authority", raw)
		require.True(t, u.User == nil || u.User.String() == "", "sameOrigin accepted %q with user information", raw)
		require.True(t, strings.EqualFold(u.Scheme+"://"+u.Host, origin), "%q: net/url's origin %s://%s, flowcore's %s", raw, u.Scheme, u.Host, origin)
	})
}

// FuzzParseURI: where both parse an absolute URL, flowcore and net/url agree on the scheme, the
// host, the raw query and whether there is an authority.
func FuzzParseURI(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		mine, ok := parseURI(raw)
		std, err := url.Parse(raw)
		if !ok || err != nil || !std.IsAbs() {
			return
		}
		require.Equal(t, strings.ToLower(std.Scheme), mine.scheme, raw)
		require.Equal(t, std.Opaque == "" && (std.Host != "" || strings.HasPrefix(raw[len(std.Scheme)+1:], "//")), mine.hasAuthority, raw)
		if mine.hasAuthority {
			if !strings.Contains(mine.host, "%") { // net/url unescapes a host; flowcore compares it raw
				require.Equal(t, strings.ToLower(std.Host), mine.host, raw)
			}
		}
		if !strings.Contains(raw, "#") || strings.Index(raw, "?") < strings.Index(raw, "#") {
			require.Equal(t, std.RawQuery, mine.query, raw)
		}
	})
}

// FuzzQuery: the query codec agrees with net/url both ways — what encode writes, url.ParseQuery
// reads back unchanged; and what url.ParseQuery reads from a query without ';', parseQuery reads
// the same (the first value of each name).
func FuzzQuery(f *testing.F) {
	f.Add("code", "a+b/c=d&e", "state", "%zz é")
	f.Add("", "", "x", "1")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		p := params{k1: v1, k2: v2}
		back, err := url.ParseQuery(p.encode())
		require.NoError(t, err, p.encode())
		for k, v := range p {
			require.Equal(t, []string{v}, back[k], "%q=%q through %q", k, v, p.encode())
		}
		require.Equal(t, map[string]string(p), parseQuery(p.encode()))

		raw := k1 + "=" + v1 + "&" + k2 + "=" + v2
		if strings.Contains(raw, ";") {
			return
		}
		std, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got := parseQuery(raw)
		require.Len(t, got, len(std), raw)
		for k, vs := range std {
			require.Equal(t, vs[0], got[k], "%q in %q", k, raw)
		}
	})
}

var jsonSeeds = []string{
	`{"a":{"b":[1,2,{"c":"x"}]},"s":"h\u00e9\"llo\\n","n":-12.5e3,"t":true,"f":false,"z":null}`,
	` { "k.e*y" : "v" , "arr" : [ ] , "big": 12345678901234567890, "i": "42" } `, `[1,"2",[3],{"4":5}]`,
	`"\ud83d\ude00 \u2028 <&>"`, `{"a":}`, `01`, "bad \xff utf8", "\x00\x1f\u2029",
}

// FuzzJSONReader: fjson reads what gjson read (flowcore used gjson before fjson), and finds valid
// exactly what encoding/json finds valid.
func FuzzJSONReader(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		require.Equal(t, json.Valid([]byte(d)), fjson.Valid(d), "Valid(%q)", d)
		if !fjson.Valid(d) {
			return
		}
		g, r := gjson.Parse(d), fjson.Parse(d)
		require.Equal(t, int(g.Type), int(r.Type))
		if r.Type != fjson.JSON {
			require.Equal(t, g.String(), r.String())
			return
		}
		var walk func(g gjson.Result, r fjson.Result, depth int)
		walk = func(g gjson.Result, r fjson.Result, depth int) {
			require.Equal(t, int(g.Type), int(r.Type), "in %q", d)
			if len(strings.TrimLeft(r.String(), "-")) < 20 { // beyond uint64, gjson wraps around; fjson clamps
				require.Equal(t, g.Int(), r.Int(), "in %q", d)
			}
			require.Equal(t, g.Bool(), r.Bool(), "in %q", d)
			if r.Type != fjson.JSON {
				require.Equal(t, g.String(), r.String(), "in %q", d)
			}
			if depth > 3 || r.Type != fjson.JSON {
				return
			}
			var keys []string
			g.ForEach(func(k, _ gjson.Result) bool { keys = append(keys, k.String()); return true })
			n := 0
			r.ForEach(func(k, v fjson.Result) bool {
				require.Less(t, n, len(keys), "in %q", d)
				require.Equal(t, keys[n], k.String(), "in %q", d)
				path := fjson.Escape(k.String())
				walk(g.Get(gjson.Escape(k.String())), r.Get(path), depth+1)
				n++
				return true
			})
			require.Equal(t, len(keys), n, "in %q", d)
			if r.IsObject() && len(keys) <= 64 {
				// Members reads in one pass what Get reads member by member.
				out := make([]fjson.Result, len(keys))
				r.Members(out, keys...)
				for k, key := range keys {
					want := r.Get(fjson.Escape(key))
					require.Equal(t, want.Raw, out[k].Raw, "Members %q in %q", key, d)
					require.Equal(t, want.Str, out[k].Str, "Members %q in %q", key, d)
					require.Equal(t, int(want.Type), int(out[k].Type), "Members %q in %q", key, d)
				}
			}
			require.Equal(t, g.Get("#").Int(), r.Get("#").Int(), "in %q", d)
		}
		walk(g, r, 0)
	})
}

// FuzzJSONWriter: fjson writes strings and raw JSON exactly as encoding/json does.
func FuzzJSONWriter(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(fjson.AppendString(nil, s)))
		if json.Valid([]byte(s)) {
			want, err := json.Marshal(json.RawMessage(s))
			require.NoError(t, err)
			require.Equal(t, string(want), string(fjson.AppendRaw(nil, s)))
		}
	})
}

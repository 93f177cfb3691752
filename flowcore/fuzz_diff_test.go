package flowcore

import (
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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

package flowcore

import (
	"sort"
	"strings"
)

// The engine needs only a little of net/url: split an absolute URL, compare origins, and encode
// or decode a query. net/url (with what it pulls in) costs about 50 KB gzipped in the browser
// module, so these few functions stand in for it. They follow RFC 3986.

// uri is an absolute URL split into the parts the engine looks at.
type uri struct {
	scheme, userinfo, host, path, query, fragment string
	hasAuthority                                  bool
}

// parseURI splits an absolute URL. ok is false for a relative reference, a bad scheme, or a URL
// with spaces or control characters in it.
func parseURI(raw string) (u uri, ok bool) {
	for i := 0; i < len(raw); i++ {
		if raw[i] <= ' ' || raw[i] == 0x7f {
			return uri{}, false
		}
	}
	colon := strings.IndexByte(raw, ':')
	if colon < 1 || !validScheme(raw[:colon]) {
		return uri{}, false
	}
	u.scheme, raw = strings.ToLower(raw[:colon]), raw[colon+1:]
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		u.fragment, raw = raw[i+1:], raw[:i]
	}
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		u.query, raw = raw[i+1:], raw[:i]
	}
	if strings.HasPrefix(raw, "//") {
		u.hasAuthority = true
		raw = raw[2:]
		end := strings.IndexByte(raw, '/')
		if end < 0 {
			end = len(raw)
		}
		authority := raw[:end]
		u.path = raw[end:]
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			u.userinfo, authority = authority[:at], authority[at+1:]
		}
		u.host = strings.ToLower(authority)
	} else {
		u.path = raw
	}
	return u, true
}

func validScheme(s string) bool {
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// hostname is host without its port (and without the brackets of an IPv6 literal).
func (u uri) hostname() string {
	h := u.host
	if strings.HasPrefix(h, "[") {
		if end := strings.IndexByte(h, ']'); end > 0 {
			return h[1:end]
		}
		return h
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		return h[:i]
	}
	return h
}

// origin is scheme://host[:port].
func (u uri) origin() string { return u.scheme + "://" + u.host }

// params is a query to encode, kept in a fixed (sorted) order so requests are reproducible.
type params map[string]string

// encode writes the parameters sorted by name, each name and value percent-encoded.
func (p params) encode() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(k))
		b.WriteByte('=')
		b.WriteString(escape(p[k]))
	}
	return b.String()
}

const upperhex = "0123456789ABCDEF"

// escape percent-encodes everything but RFC 3986's unreserved characters.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperhex[c>>4])
		b.WriteByte(upperhex[c&15])
	}
	return b.String()
}

// parseQuery decodes a query or form (a '+' is a space). The first value of a name wins; a
// malformed escape leaves that pair out.
func parseQuery(q string) map[string]string {
	out := map[string]string{}
	for _, pair := range strings.Split(q, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, ok1 := unescape(k)
		val, ok2 := unescape(v)
		if !ok1 || !ok2 {
			continue
		}
		if _, seen := out[key]; !seen {
			out[key] = val
		}
	}
	return out
}

func unescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
				return "", false
			}
			b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

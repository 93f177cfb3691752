package flowcore

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseURI(t *testing.T) {
	u, ok := parseURI("HTTPS://user:pw@Auth.PingOne.com:443/env/as?x=1&y=2#frag")
	assert.True(t, ok)
	assert.Equal(t, uri{scheme: "https", userinfo: "user:pw", host: "auth.pingone.com:443", path: "/env/as", query: "x=1&y=2", fragment: "frag", hasAuthority: true}, u)
	assert.Equal(t, "auth.pingone.com", u.hostname())
	assert.Equal(t, "https://auth.pingone.com:443", u.origin())
	v, _ := parseURI("http://[::1]:8080/x")
	assert.Equal(t, "::1", v.hostname())
	w, ok := parseURI("com.example.app:/callback")
	assert.True(t, ok)
	assert.False(t, w.hasAuthority)
	for _, bad := range []string{"", "/relative", "auth.pingone.com", "1http://x", "http://a b", "ht tp://x", ":x", "http://x\n"} {
		_, ok := parseURI(bad)
		assert.False(t, ok, bad)
	}
}

// The query codec agrees with net/url on what matters: our encoding decodes to the same values.
func TestQueryCodecAgreesWithNetURL(t *testing.T) {
	p := params{"scope": "openid profile email", "redirect_uri": "https://app.example.com/cb?x=1&y=é", "state": "a+b/c=~_-.", "empty": ""}
	enc := p.encode()
	assert.Equal(t, "empty=&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1%26y%3D%C3%A9&scope=openid%20profile%20email&state=a%2Bb%2Fc%3D~_-.", enc)
	std, err := url.ParseQuery(enc)
	assert.NoError(t, err)
	for k, v := range p {
		assert.Equal(t, v, std.Get(k))
	}
	assert.Equal(t, map[string]string(p), parseQuery(enc))
	assert.Equal(t, map[string]string{"code": "a b", "state": "s"}, parseQuery("code=a+b&state=s&state=ignored&bad=%zz&"))
}

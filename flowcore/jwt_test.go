package flowcore

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test JWKS: fakeJWT's kid "test" (RS256), and an ES256 key. The engine never checks the
// key material itself (the host does), only what key fits the token.
const (
	testRSAKey = `{"kty":"RSA","kid":"test","use":"sig","alg":"RS256","n":"sXch","e":"AQAB"}`
	testECKey  = `{"kty":"EC","kid":"ec1","crv":"P-256","x":"f83O","y":"x_FE"}`
	testJWKS   = `{"keys":[` + testRSAKey + `,` + testECKey + `]}`
)

// signed finishes a sign-on whose token response was received: it answers the JWKS fetch
// with testJWKS and the signature check with valid.
func signed(t testing.TB, e *Engine, eff Effect) Effect {
	t.Helper()
	var err error
	if eff.Kind == EffectFetch && eff.Request.Purpose == PurposeJWKS {
		eff, err = e.Receive(ok200(testJWKS))
		require.NoError(t, err)
	}
	if eff.Kind == EffectVerify {
		eff, err = e.Resolve(CeremonyResult{Valid: true})
		require.NoError(t, err)
	}
	return eff
}

// jwtWith is a compact JWT with the given header and claims and a placeholder signature.
func jwtWith(header map[string]any, claims map[string]any, sig string) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + sig
}

func tokenBody(idToken string) string {
	return `{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt1","id_token":"` + idToken + `"}`
}

func TestIDTokenSignature(t *testing.T) {
	claims := func(e *Engine) map[string]any {
		return map[string]any{"iss": testAuth + "/" + testEnv + "/as", "aud": testClient, "nonce": e.st.Nonce,
			"exp": testNow.Add(time.Hour).Unix(), "sub": "u1"}
	}
	cases := []struct {
		name   string
		header map[string]any
		sig    string
		says   string // the failure's message, "" for a signature to check
	}{
		{"RS256", map[string]any{"alg": "RS256", "kid": "test"}, "c2ln", ""},
		{"ES256", map[string]any{"alg": "ES256", "kid": "ec1"}, "c2ln", ""},
		{"no kid, one fitting key", map[string]any{"alg": "ES256"}, "c2ln", ""},
		{"none", map[string]any{"alg": "none"}, "", "alg none is"},
		{"HS256", map[string]any{"alg": "HS256", "kid": "test"}, "c2ln", "alg HS256 is"},
		{"RS512", map[string]any{"alg": "RS512", "kid": "test"}, "c2ln", "alg RS512 is"},
		{"no alg", map[string]any{"kid": "test"}, "c2ln", "is not RS256 or ES256"},
		{"kid of another type", map[string]any{"alg": "ES256", "kid": "test"}, "c2ln", "no key in the JWKS has kid test"},
		{"unknown kid", map[string]any{"alg": "RS256", "kid": "rotated"}, "c2ln", "no key in the JWKS has kid rotated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := atToken(t)
			tok := jwtWith(tc.header, claims(e), tc.sig)
			eff, err := e.Receive(ok200(tokenBody(tok)))
			require.NoError(t, err)
			if eff.Kind == EffectFetch {
				require.Equal(t, PurposeJWKS, eff.Request.Purpose)
				assert.Equal(t, testAuth+"/"+testEnv+"/as/jwks", eff.Request.URL)
				assert.Equal(t, "GET", eff.Request.Method)
				assert.Equal(t, "omit", eff.Request.Credentials)
				eff, err = e.Receive(ok200(testJWKS))
				require.NoError(t, err)
			}
			if tc.says != "" {
				require.Equal(t, EffectFail, eff.Kind)
				assert.Equal(t, CodeIDTokenInvalid, eff.Error.Code)
				assert.Equal(t, ClassProtocol, eff.Error.Class)
				assert.Contains(t, eff.Error.Message, tc.says)
				assert.Nil(t, e.Tokens())
				return
			}
			require.Equal(t, EffectVerify, eff.Kind)
			parts := strings.Split(tok, ".")
			assert.Equal(t, tc.header["alg"], eff.Verify.Alg)
			assert.Equal(t, parts[0]+"."+parts[1], eff.Verify.SigningInput)
			assert.Equal(t, parts[2], eff.Verify.Signature)
			want := testRSAKey
			if tc.header["alg"] == "ES256" {
				want = testECKey
			}
			assert.JSONEq(t, want, string(eff.Verify.Key))
			_, err = e.Submit("x", nil)
			assert.Error(t, err, "nothing else while the check runs")

			bad, err := e.Resolve(CeremonyResult{Valid: false})
			require.NoError(t, err)
			require.Equal(t, EffectFail, bad.Kind)
			assert.Equal(t, CodeIDTokenInvalid, bad.Error.Code)
			assert.Contains(t, bad.Error.Message, "signature does not match")
			assert.Nil(t, e.Tokens(), "a bad signature gives no tokens")

			broken, err := e.Resolve(CeremonyResult{Error: "NotSupportedError", Message: "crypto.subtle is missing"})
			require.NoError(t, err)
			assert.Contains(t, broken.Error.Message, "could not be checked: NotSupportedError crypto.subtle is missing")

			done, err := e.Resolve(CeremonyResult{Valid: true})
			require.NoError(t, err)
			require.Equal(t, EffectDone, done.Kind)
			assert.Equal(t, "u1", e.Tokens().claim("sub"))
			_, err = e.Resolve(CeremonyResult{Valid: true})
			assert.ErrorContains(t, err, "no ceremony is waiting")
		})
	}
}

func (t *Tokens) claim(name string) string {
	var m map[string]any
	_ = json.Unmarshal(t.Claims, &m)
	s, _ := m[name].(string)
	return s
}

func TestJWKSCacheAndRefetch(t *testing.T) {
	e := atToken(t)
	eff, err := e.Receive(ok200(fill(e, fixture(t, "token"))))
	require.NoError(t, err)
	require.Equal(t, PurposeJWKS, eff.Request.Purpose, "the first check fetches the keys")
	require.Equal(t, EffectDone, signed(t, e, eff).Kind)
	sub := e.Tokens().claim("sub")

	refreshed := func(kid string) map[string]any {
		return map[string]any{"iss": testAuth + "/" + testEnv + "/as", "aud": testClient,
			"exp": testNow.Add(time.Hour).Unix(), "sub": sub, "kid": kid}
	}
	refresh := func(kid string) Effect {
		eff, err := e.Refresh("rt1")
		require.NoError(t, err)
		require.Equal(t, PurposeToken, eff.Request.Purpose)
		eff, err = e.Receive(ok200(tokenBody(jwtWith(map[string]any{"alg": "RS256", "kid": kid}, refreshed(kid), "c2ln"))))
		require.NoError(t, err)
		return eff
	}
	// Known kid: the cached keys, no fetch.
	eff = refresh("test")
	require.Equal(t, EffectVerify, eff.Kind)
	require.Equal(t, EffectDone, signed(t, e, eff).Kind)

	// Unknown kid: the keys are fetched again, once, and the new key is used.
	eff = refresh("rotated")
	require.Equal(t, PurposeJWKS, eff.Request.Purpose)
	rotated := strings.Replace(testRSAKey, `"test"`, `"rotated"`, 1)
	eff, err = e.Receive(ok200(`{"keys":[` + rotated + `]}`))
	require.NoError(t, err)
	require.Equal(t, EffectVerify, eff.Kind)
	assert.JSONEq(t, rotated, string(eff.Verify.Key))
	require.Equal(t, EffectDone, signed(t, e, eff).Kind)

	// Still unknown after the refetch: refused, no third fetch.
	eff = refresh("gone")
	require.Equal(t, PurposeJWKS, eff.Request.Purpose)
	eff, err = e.Receive(ok200(`{"keys":[` + rotated + `]}`))
	require.NoError(t, err)
	require.Equal(t, EffectFail, eff.Kind)
	assert.Equal(t, CodeIDTokenInvalid, eff.Error.Code)

	// A JWKS that is not one, and a network failure (retry fetches the keys again).
	eff = refresh("gone2")
	bad, err := e.Receive(ok200(`{"nokeys":1}`))
	require.NoError(t, err)
	assert.Equal(t, CodeMalformedResponse, bad.Error.Code)
	down, err := e.Receive(Response{NetworkError: "offline"})
	require.NoError(t, err)
	assert.Equal(t, ClassRetry, down.Error.Class)
	again, err := e.Retry()
	require.NoError(t, err)
	assert.Equal(t, PurposeJWKS, again.Request.Purpose)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "rt1", "no refresh token in a snapshot")
	assert.NotContains(t, string(snap), "jwks", "nor a key check")
}

// The code exchange offers the JWKS read as Ahead while the engine has no keys — exactly the
// request it asks for next — and no longer once it holds them.
func TestJWKSAheadOfTheExchange(t *testing.T) {
	first := atResume(t)
	code, err := first.Receive(ok200(fill(first, fixture(t, "resume"))))
	require.NoError(t, err)
	require.Equal(t, PurposeToken, code.Request.Purpose)
	require.NotNil(t, code.Ahead, "no keys yet: the JWKS read may go out beside the exchange")
	eff, err := first.Receive(ok200(fill(first, fixture(t, "token"))))
	require.NoError(t, err)
	require.Equal(t, EffectFetch, eff.Kind)
	assert.Equal(t, *code.Ahead, *eff.Request, "Ahead is the very request asked for next")
	assert.Nil(t, eff.Ahead)
	require.Equal(t, EffectDone, signed(t, first, eff).Kind)

	refresh, err := first.Refresh("rt1")
	require.NoError(t, err)
	assert.Nil(t, refresh.Ahead, "the keys are held: nothing ahead")

	// A refresh on an engine without keys offers them too; the JSON carries it as "ahead".
	fresh := newTestEngine(t)
	eff, err = fresh.Refresh("rt1")
	require.NoError(t, err)
	require.NotNil(t, eff.Ahead)
	assert.Equal(t, PurposeJWKS, eff.Ahead.Purpose)
	assert.Contains(t, string(eff.AppendJSON(nil)), `"ahead":{"method":"GET","url":"`+testAuth+"/"+testEnv+`/as/jwks"`)
}

func TestRefresh(t *testing.T) {
	e := newTestEngine(t)
	eff, err := e.Refresh("rt1")
	require.NoError(t, err)
	r := eff.Request
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, testAuth+"/"+testEnv+"/as/token", r.URL)
	assert.Equal(t, "client_id="+testClient+"&grant_type=refresh_token&refresh_token=rt1", r.Body)
	assert.Equal(t, mediaForm, r.Headers["Content-Type"])
	assert.True(t, r.Sensitive)
	assert.Equal(t, "omit", r.Credentials)
	assert.False(t, r.Idempotent, "a refresh token is spent once")
	claims := map[string]any{"iss": testAuth + "/" + testEnv + "/as", "aud": testClient, "exp": testNow.Add(time.Hour).Unix(), "sub": "u1"}
	header := map[string]any{"alg": "RS256", "kid": "test"}

	// Rotation: the new refresh token; no nonce asked for.
	eff, err = e.Receive(ok200(`{"access_token":"at1","token_type":"Bearer","refresh_token":"rt2","id_token":"` + jwtWith(header, claims, "c2ln") + `"}`))
	require.NoError(t, err)
	eff = signed(t, e, eff)
	require.Equal(t, EffectDone, eff.Kind)
	assert.Equal(t, "rt2", eff.Tokens.RefreshToken)
	assert.Equal(t, "u1", eff.Tokens.claim("sub"))

	// No ID token is fine on a refresh (the caller keeps the one it has).
	_, err = e.Refresh("rt2")
	require.NoError(t, err)
	eff, err = e.Receive(ok200(`{"access_token":"at2","token_type":"Bearer","expires_in":60}`))
	require.NoError(t, err)
	require.Equal(t, EffectDone, eff.Kind)
	assert.Equal(t, "at2", e.Tokens().AccessToken)

	// A bad signature on a refreshed ID token: refused, and the next refresh may run.
	_, err = e.Refresh("rt2")
	require.NoError(t, err)
	eff, err = e.Receive(ok200(tokenBody(jwtWith(header, claims, "c2ln"))))
	require.NoError(t, err)
	require.Equal(t, EffectVerify, eff.Kind, "the cached keys")
	eff, err = e.Resolve(CeremonyResult{})
	require.NoError(t, err)
	assert.Equal(t, CodeIDTokenInvalid, eff.Error.Code)

	// invalid_grant (a spent or revoked refresh token): restart.
	_, err = e.Refresh("spent")
	require.NoError(t, err, "a failed refresh does not block the next")
	eff, err = e.Receive(Response{Status: 400, Body: `{"error":"invalid_grant","error_description":"used"}`})
	require.NoError(t, err)
	assert.Equal(t, CodeGrantRejected, eff.Error.Code)
	assert.Equal(t, ClassRestart, eff.Error.Class)

	// Misuse: no token, or a flow in progress.
	_, err = newTestEngine(t).Refresh("")
	assert.ErrorContains(t, err, "no refresh token, or a sign-on is in progress")
	busy := newTestEngine(t)
	_, err = busy.Start()
	require.NoError(t, err)
	_, err = busy.Refresh("rt")
	assert.ErrorContains(t, err, "no refresh token, or a sign-on is in progress")
}

package flowcore

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The fixtures in testdata/responses use these ids (PingOne's documentation examples' environment).
const (
	testAuth     = "https://auth.pingone.com"
	testEnv      = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"
	testClient   = "8c3a9f64-8a3f-4a3c-9e53-1d4f2c5b6a70"
	testRedirect = "https://app.example.com/callback"
	testFlowURL  = testAuth + "/" + testEnv + "/flows/5318a876-a8de-4d68-be79-b64043ff6490"
)

var testNow = time.Date(2021, 8, 4, 23, 0, 0, 0, time.UTC)

// countingReader is a deterministic "random" source: 0, 1, 2, ... so transcripts are exact.
type countingReader struct{ n byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

// regexpMatch is the Go stand-in for a browser's RegExp.
func regexpMatch(pattern, value string) (bool, error) { return regexp.MatchString(pattern, value) }

func testConfig() Config {
	return Config{AuthPath: testAuth, EnvID: testEnv, ClientID: testClient, RedirectURI: testRedirect, Scope: "openid profile email"}
}

func testOptions() Options {
	return Options{Now: func() time.Time { return testNow }, Rand: &countingReader{}, MatchPattern: regexpMatch}
}

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(testConfig(), testOptions())
	require.NoError(t, err)
	return e
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "responses", name+".json"))
	require.NoError(t, err)
	return string(b)
}

// fill replaces the fixtures' placeholders with values only a running engine knows.
func fill(e *Engine, body string) string {
	claims := map[string]any{
		"iss": testAuth + "/" + testEnv + "/as", "sub": "8cc45fa5-214e-429b-b91c-e900075c3e43",
		"aud": testClient, "iat": testNow.Unix(), "exp": testNow.Add(time.Hour).Unix(),
		"auth_time": testNow.Unix(), "nonce": e.st.Nonce, "acr": "Single_Factor", "amr": []string{"pwd"},
		"sid": "f26396c1-7b7f-429d-84f5-ff73ae3fa1e6", "preferred_username": "ava.patel",
	}
	return strings.NewReplacer(
		"{{state}}", e.st.State,
		"{{id_token}}", fakeJWT(claims),
		"{{access_token}}", fakeJWT(map[string]any{"sub": claims["sub"], "scope": "openid profile email"}),
		"{{refresh_token}}", "9f0a5c1e-refresh",
	).Replace(body)
}

// fakeJWT builds an unsigned-looking compact JWT; flowcore does not check signatures (the
// emulator's driver test does, against real JWKS).
func fakeJWT(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "RS256", "kid": "test"}) + "." + enc(claims) + ".c2lnbmF0dXJl"
}

func ok200(body string) Response {
	return Response{Status: 200, Headers: map[string]string{"content-type": "application/json"}, Body: body}
}

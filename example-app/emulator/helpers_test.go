package emulator_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// testKey is shared by every test server: generating a 2048-bit key per test would dominate the
// run time.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// clock is a settable time source for emulator.WithClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is an emulator behind a real loopback HTTP server.
type env struct {
	t         *testing.T
	srv       *emulator.Server
	base      string
	clock     *clock
	transport http.RoundTripper
}

// newEnv starts the demo environment over http; edit, if given, changes its configuration.
func newEnv(t *testing.T, edit ...func(*emulator.Config)) *env {
	t.Helper()
	return startEnv(t, false, nil, edit...)
}

// newTLSEnv is newEnv over https, with a client that trusts the test certificate.
func newTLSEnv(t *testing.T) *env {
	t.Helper()
	return startEnv(t, true, nil)
}

// startEnv starts an emulator with extra options and configuration edits.
func startEnv(t *testing.T, tls bool, opts []emulator.Option, edit ...func(*emulator.Config)) *env {
	ts := httptest.NewUnstartedServer(nil)
	scheme := "http://"
	if tls {
		scheme = "https://"
	}
	base := scheme + ts.Listener.Addr().String()
	cfg := emulator.DemoConfig(base)
	for _, e := range edit {
		e(&cfg)
	}
	c := &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts = append([]emulator.Option{emulator.WithBaseURL(base), emulator.WithClock(c.Now), emulator.WithSigningKey(testKey())}, opts...)
	srv, err := emulator.New(cfg, opts...)
	require.NoError(t, err)
	ts.Config.Handler = srv
	if tls {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &env{t: t, srv: srv, base: base, clock: c, transport: ts.Client().Transport}
}

// url is an absolute URL under the environment, e.g. e.url("/as/token").
func (e *env) url(path string) string { return e.base + "/" + emulator.DemoEnvironmentID + path }

// response is a fully read HTTP response.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(path string) gjson.Result { return gjson.GetBytes(r.body, path) }

func (r response) location(t *testing.T) *url.URL {
	t.Helper()
	u, err := url.Parse(r.header.Get("Location"))
	require.NoError(t, err)
	return u
}

func (r response) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// browser is an HTTP client with a cookie jar that does not follow redirects, so tests see
// every 302.
type browser struct {
	t      *testing.T
	e      *env
	client *http.Client
	header http.Header // sent with every request (e.g. Origin)
}

func (e *env) browser() *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	return &browser{t: e.t, e: e, header: http.Header{}, client: &http.Client{
		Jar:           jar,
		Transport:     e.transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends a request; headers are name, value pairs.
func (b *browser) do(method, target string, body io.Reader, headers ...string) response {
	b.t.Helper()
	req, err := http.NewRequest(method, target, body)
	require.NoError(b.t, err)
	for k, v := range b.header {
		req.Header[k] = v
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := b.client.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

func (b *browser) get(target string, headers ...string) response {
	b.t.Helper()
	return b.do(http.MethodGet, target, nil, headers...)
}

func (b *browser) postForm(target string, form url.Values, headers ...string) response {
	b.t.Helper()
	return b.do(http.MethodPost, target, strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
}

// signOn is one authorization request and its flow, as a client engine would hold it.
type signOn struct {
	b        *browser
	params   url.Values
	verifier string
	flow     response // the latest flow JSON
}

// authorizeParams are the demo SPA's authorize parameters in pi.flow mode; overrides are
// name, value pairs (an empty value removes the parameter).
func (b *browser) authorizeParams(overrides ...string) (url.Values, string) {
	verifier := strings.Repeat("v", 20) + rand.Text()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"client_id":             {emulator.DemoClientID},
		"response_type":         {"code"},
		"response_mode":         {"pi.flow"},
		"redirect_uri":          {b.e.base + "/callback"},
		"scope":                 {"openid profile email phone"},
		"state":                 {"state-" + rand.Text()},
		"nonce":                 {"nonce-" + rand.Text()},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		if overrides[i+1] == "" {
			q.Del(overrides[i])
		} else {
			q.Set(overrides[i], overrides[i+1])
		}
	}
	return q, verifier
}

// start sends a pi.flow authorize request and expects a flow.
func (b *browser) start(overrides ...string) *signOn {
	b.t.Helper()
	q, verifier := b.authorizeParams(overrides...)
	resp := b.get(b.e.url("/as/authorize?" + q.Encode()))
	require.Equal(b.t, http.StatusOK, resp.status, string(resp.body))
	return &signOn{b: b, params: q, verifier: verifier, flow: resp}
}

func (s *signOn) id() string     { return s.flow.json("id").String() }
func (s *signOn) status() string { return s.flow.json("status").String() }

// act posts an action with its vendor media type; a 200 becomes the current flow.
func (s *signOn) act(action string, body any) response {
	s.b.t.Helper()
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		require.NoError(s.b.t, err)
		reader = strings.NewReader(string(data))
	}
	href := s.flow.json(`_links.` + gjsonEscape(action) + `.href`).String()
	if href == "" { // not offered: post to the flow anyway, to test the refusal
		href = s.b.e.url("/flows/" + s.id())
	}
	resp := s.b.do(http.MethodPost, href, reader, "Content-Type", "application/vnd.pingidentity."+action+"+json")
	if resp.status == http.StatusOK {
		s.flow = resp
	}
	return resp
}

// mustAct posts an action and expects the given status afterwards.
func (s *signOn) mustAct(action string, body any, wantStatus string) response {
	s.b.t.Helper()
	resp := s.act(action, body)
	require.Equal(s.b.t, http.StatusOK, resp.status, string(resp.body))
	require.Equal(s.b.t, wantStatus, resp.json("status").String(), string(resp.body))
	return resp
}

// poll reads the flow again (GET self).
func (s *signOn) poll() response {
	s.b.t.Helper()
	resp := s.b.get(s.flow.json("_links.self.href").String())
	if resp.status == http.StatusOK {
		s.flow = resp
	}
	return resp
}

// resume calls resumeUrl and returns the authorization code.
func (s *signOn) resume() string {
	s.b.t.Helper()
	resp := s.b.get(s.flow.json("resumeUrl").String())
	require.Equal(s.b.t, http.StatusOK, resp.status, string(resp.body))
	require.Equal(s.b.t, s.params.Get("state"), resp.json("authorizeResponse.state").String())
	code := resp.json("authorizeResponse.code").String()
	require.NotEmpty(s.b.t, code)
	return code
}

// exchange redeems a code with the sign-on's verifier.
func (s *signOn) exchange(code string) response {
	s.b.t.Helper()
	return s.b.postForm(s.b.e.url("/as/token"), url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "client_id": {emulator.DemoClientID},
		"redirect_uri": {s.params.Get("redirect_uri")}, "code_verifier": {s.verifier},
	})
}

// tokens resumes and exchanges, expecting success.
func (s *signOn) tokens() response {
	s.b.t.Helper()
	resp := s.exchange(s.resume())
	require.Equal(s.b.t, http.StatusOK, resp.status, string(resp.body))
	return resp
}

// signIn runs the demo password path for username and returns the sign-on, completed.
func (b *browser) signIn(username string, overrides ...string) *signOn {
	b.t.Helper()
	s := b.start(overrides...)
	s.mustAct("usernamePassword.check", map[string]string{"username": username, "password": emulator.DemoPassword}, "COMPLETED")
	return s
}

// inbox reads the development inbox for username.
func (e *env) inbox(username string) gjson.Result {
	e.t.Helper()
	resp := e.browser().get(e.base + "/_emulator/inbox?username=" + url.QueryEscape(username))
	require.Equal(e.t, http.StatusOK, resp.status)
	return gjson.ParseBytes(resp.body)
}

// latestCode is the newest code of the given kind sent to username.
func (e *env) latestCode(username, kind string) string {
	e.t.Helper()
	for _, entry := range e.inbox(username).Array() {
		if entry.Get("kind").String() == kind {
			return entry.Get("code").String()
		}
	}
	e.t.Fatalf("no %s entry for %s in the inbox", kind, username)
	return ""
}

// gjsonEscape escapes the dots in action names for gjson paths.
func gjsonEscape(s string) string { return strings.ReplaceAll(s, ".", `\.`) }

// detail is the first error detail of a PingOne error body.
func detail(r response) gjson.Result { return r.json("details.0") }

// requireAPIError checks a PingOne error body: status, code, and an id.
func requireAPIError(t *testing.T, r response, status int, code string) {
	t.Helper()
	require.Equal(t, status, r.status, string(r.body))
	require.Equal(t, code, r.json("code").String(), string(r.body))
	require.Regexp(t, uuidRE, r.json("id").String())
	require.NotEmpty(t, r.json("message").String())
}

const uuidRE = `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`

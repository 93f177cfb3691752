package drivertest

import (
	"crypto/rand"
	"crypto/rsa"
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

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

var (
	keyOnce sync.Once
	key     *rsa.PrivateKey
)

// signingKey is generated once for the package; RSA generation is the slowest part of a start.
func signingKey(t *testing.T) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		require.NoError(t, err)
	})
	return key
}

// clock is the emulator's time, moved forward by tests that need a flow to expire.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// world is one emulator on a real loopback port and one browser-like HTTP client (a cookie jar,
// redirects not followed: the engine decides what a redirect means).
type world struct {
	t      *testing.T
	srv    *httptest.Server
	base   string
	client *http.Client
	clock  *clock
	// cfg is the configuration of the sign-on in progress, for the engine a reload restores.
	cfg flowcore.Config
}

func newWorld(t *testing.T) *world {
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	c := &clock{}
	emu, err := emulator.New(emulator.DemoConfig(base), emulator.WithBaseURL(base),
		emulator.WithSigningKey(signingKey(t)), emulator.WithClock(c.now))
	require.NoError(t, err)
	srv.Config.Handler = emu
	srv.Start()
	t.Cleanup(func() { srv.Close(); emu.Close() })
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &world{t: t, srv: srv, base: base, client: client, clock: c}
}

func (w *world) config(acr string) flowcore.Config {
	return flowcore.Config{AuthPath: w.base, EnvID: emulator.DemoEnvironmentID, ClientID: emulator.DemoClientID,
		RedirectURI: w.base + "/callback", Scope: "openid profile email phone offline_access", ACRValues: acr}
}

func (w *world) engine(cfg flowcore.Config) *flowcore.Engine {
	w.cfg = cfg
	e, err := flowcore.New(cfg, flowcore.Options{Now: time.Now, Rand: rand.Reader, PollInterval: time.Millisecond})
	require.NoError(w.t, err)
	return e
}

// do performs a request description exactly as a browser's fetch would.
func (w *world) do(r *flowcore.Request) flowcore.Response {
	req, err := http.NewRequest(r.Method, r.URL, strings.NewReader(r.Body))
	require.NoError(w.t, err)
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	res, err := w.client.Do(req)
	if err != nil {
		return flowcore.Response{NetworkError: err.Error()}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(w.t, err)
	headers := map[string]string{}
	for k := range res.Header {
		headers[strings.ToLower(k)] = res.Header.Get(k)
	}
	return flowcore.Response{Status: res.StatusCode, Headers: headers, Body: string(body)}
}

// person answers a step: the action to take and its input, or "" to stop there. poll is called
// before each poll of a waiting step.
type person struct {
	answer func(s *flowcore.Step) (string, map[string]any)
	poll   func(s *flowcore.Step)
	// ceremony is what the browser does when the engine asks it to act. Without it the browser
	// gives Protect the signals Ping's Signals SDK would, and cannot do WebAuthn.
	ceremony func(c *flowcore.Ceremony) flowcore.CeremonyResult
	// idp is the account (username, password) the person signs in with at an identity provider
	// a navigate ceremony leads to.
	idp [2]string
}

// perform is the browser's part of a ceremony other than a navigation.
func (w *world) perform(p person, c *flowcore.Ceremony) flowcore.CeremonyResult {
	if p.ceremony != nil {
		return p.ceremony(c)
	}
	require.Equal(w.t, flowcore.CeremonyProtect, c.Kind, "this browser has no authenticator")
	return flowcore.CeremonyResult{Signals: emulator.ProtectExample}
}

// navigate is the browser leaving for an identity provider: the page snapshots the engine, the
// person signs in there, and the browser comes back to the redirect URI, where a new page
// restores the snapshot into a new engine and hands it the URL.
func (w *world) navigate(e *flowcore.Engine, p person, c *flowcore.Ceremony) (*flowcore.Engine, flowcore.Effect) {
	snap, err := e.Snapshot()
	require.NoError(w.t, err)
	back := w.throughIdP(c.URL, p.idp[0], p.idp[1])
	fresh := w.engine(w.cfg)
	require.NoError(w.t, fresh.Restore(snap))
	eff, err := fresh.HandleRedirect(back)
	require.NoError(w.t, err)
	return fresh, eff
}

// drive runs the engine until it is done, fails, or redirects; it returns the last effect and
// the statuses it showed, in order.
func (w *world) drive(e *flowcore.Engine, eff flowcore.Effect, p person) (flowcore.Effect, []string) {
	var seen []string
	var err error
	for i := 0; i < 60; i++ {
		switch eff.Kind {
		case flowcore.EffectFetch:
			eff, err = e.Receive(w.do(eff.Request))
		case flowcore.EffectShow:
			seen = append(seen, stepName(eff.Step))
			action, in := p.answer(eff.Step)
			if action == "" {
				return eff, seen
			}
			eff, err = e.Submit(action, in)
		case flowcore.EffectWait:
			seen = append(seen, stepName(eff.Step))
			if p.poll != nil {
				p.poll(eff.Step)
			}
			eff, err = e.Poll()
		case flowcore.EffectCeremony:
			seen = append(seen, "ceremony:"+string(eff.Ceremony.Kind))
			if eff.Ceremony.Kind == flowcore.CeremonyNavigate {
				e, eff = w.navigate(e, p, eff.Ceremony)
				continue
			}
			eff, err = e.Resolve(w.perform(p, eff.Ceremony))
		case flowcore.EffectVerify:
			eff, err = e.Resolve(verifySignature(eff.Verify))
		default:
			return eff, seen
		}
		require.NoError(w.t, err)
	}
	w.t.Fatalf("no end after 60 effects; saw %v", seen)
	return eff, seen
}

func stepName(s *flowcore.Step) string {
	if s.Error != nil {
		return s.Status + "!" + s.Error.Code
	}
	return s.Status
}

type inboxEntry struct {
	ID, Username, Kind, Code, DeviceID, Status string
}

// inbox reads what the emulator "sent" to a user, newest first.
func (w *world) inbox(username string) []inboxEntry {
	res, err := w.client.Get(w.base + "/_emulator/inbox?username=" + url.QueryEscape(username))
	require.NoError(w.t, err)
	defer res.Body.Close()
	var out []inboxEntry
	require.NoError(w.t, json.NewDecoder(res.Body).Decode(&out))
	return out
}

// latest is the newest code of a kind sent to a user.
func (w *world) latest(username, kind string) inboxEntry {
	for _, m := range w.inbox(username) {
		if m.Kind == kind {
			return m
		}
	}
	w.t.Fatalf("no %s in %s's inbox", kind, username)
	return inboxEntry{}
}

func (w *world) decidePush(username, decision string) {
	push := w.latest(username, "push")
	res, err := w.client.Post(w.base+"/_emulator/push/"+push.ID+"/"+decision, "application/json", nil)
	require.NoError(w.t, err)
	res.Body.Close()
	require.Less(w.t, res.StatusCode, 300, "push %s", decision)
}

// verifyIDToken checks the ID token's RS256 signature against the emulator's JWKS.
func (w *world) verifyIDToken(tok *flowcore.Tokens) map[string]any {
	res, err := w.client.Get(w.base + "/" + emulator.DemoEnvironmentID + "/as/jwks")
	require.NoError(w.t, err)
	defer res.Body.Close()
	var set jose.JSONWebKeySet
	require.NoError(w.t, json.NewDecoder(res.Body).Decode(&set))
	parsed, err := jwt.ParseSigned(tok.IDToken, []jose.SignatureAlgorithm{jose.RS256})
	require.NoError(w.t, err)
	keys := set.Key(parsed.Headers[0].KeyID)
	require.Len(w.t, keys, 1, "the token's kid is in the JWKS")
	claims := map[string]any{}
	require.NoError(w.t, parsed.Claims(keys[0].Key, &claims))
	var engineClaims map[string]any
	require.NoError(w.t, json.Unmarshal(tok.Claims, &engineClaims))
	require.Equal(w.t, engineClaims, claims, "the engine's claims are the signed ones")
	return claims
}

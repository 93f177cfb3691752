package emulator

import (
	"crypto/rsa"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Server emulates one PingOne environment. It is an http.Handler serving the auth host's
// routes under /{envId}/ plus the development routes under /_emulator/; mount it at the root
// of a mux (or serve it directly). Call Close to stop its janitor.
type Server struct {
	cfg      Config
	base     string // scheme://host[:port], no trailing slash
	now      func() time.Time
	keys     *signingKeys
	apps     map[string]*Application
	policies map[string]*SignOnPolicy
	st       *store
	mux      *http.ServeMux
	// idpSecret is the emulator's client secret at its own identity providers (idp.go).
	idpSecret string
	// version is what GET /_emulator/health reports.
	version string

	stopOnce sync.Once
	stop     chan struct{}
	stopped  chan struct{}
}

type options struct {
	base    string
	now     func() time.Time
	key     *rsa.PrivateKey
	janitor time.Duration
	version string
}

// Option configures a Server.
type Option func(*options)

// WithBaseURL sets the URL the emulator is reached at, such as "http://localhost:8080". It is
// the host of the issuer ({base}/{envId}/as) and of every absolute link in responses.
// The default is http://localhost:8080.
func WithBaseURL(base string) Option { return func(o *options) { o.base = base } }

// WithClock replaces time.Now, so tests can expire flows, codes and pushes without sleeping.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSigningKey sets the RSA key that signs tokens (2048 bits or more). Without it a new key
// is generated, so tokens from an earlier run do not verify; tests pass one key to skip the
// generation cost.
func WithSigningKey(key *rsa.PrivateKey) Option { return func(o *options) { o.key = key } }

// WithVersion sets the version GET /_emulator/health reports (default "dev").
func WithVersion(v string) Option { return func(o *options) { o.version = v } }

// WithJanitorInterval sets how often expired state is purged (default one minute).
func WithJanitorInterval(d time.Duration) Option { return func(o *options) { o.janitor = d } }

// New validates cfg and returns a Server for a copy of it.
func New(cfg Config, opts ...Option) (*Server, error) {
	o := options{base: "http://localhost:8080", now: time.Now, janitor: time.Minute, version: "dev"}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	base, err := parseBase(o.base)
	if err != nil {
		return nil, err
	}
	keys, err := newSigningKeys(o.key)
	if err != nil {
		return nil, err
	}
	if cfg, err = cfg.clone(); err != nil {
		return nil, err
	}
	cfg.Settings = cfg.Settings.defaults()
	s := &Server{
		cfg:       cfg,
		base:      base,
		now:       o.now,
		keys:      keys,
		apps:      map[string]*Application{},
		policies:  map[string]*SignOnPolicy{},
		mux:       http.NewServeMux(),
		idpSecret: newSecret(),
		version:   o.version,
		stop:      make(chan struct{}),
		stopped:   make(chan struct{}),
	}
	for i := range s.cfg.Applications {
		s.apps[s.cfg.Applications[i].ID] = &s.cfg.Applications[i]
	}
	for i := range s.cfg.SignOnPolicies {
		s.policies[s.cfg.SignOnPolicies[i].Name] = &s.cfg.SignOnPolicies[i]
	}
	s.st = newStore(&s.cfg, s.now())
	s.routes()
	go s.janitor(o.janitor)
	return s, nil
}

// parseBase accepts an http or https URL with a host and no path, and returns it without a
// trailing slash.
func parseBase(base string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
		return "", fmt.Errorf("emulator: base URL %q must be http(s)://host[:port] with no path", base)
	}
	return u.Scheme + "://" + u.Host, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close stops the janitor. The handler keeps working (expired state is still invisible, just
// not freed), so closing before the HTTP server has drained is harmless.
func (s *Server) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.stopped
}

// Reset restores the configured users and forgets every flow, DaVinci interaction, session,
// token and inbox entry, as if the server had just started. It backs POST /_emulator/reset.
func (s *Server) Reset() {
	fresh := newStore(&s.cfg, s.now())
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.storeState = fresh.storeState
}

func (s *Server) janitor(every time.Duration) {
	defer close(s.stopped)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.st.purge(s.now())
		}
	}
}

// Issuer is the OpenID Connect issuer, {base}/{envId}/as.
func (s *Server) Issuer() string { return s.envURL("/as") }

// envURL is an absolute URL on the auth host under the environment.
func (s *Server) envURL(path string) string { return s.base + "/" + s.cfg.Environment.ID + path }

// secureCookies is true when the emulator is served over https. Browsers only keep
// SameSite=None cookies that are Secure, and drop Secure cookies set over plain http, so on
// http://localhost the ST cookie is sent without both.
func (s *Server) secureCookies() bool { return strings.HasPrefix(s.base, "https://") }

func (s *Server) routes() {
	env := "/" + s.cfg.Environment.ID
	byClient := s.appOrigins(s.appFromClientID)
	byFlow := s.appOrigins(s.appFromFlow)
	envWide := s.appOrigins(func(*http.Request) *Application { return nil })

	s.handle(env+"/as/.well-known/openid-configuration", anyOrigin, s.discovery, http.MethodGet)
	s.handle(env+"/as/jwks", anyOrigin, s.jwks, http.MethodGet)
	s.handle(env+"/as/authorize", byClient, s.authorize, http.MethodGet, http.MethodPost)
	s.handle(env+"/as/resume", byFlow, s.resume, http.MethodGet)
	s.handle(env+"/as/token", anyOrigin, s.token, http.MethodPost)
	s.handle(env+"/as/userinfo", anyOrigin, s.userinfo, http.MethodGet, http.MethodPost)
	s.handle(env+"/as/introspect", anyOrigin, s.introspect, http.MethodPost)
	s.handle(env+"/as/revoke", anyOrigin, s.revoke, http.MethodPost)
	s.handle(env+"/as/signoff", s.appOrigins(s.appFromSignoff), s.signoff, http.MethodGet, http.MethodPost)
	s.handle(env+"/flows/{flowId}", byFlow, s.flow, http.MethodGet, http.MethodPost)
	s.handle(env+"/davinci/connections/{connectionId}/capabilities/{capabilityName}",
		s.appOrigins(s.appFromInteraction), s.capability, http.MethodPost)
	s.handle(env+"/davinci/user/credentials/challenge/{challenge}/status",
		s.appOrigins(s.appFromInteraction), s.challengeStatus, http.MethodPost)
	s.handle(env+"/rp/authenticate", envWide, s.rpAuthenticate, http.MethodGet)
	s.handle(env+"/rp/callback/{providerId}", envWide, s.rpCallback, http.MethodGet)

	idp := "/_emulator/idp/{providerId}"
	s.handle(idp+"/authorize", anyOrigin, s.idpAuthorize, http.MethodGet, http.MethodPost)
	s.handle(idp+"/token", anyOrigin, s.idpToken, http.MethodPost)
	s.handle(idp+"/jwks", anyOrigin, s.jwks, http.MethodGet)
	s.handle(idp+"/.well-known/openid-configuration", anyOrigin, s.idpDiscovery, http.MethodGet)

	s.handle("/_emulator/{$}", envWide, s.inboxPage, http.MethodGet)
	s.handle("/_emulator/demo", envWide, s.demo, http.MethodGet)
	s.handle("/_emulator/health", anyOrigin, s.health, http.MethodGet)
	s.handle("/_emulator/inbox", envWide, s.inboxList, http.MethodGet)
	s.handle("/_emulator/push/{id}/{decision}", envWide, sameSiteOnly(envWide, s.decision(kindPush)), http.MethodPost)
	s.handle("/_emulator/challenge/{id}/{decision}", envWide, sameSiteOnly(envWide, s.decision(kindChallenge)), http.MethodPost)
	s.handle("/_emulator/reset", envWide, sameSiteOnly(envWide, s.reset), http.MethodPost)
	s.handle("/_emulator/terms", envWide, s.terms, http.MethodGet)
	s.handle("/_emulator/signals.js", anyOrigin, s.signalsSDK, http.MethodGet)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { writeAPIError(w, notFound()) })
}

// handle registers h for the given methods at path, behind the CORS rule, answers CORS
// preflights for the same path, and other methods with 405.
func (s *Server) handle(path string, allow allowOrigin, h http.HandlerFunc, methods ...string) {
	wrapped := s.withCORS(allow, h)
	for _, m := range append(methods, http.MethodOptions) {
		s.mux.Handle(m+" "+path, wrapped)
	}
	allowed := strings.Join(append(methods, http.MethodOptions), ", ")
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allowed)
		writeAPIError(w, &apiError{status: http.StatusMethodNotAllowed, Code: "METHOD_NOT_ALLOWED",
			Message: "The method " + r.Method + " is not allowed here; use " + allowed + "."})
	})
}

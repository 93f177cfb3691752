package emulator

import (
	_ "embed"
	"encoding/base64"
	"html/template"
	"net/http"
)

// DemoInfo is what GET /_emulator/demo returns: where the environment is and whom to sign in
// as. Pages and tests read it instead of hard-coding ids.
type DemoInfo struct {
	AuthPath string     `json:"authPath"`
	EnvID    string     `json:"envId"`
	Apps     []DemoApp  `json:"apps"`
	Users    []DemoUser `json:"users"`
	// IdentityProviders are the external providers the emulator plays, with their accounts.
	IdentityProviders []DemoIdentityProvider `json:"identityProviders"`
	// Protect says which signals the DaVinci sign-on form's PROTECT component accepts.
	Protect DemoProtect `json:"protect"`
	// Paths lists the sign-on paths that are not one user's scenario.
	Paths []DemoPath `json:"paths"`
}

// DemoPasskey is what a test needs to load a user's FIDO2 credential into a virtual
// authenticator (Chromium's WebAuthn.addCredential): the credential id, the PKCS#8 private key,
// the user handle and the current signature counter (the next assertion must be higher). The
// credential is resident (discoverable) and not backup-eligible. RPID is the relying party id
// for a page on the emulator's own origin; in general it is the host of the page's origin, and
// "localhost" for 127.0.0.1 (browsers refuse WebAuthn on IP addresses): the emulator accepts the
// credential for whichever relying party id it derives.
type DemoPasskey struct {
	DeviceID     string `json:"deviceId"`
	CredentialID string `json:"credentialId"` // base64url, no padding
	PrivateKey   string `json:"privateKey"`   // base64 PKCS#8, ECDSA P-256
	UserHandle   string `json:"userHandle"`   // base64url, no padding
	SignCount    uint32 `json:"signCount"`
	Algorithm    string `json:"algorithm"` // ES256
	RPID         string `json:"rpId"`
}

// DemoIdentityProvider is an identity provider of the environment.
type DemoIdentityProvider struct {
	ID               string           `json:"id"`
	Name             string           `json:"name"`
	Type             string           `json:"type"`
	Issuer           string           `json:"issuer"`
	DiscoveryDomains []string         `json:"discoveryDomains"`
	Users            []DemoIdPAccount `json:"users"`
}

// DemoIdPAccount is an account at an identity provider and what signing in with it shows.
type DemoIdPAccount struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email,omitempty"`
	Scenario string `json:"scenario"`
}

// DemoProtect describes the PROTECT component's signals: the formData key, a well-formed
// example and the rule.
type DemoProtect struct {
	Key     string `json:"key"`
	Example string `json:"example"`
	Rule    string `json:"rule"`
}

// DemoPath is a sign-on path: its protocol ("flows" or "davinci") and how to walk it.
type DemoPath struct {
	ID       string `json:"id"`
	Protocol string `json:"protocol"`
	How      string `json:"how"`
}

// DemoApp describes an application. Kind is "flows" for applications driven by sign-on
// policies through the Flows API, "davinci" for applications with a DaVinci flow policy.
// Policy is the default policy; Policies are all the values acr_values can pick (a DaVinci
// policy is picked by its id).
type DemoApp struct {
	ClientID     string   `json:"clientId"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`
	RedirectURIs []string `json:"redirectUris"`
	Policy       string   `json:"policy"`
	Policies     []string `json:"policies"`
}

// DemoUser is a configured user with their current password (which changes if a scenario
// resets it) and what signing in as them shows.
type DemoUser struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	Scenario  string `json:"scenario"`
	AcrValues string `json:"acrValues,omitempty"`
	// Passkey is set for users with a preloaded FIDO2 credential.
	Passkey *DemoPasskey `json:"passkey,omitempty"`
}

// Demo describes the environment as GET /_emulator/demo does.
func (s *Server) Demo() DemoInfo {
	info := DemoInfo{AuthPath: s.base, EnvID: s.cfg.Environment.ID, Apps: []DemoApp{}, Users: []DemoUser{},
		IdentityProviders: []DemoIdentityProvider{}, Paths: demoPaths,
		Protect: DemoProtect{Key: protectKey, Example: ProtectExample, Rule: ProtectRule}}
	for _, p := range s.cfg.IdentityProviders {
		idp := DemoIdentityProvider{ID: p.ID, Name: p.Name, Type: p.Type, Issuer: s.idpBase(p.ID),
			DiscoveryDomains: append([]string{}, p.DiscoveryDomains...), Users: []DemoIdPAccount{}}
		for _, u := range p.Users {
			idp.Users = append(idp.Users, DemoIdPAccount{Username: u.Username, Password: u.Password, Email: u.Email, Scenario: u.Scenario})
		}
		info.IdentityProviders = append(info.IdentityProviders, idp)
	}
	for _, a := range s.cfg.Applications {
		app := DemoApp{ClientID: a.ID, Name: a.Name, Kind: "flows", RedirectURIs: a.RedirectURIs, Policies: a.SignOnPolicies}
		if a.DaVinciPolicy != nil {
			app.Kind, app.Policies = "davinci", []string{a.DaVinciPolicy.ID}
		}
		app.Policy = app.Policies[0]
		info.Apps = append(info.Apps, app)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	for _, configured := range s.cfg.Users {
		u := s.st.users[configured.ID]
		du := DemoUser{Username: u.Username, Password: u.Password, Scenario: u.Scenario, AcrValues: u.AcrValues}
		for _, d := range configured.Devices {
			if c := u.passkeys[d.ID]; c != nil && d.TestPrivateKey != "" && du.Passkey == nil {
				du.Passkey = &DemoPasskey{DeviceID: d.ID, CredentialID: d.CredentialID, PrivateKey: d.TestPrivateKey,
					UserHandle: base64.RawURLEncoding.EncodeToString(userHandle(u.ID)), SignCount: c.Authenticator.SignCount,
					Algorithm: "ES256", RPID: rpIDOf(s.base)}
			}
		}
		info.Users = append(info.Users, du)
	}
	return info
}

// demoPaths are the sign-on paths of the demo that are not one user's scenario.
var demoPaths = []DemoPath{
	{"flows-passkey", "flows", "user.passkey: password, then ASSERTION_REQUIRED (publicKeyCredentialRequestOptions, assertion.check) with its preloaded credential; device.select switches to its EMAIL device and back."},
	{"flows-social", "flows", "USERNAME_PASSWORD_REQUIRED and SIGN_ON_REQUIRED carry _embedded.socialProviders (Example IdP): its authenticate link, the provider's page, then ?flowId= back at the redirect URI (pi.flow) or the sign-on page; social.user → COMPLETED as user.social, social.link → ACCOUNT_LINKING_REQUIRED, social.new → ACCOUNT_CONFIRMATION_REQUIRED."},
	{"flows-discovery", "flows", "acr_values=Identifier_First or Passwordless: user.lookup with a username @" + DemoDiscoveryDomain + " (e.g. social.user@" + DemoDiscoveryDomain + ") → EXTERNAL_AUTHENTICATION_REQUIRED with _links.authenticate."},
	{"davinci-passkey-offer", "davinci", "A password-only sign-on (user.password, no MFA devices) is followed by Set Up a Passkey (FIDO2 REGISTER) with Not now; registering adds a FIDO2 device."},
	{"davinci-passkey", "davinci", "The sign-on form's Sign in with a passkey (FIDO2 AUTHENTICATE, empty allowCredentials) signs on the user the credential's userHandle names, without a password: user.passkey's preloaded credential, or one registered through the offer."},
	{"davinci-protect", "davinci", "The sign-on form's PROTECT value (formData.protect): well-formed signals (see protect) → no step-up; missing or malformed → a second factor (an email code for users without devices) before success."},
	{"davinci-social", "davinci", "The sign-on form's SOCIAL_LOGIN_BUTTON Sign in with Example IdP: the provider's page, then ?continueToken= at the redirect URI, POSTed to _links.continue.href with Authorization: Bearer; social.user signs on as user.social, social.link → Link Your Account, social.new → Confirm Your Account."},
	{"davinci-phone", "davinci", "Sign in with your phone: a username, then a QR_CODE and a POLLING component with pollChallengeStatus; approve the request (inbox kind challenge) at /_emulator/ or POST /_emulator/challenge/{id}/approve."},
}

func (s *Server) demo(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.Demo()) }

// reset serves POST /_emulator/reset (see Server.Reset).
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

//go:embed inbox.html
var inboxHTML string

var inboxTemplate = template.Must(template.New("inbox").Parse(inboxHTML))

// inboxPage serves GET /_emulator/: the inbox for people, with approve and deny buttons for
// pending pushes. It is plain HTML forms (no script); reload it to see new entries.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) {
	username := r.URL.Query().Get("username")
	s.st.mu.Lock()
	entries := s.st.inbox.list(username, s.now())
	s.st.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	inboxTemplate.Execute(w, map[string]any{"Entries": entries, "Username": username, "Pending": pushPending, "Demo": s.Demo()})
}

// terms serves GET /_emulator/terms, the page the DaVinci registration form's terms link opens.
func (s *Server) terms(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<!doctype html><title>Terms of use</title><h1>Terms of use</h1>\n" +
		"<p>These are demonstration terms of the PingOne emulator. Accepting them creates an account in its memory, " +
		"which lasts until it restarts or is reset.</p>\n"))
}

// Health is what GET /_emulator/health returns: the emulator answers, and which build it is.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// health serves GET /_emulator/health, for process managers and scripts that wait for the
// server to come up.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, Health{Status: "ok", Version: s.version})
}

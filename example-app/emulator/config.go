package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Config describes one PingOne environment: its applications, sign-on policies, password
// policy and users. The JSON form is what `-config path` reads; field names follow PingOne's
// management API where one exists, so a reader who knows PingOne recognises them.
type Config struct {
	Environment    Environment    `json:"environment"`
	PasswordPolicy PasswordPolicy `json:"passwordPolicy"`
	SignOnPolicies []SignOnPolicy `json:"signOnPolicies"`
	Applications   []Application  `json:"applications"`
	Users          []User         `json:"users"`
	// IdentityProviders are external OpenID Connect providers the emulator also plays itself,
	// at {base}/_emulator/idp/{id}/ (see idp.go): social sign-on and identifier-first discovery.
	IdentityProviders []IdentityProvider `json:"identityProviders,omitempty"`
	Settings          Settings           `json:"settings"`
}

// Environment identifies the emulated environment. Its id is the first path segment of every
// auth URL; the organisation id and region only appear in token claims (org, p1.region).
type Environment struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	Region         string `json:"region"`
	Name           string `json:"name,omitempty"`
}

// PasswordPolicy is the environment's password policy. It is also sent verbatim as
// `_embedded.passwordPolicy`, so its JSON form matches PingOne's.
type PasswordPolicy struct {
	ID                    string         `json:"id"`
	Name                  string         `json:"name"`
	Length                LengthRule     `json:"length"`
	MinCharacters         map[string]int `json:"minCharacters,omitempty"`
	MaxRepeatedCharacters int            `json:"maxRepeatedCharacters,omitempty"`
	MinUniqueCharacters   int            `json:"minUniqueCharacters,omitempty"`
	History               HistoryRule    `json:"history,omitzero"`
	ExcludesCommonlyUsed  bool           `json:"excludesCommonlyUsed"`
	ExcludesProfileData   bool           `json:"excludesProfileData"`
	// Lockout with FailureCount 0 disables lockout.
	Lockout LockoutRule `json:"lockout,omitzero"`
}

// LengthRule bounds a password's length in characters.
type LengthRule struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// HistoryRule forbids reusing the current password or any of the last Count-1 ones.
type HistoryRule struct {
	Count         int `json:"count"`
	RetentionDays int `json:"retentionDays,omitempty"`
}

// LockoutRule locks a user's password for DurationSeconds after FailureCount wrong attempts.
type LockoutRule struct {
	FailureCount    int `json:"failureCount"`
	DurationSeconds int `json:"durationSeconds"`
}

// Policy action types, in the spelling PingOne's sign-on policy API uses.
const (
	ActionLogin              = "LOGIN"
	ActionIdentifierFirst    = "IDENTIFIER_FIRST"
	ActionMFA                = "MULTI_FACTOR_AUTHENTICATION"
	ActionProgressiveProfile = "PROGRESSIVE_PROFILING"
	ActionAgreement          = "AGREEMENT"
)

// SignOnPolicy is an ordered list of policy actions. A flow walks them in order and skips the
// ones that do not apply to its user (see policy.go). Its Name is what acr_values selects and
// what the ID token's acr claim carries.
type SignOnPolicy struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Actions []PolicyAction `json:"actions"`
}

// PolicyAction is one step of a sign-on policy. Only the fields of its Type may be set.
type PolicyAction struct {
	Type string `json:"type"`
	// LOGIN: offer user.register and password.forgot.
	RegistrationEnabled bool `json:"registrationEnabled,omitempty"`
	RecoveryEnabled     bool `json:"recoveryEnabled,omitempty"`
	// PROGRESSIVE_PROFILING: the attributes to collect and the text shown above them.
	PromptText string             `json:"promptText,omitempty"`
	Attributes []ProfileAttribute `json:"attributes,omitempty"`
	// AGREEMENT: the terms the user must accept.
	Agreement *Agreement `json:"agreement,omitempty"`
	// LOGIN and IDENTIFIER_FIRST: the identity providers (ids) offered as
	// _embedded.socialProviders; IDENTIFIER_FIRST also sends a username in one of their
	// discoveryDomains to the provider (EXTERNAL_AUTHENTICATION_REQUIRED).
	SocialProviders []string `json:"socialProviders,omitempty"`
}

// ProfileAttribute is one user attribute a PROGRESSIVE_PROFILING action asks for. Name is a
// PingOne attribute path such as "mobilePhone" or "name.given" (see profile.go for the list).
type ProfileAttribute struct {
	Name     string `json:"name"`
	Required bool   `json:"required,omitempty"`
}

// Agreement is the terms of use an AGREEMENT action presents.
type Agreement struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Text string `json:"text"`
}

// Application is an OIDC client. Only the authorization code grant (with optional refresh
// tokens) is emulated.
type Application struct {
	ID                      string       `json:"id"`
	Name                    string       `json:"name"`
	Type                    string       `json:"type"`
	TokenEndpointAuthMethod string       `json:"tokenEndpointAuthMethod"`
	ClientSecret            string       `json:"clientSecret,omitempty"`
	PKCEEnforcement         string       `json:"pkceEnforcement"`
	GrantTypes              []string     `json:"grantTypes"`
	RedirectURIs            []string     `json:"redirectUris"`
	PostLogoutRedirectURIs  []string     `json:"postLogoutRedirectUris,omitempty"`
	LoginPageURL            string       `json:"loginPageUrl,omitempty"`
	CORSSettings            CORSSettings `json:"corsSettings"`
	// SignOnPolicies names the application's policies in order; the first is the default.
	// An application with a DaVinciPolicy has none: in PingOne an application signs on with
	// either sign-on policies or DaVinci flow policies.
	SignOnPolicies []string `json:"signOnPolicies,omitempty"`
	// DaVinciPolicy makes authorize (pi.flow with X-Requested-With: ping-sdk) run the
	// emulator's built-in DaVinci flow instead of a sign-on policy (see davinci.go).
	DaVinciPolicy *DaVinciPolicy `json:"davinciPolicy,omitempty"`
}

// DaVinciPolicy is a DaVinci flow policy assigned to an application. Its ID is what acr_values
// may name and what the ID token's acr claim carries, as with PingOne's DaVinci policies; like
// DaVinci's own ids it is 32 lowercase hex digits.
type DaVinciPolicy struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Values of the Application fields that take a fixed set of strings.
const (
	AuthNone              = "NONE"
	AuthClientSecretBasic = "CLIENT_SECRET_BASIC"
	AuthClientSecretPost  = "CLIENT_SECRET_POST"

	PKCEOptional     = "OPTIONAL"
	PKCERequired     = "REQUIRED"
	PKCES256Required = "S256_REQUIRED"

	GrantAuthorizationCode = "AUTHORIZATION_CODE"
	GrantRefreshToken      = "REFRESH_TOKEN"

	CORSAllowNone     = "ALLOW_NO_ORIGINS"
	CORSAllowSpecific = "ALLOW_SPECIFIC_ORIGINS"
)

// CORSSettings is the application's allow-list for the cookie-carrying endpoints.
type CORSSettings struct {
	Behavior string   `json:"behavior"`
	Origins  []string `json:"origins,omitempty"`
}

// Password statuses a user can start in (PingOne's password.status values).
const (
	PasswordOK         = "OK"
	PasswordExpired    = "PASSWORD_EXPIRED"
	PasswordMustChange = "MUST_CHANGE_PASSWORD"
	PasswordLockedOut  = "LOCKED_OUT"
)

// User is a directory entry. Scenario and AcrValues are documentation for people and tests:
// they are listed by /_emulator/demo and change nothing in the sign-on itself.
type User struct {
	ID             string `json:"id"`
	Username       string `json:"username"`
	Password       string `json:"password,omitempty"`
	PasswordStatus string `json:"passwordStatus,omitempty"`
	Email          string `json:"email,omitempty"`
	Name           Name   `json:"name,omitzero"`
	MobilePhone    string `json:"mobilePhone,omitempty"`
	// MFAEnabled makes the MULTI_FACTOR_AUTHENTICATION action apply after a password.
	MFAEnabled         bool     `json:"mfaEnabled,omitempty"`
	Devices            []Device `json:"devices,omitempty"`
	AcceptedAgreements []string `json:"acceptedAgreements,omitempty"`
	// ExternalIdentities link the user to accounts at identity providers: signing on there
	// signs this user on.
	ExternalIdentities []ExternalIdentity `json:"externalIdentities,omitempty"`
	Scenario           string             `json:"scenario,omitempty"`
	AcrValues          string             `json:"acrValues,omitempty"`
}

// ExternalIdentity is the account (subject) a user is linked to at an identity provider.
type ExternalIdentity struct {
	ProviderID string `json:"providerId"`
	Subject    string `json:"subject"`
}

// IdentityProvider is an external OpenID Connect provider, played by the emulator itself: it
// has its own sign-in page and users. Type is PingOne's identity provider type
// (OPENID_CONNECT).
type IdentityProvider struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// DiscoveryDomains route identifier-first sign-ons: a username ending in @domain goes to
	// this provider.
	DiscoveryDomains []string  `json:"discoveryDomains,omitempty"`
	Users            []IdPUser `json:"users"`
}

// IdPUser is an account at an identity provider. Subject is the ID token's sub.
type IdPUser struct {
	Subject  string `json:"subject"`
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email,omitempty"`
	Name     Name   `json:"name,omitzero"`
	Scenario string `json:"scenario,omitempty"`
}

// Name is a user's name, as in PingOne's user schema.
type Name struct {
	Given  string `json:"given,omitempty"`
	Family string `json:"family,omitempty"`
}

// Device types the emulator can authenticate with.
const (
	DeviceSMS    = "SMS"
	DeviceVoice  = "VOICE"
	DeviceEmail  = "EMAIL"
	DeviceTOTP   = "TOTP"
	DeviceMobile = "MOBILE"
	DeviceFIDO2  = "FIDO2"
)

// Device is an MFA device. Phone is used by SMS and VOICE, Email by EMAIL; MOBILE is a push
// authenticator whose approvals come from the emulator's inbox. A FIDO2 device is one WebAuthn
// credential (a passkey or security key): CredentialID and its public key, given as PublicKey or
// derived from TestPrivateKey.
type Device struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Default bool   `json:"default,omitempty"`
	// FIDO2 only. DisplayName is what device lists show ("Passkey" if empty).
	DisplayName string `json:"displayName,omitempty"`
	// CredentialID is the credential id, base64url without padding.
	CredentialID string `json:"credentialId,omitempty"`
	// PublicKey is the credential's public key as a base64 DER SubjectPublicKeyInfo: ECDSA P-256
	// (ES256) or RSA (RS256).
	PublicKey string `json:"publicKey,omitempty"`
	// TestPrivateKey is a base64 PKCS#8 ECDSA P-256 private key whose public key is the
	// credential's, published by /_emulator/demo so that a test can load the credential into a
	// virtual authenticator. Never put a real key here.
	TestPrivateKey string `json:"testPrivateKey,omitempty"`
	// SignCount is the credential's signature counter when the emulator starts.
	SignCount uint32 `json:"signCount,omitempty"`
}

// Settings holds lifetimes and memory caps. Zero means "use the default" (see defaults).
type Settings struct {
	FlowTimeoutSeconds          int `json:"flowTimeoutSeconds,omitempty"`
	InteractionTimeoutSeconds   int `json:"interactionTimeoutSeconds,omitempty"`
	PushTimeoutSeconds          int `json:"pushTimeoutSeconds,omitempty"`
	ChallengeTimeoutSeconds     int `json:"challengeTimeoutSeconds,omitempty"`
	OTPLifetimeSeconds          int `json:"otpLifetimeSeconds,omitempty"`
	OTPMaxAttempts              int `json:"otpMaxAttempts,omitempty"`
	SessionLifetimeSeconds      int `json:"sessionLifetimeSeconds,omitempty"`
	AccessTokenLifetimeSeconds  int `json:"accessTokenLifetimeSeconds,omitempty"`
	RefreshTokenLifetimeSeconds int `json:"refreshTokenLifetimeSeconds,omitempty"`
	MaxFlows                    int `json:"maxFlows,omitempty"`
	MaxInteractions             int `json:"maxInteractions,omitempty"`
	MaxSessions                 int `json:"maxSessions,omitempty"`
	MaxTokens                   int `json:"maxTokens,omitempty"`
	MaxInbox                    int `json:"maxInbox,omitempty"`
	MaxUsers                    int `json:"maxUsers,omitempty"`
}

// defaults fills zero settings. The flow timeout is PingOne's documented 15 minutes of
// inactivity, and DaVinci interactions get the same; the push timeout is PingOne MFA's default; the caps keep a long-running or
// load-tested emulator at a bounded size.
func (s Settings) defaults() Settings {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.FlowTimeoutSeconds, 15*60)
	def(&s.InteractionTimeoutSeconds, 15*60)
	def(&s.PushTimeoutSeconds, 40)
	def(&s.ChallengeTimeoutSeconds, 120)
	def(&s.OTPLifetimeSeconds, 5*60)
	def(&s.OTPMaxAttempts, 3)
	def(&s.SessionLifetimeSeconds, 30*24*3600)
	def(&s.AccessTokenLifetimeSeconds, 3600)
	def(&s.RefreshTokenLifetimeSeconds, 30*24*3600)
	def(&s.MaxFlows, 10000)
	def(&s.MaxInteractions, 10000)
	def(&s.MaxSessions, 10000)
	def(&s.MaxTokens, 20000)
	def(&s.MaxInbox, 500)
	def(&s.MaxUsers, 1000)
	return s
}

// clone deep-copies the configuration, so that a Server never shares slices or maps with its
// caller.
func (c Config) clone() (Config, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return Config{}, err
	}
	var out Config
	err = json.Unmarshal(data, &out)
	return out, err
}

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }

// LoadConfig reads and validates a JSON configuration file.
func LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, err
	}
	defer f.Close()
	cfg, err := ParseConfig(f)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig decodes a JSON configuration, rejecting unknown fields, and validates it. Errors
// name the offending field, e.g. "applications[0].redirectUris[1]: not an absolute URL".
func ParseConfig(r io.Reader) (Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Config{}, err
	}
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return Config{}, syntaxError(data, err)
	}
	if dec.More() {
		return Config{}, errors.New("unexpected data after the configuration object")
	}
	if errs := unknownFields("", raw, reflect.TypeFor[Config]()); len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	var cfg Config
	if err := json.Unmarshal(data, &cfg); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return Config{}, fmt.Errorf("%s: expected %s, got JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// syntaxError says where in the file the JSON is broken.
func syntaxError(data []byte, err error) error {
	var syntaxErr *json.SyntaxError
	if !errors.As(err, &syntaxErr) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	line, col := 1, 1
	for _, b := range data[:min(int(syntaxErr.Offset), len(data))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// unknownFields walks the decoded JSON beside the Go type and reports every object key that
// is not a field's JSON name (matched exactly, unlike encoding/json's case-insensitive match),
// by its path, so a misspelt field cannot silently fall back to a default.
func unknownFields(path string, v any, t reflect.Type) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []error
	switch t.Kind() {
	case reflect.Struct:
		obj, _ := v.(map[string]any)
		fields := map[string]reflect.Type{}
		for f := range t.Fields() {
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			at := key
			if path != "" {
				at = path + "." + key
			}
			if ft, ok := fields[key]; ok {
				errs = append(errs, unknownFields(at, obj[key], ft)...)
			} else {
				errs = append(errs, fmt.Errorf("%s: unknown field", at))
			}
		}
	case reflect.Slice:
		arr, _ := v.([]any)
		for i, item := range arr {
			errs = append(errs, unknownFields(fmt.Sprintf("%s[%d]", path, i), item, t.Elem())...)
		}
	}
	return errs
}

package flowcore

import (
	"strings"
)

// Config says which PingOne environment and application to sign on to. Its JSON form is what the
// JavaScript bridge passes in.
type Config struct {
	// AuthPath is the authorization server's base URL: a regional host such as
	// https://auth.pingone.com (.eu, .ca, .asia, .com.au, .sg), a verified custom domain (set
	// CustomDomain), or a local emulator such as http://localhost:8080.
	AuthPath string `json:"authPath"`
	// EnvID is the PingOne environment id (a UUID). Custom-domain URLs carry no environment
	// segment, so it is optional there.
	EnvID string `json:"envId,omitempty"`
	// CustomDomain marks AuthPath as a custom domain: endpoints are {AuthPath}/as/... and
	// {AuthPath}/flows/... with no environment segment.
	CustomDomain bool   `json:"customDomain,omitempty"`
	ClientID     string `json:"clientId"`
	// RedirectURI must be registered on the application, exactly as written here.
	RedirectURI string `json:"redirectUri"`
	// Scope is space separated; empty means "openid".
	Scope     string `json:"scope,omitempty"`
	ACRValues string `json:"acrValues,omitempty"`
	LoginHint string `json:"loginHint,omitempty"`
	// Prompt is "", "login" (force a new sign-on) or "none" (no UI; fail without a session).
	Prompt string `json:"prompt,omitempty"`
	// MaxAge, when set, is the authorize max_age in seconds.
	MaxAge    *int   `json:"maxAge,omitempty"`
	UILocales string `json:"uiLocales,omitempty"`
}

// ConfigError names the configuration field that is wrong and why.
type ConfigError struct {
	Field   string
	Message string
}

func (e *ConfigError) Error() string { return "flowcore: config " + e.Field + ": " + e.Message }

// isUUID reports whether s is a UUID in the 8-4-4-4-12 hexadecimal form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if unhex(s[i]) < 0 {
			return false
		}
	}
	return true
}

// Validate checks every field and returns a *ConfigError for the first that is wrong.
func (c Config) Validate() error {
	if err := c.validateAuthPath(); err != nil {
		return err
	}
	if c.EnvID == "" && !c.CustomDomain {
		return &ConfigError{"envId", "is required (the PingOne environment id)"}
	}
	if c.EnvID != "" && !isUUID(c.EnvID) {
		return &ConfigError{"envId", sprintf("%q is not a UUID such as abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6", c.EnvID)}
	}
	if strings.TrimSpace(c.ClientID) == "" {
		return &ConfigError{"clientId", "is required (the application's client id)"}
	}
	if strings.ContainsAny(c.ClientID, " \t\r\n/?#&") {
		return &ConfigError{"clientId", sprintf("%q contains characters a client id never has", c.ClientID)}
	}
	if c.RedirectURI == "" {
		return &ConfigError{"redirectUri", "is required (a redirect URI registered on the application)"}
	}
	ru, ok := parseURI(c.RedirectURI)
	if !ok || ru.host == "" && (ru.scheme == "http" || ru.scheme == "https") {
		return &ConfigError{"redirectUri", sprintf("%q is not an absolute URL", c.RedirectURI)}
	}
	if strings.Contains(c.RedirectURI, "#") {
		return &ConfigError{"redirectUri", "must not contain a fragment (RFC 6749 §3.1.2)"}
	}
	for _, s := range strings.Fields(c.Scope) {
		if strings.ContainsAny(s, "\"\\") {
			return &ConfigError{"scope", sprintf("scope %q has a character RFC 6749 §3.3 forbids", s)}
		}
	}
	switch c.Prompt {
	case "", "login", "none":
	default:
		return &ConfigError{"prompt", sprintf("%q is not one of login, none", c.Prompt)}
	}
	if c.MaxAge != nil && *c.MaxAge < 0 {
		return &ConfigError{"maxAge", "must not be negative"}
	}
	return nil
}

func (c Config) validateAuthPath() error {
	if c.AuthPath == "" {
		return &ConfigError{"authPath", "is required (for example https://auth.pingone.com)"}
	}
	u, ok := parseURI(c.AuthPath)
	if !ok || u.hostname() == "" {
		return &ConfigError{"authPath", sprintf("%q is not an absolute URL", c.AuthPath)}
	}
	if strings.ContainsAny(c.AuthPath, "?#") || u.userinfo != "" {
		return &ConfigError{"authPath", "must be a plain base URL without query, fragment or credentials"}
	}
	host := u.hostname()
	switch u.scheme {
	case "https":
	case "http":
		if !isLoopback(host) {
			return &ConfigError{"authPath", "http is allowed only for a local emulator on localhost or a loopback address; use https"}
		}
	default:
		return &ConfigError{"authPath", sprintf("scheme %q is not http or https", u.scheme)}
	}
	if tld, ok := pingOneTLD(host); ok {
		if c.CustomDomain {
			return &ConfigError{"customDomain", host + " is a PingOne regional host, not a custom domain"}
		}
		if !strings.HasPrefix(host, "auth.") {
			return &ConfigError{"authPath", sprintf("%s is not the authorization host; use https://auth.pingone.%s", host, tld)}
		}
		if p := strings.Trim(u.path, "/"); p != "" {
			return &ConfigError{"authPath", "must be the host only (https://" + host + "); the environment id goes in envId"}
		}
	}
	return nil
}

// pingOneTLD reports whether host is one of PingOne's own regional hosts, and its top-level domain.
func pingOneTLD(host string) (string, bool) {
	host = strings.ToLower(host)
	// Longest first, so that "com.au" wins over "com".
	for _, tld := range []string{"com.au", "com", "eu", "ca", "asia", "sg"} {
		if strings.HasSuffix(host, ".pingone."+tld) {
			return tld, true
		}
	}
	return "", false
}

func isLoopback(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "::1" || strings.HasPrefix(host, "127.")
}

// base is the URL every endpoint hangs off: {authPath}/{envId}, or the custom domain itself.
func (c Config) base() string {
	b := strings.TrimRight(c.AuthPath, "/")
	if c.CustomDomain {
		return b
	}
	return b + "/" + c.EnvID
}

// Issuer is the OpenID Connect issuer the ID token's iss claim must equal.
func (c Config) Issuer() string { return c.base() + "/as" }

func (c Config) scope() string {
	if s := strings.Join(strings.Fields(c.Scope), " "); s != "" {
		return s
	}
	return "openid"
}

// origin is scheme://host[:port] of AuthPath; every link the engine follows must stay on it.
func (c Config) origin() string {
	u, _ := parseURI(c.AuthPath)
	return u.origin()
}

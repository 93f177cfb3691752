package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// signingKeys signs access and ID tokens with RS256, as PingOne does, under a key id that the
// JWKS endpoint publishes.
type signingKeys struct {
	public *rsa.PublicKey
	kid    string
	signer jose.Signer
	jwks   jose.JSONWebKeySet
}

func newSigningKeys(key *rsa.PrivateKey) (*signingKeys, error) {
	if key == nil {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, err
		}
	}
	if key.N.BitLen() < 2048 {
		return nil, errors.New("emulator: the signing key must have at least 2048 bits")
	}
	pub := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	thumb, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, err
	}
	pub.KeyID = base64.RawURLEncoding.EncodeToString(thumb)
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: pub.KeyID, Algorithm: string(jose.RS256)}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, err
	}
	return &signingKeys{public: &key.PublicKey, kid: pub.KeyID, signer: signer, jwks: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{pub}}}, nil
}

func (k *signingKeys) sign(claims any) (string, error) {
	return jwt.Signed(k.signer).Claims(claims).Serialize()
}

// verify checks a token's signature and decodes its claims; time and audience checks are the
// caller's, since they differ between uses.
func (k *signingKeys) verify(token string, claims any) error {
	t, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return err
	}
	if len(t.Headers) != 1 || t.Headers[0].KeyID != k.kid {
		return errors.New("unknown signing key")
	}
	return t.Claims(k.public, claims)
}

// jwks serves GET /{envId}/as/jwks.
func (s *Server) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.keys.jwks)
}

// accessClaims is the access token's payload (PingOne's claims, §6.1 of the reference).
type accessClaims struct {
	ClientID  string   `json:"client_id"`
	Issuer    string   `json:"iss"`
	Subject   string   `json:"sub"`
	Audience  []string `json:"aud"` // always an array, as in PingOne's access tokens
	IssuedAt  int64    `json:"iat"`
	Expiry    int64    `json:"exp"`
	ID        string   `json:"jti"`
	Scope     string   `json:"scope"`
	SessionID string   `json:"sid"`
	AuthTime  int64    `json:"auth_time"`
	ACR       string   `json:"acr"`
	AMR       []string `json:"amr"`
	Env       string   `json:"env"`
	Org       string   `json:"org"`
	Region    string   `json:"p1.region"`
}

// audience is the access tokens' audience: the emulator's own API host, which is also what
// userinfo and introspection accept.
func (s *Server) audience() string { return s.base }

func (s *Server) accessClaims(g grant, jti string, now time.Time) accessClaims {
	env := s.cfg.Environment
	return accessClaims{
		ClientID: g.clientID, Issuer: s.Issuer(), Subject: g.userID, Audience: []string{s.audience()},
		IssuedAt: now.Unix(), Expiry: now.Add(seconds(s.cfg.Settings.AccessTokenLifetimeSeconds)).Unix(),
		ID: jti, Scope: g.scope, SessionID: g.sessionID, AuthTime: g.authTime.Unix(), ACR: g.acr, AMR: g.amr,
		Env: env.ID, Org: env.OrganizationID, Region: env.Region,
	}
}

// idClaims is the ID token's payload: the OIDC core claims, PingOne's env/org/p1.region, and the
// profile claims the scopes grant.
func (s *Server) idClaims(g grant, u User, nonce, accessToken string, now time.Time) map[string]any {
	env := s.cfg.Environment
	sum := sha256.Sum256([]byte(accessToken))
	claims := map[string]any{
		"iss": s.Issuer(), "sub": g.userID, "aud": g.clientID,
		"iat": now.Unix(), "exp": now.Add(seconds(s.cfg.Settings.AccessTokenLifetimeSeconds)).Unix(),
		"auth_time": g.authTime.Unix(), "acr": g.acr, "amr": g.amr, "sid": g.sessionID,
		"at_hash": base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]),
		"env":     env.ID, "org": env.OrganizationID, "p1.region": env.Region,
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	for k, v := range profileClaims(u, g.scope) {
		claims[k] = v
	}
	return claims
}

// profileClaims are the standard claims (OIDC Core §5.4) that the granted scopes release.
func profileClaims(u User, scope string) map[string]any {
	scopes := strings.Fields(scope)
	claims := map[string]any{}
	set := func(name, value string) {
		if value != "" {
			claims[name] = value
		}
	}
	if slices.Contains(scopes, "profile") {
		set("preferred_username", u.Username)
		set("given_name", u.Name.Given)
		set("family_name", u.Name.Family)
		set("name", strings.TrimSpace(u.Name.Given+" "+u.Name.Family))
	}
	if slices.Contains(scopes, "email") {
		set("email", u.Email)
	}
	if slices.Contains(scopes, "phone") {
		set("phone_number", u.MobilePhone)
	}
	return claims
}

// checkAccessToken accepts a token this environment issued, unexpired and not revoked.
func (s *Server) checkAccessToken(token string, now time.Time) (*accessClaims, bool) {
	var c accessClaims
	if err := s.keys.verify(token, &c); err != nil {
		return nil, false
	}
	if c.Issuer != s.Issuer() || !slices.Contains(c.Audience, s.audience()) || c.ID == "" || now.Unix() >= c.Expiry {
		return nil, false
	}
	s.st.mu.Lock()
	_, revoked := s.st.revoked.get(c.ID, now)
	s.st.mu.Unlock()
	return &c, !revoked
}

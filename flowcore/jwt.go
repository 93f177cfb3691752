package flowcore

import (
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// PurposeJWKS reads the environment's signing keys, {base}/as/jwks, to check an ID token.
const PurposeJWKS Purpose = "jwks"

// EffectVerify asks the host to check a signature with WebCrypto (crypto.subtle.verify), then
// to give the outcome back with Resolve: CeremonyResult{Valid: true} when the signature checks
// out, {Valid: false} when it does not, {Error, Message} when the host could not check it (no
// crypto.subtle, a key WebCrypto refused). flowcore holds no cryptography of its own.
const EffectVerify EffectKind = "verify"

// Verify is a signature check for the host: Signature (base64url, as in the JWS) over the
// bytes of SigningInput (ASCII: the JWT's header.payload), with Key, a public JWK from the
// environment's JWKS. Alg is RS256 (RSASSA-PKCS1-v1_5 with SHA-256) or ES256 (ECDSA P-256
// with SHA-256; the signature is r‖s, the form WebCrypto takes).
type Verify struct {
	Alg          string  `json:"alg"`
	Key          RawJSON `json:"jwk"`
	SigningInput string  `json:"signingInput"`
	Signature    string  `json:"signature"`
}

// phaseVerify: the ID token waits for its signature check (the JWKS fetch, then Verified).
const phaseVerify phase = "verify"

// verifying is an ID token whose claims are checked and whose signature is being checked. It
// holds tokens, so it lives in memory only, never in a snapshot.
type verifying struct {
	tokens   *Tokens
	alg, kid string
	fetched  bool // the JWKS was fetched for this token: an unknown kid is not refetched again
}

// idTokenError is the failure of any ID token check: class protocol, as for its claims. The
// token response is spent (a code is used once), so retrying cannot help: start again.
func idTokenError(why string) Effect {
	return fail(&Error{Code: CodeIDTokenInvalid, Class: ClassProtocol, Message: "ID token: " + why})
}

// checkSignature checks the signature of t's ID token (t is nil when the JWKS arrived for the
// token under check): it asks for the host's check with the token's key, or for the JWKS when
// the key is not known — once, and once more when cached keys lack the token's kid (the keys
// rotated). Without an ID token, the sign-on is over.
func (e *Engine) checkSignature(t *Tokens) Effect {
	v := e.verifying
	if t != nil {
		if t.IDToken == "" {
			return e.finish(t)
		}
		header, _ := decodeB64(t.IDToken[:strings.IndexByte(t.IDToken, '.')])
		var h [2]fjson.Result
		fjson.ParseBytes(header).Members(h[:], "alg", "kid")
		v = &verifying{tokens: t, alg: h[0].String(), kid: h[1].String()}
		if v.alg != "RS256" && v.alg != "ES256" {
			// none and HS256 (a key the client would share) above all: only the server's keys sign.
			return idTokenError("alg " + v.alg + " is not RS256 or ES256")
		}
		e.verifying = v
	}
	// The key: the one with the token's kid (or, without a kid, the only one) whose type fits
	// alg. WebCrypto refuses a key that does not fit otherwise (another curve), failing the check.
	kty, n := "RSA", 0
	if v.alg == "ES256" {
		kty = "EC"
	}
	var key RawJSON
	fjson.ParseBytes(e.keys).ForEach(func(_, k fjson.Result) bool {
		var m [2]fjson.Result
		k.Members(m[:], "kty", "kid")
		if m[0].Str == kty && (v.kid == "" || m[1].Str == v.kid) {
			key, n = RawJSON(k.Raw), n+1
		}
		return true
	})
	if n == 1 {
		dot := strings.LastIndexByte(v.tokens.IDToken, '.')
		e.st.Phase, e.st.Pending = phaseVerify, nil
		return Effect{Kind: EffectVerify, Verify: &Verify{Alg: v.alg, Key: key,
			SigningInput: v.tokens.IDToken[:dot], Signature: v.tokens.IDToken[dot+1:]}}
	}
	if v.fetched {
		return idTokenError("no key in the JWKS has kid " + v.kid + " for " + v.alg)
	}
	v.fetched = true
	return e.await(e.jwksRequest())
}

// jwksRequest reads the environment's signing keys.
func (e *Engine) jwksRequest() *Request {
	return &Request{Method: "GET", URL: e.cfg.base() + "/as/jwks", Credentials: credsOmit, Purpose: PurposeJWKS, Idempotent: true}
}

// awaitToken sends a token request (the code exchange or a refresh), with the JWKS read as
// Ahead while the engine has no keys: the host may send both at once (Effect.Ahead).
func (e *Engine) awaitToken(r *Request) Effect {
	eff := e.await(r)
	if e.keys == nil {
		eff.Ahead = e.jwksRequest()
	}
	return eff
}

// onJWKS reads the environment's keys and continues the check.
func (e *Engine) onJWKS(r Response) Effect {
	if te, ok := transportError(r); ok {
		return fail(te)
	}
	keys := fjson.Get(r.Body, "keys")
	if r.Status != 200 || !keys.IsArray() || e.verifying == nil {
		return fail((&Error{Code: CodeMalformedResponse, Class: ClassProtocol, Message: "the JWKS is not a JSON Web Key Set"}).keepBody(r.Status, r.Body))
	}
	e.keys = []byte(keys.Raw)
	return e.checkSignature(nil)
}

// verified takes the host's answer to EffectVerify (through Resolve). A valid signature
// finishes the sign-on (or the refresh); anything else fails with id_token_invalid.
func (e *Engine) verified(res CeremonyResult) Effect {
	if !res.Valid {
		if res.Error != "" {
			return idTokenError("the signature could not be checked: " + res.Error + " " + res.Message)
		}
		return idTokenError("the signature does not match the environment's key")
	}
	return e.finish(e.verifying.tokens)
}

// finish ends a sign-on or a refresh with t.
func (e *Engine) finish(t *Tokens) Effect {
	e.reset(e.st.Mode)
	e.st.Phase, e.tokens = phaseDone, t
	return Effect{Kind: EffectDone, Tokens: t}
}

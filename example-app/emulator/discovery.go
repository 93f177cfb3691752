package emulator

import "net/http"

// discoveryDocument is the OpenID Provider metadata (OIDC Discovery §3), in PingOne's shape but
// listing only what the emulator implements. response_modes_supported includes pi.flow, which
// is what makes Ping's JS SDK use fetch instead of redirects for silent authorization.
type discoveryDocument struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	EndSessionEndpoint                string   `json:"end_session_endpoint"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	ClaimsParameterSupported          bool     `json:"claims_parameter_supported"`
	RequestParameterSupported         bool     `json:"request_parameter_supported"`
	RequestURIParameterSupported      bool     `json:"request_uri_parameter_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ClaimTypesSupported               []string `json:"claim_types_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
}

// discovery serves GET /{envId}/as/.well-known/openid-configuration.
func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	as := s.Issuer()
	writeJSON(w, http.StatusOK, discoveryDocument{
		Issuer:                            as,
		AuthorizationEndpoint:             as + "/authorize",
		TokenEndpoint:                     as + "/token",
		UserinfoEndpoint:                  as + "/userinfo",
		JWKSURI:                           as + "/jwks",
		EndSessionEndpoint:                as + "/signoff",
		IntrospectionEndpoint:             as + "/introspect",
		RevocationEndpoint:                as + "/revoke",
		ScopesSupported:                   supportedScopes,
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"pi.flow", "query", "fragment"},
		GrantTypesSupported:               []string{"authorization_code", "refresh_token"},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		TokenEndpointAuthMethodsSupported: []string{"none", "client_secret_basic", "client_secret_post"},
		ClaimTypesSupported:               []string{"normal"},
		ClaimsSupported: []string{"sub", "iss", "auth_time", "acr", "amr", "sid", "name", "given_name", "family_name",
			"preferred_username", "email", "phone_number", "env", "org", "p1.region"},
		CodeChallengeMethodsSupported: []string{"plain", "S256"},
	})
}

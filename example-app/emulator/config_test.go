package emulator_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func demoJSON(t *testing.T) []byte {
	t.Helper()
	data, err := json.Marshal(emulator.DemoConfig("http://localhost:8080"))
	require.NoError(t, err)
	return data
}

func TestDemoConfigRoundTripsThroughJSON(t *testing.T) {
	cfg, err := emulator.ParseConfig(strings.NewReader(string(demoJSON(t))))
	require.NoError(t, err)
	assert.Equal(t, emulator.DemoConfig("http://localhost:8080"), cfg)
}

func TestDemoConfigDerivesURLsFromTheBase(t *testing.T) {
	cfg := emulator.DemoConfig("http://127.0.0.1:9000/")
	app := cfg.Applications[0]
	assert.Equal(t, []string{"http://127.0.0.1:9000/callback", "http://localhost:9000/callback"}, app.RedirectURIs)
	assert.Equal(t, []string{"http://127.0.0.1:9000/", "http://localhost:9000/"}, app.PostLogoutRedirectURIs)
	assert.Equal(t, []string{"http://127.0.0.1:9000", "http://localhost:9000"}, app.CORSSettings.Origins)
	assert.Equal(t, "http://127.0.0.1:9000/signon/", app.LoginPageURL)

	other := emulator.DemoConfig("https://demo.example.com")
	assert.Equal(t, []string{"https://demo.example.com"}, other.Applications[0].CORSSettings.Origins)
}

// TestLoadConfigReplacesTheDemo serves a configuration file with one application and one user.
func TestLoadConfigReplacesTheDemo(t *testing.T) {
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	cfg := emulator.DemoConfig(base)
	cfg.Environment.ID = "0b5c5a57-8a9f-4f3e-9a51-3c8f1d2e4b6a"
	cfg.Users = cfg.Users[:1]
	cfg.Users[0].Username = "only.user"
	cfg.Applications[0].Name = "From a file"
	data, err := json.MarshalIndent(cfg, "", "  ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "env.json")
	require.NoError(t, os.WriteFile(path, data, 0o600))

	loaded, err := emulator.LoadConfig(path)
	require.NoError(t, err)
	srv, err := emulator.New(loaded, emulator.WithBaseURL(base), emulator.WithSigningKey(testKey()))
	require.NoError(t, err)
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(func() { ts.Close(); srv.Close() })

	e := &env{t: t, srv: srv, base: base, transport: ts.Client().Transport}
	demo := e.browser().get(base + "/_emulator/demo")
	assert.Equal(t, "0b5c5a57-8a9f-4f3e-9a51-3c8f1d2e4b6a", demo.json("envId").String())
	assert.Equal(t, "From a file", demo.json("apps.0.name").String())
	assert.Equal(t, `["only.user"]`, demo.json("users.#.username").Raw)
	jwks := e.browser().get(base + "/0b5c5a57-8a9f-4f3e-9a51-3c8f1d2e4b6a/as/jwks")
	assert.Equal(t, 200, jwks.status)
	assert.Equal(t, 404, e.browser().get(base+"/"+emulator.DemoEnvironmentID+"/as/jwks").status, "the demo environment is gone")
}

// TestBadConfigNamesTheField edits the demo configuration's JSON one field at a time.
func TestBadConfigNamesTheField(t *testing.T) {
	cases := []struct {
		name, path string
		value      any
		want       string
	}{
		{"relative redirect URI", "applications.0.redirectUris.1", "/callback", "applications[0].redirectUris[1]: \"/callback\" is not an absolute URL"},
		{"redirect URI with fragment", "applications.0.redirectUris.0", "http://localhost:8080/cb#x", "applications[0].redirectUris[0]: \"http://localhost:8080/cb#x\" must not have a fragment"},
		{"origin with a path", "applications.0.corsSettings.origins.0", "http://localhost:8080/app", "applications[0].corsSettings.origins[0]"},
		{"unknown policy name", "applications.0.signOnPolicies.1", "Nope", "applications[0].signOnPolicies[1]: \"Nope\" is not the name of a sign-on policy"},
		{"secret on a public client", "applications.0.clientSecret", "x", "applications[0].clientSecret"},
		{"PKCE value", "applications.0.pkceEnforcement", "SOMETIMES", "applications[0].pkceEnforcement: \"SOMETIMES\" is not one of OPTIONAL, REQUIRED, S256_REQUIRED"},
		{"grant type", "applications.0.grantTypes.1", "IMPLICIT", "applications[0].grantTypes[1]"},
		{"environment id", "environment.id", "not-a-uuid", "environment.id: \"not-a-uuid\" is not a lowercase UUID"},
		{"region", "environment.region", "MARS", "environment.region"},
		{"duplicate username", "users.1.username", "USER.PASSWORD", "users[1].username: \"user.password\" is used twice"},
		{"email", "users.0.email", "nope", "users[0].email"},
		{"device phone", "users.1.devices.0.phone", "555", "users[1].devices[0].phone"},
		{"device type", "users.2.devices.1.type", "CARRIER_PIGEON", "users[2].devices[1].type"},
		{"password status", "users.0.passwordStatus", "SOMETIMES", "users[0].passwordStatus"},
		{"profiling attribute", "signOnPolicies.0.actions.2.attributes.0.name", "shoeSize", "signOnPolicies[0].actions[2].attributes[0].name: \"shoeSize\" is not a supported attribute"},
		{"identifier first not first", "signOnPolicies.0.actions.1.type", "IDENTIFIER_FIRST", "signOnPolicies[0].actions[1].type: IDENTIFIER_FIRST must be the first action"},
		{"MFA first", "signOnPolicies.2.actions.0.type", "MULTI_FACTOR_AUTHENTICATION", "signOnPolicies[2].actions[0].type"},
		{"agreement without text", "signOnPolicies.0.actions.3.agreement.text", "", "signOnPolicies[0].actions[3].agreement.text: is required"},
		{"login option on MFA", "signOnPolicies.0.actions.1.registrationEnabled", true, "signOnPolicies[0].actions[1]: registrationEnabled and recoveryEnabled belong to LOGIN actions only"},
		{"policy name with a space", "signOnPolicies.0.name", "Two Words", "signOnPolicies[0].name"},
		{"password length", "passwordPolicy.length.min", 0, "passwordPolicy.length"},
		{"negative setting", "settings.flowTimeoutSeconds", -1, "settings.flowTimeoutSeconds: must not be negative"},
		{"wrong type", "applications.0.redirectUris", "http://x", "applications.redirectUris: expected []string, got JSON string"},
		{"FIDO2 credential id", "users.8.devices.0.credentialId", "not base64url!", "users[8].devices[0]: credentialId is not base64url"},
		{"FIDO2 key pair", "users.8.devices.0.publicKey", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJFkk1IvXzciqowoqk6HyK4pfLazrCcxZkJ0/QNg0nqtgdBROYMvHoXVh6n6RD5t2i189UfsC32/xHDhYbN0CKA==",
			"users[8].devices[0]: publicKey is not testPrivateKey's public key"},
		{"FIDO2 without a key", "users.8.devices.0.testPrivateKey", "", ""},
		{"FIDO2 fields on SMS", "users.1.devices.0.credentialId", "abc", "users[1].devices[0]: displayName, credentialId, publicKey, testPrivateKey and signCount belong to FIDO2 devices only"},
		{"unknown social provider", "signOnPolicies.0.actions.0.socialProviders.0", "6b1c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "signOnPolicies[0].actions[0].socialProviders[0]: \"6b1c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d\" is not the id of an identity provider"},
		{"social provider on MFA", "signOnPolicies.0.actions.1.socialProviders", []string{"72470f55-425b-41d8-866c-a04c81533d7d"}, "signOnPolicies[0].actions[1].socialProviders[0]: socialProviders belong to LOGIN and IDENTIFIER_FIRST actions only"},
		{"provider type", "identityProviders.0.type", "CARRIER_PIGEON", "identityProviders[0].type"},
		{"provider user without password", "identityProviders.0.users.1.password", "", "identityProviders[0].users[1].password: is required"},
		{"duplicate subject", "identityProviders.0.users.1.subject", "idp-social-user", "identityProviders[0].users[1].subject: \"idp-social-user\" is used twice"},
		{"discovery domain", "identityProviders.0.discoveryDomains.0", "@idp", "identityProviders[0].discoveryDomains[0]"},
		{"link to nobody", "users.9.externalIdentities.0.subject", "nobody", "users[9].externalIdentities[0].subject: \"nobody\" is not a user of that identity provider"},
		{"negative challenge timeout", "settings.challengeTimeoutSeconds", -1, "settings.challengeTimeoutSeconds: must not be negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := setJSON(t, demoJSON(t), c.path, c.value)
			if c.want == "" { // a FIDO2 device without either key
				data = setJSON(t, data, "users.8.devices.0.publicKey", "")
				c.want = "users[8].devices[0]: publicKey or testPrivateKey is required"
			}
			_, err := emulator.ParseConfig(strings.NewReader(string(data)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestBadConfigSyntaxAndUnknownFields(t *testing.T) {
	_, err := emulator.ParseConfig(strings.NewReader("{\n  \"environment\": {\n    \"id\": \"x\",\n    \"colour\": \"blue\"\n  }\n}"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "environment.colour: unknown field")

	misspelt := setJSON(t, demoJSON(t), "applications.0.redirectURIs", []string{"http://localhost:8080/cb"})
	_, err = emulator.ParseConfig(strings.NewReader(string(misspelt)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "applications[0].redirectURIs: unknown field", "field names match exactly")
	deep := setJSON(t, demoJSON(t), "users.2.devices.1.mail", "x@example.com")
	_, err = emulator.ParseConfig(strings.NewReader(string(deep)))
	assert.ErrorContains(t, err, "users[2].devices[1].mail: unknown field")

	_, err = emulator.ParseConfig(strings.NewReader("{\n  \"users\": [\n    {\"username\": }\n  ]\n}"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 3")

	_, err = emulator.ParseConfig(strings.NewReader(`{} {}`))
	assert.Error(t, err)

	_, err = emulator.LoadConfig(filepath.Join(t.TempDir(), "missing.json"))
	assert.Error(t, err)
}

func TestBadConfigReportsEveryProblem(t *testing.T) {
	data := setJSON(t, demoJSON(t), "environment.id", "x")
	data = setJSON(t, data, "applications.0.name", "")
	_, err := emulator.ParseConfig(strings.NewReader(string(data)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "environment.id")
	assert.Contains(t, err.Error(), "applications[0].name: is required")

	_, err = emulator.ParseConfig(strings.NewReader(`{}`))
	require.Error(t, err)
	for _, want := range []string{"signOnPolicies: at least one", "applications: at least one", "passwordPolicy.name: is required"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestLockedOutUsersNeedALockoutPolicy(t *testing.T) {
	data := setJSON(t, demoJSON(t), "passwordPolicy.lockout.failureCount", 0)
	_, err := emulator.ParseConfig(strings.NewReader(string(data)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "users[5].passwordStatus: LOCKED_OUT needs passwordPolicy.lockout")
}

// setJSON sets a gjson-style path in a JSON document (a small helper over encoding/json).
func setJSON(t *testing.T, doc []byte, path string, value any) []byte {
	t.Helper()
	var root any
	require.NoError(t, json.Unmarshal(doc, &root))
	parts := strings.Split(path, ".")
	node := root
	for i, p := range parts {
		last := i == len(parts)-1
		switch n := node.(type) {
		case map[string]any:
			if last {
				n[p] = value
			} else {
				node = n[p]
			}
		case []any:
			idx := int(gjson.Parse(p).Int())
			if last {
				n[idx] = value
			} else {
				node = n[idx]
			}
		default:
			t.Fatalf("path %s does not exist", path)
		}
	}
	out, err := json.Marshal(root)
	require.NoError(t, err)
	return out
}

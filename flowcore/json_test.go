package flowcore

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/pingflow/pingflow/flowcore/fjson"
	"github.com/stretchr/testify/require"
)

// The engine writes JSON with AppendJSON methods (json.go); encoding/json, reading the same
// struct tags by reflection, is the oracle. Every effect the transcripts and the fuzz targets
// produce, every snapshot and every request body is written both ways and compared.

// sameJSON returns "" when v's AppendJSON (or fjson.AppendValue) gives encoding/json's bytes,
// else a description of the difference.
func sameJSON(v any) string {
	want, err := json.Marshal(v)
	if err != nil {
		return "encoding/json: " + err.Error()
	}
	var got []byte
	switch x := v.(type) {
	case Effect:
		got = x.AppendJSON(nil)
	case fjson.Appender:
		got = x.AppendJSON(nil)
	default:
		if got, err = fjson.AppendValue(nil, v); err != nil {
			return "fjson: " + err.Error()
		}
	}
	if string(got) != string(want) {
		return "AppendJSON:    " + string(got) + "\nencoding/json: " + string(want)
	}
	return ""
}

func requireSameJSON(t testing.TB, v any) {
	t.Helper()
	if d := sameJSON(v); d != "" {
		t.Fatal(d)
	}
}

// jsonMismatches collects differences found where no *testing.T is at hand (logEffect); TestMain
// fails the run on any.
var jsonMismatches struct {
	sync.Mutex
	list []string
}

func noteJSON(v any) {
	if d := sameJSON(v); d != "" {
		jsonMismatches.Lock()
		jsonMismatches.list = append(jsonMismatches.list, d)
		jsonMismatches.Unlock()
	}
}

func TestSnapshotJSONMatchesEncodingJSON(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e := newTestEngine(t)
			_, err := e.Start()
			require.NoError(t, err)
			snap, err := e.Snapshot()
			require.NoError(t, err)
			var env snapshotEnvelope
			require.NoError(t, json.Unmarshal(snap, &env))
			ss := snapshotState{AuthPath: e.cfg.AuthPath, EnvID: e.cfg.EnvID, ClientID: e.cfg.ClientID, RedirectURI: e.cfg.RedirectURI, state: e.st}
			want, err := json.Marshal(ss)
			require.NoError(t, err)
			require.Equal(t, string(want), string(env.State))
		})
	}
}

func TestBodiesMatchEncodingJSON(t *testing.T) {
	for _, v := range []any{
		usernamePasswordBody{"a<b", "p\u2028w"}, usernameBody{"u"}, otpBody{"1"}, passwordResetBody{"a", "b"},
		passwordRecoverBody{"c", "n"}, verifyBody{"v"}, deviceSelectBody{deviceRef{"d"}}, acceptBody{true},
		assertionBody{"o", `{"id":"x"}`, ""}, assertionBody{"o", "a", "FULL"}, userCodeBody{"c"},
		dvCredential{ID: "i", Attachment: RawJSON("null")}, RawJSON(nil), RawJSON(` { "a" : [1, "<"] } `),
		map[string]any{"z": 1.5, "a": []any{true, nil, "s", map[string]any{"k": RawJSON("{}")}}},
		&Error{Code: "c", Class: ClassFix, Details: []Detail{{FailuresRemaining: new(int), UnsatisfiedRequirements: []string{}}}},
		&Tokens{AccessToken: "a", Claims: RawJSON(`{"sub":"x"}`)}, &Step{}, &Step{Actions: []Action{{Fields: []Field{{Errors: []string{"e"}}}}}},
		&Ceremony{Kind: CeremonyProtect, Protect: &ProtectRequest{}, Step: &Step{}}, &Verify{Alg: "RS256", Key: RawJSON(`{"kty":"RSA"}`)},
		&Request{Headers: map[string]string{"b": "1", "a": "2"}},
	} {
		if d := sameJSON(v); d != "" {
			t.Errorf("%T: %s", v, d)
		}
	}
}

func checkJSONMismatches() []string {
	jsonMismatches.Lock()
	defer jsonMismatches.Unlock()
	return jsonMismatches.list
}

// The readers the module uses for its arguments agree with encoding/json on what they accept,
// and name the member a refusal is about.
func TestReadersMatchEncodingJSON(t *testing.T) {
	for _, c := range []string{
		`{"authPath":"https://auth.pingone.com","envId":"e","customDomain":true,"clientId":"c","redirectUri":"r","scope":"s","acrValues":"a","loginHint":"l","prompt":"login","maxAge":0,"uiLocales":"fr"}`,
		`{"clientId":null,"maxAge":null}`, `{}`, ` { "maxAge" : 30 } `,
	} {
		var want Config
		require.NoError(t, json.Unmarshal([]byte(c), &want), c)
		got, err := ReadConfig(c)
		require.NoError(t, err, c)
		require.Equal(t, want, got, c)
	}
	for _, c := range []string{`{"status":200,"headers":{"content-type":"application/json"},"body":"{}"}`, `{"networkError":"offline","status":0}`} {
		var want Response
		require.NoError(t, json.Unmarshal([]byte(c), &want), c)
		got, err := ReadResponse(c)
		require.NoError(t, err, c)
		require.Equal(t, want, got, c)
	}
	for _, c := range []string{`{"credential":{"id":"x", "rawId": [1]},"origin":"o"}`, `{"signals":"s"}`, `{"error":"NotAllowedError","message":"m"}`, `{"valid":true}`} {
		var want CeremonyResult
		require.NoError(t, json.Unmarshal([]byte(c), &want), c)
		got, err := ReadCeremonyResult(c)
		require.NoError(t, err, c)
		require.Equal(t, want, got, c)
	}
	for _, c := range []string{`{"username":"u","n":1.5,"list":[1,"a",null,{"b":false}]}`, `null`, `{}`} {
		var want map[string]any
		require.NoError(t, json.Unmarshal([]byte(c), &want), c)
		got, err := ReadInput(c)
		require.NoError(t, err, c)
		require.Equal(t, want, got, c)
	}
	for _, c := range []struct{ data, msg string }{
		{`{"clientID":"c"}`, `config.clientID: unknown field`},
		{`{"maxAge":"30"}`, `config.maxAge: must be a number, not a string`},
		{`{"maxAge":1.5}`, `config.maxAge: must be a whole number`},
		{`{"customDomain":"yes"}`, `config.customDomain: must be true or false, not a string`},
		{`[]`, `config: must be an object, not an array`},
		{`{"clientId":"c"} {}`, `config: not valid JSON`},
		{`{"clientId":"c",}`, `config: not valid JSON`},
	} {
		_, err := ReadConfig(c.data)
		require.ErrorContains(t, err, c.msg, c.data)
	}
	_, err := ReadResponse(`{"status":200,"headers":{"a":1}}`)
	require.ErrorContains(t, err, "response.headers.a: must be a string, not a number")
	_, err = ReadCeremonyResult(`{"credentials":{}}`)
	require.ErrorContains(t, err, "result.credentials: unknown field")
	_, err = ReadInput(`"text"`)
	require.ErrorContains(t, err, "input: must be an object, not a string")
}

package flowcore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// seeds are every recorded response body in testdata/responses.
func seeds(f *testing.F) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "responses", "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	var out []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		out = append(out, string(b))
	}
	return out
}

// enginesAt are the states a response can arrive in.
var enginesAt = []func(testing.TB) *Engine{started, atAction, atResume, atToken, polling, atChallenge, atContinue}

// atChallenge is an engine reading a DaVinci challenge's status.
func atChallenge(t testing.TB) *Engine {
	e, _ := onForm(t, "davinci-challenge")
	_, err := e.Poll()
	require.NoError(t, err)
	return e
}

// atContinue is an engine back from a social sign-on, posting its continueToken.
func atContinue(t testing.TB) *Engine {
	e, _ := onForm(t, "davinci-passkey-signon")
	_, err := e.Submit("google", nil)
	require.NoError(t, err)
	_, err = e.HandleRedirect(testRedirect + "?continueToken=T")
	require.NoError(t, err)
	return e
}

func polling(t testing.TB) *Engine {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	_, err = e.Poll()
	require.NoError(t, err)
	return e
}

// FuzzReceive: whatever the server answers, the engine does not panic, a Fail leaves its state
// unchanged, and every effect serialises.
func FuzzReceive(f *testing.F) {
	for _, s := range seeds(f) {
		for at := range enginesAt {
			f.Add(uint8(at), 200, s)
			f.Add(uint8(at), 400, s)
		}
	}
	f.Add(uint8(0), 302, "")
	f.Add(uint8(1), 503, "<html>")
	f.Fuzz(func(t *testing.T, at uint8, status int, body string) {
		e := enginesAt[int(at)%len(enginesAt)](t)
		before, err := e.Snapshot()
		require.NoError(t, err)
		eff, err := e.Receive(Response{Status: status, Body: strings.ReplaceAll(body, "{{state}}", e.st.State)})
		require.NoError(t, err)
		requireSameJSON(t, eff)
		switch eff.Kind {
		case EffectFail:
			require.NotNil(t, eff.Error)
			require.NotEmpty(t, eff.Error.Code)
			after, err := e.Snapshot()
			require.NoError(t, err)
			require.Equal(t, string(before), string(after))
		case EffectShow, EffectWait:
			require.NotNil(t, eff.Step)
		case EffectFetch:
			require.True(t, sameOrigin(eff.Request.URL, e.cfg.origin()), "followed %s", eff.Request.URL)
		case EffectDone:
			require.NotNil(t, eff.Tokens)
		case EffectVerify:
			require.NotEmpty(t, eff.Verify.Signature)
		case EffectRedirect:
			require.NotEmpty(t, eff.URL)
		case EffectCeremony:
			require.NotNil(t, eff.Ceremony.Step)
		default:
			t.Fatalf("unknown effect %q", eff.Kind)
		}
	})
}

// FuzzDecodeFlow: the flow decoder and the step builder never panic, and what they accept
// serialises.
func FuzzDecodeFlow(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d, ferr := decodeFlow(body, "https://auth.pingone.com")
		if ferr != nil {
			require.Nil(t, d)
			require.Equal(t, ClassProtocol, ferr.Class)
			return
		}
		s := buildStep(d, &Error{Code: CodeInvalidInput, Details: []Detail{{Target: "password", Message: "m"}}}, ActionUsernamePasswordCheck)
		requireSameJSON(t, s)
	})
}

// FuzzDecodeNode: the DaVinci form decoder, the step builder and the form values never panic,
// and what they accept serialises.
func FuzzDecodeNode(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		n, ferr := decodeNode(body, "https://auth.pingone.com")
		if ferr != nil {
			require.Nil(t, n)
			return
		}
		s := buildDaVinciStep(n, &Error{Code: CodeInvalidInput, Details: []Detail{{Target: "password", Message: "m"}}}, "SIGNON")
		requireSameJSON(t, s)
		requireSameJSON(t, davinciValues(n, input{}))
		for _, a := range s.Actions {
			if a.Ceremony == CeremonyWebAuthnGet || a.Ceremony == CeremonyWebAuthnCreate {
				_, _ = webauthnOptions(a.src, a.Ceremony == CeremonyWebAuthnCreate)
			}
		}
	})
}

// FuzzDecodeError: PingOne and OAuth error decoders never panic and always classify.
func FuzzDecodeError(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if pe, ok := pingOneError(body); ok {
			classifyFieldError(pe)
			require.Equal(t, ClassFix, pe.Class)
			_, err := json.Marshal(pe)
			require.NoError(t, err)
		}
		if oe, ok := oauthError(body); ok {
			classifyOAuth(oe)
			require.NotEmpty(t, oe.Code)
			require.NotEmpty(t, oe.Message)
		}
	})
}

// FuzzRestore: any bytes given as a snapshot either restore or are refused without a change.
func FuzzRestore(f *testing.F) {
	external := func(t testing.TB) *Engine {
		e, _ := onForm(t, "davinci-passkey-signon")
		_, err := e.Submit("google", nil)
		require.NoError(t, err)
		return e
	}
	for _, mk := range []func(testing.TB) *Engine{started, atAction, polling, atChallenge, external} {
		e := mk(f)
		snap, _ := e.Snapshot()
		f.Add(snap)
	}
	f.Add([]byte(`{"format":"pingflow.snapshot","version":1,"state":{},"sum":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := started(t)
		before, _ := e.Snapshot()
		if err := e.Restore(data); err != nil {
			after, _ := e.Snapshot()
			require.Equal(t, string(before), string(after))
			return
		}
		_, _ = e.Current()
		_, err := e.Snapshot()
		require.NoError(t, err)
	})
}

package flowcore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSnapshotRestoreContinuesTheFlow(t *testing.T) {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "otp-required-sms")))
	require.NoError(t, err)
	_, err = e.Submit("otp.check", map[string]any{"otp": "987654"})
	require.NoError(t, err)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "987654", "no one-time code or password in a snapshot")

	// A reload: a new engine for the same application picks the flow up.
	fresh := newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err := fresh.Current()
	require.NoError(t, err)
	require.Equal(t, EffectFetch, eff.Kind)
	assert.Equal(t, "GET", eff.Request.Method, "the interrupted action becomes a read of the flow")
	assert.Equal(t, testFlowURL, eff.Request.URL)
	eff, err = fresh.Receive(ok200(fixture(t, "completed")))
	require.NoError(t, err)
	assert.Equal(t, PurposeResume, eff.Request.Purpose)
	eff, err = fresh.Receive(ok200(fill(e, fixture(t, "resume"))))
	require.NoError(t, err)
	assert.Contains(t, eff.Request.Body, "code_verifier="+e.st.Verifier, "the verifier survives the reload")
	eff, err = fresh.Receive(ok200(fill(e, fixture(t, "token"))))
	require.NoError(t, err)
	assert.Equal(t, EffectDone, signed(t, fresh, eff).Kind)

	done, err := fresh.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(done), "access", "tokens are never snapshotted")
}

func TestSnapshotOfAShownStepWithItsError(t *testing.T) {
	e := atAction(t)
	_, err := e.Receive(resp(400, fixture(t, "error-invalid-password")))
	require.NoError(t, err)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "secret-pw")
	fresh := newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err := fresh.Current()
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind)
	assert.Equal(t, CodeInvalidCredentials, eff.Step.Error.Code)
	a, _ := eff.Step.Action("usernamePassword.check")
	assert.Equal(t, []string{"Invalid username and/or password."}, a.Fields[1].Errors)
}

// reseal rewrites a snapshot's state and recomputes its checksum, to test the checks behind it.
func reseal(t *testing.T, snap []byte, edit func(map[string]any)) []byte {
	var env snapshotEnvelope
	require.NoError(t, json.Unmarshal(snap, &env))
	var st map[string]any
	require.NoError(t, json.Unmarshal(env.State, &st))
	edit(st)
	b, err := json.Marshal(st)
	require.NoError(t, err)
	out, err := json.Marshal(snapshotEnvelope{Format: env.Format, Version: env.Version, State: b, Sum: sha256Hex(b)})
	require.NoError(t, err)
	return out
}

func TestRestoreRefusesBadSnapshots(t *testing.T) {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "otp-required-sms")))
	require.NoError(t, err)
	good, err := e.Snapshot()
	require.NoError(t, err)

	other := testConfig()
	other.ClientID = "someone-else"
	cases := []struct {
		name string
		snap []byte
		cfg  *Config
		says string
	}{
		{"not JSON", []byte("{nope"), nil, "not a pingflow snapshot"},
		{"other format", []byte(`{"format":"x","version":1}`), nil, `format "x"`},
		{"other version", []byte(strings.Replace(string(good), `"version":1`, `"version":2`, 1)), nil, "version 2"},
		{"damaged", []byte(strings.Replace(string(good), "OTP_REQUIRED", "OTP_REQUIRES", 1)), nil, "damaged"},
		{"other client", good, &other, "belongs to client"},
		{"unknown field", reseal(t, good, func(m map[string]any) { m["extra"] = 1 }), nil, "does not decode"},
		{"unknown phase", reseal(t, good, func(m map[string]any) { m["phase"] = "dancing" }), nil, "unknown phase"},
		{"unknown mode", reseal(t, good, func(m map[string]any) { m["mode"] = "teleport" }), nil, "unknown mode"},
		{"bad flow", reseal(t, good, func(m map[string]any) { m["flow"] = "[]" }), nil, "flow does not decode"},
		{"shows without flow", reseal(t, good, func(m map[string]any) { delete(m, "flow") }), nil, "holds no flow"},
		{"no verifier", reseal(t, good, func(m map[string]any) { delete(m, "verifier") }), nil, "PKCE"},
		{"pending off host", reseal(t, good, func(m map[string]any) {
			m["phase"] = "await"
			m["pending"] = map[string]any{"method": "GET", "url": "https://evil.example.com/x", "credentials": "include", "purpose": "flow.read", "idempotent": true}
		}), nil, "off the auth host"},
		{"callback outside redirect", reseal(t, good, func(m map[string]any) { m["phase"] = "callback" }), nil, "outside a redirect"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			if tc.cfg != nil {
				cfg = *tc.cfg
			}
			fresh, err := New(cfg, testOptions())
			require.NoError(t, err)
			_, err = fresh.Start()
			require.NoError(t, err)
			before, _ := fresh.Snapshot()
			err = fresh.Restore(tc.snap)
			var se *SnapshotError
			require.True(t, errors.As(err, &se), "want SnapshotError, got %v", err)
			assert.Contains(t, err.Error(), tc.says)
			after, _ := fresh.Snapshot()
			assert.Equal(t, string(before), string(after), "a refused snapshot changes nothing")
		})
	}
}

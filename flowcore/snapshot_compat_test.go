package flowcore

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// testdata/snapshots-v1.json holds snapshots the engine wrote with encoding/json (this test, run
// with WRITE_SNAPSHOTS_V1=<file> at commit d7d6c83, before flowcore/fjson): the engine writes the
// same bytes for the same states today, and restores each and writes it again unchanged.
func compatSnapshots(t *testing.T) map[string]string {
	out := map[string]string{}
	take := func(name string, e *Engine) {
		b, err := e.Snapshot()
		require.NoError(t, err)
		out[name] = string(b)
	}
	flow := func(fixtures ...string) *Engine {
		e := newTestEngine(t)
		_, err := e.Start()
		require.NoError(t, err)
		for _, f := range fixtures {
			_, err = e.Receive(ok200(fill(e, fixture(t, f))))
			require.NoError(t, err)
		}
		return e
	}
	take("authorize", flow())
	take("otp", flow("otp-required-email"))
	e := flow("otp-required-email")
	_, err := e.Submit("otp.check", map[string]any{"otp": "123 456"})
	require.NoError(t, err)
	_, err = e.Receive(Response{Status: 400, Headers: map[string]string{"content-type": "application/json"}, Body: fixture(t, "error-invalid-otp")})
	require.NoError(t, err)
	take("otp-error", e)
	take("password-policy", flow("must-change-password"))
	take("davinci", flow("davinci-signon"))
	take("davinci-all-fields", flow("davinci-all-fields"))
	e = flow("username-password-social")
	if s := e.Step(); s != nil {
		for _, a := range s.Actions {
			if a.Ceremony == CeremonyNavigate {
				_, err = e.Submit(a.Name, nil)
				require.NoError(t, err)
				take("social-away", e)
				break
			}
		}
	}
	return out
}

func TestSnapshotsOfTheEncodingJSONEngine(t *testing.T) {
	got := compatSnapshots(t)
	if path := os.Getenv("WRITE_SNAPSHOTS_V1"); path != "" {
		b, _ := json.MarshalIndent(got, "", "  ")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return
	}
	raw, err := os.ReadFile("testdata/snapshots-v1.json")
	require.NoError(t, err)
	var want map[string]string
	require.NoError(t, json.Unmarshal(raw, &want))
	require.Equal(t, len(want), len(got))
	for name, snap := range want {
		require.Equal(t, snap, got[name], name)
		e := newTestEngine(t)
		require.NoError(t, e.Restore([]byte(snap)), name)
		again, err := e.Snapshot()
		require.NoError(t, err)
		require.Equal(t, snap, string(again), "%s: restored and taken again", name)
	}
}

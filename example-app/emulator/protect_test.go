package emulator_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func TestDaVinciProtectComponent(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	p := field(d.node, "protect")
	assert.JSONEq(t, `{"type":"PROTECT","key":"protect","behavioralDataCollection":true,"universalDeviceIdentification":true}`, p.Raw)
}

// TestDaVinciProtectStepUp: well-formed signals sign on at once; missing or malformed ones ask for
// a second factor first — an email code for a user without devices.
func TestDaVinciProtectStepUp(t *testing.T) {
	e := newEnv(t)
	wellFormed := []string{emulator.ProtectExample, strings.Repeat("Ab0+/", 10) + "==", strings.Repeat("a", 40) + "." + strings.Repeat("B_-", 20)}
	for _, signals := range wellFormed {
		d := e.browser().startDaVinci()
		r := d.submit("SIGNON", map[string]any{"username": "user.password", "password": emulator.DemoPassword, "protect": signals})
		d.mustForm(r, "Set Up a Passkey")
	}

	malformed := map[string]any{
		"absent": nil, "empty": "", "short": "abc", "json": `{"risk":"low","deviceId":"0123456789abcdef0123456789"}`,
		"spaces": strings.Repeat("abcd efgh ", 5), "not a string": 42, "too long": strings.Repeat("A", 16385),
	}
	for name, signals := range malformed {
		t.Run(name, func(t *testing.T) {
			d := e.browser().startDaVinci()
			form := map[string]any{"username": "user.password", "password": emulator.DemoPassword}
			if signals != nil {
				form["protect"] = signals
			}
			r := d.mustForm(d.submit("SIGNON", form), "Enter Code")
			assert.Contains(t, r.json("form.description").String(), "u****@example.com", "the code goes to the user's email")
			assert.Equal(t, "Send a new code", field(r, "CHANGE_DEVICE").Get("label").String())
			d.mustForm(d.action("CHANGE_DEVICE"), "Enter Code")
			entry := e.inbox("user.password").Array()[0]
			assert.Equal(t, "otp", entry.Get("kind").String())
			assert.Equal(t, "user.password@example.com", entry.Get("to").String())
			r = d.notNow(d.submit("SUBMIT", map[string]any{"otp": entry.Get("code").String()}))
			id := idTokenClaims(t, e, d.mustSucceed(r))
			assert.Equal(t, `["pwd","otp","mfa"]`, id.Get("amr").Raw)
		})
	}

	// A user with MFA devices gets them, whatever the signals.
	d := e.browser().startDaVinci()
	d.mustForm(d.submit("SIGNON", map[string]any{"username": "user.sms", "password": emulator.DemoPassword}), "Enter Code")
	assert.Equal(t, "+15555550102", e.inbox("user.sms").Array()[0].Get("to").String())
}

// TestDaVinciProtectStepUpWithAPasskey: a user whose only device is a passkey steps up with it.
func TestDaVinciProtectStepUpWithAPasskey(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) {
		c.Users[8].MFAEnabled = false
		c.Users[8].Devices = c.Users[8].Devices[:1]
	})
	d := e.browser().startDaVinci()
	d.mustSucceed(d.signOn("user.passkey", emulator.DemoPassword))
	d = e.browser().startDaVinci()
	d.mustForm(d.submit("SIGNON", map[string]any{"username": "user.passkey", "password": emulator.DemoPassword}), "Verify With Your Passkey")
	id := idTokenClaims(t, e, d.mustSucceed(d.passkeyOn(t, demoAuthenticator(t, e), e.localOrigin())))
	require.Equal(t, `["pwd","hwk","mfa"]`, id.Get("amr").Raw)
}

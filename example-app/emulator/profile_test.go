package emulator_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func TestProgressiveProfiling(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.profile", "password": emulator.DemoPassword}, "PROFILE_DATA_REQUIRED")
	assert.Equal(t, "Please complete your profile.", resp.json("_embedded.promptText").String())
	assert.JSONEq(t, `[
		{"name":"name.given","displayName":"Given name","required":true},
		{"name":"name.family","displayName":"Family name","required":true},
		{"name":"mobilePhone","displayName":"Mobile phone","required":true}]`, resp.json("_embedded.attributes").Raw)
	assert.True(t, resp.json(`_links.user\.update`).Exists())

	missing := s.act("user.update", map[string]any{"name": map[string]string{"family": "Filer"}})
	requireAPIError(t, missing, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "mobilePhone", detail(missing).Get("target").String(), "given name is already known; the phone is not")
	assert.Equal(t, "REQUIRED_VALUE", detail(missing).Get("code").String())

	invalid := s.act("user.update", map[string]any{"name": map[string]any{"family": 42}, "mobilePhone": "555"})
	requireAPIError(t, invalid, http.StatusBadRequest, "INVALID_DATA")
	targets := []string{}
	for _, d := range invalid.json("details").Array() {
		targets = append(targets, d.Get("target").String())
	}
	assert.Equal(t, []string{"name.family", "mobilePhone"}, targets)
	assert.Equal(t, "PROFILE_DATA_REQUIRED", s.poll().json("status").String())

	s.mustAct("user.update", map[string]any{"name": map[string]string{"family": "Filer"}, "mobilePhone": "+15555550107"}, "COMPLETED")
	info := userinfo(b, e, s.tokens().json("access_token").String())
	assert.Equal(t, "Filer", info.json("family_name").String())
	assert.Equal(t, "+15555550107", info.json("phone_number").String())

	e.browser().signIn("user.profile") // completed profile: the step is skipped from now on
}

func TestAgreement(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.agreement", "password": emulator.DemoPassword}, "AGREEMENT_CONSENT_REQUIRED")
	assert.Equal(t, emulator.DemoAgreementID, resp.json("_embedded.agreement.id").String())
	assert.Contains(t, resp.json("_embedded.agreement.text").String(), "demonstration terms")
	assert.Equal(t, "text/plain", resp.json("_embedded.agreement.contentType").String())
	assert.True(t, resp.json(`_links.user\.consent`).Exists())

	requireAPIError(t, s.act("user.consent", map[string]string{}), http.StatusBadRequest, "INVALID_DATA")
	s.mustAct("user.consent", map[string]bool{"accept": true}, "COMPLETED")
	s.tokens()
	e.browser().signIn("user.agreement") // accepted once, not asked again
}

func TestProfilingAndAgreementSkipWhenSatisfied(t *testing.T) {
	e := newEnv(t)
	s := e.browser().signIn("user.password")
	require.Equal(t, "COMPLETED", s.status())
}

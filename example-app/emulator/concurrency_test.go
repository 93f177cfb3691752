package emulator_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// TestConcurrentSignOns runs complete sign-ons of several kinds in parallel while the janitor
// purges and the inbox is read, for the race detector to inspect.
func TestConcurrentSignOns(t *testing.T) {
	e := startEnv(t, false, []emulator.Option{emulator.WithJanitorInterval(time.Millisecond)},
		func(c *emulator.Config) { c.Users[2].Devices[3].Default = true }) // user.devices: push
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			for n := range 3 {
				b := e.browser()
				switch i % 3 {
				case 0:
					b.signIn("user.password").tokens()
				case 1:
					username := fmt.Sprintf("racer.%d.%d", i, n)
					s := b.start()
					s.mustAct("user.register", map[string]string{"username": username, "email": username + "@example.com", "password": "Fresh-Start42"}, "VERIFICATION_CODE_REQUIRED")
					s.mustAct("user.verify", map[string]string{"verificationCode": e.latestCode(username, "verification")}, "PROFILE_DATA_REQUIRED")
					s.mustAct("user.update", map[string]any{"name": map[string]string{"given": "R", "family": "Acer"}, "mobilePhone": "+15555550100"}, "AGREEMENT_CONSENT_REQUIRED")
					s.mustAct("user.consent", map[string]bool{"accept": true}, "COMPLETED")
					s.tokens()
				case 2:
					s := b.start()
					s.mustAct("usernamePassword.check", map[string]string{"username": "user.devices", "password": emulator.DemoPassword}, "PUSH_CONFIRMATION_REQUIRED")
					s.poll()
				}
				e.inbox("")
			}
		})
	}
	wg.Wait()
	assert.NotEmpty(t, e.inbox("user.devices").Array())
}

// TestFlowsAreCapped shows the memory bound: past settings.maxFlows the flow closest to expiry
// makes room.
func TestFlowsAreCapped(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.MaxFlows = 3 })
	b := e.browser()
	var flows []*signOn
	for range 5 {
		flows = append(flows, b.start())
		e.clock.Advance(time.Second)
	}
	for i, s := range flows {
		want := http.StatusOK
		if i < 2 {
			want = http.StatusNotFound
		}
		assert.Equal(t, want, s.poll().status, "flow %d", i)
	}
}

func TestSessionsAndCodesAreCapped(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) {
		c.Settings.MaxSessions = 2
		c.Settings.MaxTokens = 2
	})
	first := e.browser()
	firstSignOn := first.signIn("user.password")
	firstCode := firstSignOn.resume()
	for range 2 {
		e.clock.Advance(time.Second)
		s := e.browser().signIn("user.password")
		s.resume()
	}
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", first.start().status(), "the oldest session was evicted")
	assert.Equal(t, "invalid_grant", firstSignOn.exchange(firstCode).json("error").String(), "and the oldest code")
}

// TestExpiredFlowsMakeRoomFirst: at the cap, expired flows go before live ones.
func TestExpiredFlowsMakeRoomFirst(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.MaxFlows = 2 })
	b := e.browser()
	old := b.start()
	e.clock.Advance(16 * time.Minute)
	live := b.start()
	e.clock.Advance(time.Second)
	b.start()
	assert.Equal(t, http.StatusNotFound, old.poll().status)
	assert.Equal(t, http.StatusOK, live.poll().status, "the expired flow made room, not the older live one")
}

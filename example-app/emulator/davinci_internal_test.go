package emulator

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEveryButtonHasAnAction draws every screen (for a user with several devices and for one
// with a single device) and checks that the buttons on the forms and the actions in dvActions
// are the same keys, so that no button leads to a 400 and no action is unreachable.
func TestEveryButtonHasAnAction(t *testing.T) {
	cfg := DemoConfig("http://localhost:8080")
	s := &Server{cfg: cfg, base: "http://localhost:8080"}
	for _, u := range []User{cfg.Users[1], cfg.Users[2]} { // user.sms, user.devices
		for screen := range dvScreen(len(screenNodes)) {
			it := &interaction{screen: screen, user: &user{User: u}, notice: "shown", device: u.Devices[0].ID}
			buttons := s.buttons(it)
			slices.Sort(buttons)
			assert.Equal(t, slices.Sorted(maps.Keys(dvActions[screen])), buttons, "screen %d for %s", screen, u.Username)
			form, _ := s.form(it)
			assert.NotEmpty(t, form.Name)
		}
	}
}

// TestNodeIDsAreDistinct: a node id names one form, and the connector nodes differ from them.
func TestNodeIDsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	nodes := append([]string{}, screenNodes[:]...)
	for _, c := range []connector{checkPasswordNode, createUserNode, recoverPasswordNode, resetPasswordNode, verifyUserNode,
		selectDeviceNode, checkOTPNode, pushStatusNode, successNode} {
		nodes = append(nodes, c.node)
	}
	for _, id := range nodes {
		assert.Regexp(t, `^[a-z0-9]{10}$`, id)
		assert.False(t, seen[id], "%s is used twice", id)
		seen[id] = true
	}
}

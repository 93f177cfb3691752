package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoPasswordsSatisfyThePolicy keeps the documented promise that every demo user's
// password would be accepted by the demo password policy (profile-data rule included).
func TestDemoPasswordsSatisfyThePolicy(t *testing.T) {
	cfg := DemoConfig("http://localhost:8080")
	s := &Server{cfg: cfg}
	for _, u := range cfg.Users {
		require.NotEmpty(t, u.Password, u.Username)
		assert.Nil(t, s.checkNewPassword("password", u.Password, &u, nil), u.Username)
	}
}

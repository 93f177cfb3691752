package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJanitorPurgesExpiredState looks inside the store: nothing outside can tell an expired
// entry that is still held from one that was freed, which is the janitor's whole point.
func TestJanitorPurgesExpiredState(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	var mu sync.Mutex
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s, err := New(DemoConfig("http://localhost:8080"), WithClock(clock), WithSigningKey(key), WithJanitorInterval(time.Millisecond))
	require.NoError(t, err)
	defer s.Close()

	s.st.mu.Lock()
	f := s.newFlow(s.apps[DemoClientID], authRequest{policy: s.policies[DemoPolicy]}, clock())
	s.newInteraction(s.apps[DemoDaVinciClientID], authRequest{davinci: s.apps[DemoDaVinciClientID].DaVinciPolicy}, clock())
	s.st.sessions.put("token", &session{expires: clock().Add(time.Hour)}, clock())
	s.st.mu.Unlock()
	count := func() int {
		s.st.mu.Lock()
		defer s.st.mu.Unlock()
		return len(s.st.flows.m) + len(s.st.interactions.m) + len(s.st.sessions.m)
	}
	require.Equal(t, 3, count())
	time.Sleep(20 * time.Millisecond)
	assert.Equal(t, 3, count(), "nothing has expired yet")

	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	assert.Eventually(t, func() bool { return count() == 0 }, 2*time.Second, time.Millisecond, "flow %s, the interaction and the session are purged", f.id)
}

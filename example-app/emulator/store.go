package emulator

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
)

// store holds everything that changes while the emulator runs. One mutex guards all of it:
// each operation is a handful of map lookups, so a single lock is simpler to reason about
// than per-flow locks and is never the bottleneck (RSA signing is; see the load test).
type store struct {
	mu sync.Mutex
	storeState
}

// storeState is the store's content without its lock: Server.Reset swaps it as a whole.
type storeState struct {
	users  map[string]*user // by id
	byName map[string]*user // by lower-case username
	flows  *table[*flow]
	// interactions are DaVinci sign-ons in progress, by interactionId.
	interactions *table[*interaction]
	sessions     *table[*session]      // by ST cookie value
	codes        *table[*authCode]     // by code
	refresh      *table[*refreshToken] // by token
	revoked      *table[revocation]    // by access-token jti
	inbox        *inbox
	// The identity provider round trips: provider codes, the RP side's pending states (by state)
	// and DaVinci continue tokens.
	idpCodes  *table[*idpCode]
	externals *table[*externalAuth]
	continues *table[*continueGrant]
	// challenges are DaVinci cross-device sign-ons waiting for approval, by challenge.
	challenges *table[*phoneChallenge]
	// phantoms count wrong passwords for usernames that do not exist, by lower-case name, so
	// that they answer exactly as a known user's do (failures remaining, then a lockout).
	phantoms *table[*phantom]
}

func newStore(cfg *Config, now time.Time) *store {
	s := &store{storeState: storeState{
		users:        map[string]*user{},
		byName:       map[string]*user{},
		flows:        newTable[*flow](cfg.Settings.MaxFlows),
		interactions: newTable[*interaction](cfg.Settings.MaxInteractions),
		sessions:     newTable[*session](cfg.Settings.MaxSessions),
		codes:        newTable[*authCode](cfg.Settings.MaxTokens),
		refresh:      newTable[*refreshToken](cfg.Settings.MaxTokens),
		revoked:      newTable[revocation](cfg.Settings.MaxTokens),
		inbox:        newInbox(cfg.Settings.MaxInbox),
		idpCodes:     newTable[*idpCode](cfg.Settings.MaxTokens),
		externals:    newTable[*externalAuth](cfg.Settings.MaxFlows),
		continues:    newTable[*continueGrant](cfg.Settings.MaxTokens),
		challenges:   newTable[*phoneChallenge](cfg.Settings.MaxInteractions),
		phantoms:     newTable[*phantom](cfg.Settings.MaxFlows),
	}}
	for _, u := range cfg.Users {
		s.addUser(newUser(u, cfg.PasswordPolicy, now))
	}
	return s
}

func (s *store) addUser(u *user) {
	s.users[u.ID] = u
	s.byName[strings.ToLower(u.Username)] = u
}

func (s *store) userByName(name string) *user {
	return s.byName[strings.ToLower(strings.TrimSpace(name))]
}

// lockout is what counts wrong passwords: a user's, or a phantom's for a name nobody has.
type lockout struct {
	failures    int
	lockedUntil time.Time
}

// phantom is the lockout of a username that does not exist. It is kept while it could still
// matter (until a day after its last failure or the end of its lock), and the table's cap
// bounds how many are kept.
type phantom struct {
	lockout
	until time.Time
}

func (p *phantom) expiry() time.Time { return p.until }

// phantomLockout returns the lockout counted for an unknown username.
func (s *store) phantomLockout(name string, now time.Time) *lockout {
	key := strings.ToLower(strings.TrimSpace(name))
	p, ok := s.phantoms.get(key, now)
	if !ok {
		p = &phantom{}
	}
	p.until = now.Add(24 * time.Hour)
	if p.lockedUntil.After(p.until) {
		p.until = p.lockedUntil
	}
	s.phantoms.put(key, p, now)
	return &p.lockout
}

// purge drops everything that has expired; the janitor calls it so memory follows activity.
func (s *store) purge(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flows.purge(now)
	s.interactions.purge(now)
	s.sessions.purge(now)
	s.codes.purge(now)
	s.refresh.purge(now)
	s.revoked.purge(now)
	s.idpCodes.purge(now)
	s.externals.purge(now)
	s.continues.purge(now)
	s.challenges.purge(now)
	s.phantoms.purge(now)
}

// user is a directory entry as it evolves: passwords change, lockouts come and go, profiles
// fill in, agreements get accepted, and registration adds users.
type user struct {
	User
	lockout
	history    []string // earlier passwords, newest first
	unverified bool     // registered, email not verified yet
	// passkeys are the WebAuthn credentials of the FIDO2 devices, by device id.
	passkeys map[string]*webauthn.Credential
}

func newUser(u User, policy PasswordPolicy, now time.Time) *user {
	u.Devices = slices.Clone(u.Devices)
	u.AcceptedAgreements = slices.Clone(u.AcceptedAgreements)
	u.ExternalIdentities = slices.Clone(u.ExternalIdentities)
	nu := &user{User: u, passkeys: map[string]*webauthn.Credential{}}
	for _, d := range u.Devices {
		if d.Type == DeviceFIDO2 {
			if c, err := credentialOf(d); err == nil { // Config.Validate has checked it
				nu.passkeys[d.ID] = c
			}
		}
	}
	if u.PasswordStatus == PasswordLockedOut {
		nu.lockedUntil = now.Add(seconds(policy.Lockout.DurationSeconds))
	}
	return nu
}

// device returns the user's device with the given id.
func (u *user) device(id string) (Device, bool) {
	i := slices.IndexFunc(u.Devices, func(d Device) bool { return d.ID == id })
	if i < 0 {
		return Device{}, false
	}
	return u.Devices[i], true
}

// session is a PingOne SSO session, named by the ST cookie. It remembers which sign-on
// policies it has satisfied, because SSO only skips a policy the user has already completed.
type session struct {
	id       string
	userID   string
	authTime time.Time
	methods  []string // as flow.methods
	policies map[string]bool
	expires  time.Time
}

func (s *session) expiry() time.Time { return s.expires }

// revocation marks a revoked access token until the token would have expired anyway.
type revocation struct{ expires time.Time }

func (r revocation) expiry() time.Time { return r.expires }

type expiring interface{ expiry() time.Time }

// table is a map whose entries expire and whose size is capped. Expired entries are invisible
// at once and removed by purge; when the cap is reached the entry closest to expiry makes room,
// so a flood of requests degrades the oldest state instead of the process.
type table[V expiring] struct {
	max int
	m   map[string]V
}

func newTable[V expiring](max int) *table[V] { return &table[V]{max: max, m: map[string]V{}} }

func (t *table[V]) get(key string, now time.Time) (V, bool) {
	v, ok := t.m[key]
	if !ok || !now.Before(v.expiry()) {
		var zero V
		return zero, false
	}
	return v, true
}

func (t *table[V]) put(key string, v V, now time.Time) {
	if _, exists := t.m[key]; !exists && len(t.m) >= t.max {
		t.purge(now)
		if len(t.m) >= t.max {
			t.evictSoonest()
		}
	}
	t.m[key] = v
}

func (t *table[V]) delete(key string) { delete(t.m, key) }

func (t *table[V]) purge(now time.Time) {
	for k, v := range t.m {
		if !now.Before(v.expiry()) {
			delete(t.m, k)
		}
	}
}

func (t *table[V]) evictSoonest() {
	var victim string
	var soonest time.Time
	for k, v := range t.m {
		if victim == "" || v.expiry().Before(soonest) {
			victim, soonest = k, v.expiry()
		}
	}
	delete(t.m, victim)
}

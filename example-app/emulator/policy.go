package emulator

import (
	"slices"
	"time"
)

// A sign-on policy is walked in order. Each action either needs the user (it sets the flow's
// status and waits for a Flows API action) or does not apply and is skipped:
//
//   - LOGIN always applies: USERNAME_PASSWORD_REQUIRED, or PASSWORD_REQUIRED when an
//     IDENTIFIER_FIRST action already identified the user.
//   - IDENTIFIER_FIRST always applies: SIGN_ON_REQUIRED.
//   - MULTI_FACTOR_AUTHENTICATION applies when the user has mfaEnabled, and always when no
//     earlier action authenticated the user (identifier-first then MFA is passwordless, so
//     the device is the only credential). Without usable devices it fails the flow with
//     NO_USABLE_DEVICES.
//   - PROGRESSIVE_PROFILING applies when a required attribute is missing.
//   - AGREEMENT applies until the user has accepted that agreement.
//
// Past the last action the flow is COMPLETED. Config validation guarantees the user is
// authenticated by then (see validator.policies).

// advance enters the current policy action, skipping those that do not apply.
func (s *Server) advance(f *flow, now time.Time) {
	for ; f.step < len(f.policy.Actions); f.step++ {
		if s.enter(f, f.policy.Actions[f.step], now) {
			return
		}
	}
	s.complete(f)
}

// next is called when the current action is done.
func (s *Server) next(f *flow, now time.Time) {
	f.step++
	s.advance(f, now)
}

// enter starts action a and reports whether it needs the user.
func (s *Server) enter(f *flow, a PolicyAction, now time.Time) bool {
	switch a.Type {
	case ActionIdentifierFirst:
		f.status = statusSignOnRequired
	case ActionLogin:
		f.status = statusUsernamePasswordRequired
		if f.user != nil {
			f.status = statusPasswordRequired
		}
	case ActionMFA:
		if f.authenticated() && !f.user.MFAEnabled {
			return false
		}
		s.enterMFA(f, now)
	case ActionProgressiveProfile:
		if len(missingAttributes(&f.user.User, a)) == 0 {
			return false
		}
		f.status = statusProfileDataRequired
	case ActionAgreement:
		if slices.Contains(f.user.AcceptedAgreements, a.Agreement.ID) {
			return false
		}
		f.status = statusAgreementRequired
	}
	return true
}

// Package emulator is an in-memory PingOne environment for development and tests: the
// OpenID Connect authorization server (/as/*), the Flows API with sign-on policies, DaVinci
// flows (authorize in pi.flow mode, then capability calls), resume, tokens, PingOne's error
// bodies, the ST session cookie and its CORS rules, plus development endpoints under
// /_emulator/ that show the codes it "sends" and answer push notifications. It is also a
// WebAuthn relying party (FIDO2 devices: ASSERTION_REQUIRED in the Flows API, FIDO2 components
// in DaVinci, verified with github.com/go-webauthn/webauthn), plays external OpenID Connect
// identity providers itself under /_emulator/idp/ (social sign-on, identifier-first discovery,
// account linking and confirmation, DaVinci's continueToken), evaluates PingOne Protect signals
// by their shape, and runs cross-device challenges approved from the inbox.
//
// It shares no code with the pingflow engine (flowcore): the two agree through the wire
// format alone, so each can catch the other's mistakes. See README.md for the demo
// environment's fixed ids and users, the routes and what is simplified.
//
//	srv, err := emulator.New(emulator.DemoConfig(base), emulator.WithBaseURL(base))
//	if err != nil { ... }
//	defer srv.Close()
//	http.ListenAndServe(addr, srv)
package emulator

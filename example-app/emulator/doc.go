// Package emulator is an in-memory PingOne environment for development and tests: the
// OpenID Connect authorization server (/as/*), the Flows API with sign-on policies, DaVinci
// flows (authorize in pi.flow mode, then capability calls), resume, tokens, PingOne's error
// bodies, the ST session cookie and its CORS rules, plus development endpoints under
// /_emulator/ that show the codes it "sends" and answer push notifications.
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

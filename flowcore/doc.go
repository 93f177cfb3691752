// Package flowcore is pingflow's PingOne sign-on engine. It speaks the authorization server's
// authorize and token endpoints, PKCE and resume, and two ways of signing on between them: the
// Flows API (statuses, actions and their media types) and DaVinci flows (forms and capability
// calls, reference §7). It performs no I/O of its own.
//
// # The contract
//
// The engine turns server responses into states, and states plus user input into descriptions of
// requests. A driver (the JavaScript bridge in a browser, a net/http loop in Go tests) performs each
// request and feeds the response back, and performs what only a browser can (a WebAuthn ceremony,
// PingOne Protect signals, a visit to an identity provider) and feeds its result back:
//
//	eff, err := eng.Start()            // Fetch: GET {authPath}/{envId}/as/authorize?...&response_mode=pi.flow
//	for err == nil {
//		switch eff.Kind {
//		case flowcore.EffectFetch:    eff, err = eng.Receive(do(eff.Request))
//		case flowcore.EffectWait:     sleep(eff.Delay()); eff, err = eng.Poll()
//		case flowcore.EffectShow:     action, input := render(eff.Step); eff, err = eng.Submit(action, input)
//		case flowcore.EffectCeremony:
//			if eff.Ceremony.Kind == flowcore.CeremonyNavigate {
//				save(eng.Snapshot()); navigate(eff.Ceremony.URL); return // then Restore and HandleRedirect
//			}
//			eff, err = eng.Resolve(perform(eff.Ceremony)) // navigator.credentials, Protect signals
//		case flowcore.EffectVerify:   eff, err = eng.Resolve(verify(eff.Verify)) // crypto.subtle.verify
//		case flowcore.EffectRedirect: navigate(eff.URL); return
//		case flowcore.EffectDone:     return eff.Tokens
//		case flowcore.EffectFail:     return eff.Error
//		}
//	}
//
// After the token response the engine checks the ID token's signature without cryptography of
// its own: it fetches the environment's JWKS (purpose jwks; the keys are cached in the engine,
// never in a snapshot, and fetched again once when a token's kid is not among them; while it holds
// none, the token request's Effect.Ahead offers that read so a host can send both at once), then asks
// the host for the check with an EffectVerify {alg, jwk, signingInput, signature}: RS256 or ES256
// only (none, HS256 and any other alg fail at once). The host verifies with WebCrypto and
// answers through Resolve with CeremonyResult{Valid: true}; anything else fails with
// id_token_invalid, class protocol (the code is spent: start again). Refresh runs the
// refresh_token grant through the same checks.
//
// Both protocols give the page the same Step: a stable Key for what is on screen, actions with
// roles (primary, resend, passkey, social...), fields with their checks, devices with stable keys,
// and the last error with per-field messages. A page never needs a PingOne status or action name
// to draw it.
//
// Results are values: a wrong password is a Show effect of the same step with its Error set; a
// network failure, an expired flow or a server that answers nonsense is a Fail effect whose Error has a
// stable Code and a Class the caller can act on; a ceremony the browser could not perform is an
// error on the step too. A Go error is returned only for misuse (calling Submit with an action the
// step does not offer, Receive with no request pending, Resolve with no ceremony waiting, a bad
// snapshot).
//
// A Fail effect never changes the engine's state: the request that failed is still pending, so the
// driver may Retry it, Start again, or give up. Time and randomness are inputs (Options.Now and
// Options.Rand), so a test can replay a transcript exactly.
package flowcore

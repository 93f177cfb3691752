// Package flowcore is pingflow's PingOne sign-on engine. It knows the authorization server's
// authorize and token endpoints, the Flows API (statuses, actions and their media types), the
// resume endpoint and PKCE, and it performs no I/O of its own.
//
// # The contract
//
// The engine turns server responses into states, and states plus user input into descriptions of
// requests. A driver (the JavaScript bridge in a browser, a net/http loop in Go tests) performs each
// request and feeds the response back:
//
//	eff, err := eng.Start()            // Fetch: GET {authPath}/{envId}/as/authorize?...&response_mode=pi.flow
//	for err == nil {
//		switch eff.Kind {
//		case flowcore.EffectFetch:    eff, err = eng.Receive(do(eff.Request))
//		case flowcore.EffectWait:     sleep(eff.Delay()); eff, err = eng.Poll()
//		case flowcore.EffectShow:     action, input := render(eff.Step); eff, err = eng.Submit(action, input)
//		case flowcore.EffectRedirect: navigate(eff.URL); return
//		case flowcore.EffectDone:     return eff.Tokens
//		case flowcore.EffectFail:     return eff.Error
//		}
//	}
//
// Results are values: a wrong password is a Show effect of the same step with its Error set; a
// network failure, an expired flow or a server that answers nonsense is a Fail effect whose Error has a
// stable Code and a Class the caller can act on. A Go error is returned only for misuse (calling
// Submit with an action the step does not offer, Receive with no request pending, a bad snapshot).
//
// A Fail effect never changes the engine's state: the request that failed is still pending, so the
// driver may Retry it, Start again, or give up. Time and randomness are inputs (Options.Now and
// Options.Rand), so a test can replay a transcript exactly.
package flowcore

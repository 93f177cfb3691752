package flowcore

import "testing"

// BenchmarkReceiveFlow is the engine's cost per step: receiving a typical flow response (OTP
// required, three devices) and building the Step a page renders.
func BenchmarkReceiveFlow(b *testing.B) { benchReceive(b, "otp-required-email") }

// benchReceive receives the fixture's response and builds its Step, from the same started
// engine each time.
func benchReceive(b *testing.B, name string) {
	body := fixture(b, name)
	e := started(b)
	b.SetBytes(int64(len(body)))
	fromSnapshot(b, e, func() {
		eff, _ := e.Receive(ok200(body))
		if eff.Kind != EffectShow {
			b.Fatal(eff.Kind)
		}
	})
}

// fromSnapshot times step b.N times, each from the engine's state now (restored, untimed,
// before each).
func fromSnapshot(b *testing.B, e *Engine, step func()) {
	snap, err := e.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_ = e.Restore(snap)
		b.StartTimer()
		step()
	}
}

// BenchmarkSubmit is the cost of turning input into a request description.
func BenchmarkSubmit(b *testing.B) {
	e := started(b)
	_, _ = e.Receive(ok200(fixture(b, "username-password-required")))
	in := map[string]any{"username": "ava.patel", "password": "2Federate!"}
	fromSnapshot(b, e, func() {
		if _, err := e.Submit("usernamePassword.check", in); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSnapshot is the cost of the snapshot a page stores after every step.
func BenchmarkSnapshot(b *testing.B) {
	e := started(b)
	_, _ = e.Receive(ok200(fixture(b, "otp-required-email")))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiveDaVinciForm is the per-step cost on DaVinci: a sign-on form with a passkey,
// a social button and flow buttons, decoded and turned into its Step.
func BenchmarkReceiveDaVinciForm(b *testing.B) { benchReceive(b, "davinci-passkey-signon") }

// BenchmarkPasskey is a passkey sign-in's engine work: starting the ceremony (the options made
// WebAuthn JSON) and turning the credential into DaVinci's capability call.
func BenchmarkPasskey(b *testing.B) {
	e, _ := onForm(b, "davinci-passkey-signon")
	res := CeremonyResult{Credential: []byte(testAssertion), Origin: testOrigin}
	fromSnapshot(b, e, func() {
		if _, err := e.Submit("passkey", nil); err != nil {
			b.Fatal(err)
		}
		if eff, err := e.Resolve(res); err != nil || eff.Kind != EffectFetch {
			b.Fatal(err, eff.Kind)
		}
	})
}

// BenchmarkToken is the end of a sign-on: the token response read and its ID token's claims
// checked, then the JWKS read and the token's key found (the signature check is the host's).
func BenchmarkToken(b *testing.B) {
	e := atToken(b)
	body := fill(e, fixture(b, "token"))
	fromSnapshot(b, e, func() {
		eff, _ := e.Receive(ok200(body))
		if eff.Kind != EffectFetch || eff.Request.Purpose != PurposeJWKS {
			b.Fatal(eff.Kind)
		}
		if eff, _ = e.Receive(ok200(testJWKS)); eff.Kind != EffectVerify {
			b.Fatal(eff.Kind)
		}
	})
}

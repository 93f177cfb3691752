package emulator

import (
	_ "embed"
	"encoding/base64"
	"net/http"
	"regexp"
)

// PingOne Protect, as far as the built-in DaVinci flow needs it. The sign-on form carries a
// PROTECT component (reference §7.7); the client puts the signals its Protect SDK collected
// (Ping's Signals SDK getData()) in formData.protect, and a risk evaluation reads them:
//
//   - well-formed signals: low risk, no step-up;
//   - missing (absent or "") or malformed signals: medium risk, the sign-on steps up to a second
//     factor: the user's MFA devices, or for a user without any, a code to their email address.
//
// The emulator cannot evaluate real signals, so it only checks their shape, the shape of the
// Signals SDK's opaque payload: 32 to 16384 characters of the base64 / base64url alphabet, in one
// or more segments separated by dots (padding "=" allowed). ProtectExample is such a value.

// protectKey is the key of the sign-on form's PROTECT component.
const protectKey = "protect"

// ProtectExample is a well-formed Protect signals value, for tests and demo pages without Ping's
// Signals SDK (also in GET /_emulator/demo).
var ProtectExample = base64.RawURLEncoding.EncodeToString([]byte(`{"sdk":"pingflow-demo","collected":["device","behavior"],"version":1}`))

// ProtectRule says in words which signals the emulator accepts.
const ProtectRule = "formData.protect must be 32 to 16384 characters of the base64 or base64url alphabet, optionally in dot-separated segments; missing or anything else steps the sign-on up to a second factor"

var signalsPattern = regexp.MustCompile(`^[A-Za-z0-9+/_-]+={0,2}(\.[A-Za-z0-9+/_-]+={0,2})*$`)

// lowRisk is the risk evaluation: true for well-formed signals.
func lowRisk(signals string) bool {
	return len(signals) >= 32 && len(signals) <= 16384 && signalsPattern.MatchString(signals)
}

// protectField is the sign-on form's PROTECT component: behavioral data and device
// identification both on.
func protectField() dvField {
	on := true
	return dvField{Type: "PROTECT", Key: protectKey, BehavioralDataCollection: &on, UniversalDeviceIdentification: &on}
}

//go:embed signals.js
var signalsJS []byte

// signalsSDK serves a stand-in for Ping's Signals SDK (window._pingOneSignals: init, getData), so
// a page can pass real, browser-collected signals through its protect option offline. Its payload
// is well-formed by ProtectRule; it is not Ping's SDK and scores nothing.
func (s *Server) signalsSDK(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(signalsJS)
}

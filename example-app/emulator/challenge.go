package emulator

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Cross-device sign-on in the built-in DaVinci flow ("Sign in with your phone", reference §7.8).
// The sign-on form's PHONE flow button asks for a username; the next form shows a QR code (for
// the phone) and a POLLING component with pollChallengeStatus and a challenge. The client polls
//
//	POST {base}/{envId}/davinci/user/credentials/challenge/{challenge}/status   (body {}, header interactionId)
//
// which answers {"isChallengeComplete": false, "status": "pending"} until the request is approved
// or denied in the inbox (kind "challenge"; the /_emulator/ page or POST
// /_emulator/challenge/{entryId}/approve|deny), then {"isChallengeComplete": true, "status":
// "approved"|"denied"}; an expired (or withdrawn) challenge is a 400 with serviceName
// "challengeExpired", an unknown one (or another interaction's) a 400 with code 4019. The client
// then sends the form's eventType "polling": approved signs the user on (amr swk), denied and
// expired end the flow (CHALLENGE_DENIED, CHALLENGE_EXPIRED). An unknown username gets the same
// form, which nobody can approve.

// challengePollKey is the key of the challenge form's POLLING component.
const challengePollKey = "challengePoll"

// kindChallenge is the inbox kind of a cross-device sign-on request.
const kindChallenge = "challenge"

var checkChallengeNode = connector{"n7vc4pk2xs", mfaConnection, "pingOneMfaConnector", "checkChallengeStatus"}

// phoneChallenge is a cross-device challenge: the interaction it signs on and its inbox entry.
type phoneChallenge struct {
	interactionID string
	userID        string // "" for an unknown username
	entryID       string
	expires       time.Time
}

// expiry keeps a challenge after it expires, so that its status can say so.
func (c *phoneChallenge) expiry() time.Time { return c.expires.Add(15 * time.Minute) }

// phoneSubmit is the phone form's SUBMIT: a challenge for the username, and its inbox entry.
func (s *Server) phoneSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("username"); blank != nil {
		return fieldError(checkChallengeNode, blank...)
	}
	u := s.st.userByName(in.str("username"))
	c := &phoneChallenge{interactionID: it.id, expires: now.Add(seconds(s.cfg.Settings.ChallengeTimeoutSeconds))}
	if u != nil {
		c.userID = u.ID
		c.entryID = s.st.inbox.add(inboxEntry{Username: u.Username, Kind: kindChallenge, Status: pushPending, expires: c.expires}, now).ID
	}
	s.dropChallenge(it)
	it.challenge, it.challengeEntry = newSecret(), c.entryID
	s.st.challenges.put(it.challenge, c, now)
	it.prefill = in.str("username")
	it.screen = screenChallenge
	return nil
}

// dropChallenge withdraws the interaction's challenge, if any.
func (s *Server) dropChallenge(it *interaction) {
	s.withdrawPush(it.challengeEntry)
	s.st.challenges.delete(it.challenge)
	it.challenge, it.challengeEntry = "", ""
}

// challengeBack leaves the challenge form for the sign-on form.
func (s *Server) challengeBack(it *interaction, _ formData, _ time.Time) *dvError {
	s.dropChallenge(it)
	it.screen, it.notice = screenSignOn, ""
	return nil
}

// challengeState is where challenge c stands: pushPending, pushApproved, pushDenied, or
// pushTimedOut (expired or withdrawn).
func (s *Server) challengeState(c *phoneChallenge, now time.Time) string {
	e := s.st.inbox.byID(c.entryID)
	switch {
	case e != nil && (e.Status == pushApproved || e.Status == pushDenied):
		return e.Status
	case !now.Before(c.expires) || (e != nil && e.Status != pushPending) || (e == nil && c.entryID != ""):
		if e != nil && e.Status == pushPending {
			e.Status = pushTimedOut
		}
		return pushTimedOut
	}
	return pushPending
}

// challengeStatus serves POST /{envId}/davinci/user/credentials/challenge/{challenge}/status.
func (s *Server) challengeStatus(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	s.st.mu.Lock()
	c, ok := s.st.challenges.get(r.PathValue("challenge"), now)
	var state string
	if ok && c.interactionID == r.Header.Get("interactionId") {
		state = s.challengeState(c, now)
	}
	s.st.mu.Unlock()
	switch state {
	case "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 4019, "message": "The challenge is not valid for this interaction.",
			"serviceName": "challengeStatus", "httpResponseCode": http.StatusBadRequest})
	case pushTimedOut:
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 4020, "message": "The challenge has expired.",
			"serviceName": "challengeExpired", "httpResponseCode": http.StatusBadRequest})
	case pushPending:
		writeJSON(w, http.StatusOK, map[string]any{"isChallengeComplete": false, "status": "pending"})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"isChallengeComplete": true, "status": strings.ToLower(state)})
	}
}

// pollChallenge answers the challenge form's polling request: still pending (keep polling), or
// the outcome.
func (s *Server) pollChallenge(it *interaction, now time.Time) (pending bool) {
	c, ok := s.st.challenges.get(it.challenge, now)
	state := pushTimedOut
	if ok {
		state = s.challengeState(c, now)
	}
	switch state {
	case pushPending:
		return true
	case pushApproved:
		it.user = s.st.users[c.userID]
		it.authenticated("swk")
		it.done = true
	case pushDenied:
		s.failInteraction(it, checkChallengeNode, "CHALLENGE_DENIED", "The sign-on request was denied on the phone.")
	default:
		s.failInteraction(it, checkChallengeNode, "CHALLENGE_EXPIRED", "The sign-on request was not approved in time.")
	}
	s.st.challenges.delete(it.challenge)
	return false
}

// phoneForm draws the phone form and the challenge form.
func (s *Server) phoneForm(it *interaction, f *dvForm, values map[string]any) []dvField {
	if it.screen == screenPhone {
		f.Name, f.Description = "Sign In With Your Phone", "Enter your username and we will send a sign-on request to your phone."
		values["username"] = it.prefill
		return []dvField{textField("username", "Username"), submit("SUBMIT", "Send request"), flowButton("BACK", "Back to sign on")}
	}
	f.Name, f.Description = "Approve On Your Phone", "Scan the code with your phone, or approve the request in the emulator's inbox."
	approve := s.base + "/_emulator/?" + url.Values{"username": {it.prefill}}.Encode()
	timeout := s.cfg.Settings.ChallengeTimeoutSeconds
	return []dvField{
		label("challengeMessage", "We sent a sign-on request to your phone. Approve it there to continue."),
		{Type: "QR_CODE", Key: "qr", Content: qrPicture(approve), FallbackText: "Open " + approve + " on your phone."},
		{Type: "POLLING", Key: challengePollKey, PollInterval: pollInterval, PollRetries: timeout*1000/pollInterval + 2,
			PollChallengeStatus: true, Challenge: it.challenge},
		flowButton("BACK", "Use another way to sign on"),
	}
}

// qrPicture is a QR-code-like picture of text as a data:image/svg+xml URL: the three finder
// patterns and modules drawn from the text's hash, one path of horizontal runs. It is not a
// scannable QR code (the emulator has no QR encoder); the form's fallbackText carries the address.
func qrPicture(text string) string {
	const n = 25
	dark := func(x, y int) bool {
		for _, c := range [][2]int{{0, 0}, {n - 7, 0}, {0, n - 7}} {
			dx, dy := x-c[0], y-c[1]
			if dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7 { // the finder and its white separator
				return max(abs(dx-3), abs(dy-3)) < 4 && max(abs(dx-3), abs(dy-3)) != 2
			}
		}
		h := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%d", text, x, y))
		return h[0]&1 == 1
	}
	var d strings.Builder
	for y := range n {
		for x := 0; x < n; {
			if !dark(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && dark(x+run, y) {
				run++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 %d %d"><rect x="-2" y="-2" width="%d" height="%d" fill="#fff"/><path d="%s"/></svg>`,
		n+4, n+4, n+4, n+4, d.String())
	return "data:image/svg+xml," + url.PathEscape(svg)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

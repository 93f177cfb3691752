package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// challengeForm goes from the sign-on form to the challenge form for username.
func challengeForm(t *testing.T, e *env, username string) *davinci {
	t.Helper()
	d := e.browser().startDaVinci()
	r := d.mustForm(d.action("PHONE"), "Sign In With Your Phone")
	assert.Equal(t, []string{"TEXT username", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON BACK"}, fields(r))
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"username": ""}), "checkChallengeStatus", "REQUIRED_VALUE", "username")
	d.mustForm(d.submit("SUBMIT", map[string]any{"username": username}), "Approve On Your Phone")
	return d
}

// status asks for the challenge's status as davinci-client does: the origin of _links.self, the
// interactionId header, an empty body.
func (d *davinci) status(interactionID string) response {
	d.b.t.Helper()
	self, err := url.Parse(d.node.json("_links.self.href").String())
	require.NoError(d.b.t, err)
	challenge := field(d.node, "challengePoll").Get("challenge").String()
	return d.b.do(http.MethodPost, self.Scheme+"://"+self.Host+"/"+emulator.DemoEnvironmentID+"/davinci/user/credentials/challenge/"+challenge+"/status",
		strings.NewReader("{}"), "Content-Type", "application/json", "interactionId", interactionID)
}

func (d *davinci) pollChallenge(value string) response {
	d.b.t.Helper()
	return d.send(d.body("polling", "", map[string]any{"challengePoll": value}))
}

func challengeEntry(t *testing.T, e *env, username string) gjson.Result {
	t.Helper()
	for _, entry := range e.inbox(username).Array() {
		if entry.Get("kind").String() == "challenge" {
			return entry
		}
	}
	t.Fatalf("no challenge for %s", username)
	return gjson.Result{}
}

func TestDaVinciChallengeApproved(t *testing.T) {
	e := newEnv(t)
	d := challengeForm(t, e, "user.password")
	r := d.node
	assert.Equal(t, []string{"LABEL challengeMessage", "QR_CODE qr", "POLLING challengePoll", "FLOW_BUTTON BACK"}, fields(r))
	poll := field(r, "challengePoll")
	assert.True(t, poll.Get("pollChallengeStatus").Bool())
	assert.NotEmpty(t, poll.Get("challenge").String())
	assert.EqualValues(t, 2000, poll.Get("pollInterval").Int())
	assert.EqualValues(t, 62, poll.Get("pollRetries").Int(), "enough to outlast the 120 s challenge")
	qr := field(r, "qr")
	assert.True(t, strings.HasPrefix(qr.Get("content").String(), "data:image/svg+xml,"))
	assert.Contains(t, qr.Get("fallbackText").String(), "/_emulator/?username=user.password")
	assert.Equal(t, r.json("_links.next.href").String(), r.json("_links.self.href").String(), "davinci-client needs _links.self")

	status := d.status(d.id)
	require.Equal(t, http.StatusOK, status.status, string(status.body))
	assert.JSONEq(t, `{"isChallengeComplete": false, "status": "pending"}`, string(status.body))
	assert.Equal(t, "rewindStateToLastRenderedUI", d.pollChallenge("").json("eventName").String(), "still pending: keep polling")

	entry := challengeEntry(t, e, "user.password")
	assert.Equal(t, "PENDING", entry.Get("status").String())
	approved := e.browser().do(http.MethodPost, e.base+"/_emulator/challenge/"+entry.Get("id").String()+"/approve", nil)
	require.Equal(t, http.StatusOK, approved.status, string(approved.body))
	assert.Equal(t, "APPROVED", approved.json("status").String())
	assert.Equal(t, http.StatusNotFound, e.browser().do(http.MethodPost, e.base+"/_emulator/push/"+entry.Get("id").String()+"/approve", nil).status,
		"a challenge is not a push")

	assert.JSONEq(t, `{"isChallengeComplete": true, "status": "approved"}`, string(d.status(d.id).body))
	id := idTokenClaims(t, e, d.mustSucceed(d.pollChallenge("approved")))
	assert.Equal(t, "user.password", id.Get("preferred_username").String())
	assert.Equal(t, `["swk"]`, id.Get("amr").Raw)
}

func TestDaVinciChallengeDeniedExpiredAndWithdrawn(t *testing.T) {
	e := newEnv(t)
	d := challengeForm(t, e, "user.sms")
	page := e.browser().postForm(e.base+"/_emulator/challenge/"+challengeEntry(t, e, "user.sms").Get("id").String()+"/deny", url.Values{})
	assert.Equal(t, http.StatusSeeOther, page.status, "the inbox page's form")
	assert.JSONEq(t, `{"isChallengeComplete": true, "status": "denied"}`, string(d.status(d.id).body))
	r := d.pollChallenge("denied")
	assert.Equal(t, "FAILED", r.json("status").String())
	assert.Equal(t, "CHALLENGE_DENIED", r.json("error.code").String())

	d = challengeForm(t, e, "user.devices")
	bad := d.status(emulator.DemoClientID)
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.EqualValues(t, 4019, bad.json("code").Int(), "another interaction's challenge")
	e.clock.Advance(121 * time.Second)
	expired := d.status(d.id)
	assert.Equal(t, http.StatusBadRequest, expired.status)
	assert.Equal(t, "challengeExpired", expired.json("serviceName").String())
	assert.Equal(t, "TIMED_OUT", challengeEntry(t, e, "user.devices").Get("status").String())
	r = d.pollChallenge("expired")
	assert.Equal(t, "CHALLENGE_EXPIRED", r.json("error.code").String())

	d = challengeForm(t, e, "user.expired")
	entry := challengeEntry(t, e, "user.expired").Get("id").String()
	d.mustForm(d.action("BACK"), "Sign On")
	assert.Equal(t, "CANCELED", challengeEntry(t, e, "user.expired").Get("status").String())
	assert.Equal(t, http.StatusConflict, e.browser().do(http.MethodPost, e.base+"/_emulator/challenge/"+entry+"/approve", nil).status)

	// An unknown username gets the same form, which nobody can approve.
	d = challengeForm(t, e, "nobody")
	assert.JSONEq(t, `{"isChallengeComplete": false, "status": "pending"}`, string(d.status(d.id).body))
	assert.Empty(t, e.inbox("nobody").Array())
}

func TestInboxPageOffersChallenges(t *testing.T) {
	e := newEnv(t)
	challengeForm(t, e, "user.password")
	body := string(e.browser().get(e.base + "/_emulator/?username=user.password").body)
	id := challengeEntry(t, e, "user.password").Get("id").String()
	assert.Contains(t, body, `action="/_emulator/challenge/`+id+`/approve"`)
	assert.Contains(t, body, `action="/_emulator/challenge/`+id+`/deny"`)
}

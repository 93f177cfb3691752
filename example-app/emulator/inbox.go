package emulator

import (
	"net/http"
	"strings"
	"time"
)

// The inbox stands in for the user's phone and mailbox: every code the emulator "sends" and
// every push it "notifies" is recorded here, for a person (the /_emulator/ page) or a test
// (GET /_emulator/inbox) to read, and pushes are answered here.

// Inbox entry kinds.
const (
	kindOTP          = "otp"
	kindRecovery     = "recovery"
	kindVerification = "verification"
	kindPush         = "push"
)

// Push entry statuses.
const (
	pushPending  = "PENDING"
	pushApproved = "APPROVED"
	pushDenied   = "DENIED"
	pushTimedOut = "TIMED_OUT"
	pushCanceled = "CANCELED"
)

type inboxEntry struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Kind     string `json:"kind"`
	Code     string `json:"code"`
	DeviceID string `json:"deviceId"`
	To       string `json:"to,omitempty"`
	At       string `json:"at"`
	Status   string `json:"status,omitempty"` // pushes and challenges only
	flowID   string
	expires  time.Time // pushes and challenges only
}

// inbox keeps the newest entries, up to max.
type inbox struct {
	max     int
	entries []*inboxEntry // oldest first
}

func newInbox(max int) *inbox { return &inbox{max: max} }

func (b *inbox) add(e inboxEntry, now time.Time) *inboxEntry {
	e.ID, e.At = newID(), timestamp(now)
	b.entries = append(b.entries, &e)
	if len(b.entries) > b.max {
		b.entries = append(b.entries[:0:0], b.entries[len(b.entries)-b.max:]...)
	}
	return &e
}

func (b *inbox) byID(id string) *inboxEntry {
	for _, e := range b.entries {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// list returns copies of the entries for username (all if empty), newest first. A push nobody
// polled for is shown as timed out once its time has passed.
func (b *inbox) list(username string, now time.Time) []inboxEntry {
	out := []inboxEntry{}
	for i := len(b.entries) - 1; i >= 0; i-- {
		e := *b.entries[i]
		if username != "" && !strings.EqualFold(e.Username, username) {
			continue
		}
		if e.Status == pushPending && !now.Before(e.expires) {
			e.Status = pushTimedOut
		}
		out = append(out, e)
	}
	return out
}

// inboxList serves GET /_emulator/inbox[?username=].
func (s *Server) inboxList(w http.ResponseWriter, r *http.Request) {
	s.st.mu.Lock()
	entries := s.st.inbox.list(r.URL.Query().Get("username"), s.now())
	s.st.mu.Unlock()
	writeJSON(w, http.StatusOK, entries)
}

// decision serves POST /_emulator/push/{id}/approve and /deny (kind push), and the same for
// cross-device sign-on requests under /_emulator/challenge/{id}/ (kind challenge). The flow moves
// on at once; the browser sees it on its next poll. HTML forms (from the /_emulator/ page) are
// sent back to the page; other callers get the updated entry as JSON.
func (s *Server) decision(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.decide(w, r, kind) }
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request, kind string) {
	decision := map[string]string{"approve": pushApproved, "deny": pushDenied}[r.PathValue("decision")]
	if decision == "" {
		writeAPIError(w, notFound())
		return
	}
	now := s.now()
	s.st.mu.Lock()
	e := s.st.inbox.byID(r.PathValue("id"))
	if e == nil || e.Kind != kind {
		s.st.mu.Unlock()
		writeAPIError(w, notFound())
		return
	}
	if e.Status == pushPending && !now.Before(e.expires) {
		e.Status = pushTimedOut // too late to answer, as on a real phone
	}
	if e.Status != pushPending {
		status := e.Status
		s.st.mu.Unlock()
		writeAPIError(w, &apiError{status: http.StatusConflict, Code: "REQUEST_FAILED", Message: "The " + kind + " is no longer pending (" + status + ")."})
		return
	}
	e.Status = decision
	if f, ok := s.st.flows.get(e.flowID, now); ok {
		s.refresh(f, now)
	}
	entry := *e
	s.st.mu.Unlock()

	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		http.Redirect(w, r, "/_emulator/", http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusOK, entry)
}

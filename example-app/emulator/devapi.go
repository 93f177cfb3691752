package emulator

import (
	_ "embed"
	"html/template"
	"net/http"
)

// DemoInfo is what GET /_emulator/demo returns: where the environment is and whom to sign in
// as. Pages and tests read it instead of hard-coding ids.
type DemoInfo struct {
	AuthPath string     `json:"authPath"`
	EnvID    string     `json:"envId"`
	Apps     []DemoApp  `json:"apps"`
	Users    []DemoUser `json:"users"`
}

// DemoApp describes an application. Kind is "flows" for applications driven by sign-on
// policies through the Flows API, "davinci" for applications with a DaVinci flow policy.
// Policy is the default policy; Policies are all the values acr_values can pick (a DaVinci
// policy is picked by its id).
type DemoApp struct {
	ClientID     string   `json:"clientId"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`
	RedirectURIs []string `json:"redirectUris"`
	Policy       string   `json:"policy"`
	Policies     []string `json:"policies"`
}

// DemoUser is a configured user with their current password (which changes if a scenario
// resets it) and what signing in as them shows.
type DemoUser struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	Scenario  string `json:"scenario"`
	AcrValues string `json:"acrValues,omitempty"`
}

// Demo describes the environment as GET /_emulator/demo does.
func (s *Server) Demo() DemoInfo {
	info := DemoInfo{AuthPath: s.base, EnvID: s.cfg.Environment.ID, Apps: []DemoApp{}, Users: []DemoUser{}}
	for _, a := range s.cfg.Applications {
		app := DemoApp{ClientID: a.ID, Name: a.Name, Kind: "flows", RedirectURIs: a.RedirectURIs, Policies: a.SignOnPolicies}
		if a.DaVinciPolicy != nil {
			app.Kind, app.Policies = "davinci", []string{a.DaVinciPolicy.ID}
		}
		app.Policy = app.Policies[0]
		info.Apps = append(info.Apps, app)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	for _, configured := range s.cfg.Users {
		u := s.st.users[configured.ID]
		info.Users = append(info.Users, DemoUser{Username: u.Username, Password: u.Password, Scenario: u.Scenario, AcrValues: u.AcrValues})
	}
	return info
}

func (s *Server) demo(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.Demo()) }

// reset serves POST /_emulator/reset (see Server.Reset).
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

//go:embed inbox.html
var inboxHTML string

var inboxTemplate = template.Must(template.New("inbox").Parse(inboxHTML))

// inboxPage serves GET /_emulator/: the inbox for people, with approve and deny buttons for
// pending pushes. It is plain HTML forms (no script); reload it to see new entries.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) {
	username := r.URL.Query().Get("username")
	s.st.mu.Lock()
	entries := s.st.inbox.list(username, s.now())
	s.st.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	inboxTemplate.Execute(w, map[string]any{"Entries": entries, "Username": username, "Pending": pushPending, "Demo": s.Demo()})
}

// terms serves GET /_emulator/terms, the page the DaVinci registration form's terms link opens.
func (s *Server) terms(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<!doctype html><title>Terms of use</title><h1>Terms of use</h1>\n" +
		"<p>These are demonstration terms of the PingOne emulator. Accepting them creates an account in its memory, " +
		"which lasts until it restarts or is reset.</p>\n"))
}

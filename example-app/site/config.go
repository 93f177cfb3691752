package site

import (
	"encoding/json"
	"net/http"
)

// pageConfig is /config.json (the demo app's) and /signon/config.json (the sign-on page's): the
// keys createClient takes, plus the page's own (restartUrl, inboxUrl).
type pageConfig struct {
	AuthPath    string `json:"authPath"`
	EnvID       string `json:"envId"`
	ClientID    string `json:"clientId"`
	RedirectURI string `json:"redirectUri"`
	Scope       string `json:"scope"`
	WasmURL     string `json:"wasmUrl,omitempty"`
	// RestartURL is where the sign-on page sends a person whose redirected flow has expired:
	// the application, which starts a new one.
	RestartURL string `json:"restartUrl"`
	// PostLogoutRedirectURI is where signoff returns to.
	PostLogoutRedirectURI string `json:"postLogoutRedirectUri"`
	InboxURL              string `json:"inboxUrl,omitempty"`
	// DaVinciClientID is the demo's DaVinci application (the SPA's "Sign in with DaVinci"); the
	// sign-on card ignores it.
	DaVinciClientID string `json:"davinciClientId,omitempty"`
}

func (s *Site) pageConfig() pageConfig {
	return pageConfig{
		AuthPath: s.cfg.AuthPath, EnvID: s.cfg.EnvID, ClientID: s.cfg.ClientID,
		RedirectURI: s.cfg.PublicURL + "/callback", Scope: s.cfg.Scope,
		WasmURL:    s.ModuleURL(),
		RestartURL: s.cfg.PublicURL + "/", PostLogoutRedirectURI: s.cfg.PublicURL + "/",
		InboxURL: s.cfg.InboxURL, DaVinciClientID: s.cfg.DaVinciClientID,
	}
}

func (s *Site) configJSON(w http.ResponseWriter, r *http.Request) {
	body, err := json.MarshalIndent(s.pageConfig(), "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	a := newAsset(append(body, '\n'), "application/json")
	serveAsset(w, r, a, cacheRevalidate)
}

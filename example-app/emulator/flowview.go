package emulator

import (
	"cmp"
	"net/url"
	"strings"
)

// flowView is the flow resource as PingOne returns it from authorize (pi.flow), the Flows API
// and resume. It is built with the store locked and encoded after the lock is released.
type flowView struct {
	Links             map[string]link    `json:"_links"`
	Embedded          embedded           `json:"_embedded"`
	ID                string             `json:"id"`
	Environment       ref                `json:"environment"`
	Session           *ref               `json:"session,omitempty"`
	ResumeURL         string             `json:"resumeUrl"`
	Status            string             `json:"status"`
	CreatedAt         string             `json:"createdAt"`
	ExpiresAt         string             `json:"expiresAt"`
	SelectedDevice    *ref               `json:"selectedDevice,omitempty"`
	BypassAllowed     *bool              `json:"bypassAllowed,omitempty"`
	Error             *flowError         `json:"error,omitempty"`
	AuthorizeResponse *authorizeResponse `json:"authorizeResponse,omitempty"`
	// PublicKeyCredentialRequestOptions is ASSERTION_REQUIRED's WebAuthn options, a JSON string.
	PublicKeyCredentialRequestOptions string `json:"publicKeyCredentialRequestOptions,omitempty"`
}

type link struct {
	Href string `json:"href"`
}

type ref struct {
	ID string `json:"id"`
}

type authorizeResponse struct {
	Code  string `json:"code"`
	State string `json:"state,omitempty"`
}

// embedded carries what a sign-on page needs to render the current status.
type embedded struct {
	User           *userView       `json:"user,omitempty"`
	Application    appView         `json:"application"`
	Devices        []deviceView    `json:"devices,omitempty"`
	PasswordPolicy *PasswordPolicy `json:"passwordPolicy,omitempty"`
	Attributes     []attributeView `json:"attributes,omitempty"`
	PromptText     string          `json:"promptText,omitempty"`
	Agreement      *agreementView  `json:"agreement,omitempty"`
	// SocialProviders are the identity providers a sign-on step offers; IdentityProvider is the
	// one an EXTERNAL_AUTHENTICATION_REQUIRED, ACCOUNT_LINKING_REQUIRED or
	// ACCOUNT_CONFIRMATION_REQUIRED flow is about.
	SocialProviders  []providerView `json:"socialProviders,omitempty"`
	IdentityProvider *providerView  `json:"identityProvider,omitempty"`
}

// providerView is an identity provider as the flow shows it; _links.authenticate sends the
// browser there.
type providerView struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	Links map[string]link `json:"_links,omitempty"`
}

type userView struct {
	ID       string `json:"id,omitempty"`
	Username string `json:"username"`
	Name     Name   `json:"name,omitzero"`
	// Email is shown by ACCOUNT_CONFIRMATION_REQUIRED: what the identity provider said.
	Email string `json:"email,omitempty"`
}

type appView struct {
	Name string `json:"name"`
}

type deviceView struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Status      string `json:"status"`
	Phone       string `json:"phone,omitempty"`
	Email       string `json:"email,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
}

type attributeView struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Required    bool   `json:"required"`
}

type agreementView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Text        string `json:"text"`
}

// view renders the flow. Every action link points at the flow's own URL: the action travels in
// the Content-Type, not the path.
func (s *Server) view(f *flow) flowView {
	self := s.envURL("/flows/" + f.id)
	links := map[string]link{"self": {self}, "signOnPage": {s.signOnPage(f)}}
	for _, a := range offered(f) {
		links[a] = link{self}
	}
	v := flowView{
		Links:       links,
		Embedded:    embedded{Application: appView{Name: f.app.Name}},
		ID:          f.id,
		Environment: ref{s.cfg.Environment.ID},
		ResumeURL:   s.envURL("/as/resume?flowId=" + f.id),
		Status:      f.status,
		CreatedAt:   timestamp(f.createdAt),
		ExpiresAt:   timestamp(f.expires),
		Error:       f.failure,
	}
	if f.session != nil {
		v.Session = &ref{f.session.id}
	}
	if f.user != nil {
		v.Embedded.User = &userView{ID: f.user.ID, Username: f.user.Username, Name: f.user.Name}
	}
	switch f.status {
	case statusUsernamePasswordRequired:
		if f.currentAction().RegistrationEnabled {
			v.Embedded.PasswordPolicy = &s.cfg.PasswordPolicy
		}
		v.Embedded.SocialProviders = s.socialProviders(f)
	case statusSignOnRequired:
		v.Embedded.SocialProviders = s.socialProviders(f)
	case statusExternalAuthRequired:
		p := s.providerView(f.idp, f)
		v.Embedded.IdentityProvider = &p
		links["authenticate"] = p.Links["authenticate"]
	case statusAccountLinkingRequired, statusAccountConfirmRequired:
		p := s.providerView(f.external.provider, nil)
		v.Embedded.IdentityProvider = &p
		if f.status == statusAccountConfirmRequired {
			v.Embedded.User = &userView{Username: f.external.suggestedUsername(), Name: f.external.name, Email: f.external.email}
		}
	case statusPasswordExpired, statusMustChangePassword, statusRecoveryCodeRequired:
		v.Embedded.PasswordPolicy = &s.cfg.PasswordPolicy
	case statusDeviceSelectionRequired, statusOTPRequired, statusPushRequired, statusPushTimedOut, statusAssertionRequired:
		v.Embedded.Devices = devicesView(f.user.Devices)
		v.PublicKeyCredentialRequestOptions = f.passkeyOptions
		v.BypassAllowed = new(bool)
		if f.device != "" {
			v.SelectedDevice = &ref{f.device}
		}
	case statusProfileDataRequired:
		a := f.currentAction()
		v.Embedded.PromptText = a.PromptText
		for _, attr := range a.Attributes {
			v.Embedded.Attributes = append(v.Embedded.Attributes,
				attributeView{Name: attr.Name, DisplayName: profileAttributes[attr.Name].displayName, Required: attr.Required})
		}
	case statusAgreementRequired:
		ag := f.currentAction().Agreement
		v.Embedded.Agreement = &agreementView{ID: ag.ID, Name: ag.Name, ContentType: "text/plain", Text: ag.Text}
	}
	return v
}

// signOnPage is where redirect-mode authorize sends the browser: the application's custom
// sign-on page if it has one, otherwise the hosted page's address on the auth host.
func (s *Server) signOnPage(f *flow) string {
	page := f.app.LoginPageURL
	if page == "" {
		page = s.envURL("/signon/")
	}
	sep := "?"
	if strings.Contains(page, "?") {
		sep = "&"
	}
	return page + sep + "flowId=" + url.QueryEscape(f.id)
}

func devicesView(devices []Device) []deviceView {
	out := make([]deviceView, 0, len(devices))
	for _, d := range devices {
		v := deviceView{ID: d.ID, Type: d.Type, Status: "ACTIVE"}
		if d.Phone != "" {
			v.Phone = maskPhone(d.Phone)
		}
		if d.Email != "" {
			v.Email = maskEmail(d.Email)
		}
		if d.Type == DeviceFIDO2 {
			v.DisplayName = cmp.Or(d.DisplayName, "Passkey")
		}
		out = append(out, v)
	}
	return out
}

// maskPhone keeps the last two digits, as PingOne shows "*******01".
func maskPhone(phone string) string { return "*******" + phone[len(phone)-2:] }

// maskEmail keeps the first letter and the domain: "j****@example.com".
func maskEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	return email[:1] + "****" + email[at:]
}

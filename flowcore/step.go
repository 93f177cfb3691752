package flowcore

import (
	"strings"
)

// Step is what a page renders: where the flow is, what the person can do, and what went wrong.
// It is the same model for every protocol the engine speaks.
type Step struct {
	// Protocol is "flows" for the PingOne Flows API, "davinci" for a DaVinci flow.
	Protocol string `json:"protocol"`
	// Status is the server's status as sent (OTP_REQUIRED, ...). Known is false for a status this
	// engine does not know; its actions are then offered generically.
	Status string `json:"status"`
	Known  bool   `json:"known"`
	FlowID string `json:"flowId"`
	// Key is the stable presentation key of what is on screen (sign-on, otp, passkey, form,
	// waiting...): a page words the step by it, never by Status.
	Key string `json:"key"`
	// Wait says what a waiting step waits for: push, challenge or poll; empty otherwise.
	Wait string `json:"wait,omitempty"`
	// Identity is the username the step is about, when the flow knows it.
	Identity string `json:"identity,omitempty"`
	// Actions are the actions the flow offers now, the main one first.
	Actions []Action `json:"actions"`

	User            *User            `json:"user,omitempty"`
	Application     *Application     `json:"application,omitempty"`
	Devices         []Device         `json:"devices,omitempty"`
	SelectedDevice  *Device          `json:"selectedDevice,omitempty"`
	BypassAllowed   bool             `json:"bypassAllowed,omitempty"`
	PasswordPolicy  *PasswordPolicy  `json:"passwordPolicy,omitempty"`
	SocialProviders []SocialProvider `json:"socialProviders,omitempty"`
	// Provider is the identity provider the step is about: the one the person came back from
	// (account linking and confirmation) or is about to be sent to (external authentication).
	Provider   *Provider   `json:"provider,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
	PromptText string      `json:"promptText,omitempty"`
	Agreement  *Agreement  `json:"agreement,omitempty"`
	// Title and Description head a DaVinci form; Content is its read-only parts (labels, QR
	// codes, agreements, images, and any component type this engine does not know, kept as is).
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	Content     []Content `json:"content,omitempty"`

	// Error is the last error for this step (a wrong password, say); its field errors are also
	// attached to the fields they name.
	Error     *Error `json:"error,omitempty"`
	CreatedAt string `json:"createdAt,omitempty"`
	ExpiresAt string `json:"expiresAt,omitempty"`
}

// Action is something the person can do in this step: a Flows API action and its inputs.
type Action struct {
	Name      string  `json:"name"`
	MediaType string  `json:"mediaType"`
	Label     string  `json:"label"`
	Fields    []Field `json:"fields"`
	// Generic is true for a link this engine has no typed body for; Submit sends the input as is.
	Generic bool `json:"generic,omitempty"`
	// Event is the DaVinci event type the action sends: "submit" (a submit button, with the
	// form's values) or "action" (a flow button or link, without them).
	Event string `json:"event,omitempty"`
	// Link asks for the action to be shown as a link rather than a button.
	Link bool `json:"link,omitempty"`
	// Role is what the action means on the page: primary, alternative, resend, change-device,
	// reset-identity, cancel, passkey, social, forgot-password or register.
	Role string `json:"role,omitempty"`
	// Ceremony is what Submit of this action asks the browser to do.
	Ceremony CeremonyKind `json:"ceremony,omitempty"`
	// Conditional: the action may be started as passkey autofill (Submit with
	// {"mediation": "conditional"}).
	Conditional bool `json:"conditional,omitempty"`
	// Provider is the identity provider of a social action.
	Provider *Provider `json:"provider,omitempty"`
	// src is what the ceremony starts from: the URL to navigate to, or the WebAuthn options
	// as the server sent them.
	src string
}

// Action roles.
const (
	RolePrimary        = "primary"
	RoleAlternative    = "alternative"
	RoleResend         = "resend"
	RoleChangeDevice   = "change-device"
	RoleResetIdentity  = "reset-identity"
	RoleCancel         = "cancel"
	RolePasskey        = "passkey"
	RoleSocial         = "social"
	RoleForgotPassword = "forgot-password"
	RoleRegister       = "register"
)

// Provider is an external identity provider, as the server named it.
type Provider struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

// Field is one input of an action.
type Field struct {
	Key string `json:"key"`
	// Type is text, email, password, new-password, code, device, device-type, boolean, hidden,
	// tel, select, radio, checkboxes, multiselect or phone.
	Type     string `json:"type"`
	Label    string `json:"label"`
	Required bool   `json:"required,omitempty"`
	// Autocomplete is the HTML autocomplete token the input should carry.
	Autocomplete string `json:"autocomplete,omitempty"`
	// Value prefills the input (the known username, say).
	Value   string   `json:"value,omitempty"`
	Options []Option `json:"options,omitempty"`
	// Errors are the server's messages about this field from the last submission.
	Errors []string `json:"errors,omitempty"`
	// Pattern is a regular expression the value must match, with its message. It is a
	// JavaScript regular expression as DaVinci sends it: check it with the host's RegExp.
	Pattern        string `json:"pattern,omitempty"`
	PatternMessage string `json:"patternMessage,omitempty"`
	// Verify asks for the value to be typed twice (a new password).
	Verify bool `json:"verify,omitempty"`
	// Policy is the password policy a new password must satisfy.
	Policy *PasswordPolicy `json:"policy,omitempty"`
	// DefaultCountryCode is the initial country of a phone field.
	DefaultCountryCode string `json:"defaultCountryCode,omitempty"`
	// Phone prefills a phone field; ShowExtension asks for an extension input labelled
	// ExtensionLabel.
	Phone          *Phone `json:"phone,omitempty"`
	ShowExtension  bool   `json:"showExtension,omitempty"`
	ExtensionLabel string `json:"extensionLabel,omitempty"`
}

// Phone is a phone number as DaVinci takes it.
type Phone struct {
	CountryCode string `json:"countryCode"`
	PhoneNumber string `json:"phoneNumber"`
	Extension   string `json:"extension,omitempty"`
}

// Option is a choice for a device or select field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
	// Type and Description describe a DaVinci device option (EMAIL, SMS...; the masked target).
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	Default     bool   `json:"default,omitempty"`
	// Key is a device option's stable kind, as Device.Key.
	Key string `json:"key,omitempty"`
}

// Content is a read-only part of a form.
type Content struct {
	// Type is label, rich-text, qr-code, agreement, image, error or unknown.
	Type string `json:"type"`
	Key  string `json:"key,omitempty"`
	Text string `json:"text,omitempty"`
	// Parts is rich text split into plain text and links, in order.
	Parts []TextPart `json:"parts,omitempty"`
	// Src is an image or QR code source (a data: or https: URL).
	Src string `json:"src,omitempty"`
	// Raw is the component exactly as sent, so a page can render what the engine does not know.
	Raw RawJSON `json:"raw,omitempty"`
	// Before is the key of the form field this content stood before in the form (the terms
	// above an "I agree" checkbox, say); empty when it came after every field.
	Before string `json:"before,omitempty"`
}

// TextPart is plain text, or a link when Href is set.
type TextPart struct {
	Text   string `json:"text"`
	Href   string `json:"href,omitempty"`
	Target string `json:"target,omitempty"`
}

// User is _embedded.user.
type User struct {
	ID       string `json:"id,omitempty"`
	Username string `json:"username,omitempty"`
	Given    string `json:"given,omitempty"`
	Family   string `json:"family,omitempty"`
	Email    string `json:"email,omitempty"`
}

// Application is _embedded.application.
type Application struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	IconURL string `json:"iconUrl,omitempty"`
}

// Device is an MFA device from _embedded.devices, with its target already masked by PingOne.
type Device struct {
	ID     string `json:"id"`
	Type   string `json:"type,omitempty"` // SMS, EMAIL, VOICE, MOBILE, TOTP, FIDO2, ...
	Status string `json:"status,omitempty"`
	// Target is the masked phone number or e-mail address, or the device's name.
	Target string `json:"target,omitempty"`
	Name   string `json:"name,omitempty"`
	// Key is the device's stable kind: sms, email, voice, push, totp, passkey, whatsapp, oath,
	// else the type lower-cased.
	Key string `json:"key,omitempty"`
}

// deviceKey maps a PingOne device type to Device.Key.
func deviceKey(typ string) string {
	switch typ {
	case "MOBILE":
		return "push"
	case "FIDO2", "PLATFORM", "SECURITY_KEY":
		return "passkey"
	case "OATH_TOKEN":
		return "oath"
	}
	return strings.ToLower(typ)
}

// PasswordPolicy is _embedded.passwordPolicy, for showing the rules while a password is typed.
type PasswordPolicy struct {
	ID                    string         `json:"id,omitempty"`
	Name                  string         `json:"name,omitempty"`
	MinLength             int            `json:"minLength,omitempty"`
	MaxLength             int            `json:"maxLength,omitempty"`
	MinCharacters         []CharacterSet `json:"minCharacters,omitempty"`
	MaxRepeatedCharacters int            `json:"maxRepeatedCharacters,omitempty"`
	MinUniqueCharacters   int            `json:"minUniqueCharacters,omitempty"`
	ExcludesCommonlyUsed  bool           `json:"excludesCommonlyUsed,omitempty"`
	ExcludesProfileData   bool           `json:"excludesProfileData,omitempty"`
	NotSimilarToCurrent   bool           `json:"notSimilarToCurrent,omitempty"`
	HistoryCount          int            `json:"historyCount,omitempty"`
	MinAgeDays            int            `json:"minAgeDays,omitempty"`
	MaxAgeDays            int            `json:"maxAgeDays,omitempty"`
	// Raw is the policy as PingOne sent it.
	Raw RawJSON `json:"raw,omitempty"`
}

// CharacterSet is one minCharacters rule: at least Min characters from Characters.
type CharacterSet struct {
	Characters string `json:"characters"`
	Min        int    `json:"min"`
}

// SocialProvider is an external identity provider the person may sign on with; Href is where to
// send the browser.
type SocialProvider struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
	Href string `json:"href,omitempty"`
}

// Attribute is a profile attribute progressive profiling asks for.
type Attribute struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Value       string `json:"value,omitempty"`
}

// Agreement is the terms the person must accept.
type Agreement struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Text     string `json:"text,omitempty"`
	Language string `json:"language,omitempty"`
}

// Action returns the offered action with that name.
func (s *Step) Action(name string) (Action, bool) {
	for _, a := range s.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// ActionNames lists the offered actions in order.
func (s *Step) ActionNames() []string {
	names := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		names[i] = a.Name
	}
	return names
}

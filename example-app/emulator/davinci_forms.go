package emulator

import (
	"cmp"
	"net/url"
	"slices"
)

// This file draws the built-in DaVinci flow's forms, in the component vocabulary Ping's SDKs
// render (reference §7.7). Which buttons a form shows is decided here and nowhere else: a
// capability call may only press a button of the form on screen.

// dvForm is a node's form.
type dvForm struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Category    string       `json:"category"`
	Components  dvComponents `json:"components"`
}

type dvComponents struct {
	Fields []dvField `json:"fields"`
}

// dvField is one form component. Only the properties of its Type are set.
type dvField struct {
	Type           string          `json:"type"`
	Key            string          `json:"key,omitempty"`
	Label          string          `json:"label,omitempty"`
	Content        string          `json:"content,omitempty"`
	Required       bool            `json:"required,omitempty"`
	Validation     *dvValidation   `json:"validation,omitempty"`
	PasswordPolicy *PasswordPolicy `json:"passwordPolicy,omitempty"`
	RichContent    *richContent    `json:"richContent,omitempty"`
	Options        []deviceOption  `json:"options,omitempty"`
	PollInterval   int             `json:"pollInterval,omitempty"`
	PollRetries    int             `json:"pollRetries,omitempty"`
	// POLLING of a cross-device challenge.
	PollChallengeStatus bool   `json:"pollChallengeStatus,omitempty"`
	Challenge           string `json:"challenge,omitempty"`
	// QR_CODE.
	FallbackText string `json:"fallbackText,omitempty"`
	// FIDO2: action REGISTER or AUTHENTICATE, and the WebAuthn options of that ceremony.
	Action          string             `json:"action,omitempty"`
	Trigger         string             `json:"trigger,omitempty"`
	CreationOptions *dvCreationOptions `json:"publicKeyCredentialCreationOptions,omitempty"`
	RequestOptions  *dvRequestOptions  `json:"publicKeyCredentialRequestOptions,omitempty"`
	// PROTECT.
	BehavioralDataCollection      *bool `json:"behavioralDataCollection,omitempty"`
	UniversalDeviceIdentification *bool `json:"universalDeviceIdentification,omitempty"`
	// SOCIAL_LOGIN_BUTTON: links.authenticate.href starts the identity provider round trip.
	Links map[string]link `json:"links,omitempty"`
}

type dvValidation struct {
	Regex        string `json:"regex"`
	ErrorMessage string `json:"errorMessage"`
}

// richContent is a LABEL's text with {{name}} placeholders and what replaces them.
type richContent struct {
	Content      string                 `json:"content"`
	Replacements map[string]replacement `json:"replacements"`
}

type replacement struct {
	Type   string `json:"type"`
	Value  string `json:"value"`
	Href   string `json:"href"`
	Target string `json:"target,omitempty"`
}

// deviceOption is a DEVICE_AUTHENTICATION choice; description is the masked target.
type deviceOption struct {
	Type        string `json:"type"`
	IconSrc     string `json:"iconSrc"`
	Title       string `json:"title"`
	ID          string `json:"id"`
	Default     bool   `json:"default"`
	Description string `json:"description"`
}

// The email pattern the registration form gives clients for checking as the person types; the
// server's own check (validEmail) is stricter.
const emailRegex = `^[^@\s]+@[^@\s]+\.[^@\s]+$`

// pollInterval is DaVinci's default; pollRetries is at least DaVinci's default of 60 and always
// enough to outlast the push timeout, so the client learns the outcome from the server.
const pollInterval = 2000

func (s *Server) pollRetries() int {
	return max(60, s.cfg.Settings.PushTimeoutSeconds*1000/pollInterval+2)
}

func textField(key, label string) dvField {
	return dvField{Type: "TEXT", Key: key, Label: label, Required: true}
}
func passwordField() dvField {
	return dvField{Type: "PASSWORD", Key: "password", Label: "Password", Required: true}
}
func submit(key, label string) dvField { return dvField{Type: "SUBMIT_BUTTON", Key: key, Label: label} }
func flowButton(key, label string) dvField {
	return dvField{Type: "FLOW_BUTTON", Key: key, Label: label}
}
func label(key, content string) dvField { return dvField{Type: "LABEL", Key: key, Content: content} }

func (s *Server) newPasswordField(key, label string) dvField {
	return dvField{Type: "PASSWORD_VERIFY", Key: key, Label: label, Required: true, PasswordPolicy: &s.cfg.PasswordPolicy}
}

// form draws the interaction's current screen and the values it starts with (formData.value).
func (s *Server) form(it *interaction) (dvForm, map[string]any) {
	f := dvForm{Category: "CUSTOM_HTML"}
	var fields []dvField
	values := map[string]any{}
	switch it.screen {
	case screenSignOn:
		f.Name, f.Description = "Sign On", "Sign on with your username and password."
		if it.notice != "" {
			fields = append(fields, label("notice", it.notice))
		}
		fields = append(fields,
			textField("username", "Username"),
			passwordField(),
			submit("SIGNON", "Sign On"))
		if passkey, ok := s.passkeyField(it); ok {
			fields = append(fields, passkey)
		}
		fields = append(fields, s.socialButtons(it)...)
		fields = append(fields,
			flowButton("PHONE", "Sign in with your phone"),
			flowButton("TROUBLE", "Having trouble signing on?"),
			dvField{Type: "FLOW_LINK", Key: "REGISTER", Label: "No account? Register"},
			protectField())
		values["username"], values["password"] = it.prefill, ""
	case screenTrouble:
		f.Name, f.Description = "Trouble Signing On", "Enter your username and we will email you a recovery code."
		fields = append(fields, textField("username", "Username"), submit("SUBMIT", "Send recovery code"), flowButton("BACK", "Back to sign on"))
		values["username"] = ""
	case screenRecover:
		f.Name, f.Description = "Reset Password", "If that username has an account with an email address, we sent a recovery code there."
		fields = append(fields, textField("recoveryCode", "Recovery code"), s.newPasswordField("newPassword", "New password"),
			submit("SUBMIT", "Reset password"), flowButton("RESEND", "Send a new code"), flowButton("BACK", "Back to sign on"))
		values["recoveryCode"], values["newPassword"] = "", ""
	case screenRegister:
		f.Name, f.Description = "Registration", "Create your account."
		email := textField("email", "Email address")
		email.Validation = &dvValidation{Regex: emailRegex, ErrorMessage: "Enter a valid email address."}
		terms := label("terms", "By registering you accept the terms of use.")
		terms.RichContent = &richContent{Content: "By registering you accept the {{terms}}.", Replacements: map[string]replacement{
			"terms": {Type: "link", Value: "terms of use", Href: s.base + "/_emulator/terms", Target: "_blank"},
		}}
		fields = append(fields, textField("username", "Username"), email, s.newPasswordField("password", "Password"), terms,
			dvField{Type: "SINGLE_CHECKBOX", Key: "agreement", Label: "I agree to the terms of use", Required: true},
			submit("SUBMIT", "Register"), flowButton("BACK", "Already have an account? Sign on"))
		values["username"], values["email"], values["password"], values["agreement"] = "", "", "", false
	case screenVerify:
		f.Name, f.Description = "Verify Email", "Enter the verification code we sent to "+maskEmail(it.user.Email)+"."
		fields = append(fields, textField("verificationCode", "Verification code"), submit("SUBMIT", "Verify"), flowButton("RESEND", "Send a new code"))
		values["verificationCode"] = ""
	case screenChangePassword:
		f.Name, f.Description = "Change Password", "Your password has expired. Choose a new one."
		if it.user.PasswordStatus == PasswordMustChange {
			f.Description = "You must change your password before you continue."
		}
		fields = append(fields, s.newPasswordField("newPassword", "New password"), submit("SUBMIT", "Change password"))
		values["newPassword"] = ""
	case screenDevices:
		f.Name, f.Description = "Choose a Device", "Choose how to verify that it is you."
		fields = append(fields, dvField{Type: "DEVICE_AUTHENTICATION", Key: "device", Label: "Device", Required: true,
			Options: deviceOptions(s.mfaDevices(it))}, submit("SUBMIT", "Next"))
		values["device"] = ""
	case screenOTP:
		d, _ := s.mfaDevice(it, it.device)
		f.Name, f.Description = "Enter Code", "Enter the one-time code sent to "+deviceDescription(d)+"."
		fields = append(fields, textField("otp", "One-time code"), submit("SUBMIT", "Verify"), s.otherDevice(it, "Send a new code"))
		values["otp"] = ""
	case screenPush:
		f.Name = "Push Notification"
		fields = append(fields, label("pushMessage", "We sent a notification to your mobile app. Approve it there to continue."),
			dvField{Type: "POLLING", Key: pollKey, PollInterval: pollInterval, PollRetries: s.pollRetries()},
			s.otherDevice(it, "Send a new notification"))
	case screenPasskeyOffer:
		f.Name, f.Description = "Set Up a Passkey", "Sign on faster next time: a passkey uses your device's screen lock instead of a password."
		if passkey, ok := s.passkeyField(it); ok {
			fields = append(fields, passkey)
		}
		fields = append(fields, flowButton("NOT_NOW", "Not now"))
	case screenPasskeyMFA:
		f.Name, f.Description = "Verify With Your Passkey", "Use your passkey to confirm that it is you."
		if passkey, ok := s.passkeyField(it); ok {
			fields = append(fields, passkey)
		}
		fields = append(fields, s.otherDevice(it, "Try again"))
	case screenPhone, screenChallenge:
		fields = s.phoneForm(it, &f, values)
	case screenLinkAccount, screenConfirmAccount:
		fields = s.externalForm(it, &f, values)
	}
	f.Components.Fields = fields
	return f, values
}

// otherDevice is the flow button that leaves a code or push screen: back to the device choice,
// or, for a user with one device, a new code or notification to it.
func (s *Server) otherDevice(it *interaction, single string) dvField {
	if len(s.mfaDevices(it)) == 1 {
		return flowButton("CHANGE_DEVICE", single)
	}
	return flowButton("CHANGE_DEVICE", "Use another method")
}

// buttons lists the action keys of the form on screen.
func (s *Server) buttons(it *interaction) []string {
	form, _ := s.form(it)
	var keys []string
	for _, f := range form.Components.Fields {
		if slices.Contains([]string{"SUBMIT_BUTTON", "FLOW_BUTTON", "FLOW_LINK"}, f.Type) {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// deviceKinds are the titles and icons of the device types.
var deviceKinds = map[string]struct{ title, glyph string }{
	DeviceSMS:    {"Text message", "SMS"},
	DeviceVoice:  {"Voice call", "TEL"},
	DeviceEmail:  {"Email", "@"},
	DeviceTOTP:   {"Authenticator app", "OTP"},
	DeviceMobile: {"Push notification", "APP"},
	DeviceFIDO2:  {"Passkey", "KEY"},
}

func deviceOptions(devices []Device) []deviceOption {
	out := make([]deviceOption, 0, len(devices))
	for _, d := range devices {
		kind := deviceKinds[d.Type]
		out = append(out, deviceOption{Type: d.Type, IconSrc: icon(kind.glyph), Title: kind.title, ID: d.ID,
			Default: d.Default, Description: deviceDescription(d)})
	}
	return out
}

// deviceDescription is what a device option shows: the masked phone number or email address,
// or what kind of app it is.
func deviceDescription(d Device) string {
	switch {
	case d.Phone != "":
		return maskPhone(d.Phone)
	case d.Email != "":
		return maskEmail(d.Email)
	case d.Type == DeviceTOTP:
		return "Authenticator app"
	case d.Type == DeviceFIDO2:
		return cmp.Or(d.DisplayName, "Passkey")
	}
	return "Mobile app"
}

// icon is a small inline SVG, so that device options render without the emulator serving
// images (or a network).
func icon(glyph string) string {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2e5ea8"/>` +
		`<text x="16" y="20.5" font-family="sans-serif" font-size="11" text-anchor="middle" fill="#fff">` + glyph + `</text></svg>`
	return "data:image/svg+xml," + url.PathEscape(svg)
}

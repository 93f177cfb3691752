package flowcore

import (
	"slices"
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// MediaType is the Content-Type that selects a Flows API action:
// application/vnd.pingidentity.<action>+json.
func MediaType(action string) string { return "application/vnd.pingidentity." + action + "+json" }

// Flows API actions, reference §3.4. The _links key of an offered action is its name.
const (
	ActionSessionReset            = "session.reset"
	ActionUsernamePasswordCheck   = "usernamePassword.check"
	ActionUserLookup              = "user.lookup"
	ActionPasswordForgot          = "password.forgot"
	ActionUserRegister            = "user.register"
	ActionPasswordReset           = "password.reset"
	ActionPasswordRecover         = "password.recover"
	ActionPasswordSendRecovery    = "password.sendRecoveryCode"
	ActionUserVerify              = "user.verify"
	ActionUserSendVerification    = "user.sendVerificationCode"
	ActionDeviceSelect            = "device.select"
	ActionOTPCheck                = "otp.check"
	ActionUserUpdate              = "user.update"
	ActionUserConfirm             = "user.confirm"
	ActionAssertionCheck          = "assertion.check"
	ActionUserConsent             = "user.consent"
	ActionKerberosLookup          = "kerberos.lookup"
	ActionDeviceAuthGrantUserCode = "deviceAuthGrant.userCode.verify"
	ActionDeviceAuthGrantConsent  = "deviceAuthGrant.consent"
)

// actionSpec is what the engine knows about one action: how to present it and how to build its
// typed request body from the person's input.
type actionSpec struct {
	label  string
	fields func(s *Step) []Field
	// build returns the request body, or nil for a body-less action. It is called only after the
	// required fields have been checked.
	build func(in input, s *Step) (any, error)
}

// catalog lists the actions in order of primacy: when several are offered, the first listed is
// the step's main action.
var catalog = []struct {
	name string
	spec actionSpec
}{
	{ActionUsernamePasswordCheck, actionSpec{"Sign on", usernamePasswordFields, buildUsernamePassword}},
	{ActionUserLookup, actionSpec{"Next", fieldsOf(usernameField), buildUserLookup}},
	{ActionOTPCheck, actionSpec{"Verify", fieldsOf(codeField("otp", "One-time code")), buildOTP}},
	// Without WebAuthn options to start a ceremony from, the caller supplies the assertion.
	{ActionAssertionCheck, actionSpec{"Use a passkey", fieldsOf(
		Field{Key: "origin", Type: "hidden", Label: "Origin", Required: true},
		Field{Key: "assertion", Type: "hidden", Label: "Assertion", Required: true},
		Field{Key: "compatibility", Type: "hidden", Label: "Compatibility"}), buildAssertion}},
	{ActionPasswordReset, actionSpec{"Change password", fieldsOf(
		passwordField("currentPassword", "Current password", "current-password"),
		passwordField("newPassword", "New password", "new-password")), buildPasswordReset}},
	{ActionPasswordRecover, actionSpec{"Reset password", fieldsOf(
		codeField("recoveryCode", "Recovery code"),
		passwordField("newPassword", "New password", "new-password")), buildPasswordRecover}},
	{ActionUserVerify, actionSpec{"Verify", fieldsOf(codeField("verificationCode", "Verification code")), buildUserVerify}},
	{ActionDeviceSelect, actionSpec{"Use this device", deviceFields, buildDeviceSelect}},
	{ActionUserUpdate, actionSpec{"Continue", attributeFields, buildUserUpdate}},
	{ActionUserConsent, actionSpec{"Continue", fieldsOf(booleanField("accept", "I accept the agreement")), buildAccept}},
	{ActionUserConfirm, actionSpec{"Confirm", confirmFields, buildUserConfirm}},
	{ActionDeviceAuthGrantUserCode, actionSpec{"Continue", fieldsOf(
		Field{Key: "userCode", Type: "text", Label: "Code shown on your device", Required: true, Autocomplete: "one-time-code"}), buildUserCode}},
	{ActionDeviceAuthGrantConsent, actionSpec{"Allow", fieldsOf(booleanField("accept", "Allow this device")), buildAccept}},
	{ActionUserRegister, actionSpec{"Register", fieldsOf(
		Field{Key: "username", Type: "text", Label: "Username", Required: true, Autocomplete: "username"},
		Field{Key: "email", Type: "email", Label: "Email", Required: true, Autocomplete: "email"},
		passwordField("password", "Password", "new-password")), buildUserRegister}},
	{ActionPasswordForgot, actionSpec{"Forgot password?", usernameKnownFields, buildPasswordForgot}},
	{ActionPasswordSendRecovery, actionSpec{"Send a new code", noFields, noBody}},
	{ActionUserSendVerification, actionSpec{"Send a new code", noFields, noBody}},
	{ActionKerberosLookup, actionSpec{"Sign on with Windows", noFields, noBody}},
	{ActionSessionReset, actionSpec{"Not you? Start over", noFields, noBody}},
}

// spec finds an action in the catalog: its spec and its place (len(catalog) for an action it
// does not have). A scan of a short list, rather than maps built by a package initialiser: the
// module runs (and compiles) no more at start-up than it must.
func spec(name string) (actionSpec, int, bool) {
	for i, c := range catalog {
		if c.name == name {
			return c.spec, i, true
		}
	}
	return actionSpec{}, len(catalog), false
}

// Actions lists every action the engine has a typed body for.
func Actions() []string {
	names := make([]string, len(catalog))
	for i, c := range catalog {
		names[i] = c.name
	}
	return names
}

// actionRoles pairs actions with the role they have whatever the step.
var actionRoles = [...]string{
	ActionPasswordSendRecovery, RoleResend, ActionUserSendVerification, RoleResend,
	ActionSessionReset, RoleResetIdentity, ActionPasswordForgot, RoleForgotPassword,
	ActionUserRegister, RoleRegister, ActionAssertionCheck, RolePasskey,
}

// linkAuthenticate is the link of EXTERNAL_AUTHENTICATION_REQUIRED to the identity provider.
const linkAuthenticate = "authenticate"

// offeredActions turns the flow's links into actions, known ones in catalog order first, then
// the links this engine does not know, in the order the server sent them, then the social
// providers. Each gets its role; the step's main action (the first without another role) comes
// first as primary. requestOptions are the flow's publicKeyCredentialRequestOptions.
func offeredActions(d *flowDoc, s *Step, requestOptions fjson.Result) []Action {
	var known, generic []Action
	for _, l := range d.links {
		switch l.name {
		case linkSelf, linkSignOnPage:
			continue
		case linkAuthenticate:
			prov := s.Provider
			if prov == nil {
				prov = &Provider{}
			}
			generic = append(generic, socialAction(l.name, l.href, prov))
			continue
		}
		sp, _, ok := spec(l.name)
		if !ok {
			generic = append(generic, Action{Name: l.name, MediaType: MediaType(l.name), Label: humanize(l.name), Fields: []Field{}, Generic: true})
			continue
		}
		a := Action{Name: l.name, MediaType: MediaType(l.name), Label: sp.label, Fields: sp.fields(s)}
		a.Role, _ = lookup(actionRoles[:], l.name, "")
		switch {
		case l.name == ActionDeviceSelect && (d.status == StatusOTPRequired || d.status == StatusPushConfirmationRequired || d.status == StatusAssertionRequired):
			a.Role = RoleChangeDevice
		case l.name == ActionAssertionCheck:
			// PingOne sends the options as a JSON string; accept an object.
			opts := requestOptions
			if a.src = opts.Str; opts.IsObject() {
				a.src = opts.Raw
			}
			if a.src != "" {
				a.Ceremony, a.Fields = CeremonyWebAuthnGet, []Field{}
			}
		}
		for i := range a.Fields {
			if f := &a.Fields[i]; f.Type == "new-password" {
				f.Verify, f.Policy = true, s.PasswordPolicy
			}
		}
		known = append(known, a)
	}
	slices.SortStableFunc(known, func(a, b Action) int {
		_, i, _ := spec(a.Name)
		_, j, _ := spec(b.Name)
		return i - j
	})
	out := append(known, generic...)
	for _, p := range s.SocialProviders {
		if sameOrigin(p.Href, d.origin) {
			out = append(out, socialAction("social:"+p.ID, p.Href, &Provider{ID: p.ID, Name: p.Name, Type: p.Type}))
		}
	}
	return withRoles(out)
}

// socialAction sends the browser to an identity provider.
func socialAction(name, href string, prov *Provider) Action {
	return Action{Name: name, Label: prov.Name, Fields: []Field{}, Role: RoleSocial, Ceremony: CeremonyNavigate, Provider: prov, src: href}
}

// withRoles makes the first action without a role the primary one, and first in the list; the
// others without a role are alternatives.
func withRoles(as []Action) []Action {
	primary := -1
	for i := range as {
		if as[i].Role == "" {
			as[i].Role = RoleAlternative
			if primary < 0 {
				as[i].Role, primary = RolePrimary, i
			}
		}
	}
	if primary > 0 {
		p := as[primary]
		copy(as[1:primary+1], as[:primary])
		as[0] = p
	}
	if as == nil {
		return []Action{}
	}
	return as
}

// humanize makes a label from an action name: "user.doThing" → "Do thing".
func humanize(name string) string {
	last := name[strings.LastIndex(name, ".")+1:]
	var b strings.Builder
	for i, r := range last {
		switch {
		case i == 0:
			b.WriteString(strings.ToUpper(string(r)))
		case r >= 'A' && r <= 'Z':
			b.WriteByte(' ')
			b.WriteRune(r + ('a' - 'A'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ---- fields ----

func fieldsOf(fs ...Field) func(*Step) []Field {
	return func(*Step) []Field { return append([]Field(nil), fs...) }
}

func noFields(*Step) []Field { return []Field{} }

var usernameField = Field{Key: "username", Type: "text", Label: "Username", Required: true, Autocomplete: "username"}

func passwordField(key, label, autocomplete string) Field {
	typ := "password"
	if autocomplete == "new-password" {
		typ = "new-password"
	}
	return Field{Key: key, Type: typ, Label: label, Required: true, Autocomplete: autocomplete}
}

func codeField(key, label string) Field {
	return Field{Key: key, Type: "code", Label: label, Required: true, Autocomplete: "one-time-code"}
}

func booleanField(key, label string) Field {
	return Field{Key: key, Type: "boolean", Label: label, Required: true}
}

// usernameKnownFields prefills the username when the flow already knows the user.
func usernameKnownFields(s *Step) []Field {
	f := usernameField
	if s.User != nil {
		f.Value = s.User.Username
	}
	return []Field{f}
}

// confirmFields are the account data an identity provider supplied, for the person to confirm.
func confirmFields(s *Step) []Field {
	fs := usernameKnownFields(s)
	if u := s.User; u != nil {
		for _, f := range []Field{{Key: "email", Type: "email", Label: "Email", Autocomplete: "email", Value: u.Email},
			{Key: "name.given", Type: "text", Label: "First name", Autocomplete: "given-name", Value: u.Given},
			{Key: "name.family", Type: "text", Label: "Last name", Autocomplete: "family-name", Value: u.Family}} {
			if f.Value != "" {
				fs = append(fs, f)
			}
		}
	}
	return fs
}

func usernamePasswordFields(s *Step) []Field {
	return append(usernameKnownFields(s), passwordField("password", "Password", "current-password"))
}

func deviceFields(s *Step) []Field {
	f := Field{Key: "device", Type: "device", Label: "Device", Required: true}
	for _, d := range s.Devices {
		f.Options = append(f.Options, Option{Value: d.ID, Label: deviceLabel(d)})
	}
	if s.SelectedDevice != nil {
		f.Value = s.SelectedDevice.ID
	}
	return []Field{f}
}

func deviceLabel(d Device) string {
	kind := map[string]string{
		"SMS": "Text message", "EMAIL": "Email", "VOICE": "Voice call", "MOBILE": "Push notification",
		"TOTP": "Authenticator app", "FIDO2": "Security key or passkey", "WHATSAPP": "WhatsApp",
	}[d.Type]
	if kind == "" {
		kind = d.Type
	}
	if d.Target != "" {
		return kind + " " + d.Target
	}
	return kind
}

func attributeFields(s *Step) []Field {
	fs := []Field{}
	for _, a := range s.Attributes {
		f := Field{Key: a.Name, Type: "text", Label: a.DisplayName, Required: a.Required, Value: a.Value}
		if f.Label == "" {
			f.Label = a.Name
		}
		lower := strings.ToLower(a.Name)
		switch {
		case strings.Contains(lower, "email"):
			f.Type, f.Autocomplete = "email", "email"
		case strings.Contains(lower, "phone"):
			f.Type, f.Autocomplete = "tel", "tel"
		case lower == "name.given":
			f.Autocomplete = "given-name"
		case lower == "name.family":
			f.Autocomplete = "family-name"
		}
		fs = append(fs, f)
	}
	return fs
}

// ---- input ----

// input is the person's input for an action, as decoded from JSON.
type input map[string]any

// str reads a string input; a number or boolean is a caller mistake.
func (in input) str(key string) (string, error) {
	v, ok := in[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", usage("input %q must be a string, not %T", key, v)
	}
	return s, nil
}

func (in input) boolean(key string) (bool, error) {
	switch v := in[key].(type) {
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(v) {
		case "true", "on", "yes":
			return true, nil
		case "false", "off", "no", "":
			return false, nil
		}
	case nil:
		return false, nil
	}
	return false, usage("input %q must be a boolean", key)
}

// present reports whether the person gave a value for key (an empty string is no value).
func (in input) present(key string) bool {
	switch v := in[key].(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(v) != ""
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// ---- typed bodies ----

type usernamePasswordBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type usernameBody struct {
	Username string `json:"username"`
}

type otpBody struct {
	OTP string `json:"otp"`
}

type passwordResetBody struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

type passwordRecoverBody struct {
	RecoveryCode string `json:"recoveryCode"`
	NewPassword  string `json:"newPassword"`
}

type verifyBody struct {
	VerificationCode string `json:"verificationCode"`
}

type deviceRef struct {
	ID string `json:"id"`
}

type deviceSelectBody struct {
	Device deviceRef `json:"device"`
}

type acceptBody struct {
	Accept bool `json:"accept"`
}

type assertionBody struct {
	Origin        string `json:"origin"`
	Assertion     string `json:"assertion"`
	Compatibility string `json:"compatibility,omitempty"`
}

type userCodeBody struct {
	UserCode string `json:"userCode"`
}

func noBody(input, *Step) (any, error) { return nil, nil }

// strings2 reads two string inputs.
func strings2(in input, a, b string) (string, string, error) {
	x, err := in.str(a)
	if err != nil {
		return "", "", err
	}
	y, err := in.str(b)
	return x, y, err
}

func buildUsernamePassword(in input, _ *Step) (any, error) {
	u, p, err := strings2(in, "username", "password")
	return usernamePasswordBody{Username: strings.TrimSpace(u), Password: p}, err
}

func buildUserLookup(in input, _ *Step) (any, error) {
	u, err := in.str("username")
	return usernameBody{Username: strings.TrimSpace(u)}, err
}

func buildPasswordForgot(in input, s *Step) (any, error) { return buildUserLookup(in, s) }

func buildOTP(in input, _ *Step) (any, error) {
	c, err := in.str("otp")
	return otpBody{OTP: oneTimeCode(c)}, err
}

func buildPasswordReset(in input, _ *Step) (any, error) {
	c, n, err := strings2(in, "currentPassword", "newPassword")
	return passwordResetBody{CurrentPassword: c, NewPassword: n}, err
}

func buildPasswordRecover(in input, _ *Step) (any, error) {
	c, n, err := strings2(in, "recoveryCode", "newPassword")
	return passwordRecoverBody{RecoveryCode: oneTimeCode(c), NewPassword: n}, err
}

func buildUserVerify(in input, _ *Step) (any, error) {
	c, err := in.str("verificationCode")
	return verifyBody{VerificationCode: oneTimeCode(c)}, err
}

// oneTimeCode drops the spaces and dashes people type or paste into a code ("123 456",
// "123-456" → "123456").
func oneTimeCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' || r == '\u00a0' || r == '\u2010' || r == '\u2011' || r == '\u2013' {
			return -1
		}
		return r
	}, s)
}

func buildUserCode(in input, _ *Step) (any, error) {
	c, err := in.str("userCode")
	return userCodeBody{UserCode: strings.TrimSpace(c)}, err
}

// buildDeviceSelect accepts the device as its id or as {"id": ...}.
func buildDeviceSelect(in input, _ *Step) (any, error) {
	switch v := in["device"].(type) {
	case string:
		return deviceSelectBody{Device: deviceRef{ID: v}}, nil
	case map[string]any:
		id, ok := v["id"].(string)
		if !ok {
			return nil, usage(`input "device" must be a device id or {"id": "..."}`)
		}
		return deviceSelectBody{Device: deviceRef{ID: id}}, nil
	}
	return nil, usage(`input "device" must be a device id or {"id": "..."}`)
}

func buildAccept(in input, _ *Step) (any, error) {
	ok, err := in.boolean("accept")
	return acceptBody{Accept: ok}, err
}

func buildAssertion(in input, _ *Step) (any, error) {
	origin, compat, err := strings2(in, "origin", "compatibility")
	if err != nil {
		return nil, err
	}
	// PingOne takes the PublicKeyCredential as a JSON string; accept an object and encode it.
	var assertion string
	switch v := in["assertion"].(type) {
	case string:
		assertion = v
	default:
		b, err := fjson.AppendValue(nil, v)
		if err != nil {
			return nil, usage("input \"assertion\": %v", err)
		}
		assertion = string(b)
	}
	return assertionBody{Origin: origin, Assertion: assertion, Compatibility: compat}, nil
}

// buildUserRegister sends username, email and password, plus any further profile attributes the
// caller gave (PingOne's user schema decides what it accepts).
func buildUserRegister(in input, _ *Step) (any, error) {
	body := map[string]any{}
	for k, v := range in {
		body[k] = v
	}
	for _, k := range []string{"username", "email"} {
		s, err := in.str(k)
		if err != nil {
			return nil, err
		}
		body[k] = strings.TrimSpace(s)
	}
	if _, err := in.str("password"); err != nil {
		return nil, err
	}
	return body, nil
}

// buildUserConfirm sends the account data as PATCH /users would take it ({"name": {"given":
// ...}} for "name.given"); username is required.
func buildUserConfirm(in input, _ *Step) (any, error) {
	body := map[string]any{}
	for k, v := range in {
		if err := setPath(body, strings.Split(k, "."), v); err != nil {
			return nil, err
		}
	}
	u, err := in.str("username")
	body["username"] = strings.TrimSpace(u)
	return body, err
}

// buildUserUpdate nests dotted attribute names: {"name.given": "Ann"} → {"name": {"given": "Ann"}}.
func buildUserUpdate(in input, s *Step) (any, error) {
	body := map[string]any{}
	for _, a := range s.Attributes {
		v, ok := in[a.Name]
		if !ok || v == nil || v == "" {
			continue
		}
		if err := setPath(body, strings.Split(a.Name, "."), v); err != nil {
			return nil, err
		}
	}
	return body, nil
}

func setPath(m map[string]any, path []string, v any) error {
	for _, p := range path[:len(path)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			if _, taken := m[p]; taken {
				return usage("attribute %q is both a value and an object", p)
			}
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
	return nil
}

// buildBody checks the input against the action's fields and builds the request body. A required
// field left empty is the person's to fix (a *Error of class fix-and-resubmit); a wrongly typed
// input is the caller's mistake (a usage error).
func buildBody(a Action, in input, s *Step) (body string, fix *Error, err error) {
	if in == nil {
		in = input{}
	}
	if a.Generic {
		if len(in) == 0 {
			return "", nil, nil
		}
		b, err := fjson.AppendValue(nil, map[string]any(in))
		if err != nil {
			return "", nil, usage("input: %v", err)
		}
		return string(b), nil, nil
	}
	merged := input{}
	for k, v := range in {
		merged[k] = v
	}
	var details []Detail
	for _, f := range a.Fields {
		if !merged.present(f.Key) && f.Value != "" {
			merged[f.Key] = f.Value
		}
		switch {
		case f.Required && f.Type != "boolean" && !merged.present(f.Key):
			details = append(details, Detail{Code: "REQUIRED", Target: f.Key, Message: f.Label + " is required."})
		case f.Required && f.Type == "boolean" && merged[f.Key] == nil:
			details = append(details, Detail{Code: "REQUIRED", Target: f.Key, Message: "Choose whether to accept."})
		case len(f.Options) > 0 && merged.present(f.Key) && !hasOption(f.Options, merged[f.Key]):
			details = append(details, Detail{Code: "INVALID_VALUE", Target: f.Key, Message: f.Label + " is not one of the offered choices."})
		}
	}
	if len(details) > 0 {
		return "", &Error{Code: CodeMissingField, Class: ClassFix, Message: "Some fields need your attention.", Details: details}, nil
	}
	sp, _, _ := spec(a.Name)
	v, err := sp.build(merged, s)
	if err != nil || v == nil {
		return "", nil, err
	}
	b, err := fjson.AppendValue(nil, v)
	if err != nil {
		return "", nil, usage("input: %v", err)
	}
	return string(b), nil, nil
}

// hasOption reports whether v names one of opts. A value of the wrong type is left for the body
// builder to refuse as a usage error.
func hasOption(opts []Option, v any) bool {
	var id string
	switch x := v.(type) {
	case string:
		id = x
	case map[string]any:
		s, ok := x["id"].(string)
		if !ok {
			return true
		}
		id = s
	default:
		return true
	}
	for _, o := range opts {
		if o.Value == id {
			return true
		}
	}
	return false
}

package flowcore

import (
	"github.com/pingflow/pingflow/flowcore/fjson"
)

// JSON without encoding/json: every type the engine writes has an AppendJSON method that gives
// the bytes encoding/json's Marshal gives for it (the struct tags stay, and say the same thing;
// json_test.go checks the two against each other on every value the tests produce). The browser
// module links no reflection this way.

// RawJSON is a JSON text kept verbatim, as json.RawMessage is: encoding/json writes it as it
// stands (compacted) and reads a value into it unchanged.
type RawJSON []byte

// MarshalJSON returns r, or null when r is nil.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	return r, nil
}

// AppendJSON appends r compacted, null when empty.
func (r RawJSON) AppendJSON(dst []byte) []byte { return fjson.AppendRaw(dst, string(r)) }

// UnmarshalJSON keeps a copy of data.
func (r *RawJSON) UnmarshalJSON(data []byte) error {
	*r = append((*r)[0:0], data...)
	return nil
}

func appendEach[T any](o *fjson.Object, name string, v []T, omitEmpty bool, each func(dst []byte, x *T) []byte) {
	o.Slice(name, len(v), v == nil, omitEmpty, func(dst []byte, i int) []byte { return each(dst, &v[i]) })
}

// AppendJSON appends e as encoding/json writes it.
func (e Effect) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("kind", string(e.Kind), false)
	o.Value("request", e.Request, e.Request != nil, true)
	o.Value("step", e.Step, e.Step != nil, true)
	o.Int("delayMs", e.DelayMS, true)
	o.Str("url", e.URL, true)
	o.Value("tokens", e.Tokens, e.Tokens != nil, true)
	o.Value("error", e.Error, e.Error != nil, true)
	o.Value("ceremony", e.Ceremony, e.Ceremony != nil, true)
	o.Value("verify", e.Verify, e.Verify != nil, true)
	o.Value("ahead", e.Ahead, e.Ahead != nil, true)
	return o.End()
}

// AppendJSON appends r as encoding/json writes it.
func (r *Request) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("method", r.Method, false)
	o.Str("url", r.URL, false)
	o.StringMap("headers", r.Headers, true)
	o.Str("body", r.Body, true)
	o.Str("credentials", r.Credentials, false)
	o.Str("purpose", string(r.Purpose), false)
	o.Str("action", r.Action, true)
	o.Bool("idempotent", r.Idempotent, false)
	o.Bool("sensitive", r.Sensitive, true)
	return o.End()
}

// AppendJSON appends t as encoding/json writes it.
func (t *Tokens) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("accessToken", t.AccessToken, false)
	o.Str("tokenType", t.TokenType, false)
	o.Str("idToken", t.IDToken, true)
	o.Str("refreshToken", t.RefreshToken, true)
	o.Str("scope", t.Scope, true)
	o.Int("expiresIn", t.ExpiresIn, true)
	o.Int("expiresAt", t.ExpiresAt, true)
	o.Raw("claims", string(t.Claims), true)
	return o.End()
}

// AppendJSON appends e as encoding/json writes it.
func (e *Error) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("code", e.Code, false)
	o.Str("class", string(e.Class), false)
	o.Str("message", e.Message, false)
	o.Int("httpStatus", int64(e.HTTPStatus), true)
	o.Str("serverCode", e.ServerCode, true)
	o.Str("serverId", e.ServerID, true)
	appendEach(&o, "details", e.Details, true, func(dst []byte, d *Detail) []byte { return d.AppendJSON(dst) })
	o.Raw("body", string(e.Body), true)
	return o.End()
}

// AppendJSON appends d as encoding/json writes it.
func (d *Detail) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("code", d.Code, true)
	o.Str("target", d.Target, true)
	o.Str("message", d.Message, true)
	o.Raw("innerError", string(d.InnerError), true)
	o.IntPtr("failuresRemaining", d.FailuresRemaining, true)
	o.IntPtr("secondsUntilUnlock", d.SecondsUntilUnlock, true)
	o.Strings("unsatisfiedRequirements", d.UnsatisfiedRequirements, true)
	return o.End()
}

// AppendJSON appends c as encoding/json writes it.
func (c *Ceremony) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("kind", string(c.Kind), false)
	o.Raw("publicKey", string(c.PublicKey), true)
	o.Str("mediation", c.Mediation, true)
	o.Value("protect", c.Protect, c.Protect != nil, true)
	o.Str("url", c.URL, true)
	o.Value("step", c.Step, c.Step != nil, true)
	o.Str("action", c.Action, true)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *ProtectRequest) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Bool("behavioralDataCollection", p.BehavioralDataCollection, false)
	o.Bool("universalDeviceIdentification", p.UniversalDeviceIdentification, false)
	return o.End()
}

// AppendJSON appends v as encoding/json writes it.
func (v *Verify) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("alg", v.Alg, false)
	o.Raw("jwk", string(v.Key), false)
	o.Str("signingInput", v.SigningInput, false)
	o.Str("signature", v.Signature, false)
	return o.End()
}

// AppendJSON appends s as encoding/json writes it.
func (s *Step) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("protocol", s.Protocol, false)
	o.Str("status", s.Status, false)
	o.Bool("known", s.Known, false)
	o.Str("flowId", s.FlowID, false)
	o.Str("key", s.Key, false)
	o.Str("wait", s.Wait, true)
	o.Str("identity", s.Identity, true)
	appendEach(&o, "actions", s.Actions, false, func(dst []byte, a *Action) []byte { return a.AppendJSON(dst) })
	o.Value("user", s.User, s.User != nil, true)
	o.Value("application", s.Application, s.Application != nil, true)
	appendEach(&o, "devices", s.Devices, true, func(dst []byte, d *Device) []byte { return d.AppendJSON(dst) })
	o.Value("selectedDevice", s.SelectedDevice, s.SelectedDevice != nil, true)
	o.Bool("bypassAllowed", s.BypassAllowed, true)
	o.Value("passwordPolicy", s.PasswordPolicy, s.PasswordPolicy != nil, true)
	appendEach(&o, "socialProviders", s.SocialProviders, true, func(dst []byte, p *SocialProvider) []byte { return p.AppendJSON(dst) })
	o.Value("provider", s.Provider, s.Provider != nil, true)
	appendEach(&o, "attributes", s.Attributes, true, func(dst []byte, a *Attribute) []byte { return a.AppendJSON(dst) })
	o.Str("promptText", s.PromptText, true)
	o.Value("agreement", s.Agreement, s.Agreement != nil, true)
	o.Str("title", s.Title, true)
	o.Str("description", s.Description, true)
	appendEach(&o, "content", s.Content, true, func(dst []byte, c *Content) []byte { return c.AppendJSON(dst) })
	o.Value("error", s.Error, s.Error != nil, true)
	o.Str("createdAt", s.CreatedAt, true)
	o.Str("expiresAt", s.ExpiresAt, true)
	return o.End()
}

// AppendJSON appends a as encoding/json writes it.
func (a *Action) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("name", a.Name, false)
	o.Str("mediaType", a.MediaType, false)
	o.Str("label", a.Label, false)
	appendEach(&o, "fields", a.Fields, false, func(dst []byte, f *Field) []byte { return f.AppendJSON(dst) })
	o.Bool("generic", a.Generic, true)
	o.Str("event", a.Event, true)
	o.Bool("link", a.Link, true)
	o.Str("role", a.Role, true)
	o.Str("ceremony", string(a.Ceremony), true)
	o.Bool("conditional", a.Conditional, true)
	o.Value("provider", a.Provider, a.Provider != nil, true)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *Provider) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", p.ID, true)
	o.Str("name", p.Name, true)
	o.Str("type", p.Type, true)
	return o.End()
}

// AppendJSON appends f as encoding/json writes it.
func (f *Field) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("key", f.Key, false)
	o.Str("type", f.Type, false)
	o.Str("label", f.Label, false)
	o.Bool("required", f.Required, true)
	o.Str("autocomplete", f.Autocomplete, true)
	o.Str("value", f.Value, true)
	appendEach(&o, "options", f.Options, true, func(dst []byte, x *Option) []byte { return x.AppendJSON(dst) })
	o.Strings("errors", f.Errors, true)
	o.Str("pattern", f.Pattern, true)
	o.Str("patternMessage", f.PatternMessage, true)
	o.Bool("verify", f.Verify, true)
	o.Value("policy", f.Policy, f.Policy != nil, true)
	o.Str("defaultCountryCode", f.DefaultCountryCode, true)
	o.Value("phone", f.Phone, f.Phone != nil, true)
	o.Bool("showExtension", f.ShowExtension, true)
	o.Str("extensionLabel", f.ExtensionLabel, true)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *Phone) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("countryCode", p.CountryCode, false)
	o.Str("phoneNumber", p.PhoneNumber, false)
	o.Str("extension", p.Extension, true)
	return o.End()
}

// AppendJSON appends x as encoding/json writes it.
func (x *Option) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("value", x.Value, false)
	o.Str("label", x.Label, false)
	o.Str("type", x.Type, true)
	o.Str("description", x.Description, true)
	o.Bool("default", x.Default, true)
	o.Str("key", x.Key, true)
	return o.End()
}

// AppendJSON appends c as encoding/json writes it.
func (c *Content) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("type", c.Type, false)
	o.Str("key", c.Key, true)
	o.Str("text", c.Text, true)
	appendEach(&o, "parts", c.Parts, true, func(dst []byte, p *TextPart) []byte { return p.AppendJSON(dst) })
	o.Str("src", c.Src, true)
	o.Raw("raw", string(c.Raw), true)
	o.Str("before", c.Before, true)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *TextPart) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("text", p.Text, false)
	o.Str("href", p.Href, true)
	o.Str("target", p.Target, true)
	return o.End()
}

// AppendJSON appends u as encoding/json writes it.
func (u *User) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", u.ID, true)
	o.Str("username", u.Username, true)
	o.Str("given", u.Given, true)
	o.Str("family", u.Family, true)
	o.Str("email", u.Email, true)
	return o.End()
}

// AppendJSON appends a as encoding/json writes it.
func (a *Application) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", a.ID, true)
	o.Str("name", a.Name, true)
	o.Str("iconUrl", a.IconURL, true)
	return o.End()
}

// AppendJSON appends d as encoding/json writes it.
func (d *Device) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", d.ID, false)
	o.Str("type", d.Type, true)
	o.Str("status", d.Status, true)
	o.Str("target", d.Target, true)
	o.Str("name", d.Name, true)
	o.Str("key", d.Key, true)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *PasswordPolicy) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", p.ID, true)
	o.Str("name", p.Name, true)
	o.Int("minLength", int64(p.MinLength), true)
	o.Int("maxLength", int64(p.MaxLength), true)
	appendEach(&o, "minCharacters", p.MinCharacters, true, func(dst []byte, c *CharacterSet) []byte { return c.AppendJSON(dst) })
	o.Int("maxRepeatedCharacters", int64(p.MaxRepeatedCharacters), true)
	o.Int("minUniqueCharacters", int64(p.MinUniqueCharacters), true)
	o.Bool("excludesCommonlyUsed", p.ExcludesCommonlyUsed, true)
	o.Bool("excludesProfileData", p.ExcludesProfileData, true)
	o.Bool("notSimilarToCurrent", p.NotSimilarToCurrent, true)
	o.Int("historyCount", int64(p.HistoryCount), true)
	o.Int("minAgeDays", int64(p.MinAgeDays), true)
	o.Int("maxAgeDays", int64(p.MaxAgeDays), true)
	o.Raw("raw", string(p.Raw), true)
	return o.End()
}

// AppendJSON appends c as encoding/json writes it.
func (c *CharacterSet) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("characters", c.Characters, false)
	o.Int("min", int64(c.Min), false)
	return o.End()
}

// AppendJSON appends p as encoding/json writes it.
func (p *SocialProvider) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", p.ID, true)
	o.Str("name", p.Name, true)
	o.Str("type", p.Type, true)
	o.Str("href", p.Href, true)
	return o.End()
}

// AppendJSON appends a as encoding/json writes it.
func (a *Attribute) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("name", a.Name, false)
	o.Str("displayName", a.DisplayName, true)
	o.Bool("required", a.Required, true)
	o.Str("value", a.Value, true)
	return o.End()
}

// AppendJSON appends a as encoding/json writes it.
func (a *Agreement) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", a.ID, true)
	o.Str("name", a.Name, true)
	o.Str("text", a.Text, true)
	o.Str("language", a.Language, true)
	return o.End()
}

// AppendJSON writes a snapshot's state, its binding to the application first.
func (ss *snapshotState) AppendJSON(dst []byte) []byte {
	st := &ss.state
	o := fjson.Start(dst)
	o.Str("authPath", ss.AuthPath, false)
	o.Str("envId", ss.EnvID, true)
	o.Str("clientId", ss.ClientID, false)
	o.Str("redirectUri", ss.RedirectURI, false)
	o.Str("mode", string(st.Mode), true)
	o.Str("phase", string(st.Phase), false)
	o.Value("pending", st.Pending, st.Pending != nil, true)
	o.Str("verifier", st.Verifier, true)
	o.Str("state", st.State, true)
	o.Str("nonce", st.Nonce, true)
	o.Str("flow", st.Flow, true)
	o.Value("lastError", st.LastError, st.LastError != nil, true)
	o.Str("lastAction", st.LastAction, true)
	o.Int("polls", int64(st.Polls), true)
	o.Value("reread", st.Reread, st.Reread != nil, true)
	o.Value("ceremony", st.Ceremony, st.Ceremony != nil, true)
	o.Str("protocol", st.Protocol, true)
	o.Str("node", st.Node, true)
	o.Str("interactionId", st.InteractionID, true)
	o.Str("interactionToken", st.InteractionToken, true)
	return o.End()
}

// AppendJSON writes the envelope; State is already compact JSON.
func (env *snapshotEnvelope) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("format", env.Format, false)
	o.Int("version", int64(env.Version), false)
	o.Raw("state", string(env.State), false)
	o.Str("sum", env.Sum, false)
	return o.End()
}

func (b usernamePasswordBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("username", b.Username, false)
	o.Str("password", b.Password, false)
	return o.End()
}

func (b usernameBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("username", b.Username, false)
	return o.End()
}

func (b otpBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("otp", b.OTP, false)
	return o.End()
}

func (b passwordResetBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("currentPassword", b.CurrentPassword, false)
	o.Str("newPassword", b.NewPassword, false)
	return o.End()
}

func (b passwordRecoverBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("recoveryCode", b.RecoveryCode, false)
	o.Str("newPassword", b.NewPassword, false)
	return o.End()
}

func (b verifyBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("verificationCode", b.VerificationCode, false)
	return o.End()
}

func (b deviceRef) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", b.ID, false)
	return o.End()
}

func (b deviceSelectBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Value("device", b.Device, true, false)
	return o.End()
}

func (b acceptBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Bool("accept", b.Accept, false)
	return o.End()
}

func (b assertionBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("origin", b.Origin, false)
	o.Str("assertion", b.Assertion, false)
	o.Str("compatibility", b.Compatibility, true)
	return o.End()
}

func (b userCodeBody) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("userCode", b.UserCode, false)
	return o.End()
}

func (c dvCredential) AppendJSON(dst []byte) []byte {
	o := fjson.Start(dst)
	o.Str("id", c.ID, false)
	o.Str("rawId", c.RawID, false)
	o.Str("type", c.Type, false)
	o.Raw("authenticatorAttachment", string(c.Attachment), true)
	o.Key("response")
	r := fjson.Start(o.B)
	r.Str("clientDataJSON", c.Response.ClientDataJSON, false)
	r.Str("attestationObject", c.Response.AttestationObject, true)
	r.Str("authenticatorData", c.Response.AuthenticatorData, true)
	r.Str("signature", c.Response.Signature, true)
	r.Raw("userHandle", string(c.Response.UserHandle), true)
	o.B = r.End()
	return o.End()
}

// ---- reading ------------------------------------------------------------------------------

// raw keeps v's text.
func raw(v fjson.Result, dst *RawJSON) { *dst = RawJSON(v.Raw) }

// ReadConfig reads a configuration in its JSON form (the struct tags of Config), refusing a
// member it does not know. It does not check the values: New does.
func ReadConfig(data string) (Config, error) {
	var c Config
	var r fjson.Reader
	r.Object("config", r.Top("config", data), func(k string, v fjson.Result) bool {
		p := "config." + k
		switch k {
		case "authPath":
			r.Str(p, v, &c.AuthPath)
		case "envId":
			r.Str(p, v, &c.EnvID)
		case "customDomain":
			r.Bool(p, v, &c.CustomDomain)
		case "clientId":
			r.Str(p, v, &c.ClientID)
		case "redirectUri":
			r.Str(p, v, &c.RedirectURI)
		case "scope":
			r.Str(p, v, &c.Scope)
		case "acrValues":
			r.Str(p, v, &c.ACRValues)
		case "loginHint":
			r.Str(p, v, &c.LoginHint)
		case "prompt":
			r.Str(p, v, &c.Prompt)
		case "maxAge":
			r.IntPtr(p, v, &c.MaxAge)
		case "uiLocales":
			r.Str(p, v, &c.UILocales)
		default:
			return false
		}
		return true
	})
	return c, r.Err
}

// ReadResponse reads a Response in its JSON form ({status, headers, body, networkError}).
func ReadResponse(data string) (Response, error) {
	var resp Response
	var r fjson.Reader
	r.Object("response", r.Top("response", data), func(k string, v fjson.Result) bool {
		p := "response." + k
		switch k {
		case "status":
			r.Int(p, v, &resp.Status)
		case "headers":
			r.StringMap(p, v, &resp.Headers)
		case "body":
			r.Str(p, v, &resp.Body)
		case "networkError":
			r.Str(p, v, &resp.NetworkError)
		default:
			return false
		}
		return true
	})
	return resp, r.Err
}

// ReadCeremonyResult reads a CeremonyResult in its JSON form.
func ReadCeremonyResult(data string) (CeremonyResult, error) {
	var res CeremonyResult
	var r fjson.Reader
	r.Object("result", r.Top("result", data), func(k string, v fjson.Result) bool {
		p := "result." + k
		switch k {
		case "credential":
			raw(v, &res.Credential)
		case "origin":
			r.Str(p, v, &res.Origin)
		case "signals":
			r.Str(p, v, &res.Signals)
		case "error":
			r.Str(p, v, &res.Error)
		case "message":
			r.Str(p, v, &res.Message)
		case "valid":
			r.Bool(p, v, &res.Valid)
		default:
			return false
		}
		return true
	})
	return res, r.Err
}

// ReadInput reads the field values Submit takes: a JSON object (or null, read as no input) whose
// numbers read as float64, as encoding/json reads them into a map[string]any.
func ReadInput(data string) (map[string]any, error) {
	var r fjson.Reader
	v := r.Top("input", data)
	if r.Err != nil {
		return nil, r.Err
	}
	if v.Type == fjson.Null {
		return nil, nil
	}
	if !v.IsObject() {
		return nil, &fjson.DecodeError{Msg: "input: must be an object, not " + fjson.KindName(v)}
	}
	m, _ := fjson.Decode(v, false).(map[string]any)
	return m, nil
}

func readRequest(r *fjson.Reader, path string, v fjson.Result) *Request {
	if v.Type == fjson.Null {
		return nil
	}
	q := &Request{}
	r.Object(path, v, func(k string, v fjson.Result) bool {
		p := path + "." + k
		switch k {
		case "method":
			r.Str(p, v, &q.Method)
		case "url":
			r.Str(p, v, &q.URL)
		case "headers":
			r.StringMap(p, v, &q.Headers)
		case "body":
			r.Str(p, v, &q.Body)
		case "credentials":
			r.Str(p, v, &q.Credentials)
		case "purpose":
			var s string
			r.Str(p, v, &s)
			q.Purpose = Purpose(s)
		case "action":
			r.Str(p, v, &q.Action)
		case "idempotent":
			r.Bool(p, v, &q.Idempotent)
		case "sensitive":
			r.Bool(p, v, &q.Sensitive)
		default:
			return false
		}
		return true
	})
	return q
}

func readErrorValue(r *fjson.Reader, path string, v fjson.Result) *Error {
	if v.Type == fjson.Null {
		return nil
	}
	e := &Error{}
	r.Object(path, v, func(k string, v fjson.Result) bool {
		p := path + "." + k
		switch k {
		case "code":
			r.Str(p, v, &e.Code)
		case "class":
			var s string
			r.Str(p, v, &s)
			e.Class = Class(s)
		case "message":
			r.Str(p, v, &e.Message)
		case "httpStatus":
			r.Int(p, v, &e.HTTPStatus)
		case "serverCode":
			r.Str(p, v, &e.ServerCode)
		case "serverId":
			r.Str(p, v, &e.ServerID)
		case "details":
			if v.Type == fjson.Null {
				e.Details = nil
				return true
			}
			if !v.IsArray() {
				r.Fail(p, "must be an array, not "+fjson.KindName(v))
				return true
			}
			e.Details = []Detail{}
			v.ForEach(func(i, v fjson.Result) bool {
				e.Details = append(e.Details, readDetail(r, p+"."+i.Raw, v))
				return r.Err == nil
			})
		case "body":
			raw(v, &e.Body)
		default:
			return false
		}
		return true
	})
	return e
}

func readDetail(r *fjson.Reader, path string, v fjson.Result) Detail {
	var d Detail
	r.Object(path, v, func(k string, v fjson.Result) bool {
		p := path + "." + k
		switch k {
		case "code":
			r.Str(p, v, &d.Code)
		case "target":
			r.Str(p, v, &d.Target)
		case "message":
			r.Str(p, v, &d.Message)
		case "innerError":
			raw(v, &d.InnerError)
		case "failuresRemaining":
			r.IntPtr(p, v, &d.FailuresRemaining)
		case "secondsUntilUnlock":
			r.IntPtr(p, v, &d.SecondsUntilUnlock)
		case "unsatisfiedRequirements":
			r.Strings(p, v, &d.UnsatisfiedRequirements)
		default:
			return false
		}
		return true
	})
	return d
}

// ceremony reads a snapshot's ceremony, which never holds a Step.
func readCeremony(r *fjson.Reader, path string, v fjson.Result) *Ceremony {
	if v.Type == fjson.Null {
		return nil
	}
	c := &Ceremony{}
	r.Object(path, v, func(k string, v fjson.Result) bool {
		p := path + "." + k
		switch k {
		case "kind":
			var s string
			r.Str(p, v, &s)
			c.Kind = CeremonyKind(s)
		case "publicKey":
			raw(v, &c.PublicKey)
		case "mediation":
			r.Str(p, v, &c.Mediation)
		case "protect":
			if v.Type == fjson.Null {
				c.Protect = nil
				return true
			}
			c.Protect = &ProtectRequest{}
			r.Object(p, v, func(k string, v fjson.Result) bool {
				switch k {
				case "behavioralDataCollection":
					r.Bool(p+"."+k, v, &c.Protect.BehavioralDataCollection)
				case "universalDeviceIdentification":
					r.Bool(p+"."+k, v, &c.Protect.UniversalDeviceIdentification)
				default:
					return false
				}
				return true
			})
		case "url":
			r.Str(p, v, &c.URL)
		case "action":
			r.Str(p, v, &c.Action)
		default:
			return false
		}
		return true
	})
	return c
}

// snapshotState reads a snapshot's state (snapshotState.AppendJSON's members).
func readSnapshotState(r *fjson.Reader, v fjson.Result) snapshotState {
	var ss snapshotState
	st := &ss.state
	r.Object("state", v, func(k string, v fjson.Result) bool {
		p := k
		switch k {
		case "authPath":
			r.Str(p, v, &ss.AuthPath)
		case "envId":
			r.Str(p, v, &ss.EnvID)
		case "clientId":
			r.Str(p, v, &ss.ClientID)
		case "redirectUri":
			r.Str(p, v, &ss.RedirectURI)
		case "mode":
			var s string
			r.Str(p, v, &s)
			st.Mode = mode(s)
		case "phase":
			var s string
			r.Str(p, v, &s)
			st.Phase = phase(s)
		case "pending":
			st.Pending = readRequest(r, p, v)
		case "verifier":
			r.Str(p, v, &st.Verifier)
		case "state":
			r.Str(p, v, &st.State)
		case "nonce":
			r.Str(p, v, &st.Nonce)
		case "flow":
			r.Str(p, v, &st.Flow)
		case "lastError":
			st.LastError = readErrorValue(r, p, v)
		case "lastAction":
			r.Str(p, v, &st.LastAction)
		case "polls":
			r.Int(p, v, &st.Polls)
		case "reread":
			st.Reread = readErrorValue(r, p, v)
		case "ceremony":
			st.Ceremony = readCeremony(r, p, v)
		case "protocol":
			r.Str(p, v, &st.Protocol)
		case "node":
			r.Str(p, v, &st.Node)
		case "interactionId":
			r.Str(p, v, &st.InteractionID)
		case "interactionToken":
			r.Str(p, v, &st.InteractionToken)
		default:
			return false
		}
		return true
	})
	return ss
}

package flowcore

import (
	"github.com/pingflow/pingflow/flowcore/fjson"
)

// buildStep turns a checked flow document into the Step a page renders.
// lastErr, when set, is the error of the last submission of action lastAction.
func buildStep(d *flowDoc, lastErr *Error, lastAction string) *Step {
	// One pass over _embedded for all its members the step shows.
	var m [12]fjson.Result
	d.embedded.Members(m[:], "promptText", "user", "application", "devices", "selectedDevice", "passwordPolicy",
		"socialProviders", "identityProviders", "identityProvider", "attributes", "agreement", "publicKeyCredentialRequestOptions")
	promptText, user, application, devices, selected, policy := m[0], m[1], m[2], m[3], m[4], m[5]
	social, idps, idp, attributes, agreement, requestOptions := m[6], m[7], m[8], m[9], m[10], m[11]
	key, known := lookup(statusKeys[:], d.status, "unknown")
	s := &Step{
		Protocol:      protocolFlows,
		Status:        d.status,
		Known:         known,
		FlowID:        d.id,
		Key:           key,
		BypassAllowed: d.bypassAllowed.Bool(),
		PromptText:    firstString(promptText, d.promptText),
		CreatedAt:     d.createdAt,
		ExpiresAt:     d.expiresAt,
	}
	if user.IsObject() {
		var f [4]fjson.Result
		user.Members(f[:], "id", "username", "name", "email")
		var name [2]fjson.Result
		f[2].Members(name[:], "given", "family")
		s.User = &User{ID: f[0].String(), Username: f[1].String(), Given: name[0].String(), Family: name[1].String(), Email: f[3].String()}
		s.Identity = s.User.Username
	}
	if d.status == StatusPushConfirmationRequired {
		s.Wait = "push"
	}
	if application.IsObject() {
		var f [4]fjson.Result
		application.Members(f[:], "id", "name", "icon", "iconUrl")
		s.Application = &Application{ID: f[0].String(), Name: f[1].String(), IconURL: firstString(f[2].Get("href"), f[3])}
	}
	devices.ForEach(func(_, v fjson.Result) bool {
		if !v.IsObject() {
			return true
		}
		if dev := decodeDevice(v); dev.ID != "" {
			s.Devices = append(s.Devices, dev)
		}
		return true
	})
	// selectedDevice sits at the top level in PingOne's examples; accept it under _embedded too.
	if sel := firstObject(d.selectedDevice, selected); sel.Exists() {
		dev := decodeDevice(sel)
		for _, known := range s.Devices {
			if known.ID == dev.ID {
				dev = known
			}
		}
		if dev.ID != "" {
			s.SelectedDevice = &dev
		}
	}
	if policy.IsObject() {
		s.PasswordPolicy = decodePasswordPolicy(policy)
	}
	providers := firstObject(social, idps)
	providers.ForEach(func(_, v fjson.Result) bool {
		if v.IsObject() {
			var f [4]fjson.Result
			v.Members(f[:], "id", "name", "type", "_links")
			s.SocialProviders = append(s.SocialProviders, SocialProvider{
				ID: f[0].String(), Name: f[1].String(), Type: f[2].String(), Href: f[3].Get("authenticate.href").String()})
		}
		return true
	})
	if idp.IsObject() {
		var f [3]fjson.Result
		idp.Members(f[:], "id", "name", "type")
		s.Provider = &Provider{ID: f[0].String(), Name: f[1].String(), Type: f[2].String()}
	}
	attributes.ForEach(func(_, v fjson.Result) bool {
		if !v.IsObject() {
			return true
		}
		var f [4]fjson.Result
		v.Members(f[:], "name", "displayName", "required", "value")
		if f[0].String() != "" {
			s.Attributes = append(s.Attributes, Attribute{Name: f[0].String(),
				DisplayName: f[1].String(), Required: f[2].Bool(), Value: f[3].String()})
		}
		return true
	})
	if agreement.IsObject() {
		var f [5]fjson.Result
		agreement.Members(f[:], "id", "name", "text", "content", "language")
		var lang [2]fjson.Result
		f[4].Members(lang[:], "text", "locale")
		s.Agreement = &Agreement{ID: f[0].String(), Name: f[1].String(),
			Text:     firstString(f[2], f[3], lang[0]),
			Language: firstString(lang[1], f[4])}
	}
	// PingOne sends the assertion options as a JSON string; accept an object, and _embedded.
	s.Actions = offeredActions(d, s, firstObject(d.requestOptions, requestOptions))
	finishStep(s, lastErr, lastAction)
	return s
}

// statusKeys pairs each known status with its Step.Key (COMPLETED and FAILED are never shown).
// Pairs in an array are static data; a map literal would be code, and larger.
var statusKeys = [...]string{
	StatusUsernamePasswordRequired, "sign-on", StatusSignOnRequired, "identify", StatusPasswordRequired, "password",
	StatusPasswordExpired, "password-expired", StatusMustChangePassword, "password-change",
	StatusRecoveryCodeRequired, "recover", StatusVerificationCodeRequired, "verify-email",
	StatusDeviceSelectionRequired, "choose-device", StatusOTPRequired, "otp", StatusPushConfirmationRequired, "push",
	StatusPushConfirmationTimedOut, "push-timed-out", StatusAccountLinkingRequired, "link-account",
	StatusAccountConfirmationRequired, "confirm-account", StatusExternalAuthenticationRequired, "external",
	StatusProfileDataRequired, "profile", StatusAssertionRequired, "passkey", StatusAgreementConsentRequired, "agreement",
	StatusDAGUserCodeRequired, "device-code", StatusDAGConsentRequired, "device-consent",
	StatusCompleted, "completed", StatusFailed, "failed",
}

// lookup finds key in a list of key, value pairs.
func lookup(pairs []string, key, def string) (string, bool) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == key {
			return pairs[i+1], true
		}
	}
	return def, false
}

// finishStep attaches the last error and offers passkey autofill on the username field when a
// conditional passkey action is on the step.
func finishStep(s *Step, lastErr *Error, lastAction string) {
	for _, a := range s.Actions {
		if !a.Conditional {
			continue
		}
		for i := range s.Actions {
			for j := range s.Actions[i].Fields {
				if f := &s.Actions[i].Fields[j]; f.Autocomplete == "username" {
					f.Autocomplete = "username webauthn"
				}
			}
		}
		break
	}
	if lastErr != nil {
		s.Error = lastErr
		attachFieldErrors(s, lastErr, lastAction)
	}
}

// the first of rs that exists (of any type).
func firstObject(rs ...fjson.Result) fjson.Result {
	for _, r := range rs {
		if r.Exists() {
			return r
		}
	}
	return fjson.Result{}
}

// the first of rs that is a non-empty string.
func firstString(rs ...fjson.Result) string {
	for _, r := range rs {
		if r.Type == fjson.String && r.Str != "" {
			return r.Str
		}
	}
	return ""
}

func decodeDevice(v fjson.Result) Device {
	var f [7]fjson.Result
	v.Members(f[:], "id", "type", "status", "phone", "email", "name", "nickname")
	id, typ, status, phone, email, name, nickname := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
	return Device{
		ID: id.String(), Type: typ.String(), Status: status.String(),
		Target: firstString(phone, email, name, nickname),
		Name:   firstString(nickname, name),
		Key:    deviceKey(typ.String()),
	}
}

func decodePasswordPolicy(p fjson.Result) *PasswordPolicy {
	var f [12]fjson.Result
	p.Members(f[:], "id", "name", "length", "maxRepeatedCharacters", "minUniqueCharacters", "excludesCommonlyUsed",
		"excludesProfileData", "notSimilarToCurrent", "history", "minAgeDays", "maxAgeDays", "minCharacters")
	var length [2]fjson.Result
	f[2].Members(length[:], "min", "max")
	pp := &PasswordPolicy{
		ID: f[0].String(), Name: f[1].String(),
		MinLength: int(length[0].Int()), MaxLength: int(length[1].Int()),
		MaxRepeatedCharacters: int(f[3].Int()),
		MinUniqueCharacters:   int(f[4].Int()),
		ExcludesCommonlyUsed:  f[5].Bool(),
		ExcludesProfileData:   f[6].Bool(),
		NotSimilarToCurrent:   f[7].Bool(),
		HistoryCount:          int(f[8].Get("count").Int()),
		MinAgeDays:            int(f[9].Int()),
		MaxAgeDays:            int(f[10].Int()),
		Raw:                   RawJSON(p.Raw),
	}
	f[11].ForEach(func(k, v fjson.Result) bool {
		pp.MinCharacters = append(pp.MinCharacters, CharacterSet{Characters: k.String(), Min: int(v.Int())})
		return true
	})
	return pp
}

// attachFieldErrors copies each detail's message onto the fields its target names, in the action
// that was submitted.
func attachFieldErrors(s *Step, e *Error, action string) {
	for ai := range s.Actions {
		if s.Actions[ai].Name != action {
			continue
		}
		for fi := range s.Actions[ai].Fields {
			f := &s.Actions[ai].Fields[fi]
			for _, d := range e.Details {
				if d.Target == f.Key && d.Message != "" {
					f.Errors = append(f.Errors, d.Message)
				}
			}
		}
	}
}

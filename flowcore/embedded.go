package flowcore

import (
	"github.com/pingflow/pingflow/flowcore/fjson"
)

// buildStep turns a checked flow document into the Step a page renders.
// lastErr, when set, is the error of the last submission of action lastAction.
func buildStep(d *flowDoc, lastErr *Error, lastAction string) *Step {
	root := fjson.Parse(d.raw)
	emb := root.Get("_embedded")
	key, known := lookup(statusKeys[:], d.status, "unknown")
	s := &Step{
		Protocol:      protocolFlows,
		Status:        d.status,
		Known:         known,
		FlowID:        d.id,
		Key:           key,
		BypassAllowed: root.Get("bypassAllowed").Bool(),
		PromptText:    firstString(emb.Get("promptText"), root.Get("promptText")),
		CreatedAt:     d.createdAt,
		ExpiresAt:     d.expiresAt,
	}
	if u := emb.Get("user"); u.IsObject() {
		s.User = &User{ID: u.Get("id").String(), Username: u.Get("username").String(),
			Given: u.Get("name.given").String(), Family: u.Get("name.family").String(), Email: u.Get("email").String()}
		s.Identity = s.User.Username
	}
	if d.status == StatusPushConfirmationRequired {
		s.Wait = "push"
	}
	if a := emb.Get("application"); a.IsObject() {
		s.Application = &Application{ID: a.Get("id").String(), Name: a.Get("name").String(),
			IconURL: firstString(a.Get("icon.href"), a.Get("iconUrl"))}
	}
	emb.Get("devices").ForEach(func(_, v fjson.Result) bool {
		if v.IsObject() && v.Get("id").String() != "" {
			s.Devices = append(s.Devices, decodeDevice(v))
		}
		return true
	})
	// selectedDevice sits at the top level in PingOne's examples; accept it under _embedded too.
	if sel := firstObject(root.Get("selectedDevice"), emb.Get("selectedDevice")); sel.Exists() {
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
	if p := emb.Get("passwordPolicy"); p.IsObject() {
		s.PasswordPolicy = decodePasswordPolicy(p)
	}
	providers := firstObject(emb.Get("socialProviders"), emb.Get("identityProviders"))
	providers.ForEach(func(_, v fjson.Result) bool {
		if v.IsObject() {
			s.SocialProviders = append(s.SocialProviders, SocialProvider{
				ID: v.Get("id").String(), Name: v.Get("name").String(), Type: v.Get("type").String(),
				Href: v.Get("_links.authenticate.href").String()})
		}
		return true
	})
	if p := emb.Get("identityProvider"); p.IsObject() {
		s.Provider = &Provider{ID: p.Get("id").String(), Name: p.Get("name").String(), Type: p.Get("type").String()}
	}
	emb.Get("attributes").ForEach(func(_, v fjson.Result) bool {
		if v.IsObject() && v.Get("name").String() != "" {
			s.Attributes = append(s.Attributes, Attribute{Name: v.Get("name").String(),
				DisplayName: v.Get("displayName").String(), Required: v.Get("required").Bool(),
				Value: v.Get("value").String()})
		}
		return true
	})
	if a := emb.Get("agreement"); a.IsObject() {
		s.Agreement = &Agreement{ID: a.Get("id").String(), Name: a.Get("name").String(),
			Text:     firstString(a.Get("text"), a.Get("content"), a.Get("language.text")),
			Language: firstString(a.Get("language.locale"), a.Get("language"))}
	}
	s.Actions = offeredActions(d, s, root)
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
	return Device{
		ID: v.Get("id").String(), Type: v.Get("type").String(), Status: v.Get("status").String(),
		Target: firstString(v.Get("phone"), v.Get("email"), v.Get("name"), v.Get("nickname")),
		Name:   firstString(v.Get("nickname"), v.Get("name")),
		Key:    deviceKey(v.Get("type").String()),
	}
}

func decodePasswordPolicy(p fjson.Result) *PasswordPolicy {
	pp := &PasswordPolicy{
		ID: p.Get("id").String(), Name: p.Get("name").String(),
		MinLength: int(p.Get("length.min").Int()), MaxLength: int(p.Get("length.max").Int()),
		MaxRepeatedCharacters: int(p.Get("maxRepeatedCharacters").Int()),
		MinUniqueCharacters:   int(p.Get("minUniqueCharacters").Int()),
		ExcludesCommonlyUsed:  p.Get("excludesCommonlyUsed").Bool(),
		ExcludesProfileData:   p.Get("excludesProfileData").Bool(),
		NotSimilarToCurrent:   p.Get("notSimilarToCurrent").Bool(),
		HistoryCount:          int(p.Get("history.count").Int()),
		MinAgeDays:            int(p.Get("minAgeDays").Int()),
		MaxAgeDays:            int(p.Get("maxAgeDays").Int()),
		Raw:                   RawJSON(p.Raw),
	}
	p.Get("minCharacters").ForEach(func(k, v fjson.Result) bool {
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

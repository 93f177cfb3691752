package flowcore

import (
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// davinciValueType says whether a DaVinci field type carries a value into formData, and the Field
// type it becomes.
func davinciValueType(typ string) (string, bool) {
	switch typ {
	case "TEXT":
		return "text", true
	case "PASSWORD":
		return "password", true
	case "PASSWORD_VERIFY":
		return "new-password", true
	case "DROPDOWN":
		return "select", true
	case "RADIO":
		return "radio", true
	case "CHECKBOX":
		return "checkboxes", true
	case "COMBOBOX":
		return "multiselect", true
	case "SINGLE_CHECKBOX":
		return "boolean", true
	case "PHONE_NUMBER":
		return "phone", true
	case "DEVICE_AUTHENTICATION":
		return "device", true
	case "DEVICE_REGISTRATION":
		return "device-type", true
	}
	return "", false
}

// buildDaVinciStep turns a form into a Step: value components become the fields of every submit
// button, flow buttons and links become field-less actions, a FIDO2 component a passkey action,
// a social login button a social action, and the rest becomes read-only content. Nothing is
// dropped: a component type this engine does not know is kept as "unknown" content.
func buildDaVinciStep(n *dvNode, lastErr *Error, lastAction string) *Step {
	s := &Step{Protocol: protocolDaVinci, Status: "FORM", Known: true, FlowID: n.interactionID, Key: "form",
		Title: n.formName.String(), Description: n.formDescription.String()}
	switch {
	case n.challengeURL != "":
		s.Status, s.Key, s.Wait = "POLLING", "challenge", "challenge"
	case n.polling != "":
		s.Status, s.Key, s.Wait = "POLLING", "waiting", "poll"
	}
	var values []Field
	// Content waits here until the next value field tells it where it stood.
	var placing []int
	var submits, others []Action
	n.fields.ForEach(func(_, c fjson.Result) bool {
		var m [10]fjson.Result
		c.Members(m[:], "type", "key", "label", "publicKeyCredentialRequestOptions", "action",
			"publicKeyCredentialCreationOptions", "links", "idpId", "idpName", "idpType")
		typ, key, label := m[0].String(), m[1].String(), m[2].String()
		if ft, ok := davinciValueType(typ); ok {
			values = append(values, davinciField(c, ft, n.prefill.Get(fjson.Escape(key)), n.passwordPolicy))
			for _, i := range placing {
				s.Content[i].Before = key
			}
			placing = placing[:0]
			return true
		}
		a := Action{Name: key, Label: label, Event: "action", Fields: []Field{}, Role: RoleAlternative}
		switch {
		case typ == "SUBMIT_BUTTON":
			a.Event = "submit"
			if len(submits) == 0 {
				a.Role = RolePrimary
			}
			submits = append(submits, a)
		case typ == "FIDO2":
			opts := m[3]
			a.Ceremony, a.Event, a.Role = CeremonyWebAuthnGet, "submit", RolePasskey
			if m[4].String() == "REGISTER" {
				a.Ceremony, opts = CeremonyWebAuthnCreate, m[5]
			} else {
				// A discoverable credential (no allowCredentials) can be offered as autofill.
				a.Conditional = opts.Get("allowCredentials.#").Int() == 0
			}
			a.src = opts.Raw
			others = append(others, a)
		case typ == "SOCIAL_LOGIN_BUTTON":
			href := m[6].Get("authenticate.href").String()
			s.SocialProviders = append(s.SocialProviders, SocialProvider{ID: key, Name: label, Href: href})
			// The next link was checked to be on the auth host: the IdP link must be too.
			if next, _ := parseURI(n.nextHref); sameOrigin(href, next.origin()) {
				a.Role, a.Ceremony, a.src, a.Event = RoleSocial, CeremonyNavigate, href, ""
				a.Provider = &Provider{ID: m[7].String(), Name: firstString(m[8], m[2]), Type: m[9].String()}
				others = append(others, a)
			}
		case strings.Contains(typ, "BUTTON") || strings.Contains(typ, "LINK"):
			a.Link = strings.Contains(typ, "LINK")
			others = append(others, a)
		case typ == "POLLING" || typ == "PROTECT" || typ == "METADATA":
			// Handled by the engine; nothing to show.
		default:
			placing = append(placing, len(s.Content))
			s.Content = append(s.Content, davinciContent(c))
		}
		return true
	})
	for i := range submits {
		submits[i].Fields = append([]Field{}, values...)
		for j := range submits[i].Fields {
			submits[i].Fields[j].Options = append([]Option(nil), values[j].Options...)
		}
	}
	s.Actions = append(submits, others...)
	if s.Actions == nil {
		s.Actions = []Action{}
	}
	finishStep(s, lastErr, lastAction)
	return s
}

// davinciValues are the form's values as a submit without checks sends them: the person's
// input where given, else what the form prefilled, plus what the engine fills itself
// (METADATA payloads, an empty PROTECT). Wrongly typed input is left out.
func davinciValues(n *dvNode, in input) map[string]any {
	var fields []Field
	data := map[string]any{}
	n.fields.ForEach(func(_, c fjson.Result) bool {
		var m [2]fjson.Result
		c.Members(m[:], "key", "type")
		if ft, ok := davinciValueType(m[1].String()); ok {
			fields = append(fields, davinciField(c, ft, n.prefill.Get(fjson.Escape(m[0].String())), n.passwordPolicy))
		}
		return true
	})
	for _, f := range fields {
		if v, err := fieldValue(f, in); err == nil && v != nil {
			data[f.Key] = v
		}
	}
	addAutoValues(n, data)
	return data
}

// addAutoValues puts in what no person types: each METADATA component's payload (davinci-client
// sends the collector's value in formData), and an empty PROTECT value until signals replace it.
func addAutoValues(n *dvNode, data map[string]any) {
	n.fields.ForEach(func(_, c fjson.Result) bool {
		var m [3]fjson.Result
		c.Members(m[:], "type", "key", "payload")
		if m[0].String() == "METADATA" {
			data[m[1].String()] = RawJSON(firstObject(m[2], fjson.Result{Type: fjson.JSON, Raw: "{}"}).Raw)
		}
		return true
	})
	if n.protect != nil {
		data[n.protectKey] = ""
	}
}

// davinciField is a value component as a Field. A new password takes its component's password
// policy, else the one PingOne forms send beside the form (formPolicy).
func davinciField(c fjson.Result, typ string, prefill, formPolicy fjson.Result) Field {
	var m [9]fjson.Result
	c.Members(m[:], "key", "label", "required", "validation", "passwordPolicy", "defaultCountryCode",
		"showExtension", "extensionLabel", "options")
	var validation [2]fjson.Result
	m[3].Members(validation[:], "regex", "errorMessage")
	f := Field{Key: m[0].String(), Type: typ, Label: m[1].String(), Required: m[2].Bool(),
		Pattern: validation[0].String(), PatternMessage: validation[1].String()}
	if prefill.Type == fjson.String {
		f.Value = prefill.Str
	}
	lower := strings.ToLower(f.Key)
	switch typ {
	case "text":
		switch {
		case strings.Contains(lower, "email"):
			f.Type, f.Autocomplete = "email", "email"
		case strings.Contains(lower, "user"):
			f.Autocomplete = "username"
		case strings.Contains(lower, "otp") || strings.Contains(lower, "code"):
			f.Type, f.Autocomplete = "code", "one-time-code"
		}
	case "password", "new-password":
		f.Autocomplete = "current-password"
		p := m[4]
		if p.IsObject() {
			f.Type = "new-password"
		} else if f.Type == "new-password" {
			p = formPolicy
		}
		if f.Type == "new-password" {
			f.Autocomplete, f.Verify = "new-password", true
			if p.IsObject() {
				f.Policy = decodePasswordPolicy(p)
			}
		}
	case "phone":
		f.DefaultCountryCode, f.Autocomplete = m[5].String(), "tel-national"
		f.ShowExtension, f.ExtensionLabel = m[6].Bool(), m[7].String()
		if prefill.IsObject() {
			var p [3]fjson.Result
			prefill.Members(p[:], "countryCode", "phoneNumber", "extension")
			f.Phone = &Phone{CountryCode: p[0].String(), PhoneNumber: p[1].String(), Extension: p[2].String()}
		}
	}
	m[8].ForEach(func(_, o fjson.Result) bool {
		var p [7]fjson.Result
		o.Members(p[:], "value", "id", "type", "label", "title", "description", "default")
		opt := Option{Value: firstString(p[0], p[1], p[2]), Label: firstString(p[3], p[4]),
			Type: p[2].String(), Description: p[5].String(), Default: p[6].Bool()}
		if typ == "device-type" {
			opt.Value = opt.Type
		}
		if typ == "device" || typ == "device-type" {
			opt.Key = deviceKey(opt.Type)
		}
		if opt.Default && f.Value == "" {
			f.Value = opt.Value
		}
		f.Options = append(f.Options, opt)
		return true
	})
	return f
}

func davinciContent(c fjson.Result) Content {
	var m [8]fjson.Result
	c.Members(m[:], "key", "type", "richContent", "content", "fallbackText", "imageUrl", "description", "label")
	key, rc, content, label := m[0].String(), m[2], m[3], m[7]
	switch m[1].String() {
	case "LABEL":
		if rc.IsObject() {
			return Content{Type: "rich-text", Key: key, Text: content.String(), Parts: richParts(rc)}
		}
		return Content{Type: "label", Key: key, Text: content.String()}
	case "QR_CODE":
		return Content{Type: "qr-code", Key: key, Src: content.String(), Text: m[4].String()}
	case "AGREEMENT":
		return Content{Type: "agreement", Key: key, Text: content.String(), Raw: RawJSON(c.Raw)}
	case "IMAGE":
		return Content{Type: "image", Key: key, Src: m[5].String(), Text: m[6].String()}
	case "ERROR_DISPLAY":
		return Content{Type: "error", Key: key, Text: firstString(content, label), Raw: RawJSON(c.Raw)}
	}
	return Content{Type: "unknown", Key: key, Text: firstString(label, content), Raw: RawJSON(c.Raw)}
}

// richParts splits "Read the {{link1}}." into text and the link the replacement names.
func richParts(rc fjson.Result) []TextPart {
	text := rc.Get("content").String()
	var parts []TextPart
	for text != "" {
		open := strings.Index(text, "{{")
		end := strings.Index(text[max(open, 0):], "}}")
		if open < 0 || end < 0 || !isPlaceholderName(text[open+2:open+end]) {
			parts = append(parts, TextPart{Text: text})
			break
		}
		if open > 0 {
			parts = append(parts, TextPart{Text: text[:open]})
		}
		whole := text[open : open+end+2]
		rep := rc.Get("replacements." + fjson.Escape(text[open+2:open+end]))
		if rep.Get("type").String() == "link" {
			parts = append(parts, TextPart{Text: rep.Get("value").String(), Href: rep.Get("href").String(), Target: rep.Get("target").String()})
		} else {
			parts = append(parts, TextPart{Text: firstString(rep.Get("value"), fjson.Result{Type: fjson.String, Str: whole})})
		}
		text = text[open+end+2:]
	}
	return parts
}

func isPlaceholderName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// davinciFormData checks the person's input against the fields (required, pattern, options,
// password policy) and shapes each value as DaVinci expects it (reference §7.7, "Sent as").
func davinciFormData(n *dvNode, a Action, in input, match func(pattern, value string) (bool, error)) (map[string]any, *Error, error) {
	data := map[string]any{}
	if a.Event != "submit" {
		return data, nil, nil
	}
	var details []Detail
	bad := func(f Field, code, msg string) {
		details = append(details, Detail{Code: code, Target: f.Key, Message: msg})
	}
	for _, f := range a.Fields {
		v, err := fieldValue(f, in)
		if err != nil {
			return nil, nil, err
		}
		switch x := v.(type) {
		case bool:
			if f.Required && !x {
				bad(f, "REQUIRED", "Check this box to continue.")
			}
		case []string:
			for _, s := range x {
				if !hasOption(f.Options, s) {
					bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
				}
			}
			if f.Required && len(x) == 0 {
				bad(f, "REQUIRED", f.Label+" is required.")
			}
		case map[string]any:
			if f.Type == "phone" && f.Required && x["phoneNumber"] == "" {
				bad(f, "REQUIRED", f.Label+" is required.")
			}
		case string:
			switch {
			case f.Required && strings.TrimSpace(x) == "":
				bad(f, "REQUIRED", f.Label+" is required.")
			case x != "" && len(f.Options) > 0 && !hasOption(f.Options, x):
				bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
			case x != "" && f.Pattern != "" && !matches(match, f.Pattern, x):
				msg := f.PatternMessage
				if msg == "" {
					msg = f.Label + " is not in the expected format."
				}
				bad(f, "INVALID_VALUE", msg)
			case x != "" && f.Policy != nil && len(f.Policy.Unsatisfied(x)) > 0:
				details = append(details, Detail{Code: "INVALID_VALUE", Target: f.Key,
					Message: "The password does not meet the password policy.", UnsatisfiedRequirements: f.Policy.Unsatisfied(x)})
			}
		}
		if f.Type == "device" {
			if id, _ := deviceID(given(f, in)); id == "" && f.Required {
				bad(f, "REQUIRED", "Choose a device.")
			} else if id != "" && v == nil {
				bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
			}
		}
		if v != nil {
			data[f.Key] = v
		}
	}
	if len(details) > 0 {
		e := &Error{Code: CodeMissingField, Class: ClassFix, Message: "Some fields need your attention.", Details: details}
		for _, d := range details {
			if d.Code != "REQUIRED" {
				e.Code = CodeInvalidInput
			}
			if len(d.UnsatisfiedRequirements) > 0 {
				e.Code = CodePasswordPolicy
			}
		}
		return nil, e, nil
	}
	addAutoValues(n, data)
	return data, nil, nil
}

// given is the input for f, or its prefill.
func given(f Field, in input) any {
	if v := in[f.Key]; v != nil {
		return v
	}
	if f.Value != "" {
		return f.Value
	}
	return nil
}

// fieldValue is the value f sends, shaped as DaVinci takes it; nil for a device that is not
// one of the options. A wrongly typed input is a usage error.
func fieldValue(f Field, in input) (any, error) {
	v := given(f, in)
	switch f.Type {
	case "boolean":
		b, err := input{"v": v}.boolean("v")
		if err != nil {
			return nil, usage("input %q must be a boolean", f.Key)
		}
		return b, nil
	case "checkboxes", "multiselect":
		list, err := stringList(v)
		if err != nil {
			return nil, usage("input %q must be a list of strings", f.Key)
		}
		return list, nil
	case "phone":
		return phoneValue(v, f)
	case "device":
		id, err := deviceID(v)
		if err != nil {
			return nil, usage("input %q must be a device id or {\"id\": ...}", f.Key)
		}
		if opt, ok := option(f.Options, id); ok {
			return map[string]any{"type": opt.Type, "id": opt.Value, "value": opt.Description}, nil
		}
		return nil, nil
	}
	str, err := input{"v": v}.str("v")
	if err != nil {
		return nil, usage("input %q must be a string", f.Key)
	}
	if f.Type == "code" {
		return oneTimeCode(str), nil
	}
	return str, nil
}

// matches applies a DaVinci field's regular expression with the driver's matcher. Without a
// matcher, or with a pattern the matcher cannot compile, the server judges instead of the page
// blocking the person.
func matches(match func(pattern, value string) (bool, error), pattern, s string) bool {
	if match == nil {
		return true
	}
	ok, err := match(pattern, s)
	return err != nil || ok
}

func stringList(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return []string{}, nil
	case string:
		if x == "" {
			return []string{}, nil
		}
		return []string{x}, nil
	case []string:
		return x, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, usage("not a string")
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, usage("not a list")
}

// phoneValue is {countryCode, phoneNumber[, extension]} from a number, an object, or the
// field's prefill; the extension is sent whenever the field shows one, as davinci-client does.
func phoneValue(v any, f Field) (map[string]any, error) {
	out := map[string]any{"countryCode": f.DefaultCountryCode, "phoneNumber": ""}
	if f.ShowExtension {
		out["extension"] = ""
	}
	if p := f.Phone; v == nil && p != nil {
		v = map[string]any{"countryCode": p.CountryCode, "phoneNumber": p.PhoneNumber, "extension": p.Extension}
	}
	switch x := v.(type) {
	case nil:
	case string:
		out["phoneNumber"] = strings.TrimSpace(x)
	case map[string]any:
		for _, k := range []string{"countryCode", "phoneNumber", "extension"} {
			s, ok := x[k].(string)
			if !ok && x[k] != nil {
				return nil, usage("input %q: %s must be a string", f.Key, k)
			}
			if s != "" {
				out[k] = s
			}
		}
	default:
		return nil, usage("input %q must be a phone number or {countryCode, phoneNumber}", f.Key)
	}
	return out, nil
}

func deviceID(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case map[string]any:
		if s, ok := x["id"].(string); ok {
			return s, nil
		}
	}
	return "", usage("not a device")
}

func option(opts []Option, value string) (Option, bool) {
	for _, o := range opts {
		if o.Value == value {
			return o, true
		}
	}
	return Option{}, false
}

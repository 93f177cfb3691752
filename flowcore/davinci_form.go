package flowcore

import (
	"encoding/json"
	"strings"

	"github.com/tidwall/gjson"
)

// DaVinci field types that carry a value into formData, and the Field type each becomes.
var davinciValueTypes = map[string]string{
	"TEXT": "text", "PASSWORD": "password", "PASSWORD_VERIFY": "new-password",
	"DROPDOWN": "select", "RADIO": "radio", "CHECKBOX": "checkboxes", "COMBOBOX": "multiselect",
	"SINGLE_CHECKBOX": "boolean", "PHONE_NUMBER": "phone",
	"DEVICE_AUTHENTICATION": "device", "DEVICE_REGISTRATION": "device-type",
}

// buildDaVinciStep turns a form into a Step: value components become the fields of every submit
// button, flow buttons and links become field-less actions, and the rest becomes read-only content.
// Nothing is dropped: a component type this engine does not know is kept as "unknown" content.
func buildDaVinciStep(n *dvNode, lastErr *Error, lastAction string) *Step {
	root := gjson.Parse(n.raw)
	s := &Step{Protocol: protocolDaVinci, Status: "FORM", Known: true, FlowID: n.interactionID,
		Title: root.Get("form.name").String(), Description: root.Get("form.description").String()}
	if n.polling != "" {
		s.Status = "POLLING"
	}
	prefill := root.Get("formData.value")
	var values []Field
	// Content waits here until the next value field tells it where it stood.
	var placing []int
	var submits, others []Action
	root.Get("form.components.fields").ForEach(func(_, c gjson.Result) bool {
		typ, key, label := c.Get("type").String(), c.Get("key").String(), c.Get("label").String()
		if ft, ok := davinciValueTypes[typ]; ok {
			values = append(values, davinciField(c, ft, prefill.Get(gjson.Escape(key))))
			for _, i := range placing {
				s.Content[i].Before = key
			}
			placing = placing[:0]
			return true
		}
		switch {
		case typ == "SUBMIT_BUTTON":
			submits = append(submits, Action{Name: key, Label: label, Event: "submit"})
		case typ == "SOCIAL_LOGIN_BUTTON":
			s.SocialProviders = append(s.SocialProviders, SocialProvider{ID: key, Name: label, Href: c.Get("links.authenticate.href").String()})
		case strings.Contains(typ, "BUTTON") || strings.Contains(typ, "LINK"):
			others = append(others, Action{Name: key, Label: label, Event: "action", Link: strings.Contains(typ, "LINK"), Fields: []Field{}})
		case typ == "POLLING":
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
	if lastErr != nil {
		s.Error = lastErr
		attachFieldErrors(s, lastErr, lastAction)
	}
	return s
}

func davinciField(c gjson.Result, typ string, prefill gjson.Result) Field {
	f := Field{Key: c.Get("key").String(), Type: typ, Label: c.Get("label").String(), Required: c.Get("required").Bool(),
		Pattern: c.Get("validation.regex").String(), PatternMessage: c.Get("validation.errorMessage").String()}
	if prefill.Type == gjson.String {
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
		if p := c.Get("passwordPolicy"); p.IsObject() {
			f.Policy = decodePasswordPolicy(p)
			f.Type = "new-password"
		}
		if typ == "new-password" {
			f.Verify = true
		}
		if f.Type == "new-password" {
			f.Autocomplete = "new-password"
		}
	case "phone":
		f.DefaultCountryCode, f.Autocomplete = c.Get("defaultCountryCode").String(), "tel-national"
	}
	c.Get("options").ForEach(func(_, o gjson.Result) bool {
		opt := Option{Value: firstString(o.Get("value"), o.Get("id"), o.Get("type")), Label: firstString(o.Get("label"), o.Get("title")),
			Type: o.Get("type").String(), Description: o.Get("description").String(), Default: o.Get("default").Bool()}
		if typ == "device-type" {
			opt.Value = opt.Type
		}
		if opt.Default && f.Value == "" {
			f.Value = opt.Value
		}
		f.Options = append(f.Options, opt)
		return true
	})
	return f
}

func davinciContent(c gjson.Result) Content {
	key := c.Get("key").String()
	switch c.Get("type").String() {
	case "LABEL":
		if rc := c.Get("richContent"); rc.IsObject() {
			return Content{Type: "rich-text", Key: key, Text: c.Get("content").String(), Parts: richParts(rc)}
		}
		return Content{Type: "label", Key: key, Text: c.Get("content").String()}
	case "QR_CODE":
		return Content{Type: "qr-code", Key: key, Src: c.Get("content").String(), Text: c.Get("fallbackText").String()}
	case "AGREEMENT":
		return Content{Type: "agreement", Key: key, Text: c.Get("content").String(), Raw: json.RawMessage(c.Raw)}
	case "IMAGE":
		return Content{Type: "image", Key: key, Src: c.Get("imageUrl").String(), Text: c.Get("description").String()}
	case "ERROR_DISPLAY":
		return Content{Type: "error", Key: key, Text: firstString(c.Get("content"), c.Get("label")), Raw: json.RawMessage(c.Raw)}
	}
	return Content{Type: "unknown", Key: key, Text: firstString(c.Get("label"), c.Get("content")), Raw: json.RawMessage(c.Raw)}
}

// richParts splits "Read the {{link1}}." into text and the link the replacement names.
func richParts(rc gjson.Result) []TextPart {
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
		rep := rc.Get("replacements." + gjson.Escape(text[open+2:open+end]))
		if rep.Get("type").String() == "link" {
			parts = append(parts, TextPart{Text: rep.Get("value").String(), Href: rep.Get("href").String(), Target: rep.Get("target").String()})
		} else {
			parts = append(parts, TextPart{Text: firstString(rep.Get("value"), gjson.Result{Type: gjson.String, Str: whole})})
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
func davinciFormData(a Action, in input, match func(pattern, value string) (bool, error)) (map[string]any, *Error, error) {
	data := map[string]any{}
	if a.Event != "submit" {
		return data, nil, nil
	}
	var details []Detail
	bad := func(f Field, code, msg string) {
		details = append(details, Detail{Code: code, Target: f.Key, Message: msg})
	}
	for _, f := range a.Fields {
		v, given := in[f.Key]
		if !given || v == nil {
			if f.Value != "" {
				v = f.Value
			}
		}
		switch f.Type {
		case "boolean":
			b, err := input{"v": v}.boolean("v")
			if err != nil {
				return nil, nil, usage("input %q must be a boolean", f.Key)
			}
			if f.Required && !b {
				bad(f, "REQUIRED", "Check this box to continue.")
			}
			data[f.Key] = b
		case "checkboxes", "multiselect":
			list, err := stringList(v)
			if err != nil {
				return nil, nil, usage("input %q must be a list of strings", f.Key)
			}
			for _, x := range list {
				if !hasOption(f.Options, x) {
					bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
				}
			}
			if f.Required && len(list) == 0 {
				bad(f, "REQUIRED", f.Label+" is required.")
			}
			data[f.Key] = list
		case "phone":
			phone, err := phoneValue(v, f.DefaultCountryCode)
			if err != nil {
				return nil, nil, usage("input %q: %v", f.Key, err)
			}
			if f.Required && phone["phoneNumber"] == "" {
				bad(f, "REQUIRED", f.Label+" is required.")
			}
			data[f.Key] = phone
		case "device":
			id, err := deviceID(v)
			if err != nil {
				return nil, nil, usage("input %q must be a device id or {\"id\": ...}", f.Key)
			}
			opt, ok := option(f.Options, id)
			switch {
			case id == "" && f.Required:
				bad(f, "REQUIRED", "Choose a device.")
			case id != "" && !ok:
				bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
			case ok:
				data[f.Key] = map[string]any{"type": opt.Type, "id": opt.Value, "value": opt.Description}
			}
		default:
			s, err := input{"v": v}.str("v")
			if err != nil {
				return nil, nil, usage("input %q must be a string", f.Key)
			}
			switch {
			case f.Required && strings.TrimSpace(s) == "":
				bad(f, "REQUIRED", f.Label+" is required.")
			case s != "" && len(f.Options) > 0 && !hasOption(f.Options, s):
				bad(f, "INVALID_VALUE", f.Label+" is not one of the offered choices.")
			case s != "" && f.Pattern != "" && !matches(match, f.Pattern, s):
				msg := f.PatternMessage
				if msg == "" {
					msg = f.Label + " is not in the expected format."
				}
				bad(f, "INVALID_VALUE", msg)
			case s != "" && f.Policy != nil && len(f.Policy.Unsatisfied(s)) > 0:
				details = append(details, Detail{Code: "INVALID_VALUE", Target: f.Key,
					Message: "The password does not meet the password policy.", UnsatisfiedRequirements: f.Policy.Unsatisfied(s)})
			}
			data[f.Key] = s
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
	return data, nil, nil
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

func phoneValue(v any, defaultCountry string) (map[string]any, error) {
	out := map[string]any{"countryCode": defaultCountry, "phoneNumber": ""}
	switch x := v.(type) {
	case nil:
	case string:
		out["phoneNumber"] = strings.TrimSpace(x)
	case map[string]any:
		for _, k := range []string{"countryCode", "phoneNumber", "extension"} {
			if s, ok := x[k].(string); ok && s != "" {
				out[k] = s
			} else if x[k] != nil {
				return nil, usage("%s must be a string", k)
			}
		}
	default:
		return nil, usage("must be a phone number or {countryCode, phoneNumber}")
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

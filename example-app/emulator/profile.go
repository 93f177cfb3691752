package emulator

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// This file holds the PROGRESSIVE_PROFILING and AGREEMENT actions.

// profileAttribute is a user attribute profiling can collect.
type profileAttribute struct {
	displayName string
	field       func(u *User) *string
	valid       func(string) bool
}

// profileAttributes are the attributes profiling can ask for, by PingOne attribute path.
var profileAttributes = map[string]profileAttribute{
	"name.given":  {"Given name", func(u *User) *string { return &u.Name.Given }, nil},
	"name.family": {"Family name", func(u *User) *string { return &u.Name.Family }, nil},
	"email":       {"Email", func(u *User) *string { return &u.Email }, validEmail},
	"mobilePhone": {"Mobile phone", func(u *User) *string { return &u.MobilePhone }, validPhone},
}

func profileAttributeNames() []string { return slices.Sorted(maps.Keys(profileAttributes)) }

// missingAttributes lists the required attributes of action a that u has no value for.
func missingAttributes(u *User, a PolicyAction) []string {
	var out []string
	for _, attr := range a.Attributes {
		if attr.Required && *profileAttributes[attr.Name].field(u) == "" {
			out = append(out, attr.Name)
		}
	}
	return out
}

// updateProfile is user.update. The body uses the user schema's nesting, e.g.
// {"name": {"family": "Smith"}, "mobilePhone": "+15555550100"}. Nothing is saved unless every
// value is valid and every required attribute ends up with a value.
func (s *Server) updateProfile(f *flow, body []byte, now time.Time) *apiError {
	var in map[string]any
	if err := decode(body, &in); err != nil {
		return err
	}
	updated := f.user.User
	var details []errorDetail
	for _, attr := range f.currentAction().Attributes {
		spec := profileAttributes[attr.Name]
		raw, present := lookupPath(in, attr.Name)
		value, isString := raw.(string)
		value = strings.TrimSpace(value)
		switch {
		case present && !isString:
			details = append(details, invalidValue(attr.Name, attr.Name+" must be a string."))
			continue
		case value != "" && spec.valid != nil && !spec.valid(value):
			details = append(details, invalidValue(attr.Name, attr.Name+" is not valid."))
			continue
		case value != "":
			*spec.field(&updated) = value
		}
		if attr.Required && *spec.field(&updated) == "" {
			details = append(details, errorDetail{Code: "REQUIRED_VALUE", Target: attr.Name, Message: attr.Name + " is required."})
		}
	}
	if len(details) > 0 {
		return invalidData(details...)
	}
	f.user.User = updated
	s.next(f, now)
	return nil
}

// lookupPath finds a dotted attribute path in nested JSON objects.
func lookupPath(m map[string]any, path string) (any, bool) {
	head, rest, nested := strings.Cut(path, ".")
	v, ok := m[head]
	if !ok || !nested {
		return v, ok
	}
	inner, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	return lookupPath(inner, rest)
}

// consent is user.consent: {"accept": true} records the acceptance; false ends the flow.
func (s *Server) consent(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Accept *bool }
	if err := decode(body, &in); err != nil {
		return err
	}
	if in.Accept == nil {
		return invalidData(errorDetail{Code: "REQUIRED_VALUE", Target: "accept", Message: "accept is required."})
	}
	if !*in.Accept {
		s.fail(f, "AGREEMENT_DECLINED", "The user declined the agreement.")
		return nil
	}
	f.user.AcceptedAgreements = append(f.user.AcceptedAgreements, f.currentAction().Agreement.ID)
	s.next(f, now)
	return nil
}

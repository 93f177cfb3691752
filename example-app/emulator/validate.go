package emulator

import (
	"errors"
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Validate checks the whole configuration and reports every problem it finds, each prefixed
// with the JSON path of the field at fault, so a person editing a file can fix them in one go.
func (c *Config) Validate() error {
	v := &validator{}
	v.environment(c.Environment)
	v.passwordPolicy(c.PasswordPolicy)
	policies := v.policies(c.SignOnPolicies)
	v.applications(c.Applications, policies)
	v.users(c.Users)
	v.identityProviders(c.IdentityProviders, c.SignOnPolicies, c.Users)
	for i, u := range c.Users {
		if u.PasswordStatus == PasswordLockedOut && c.PasswordPolicy.Lockout.FailureCount == 0 {
			v.addf(fmt.Sprintf("users[%d].passwordStatus", i), "LOCKED_OUT needs passwordPolicy.lockout to be set")
		}
	}
	v.settings(c.Settings)
	return errors.Join(v.errs...)
}

type validator struct {
	errs []error
}

func (v *validator) addf(path, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
}

// oneOf reports value unless it is one of allowed.
func (v *validator) oneOf(path, value string, allowed ...string) {
	if !slices.Contains(allowed, value) {
		v.addf(path, "%q is not one of %s", value, strings.Join(allowed, ", "))
	}
}

var policyNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func (v *validator) uuid(path, value string) {
	if !uuidPattern.MatchString(value) {
		v.addf(path, "%q is not a lowercase UUID", value)
	}
}

func (v *validator) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		v.addf(path, "is required")
	}
}

// absoluteURL accepts http and https URLs with a host and without a fragment, which is what
// OAuth 2.0 requires of redirect URIs (RFC 6749 §3.1.2).
func (v *validator) absoluteURL(path, value string) {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.addf(path, "%q is not an absolute URL", value)
		return
	}
	if u.Fragment != "" || strings.Contains(value, "#") {
		v.addf(path, "%q must not have a fragment", value)
	}
}

func (v *validator) unique(path string, seen map[string]bool, key string) {
	if seen[key] {
		v.addf(path, "%q is used twice", key)
	}
	seen[key] = true
}

func (v *validator) environment(e Environment) {
	v.uuid("environment.id", e.ID)
	v.uuid("environment.organizationId", e.OrganizationID)
	v.oneOf("environment.region", e.Region, "NA", "EU", "CA", "AP", "AU", "SG")
}

func (v *validator) passwordPolicy(p PasswordPolicy) {
	v.uuid("passwordPolicy.id", p.ID)
	v.required("passwordPolicy.name", p.Name)
	if p.Length.Min < 1 || p.Length.Max < p.Length.Min {
		v.addf("passwordPolicy.length", "needs 1 <= min <= max, got min %d max %d", p.Length.Min, p.Length.Max)
	}
	for _, set := range slices.Sorted(maps.Keys(p.MinCharacters)) {
		if set == "" || p.MinCharacters[set] < 1 {
			v.addf("passwordPolicy.minCharacters", "%q needs a non-empty character set and a count of at least 1", set)
		}
	}
	v.nonNegative("passwordPolicy.", []namedInt{
		{"maxRepeatedCharacters", p.MaxRepeatedCharacters},
		{"minUniqueCharacters", p.MinUniqueCharacters},
		{"history.count", p.History.Count},
		{"history.retentionDays", p.History.RetentionDays},
		{"lockout.failureCount", p.Lockout.FailureCount},
		{"lockout.durationSeconds", p.Lockout.DurationSeconds},
	})
	if p.Lockout.FailureCount > 0 && p.Lockout.DurationSeconds < 1 {
		v.addf("passwordPolicy.lockout.durationSeconds", "must be at least 1 when lockout.failureCount is set")
	}
}

// policies validates the sign-on policies and returns their names. The ordering rules make
// every policy authenticate its user before it completes: it starts with LOGIN or
// IDENTIFIER_FIRST, identifier-first is followed by a credential action, and profiling and
// agreement only come after a credential action.
func (v *validator) policies(ps []SignOnPolicy) map[string]bool {
	names, ids := map[string]bool{}, map[string]bool{}
	if len(ps) == 0 {
		v.addf("signOnPolicies", "at least one policy is required")
	}
	for i, p := range ps {
		path := fmt.Sprintf("signOnPolicies[%d]", i)
		v.uuid(path+".id", p.ID)
		v.unique(path+".id", ids, p.ID)
		if !policyNamePattern.MatchString(p.Name) {
			v.addf(path+".name", "%q must be letters, digits, '_', '.' or '-' (acr_values is space-separated)", p.Name)
		}
		v.unique(path+".name", names, p.Name)
		if len(p.Actions) == 0 {
			v.addf(path+".actions", "at least one action is required")
		}
		seen := map[string]bool{}
		authenticated := false
		for j, a := range p.Actions {
			apath := fmt.Sprintf("%s.actions[%d]", path, j)
			v.action(apath, a)
			if seen[a.Type] {
				v.addf(apath+".type", "%s appears twice in the policy", a.Type)
			}
			seen[a.Type] = true
			switch a.Type {
			case ActionIdentifierFirst:
				if j != 0 {
					v.addf(apath+".type", "IDENTIFIER_FIRST must be the first action")
				}
				if j+1 >= len(p.Actions) || (p.Actions[j+1].Type != ActionLogin && p.Actions[j+1].Type != ActionMFA) {
					v.addf(apath+".type", "IDENTIFIER_FIRST must be followed by LOGIN or MULTI_FACTOR_AUTHENTICATION")
				}
			case ActionLogin, ActionMFA:
				if j == 0 && a.Type == ActionMFA {
					v.addf(apath+".type", "MULTI_FACTOR_AUTHENTICATION needs a LOGIN or IDENTIFIER_FIRST action before it")
				}
				authenticated = true
			case ActionProgressiveProfile, ActionAgreement:
				if !authenticated {
					v.addf(apath+".type", "%s needs a LOGIN or MULTI_FACTOR_AUTHENTICATION action before it", a.Type)
				}
			}
		}
	}
	return names
}

func (v *validator) action(path string, a PolicyAction) {
	v.oneOf(path+".type", a.Type, ActionLogin, ActionIdentifierFirst, ActionMFA, ActionProgressiveProfile, ActionAgreement)
	if a.Type != ActionLogin && (a.RegistrationEnabled || a.RecoveryEnabled) {
		v.addf(path, "registrationEnabled and recoveryEnabled belong to LOGIN actions only")
	}
	if a.Type != ActionProgressiveProfile && (a.PromptText != "" || len(a.Attributes) > 0) {
		v.addf(path, "promptText and attributes belong to PROGRESSIVE_PROFILING actions only")
	}
	if a.Type != ActionAgreement && a.Agreement != nil {
		v.addf(path+".agreement", "belongs to AGREEMENT actions only")
	}
	switch a.Type {
	case ActionProgressiveProfile:
		if len(a.Attributes) == 0 {
			v.addf(path+".attributes", "at least one attribute is required")
		}
		seen := map[string]bool{}
		for i, attr := range a.Attributes {
			apath := fmt.Sprintf("%s.attributes[%d].name", path, i)
			if _, ok := profileAttributes[attr.Name]; !ok {
				v.addf(apath, "%q is not a supported attribute (%s)", attr.Name, strings.Join(profileAttributeNames(), ", "))
			}
			v.unique(apath, seen, attr.Name)
		}
	case ActionAgreement:
		if a.Agreement == nil {
			v.addf(path+".agreement", "is required")
			return
		}
		v.uuid(path+".agreement.id", a.Agreement.ID)
		v.required(path+".agreement.name", a.Agreement.Name)
		v.required(path+".agreement.text", a.Agreement.Text)
	}
}

func (v *validator) applications(apps []Application, policies map[string]bool) {
	if len(apps) == 0 {
		v.addf("applications", "at least one application is required")
	}
	ids := map[string]bool{}
	for i, a := range apps {
		path := fmt.Sprintf("applications[%d]", i)
		v.uuid(path+".id", a.ID)
		v.unique(path+".id", ids, a.ID)
		v.required(path+".name", a.Name)
		v.oneOf(path+".type", a.Type, "SINGLE_PAGE_APP", "WEB_APP", "NATIVE_APP")
		v.oneOf(path+".tokenEndpointAuthMethod", a.TokenEndpointAuthMethod, AuthNone, AuthClientSecretBasic, AuthClientSecretPost)
		if (a.TokenEndpointAuthMethod == AuthNone) != (a.ClientSecret == "") {
			v.addf(path+".clientSecret", "is required for CLIENT_SECRET_* methods and forbidden for NONE")
		}
		if a.Type == "SINGLE_PAGE_APP" && a.TokenEndpointAuthMethod != AuthNone {
			v.addf(path+".tokenEndpointAuthMethod", "a SINGLE_PAGE_APP is a public client and must use NONE")
		}
		v.oneOf(path+".pkceEnforcement", a.PKCEEnforcement, PKCEOptional, PKCERequired, PKCES256Required)
		if !slices.Contains(a.GrantTypes, GrantAuthorizationCode) {
			v.addf(path+".grantTypes", "must contain AUTHORIZATION_CODE")
		}
		for j, g := range a.GrantTypes {
			v.oneOf(fmt.Sprintf("%s.grantTypes[%d]", path, j), g, GrantAuthorizationCode, GrantRefreshToken)
		}
		if len(a.RedirectURIs) == 0 {
			v.addf(path+".redirectUris", "at least one redirect URI is required")
		}
		for j, u := range a.RedirectURIs {
			v.absoluteURL(fmt.Sprintf("%s.redirectUris[%d]", path, j), u)
		}
		for j, u := range a.PostLogoutRedirectURIs {
			v.absoluteURL(fmt.Sprintf("%s.postLogoutRedirectUris[%d]", path, j), u)
		}
		if a.LoginPageURL != "" {
			v.absoluteURL(path+".loginPageUrl", a.LoginPageURL)
		}
		v.cors(path+".corsSettings", a.CORSSettings)
		switch {
		case a.DaVinciPolicy != nil:
			v.davinciPolicy(path+".davinciPolicy", *a.DaVinciPolicy)
			if len(a.SignOnPolicies) > 0 {
				v.addf(path+".signOnPolicies", "must be empty when davinciPolicy is set (an application signs on with one or the other)")
			}
		case len(a.SignOnPolicies) == 0:
			v.addf(path+".signOnPolicies", "at least one sign-on policy is required (or a davinciPolicy)")
		}
		seen := map[string]bool{}
		for j, name := range a.SignOnPolicies {
			ppath := fmt.Sprintf("%s.signOnPolicies[%d]", path, j)
			if !policies[name] {
				v.addf(ppath, "%q is not the name of a sign-on policy", name)
			}
			v.unique(ppath, seen, name)
		}
	}
}

var davinciIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (v *validator) davinciPolicy(path string, p DaVinciPolicy) {
	if !davinciIDPattern.MatchString(p.ID) {
		v.addf(path+".id", "%q is not a DaVinci id (32 lowercase hex digits)", p.ID)
	}
	v.required(path+".name", p.Name)
}

// cors accepts PingOne's origin syntax: scheme and host (optionally "*." for any sub-domain)
// and port, with no path.
func (v *validator) cors(path string, c CORSSettings) {
	v.oneOf(path+".behavior", c.Behavior, CORSAllowNone, CORSAllowSpecific)
	if c.Behavior == CORSAllowNone && len(c.Origins) > 0 {
		v.addf(path+".origins", "must be empty when behavior is ALLOW_NO_ORIGINS")
	}
	for i, o := range c.Origins {
		opath := fmt.Sprintf("%s.origins[%d]", path, i)
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			v.addf(opath, "%q is not an origin (scheme://host[:port], no path)", o)
		}
	}
}

func (v *validator) users(users []User) {
	ids, names, deviceIDs, credentials := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, u := range users {
		path := fmt.Sprintf("users[%d]", i)
		v.uuid(path+".id", u.ID)
		v.unique(path+".id", ids, u.ID)
		v.required(path+".username", u.Username)
		v.unique(path+".username", names, strings.ToLower(u.Username))
		if u.PasswordStatus != "" {
			v.oneOf(path+".passwordStatus", u.PasswordStatus, PasswordOK, PasswordExpired, PasswordMustChange, PasswordLockedOut)
		}
		if u.PasswordStatus != "" && u.PasswordStatus != PasswordOK && u.Password == "" {
			v.addf(path+".passwordStatus", "%s needs a password", u.PasswordStatus)
		}
		if u.Email != "" && !validEmail(u.Email) {
			v.addf(path+".email", "%q is not an email address", u.Email)
		}
		if u.MobilePhone != "" && !validPhone(u.MobilePhone) {
			v.addf(path+".mobilePhone", "%q is not a phone number like +15555550100", u.MobilePhone)
		}
		defaults := 0
		for j, d := range u.Devices {
			dpath := fmt.Sprintf("%s.devices[%d]", path, j)
			v.device(dpath, d)
			v.unique(dpath+".id", deviceIDs, d.ID)
			if d.Type == DeviceFIDO2 && d.CredentialID != "" {
				v.unique(dpath+".credentialId", credentials, d.CredentialID)
			}
			if d.Default {
				defaults++
			}
		}
		if defaults > 1 {
			v.addf(path+".devices", "at most one device can be the default")
		}
	}
}

func (v *validator) device(path string, d Device) {
	v.uuid(path+".id", d.ID)
	v.oneOf(path+".type", d.Type, DeviceSMS, DeviceVoice, DeviceEmail, DeviceTOTP, DeviceMobile, DeviceFIDO2)
	if d.Type != DeviceFIDO2 && (d.CredentialID != "" || d.PublicKey != "" || d.TestPrivateKey != "" || d.SignCount != 0 || d.DisplayName != "") {
		v.addf(path, "displayName, credentialId, publicKey, testPrivateKey and signCount belong to FIDO2 devices only")
	}
	switch d.Type {
	case DeviceFIDO2:
		if _, err := credentialOf(d); err != nil {
			v.addf(path, "%v", err)
		}
	case DeviceSMS, DeviceVoice:
		if !validPhone(d.Phone) {
			v.addf(path+".phone", "%q is not a phone number like +15555550100", d.Phone)
		}
	case DeviceEmail:
		if !validEmail(d.Email) {
			v.addf(path+".email", "%q is not an email address", d.Email)
		}
	}
	if d.Type != DeviceSMS && d.Type != DeviceVoice && d.Phone != "" {
		v.addf(path+".phone", "only SMS and VOICE devices have a phone")
	}
	if d.Type != DeviceEmail && d.Email != "" {
		v.addf(path+".email", "only EMAIL devices have an email")
	}
}

// identityProviders checks the external identity providers, the policies' references to them and
// the users' links to their accounts.
func (v *validator) identityProviders(idps []IdentityProvider, policies []SignOnPolicy, users []User) {
	ids, domains := map[string]bool{}, map[string]bool{}
	subjects := map[string]map[string]bool{}
	for i, p := range idps {
		path := fmt.Sprintf("identityProviders[%d]", i)
		v.uuid(path+".id", p.ID)
		v.unique(path+".id", ids, p.ID)
		v.required(path+".name", p.Name)
		v.oneOf(path+".type", p.Type, "OPENID_CONNECT")
		for j, d := range p.DiscoveryDomains {
			dpath := fmt.Sprintf("%s.discoveryDomains[%d]", path, j)
			if d == "" || strings.ContainsAny(d, "@/ ") || !strings.Contains(d, ".") {
				v.addf(dpath, "%q is not a domain name", d)
			}
			v.unique(dpath, domains, strings.ToLower(d))
		}
		if len(p.Users) == 0 {
			v.addf(path+".users", "at least one user is required")
		}
		subjects[p.ID] = map[string]bool{}
		names := map[string]bool{}
		for j, u := range p.Users {
			upath := fmt.Sprintf("%s.users[%d]", path, j)
			v.required(upath+".subject", u.Subject)
			v.unique(upath+".subject", subjects[p.ID], u.Subject)
			v.required(upath+".username", u.Username)
			v.unique(upath+".username", names, strings.ToLower(u.Username))
			v.required(upath+".password", u.Password)
			if u.Email != "" && !validEmail(u.Email) {
				v.addf(upath+".email", "%q is not an email address", u.Email)
			}
		}
	}
	for i, p := range policies {
		for j, a := range p.Actions {
			for k, id := range a.SocialProviders {
				path := fmt.Sprintf("signOnPolicies[%d].actions[%d].socialProviders[%d]", i, j, k)
				if a.Type != ActionLogin && a.Type != ActionIdentifierFirst {
					v.addf(path, "socialProviders belong to LOGIN and IDENTIFIER_FIRST actions only")
				} else if !ids[id] {
					v.addf(path, "%q is not the id of an identity provider", id)
				}
			}
		}
	}
	linked := map[ExternalIdentity]bool{}
	for i, u := range users {
		for j, x := range u.ExternalIdentities {
			path := fmt.Sprintf("users[%d].externalIdentities[%d]", i, j)
			if !ids[x.ProviderID] {
				v.addf(path+".providerId", "%q is not the id of an identity provider", x.ProviderID)
			} else if !subjects[x.ProviderID][x.Subject] {
				v.addf(path+".subject", "%q is not a user of that identity provider", x.Subject)
			}
			if linked[x] {
				v.addf(path, "the account is linked to two users")
			}
			linked[x] = true
		}
	}
}

func (v *validator) settings(s Settings) {
	v.nonNegative("settings.", []namedInt{
		{"flowTimeoutSeconds", s.FlowTimeoutSeconds}, {"interactionTimeoutSeconds", s.InteractionTimeoutSeconds},
		{"pushTimeoutSeconds", s.PushTimeoutSeconds}, {"challengeTimeoutSeconds", s.ChallengeTimeoutSeconds},
		{"otpLifetimeSeconds", s.OTPLifetimeSeconds}, {"otpMaxAttempts", s.OTPMaxAttempts},
		{"sessionLifetimeSeconds", s.SessionLifetimeSeconds}, {"accessTokenLifetimeSeconds", s.AccessTokenLifetimeSeconds},
		{"refreshTokenLifetimeSeconds", s.RefreshTokenLifetimeSeconds}, {"maxFlows", s.MaxFlows},
		{"maxInteractions", s.MaxInteractions}, {"maxSessions", s.MaxSessions}, {"maxTokens", s.MaxTokens}, {"maxInbox", s.MaxInbox}, {"maxUsers", s.MaxUsers},
	})
}

type namedInt struct {
	name  string
	value int
}

// nonNegative reports negative numbers; in settings 0 stands for the default.
func (v *validator) nonNegative(prefix string, fields []namedInt) {
	for _, f := range fields {
		if f.value < 0 {
			v.addf(prefix+f.name, "must not be negative")
		}
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

var phonePattern = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// validPhone accepts E.164 numbers, the form PingOne stores.
func validPhone(s string) bool { return phonePattern.MatchString(s) }

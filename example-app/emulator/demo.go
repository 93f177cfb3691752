package emulator

import (
	"net/url"
	"strings"
)

// Fixed identifiers of the built-in demo environment. They never change, so pages, scripts and
// tests can hard-code them (they are also listed in README.md).
const (
	DemoEnvironmentID  = "281f15cd-3029-4413-abb8-280c92062e95"
	DemoOrganizationID = "61f1b216-0b60-4320-a33a-0937acd83d52"
	DemoClientID       = "2aafeb68-7f25-4c6b-86e2-108759b5aeeb"
	DemoAgreementID    = "f2e82434-254c-4041-a4e6-d7e0fe4daf23"

	// DemoPolicy is the demo application's default policy: LOGIN, then MFA, profiling and
	// agreement for the users they apply to.
	DemoPolicy = "Demo_Sign_On"
	// DemoIdentifierFirstPolicy asks for the username first, then the password, then as above.
	DemoIdentifierFirstPolicy = "Identifier_First"
	// DemoPasswordlessPolicy asks for the username, then signs in with an MFA device alone.
	DemoPasswordlessPolicy = "Passwordless"

	// DemoPassword is every demo user's initial password; it satisfies the demo password policy.
	DemoPassword = "Pingflow1!"

	// DemoDaVinciClientID is the demo's second application, a single-page app whose sign-on is
	// the built-in DaVinci flow (DaVinci policy DemoDaVinciPolicyID, which is also its ID
	// tokens' acr).
	DemoDaVinciClientID = "9022f3c6-670c-42b9-aacb-849d85889607"
	DemoDaVinciPolicyID = "76d79c54724a78d7573fccab8fe0d691"

	// DemoIdentityProviderID is the demo's external OpenID Connect provider, "Example IdP",
	// played by the emulator at {base}/_emulator/idp/{id}/. Its users' passwords are
	// DemoPassword; usernames @DemoDiscoveryDomain go to it from identifier-first sign-ons.
	DemoIdentityProviderID = "72470f55-425b-41d8-866c-a04c81533d7d"
	DemoDiscoveryDomain    = "idp.example"
)

// The preloaded FIDO2 credential of the demo user user.passkey: an ES256 (P-256) key pair made
// once for the demo and published here and by /_emulator/demo, so that a test can load it into a
// virtual authenticator (Chromium's WebAuthn.addCredential: credential id, PKCS#8 private key,
// user handle, sign count; resident, not backup-eligible). It is test data, not a secret.
const (
	DemoPasskeyCredentialID = "eGcpHStvi0muDPTw1fi1xu9rIX6FE0qTsHpV_lNSGsE"
	DemoPasskeyPrivateKey   = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+2KinT+G6Ig9YPBJzlOfp5JvnvMNEbbJs/DNob6iiUOhRANCAAS3ktYnCTW9lYN38eazmYGuCsk3Xndj+jV9GxOkKTQiShK54XzPAM4x/Jvg+qwee94Fe0kewE60T/5wYV2o500t"
	DemoPasskeyPublicKey    = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt5LWJwk1vZWDd/Hms5mBrgrJN153Y/o1fRsTpCk0IkoSueF8zwDOMfyb4PqsHnveBXtJHsBOtE/+cGFdqOdNLQ=="
)

// DemoConfig returns the built-in demo environment for a server reachable at base (for example
// "http://localhost:8080"). The applications' redirect URIs, sign-on page and CORS origins are
// derived from base, in both the localhost and 127.0.0.1 spellings, because the port is only
// known at run time. The first application signs on with sign-on policies through the Flows
// API, the second with a DaVinci flow; they share the users and the SSO session.
func DemoConfig(base string) Config {
	bases := loopbackSpellings(strings.TrimSuffix(base, "/"))
	var redirects, logouts []string
	for _, b := range bases {
		redirects = append(redirects, b+"/callback")
		logouts = append(logouts, b+"/")
	}
	profiling := PolicyAction{
		Type:       ActionProgressiveProfile,
		PromptText: "Please complete your profile.",
		Attributes: []ProfileAttribute{
			{Name: "name.given", Required: true},
			{Name: "name.family", Required: true},
			{Name: "mobilePhone", Required: true},
		},
	}
	agreement := PolicyAction{Type: ActionAgreement, Agreement: &Agreement{
		ID:   DemoAgreementID,
		Name: "Pingflow Demo Terms of Use",
		Text: "These are demonstration terms. Accepting them signs you in to the pingflow demo; declining ends the sign-on.",
	}}
	mfa := PolicyAction{Type: ActionMFA}
	social := []string{DemoIdentityProviderID}
	return Config{
		Environment: Environment{ID: DemoEnvironmentID, OrganizationID: DemoOrganizationID, Region: "NA", Name: "pingflow demo"},
		PasswordPolicy: PasswordPolicy{
			ID:     "a9aa3ab7-2efe-4fce-ab39-1c674a2fad81",
			Name:   "Standard",
			Length: LengthRule{Min: 8, Max: 255},
			MinCharacters: map[string]int{
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ":   1,
				"abcdefghijklmnopqrstuvwxyz":   1,
				"0123456789":                   1,
				"~!@#$%^&*()-_=+[]{}|;:,.<>/?": 1,
			},
			MaxRepeatedCharacters: 2,
			MinUniqueCharacters:   5,
			History:               HistoryRule{Count: 6, RetentionDays: 365},
			ExcludesCommonlyUsed:  true,
			ExcludesProfileData:   true,
			Lockout:               LockoutRule{FailureCount: 5, DurationSeconds: 900},
		},
		SignOnPolicies: []SignOnPolicy{
			{ID: "b491d5f2-2865-4fd3-b340-1e115aa40202", Name: DemoPolicy, Actions: []PolicyAction{
				{Type: ActionLogin, RegistrationEnabled: true, RecoveryEnabled: true, SocialProviders: social}, mfa, profiling, agreement,
			}},
			{ID: "fb5829e2-8866-4b64-a9c7-02d4a0bd7051", Name: DemoIdentifierFirstPolicy, Actions: []PolicyAction{
				{Type: ActionIdentifierFirst, SocialProviders: social}, {Type: ActionLogin, RecoveryEnabled: true}, mfa, profiling, agreement,
			}},
			{ID: "591da4fa-1189-40ec-b825-36987c6561ba", Name: DemoPasswordlessPolicy, Actions: []PolicyAction{
				{Type: ActionIdentifierFirst, SocialProviders: social}, mfa, profiling, agreement,
			}},
		},
		Applications: []Application{{
			ID:                      DemoClientID,
			Name:                    "Pingflow Demo SPA",
			Type:                    "SINGLE_PAGE_APP",
			TokenEndpointAuthMethod: AuthNone,
			PKCEEnforcement:         PKCES256Required,
			GrantTypes:              []string{GrantAuthorizationCode, GrantRefreshToken},
			RedirectURIs:            redirects,
			PostLogoutRedirectURIs:  logouts,
			LoginPageURL:            bases[0] + "/signon/",
			CORSSettings:            CORSSettings{Behavior: CORSAllowSpecific, Origins: bases},
			SignOnPolicies:          []string{DemoPolicy, DemoIdentifierFirstPolicy, DemoPasswordlessPolicy},
		}, {
			ID:                      DemoDaVinciClientID,
			Name:                    "Pingflow DaVinci SPA",
			Type:                    "SINGLE_PAGE_APP",
			TokenEndpointAuthMethod: AuthNone,
			PKCEEnforcement:         PKCES256Required,
			GrantTypes:              []string{GrantAuthorizationCode, GrantRefreshToken},
			RedirectURIs:            redirects,
			PostLogoutRedirectURIs:  logouts,
			CORSSettings:            CORSSettings{Behavior: CORSAllowSpecific, Origins: bases},
			DaVinciPolicy:           &DaVinciPolicy{ID: DemoDaVinciPolicyID, Name: "Pingflow DaVinci Sign On"},
		}},
		Users:             demoUsers(),
		IdentityProviders: []IdentityProvider{demoIdentityProvider()},
	}
}

// demoIdentityProvider is "Example IdP" with one account per social sign-on outcome.
func demoIdentityProvider() IdentityProvider {
	return IdentityProvider{
		ID: DemoIdentityProviderID, Name: "Example IdP", Type: "OPENID_CONNECT", DiscoveryDomains: []string{DemoDiscoveryDomain},
		Users: []IdPUser{{
			Subject: "idp-social-user", Username: "social.user", Password: DemoPassword, Email: "social.user@" + DemoDiscoveryDomain,
			Name:     Name{Given: "Sol", Family: "Social"},
			Scenario: "Linked to user.social: the flow goes on as user.social (Flows API COMPLETED; DaVinci success).",
		}, {
			Subject: "idp-social-link", Username: "social.link", Password: DemoPassword, Email: "user.password@example.com",
			Name:     Name{Given: "Pat", Family: "Password"},
			Scenario: "Not linked, but user.password has its email: ACCOUNT_LINKING_REQUIRED (DaVinci: Link Your Account); signing on as user.password links them.",
		}, {
			Subject: "idp-social-new", Username: "social.new", Password: DemoPassword, Email: "social.new@" + DemoDiscoveryDomain,
			Name:     Name{Given: "Nia", Family: "New"},
			Scenario: "Nobody's: ACCOUNT_CONFIRMATION_REQUIRED, user.confirm {username} creates a linked account (DaVinci: Confirm Your Account).",
		}},
	}
}

// demoUsers has one user per sign-on path. Every user except user.profile has the attributes
// the profiling action asks for, and every user except user.agreement has accepted the terms,
// so those two actions only show up for their own scenario (and for newly registered users).
func demoUsers() []User {
	accepted := []string{DemoAgreementID}
	person := func(id, username, given, family, phone string) User {
		return User{
			ID: id, Username: username, Password: DemoPassword,
			Email: username + "@example.com", Name: Name{Given: given, Family: family},
			MobilePhone: phone, AcceptedAgreements: accepted,
		}
	}
	password := person("9ba742de-2267-4ef5-b547-4d0aa44a5a89", "user.password", "Pat", "Password", "+15555550101")
	password.Scenario = "Password only: USERNAME_PASSWORD_REQUIRED, then COMPLETED. Also the user for forgot-password and lockout (5 wrong passwords)."

	sms := person("caba855c-4491-42e9-b2b8-d7695d78f19a", "user.sms", "Sam", "Texter", "+15555550102")
	sms.MFAEnabled = true
	sms.Devices = []Device{{ID: "d87c609b-d6b8-4b33-ab4f-f81ef2edc4b1", Type: DeviceSMS, Phone: "+15555550102"}}
	sms.AcrValues = DemoPasswordlessPolicy
	sms.Scenario = "Identifier-first + SMS OTP: with acr_values=Passwordless, SIGN_ON_REQUIRED, user.lookup, OTP_REQUIRED (code in the inbox). With the default policy: password, then the SMS OTP."

	devices := person("878b8209-8914-43bf-8262-59cc4ec232f8", "user.devices", "Dee", "Devices", "+15555550103")
	devices.MFAEnabled = true
	devices.Devices = []Device{
		{ID: "d1d95125-ef73-476c-a6bc-2c207874cc6e", Type: DeviceSMS, Phone: "+15555550103"},
		{ID: "3afa12ff-fca5-4ce6-a6d3-ad2c84aa0e7f", Type: DeviceEmail, Email: "user.devices@example.com"},
		{ID: "dd0b8b4b-dd8f-4a2e-81c3-98994ae83cdb", Type: DeviceTOTP},
		{ID: "8f3dd985-8c38-4b73-b677-e82503515bff", Type: DeviceMobile},
	}
	devices.Scenario = "Several devices, no default: password, DEVICE_SELECTION_REQUIRED, then an SMS/EMAIL/TOTP code or a MOBILE push approved or denied from the inbox."

	expired := person("5e02627a-ff84-4357-b112-010f12ccd101", "user.expired", "Exa", "Expired", "+15555550104")
	expired.PasswordStatus = PasswordExpired
	expired.Scenario = "Expired password: PASSWORD_EXPIRED, then password.reset against the password policy."

	mustChange := person("4e26d7ac-5fa1-4d67-87f6-cddbfdd1f9a5", "user.mustchange", "Max", "Change", "+15555550105")
	mustChange.PasswordStatus = PasswordMustChange
	mustChange.Scenario = "Administrator-forced change: MUST_CHANGE_PASSWORD, then password.reset."

	locked := person("06e8d87d-81f2-45b6-9a96-fcce8fdda024", "user.locked", "Lou", "Locked", "+15555550106")
	locked.PasswordStatus = PasswordLockedOut
	locked.Scenario = "Locked out: every password gets PASSWORD_LOCKED_OUT with secondsUntilUnlock; forgot-password unlocks it (so does waiting out the lockout, counted from server start)."

	profile := User{
		ID: "952461a6-6ae3-46f5-9eef-17b4d21c694f", Username: "user.profile", Password: DemoPassword,
		Email: "user.profile@example.com", Name: Name{Given: "Pro"}, AcceptedAgreements: accepted,
	}
	profile.Scenario = "Progressive profiling: PROFILE_DATA_REQUIRED asks for the missing family name and mobile phone, then user.update."

	agreement := person("5bf05133-e6e9-418b-a5ad-eb712d6aadb3", "user.agreement", "Ada", "Agree", "+15555550108")
	agreement.AcceptedAgreements = nil
	agreement.Scenario = "Terms of use: AGREEMENT_CONSENT_REQUIRED, then user.consent (accept:false fails the flow)."

	passkey := person("bf7381ff-7639-4671-9934-26567e5941e8", "user.passkey", "Kim", "Passkey", "+15555550109")
	passkey.MFAEnabled = true
	passkey.Devices = []Device{
		{ID: "cf214c25-b7c4-4f66-a877-d2c2ff25ff7b", Type: DeviceFIDO2, Default: true, DisplayName: "Demo passkey",
			CredentialID: DemoPasskeyCredentialID, PublicKey: DemoPasskeyPublicKey, TestPrivateKey: DemoPasskeyPrivateKey},
		{ID: "a186da67-56f0-4c52-a47d-fb9054ba0883", Type: DeviceEmail, Email: "user.passkey@example.com"},
	}
	passkey.Scenario = "FIDO2 device (default) and EMAIL: password, then ASSERTION_REQUIRED for the preloaded credential (/_emulator/demo has its key); device.select switches to the email code. DaVinci: Choose a Device (Passkey or Email), or Sign in with a passkey without a password."

	social := person("2e85ecfa-91d1-48ad-b548-cec5e6a3205a", "user.social", "Sol", "Social", "+15555550110")
	social.ExternalIdentities = []ExternalIdentity{{ProviderID: DemoIdentityProviderID, Subject: "idp-social-user"}}
	social.Scenario = "Linked to Example IdP's social.user: \"Sign in with Example IdP\" as social.user signs on as user.social (its own password works too)."

	return []User{password, sms, devices, expired, mustChange, locked, profile, agreement, passkey, social}
}

// loopbackSpellings returns base first, followed by the same URL spelt with the other loopback
// host name, because browsers treat http://localhost:8080 and http://127.0.0.1:8080 as
// different origins and a person may open either.
func loopbackSpellings(base string) []string {
	u, err := url.Parse(base)
	if err != nil {
		return []string{base}
	}
	other := map[string]string{"localhost": "127.0.0.1", "127.0.0.1": "localhost"}[u.Hostname()]
	if other == "" {
		return []string{base}
	}
	alt := *u
	alt.Host = other
	if p := u.Port(); p != "" {
		alt.Host += ":" + p
	}
	return []string{base, alt.String()}
}

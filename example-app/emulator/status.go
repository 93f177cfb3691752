package emulator

import "strings"

// Rule: which actions a flow offers is decided in this file and nowhere else. A status offers
// the actions listed in offers, less the ones its LOGIN action has switched off; the Flows API
// answers 400 to any other action and lists exactly these in _links.

// Flow statuses (PingOne's wire values).
const (
	statusUsernamePasswordRequired = "USERNAME_PASSWORD_REQUIRED"
	statusSignOnRequired           = "SIGN_ON_REQUIRED"
	statusPasswordRequired         = "PASSWORD_REQUIRED"
	statusPasswordExpired          = "PASSWORD_EXPIRED"
	statusMustChangePassword       = "MUST_CHANGE_PASSWORD"
	statusRecoveryCodeRequired     = "RECOVERY_CODE_REQUIRED"
	statusVerificationCodeRequired = "VERIFICATION_CODE_REQUIRED"
	statusDeviceSelectionRequired  = "DEVICE_SELECTION_REQUIRED"
	statusOTPRequired              = "OTP_REQUIRED"
	statusPushRequired             = "PUSH_CONFIRMATION_REQUIRED"
	statusPushTimedOut             = "PUSH_CONFIRMATION_TIMED_OUT"
	statusProfileDataRequired      = "PROFILE_DATA_REQUIRED"
	statusAgreementRequired        = "AGREEMENT_CONSENT_REQUIRED"
	statusAssertionRequired        = "ASSERTION_REQUIRED"
	statusAccountLinkingRequired   = "ACCOUNT_LINKING_REQUIRED"
	statusAccountConfirmRequired   = "ACCOUNT_CONFIRMATION_REQUIRED"
	statusExternalAuthRequired     = "EXTERNAL_AUTHENTICATION_REQUIRED"
	statusCompleted                = "COMPLETED"
	statusFailed                   = "FAILED"
)

// Flow actions: the names in _links and in application/vnd.pingidentity.<action>+json.
const (
	actCheckPassword    = "usernamePassword.check"
	actLookup           = "user.lookup"
	actForgotPassword   = "password.forgot"
	actSendRecovery     = "password.sendRecoveryCode"
	actRecoverPassword  = "password.recover"
	actResetPassword    = "password.reset"
	actRegister         = "user.register"
	actVerify           = "user.verify"
	actSendVerification = "user.sendVerificationCode"
	actSelectDevice     = "device.select"
	actCheckOTP         = "otp.check"
	actUpdateProfile    = "user.update"
	actConsent          = "user.consent"
	actResetSession     = "session.reset"
	actCheckAssertion   = "assertion.check"
	actConfirmAccount   = "user.confirm"
)

// offers maps each status to its actions. session.reset ("not you?") is offered in every
// status that is not terminal, as in PingOne's own examples.
var offers = map[string][]string{
	statusUsernamePasswordRequired: {actCheckPassword, actForgotPassword, actRegister, actResetSession},
	statusSignOnRequired:           {actLookup, actResetSession},
	statusPasswordRequired:         {actCheckPassword, actForgotPassword, actResetSession},
	statusPasswordExpired:          {actResetPassword, actResetSession},
	statusMustChangePassword:       {actResetPassword, actResetSession},
	statusRecoveryCodeRequired:     {actRecoverPassword, actSendRecovery, actResetSession},
	statusVerificationCodeRequired: {actVerify, actSendVerification, actResetSession},
	statusDeviceSelectionRequired:  {actSelectDevice, actResetSession},
	statusOTPRequired:              {actCheckOTP, actSelectDevice, actResetSession},
	statusPushRequired:             {actSelectDevice, actResetSession},
	statusPushTimedOut:             {actSelectDevice, actResetSession},
	statusProfileDataRequired:      {actUpdateProfile, actResetSession},
	statusAgreementRequired:        {actConsent, actResetSession},
	statusAssertionRequired:        {actCheckAssertion, actSelectDevice, actResetSession},
	statusAccountLinkingRequired:   {actCheckPassword, actResetSession},
	statusAccountConfirmRequired:   {actConfirmAccount, actResetSession},
	// The browser goes to the identity provider by the _links.authenticate URL, not an action.
	statusExternalAuthRequired: {actResetSession},
	statusCompleted:            nil,
	statusFailed:               nil,
}

// offered lists the actions the flow accepts now.
func offered(f *flow) []string {
	var out []string
	for _, a := range offers[f.status] {
		switch a {
		case actRegister:
			if !f.currentAction().RegistrationEnabled {
				continue
			}
		case actForgotPassword:
			if !f.currentAction().RecoveryEnabled {
				continue
			}
		case actSelectDevice:
			// With one device there is nothing else to select, except to resend a code or push.
			if f.status == statusAssertionRequired && len(f.user.Devices) < 2 {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// knownActions maps lower-cased action names to their canonical spelling: media types are
// case-insensitive (RFC 6838), and Go's mime package lower-cases them.
var knownActions = func() map[string]string {
	m := map[string]string{}
	for _, actions := range offers {
		for _, a := range actions {
			m[strings.ToLower(a)] = a
		}
	}
	return m
}()

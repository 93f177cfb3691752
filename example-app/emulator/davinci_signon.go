package emulator

import (
	"net/http"
	"time"
)

// This file holds the built-in DaVinci flow's first factor: the sign-on form, "having trouble
// signing on?" (password recovery), registration with email verification, and the password
// change an expired password requires. The checks are the Flows API's (lockout, password
// policy, codes); only the error envelope differs.

// msgBadCredentials is DaVinci's message for a wrong username or password, leading space and
// all (reference §7.6).
const msgBadCredentials = " Invalid username and/or password"

// signOnSubmit is SIGNON: check the password, then whatever the user still needs. A wrong
// password counts towards the same lockout as the Flows API and never says whether the
// username exists.
func (s *Server) signOnSubmit(it *interaction, in formData, now time.Time) *dvError {
	u, derr := s.checkDaVinciPassword(in, now)
	if derr != nil {
		return derr
	}
	it.user, it.notice = u, ""
	it.authenticated("pwd")
	it.stepUp = !lowRisk(in.str(protectKey))
	switch {
	case u.unverified:
		s.sendVerification(it, now)
		it.screen = screenVerify
	case u.PasswordStatus == PasswordExpired || u.PasswordStatus == PasswordMustChange:
		it.screen = screenChangePassword
	default:
		it.offerPasskey = true
		s.secondFactor(it, now)
	}
	return nil
}

// checkDaVinciPassword checks formData's username and password as checkPassword does.
func (s *Server) checkDaVinciPassword(in formData, now time.Time) (*user, *dvError) {
	if blank := in.blanks("username", "password"); blank != nil {
		return nil, fieldError(checkPasswordNode, blank...)
	}
	u := s.st.userByName(in.str("username"))
	var aerr *apiError
	switch {
	case u == nil:
		aerr = s.wrongPassword(in.str("username"), now) // answered as a known user's wrong password
	default:
		aerr = s.checkLockout(&u.lockout, now)
		if aerr == nil && !samePassword(u.Password, in.str("password")) {
			aerr = s.passwordFailure(&u.lockout, now)
		}
	}
	if aerr != nil {
		if aerr.Details[0].Code == "PASSWORD_LOCKED_OUT" {
			return nil, wrapError(checkPasswordNode, aerr)
		}
		remaining := -1
		if n, ok := aerr.Details[0].InnerError["failuresRemaining"].(int); ok {
			remaining = n
		}
		return nil, dvBadCredentials(remaining)
	}
	u.failures = 0
	return u, nil
}

// dvBadCredentials is checkPassword's error as DaVinci relays it (reference §7.6), with the
// failures left before lockout when lockout is on (an unknown username counts down as a known one).
func dvBadCredentials(failuresRemaining int) *dvError {
	d := invalidValue("password", "The provided password did not match provisioned password")
	if failuresRemaining >= 0 {
		d.InnerError = map[string]any{"failuresRemaining": failuresRemaining}
	}
	e := connectorError(checkPasswordNode, msgBadCredentials, msgBadCredentials, invalidData(d))
	e.ErrorCategory, e.Expected = "Unexpected", false
	return e
}

// troubleSubmit is "having trouble signing on?": a recovery code goes to the user's email, if
// there is such a user with an email address; the next form is the same either way.
func (s *Server) troubleSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("username"); blank != nil {
		return fieldError(recoverPasswordNode, blank...)
	}
	it.recoveryUser = s.st.userByName(in.str("username"))
	s.sendRecovery(it, now)
	it.screen = screenRecover
	return nil
}

func (s *Server) resendRecovery(it *interaction, _ formData, now time.Time) *dvError {
	s.sendRecovery(it, now)
	return nil
}

// sendRecovery puts a new recovery code in the inbox, replacing the previous one.
func (s *Server) sendRecovery(it *interaction, now time.Time) {
	u := it.recoveryUser
	if u == nil || u.Email == "" {
		return
	}
	it.recovery = oneTimeCode{value: newCode(8, alphanumeric), expires: now.Add(recoveryCodeLife)}
	s.st.inbox.add(inboxEntry{Username: u.Username, Kind: kindRecovery, Code: it.recovery.value, To: u.Email}, now)
}

// recoverSubmit sets the new password once the code is right, and sends the person back to the
// sign-on form with the username filled in. Signing on again (rather than completing here)
// keeps the second factor: an email code alone must not get past MFA.
func (s *Server) recoverSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("recoveryCode", "newPassword"); blank != nil {
		return fieldError(recoverPasswordNode, blank...)
	}
	u := it.recoveryUser
	if u == nil || !equalCode(it.recovery, in.str("recoveryCode"), now) {
		return fieldError(recoverPasswordNode, invalidValue("recoveryCode", "The recovery code is invalid or has expired."))
	}
	if aerr := s.checkNewPassword("newPassword", in.str("newPassword"), &u.User, u.passwords()); aerr != nil {
		return policyError(recoverPasswordNode, aerr)
	}
	s.setPassword(u, in.str("newPassword"))
	u.lockedUntil, u.failures, u.unverified = time.Time{}, 0, false
	it.recovery, it.recoveryUser = oneTimeCode{}, nil
	it.prefill, it.notice = u.Username, "Your password has been changed. Sign on with your new password."
	it.screen = screenSignOn
	return nil
}

// policyError relays a password policy failure the way DaVinci's connectors word it.
func policyError(c connector, aerr *apiError) *dvError {
	d := aerr.Details[0]
	return connectorError(c, http.StatusBadRequest,
		"newPasswordNotValid "+d.Target+": New password did not satisfy password policy requirements", aerr)
}

// registerSubmit creates the user, unverified, and sends an email verification code. Every
// problem is reported at once, one detail per field.
func (s *Server) registerSubmit(it *interaction, in formData, now time.Time) *dvError {
	username, email, password := in.str("username"), in.str("email"), in.str("password")
	details := in.blanks("username", "email", "password")
	if accepted, _ := in["agreement"].(bool); !accepted {
		details = append(details, invalidValue("agreement", "You must accept the terms of use to register."))
	}
	if username != "" && s.st.userByName(username) != nil {
		details = append(details, errorDetail{Code: "UNIQUENESS_VIOLATION", Target: "username", Message: "is unique but a non-unique value is provided"})
	}
	if email != "" && !validEmail(email) {
		details = append(details, invalidValue("email", "must be a well-formed email address"))
	}
	candidate := User{Username: username, Email: email}
	if password != "" {
		if aerr := s.checkNewPassword("password", password, &candidate, nil); aerr != nil {
			details = append(details, aerr.Details...)
		}
	}
	if len(details) > 0 {
		return fieldError(createUserNode, details...)
	}
	if len(s.st.users) >= s.cfg.Settings.MaxUsers {
		return connectorError(createUserNode, "REQUEST_LIMITED", "The emulator's user limit (settings.maxUsers) is reached.", nil)
	}
	candidate.ID, candidate.Password, candidate.PasswordStatus = newID(), password, PasswordOK
	u := &user{User: candidate, unverified: true}
	s.st.addUser(u)
	it.user = u
	s.sendVerification(it, now)
	it.screen = screenVerify
	return nil
}

func (s *Server) resendVerification(it *interaction, _ formData, now time.Time) *dvError {
	s.sendVerification(it, now)
	return nil
}

// sendVerification puts a new email verification code in the inbox, replacing the previous one.
func (s *Server) sendVerification(it *interaction, now time.Time) {
	it.verification = oneTimeCode{value: newCode(8, alphanumeric), expires: now.Add(recoveryCodeLife)}
	s.st.inbox.add(inboxEntry{Username: it.user.Username, Kind: kindVerification, Code: it.verification.value, To: it.user.Email}, now)
}

// verifySubmit proves the email address; a registration is then a sign-on with a password.
func (s *Server) verifySubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("verificationCode"); blank != nil {
		return fieldError(verifyUserNode, blank...)
	}
	if !equalCode(it.verification, in.str("verificationCode"), now) {
		return fieldError(verifyUserNode, invalidValue("verificationCode", "The verification code is invalid or has expired."))
	}
	it.user.unverified = false
	it.verification = oneTimeCode{}
	it.authenticated("pwd")
	s.secondFactor(it, now)
	return nil
}

// changePasswordSubmit replaces an expired (or administrator-reset) password.
func (s *Server) changePasswordSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("newPassword"); blank != nil {
		return fieldError(resetPasswordNode, blank...)
	}
	if aerr := s.checkNewPassword("newPassword", in.str("newPassword"), &it.user.User, it.user.passwords()); aerr != nil {
		return policyError(resetPasswordNode, aerr)
	}
	s.setPassword(it.user, in.str("newPassword"))
	s.secondFactor(it, now)
	return nil
}

package emulator

import (
	"crypto/subtle"
	"math"
	"net/http"
	"strings"
	"time"
)

// This file holds the LOGIN and IDENTIFIER_FIRST actions: passwords, lockout, expired and
// must-change passwords, forgotten passwords and self-service registration.

// checkPassword is usernamePassword.check. Wrong credentials never say whether the username or
// the password was wrong; they count towards the user's lockout, and an unknown username's
// count down and lock out the same way (wrongPassword), so failuresRemaining tells nothing.
func (s *Server) checkPassword(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Username, Password string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"username", in.Username}, [2]string{"password", in.Password}); err != nil {
		return err
	}
	u := s.st.userByName(in.Username)
	if u == nil {
		return s.wrongPassword(in.Username, now)
	}
	if f.user != nil && u != f.user {
		return badCredentials(-1)
	}
	if err := s.checkLockout(&u.lockout, now); err != nil {
		return err
	}
	if !samePassword(u.Password, in.Password) {
		return s.passwordFailure(&u.lockout, now)
	}
	u.failures = 0
	f.user = u
	if f.status == statusAccountLinkingRequired {
		linkIdentity(u, f.external) // the person proved both accounts: from now on the provider signs them on
		f.external = nil
		s.authenticate(f, "fed", now) // the identity provider's sign-on counts too (amr fed, pwd)
	}
	s.authenticate(f, "pwd", now)
	switch {
	case u.unverified:
		s.sendVerificationCode(f, nil, now)
		f.status = statusVerificationCodeRequired
	case u.PasswordStatus == PasswordExpired:
		f.status = statusPasswordExpired
	case u.PasswordStatus == PasswordMustChange:
		f.status = statusMustChangePassword
	default:
		s.next(f, now)
	}
	return nil
}

func samePassword(stored, given string) bool {
	return stored != "" && subtle.ConstantTimeCompare([]byte(stored), []byte(given)) == 1
}

func badCredentials(failuresRemaining int) *apiError {
	d := invalidValue("password", "Invalid username and/or password.")
	if failuresRemaining >= 0 {
		d.InnerError = map[string]any{"failuresRemaining": failuresRemaining}
	}
	return invalidData(d)
}

// wrongPassword answers a password for a username nobody has as a wrong password for a known
// one: the same comparison work, the same count of failures remaining, the same lockout.
func (s *Server) wrongPassword(username string, now time.Time) *apiError {
	samePassword("phantom", username) // as long as a real comparison
	lk := s.st.phantomLockout(username, now)
	if err := s.checkLockout(lk, now); err != nil {
		return err
	}
	return s.passwordFailure(lk, now)
}

// checkLockout refuses any password while the user is locked out, and lifts an expired lock.
func (s *Server) checkLockout(u *lockout, now time.Time) *apiError {
	if u.lockedUntil.IsZero() {
		return nil
	}
	if left := u.lockedUntil.Sub(now); left > 0 {
		return lockedOut(left)
	}
	u.lockedUntil, u.failures = time.Time{}, 0
	return nil
}

func lockedOut(left time.Duration) *apiError {
	return invalidData(errorDetail{
		Code: "PASSWORD_LOCKED_OUT", Target: "password",
		Message:    "The password is locked out. Try again later.",
		InnerError: map[string]any{"secondsUntilUnlock": int(math.Ceil(left.Seconds()))},
	})
}

// passwordFailure counts a wrong password; the failure that reaches the policy's limit locks
// the password for the lockout duration.
func (s *Server) passwordFailure(u *lockout, now time.Time) *apiError {
	lockout := s.cfg.PasswordPolicy.Lockout
	if lockout.FailureCount == 0 {
		return badCredentials(-1)
	}
	u.failures++
	if u.failures >= lockout.FailureCount {
		u.lockedUntil = now.Add(seconds(lockout.DurationSeconds))
		return lockedOut(seconds(lockout.DurationSeconds))
	}
	return badCredentials(lockout.FailureCount - u.failures)
}

// lookup is user.lookup, the IDENTIFIER_FIRST action: the user is identified, not yet
// authenticated, and the next action (LOGIN or MFA) authenticates them.
func (s *Server) lookup(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Username string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"username", in.Username}); err != nil {
		return err
	}
	if p := s.discoveryProvider(f, in.Username); p != nil {
		// Identity provider discovery: this domain signs on at p.
		f.idp, f.loginHint = p, strings.TrimSpace(in.Username)
		f.status = statusExternalAuthRequired
		return nil
	}
	u := s.st.userByName(in.Username)
	if u == nil {
		return invalidData(invalidValue("username", "No user was found with that username."))
	}
	f.user = u
	s.next(f, now)
	return nil
}

// resetPassword is password.reset, for PASSWORD_EXPIRED and MUST_CHANGE_PASSWORD.
func (s *Server) resetPassword(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ CurrentPassword, NewPassword string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"currentPassword", in.CurrentPassword}, [2]string{"newPassword", in.NewPassword}); err != nil {
		return err
	}
	if !samePassword(f.user.Password, in.CurrentPassword) {
		return invalidData(invalidValue("currentPassword", "The current password is not correct."))
	}
	if err := s.checkNewPassword("newPassword", in.NewPassword, &f.user.User, f.user.passwords()); err != nil {
		return err
	}
	s.setPassword(f.user, in.NewPassword)
	s.next(f, now)
	return nil
}

// forgotPassword is password.forgot. It always moves to RECOVERY_CODE_REQUIRED, whether or not
// the user exists, so the answer does not reveal who has an account; only a real user with an
// email address gets a code in the inbox.
func (s *Server) forgotPassword(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Username string }
	if f.user == nil {
		if err := decode(body, &in); err != nil {
			return err
		}
		if err := required([2]string{"username", in.Username}); err != nil {
			return err
		}
	}
	f.recoveryUser = f.user
	if f.recoveryUser == nil {
		f.recoveryUser = s.st.userByName(in.Username)
	}
	s.sendRecoveryCode(f, nil, now)
	f.status = statusRecoveryCodeRequired
	return nil
}

// recoveryCodeLife is fixed at five minutes in PingOne.
const recoveryCodeLife = 5 * time.Minute

// sendRecoveryCode is password.sendRecoveryCode: a new code replaces the previous one.
func (s *Server) sendRecoveryCode(f *flow, _ []byte, now time.Time) *apiError {
	u := f.recoveryUser
	if u == nil || u.Email == "" {
		return nil
	}
	f.recovery = oneTimeCode{value: newCode(8, alphanumeric), expires: now.Add(recoveryCodeLife)}
	s.st.inbox.add(inboxEntry{Username: u.Username, Kind: kindRecovery, Code: f.recovery.value, To: u.Email}, now)
	return nil
}

// recoverPassword is password.recover. Proving control of the email address authenticates the
// user, unlocks the password and verifies the account.
func (s *Server) recoverPassword(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ RecoveryCode, NewPassword string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"recoveryCode", in.RecoveryCode}, [2]string{"newPassword", in.NewPassword}); err != nil {
		return err
	}
	u := f.recoveryUser
	if u == nil || !f.recovery.matches(in.RecoveryCode, now) {
		return invalidData(invalidValue("recoveryCode", "The recovery code is invalid or has expired."))
	}
	if err := s.checkNewPassword("newPassword", in.NewPassword, &u.User, u.passwords()); err != nil {
		return err
	}
	s.setPassword(u, in.NewPassword)
	u.lockedUntil, u.failures, u.unverified = time.Time{}, 0, false
	f.recovery = oneTimeCode{}
	f.user = u
	s.authenticate(f, "pwd", now)
	s.next(f, now)
	return nil
}

// register is user.register: the new user must verify their email with a code before the
// flow goes on.
func (s *Server) register(f *flow, body []byte, now time.Time) *apiError {
	var in struct {
		Username, Email, Password string
		Name                      Name
	}
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"username", in.Username}, [2]string{"email", in.Email}, [2]string{"password", in.Password}); err != nil {
		return err
	}
	if len(s.st.users) >= s.cfg.Settings.MaxUsers {
		return &apiError{status: http.StatusTooManyRequests, Code: "REQUEST_LIMITED", Message: "The emulator's user limit (settings.maxUsers) is reached."}
	}
	var details []errorDetail
	if s.st.userByName(in.Username) != nil {
		details = append(details, errorDetail{Code: "UNIQUENESS_VIOLATION", Target: "username", Message: "A user with this username already exists."})
	}
	if !validEmail(in.Email) {
		details = append(details, invalidValue("email", "must be a well-formed email address"))
	}
	candidate := User{Username: in.Username, Email: in.Email, Name: in.Name}
	if err := s.checkNewPassword("password", in.Password, &candidate, nil); err != nil {
		details = append(details, err.Details...)
	}
	if len(details) > 0 {
		return invalidData(details...)
	}
	candidate.ID, candidate.Password, candidate.PasswordStatus = newID(), in.Password, PasswordOK
	u := &user{User: candidate, unverified: true}
	s.st.addUser(u)
	f.user = u
	s.sendVerificationCode(f, nil, now)
	f.status = statusVerificationCodeRequired
	return nil
}

// sendVerificationCode is user.sendVerificationCode: a new code replaces the previous one.
func (s *Server) sendVerificationCode(f *flow, _ []byte, now time.Time) *apiError {
	f.verification = oneTimeCode{value: newCode(8, alphanumeric), expires: now.Add(recoveryCodeLife)}
	s.st.inbox.add(inboxEntry{Username: f.user.Username, Kind: kindVerification, Code: f.verification.value, To: f.user.Email}, now)
	return nil
}

// verify is user.verify: the code proves the email address, which completes registration.
func (s *Server) verify(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ VerificationCode string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"verificationCode", in.VerificationCode}); err != nil {
		return err
	}
	if !f.verification.matches(in.VerificationCode, now) {
		return invalidData(invalidValue("verificationCode", "The verification code is invalid or has expired."))
	}
	f.user.unverified = false
	f.verification = oneTimeCode{}
	s.authenticate(f, "pwd", now)
	s.next(f, now)
	return nil
}

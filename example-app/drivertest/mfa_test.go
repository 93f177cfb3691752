package drivertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

type answers = map[string]func(*flowcore.Step) (string, map[string]any)

func TestIdentifierFirstThenSMSCode(t *testing.T) {
	w := newWorld(t)
	wrong := 0
	eff, seen := w.signIn(w.config(emulator.DemoPasswordlessPolicy), person{answer: by(t, answers{
		"SIGN_ON_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserLookup, map[string]any{"username": "user.sms"}
		},
		"OTP_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			require.Equal(t, "SMS", s.SelectedDevice.Type)
			require.Regexp(t, `^\*+02$`, s.SelectedDevice.Target, "the phone number is masked")
			if wrong == 0 {
				wrong++
				return flowcore.ActionOTPCheck, map[string]any{"otp": "000000"}
			}
			return w.code("user.sms", "otp", "otp", flowcore.ActionOTPCheck)(s)
		},
		"OTP_REQUIRED!invalid_code": w.code("user.sms", "otp", "otp", flowcore.ActionOTPCheck),
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"SIGN_ON_REQUIRED", "OTP_REQUIRED", "OTP_REQUIRED!invalid_code"}, seen)
	assert.Equal(t, emulator.DemoPasswordlessPolicy, claims["acr"])
}

func TestIdentifierFirstThenPassword(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(emulator.DemoIdentifierFirstPolicy), person{answer: by(t, answers{
		"SIGN_ON_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserLookup, map[string]any{"username": "user.password"}
		},
		"PASSWORD_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			a, ok := s.Action(flowcore.ActionUsernamePasswordCheck)
			require.True(t, ok)
			require.Equal(t, "user.password", a.Fields[0].Value, "the known username is prefilled")
			return flowcore.ActionUsernamePasswordCheck, map[string]any{"password": emulator.DemoPassword}
		},
	})})
	done(t, w, eff)
	assert.Equal(t, []string{"SIGN_ON_REQUIRED", "PASSWORD_REQUIRED"}, seen)
}

func devicesUser(w *world, then answers) answers {
	a := answers{"USERNAME_PASSWORD_REQUIRED": login("user.devices", emulator.DemoPassword)}
	for k, v := range then {
		a[k] = v
	}
	return a
}

func TestDeviceSelectionEmailAndTOTP(t *testing.T) {
	for _, typ := range []string{"EMAIL", "TOTP", "SMS"} {
		t.Run(typ, func(t *testing.T) {
			w := newWorld(t)
			eff, seen := w.signIn(w.config(""), person{answer: by(t, devicesUser(w, answers{
				"DEVICE_SELECTION_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
					require.Len(t, s.Devices, 4)
					return chooseDevice(typ)(s)
				},
				"OTP_REQUIRED": w.code("user.devices", "otp", "otp", flowcore.ActionOTPCheck),
			}))})
			claims := done(t, w, eff)
			assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "DEVICE_SELECTION_REQUIRED", "OTP_REQUIRED"}, seen)
			assert.Contains(t, claims["amr"], "pwd")
			assert.Contains(t, claims["amr"], "otp", "a second factor is recorded")
		})
	}
}

func TestPushApprovedDeniedAndTimedOut(t *testing.T) {
	t.Run("approved", func(t *testing.T) {
		w := newWorld(t)
		polls := 0
		eff, seen := w.signIn(w.config(""), person{
			answer: by(t, devicesUser(w, answers{"DEVICE_SELECTION_REQUIRED": chooseDevice("MOBILE")})),
			poll: func(*flowcore.Step) {
				if polls++; polls == 2 {
					w.decidePush("user.devices", "approve")
				}
			},
		})
		done(t, w, eff)
		assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "DEVICE_SELECTION_REQUIRED", "PUSH_CONFIRMATION_REQUIRED", "PUSH_CONFIRMATION_REQUIRED"}, seen)
	})
	t.Run("denied", func(t *testing.T) {
		w := newWorld(t)
		eff, _ := w.signIn(w.config(""), person{
			answer: by(t, devicesUser(w, answers{"DEVICE_SELECTION_REQUIRED": chooseDevice("MOBILE")})),
			poll:   func(*flowcore.Step) { w.decidePush("user.devices", "deny") },
		})
		require.Equal(t, flowcore.EffectFail, eff.Kind)
		assert.Equal(t, flowcore.CodeFlowFailed, eff.Error.Code)
		assert.Equal(t, flowcore.ClassRestart, eff.Error.Class)
	})
	t.Run("timed out, then SMS", func(t *testing.T) {
		w := newWorld(t)
		eff, seen := w.signIn(w.config(""), person{
			answer: by(t, devicesUser(w, answers{
				"DEVICE_SELECTION_REQUIRED":   chooseDevice("MOBILE"),
				"PUSH_CONFIRMATION_TIMED_OUT": chooseDevice("SMS"),
				"OTP_REQUIRED":                w.code("user.devices", "otp", "otp", flowcore.ActionOTPCheck),
			})),
			poll: func(*flowcore.Step) { w.clock.advance(10 * time.Minute) },
		})
		done(t, w, eff)
		assert.Contains(t, seen, "PUSH_CONFIRMATION_TIMED_OUT")
	})
}

func TestExpiredAndMustChangePassword(t *testing.T) {
	for _, user := range []string{"user.expired", "user.mustchange"} {
		t.Run(user, func(t *testing.T) {
			w := newWorld(t)
			status := map[string]string{"user.expired": "PASSWORD_EXPIRED", "user.mustchange": "MUST_CHANGE_PASSWORD"}[user]
			eff, seen := w.signIn(w.config(""), person{answer: by(t, answers{
				"USERNAME_PASSWORD_REQUIRED": login(user, emulator.DemoPassword),
				status: func(s *flowcore.Step) (string, map[string]any) {
					require.NotNil(t, s.PasswordPolicy, "the policy is shown while choosing")
					require.Equal(t, 8, s.PasswordPolicy.MinLength)
					return flowcore.ActionPasswordReset, map[string]any{"currentPassword": emulator.DemoPassword, "newPassword": "short"}
				},
				status + "!password_policy": func(s *flowcore.Step) (string, map[string]any) {
					require.NotEmpty(t, s.Error.Details[0].UnsatisfiedRequirements)
					return flowcore.ActionPasswordReset, map[string]any{"currentPassword": emulator.DemoPassword, "newPassword": newPassword}
				},
			})})
			done(t, w, eff)
			assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", status, status + "!password_policy"}, seen)
		})
	}
}

func TestForgotPasswordThenSignInWithTheNewOne(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(""), person{answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionPasswordForgot, map[string]any{"username": "user.password"}
		},
		"RECOVERY_CODE_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionPasswordRecover, map[string]any{"recoveryCode": w.latest("user.password", "recovery").Code, "newPassword": newPassword}
		},
	})})
	done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "RECOVERY_CODE_REQUIRED"}, seen)

	cfg := w.config("")
	cfg.Prompt = "login"
	eff, _ = w.signIn(cfg, person{answer: by(t, answers{"USERNAME_PASSWORD_REQUIRED": login("user.password", newPassword)})})
	done(t, w, eff)
}

func TestRegistrationVerificationProfileAgreement(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(""), person{answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserRegister, map[string]any{"username": "new.person", "email": "new.person@example.com", "password": newPassword}
		},
		"VERIFICATION_CODE_REQUIRED": w.code("new.person", "verification", "verificationCode", flowcore.ActionUserVerify),
		"PROFILE_DATA_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			in := map[string]any{}
			for _, a := range s.Attributes {
				in[a.Name] = map[string]string{"name.given": "Nia", "name.family": "Newman", "mobilePhone": "+15555550199"}[a.Name]
			}
			return flowcore.ActionUserUpdate, in
		},
		"AGREEMENT_CONSENT_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			require.NotEmpty(t, s.Agreement.Text)
			return flowcore.ActionUserConsent, map[string]any{"accept": true}
		},
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "VERIFICATION_CODE_REQUIRED", "PROFILE_DATA_REQUIRED", "AGREEMENT_CONSENT_REQUIRED"}, seen)
	assert.Equal(t, "new.person", claims["preferred_username"])
}

func TestProfileDataAndDeclinedAgreement(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(""), person{answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": login("user.profile", emulator.DemoPassword),
		"PROFILE_DATA_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserUpdate, map[string]any{"name.given": "Pro", "name.family": "Profiled", "mobilePhone": "+15555550107"}
		},
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "PROFILE_DATA_REQUIRED"}, seen)
	assert.Equal(t, "Profiled", claims["family_name"])

	w = newWorld(t)
	eff, _ = w.signIn(w.config(""), person{answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": login("user.agreement", emulator.DemoPassword),
		"AGREEMENT_CONSENT_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserConsent, map[string]any{"accept": false}
		},
	})})
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.Equal(t, flowcore.CodeFlowFailed, eff.Error.Code)
}

func TestSessionResetReturnsToTheFirstStep(t *testing.T) {
	w := newWorld(t)
	resets := 0
	eff, seen := w.signIn(w.config(emulator.DemoPasswordlessPolicy), person{answer: by(t, answers{
		"SIGN_ON_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			user := "user.sms"
			if resets > 0 {
				user = "user.devices"
			}
			return flowcore.ActionUserLookup, map[string]any{"username": user}
		},
		"OTP_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			resets++
			return flowcore.ActionSessionReset, nil
		},
		"DEVICE_SELECTION_REQUIRED": func(*flowcore.Step) (string, map[string]any) { return "", nil },
	})})
	assert.Equal(t, flowcore.EffectShow, eff.Kind)
	assert.Equal(t, []string{"SIGN_ON_REQUIRED", "OTP_REQUIRED", "SIGN_ON_REQUIRED", "DEVICE_SELECTION_REQUIRED"}, seen)
}

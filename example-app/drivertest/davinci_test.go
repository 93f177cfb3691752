package drivertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

// The demo's DaVinci application against the engine: every DaVinci form is a Step with status
// FORM (or POLLING), told apart by its title, so the answers below are keyed by form name.

func (w *world) davinci() flowcore.Config {
	cfg := w.config("")
	cfg.ClientID = emulator.DemoDaVinciClientID
	return cfg
}

// byForm answers each form by its title ("Sign On", or "Sign On!invalid_credentials" once an
// error is on it) and records the titles in seen. It plugs into by as the answer for FORM.
// The passkey offer after a password sign-on is declined ("Not now") unless forms answer it.
func byForm(t *testing.T, seen *[]string, forms answers) answers {
	return answers{"FORM": func(s *flowcore.Step) (string, map[string]any) {
		require.Equal(t, "davinci", s.Protocol)
		key := s.Title
		if s.Error != nil {
			key += "!" + s.Error.Code
		}
		*seen = append(*seen, key)
		f, ok := forms[key]
		if !ok && key == "Set Up a Passkey" {
			f, ok = press("NOT_NOW"), true
		}
		require.True(t, ok, "unexpected form %s (error %v)", key, s.Error)
		return f(s)
	}}
}

func signOnAs(user, password string) func(*flowcore.Step) (string, map[string]any) {
	return func(*flowcore.Step) (string, map[string]any) {
		return "SIGNON", map[string]any{"username": user, "password": password}
	}
}

func press(action string) func(*flowcore.Step) (string, map[string]any) {
	return func(*flowcore.Step) (string, map[string]any) { return action, nil }
}

// chooseOption picks the DEVICE_AUTHENTICATION option of a device type.
func chooseOption(t *testing.T, deviceType string) func(*flowcore.Step) (string, map[string]any) {
	return func(s *flowcore.Step) (string, map[string]any) {
		a, ok := s.Action("SUBMIT")
		require.True(t, ok)
		require.Equal(t, "device", a.Fields[0].Type)
		for _, o := range a.Fields[0].Options {
			if o.Type == deviceType {
				return "SUBMIT", map[string]any{"device": o.Value}
			}
		}
		t.Fatalf("no %s device offered", deviceType)
		return "", nil
	}
}

func (w *world) inboxCode(user, kind, field string) func(*flowcore.Step) (string, map[string]any) {
	return func(*flowcore.Step) (string, map[string]any) {
		return "SUBMIT", map[string]any{field: w.latest(user, kind).Code}
	}
}

func TestDaVinciSignIn(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
		"Sign On": func(s *flowcore.Step) (string, map[string]any) {
			names := s.ActionNames()
			assert.Equal(t, []string{"SIGNON", "passkey", emulator.DemoIdentityProviderID, "PHONE", "TROUBLE", "REGISTER"}, names)
			roles := []string{}
			for _, a := range s.Actions {
				roles = append(roles, a.Role)
			}
			assert.Equal(t, []string{flowcore.RolePrimary, flowcore.RolePasskey, flowcore.RoleSocial, flowcore.RoleAlternative,
				flowcore.RoleAlternative, flowcore.RoleAlternative}, roles)
			a, _ := s.Action("REGISTER")
			assert.True(t, a.Link, "REGISTER is a FLOW_LINK")
			return signOnAs("user.password", emulator.DemoPassword)(s)
		},
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Set Up a Passkey"}, seen, "a user without devices is offered a passkey")
	assert.Equal(t, emulator.DemoDaVinciPolicyID, claims["acr"], "the ID token's acr is the DaVinci flow policy")
	assert.Equal(t, emulator.DemoDaVinciClientID, claims["aud"])
	assert.Equal(t, []any{"pwd"}, claims["amr"])
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", claims["sub"])
}

func TestDaVinciWrongPasswordThenRight(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
		"Sign On": signOnAs("user.password", "Not-The-Passw0rd"),
		"Sign On!invalid_credentials": func(s *flowcore.Step) (string, map[string]any) {
			require.Len(t, s.Error.Details, 1)
			require.NotNil(t, s.Error.Details[0].FailuresRemaining)
			assert.Equal(t, 4, *s.Error.Details[0].FailuresRemaining)
			a, _ := s.Action("SIGNON")
			assert.Equal(t, "password", a.Fields[1].Key)
			assert.NotEmpty(t, a.Fields[1].Errors, "the error sits on the password field")
			return signOnAs("user.password", emulator.DemoPassword)(s)
		},
	}))})
	done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Sign On!invalid_credentials", "Set Up a Passkey"}, seen)
}

func TestDaVinciRegistration(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
		"Sign On": press("REGISTER"),
		"Registration": func(s *flowcore.Step) (string, map[string]any) {
			a, _ := s.Action("SUBMIT")
			types := map[string]string{}
			for _, f := range a.Fields {
				types[f.Key] = f.Type
			}
			assert.Equal(t, map[string]string{"username": "text", "email": "email", "password": "new-password", "agreement": "boolean"}, types)
			assert.NotNil(t, a.Fields[2].Policy, "the password policy comes with the field")
			assert.NotEmpty(t, a.Fields[1].Pattern)
			require.Len(t, s.Content, 1)
			assert.Equal(t, "rich-text", s.Content[0].Type)
			return "SUBMIT", map[string]any{"username": "user.password", "email": "dv@example.com", "password": newPassword, "agreement": true}
		},
		"Registration!already_exists": func(s *flowcore.Step) (string, map[string]any) {
			return "SUBMIT", map[string]any{"username": "dv.user", "email": "dv@example.com", "password": newPassword, "agreement": true}
		},
		"Verify Email": w.inboxCode("dv.user", "verification", "verificationCode"),
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Registration", "Registration!already_exists", "Verify Email"}, seen)
	assert.Equal(t, "dv.user", claims["preferred_username"])
	assert.Equal(t, "dv@example.com", claims["email"])
}

func TestDaVinciTroubleSigningOn(t *testing.T) {
	w := newWorld(t)
	var seen []string
	signOns := 0
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
		"Sign On": func(s *flowcore.Step) (string, map[string]any) {
			if signOns++; signOns == 1 {
				return press("TROUBLE")(s)
			}
			a, _ := s.Action("SIGNON")
			assert.Equal(t, "user.password", a.Fields[0].Value, "the username comes back filled in")
			require.NotEmpty(t, s.Content)
			assert.Contains(t, s.Content[0].Text, "password has been changed")
			return "SIGNON", map[string]any{"password": newPassword}
		},
		"Trouble Signing On": func(*flowcore.Step) (string, map[string]any) {
			return "SUBMIT", map[string]any{"username": "user.password"}
		},
		"Reset Password": func(s *flowcore.Step) (string, map[string]any) {
			a, _ := s.Action("SUBMIT")
			assert.True(t, a.Fields[1].Verify, "PASSWORD_VERIFY asks for the password twice")
			return "SUBMIT", map[string]any{"recoveryCode": w.latest("user.password", "recovery").Code, "newPassword": newPassword}
		},
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Trouble Signing On", "Reset Password", "Sign On", "Set Up a Passkey"}, seen)
	assert.Equal(t, "user.password", claims["preferred_username"])
}

func TestDaVinciMFAWithACode(t *testing.T) {
	for _, typ := range []string{"EMAIL", "SMS"} {
		t.Run(typ, func(t *testing.T) {
			w := newWorld(t)
			var seen []string
			eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
				"Sign On": signOnAs("user.devices", emulator.DemoPassword),
				"Choose a Device": func(s *flowcore.Step) (string, map[string]any) {
					a, _ := s.Action("SUBMIT")
					require.Len(t, a.Fields[0].Options, 4)
					for _, o := range a.Fields[0].Options {
						if o.Type == "EMAIL" {
							assert.Equal(t, "u****@example.com", o.Description, "the masked target")
						}
					}
					return chooseOption(t, typ)(s)
				},
				"Enter Code": func(*flowcore.Step) (string, map[string]any) {
					return "SUBMIT", map[string]any{"otp": "000000"}
				},
				"Enter Code!invalid_code": w.inboxCode("user.devices", "otp", "otp"),
			}))})
			claims := done(t, w, eff)
			assert.Equal(t, []string{"Sign On", "Choose a Device", "Enter Code", "Enter Code!invalid_code"}, seen)
			assert.Equal(t, []any{"pwd", "otp", "mfa"}, claims["amr"])
		})
	}
}

func pushAnswers(t *testing.T, seen *[]string) func(*flowcore.Step) (string, map[string]any) {
	return by(t, byForm(t, seen, answers{
		"Sign On":         signOnAs("user.devices", emulator.DemoPassword),
		"Choose a Device": chooseOption(t, "MOBILE"),
	}))
}

func TestDaVinciPushApproved(t *testing.T) {
	w := newWorld(t)
	var seen []string
	polls := 0
	eff, _ := w.signIn(w.davinci(), person{answer: pushAnswers(t, &seen), poll: func(s *flowcore.Step) {
		assert.Equal(t, "POLLING", s.Status)
		assert.Equal(t, "Push Notification", s.Title)
		if polls++; polls == 3 {
			w.decidePush("user.devices", "approve")
		}
	}})
	claims := done(t, w, eff)
	assert.Equal(t, 3, polls, "two polls answered keep polling, the third the success")
	assert.Equal(t, []any{"pwd", "swk", "mfa"}, claims["amr"])
}

func TestDaVinciPushDenied(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: pushAnswers(t, &seen), poll: func(*flowcore.Step) {
		w.decidePush("user.devices", "deny")
	}})
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.Equal(t, flowcore.CodeFlowFailed, eff.Error.Code)
	assert.Equal(t, flowcore.ClassRestart, eff.Error.Class)
	assert.Equal(t, "PUSH_DENIED", eff.Error.ServerCode)
}

func TestDaVinciSSOCompletesAtOnce(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{"Sign On": signOnAs("user.password", emulator.DemoPassword)}))})
	first := done(t, w, eff)

	eff, shown := w.signIn(w.davinci(), person{answer: by(t, answers{})})
	again := done(t, w, eff)
	assert.Empty(t, shown, "the ST cookie completes the flow at once")
	assert.Equal(t, first["sid"], again["sid"])
	assert.Equal(t, emulator.DemoDaVinciPolicyID, again["acr"])

	cfg := w.davinci()
	cfg.Prompt = "login"
	seen = nil
	eff, _ = w.signIn(cfg, person{answer: by(t, byForm(t, &seen, answers{"Sign On": signOnAs("user.password", emulator.DemoPassword)}))})
	done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Set Up a Passkey"}, seen, "prompt=login asks again")
}

func TestDaVinciExpiredInteractionMeansRestart(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{answer: by(t, byForm(t, &seen, answers{
		"Sign On": func(s *flowcore.Step) (string, map[string]any) {
			w.clock.advance(16 * time.Minute)
			return signOnAs("user.password", emulator.DemoPassword)(s)
		},
	}))})
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.Equal(t, flowcore.CodeInteractionExpired, eff.Error.Code)
	assert.Equal(t, flowcore.ClassRestart, eff.Error.Class)
}

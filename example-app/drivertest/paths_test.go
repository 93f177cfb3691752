package drivertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

const newPassword = "Fresh-Passw0rd!"

// by answers each status with a function; a status it does not expect fails the test.
func by(t *testing.T, answers map[string]func(*flowcore.Step) (string, map[string]any)) func(*flowcore.Step) (string, map[string]any) {
	return func(s *flowcore.Step) (string, map[string]any) {
		key := s.Status
		if s.Error != nil {
			if f, ok := answers[s.Status+"!"+s.Error.Code]; ok {
				return f(s)
			}
		}
		f, ok := answers[key]
		require.True(t, ok, "unexpected step %s (error %v)", key, s.Error)
		return f(s)
	}
}

func login(user, password string) func(*flowcore.Step) (string, map[string]any) {
	return func(*flowcore.Step) (string, map[string]any) {
		return flowcore.ActionUsernamePasswordCheck, map[string]any{"username": user, "password": password}
	}
}

func (w *world) code(user, kind, field, action string) func(*flowcore.Step) (string, map[string]any) {
	return func(*flowcore.Step) (string, map[string]any) {
		return action, map[string]any{field: w.latest(user, kind).Code}
	}
}

func chooseDevice(deviceType string) func(*flowcore.Step) (string, map[string]any) {
	return func(s *flowcore.Step) (string, map[string]any) {
		for _, d := range s.Devices {
			if d.Type == deviceType {
				return flowcore.ActionDeviceSelect, map[string]any{"device": d.ID}
			}
		}
		panic("no " + deviceType + " device offered")
	}
}

// signIn runs an embedded sign-on to its end.
func (w *world) signIn(cfg flowcore.Config, p person) (flowcore.Effect, []string) {
	e := w.engine(cfg)
	eff, err := e.Start()
	require.NoError(w.t, err)
	return w.drive(e, eff, p)
}

func done(t *testing.T, w *world, eff flowcore.Effect) map[string]any {
	require.Equal(t, flowcore.EffectDone, eff.Kind, "error: %v", eff.Error)
	require.NotEmpty(t, eff.Tokens.AccessToken)
	require.NotEmpty(t, eff.Tokens.RefreshToken, "offline_access gives a refresh token")
	return w.verifyIDToken(eff.Tokens)
}

func TestPasswordOnly(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(""), person{answer: by(t, map[string]func(*flowcore.Step) (string, map[string]any){
		"USERNAME_PASSWORD_REQUIRED": login("user.password", emulator.DemoPassword),
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED"}, seen)
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", claims["sub"])
	assert.Equal(t, emulator.DemoPolicy, claims["acr"])
	assert.Contains(t, claims["amr"], "pwd")
	assert.Equal(t, "user.password", claims["preferred_username"])
	assert.Equal(t, w.base+"/"+emulator.DemoEnvironmentID+"/as", claims["iss"])
}

func TestWrongPasswordThenRight(t *testing.T) {
	w := newWorld(t)
	tries := 0
	eff, seen := w.signIn(w.config(""), person{answer: by(t, map[string]func(*flowcore.Step) (string, map[string]any){
		"USERNAME_PASSWORD_REQUIRED": login("user.password", "Not-The-Passw0rd"),
		"USERNAME_PASSWORD_REQUIRED!invalid_credentials": func(s *flowcore.Step) (string, map[string]any) {
			tries++
			require.Equal(t, 4, *s.Error.Details[0].FailuresRemaining)
			a, _ := s.Action(flowcore.ActionUsernamePasswordCheck)
			require.NotEmpty(t, a.Fields[1].Errors, "the error sits on the password field")
			return login("user.password", emulator.DemoPassword)(s)
		},
	})})
	done(t, w, eff)
	assert.Equal(t, 1, tries)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "USERNAME_PASSWORD_REQUIRED!invalid_credentials"}, seen)
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	w := newWorld(t)
	var remaining []int
	eff, seen := w.signIn(w.config(""), person{answer: func(s *flowcore.Step) (string, map[string]any) {
		if s.Error != nil && s.Error.Code == flowcore.CodeAccountLocked {
			require.NotNil(t, s.Error.Details[0].SecondsUntilUnlock)
			return "", nil
		}
		if s.Error != nil {
			remaining = append(remaining, *s.Error.Details[0].FailuresRemaining)
		}
		return login("user.password", "Not-The-Passw0rd")(s)
	}})
	assert.Equal(t, flowcore.EffectShow, eff.Kind)
	assert.Equal(t, []int{4, 3, 2, 1}, remaining)
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED!account_locked", seen[len(seen)-1])
}

func TestLockedUser(t *testing.T) {
	w := newWorld(t)
	eff, seen := w.signIn(w.config(""), person{answer: func(s *flowcore.Step) (string, map[string]any) {
		if s.Error != nil {
			return "", nil
		}
		return login("user.locked", emulator.DemoPassword)(s)
	}})
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "USERNAME_PASSWORD_REQUIRED!account_locked"}, seen)
	assert.Equal(t, flowcore.ClassFix, eff.Step.Error.Class)
}

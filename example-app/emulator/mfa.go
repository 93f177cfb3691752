package emulator

import "time"

// This file holds the MULTI_FACTOR_AUTHENTICATION action. SMS, VOICE, EMAIL and TOTP devices
// get a six-digit one-time passcode, "sent" to the inbox (for TOTP the inbox stands in for the
// authenticator app); MOBILE devices get a push that is approved or denied from the inbox.

// enterMFA picks the device: the user's default, or the only one; with several and no default
// the user chooses.
func (s *Server) enterMFA(f *flow, now time.Time) {
	devices := f.user.Devices
	if len(devices) == 0 {
		s.fail(f, "NO_USABLE_DEVICES", "The user has no device that can be used for multi-factor authentication.")
		return
	}
	for _, d := range devices {
		if d.Default {
			s.selectDevice(f, d, now)
			return
		}
	}
	if len(devices) == 1 {
		s.selectDevice(f, devices[0], now)
		return
	}
	f.status = statusDeviceSelectionRequired
}

// selectDevice starts authentication with d, replacing any code or push already pending.
func (s *Server) selectDevice(f *flow, d Device, now time.Time) {
	s.cancelPush(f)
	f.device = d.ID
	f.passkey, f.passkeyOptions = nil, ""
	if d.Type == DeviceFIDO2 {
		s.startAssertion(f, d, now)
		return
	}
	if d.Type == DeviceMobile {
		f.pushID = s.sendPush(f.user.Username, d, f.id, now)
		f.status = statusPushRequired
		return
	}
	f.otp = s.sendOTP(f.user.Username, d, now)
	f.status = statusOTPRequired
}

// sendPush puts a pending push for d in the inbox and returns its id. flowID ties it to a Flows
// API flow (empty for a DaVinci interaction).
func (s *Server) sendPush(username string, d Device, flowID string, now time.Time) string {
	return s.st.inbox.add(inboxEntry{
		Username: username, Kind: kindPush, DeviceID: d.ID, Status: pushPending,
		flowID: flowID, expires: now.Add(seconds(s.cfg.Settings.PushTimeoutSeconds)),
	}, now).ID
}

// sendOTP makes a six-digit one-time code for d and "sends" it to the inbox.
func (s *Server) sendOTP(username string, d Device, now time.Time) oneTimeCode {
	otp := oneTimeCode{value: newCode(6, digits), expires: now.Add(seconds(s.cfg.Settings.OTPLifetimeSeconds))}
	s.st.inbox.add(inboxEntry{Username: username, Kind: kindOTP, Code: otp.value, DeviceID: d.ID, To: d.Phone + d.Email}, now)
	return otp
}

// cancelPush withdraws a push the flow no longer waits for, so it cannot be approved later.
func (s *Server) cancelPush(f *flow) {
	s.withdrawPush(f.pushID)
	f.pushID = ""
}

// withdrawPush marks the inbox push id as canceled if it is still pending.
func (s *Server) withdrawPush(id string) {
	if e := s.st.inbox.byID(id); e != nil && e.Status == pushPending {
		e.Status = pushCanceled
	}
}

// selectDeviceAction is device.select: {"device": {"id": "..."}}.
func (s *Server) selectDeviceAction(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Device struct{ ID string } }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"device.id", in.Device.ID}); err != nil {
		return err
	}
	d, ok := f.user.device(in.Device.ID)
	if !ok {
		return invalidData(invalidValue("device.id", "The device is not one of the user's devices."))
	}
	s.selectDevice(f, d, now)
	return nil
}

// checkOTP is otp.check. Each wrong code uses up an attempt; the last one fails the flow. An
// expired code costs nothing: selecting the device again sends a new one.
func (s *Server) checkOTP(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ OTP string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"otp", in.OTP}); err != nil {
		return err
	}
	if !now.Before(f.otp.expires) {
		return invalidData(invalidValue("otp", "The one-time passcode has expired. Select the device again to get a new one."))
	}
	if !f.otp.matches(in.OTP, now) {
		f.otp.failures++
		left := s.cfg.Settings.OTPMaxAttempts - f.otp.failures
		if left <= 0 {
			s.fail(f, "TOO_MANY_ATTEMPTS", "Too many wrong one-time passcodes.")
			return nil
		}
		d := invalidValue("otp", "Invalid one-time passcode.")
		d.InnerError = map[string]any{"failuresRemaining": left}
		return invalidData(d)
	}
	f.otp = oneTimeCode{}
	s.authenticate(f, "otp", now)
	s.next(f, now)
	return nil
}

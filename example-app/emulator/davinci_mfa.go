package emulator

import "time"

// This file holds the built-in DaVinci flow's second factor, for users with mfaEnabled: the
// device choice (DEVICE_AUTHENTICATION), a one-time code for SMS, VOICE, EMAIL and TOTP devices,
// and a push for MOBILE devices that the client polls for while it is approved or denied from
// the inbox. Codes and pushes are the Flows API's, in the same inbox.

// secondFactor follows a successful first factor: done (or the passkey offer), unless the user
// has MFA or Protect asked for a step-up. One device is used at once; with several the user
// chooses (the default one preselected).
func (s *Server) secondFactor(it *interaction, now time.Time) {
	devices := s.mfaDevices(it)
	switch {
	case !it.user.MFAEnabled && !it.stepUp:
		s.finishSignOn(it)
	case len(devices) == 0:
		s.failInteraction(it, selectDeviceNode, "NO_USABLE_DEVICES", "The user has no device that can be used for multi-factor authentication.")
	case len(devices) == 1:
		s.useDevice(it, devices[0], now)
	default:
		it.screen = screenDevices
	}
}

// mfaDevices are the devices the user can verify with. A step-up for a user without devices
// sends a code to their email address, as PingOne MFA's email method does.
func (s *Server) mfaDevices(it *interaction) []Device {
	if len(it.user.Devices) == 0 && it.stepUp && it.user.Email != "" {
		return []Device{{ID: it.user.ID, Type: DeviceEmail, Email: it.user.Email}}
	}
	return it.user.Devices
}

// mfaDevice is the device with id among mfaDevices.
func (s *Server) mfaDevice(it *interaction, id string) (Device, bool) {
	for _, d := range s.mfaDevices(it) {
		if d.ID == id {
			return d, true
		}
	}
	return Device{}, false
}

// useDevice sends a code or a push to d, or asks for its passkey, replacing whatever was pending.
func (s *Server) useDevice(it *interaction, d Device, now time.Time) {
	s.withdrawPush(it.pushID)
	it.device, it.pushID = d.ID, ""
	if d.Type == DeviceFIDO2 {
		it.screen = screenPasskeyMFA
		return
	}
	if d.Type == DeviceMobile {
		it.pushID = s.sendPush(it.user.Username, d, "", now)
		it.screen = screenPush
		return
	}
	it.otp = s.sendOTP(it.user.Username, d, now)
	it.screen = screenOTP
}

// deviceSubmit takes the DEVICE_AUTHENTICATION value, {"type", "id", "value"} as the SDKs send
// it (a bare device id is accepted too).
func (s *Server) deviceSubmit(it *interaction, in formData, now time.Time) *dvError {
	var id, typ string
	switch v := in["device"].(type) {
	case string:
		id = v
	case map[string]any:
		id, _ = v["id"].(string)
		typ, _ = v["type"].(string)
	}
	if id == "" {
		return fieldError(selectDeviceNode, errorDetail{Code: "REQUIRED_VALUE", Target: "device", Message: "must not be blank"})
	}
	d, ok := s.mfaDevice(it, id)
	if !ok || (typ != "" && typ != d.Type) {
		return fieldError(selectDeviceNode, invalidValue("device", "The device is not one of the user's devices."))
	}
	s.useDevice(it, d, now)
	return nil
}

// otpSubmit checks the one-time code. Each wrong code uses up an attempt and the last one ends
// the flow; an expired code costs nothing (CHANGE_DEVICE sends a new one).
func (s *Server) otpSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("otp"); blank != nil {
		return fieldError(checkOTPNode, blank...)
	}
	if !now.Before(it.otp.expires) {
		return fieldError(checkOTPNode, invalidValue("otp", "The one-time passcode has expired. Ask for a new one."))
	}
	if !equalCode(it.otp, in.str("otp"), now) {
		it.otp.failures++
		left := s.cfg.Settings.OTPMaxAttempts - it.otp.failures
		if left <= 0 {
			s.failInteraction(it, checkOTPNode, "TOO_MANY_ATTEMPTS", "Too many wrong one-time passcodes.")
			return nil
		}
		d := invalidValue("otp", "Invalid one-time passcode.")
		d.InnerError = map[string]any{"failuresRemaining": left}
		return fieldError(checkOTPNode, d)
	}
	it.otp = oneTimeCode{}
	it.authenticated("otp")
	s.finishSignOn(it)
	return nil
}

// changeDevice is CHANGE_DEVICE on the code and push forms: back to the device choice, or a new
// code or push to a user's only device.
func (s *Server) changeDevice(it *interaction, _ formData, now time.Time) *dvError {
	if devices := s.mfaDevices(it); len(devices) == 1 {
		s.useDevice(it, devices[0], now)
		return nil
	}
	s.withdrawPush(it.pushID)
	it.pushID, it.otp = "", oneTimeCode{}
	it.screen = screenDevices
	return nil
}

// pollPush answers a polling call on the push form: still pending (the client keeps polling),
// approved (done), or denied or timed out (the flow fails). A push the inbox no longer holds
// has timed out.
func (s *Server) pollPush(it *interaction, now time.Time) (pending bool) {
	e := s.st.inbox.byID(it.pushID)
	switch {
	case e != nil && e.Status == pushApproved:
		it.authenticated("swk")
		s.finishSignOn(it)
	case e != nil && e.Status == pushDenied:
		s.failInteraction(it, pushStatusNode, "PUSH_DENIED", "The push notification was denied on the device.")
	case e == nil || e.Status != pushPending || !now.Before(e.expires):
		if e != nil && e.Status == pushPending {
			e.Status = pushTimedOut
		}
		s.failInteraction(it, pushStatusNode, "PUSH_TIMED_OUT", "The push notification was not answered in time.")
	default:
		return true
	}
	return false
}

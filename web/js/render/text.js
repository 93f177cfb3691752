// The words the page shows: headings per status, friendlier action labels, device names.
// Everything unknown falls back to what the engine sends, so a new status still renders.

const DEVICE_NAMES = {
  SMS: 'Text message', EMAIL: 'Email', VOICE: 'Voice call', MOBILE: 'Push notification',
  TOTP: 'Authenticator app', FIDO2: 'Security key or passkey', WHATSAPP: 'WhatsApp',
};

const DEVICE_ICONS = { SMS: 'sms', EMAIL: 'email', VOICE: 'voice', MOBILE: 'mobile', TOTP: 'totp', FIDO2: 'key', WHATSAPP: 'sms' };

export function deviceName(type) {
  return DEVICE_NAMES[type] || humanize(type || 'Device');
}

export function deviceIcon(type) {
  return DEVICE_ICONS[type] || 'device';
}

/** deviceDetail is the masked target, or what the device does when it has none. */
export function deviceDetail(device) {
  if (!device) return '';
  if (device.target) return device.target;
  if (device.type === 'MOBILE') return device.name || 'Approve on your phone';
  if (device.type === 'TOTP') return device.name || 'Code from your app';
  return device.name || '';
}

/** otpPrompt says where the one-time code went. */
export function otpPrompt(device) {
  if (!device) return 'Enter the one-time code we sent you.';
  switch (device.type) {
    case 'SMS': return device.target ? `We sent a code by text message to ${device.target}.` : 'We sent you a code by text message.';
    case 'VOICE': return device.target ? `We are calling ${device.target} with your code.` : 'We are calling you with your code.';
    case 'EMAIL': return device.target ? `We sent a code to ${device.target}.` : 'We sent a code to your email address.';
    case 'TOTP': return 'Enter the code shown in your authenticator app.';
    default: return 'Enter the one-time code we sent you.';
  }
}

/** heading returns {title, subtitle} for a step. */
export function heading(step) {
  const app = step.application?.name;
  const to = app ? `to continue to ${app}` : '';
  switch (step.status) {
    case 'USERNAME_PASSWORD_REQUIRED': return { title: 'Sign on', subtitle: to };
    case 'SIGN_ON_REQUIRED': return { title: 'Sign on', subtitle: to };
    case 'PASSWORD_REQUIRED': return { title: 'Enter your password', subtitle: to };
    case 'PASSWORD_EXPIRED': return { title: 'Your password has expired', subtitle: 'Choose a new password to continue.' };
    case 'MUST_CHANGE_PASSWORD': return { title: 'Change your password', subtitle: 'You need to choose a new password before you continue.' };
    case 'RECOVERY_CODE_REQUIRED': return { title: 'Reset your password', subtitle: 'We sent a recovery code to your email address. Enter it and choose a new password.' };
    case 'VERIFICATION_CODE_REQUIRED': return { title: 'Verify your email', subtitle: 'We sent a verification code to your email address.' };
    case 'DEVICE_SELECTION_REQUIRED': return { title: 'Verify it’s you', subtitle: 'Choose how you want to confirm your sign-on.' };
    case 'OTP_REQUIRED': return { title: 'Enter your code', subtitle: otpPrompt(step.selectedDevice) };
    case 'PUSH_CONFIRMATION_REQUIRED': return { title: 'Check your phone', subtitle: 'We sent a notification to your phone. Approve it to sign on.' };
    case 'PUSH_CONFIRMATION_TIMED_OUT': return { title: 'The notification expired', subtitle: 'Nobody approved it in time. Send it again or choose another device.' };
    case 'PROFILE_DATA_REQUIRED': return { title: 'Complete your profile', subtitle: step.promptText || 'We need a few more details.' };
    case 'AGREEMENT_CONSENT_REQUIRED': return { title: step.agreement?.name || 'Terms of use', subtitle: 'Read and accept the terms to continue.' };
    default:
      return { title: step.title || humanize(step.status || 'Sign on'), subtitle: step.description || step.promptText || '' };
  }
}

// Labels for secondary actions, shown as links below the main form.
const LINK_LABELS = {
  'password.forgot': 'Forgot password?',
  'user.register': 'Create an account',
  'password.sendRecoveryCode': 'Send a new code',
  'user.sendVerificationCode': 'Send a new code',
  'session.reset': 'Not you?',
};

// Labels for the main button, where the engine's default is not what this page says.
const BUTTON_LABELS = {
  'usernamePassword.check': 'Sign on',
  'user.register': 'Create account',
  'password.forgot': 'Send recovery code',
};

export function linkLabel(action) {
  return LINK_LABELS[action.name] || action.label || humanize(action.name);
}

export function buttonLabel(action) {
  return BUTTON_LABELS[action.name] || action.label || humanize(action.name);
}

/** busyLabel is what the main button says while its request runs. */
export function busyLabel(action) {
  switch (action?.name) {
    case 'usernamePassword.check': return 'Signing on…';
    case 'otp.check': case 'user.verify': return 'Verifying…';
    case 'password.reset': case 'password.recover': return 'Saving…';
    default: return 'Please wait…';
  }
}

/** humanize turns USERNAME_PASSWORD_REQUIRED, user.doThing or userName into words. */
export function humanize(text) {
  const last = String(text).split('.').pop();
  const words = last.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** attemptsText turns an error detail into "3 attempts left" / "Try again in 2 minutes". */
export function attemptsText(detail) {
  if (!detail) return '';
  // The engine lifts these out of PingOne's innerError onto the detail.
  const left = Number.isInteger(detail.failuresRemaining) ? detail.failuresRemaining : null;
  const wait = Number.isInteger(detail.secondsUntilUnlock) ? detail.secondsUntilUnlock : null;
  if (wait !== null) {
    const minutes = Math.ceil(wait / 60);
    return wait < 90 ? `Try again in ${wait} seconds.` : `Try again in ${minutes} minutes.`;
  }
  if (left !== null) return left === 1 ? '1 attempt left.' : `${left} attempts left.`;
  return '';
}

// What PingOne's unsatisfiedRequirements name, as the reason a new password was refused.
const REQUIREMENTS = {
  length: 'it is too short or too long',
  minCharacters: 'it lacks a required kind of character',
  maxRepeatedCharacters: 'it repeats a character too often',
  minUniqueCharacters: 'it has too few different characters',
  excludesCommonlyUsed: 'it is too commonly used',
  excludesProfileData: 'it contains your name, username or email',
  history: 'it is one of your recent passwords',
  notSimilarToCurrent: 'it is too similar to your current password',
};

/** requirementsText explains a refused new password: "Not accepted: it is …". */
export function requirementsText(detail) {
  const list = detail?.unsatisfiedRequirements || detail?.innerError?.unsatisfiedRequirements || [];
  const reasons = list.map((r) => REQUIREMENTS[r] || humanize(r).toLowerCase());
  if (!reasons.length) return '';
  const last = reasons.pop();
  return `Not accepted: ${reasons.length ? `${reasons.join(', ')} and ${last}` : last}.`;
}

/** sentences joins messages into one text, ending each that lacks it with a full stop. */
export function sentences(messages) {
  return messages.map((m) => String(m).trim()).filter(Boolean).map((m) => (/[.!?…:]$/.test(m) ? m : `${m}.`)).join(' ');
}

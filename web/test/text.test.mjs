// The words the page shows, looked up by what the engine says about a step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attemptsText, heading, viewHeading, humanize, otpPrompt, sentences, requirementsText, actionLabel, busyLabel,
  deviceName, deviceDetail, failureWords, bannerWords, resentNotice, fill, useCatalog, t, fieldLabel, detailMessages,
} from '../js/render/text.js';

test('attempts left come from the failuresRemaining and secondsUntilUnlock the engine lifts out', () => {
  assert.equal(attemptsText({ failuresRemaining: 3 }), '3 attempts left.');
  assert.equal(attemptsText({ failuresRemaining: 1 }), '1 attempt left.');
  assert.equal(attemptsText({ secondsUntilUnlock: 30 }), 'Try again in 30 seconds.');
  assert.equal(attemptsText({ secondsUntilUnlock: 900 }), 'Try again in 15 minutes.');
  assert.equal(attemptsText({ message: 'x' }), '');
});

test('headings come from step.key; a form or an unknown step keeps its own words', () => {
  assert.deepEqual(heading({ key: 'sign-on', status: 'ANYTHING', application: { name: 'Shop' } }), { title: 'Sign on', subtitle: 'to continue to Shop' });
  assert.deepEqual(heading({ key: 'sign-on' }), { title: 'Sign on', subtitle: '' }, 'no application, no "to continue to"');
  assert.equal(heading({ key: 'unknown', status: 'SOMETHING_NEW_REQUIRED' }).title, 'Something new required');
  assert.equal(heading({ status: 'SOMETHING_NEW_REQUIRED' }).title, 'Something new required', 'no key at all');
  assert.deepEqual(heading({ key: 'form', status: 'FORM', title: 'Register', description: 'Tell us who you are' }), { title: 'Register', subtitle: 'Tell us who you are' });
  assert.equal(heading({ key: 'otp', selectedDevice: { key: 'email', target: 'j***@x.com' } }).subtitle, 'We sent a code to j***@x.com.');
  assert.equal(heading({ key: 'otp' }).subtitle, 'Enter the one-time code we sent you.');
  assert.equal(heading({ key: 'profile', promptText: 'Tell us more' }).subtitle, 'Tell us more');
  assert.equal(heading({ key: 'profile' }).subtitle, 'We need a few more details.');
  assert.match(heading({ key: 'link-account', provider: { name: 'Example IdP' } }).subtitle, /your Example IdP details/, 'the provider the person came back from');
  assert.doesNotMatch(heading({ key: 'link-account' }).subtitle, /\{|undefined/, 'no provider: the general words');
  assert.equal(heading({ key: 'external', provider: { name: 'Example IdP' } }).title, 'Continue with Example IdP');
  assert.equal(heading({ key: 'agreement', agreement: { name: 'Demo terms' } }).title, 'Demo terms');
  assert.equal(heading({ key: 'agreement' }).title, 'Terms of use');
  assert.equal(humanize('user.sendVerificationCode'), 'Send verification code');
});

test('where the code went is worded by device.key', () => {
  assert.match(otpPrompt({ key: 'email', type: 'EMAIL', target: 'j***@x.com' }), /j\*\*\*@x\.com/);
  assert.equal(otpPrompt({ key: 'sms' }), 'We sent you a code by text message.');
  assert.equal(otpPrompt({ key: 'totp', target: 'ignored' }), 'Enter the code shown in your authenticator app.');
  assert.equal(otpPrompt({ key: 'carrier-pigeon' }), '');
  assert.equal(deviceName('push'), 'Push notification');
  assert.equal(deviceName('passkey'), 'Passkey or security key');
  assert.equal(deviceName('carrier_pigeon'), 'Carrier pigeon', 'an unknown key is humanised');
  assert.equal(deviceDetail({ key: 'push' }), 'Approve on your phone');
  assert.equal(deviceDetail({ key: 'push', name: 'Pixel' }), 'Pixel');
});

test('labels: the catalog words the engine\'s actions by role; the server\'s words are kept', () => {
  const signOn = { key: 'sign-on' };
  assert.equal(actionLabel({ name: 'x', role: 'primary', label: 'Engine words' }, signOn, { main: true }), 'Sign on');
  assert.equal(actionLabel({ name: 'x', role: 'forgot-password', label: 'Forgot password?' }, signOn, { place: 'link' }), 'Forgot password?');
  assert.equal(actionLabel({ name: 'x', role: 'forgot-password' }, signOn), 'Send recovery code');
  assert.equal(actionLabel({ name: 'x', role: 'register' }, signOn, { place: 'link' }), 'Create an account');
  assert.equal(actionLabel({ name: 'x', role: 'register' }, signOn), 'Create account');
  assert.equal(actionLabel({ name: 'x', role: 'passkey', ceremony: 'webauthn.get' }, signOn), 'Sign in with a passkey');
  assert.equal(actionLabel({ name: 'x', role: 'passkey', ceremony: 'webauthn.get' }, { key: 'passkey' }, { main: true }), 'Use your passkey');
  assert.equal(actionLabel({ name: 'x', role: 'social', label: 'Google', provider: { name: 'Google' } }, signOn), 'Continue with Google');
  assert.equal(actionLabel({ name: 'x', role: 'alternative', label: 'Sign on with Windows' }, signOn), 'Sign on with Windows');
  assert.equal(actionLabel({ name: 'some.thingNew' }, { key: 'unknown' }), 'Thing new');
  const form = { key: 'form' };
  assert.equal(actionLabel({ name: 'SIGNON', role: 'primary', label: 'Sign On' }, form, { main: true }), 'Sign On');
  assert.equal(actionLabel({ name: 'fido', role: 'passkey', ceremony: 'webauthn.create', label: 'Set up a passkey' }, form), 'Set up a passkey');
  assert.equal(actionLabel({ name: 'idp', role: 'social', label: 'Sign in with Example IdP', provider: { name: 'Example IdP' } }, form), 'Sign in with Example IdP');
});

test('busy labels follow the step and the ceremony', () => {
  assert.equal(busyLabel({ role: 'primary' }, { key: 'sign-on' }), 'Signing on…');
  assert.equal(busyLabel({ role: 'primary' }, { key: 'otp' }), 'Verifying…');
  assert.equal(busyLabel({ role: 'primary' }, { key: 'form' }), 'Please wait…');
  assert.equal(busyLabel({ role: 'passkey', ceremony: 'webauthn.get' }, { key: 'form' }), 'Waiting for your passkey…');
  assert.equal(busyLabel({ role: 'passkey', ceremony: 'webauthn.create' }, { key: 'form' }), 'Setting up your passkey…');
  assert.equal(busyLabel({ role: 'social', provider: { name: 'Google' } }, { key: 'sign-on' }), 'Taking you to Google…');
  assert.equal(busyLabel(null, null), 'Please wait…');
});

test('views of other actions and the "sent again" notices', () => {
  assert.deepEqual(viewHeading({ key: 'sign-on', application: { name: 'Shop' } }, { role: 'register' }), { title: 'Create your account', subtitle: 'to use Shop' });
  assert.equal(viewHeading({ key: 'sign-on' }, { role: 'forgot-password' }).title, 'Forgot your password?');
  assert.equal(resentNotice({ key: 'recover' }, { role: 'resend' }), 'We sent you a new recovery code.');
  assert.equal(resentNotice({ key: 'verify-email' }, { role: 'resend' }), 'We sent you a new verification code.');
  assert.equal(resentNotice({ key: 'otp' }, { role: 'change-device' }), 'We sent you a new code.');
});

test('failures are worded by error.code, then by class; a cancelled passkey has its own banner', () => {
  assert.equal(failureWords({ code: 'flow_expired', class: 'restart' }).title, 'This sign-on has expired');
  assert.equal(failureWords({ code: 'flow_failed', class: 'restart', serverCode: 'PUSH_DENIED' }).title, 'Sign-on denied');
  assert.equal(failureWords({ code: 'unknown_client', class: 'misconfiguration' }).title, 'Sign-on is not available');
  assert.equal(failureWords({ code: 'network', class: 'retry' }).title, 'We could not reach the sign-on service');
  assert.equal(failureWords({ code: 'odd', class: 'restart', message: 'It broke' }).text, 'It broke');
  assert.match(bannerWords({ code: 'webauthn_cancelled' }), /cancelled/);
  assert.match(bannerWords({ code: 'webauthn_unsupported' }), /cannot use passkeys/);
  // retry() found the lost action not applied: the same step, with words asking to send it again.
  assert.equal(bannerWords({ code: 'not_applied', class: 'retry' }), 'Your last answer did not reach the sign-on service. Please send it again.');
  assert.equal(bannerWords({ code: 'invalid_credentials' }), '', 'the server\'s own message is shown');
});

test('a refused new password says which requirements failed', () => {
  assert.equal(requirementsText({ unsatisfiedRequirements: ['history'] }), 'Not accepted: it is one of your recent passwords.');
  assert.equal(requirementsText({ innerError: { unsatisfiedRequirements: ['excludesCommonlyUsed', 'length'] } }),
    'Not accepted: it is too commonly used and it is too short or too long.');
  assert.equal(requirementsText({}), '');
});

test('messages are joined as sentences, a full stop added where the server left none', () => {
  assert.equal(sentences(['The provided password did not match provisioned password', '4 attempts left.']),
    'The provided password did not match provisioned password. 4 attempts left.');
  assert.equal(sentences(['Done!', ' ', 'Check this box to continue.']), 'Done! Check this box to continue.');
  assert.equal(sentences([]), '');
});

test('templates: a missing variable empties the text, alternatives fall through, functions get the variables', () => {
  assert.equal(fill('to continue to {app}', { app: 'Shop' }), 'to continue to Shop');
  assert.equal(fill('to continue to {app}', {}), '');
  assert.equal(fill(['{prompt}', 'Fallback'], {}), 'Fallback');
  assert.equal(fill(({ n }) => `${n}!`, { n: 2 }), '2!');
  assert.equal(fill(undefined), '');
});

test('another catalog replaces words and falls back to English for the rest', () => {
  try {
    useCatalog({ steps: { 'sign-on': { title: 'Connexion' } }, ui: { back: 'Retour' } });
    assert.equal(heading({ key: 'sign-on', application: { name: 'Shop' } }).title, 'Connexion');
    assert.equal(heading({ key: 'sign-on', application: { name: 'Shop' } }).subtitle, 'to continue to Shop');
    assert.equal(t('ui.back'), 'Retour');
    assert.equal(t('ui.cancel'), 'Cancel');
  } finally {
    useCatalog(null);
  }
  assert.equal(t('ui.back'), 'Back');
});

test('sentences end Chinese or Japanese with 。 and join them without spaces; English keeps its own stop', () => {
  assert.equal(sentences(['パスワードが違います', 'あと 3 回試せます。']), 'パスワードが違います。あと 3 回試せます。');
  assert.equal(sentences(['The password did not match', 'あと 3 回試せます。']), 'The password did not match. あと 3 回試せます。');
});

test('fields the engine names take the catalog\'s words; a DaVinci form\'s and a profile\'s keep theirs', () => {
  assert.equal(fieldLabel({ key: 'otp', label: 'One-time code' }, { key: 'otp' }), 'One-time code');
  assert.equal(fieldLabel({ key: 'accept', label: 'Allow this device' }, { key: 'device-consent' }), 'Allow this device');
  try {
    useCatalog({ labels: { otp: 'Einmalcode', username: 'Benutzername' } });
    assert.equal(fieldLabel({ key: 'otp', label: 'One-time code' }, { key: 'otp' }), 'Einmalcode');
    assert.equal(fieldLabel({ key: 'username', label: 'Username' }, { key: 'form' }), 'Username', 'DaVinci: as sent');
    assert.equal(fieldLabel({ key: 'username', label: 'Login name' }, { key: 'profile' }), 'Login name', 'profile: as sent');
    assert.equal(fieldLabel({ key: 'favouriteColour', label: 'Colour' }, { key: 'otp' }), 'Colour', 'a key the catalog does not know');
  } finally {
    useCatalog(null);
  }
});

test('a lockout is said once, in the catalog\'s words; other details keep the server\'s message', () => {
  const locked = { code: 'PASSWORD_LOCKED_OUT', target: 'password', message: 'The password is locked out. Try again later.', secondsUntilUnlock: 900 };
  assert.deepEqual(detailMessages(locked), ['Your account is locked.', 'Try again in 15 minutes.']);
  assert.deepEqual(detailMessages({ message: 'Invalid code.', failuresRemaining: 2 }), ['Invalid code.', '2 attempts left.']);
});

test('"Verify your email" names the address when the step or the page knows it', () => {
  const generic = 'We sent a verification code to your email address.';
  assert.equal(heading({ key: 'verify-email' }).subtitle, generic);
  assert.equal(heading({ key: 'verify-email', identity: 'ava.patel' }).subtitle, generic, 'a username that is not an address');
  assert.equal(heading({ key: 'verify-email', identity: 'ava@example.com' }).subtitle, 'We sent a verification code to ava@example.com.');
  assert.equal(heading({ key: 'verify-email', user: { username: 'ava', email: 'a.p@example.com' } }).subtitle, 'We sent a verification code to a.p@example.com.');
  assert.equal(heading({ key: 'verify-email' }, { email: 'typed@example.com' }).subtitle, 'We sent a verification code to typed@example.com.');
});

test('"Not you?" is named by what it shows first (WCAG 2.5.3), in every phrasing', () => {
  assert.ok(t('roles.reset-identity.label', { user: 'ava' }).startsWith(t('roles.reset-identity.link')));
  assert.equal(t('roles.resend.wait', { seconds: 1 }), 'You can ask for a new code in 1 second.');
  assert.equal(t('roles.resend.wait', { seconds: 30 }), 'You can ask for a new code in 30 seconds.');
});

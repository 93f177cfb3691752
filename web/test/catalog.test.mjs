// The wording catalog (js/i18n/en.js): every key the card looks up exists, every key the
// engine sets (step.key, action.role, device.key, step.wait, the error codes the page words) has
// its words, and the renderer names no PingOne status or action.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import en from '../js/i18n/en.js';
import { lookup, fill, SERVER_WORDED_STEPS, DEVICE_ICONS, WAIT_ICONS } from '../js/render/text.js';

const JS = fileURLToPath(new URL('../js/', import.meta.url));
const RENDER = `${JS}render/`;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? (e.name === 'i18n' ? [] : sources(`${dir}${e.name}/`))
    : e.name.endsWith('.js') ? [{ path: `${dir}${e.name}`, text: readFileSync(`${dir}${e.name}`, 'utf8') }] : []));
}

// The contract's keys (docs of the engine's Step): what the engine may put on a step.
const STEP_KEYS = ['sign-on', 'identify', 'password', 'password-expired', 'password-change', 'recover', 'verify-email',
  'choose-device', 'otp', 'push', 'push-timed-out', 'passkey', 'link-account', 'confirm-account', 'external', 'profile',
  'agreement', 'device-code', 'device-consent', 'unknown', 'form', 'waiting', 'challenge'];
const DEVICE_KEYS = ['sms', 'email', 'voice', 'push', 'totp', 'passkey', 'whatsapp', 'oath'];
const WAITS = ['push', 'challenge', 'poll'];
// Roles the page words itself (primary and alternative keep the step's or the server's words).
const WORDED_ROLES = ['forgot-password', 'register', 'resend', 'change-device', 'reset-identity', 'cancel', 'passkey', 'social'];
const PANEL_CODES = ['flow_expired', 'flow_failed', 'session_rejected', 'interaction_expired', 'interaction_rejected',
  'poll_limit', 'access_denied', 'cancelled', 'challenge_expired'];
const BANNER_CODES = ['webauthn_cancelled', 'webauthn_unsupported', 'webauthn_failed', 'not_applied'];

test('every literal key the card looks up is in the catalog', () => {
  const used = new Set();
  for (const { text } of sources(JS)) {
    for (const m of text.matchAll(/\b(?:t|lookup)\(\s*'([^']+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 40, `found only ${used.size} lookups: the scan is broken`);
  const missing = [...used].filter((key) => lookup(key) === undefined);
  assert.deepEqual(missing, [], 'keys used but not in en.js');
});

test('every step key has a heading, or says its words come from the server', () => {
  for (const key of STEP_KEYS) {
    const words = en.steps[key];
    if (SERVER_WORDED_STEPS.has(key)) {
      assert.equal(words, undefined, `steps.${key}: the server words it, the catalog does not`);
      continue;
    }
    assert.ok(words, `steps.${key}`);
    assert.ok(fill(words.title, { agreement: '' }), `steps.${key}.title`);
  }
  // The steps a person types into have a main button worded here, not the engine's English.
  for (const key of ['sign-on', 'identify', 'password', 'password-expired', 'password-change', 'recover', 'verify-email', 'otp', 'push-timed-out', 'passkey']) {
    assert.ok(en.steps[key].button, `steps.${key}.button`);
  }
  assert.ok(en.steps.recover.resent && en.steps['verify-email'].resent && en.steps.otp.resent, 'resend notices');
});

test('every role the page words has a link or a button', () => {
  for (const role of WORDED_ROLES) {
    const words = en.roles[role];
    assert.ok(words && (words.link || words.button), `roles.${role}`);
  }
  for (const name of ['title', 'subtitle', 'link', 'linkNone', 'linkWaiting', 'resend', 'list']) assert.ok(en.roles['change-device'][name], name);
  for (const name of ['button', 'busy', 'create', 'createBusy', 'createTitle', 'createText', 'getText', 'unsupported']) assert.ok(en.roles.passkey[name], name);
  assert.match(fill(en.roles.social.button, { provider: 'Google' }), /Google/);
  assert.match(fill(en.roles['reset-identity'].label, { user: 'ann' }), /ann/);
});

test('every device key has a name and an icon that exists', async () => {
  const icons = readFileSync(`${RENDER}icons.js`, 'utf8');
  for (const key of DEVICE_KEYS) {
    const words = en.devices[key];
    assert.ok(words?.name, `devices.${key}.name`);
    const shape = DEVICE_ICONS[key];
    assert.ok(shape && new RegExp(`\\b${shape}: \\[`).test(icons), `DEVICE_ICONS.${key} ${shape}`);
  }
  for (const key of ['sms', 'email', 'voice']) {
    assert.match(fill(en.devices[key].sent, { target: 'X' }), /X/, `devices.${key}.sent`);
    assert.ok(en.devices[key].sentAnywhere, `devices.${key}.sentAnywhere`);
  }
});

test('every kind of wait has its status line and clock', () => {
  const icons = readFileSync(`${RENDER}icons.js`, 'utf8');
  for (const wait of WAITS) {
    const words = en.waits[wait];
    assert.ok(words.status && words.justNow, `waits.${wait}`);
    assert.match(fill(words.since, { seconds: 12 }), /12/);
    assert.match(icons, new RegExp(`\\b${WAIT_ICONS[wait]}: \\[`), `WAIT_ICONS.${wait}`);
  }
});

test('errors: a panel for each flow ending the page words, a banner for each failed ceremony', () => {
  for (const code of PANEL_CODES) assert.ok(en.errors[code]?.title && en.errors[code]?.text, `errors.${code}`);
  for (const code of BANNER_CODES) assert.ok(en.errors[code]?.banner, `errors.${code}.banner`);
  for (const cls of ['misconfiguration', 'retry', 'other']) assert.ok(en.errors[cls]?.title, `errors.${cls}`);
});

test('the renderer names no PingOne status or action', () => {
  const forbidden = /USERNAME_PASSWORD_REQUIRED|OTP_REQUIRED|[A-Z]+_(REQUIRED|EXPIRED|TIMED_OUT)\b|\b(device\.select|otp\.check|session\.reset|usernamePassword\.check|user\.(register|lookup|verify|consent|update|sendVerificationCode)|password\.(forgot|reset|recover|sendRecoveryCode)|assertion\.check)\b|'(MOBILE|TOTP|FIDO2|SMS|EMAIL|VOICE)'/;
  for (const { path, text } of sources(RENDER)) {
    const code = text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const hit = code.match(forbidden);
    assert.equal(hit, null, `${path} names ${hit?.[0]}`);
  }
});

test('the card\'s code holds no English of its own: its words are all in the catalog', () => {
  const english = /'[A-Z][a-z]+(?: [a-z’]+)+[.…?!]?'|`[A-Z][a-z]+ [a-z][^`]*`|'\s*\((?:optional|[a-z]+ [a-z]+)\)'/;
  const files = [...sources(RENDER), ...sources(JS).filter((f) => /\/(controller|element)\.js$/.test(f.path))];
  for (const { path, text } of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
    const hit = code.match(english);
    assert.equal(hit, null, `${path} has words of its own: ${hit?.[0]}`);
  }
});

// What goes where on a step, from step.key, step.wait and the actions' roles (steps shaped as
// the engine's Step: see bridge/pingflow.d.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEVICES_VIEW, mainAction, defaultView, resolveView, bodyKind, asides, knownUser, isUsername, conditionalAction,
  needsInput, deviceAction, qrContent,
} from '../js/render/plan.js';

const act = (name, role, extra = {}) => ({ name, role, label: name, fields: [], ...extra });
const field = (key, type, extra = {}) => ({ key, type, label: key, ...extra });

const signOn = {
  key: 'sign-on', status: 'S1', actions: [
    act('check', 'primary', { fields: [field('username', 'text', { autocomplete: 'username webauthn' }), field('password', 'password')] }),
    act('pk', 'passkey', { ceremony: 'webauthn.get', conditional: true }),
    act('forgot', 'forgot-password', { fields: [field('username', 'text', { autocomplete: 'username' })] }),
    act('register', 'register', { fields: [field('username', 'text'), field('email', 'email')] }),
    act('google', 'social', { ceremony: 'navigate', provider: { name: 'Google' } }),
    act('reset', 'reset-identity'),
  ],
};

test('a sign-on step opens on its primary; a passkey, providers and other actions go beside it', () => {
  assert.equal(defaultView(signOn), 'check');
  const resolved = resolveView(signOn, null);
  assert.equal(bodyKind(signOn, resolved), 'form');
  const more = asides(signOn, resolved);
  assert.deepEqual(more.passkeys.map((a) => a.name), ['pk']);
  assert.deepEqual(more.social.map((a) => a.name), ['google']);
  assert.deepEqual(more.links.map((l) => [l.kind, l.action.name]), [['view', 'forgot'], ['view', 'register']]);
  assert.equal(knownUser({ ...signOn, user: { username: 'ann' } }), null, 'no identity line while asking who it is');
  assert.equal(conditionalAction(signOn).name, 'pk');
  assert.ok(isUsername(signOn.actions[0].fields[0]), '"username webauthn" is the username');
});

test('another action\'s view shows that action alone, with nothing beside it', () => {
  const resolved = resolveView(signOn, 'forgot');
  assert.equal(resolved.isDefault, false);
  assert.equal(bodyKind(signOn, resolved), 'form');
  assert.deepEqual(asides(signOn, resolved).links, []);
  assert.equal(resolveView(signOn, 'gone').name, 'check', 'a view the step no longer offers falls back');
});

test('one-time code: send again to the chosen device, or choose another', () => {
  const otp = {
    key: 'otp', selectedDevice: { id: 'd1', key: 'sms' }, devices: [{ id: 'd1', key: 'sms' }, { id: 'd2', key: 'email' }],
    actions: [act('check', 'primary', { fields: [field('otp', 'code')] }), act('choose', 'change-device', { fields: [field('device', 'device')] }), act('reset', 'reset-identity')],
    user: { username: 'ann' },
  };
  const more = asides(otp, resolveView(otp, null));
  assert.deepEqual(more.links.map((l) => l.kind), ['resend-device', 'devices']);
  assert.equal(knownUser(otp), 'ann');
  assert.equal(knownUser({ ...otp, identity: 'a***@x.com' }), 'a***@x.com');
  const app = { ...otp, selectedDevice: { id: 'd1', key: 'totp' }, devices: [{ id: 'd1', key: 'totp' }] };
  assert.deepEqual(asides(app, resolveView(app, null)).links, [], 'an app makes its own codes; one device, nothing to choose');
  const list = resolveView(otp, DEVICES_VIEW);
  assert.equal(list.main.name, 'choose');
  assert.equal(bodyKind(otp, list), 'devices');
});

test('device choice, and a timed-out push sent again', () => {
  const choose = { key: 'choose-device', devices: [{ id: 'a' }, { id: 'b' }], actions: [act('sel', 'primary', { fields: [field('device', 'device')] })] };
  assert.equal(bodyKind(choose, resolveView(choose, null)), 'devices');
  const timedOut = { ...choose, key: 'push-timed-out', selectedDevice: { id: 'a', key: 'push' } };
  assert.equal(bodyKind(timedOut, resolveView(timedOut, null)), 'resend');
  assert.equal(bodyKind(timedOut, resolveView(timedOut, DEVICES_VIEW)), 'devices');
  const noPrimary = { ...timedOut, actions: [act('sel', 'change-device', { fields: [field('device', 'device')] })] };
  assert.equal(mainAction(noPrimary).name, 'sel', 'a timed-out push opens on its device action, whatever its role');
  assert.equal(bodyKind(noPrimary, resolveView(noPrimary, null)), 'resend');
});

test('a passkey step opens on the ceremony; another device is a link', () => {
  const passkey = {
    key: 'passkey', selectedDevice: { id: 'k', key: 'passkey' }, devices: [{ id: 'k', key: 'passkey' }, { id: 'p', key: 'push' }],
    actions: [act('assert', 'passkey', { ceremony: 'webauthn.get' }), act('choose', 'change-device', { fields: [field('device', 'device')] })],
  };
  const resolved = resolveView(passkey, null);
  assert.equal(resolved.main.name, 'assert');
  assert.equal(bodyKind(passkey, resolved), 'passkey');
  assert.deepEqual(asides(passkey, resolved).links.map((l) => l.kind), ['devices']);
  assert.equal(deviceAction(passkey).name, 'choose');
});

test('a DaVinci offer to set up a passkey: the ceremony is the panel, "Not now" a button beside it', () => {
  const offer = {
    key: 'form', actions: [act('fido', 'passkey', { ceremony: 'webauthn.create' }), act('later', 'alternative', { event: 'action' })],
  };
  const resolved = resolveView(offer, null);
  assert.equal(resolved.main.name, 'fido');
  assert.equal(bodyKind(offer, resolved), 'passkey');
  // Even were the engine to call the ceremony primary, the panel follows the ceremony.
  const primary = { ...offer, actions: [act('fido', 'primary', { ceremony: 'webauthn.create' }), offer.actions[1]] };
  assert.equal(bodyKind(primary, resolveView(primary, null)), 'passkey');
});

test('agreements, resend links and actions that need no input', () => {
  const agreement = { key: 'agreement', actions: [act('consent', 'primary', { fields: [field('accept', 'boolean')] })] };
  assert.equal(bodyKind(agreement, resolveView(agreement, null)), 'agreement');
  const recover = { key: 'recover', actions: [act('recover', 'primary', { fields: [field('recoveryCode', 'code')] }), act('again', 'resend')] };
  assert.deepEqual(asides(recover, resolveView(recover, null)).links.map((l) => l.kind), ['resend']);
  assert.equal(needsInput(act('x', 'alternative')), false);
  assert.equal(needsInput(act('x', 'forgot-password', { fields: [field('username', 'text', { autocomplete: 'username', value: 'ann' })] })), false);
  assert.equal(needsInput(act('x', 'register', { fields: [field('email', 'email')] })), true);
});

test('a challenge step\'s QR code is found for its waiting panel', () => {
  const challenge = { key: 'challenge', wait: 'challenge', content: [{ type: 'label', text: 'Scan' }, { type: 'qr-code', src: 'data:image/png;base64,AA' }] };
  assert.equal(qrContent(challenge).type, 'qr-code');
  assert.equal(qrContent({ content: [] }), null);
});

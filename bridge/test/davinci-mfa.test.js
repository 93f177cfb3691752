// DaVinci MFA through the bridge: DEVICE_AUTHENTICATION, a one-time code from the inbox, and a
// push whose POLLING form the client waits on until it is approved or denied in the inbox.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectDaVinciForm, expectSuccess, expectFailure, actionOf } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

/** Signs user.devices on with its password and returns the device choice. */
async function chooseDevice(client) {
  expectDaVinciForm(await client.start(), 'Sign On');
  return expectDaVinciForm(await client.submit('SIGNON', { username: 'user.devices', password: 'Pingflow1!' }), 'Choose a Device', 'SUBMIT');
}

const optionOf = (step, type) => actionOf(step, 'SUBMIT').fields[0].options.find((o) => o.type === type);

test('DaVinci MFA: choose the email device, a wrong code, then the code from the inbox', async () => {
  const client = await createClient(emu.davinciConfig());
  const choice = await chooseDevice(client);
  const [device] = actionOf(choice.step, 'SUBMIT').fields;
  assert.equal(device.type, 'device');
  assert.deepEqual(device.options.map((o) => o.type), ['SMS', 'EMAIL', 'TOTP', 'MOBILE']);
  const email = optionOf(choice.step, 'EMAIL');
  assert.equal(email.description, 'u****@example.com', 'the masked target');
  assert.equal(email.label, 'Email');

  const code = expectDaVinciForm(await client.submit('SUBMIT', { device: email.value }), 'Enter Code', 'SUBMIT');
  assert.equal(actionOf(code.step, 'SUBMIT').fields[0].type, 'code');
  assert.ok(code.step.actions.some((a) => a.name === 'CHANGE_DEVICE'), 'another method can be chosen');
  const entry = await emu.latest('user.devices', 'otp');
  assert.equal(entry.deviceId, email.value, 'the code went to the chosen device');

  const wrong = expectDaVinciForm(await client.submit('SUBMIT', { otp: '000000' }), 'Enter Code');
  assert.equal(wrong.step.error.code, 'invalid_code');
  assert.ok(actionOf(wrong.step, 'SUBMIT').fields[0].errors.length > 0);

  const tokens = expectSuccess(await client.submit('SUBMIT', { otp: entry.code }));
  assert.deepEqual(tokens.claims.amr, ['pwd', 'otp', 'mfa']);
});

test('DaVinci MFA: "Use another method" goes back to the device choice', async () => {
  const client = await createClient(emu.davinciConfig());
  const choice = await chooseDevice(client);
  expectDaVinciForm(await client.submit('SUBMIT', { device: optionOf(choice.step, 'SMS').value }), 'Enter Code');
  const again = expectDaVinciForm(await client.submit('CHANGE_DEVICE'), 'Choose a Device');
  const email = optionOf(again.step, 'EMAIL');
  expectDaVinciForm(await client.submit('SUBMIT', { device: email.value }), 'Enter Code');
  const entry = await emu.latest('user.devices', 'otp');
  assert.equal(entry.deviceId, email.value);
  expectSuccess(await client.submit('SUBMIT', { otp: entry.code }));
});

test('DaVinci push approved from the inbox: a POLLING wait, poll(), tokens', async () => {
  const client = await createClient(emu.davinciConfig());
  const choice = await chooseDevice(client);
  const wait = await client.submit('SUBMIT', { device: optionOf(choice.step, 'MOBILE').value });
  assert.equal(wait.kind, 'wait', `expected a wait, got ${JSON.stringify(wait).slice(0, 300)}`);
  assert.equal(wait.step.protocol, 'davinci');
  assert.equal(wait.step.status, 'POLLING');
  assert.equal(wait.step.title, 'Push Notification');
  assert.equal(wait.delayMs, 2000, 'the form\'s pollInterval');
  assert.match(wait.step.content[0].text, /Approve it there/);

  const push = await emu.latest('user.devices', 'push');
  const polled = client.poll();
  await emu.answerPush(push.id, 'approve');
  const tokens = expectSuccess(await polled);
  assert.deepEqual(tokens.claims.amr, ['pwd', 'swk', 'mfa']);
});

test('DaVinci push denied from the inbox: the flow fails with PUSH_DENIED', async () => {
  const client = await createClient(emu.davinciConfig());
  const choice = await chooseDevice(client);
  assert.equal((await client.submit('SUBMIT', { device: optionOf(choice.step, 'MOBILE').value })).kind, 'wait');
  const push = await emu.latest('user.devices', 'push');
  await emu.answerPush(push.id, 'deny');
  const denied = expectFailure(await client.poll(), 'flow_failed', 'restart');
  assert.equal(denied.serverCode, 'PUSH_DENIED');
  // A failed flow is over: start() begins a new one.
  expectDaVinciForm(await client.start(), 'Sign On');
});

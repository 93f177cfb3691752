// Identifier-first with an SMS one-time code, device selection, and push approved and denied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

const signOnDevices = async (client) => {
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  return expectForm(await client.submit('usernamePassword.check', { username: 'user.devices', password: 'Pingflow1!' }),
    'DEVICE_SELECTION_REQUIRED', 'device.select');
};

test('identifier-first, then the SMS code from the inbox', async () => {
  const client = await createClient(emu.clientConfig({ acrValues: 'Passwordless' }));
  expectForm(await client.start(), 'SIGN_ON_REQUIRED', 'user.lookup');
  const otp = expectForm(await client.submit('user.lookup', { username: 'user.sms' }), 'OTP_REQUIRED', 'otp.check');
  assert.equal(otp.step.devices[0].type, 'SMS');

  const wrong = expectForm(await client.submit('otp.check', { otp: '000000' }), 'OTP_REQUIRED');
  assert.equal(wrong.step.error.code, 'invalid_code');

  const { code } = await emu.latest('user.sms', 'otp');
  expectSuccess(await client.submit('otp.check', { otp: code }));
});

test('device selection: choose the email device, then its code', async () => {
  const client = await createClient(emu.clientConfig());
  const select = await signOnDevices(client);
  assert.equal(select.step.devices.length, 4);
  const email = select.step.devices.find((d) => d.type === 'EMAIL');
  const options = select.step.actions[0].fields[0].options.map((o) => o.value);
  assert.ok(options.includes(email.id), 'the device field offers every device');

  expectForm(await client.submit('device.select', { device: email.id }), 'OTP_REQUIRED', 'otp.check');
  const entry = await emu.latest('user.devices', 'otp');
  assert.equal(entry.deviceId, email.id);
  expectSuccess(await client.submit('otp.check', { otp: entry.code }));
});

test('push approved: wait, poll, tokens', async () => {
  const client = await createClient(emu.clientConfig({ pollIntervalMs: 100 }));
  const select = await signOnDevices(client);
  const mobile = select.step.devices.find((d) => d.type === 'MOBILE');
  const wait = await client.submit('device.select', { device: mobile.id });
  assert.equal(wait.kind, 'wait');
  assert.equal(wait.step.status, 'PUSH_CONFIRMATION_REQUIRED');
  assert.equal(wait.delayMs, 100);

  const push = await emu.latest('user.devices', 'push');
  const polled = client.poll();
  await new Promise((r) => setTimeout(r, 250)); // a few polls see it still pending
  await emu.answerPush(push.id, 'approve');
  expectSuccess(await polled);
});

test('push denied: the flow fails and says so', async () => {
  const client = await createClient(emu.clientConfig({ pollIntervalMs: 100 }));
  const select = await signOnDevices(client);
  const mobile = select.step.devices.find((d) => d.type === 'MOBILE');
  assert.equal((await client.submit('device.select', { device: mobile.id })).kind, 'wait');
  const push = await emu.latest('user.devices', 'push');
  await emu.answerPush(push.id, 'deny');
  // A denied push fails the flow (status FAILED); the client says so instead of polling on.
  const denied = expectFailure(await client.poll(), 'flow_failed', 'restart');
  assert.equal(denied.serverCode, 'PUSH_DENIED');
});

test('while waiting for a push, submit() switches device and poll() follows it', async () => {
  const client = await createClient(emu.clientConfig({ pollIntervalMs: 5000 }));
  const select = await signOnDevices(client);
  const mobile = select.step.devices.find((d) => d.type === 'MOBILE');
  const sms = select.step.devices.find((d) => d.type === 'SMS');
  assert.equal((await client.submit('device.select', { device: mobile.id })).kind, 'wait');

  const polling = client.poll(); // waits 5 s before its first read
  const switched = client.submit('device.select', { device: sms.id });
  const [a, b] = await Promise.all([polling, switched]);
  expectForm(b, 'OTP_REQUIRED', 'otp.check');
  assert.deepEqual(a, b, 'poll() resolves with what the submit led to');
});

test('cancel() stops a poll at once with a cancelled failure', async () => {
  const client = await createClient(emu.clientConfig({ pollIntervalMs: 60000 }));
  const select = await signOnDevices(client);
  const mobile = select.step.devices.find((d) => d.type === 'MOBILE');
  assert.equal((await client.submit('device.select', { device: mobile.id })).kind, 'wait');
  const polling = client.poll();
  client.cancel();
  expectFailure(await polling, 'cancelled', 'restart');
  // The client is free again: a new sign-on can start.
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
});

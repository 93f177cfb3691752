// DaVinci forms that need more than HTTP: the Sign On form's PROTECT component (the `protect`
// option's signals reach the emulator, whose risk decision lets a well-formed value through and
// steps anything else up to an email code), and cross-device challenge polling ("Sign in with
// your phone": a QR code, then poll() until the challenge is approved in the inbox).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectDaVinciForm, expectSuccess, expectFailure, actionOf, declinePasskeyOffer } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

const password = { username: 'user.password', password: 'Pingflow1!' };

/** Signs user.password on with a client given extra options; returns the result of SIGNON. */
async function signOn(extra) {
  const client = await createClient(emu.davinciConfig(extra));
  expectDaVinciForm(await client.start(), 'Sign On');
  return { client, result: await client.submit('SIGNON', password) };
}

/** The email code step-up a sign-on without (good) signals gets, through to tokens. */
async function stepUp(client, result) {
  const code = expectDaVinciForm(result, 'Enter Code', 'SUBMIT');
  assert.match(code.step.description, /u\*+@example\.com/);
  const { code: otp } = await emu.latest('user.password', 'otp');
  const tokens = expectSuccess(await declinePasskeyOffer(client, await client.submit('SUBMIT', { otp })));
  assert.deepEqual(tokens.claims.amr, ['pwd', 'otp', 'mfa']);
}

test('Protect: the signals the protect option gives reach the emulator, and the sign-on needs no second factor', async () => {
  const asked = [];
  const signals = emu.demo.protect.example;
  const { client, result } = await signOn({ protect: async (settings) => { asked.push(settings); return signals; } });
  assert.deepEqual(asked, [{ behavioralDataCollection: true, universalDeviceIdentification: true }],
    'once, with what the PROTECT component asks for');
  const tokens = expectSuccess(await declinePasskeyOffer(client, result));
  assert.deepEqual(tokens.claims.amr, ['pwd']);
});

test('Protect absent: without a protect option the sign-on steps up to an email code', async () => {
  const { client, result } = await signOn({});
  await stepUp(client, result);
});

test('Protect failing: a throwing, malformed or too slow protect function steps up too', async () => {
  for (const protect of [
    async () => { throw new Error('Signals SDK not loaded'); },
    async () => 'not-signals',
    () => new Promise(() => {}),
  ]) {
    await emu.reset();
    const started = Date.now();
    const { client, result } = await signOn({ protect, timeoutMs: 1000 });
    assert.ok(Date.now() - started < 5000, 'bounded by timeoutMs');
    await stepUp(client, result);
  }
});

test('challenge: a QR code, poll() until the challenge is approved in the inbox, tokens', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect, pollIntervalMs: 100 }));
  expectDaVinciForm(await client.start(), 'Sign On', 'PHONE');
  expectDaVinciForm(await client.submit('PHONE'), 'Sign In With Your Phone', 'SUBMIT');
  const wait = await client.submit('SUBMIT', { username: 'user.password' });
  assert.equal(wait.kind, 'wait', JSON.stringify(wait).slice(0, 300));
  assert.equal(wait.step.key, 'challenge');
  assert.equal(wait.step.wait, 'challenge');
  assert.equal(wait.step.title, 'Approve On Your Phone');
  const qr = wait.step.content.find((c) => c.type === 'qr-code');
  assert.match(qr.src, /^data:image\/svg\+xml,/);
  assert.ok(actionOf(wait.step, 'BACK'), 'the person can go back while it waits');

  const polling = client.poll();
  const entry = await emu.latest('user.password', 'challenge');
  await new Promise((r) => setTimeout(r, 300)); // a few status reads see it pending
  await emu.answerChallenge(entry.id, 'approve');
  const tokens = expectSuccess(await polling);
  assert.equal(tokens.claims.preferred_username, 'user.password');
  assert.deepEqual(tokens.claims.amr, ['swk']);
});

test('challenge: denied in the inbox fails the flow; going back withdraws it', async () => {
  let client = await createClient(emu.davinciConfig({ protect: emu.protect, pollIntervalMs: 100 }));
  await client.start();
  await client.submit('PHONE');
  assert.equal((await client.submit('SUBMIT', { username: 'user.sms' })).kind, 'wait');
  await emu.answerChallenge((await emu.latest('user.sms', 'challenge')).id, 'deny');
  const denied = expectFailure(await client.poll(), 'flow_failed', 'restart');
  assert.equal(denied.serverCode, 'CHALLENGE_DENIED');

  client = await createClient(emu.davinciConfig({ protect: emu.protect, pollIntervalMs: 60000 }));
  await client.start();
  await client.submit('PHONE');
  assert.equal((await client.submit('SUBMIT', { username: 'user.devices' })).kind, 'wait');
  const polling = client.poll();
  const back = client.submit('BACK');
  const [a, b] = await Promise.all([polling, back]);
  expectDaVinciForm(b, 'Sign On');
  assert.deepEqual(a, b);
  assert.equal((await emu.latest('user.devices', 'challenge')).status, 'CANCELED');
});

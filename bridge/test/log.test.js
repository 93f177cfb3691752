// The debug log says what happens and never what is secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectDaVinciForm } from './support/flow.js';
import { SoftwareAuthenticator } from './support/authenticator.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

test('a whole password + OTP sign-on logs no password, code, token or cookie', async () => {
  const entries = [];
  const password = 'Pingflow1!';
  const client = await createClient(emu.clientConfig({ debug: (message, details) => entries.push({ message, details }) }));
  await client.start();
  expectForm(await client.submit('usernamePassword.check', { username: 'user.sms', password }), 'OTP_REQUIRED');
  const { code } = await emu.latest('user.sms', 'otp');
  const tokens = expectSuccess(await client.submit('otp.check', { otp: code }));

  const text = JSON.stringify(entries);
  const purposes = new Set(entries.filter((e) => e.message === 'request').map((e) => e.details.purpose));
  assert.deepEqual([...purposes].sort(), ['authorize', 'flow.action', 'jwks', 'resume', 'token'], 'every leg is logged');
  assert.ok(entries.some((e) => e.message === 'result' && e.details.kind === 'success'));

  for (const [what, secret] of Object.entries({
    password, otp: code, accessToken: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken,
  })) {
    assert.ok(secret && !text.includes(secret), `the log contains the ${what}`);
  }
  assert.doesNotMatch(text, /ST=/, 'no cookie');
  assert.doesNotMatch(text, /[?&](state|nonce|code|code_challenge)=(?!\[redacted\])/, 'URL secrets are masked');
  const actions = entries.filter((e) => e.message === 'request' && e.details.purpose === 'flow.action');
  assert.ok(actions.every((e) => e.details.body === '[redacted]'), 'sensitive bodies are masked');
});

test('ceremonies are logged by kind and outcome, never the credential or the signals', async () => {
  const entries = [];
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const credentials = [];
  const webauthn = { ...auth.option, create: async (r) => { const c = await auth.create(r); credentials.push(c); return c; } };
  const signals = emu.demo.protect.example;
  const client = await createClient(emu.davinciConfig({
    debug: (message, details) => entries.push({ message, details }), webauthn, protect: async () => signals,
  }));
  await client.start();
  expectDaVinciForm(await client.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' }), 'Set Up a Passkey');
  expectSuccess(await client.submit('passkey'));

  const ceremonies = entries.filter((e) => e.message === 'ceremony').map((e) => [e.details.kind, e.details.outcome]);
  assert.deepEqual(ceremonies, [['protect', 'signals'], ['webauthn.create', 'credential']]);
  const text = JSON.stringify(entries);
  assert.ok(!text.includes(signals), 'the log contains the signals');
  const [credential] = credentials;
  for (const part of [credential.response.attestationObject, credential.response.clientDataJSON, credential.rawId]) {
    assert.ok(!text.includes(part), 'the log contains the credential');
  }
});

test('debug: true writes to console.debug; a throwing sink does not break sign-on', async () => {
  const lines = [];
  const original = console.debug;
  console.debug = (...args) => lines.push(args);
  try {
    const client = await createClient(emu.clientConfig({ debug: true }));
    expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  } finally {
    console.debug = original;
  }
  assert.ok(lines.some(([msg]) => msg === '[pingflow] request'));

  const broken = await createClient(emu.clientConfig({ debug: () => { throw new Error('sink broke'); } }));
  expectForm(await broken.start(), 'USERNAME_PASSWORD_REQUIRED');
});

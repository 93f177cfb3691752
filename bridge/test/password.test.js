// Sign-on with a username and password against the emulator, through the wasm engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

test('password sign-on ends in tokens whose claims name the user', async () => {
  const client = await createClient(emu.clientConfig());
  const first = expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED', 'usernamePassword.check');
  assert.equal(first.step.actions[0].name, 'usernamePassword.check', 'the main action comes first');

  const done = await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' });
  const tokens = expectSuccess(done);
  assert.equal(tokens.tokenType, 'Bearer');
  assert.equal(tokens.claims.aud, emu.app.clientId);
  assert.equal(tokens.claims.iss, `${emu.base}/${emu.demo.envId}/as`);
  assert.ok(tokens.expiresAt > Date.now() + 3000 * 1000, 'expiresAt is about an hour ahead, in epoch milliseconds');
  assert.deepEqual(client.tokens, tokens, 'client.tokens holds the same tokens');
});

test('a wrong password keeps the step with an invalid_credentials error, then the right one works', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  const wrong = expectForm(await client.submit('usernamePassword.check', { username: 'user.password', password: 'nope-Nope1!' }),
    'USERNAME_PASSWORD_REQUIRED');
  assert.equal(wrong.step.error.code, 'invalid_credentials');
  assert.equal(wrong.step.error.class, 'fix-and-resubmit');
  assert.ok(wrong.step.error.details.length > 0, 'the server details are kept');
  assert.equal(wrong.step.error.httpStatus, 400);

  expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
});

test('a required field left empty is caught before sending, as a step error', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  const r = expectForm(await client.submit('usernamePassword.check', { username: 'user.password' }), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(r.step.error.code, 'missing_field');
  const password = r.step.actions[0].fields.find((f) => f.key === 'password');
  assert.ok(password.errors.length > 0, 'the error is attached to the password field');
});

test('a second start() in the same client signs on silently from the PingOne session (SSO)', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
  // The ST cookie from the first sign-on is in the client's cookie jar, so authorize answers
  // with a code at once.
  expectSuccess(await client.start());
});

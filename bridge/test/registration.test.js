// Registration with e-mail verification, and session.reset ("not you?").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

test('registration, then the verification code from the inbox', async () => {
  const client = await createClient(emu.clientConfig());
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED', 'user.register');
  const username = 'new.person';
  expectForm(await client.submit('user.register', { username, email: `${username}@example.com`, password: 'Brand-New-Pw-9' }),
    'VERIFICATION_CODE_REQUIRED', 'user.verify');

  const wrong = expectForm(await client.submit('user.verify', { verificationCode: 'WRONG123' }), 'VERIFICATION_CODE_REQUIRED');
  assert.equal(wrong.step.error.code, 'invalid_code');

  const { code } = await emu.latest(username, 'verification');
  // A new user has no profile and has not accepted the terms the demo policy asks for.
  const profile = expectForm(await client.submit('user.verify', { verificationCode: code }), 'PROFILE_DATA_REQUIRED', 'user.update');
  assert.deepEqual(profile.step.actions[0].fields.map((f) => f.key), ['name.given', 'name.family', 'mobilePhone']);
  expectForm(await client.submit('user.update', { 'name.given': 'New', 'name.family': 'Person', mobilePhone: '+15555550199' }),
    'AGREEMENT_CONSENT_REQUIRED', 'user.consent');
  const r = await client.submit('user.consent', { accept: true });
  const tokens = expectSuccess(r);
  assert.ok(tokens.claims.sub, 'the new user has a subject');
});

test('registering a taken username is an already_exists error on the step', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  const taken = expectForm(await client.submit('user.register', { username: 'user.password', email: 'x@example.com', password: 'Brand-New-Pw-9' }),
    'USERNAME_PASSWORD_REQUIRED');
  assert.equal(taken.step.error.code, 'already_exists');
});

test('session.reset goes back to the first step, and another user can sign on', async () => {
  const client = await createClient(emu.clientConfig({ acrValues: 'Identifier_First' }));
  expectForm(await client.start(), 'SIGN_ON_REQUIRED', 'user.lookup');
  const pw = expectForm(await client.submit('user.lookup', { username: 'user.devices' }), 'PASSWORD_REQUIRED', 'session.reset');
  assert.equal(pw.step.user?.username, 'user.devices');

  expectForm(await client.submit('session.reset'), 'SIGN_ON_REQUIRED', 'user.lookup');
  expectForm(await client.submit('user.lookup', { username: 'user.password' }), 'PASSWORD_REQUIRED');
  expectSuccess(await client.submit('usernamePassword.check', { password: 'Pingflow1!' }));
});

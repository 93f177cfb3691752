// Expired password (password.reset) and forgotten password (recovery code from the inbox).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

test('expired password: a weak new password is refused by policy, a good one signs on', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  const expired = expectForm(await client.submit('usernamePassword.check', { username: 'user.expired', password: 'Pingflow1!' }),
    'PASSWORD_EXPIRED', 'password.reset');
  assert.ok(expired.step.passwordPolicy?.minLength >= 8, 'the policy comes with the step');

  const weak = expectForm(await client.submit('password.reset', { currentPassword: 'Pingflow1!', newPassword: 'short' }),
    'PASSWORD_EXPIRED');
  assert.equal(weak.step.error.code, 'password_policy');

  expectSuccess(await client.submit('password.reset', { currentPassword: 'Pingflow1!', newPassword: 'Fresh-Start-42' }));
  assert.equal(await emu.password('user.expired'), 'Fresh-Start-42');
});

test('forgot password: recovery code from the inbox and a new password', async () => {
  const client = await createClient(emu.clientConfig());
  await client.start();
  expectForm(await client.submit('password.forgot', { username: 'user.password' }), 'RECOVERY_CODE_REQUIRED', 'password.recover');
  const { code } = await emu.latest('user.password', 'recovery');
  expectSuccess(await client.submit('password.recover', { recoveryCode: code, newPassword: 'Recovered-Pw-77' }));

  // The new password works for the next sign-on.
  const again = await createClient(emu.clientConfig());
  await again.start();
  expectSuccess(await again.submit('usernamePassword.check', { username: 'user.password', password: 'Recovered-Pw-77' }));
});

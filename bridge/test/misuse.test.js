// Only misuse rejects: bad configuration, a missing API, an action the step does not offer,
// overlapping calls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, PingflowError } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

const rejectsWith = (promise, code, field) => assert.rejects(promise, (err) => {
  assert.ok(err instanceof PingflowError, `${err}`);
  assert.equal(err.code, code, err.message);
  if (field) assert.equal(err.field, field, err.message);
  return true;
});

test('a configuration error names the field', async () => {
  await rejectsWith(createClient(emu.clientConfig({ authPath: undefined })), 'config', 'authPath');
  await rejectsWith(createClient(emu.clientConfig({ envId: 'not-a-uuid' })), 'config', 'envId');
  await rejectsWith(createClient(emu.clientConfig({ redirectUri: 'callback' })), 'config', 'redirectUri');
  await rejectsWith(createClient(emu.clientConfig({ timeoutMs: -1 })), 'config', 'timeoutMs');
  await rejectsWith(createClient(emu.clientConfig({ storage: {} })), 'config', 'storage');
  await rejectsWith(createClient(emu.clientConfig({ maxAge: '60' })), 'config');
  await rejectsWith(createClient(undefined), 'config');
});

test('an unknown option is refused, listing the known ones', async () => {
  await assert.rejects(createClient(emu.clientConfig({ clientID: 'x' })), /config clientID: unknown option; known options are authPath, envId/);
});

test('a missing API is named', async () => {
  await assert.rejects(createClient(emu.clientConfig({ fetch: 42 })), (err) => err.code === 'environment' && /missing: fetch/.test(err.message));
  const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    await assert.rejects(createClient(emu.clientConfig()), (err) => err.code === 'environment' && /crypto\.getRandomValues/.test(err.message));
  } finally {
    Object.defineProperty(globalThis, 'crypto', crypto);
  }
});

test('an action the step does not offer rejects with the offered ones; the step stays usable', async () => {
  const client = await createClient(emu.clientConfig());
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  await assert.rejects(client.submit('otp.check', { otp: '1' }), (err) => err.code === 'usage' && /offered: usernamePassword\.check/.test(err.message));
  await rejectsWith(client.submit(42), 'usage');
  await rejectsWith(client.submit('usernamePassword.check', 'pw'), 'usage');
  expectForm(await client.submit('usernamePassword.check', { username: 'user.password', password: 'wrong-Pw-1' }), 'USERNAME_PASSWORD_REQUIRED');
});

test('calls out of order or overlapping reject', async () => {
  const client = await createClient(emu.clientConfig());
  await rejectsWith(client.submit('usernamePassword.check', {}), 'usage'); // nothing started
  await rejectsWith(client.poll(), 'usage'); // not waiting
  await rejectsWith(client.retry(), 'usage'); // nothing failed
  const starting = client.start();
  await rejectsWith(client.start(), 'busy');
  expectForm(await starting, 'USERNAME_PASSWORD_REQUIRED');
  await rejectsWith(client.open('../x'), 'usage');
  assert.throws(() => client.on('done', () => {}), /unknown event/);
});

test('handleRedirect without a login to finish rejects', async () => {
  const client = await createClient(emu.clientConfig());
  await rejectsWith(client.handleRedirect(`${emu.app.redirectUris[0]}?code=x&state=y`), 'usage');
});

// Continuing after a reload: the snapshot kept in storage, a new client, restore().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

// A page reload keeps sessionStorage and the browser's cookies and loses everything else, so
// the "reloaded page" is a new client given the same storage and the same cookie jar.
const page = (storage, cookies, extra = {}) => createClient(emu.clientConfig({ storage, cookies, acrValues: 'Passwordless', ...extra }));

test('a reload in the middle of an OTP step continues where it was', async () => {
  const storage = memoryStorage();
  const cookies = new CookieJar();
  const before = await page(storage, cookies);
  expectForm(await before.start(), 'SIGN_ON_REQUIRED');
  const otp = expectForm(await before.submit('user.lookup', { username: 'user.sms' }), 'OTP_REQUIRED');
  assert.ok(storage.getItem(`pingflow:${emu.app.clientId}`), 'the snapshot is saved after each step');

  const after = await page(storage, cookies);
  const restored = expectForm(await after.restore(), 'OTP_REQUIRED', 'otp.check');
  assert.equal(restored.step.flowId, otp.step.flowId);

  const { code } = await emu.latest('user.sms', 'otp');
  expectSuccess(await after.submit('otp.check', { otp: code }));
  assert.equal(storage.getItem(`pingflow:${emu.app.clientId}`), null, 'a finished flow leaves no snapshot');
});

test('restore() with nothing saved resolves null', async () => {
  const client = await page(memoryStorage(), new CookieJar());
  assert.equal(await client.restore(), null);
});

test('a damaged snapshot is refused as a restart-class failure and removed', async () => {
  const storage = memoryStorage();
  const key = `pingflow:${emu.app.clientId}`;
  storage.setItem(key, '{"format":"pingflow.snapshot","version":1,"state":{},"sum":"00"}');
  const client = await page(storage, new CookieJar());
  expectFailure(await client.restore(), 'snapshot_refused', 'restart');
  assert.equal(storage.getItem(key), null);
});

test('persist: false keeps no snapshot', async () => {
  const storage = memoryStorage();
  const client = await page(storage, new CookieJar(), { persist: false });
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  assert.equal(storage.getItem(`pingflow:${emu.app.clientId}`), null);
});

test('a storage that refuses to save does not stop the sign-on', async () => {
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
  const logged = [];
  const client = await page(full, new CookieJar(), { debug: (m, d) => logged.push([m, d]) });
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  assert.ok(logged.some(([m, d]) => m === 'storage' && /Quota/.test(d.error)), 'the failure is in the debug log');
});

// A reload in the middle of a DaVinci flow: the snapshot keeps the interaction (its id and the
// newest interactionToken, which rotates with every form) and the form on screen.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectDaVinciForm, expectSuccess, actionOf } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

// A reloaded page keeps sessionStorage and the browser's cookies: a new client given both.
const page = (storage, cookies) => createClient(emu.davinciConfig({ storage, cookies }));
const storageKey = () => `pingflow:${emu.davinciConfig().clientId}`;

test('a reload on a DaVinci form after a wrong password continues with the same form and error', async () => {
  const storage = memoryStorage();
  const cookies = new CookieJar();
  const before = await page(storage, cookies);
  expectDaVinciForm(await before.start(), 'Sign On');
  const wrong = expectDaVinciForm(await before.submit('SIGNON', { username: 'user.devices', password: 'Not-The-Passw0rd' }), 'Sign On');
  assert.ok(storage.getItem(storageKey()), 'the snapshot is saved after each form');
  const saved = storage.getItem(storageKey());
  assert.ok(!saved.includes('Not-The-Passw0rd'), 'the snapshot holds no password');

  const after = await page(storage, cookies);
  const restored = expectDaVinciForm(await after.restore(), 'Sign On', 'SIGNON');
  assert.equal(restored.step.flowId, wrong.step.flowId, 'the same interaction');
  assert.equal(restored.step.error?.code, 'invalid_credentials', 'the error is still on the form');

  // The restored client goes on through the flow: the rotating token was kept.
  const choice = expectDaVinciForm(await after.submit('SIGNON', { username: 'user.devices', password: 'Pingflow1!' }), 'Choose a Device');
  const email = actionOf(choice.step, 'SUBMIT').fields[0].options.find((o) => o.type === 'EMAIL');
  expectDaVinciForm(await after.submit('SUBMIT', { device: email.value }), 'Enter Code');
  const { code } = await emu.latest('user.devices', 'otp');
  expectSuccess(await after.submit('SUBMIT', { otp: code }));
  assert.equal(storage.getItem(storageKey()), null, 'a finished flow leaves no snapshot');
});

test('a reload while a DaVinci push waits comes back waiting, and polling finishes it', async () => {
  const storage = memoryStorage();
  const cookies = new CookieJar();
  const before = await page(storage, cookies);
  expectDaVinciForm(await before.start(), 'Sign On');
  const choice = expectDaVinciForm(await before.submit('SIGNON', { username: 'user.devices', password: 'Pingflow1!' }), 'Choose a Device');
  const mobile = actionOf(choice.step, 'SUBMIT').fields[0].options.find((o) => o.type === 'MOBILE');
  assert.equal((await before.submit('SUBMIT', { device: mobile.value })).kind, 'wait');

  const after = await page(storage, cookies);
  const restored = await after.restore();
  assert.equal(restored.kind, 'wait', `expected a wait, got ${JSON.stringify(restored).slice(0, 300)}`);
  assert.equal(restored.step.title, 'Push Notification');
  const push = await emu.latest('user.devices', 'push');
  await emu.answerPush(push.id, 'approve');
  expectSuccess(await after.poll());
});

test('the old page\'s interaction token is spent once the restored page moves on', async () => {
  const storage = memoryStorage();
  const cookies = new CookieJar();
  const before = await page(storage, cookies);
  expectDaVinciForm(await before.start(), 'Sign On');
  const after = await page(storage, cookies);
  expectDaVinciForm(await after.restore(), 'Sign On');
  expectDaVinciForm(await after.submit('TROUBLE'), 'Trouble Signing On');
  // The first client still holds the token the Sign On form came with; DaVinci has rotated it.
  const stale = await before.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' });
  assert.equal(stale.kind, 'failure', `expected a failure, got ${JSON.stringify(stale).slice(0, 300)}`);
  assert.equal(stale.error.class, 'restart');
  assert.equal(stale.error.code, 'interaction_rejected', 'the spent token is named as such');
});

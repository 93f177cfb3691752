// Snapshots with the default storage outside browsers: a memory storage of the client's own,
// which only that client can read. No snapshot is taken after each step (the engine holds the
// flow); restore() on the client still continues the step, and a storage given by the app
// still gets one after each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage } from '../pingflow.node.js';
import { loadModule } from '../src/loader.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
let snapshots = 0;
before(async () => {
  emu = await startEmulator();
  // Counts the module's snapshot calls (every client shares the one namespace).
  const ns = await loadModule();
  const snapshot = ns.snapshot;
  ns.snapshot = (...args) => {
    snapshots += 1;
    return snapshot(...args);
  };
});
after(() => emu?.stop());

const USER = { username: 'user.password', password: 'Pingflow1!' };

test('the default storage in Node: no snapshot after a step, restore() on the client continues it, sign-on unchanged', async () => {
  const client = await createClient(emu.clientConfig());
  const at = snapshots;
  const first = expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED', 'usernamePassword.check');
  assert.equal(snapshots, at, 'no snapshot was taken for the form');
  const again = expectForm(await client.restore(), 'USERNAME_PASSWORD_REQUIRED', 'usernamePassword.check');
  assert.equal(again.step.flowId, first.step.flowId, 'the same flow');
  expectSuccess(await client.submit('usernamePassword.check', USER));
  assert.equal(await client.restore(), null, 'a finished flow leaves nothing to restore');
  assert.equal(snapshots, at, 'no snapshot in the whole sign-on');
});

test('a call that fails with an error keeps the step restorable (the snapshot is taken then)', async () => {
  const client = await createClient(emu.clientConfig());
  const first = expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  const at = snapshots;
  await assert.rejects(client.submit('no.such.action', {}), (err) => err.code === 'usage');
  assert.equal(snapshots, at + 1, 'taken when the call failed');
  const again = expectForm(await client.restore(), 'USERNAME_PASSWORD_REQUIRED', 'usernamePassword.check');
  assert.equal(again.step.flowId, first.step.flowId);
  expectSuccess(await client.submit('usernamePassword.check', USER));
});

test('a storage the app gives still gets a snapshot after each step, which a new client restores', async () => {
  const storage = memoryStorage();
  const a = await createClient(emu.clientConfig({ storage }));
  const at = snapshots;
  const first = expectForm(await a.start(), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(snapshots, at + 1);
  assert.ok(storage.getItem(`pingflow:${emu.app.clientId}`), 'saved in the given storage');
  const b = await createClient(emu.clientConfig({ storage, cookies: 'jar' }));
  const restored = expectForm(await b.restore(), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(restored.step.flowId, first.step.flowId);
});

// on('step' | 'error' | 'tokens') follow every result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

test('step, error and tokens events, and unsubscribing', async () => {
  const client = await createClient(emu.clientConfig());
  const seen = [];
  client.on('step', (r) => seen.push(`step:${r.step.status}`));
  client.on('error', (e) => seen.push(`error:${e.code}`));
  const off = client.on('tokens', (t) => seen.push(`tokens:${typeof t.accessToken}`));

  await client.start();
  await client.submit('usernamePassword.check', { username: 'user.password', password: 'wrong-Pw-1' });
  expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
  assert.deepEqual(seen, [
    'step:USERNAME_PASSWORD_REQUIRED',
    'step:USERNAME_PASSWORD_REQUIRED', 'error:invalid_credentials',
    'tokens:string',
  ]);

  off();
  seen.length = 0;
  expectSuccess(await client.start()); // SSO
  assert.deepEqual(seen, []);
});

test('a listener that throws does not stop the flow or the other listeners', async () => {
  const client = await createClient(emu.clientConfig());
  const reported = [];
  const original = console.error;
  console.error = (...args) => reported.push(args);
  let second = 0;
  try {
    client.on('step', () => { throw new Error('listener bug'); });
    client.on('step', () => { second++; });
    const r = await client.start();
    assert.equal(r.kind, 'form');
  } finally {
    console.error = original;
  }
  assert.equal(second, 1);
  assert.ok(reported.some((args) => args.some((a) => a instanceof Error && a.message === 'listener bug')), 'the bug is reported');
});

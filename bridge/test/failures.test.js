// Network trouble never hangs a call and never throws: it is a retry-class result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { silentServer, failingServer } from './support/servers.js';
import { expectForm, expectFailure } from './support/flow.js';

const ids = { envId: '281f15cd-3029-4413-abb8-280c92062e95', clientId: 'c1', redirectUri: 'http://127.0.0.1/cb' };
const fastRetries = { count: 2, baseDelayMs: 10, maxDelayMs: 20 };

test('the server stopped mid-flow: the action is a retry-class failure, retry() reads the flow, and start() fails without hanging', async () => {
  const emu = await startEmulator();
  let client;
  try {
    client = await createClient(emu.clientConfig({ retries: fastRetries }));
    expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  } finally {
    await emu.stop();
  }

  // The action's POST is not repeated (the server may have applied it): a retry-class failure,
  // and retry() reads the flow (which fails the same way while the server is down).
  const posted = expectFailure(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }),
    'network', 'retry');
  assert.match(posted.message, /ECONNREFUSED/);
  expectFailure(await client.retry(), 'network', 'retry');

  const t0 = Date.now();
  expectFailure(await client.start(), 'network', 'retry');
  assert.ok(Date.now() - t0 < 5000, 'a refused connection fails fast');
  // retry() re-issues the failed request, which fails the same way.
  expectFailure(await client.retry(), 'network', 'retry');
});

test('a server that never answers: the timeout ends each attempt, GETs are retried, then a retry-class failure', async () => {
  const silent = await silentServer();
  try {
    const client = await createClient({ authPath: silent.url, ...ids, timeoutMs: 300, retries: { count: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    const t0 = Date.now();
    const err = expectFailure(await client.start(), 'network', 'retry');
    const elapsed = Date.now() - t0;
    assert.match(err.message, /timed out/);
    assert.equal(silent.seen.length, 2, 'the authorize GET was tried twice');
    assert.ok(elapsed >= 600 && elapsed < 3000, `two 300 ms attempts took ${elapsed} ms`);
  } finally {
    await silent.close();
  }
});

test('5xx answers to a GET are retried a bounded number of times, then reported', async () => {
  const failing = await failingServer(503);
  try {
    const client = await createClient({ authPath: failing.url, ...ids, retries: fastRetries });
    const err = expectFailure(await client.start(), 'server_unavailable', 'retry');
    assert.equal(err.httpStatus, 503);
    assert.equal(err.serverCode, 'UNEXPECTED_ERROR', 'the PingOne error body is read');
    assert.equal(failing.seen.length, 3, 'one attempt and two retries');
  } finally {
    await failing.close();
  }
});

test('retries: 0 sends each request once', async () => {
  const failing = await failingServer(500);
  try {
    const client = await createClient({ authPath: failing.url, ...ids, retries: 0 });
    expectFailure(await client.start(), 'server_unavailable', 'retry');
    assert.equal(failing.seen.length, 1);
  } finally {
    await failing.close();
  }
});

test('cancel() ends a request in flight at once', async () => {
  const silent = await silentServer();
  try {
    const client = await createClient({ authPath: silent.url, ...ids, timeoutMs: 60000 });
    const pending = client.start();
    await new Promise((r) => setTimeout(r, 100));
    client.cancel();
    expectFailure(await pending, 'cancelled', 'restart');
  } finally {
    await silent.close();
  }
});

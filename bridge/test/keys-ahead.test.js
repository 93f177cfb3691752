// The JWKS read begun beside the code exchange (the engine offers it as the exchange's `ahead`; client.js #readEarly): one round trip less
// per first sign-on, the engine still asking for the keys and checking the ID token with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

const USER = { username: 'user.password', password: 'Pingflow1!' };
const path = (url) => new URL(url).pathname.split('/').pop();

/** A fetch that records when each request starts and ends, by the last segment of its path. */
function recording(log, { hold = {} } = {}) {
  return async (url, init) => {
    const name = path(url);
    log.push(`${name} sent`);
    if (hold[name]) await hold[name];
    try {
      return await fetch(url, init);
    } finally {
      log.push(`${name} answered`);
    }
  };
}

test('the keys are read while the code is exchanged, once, and the ID token is checked with them', async () => {
  const log = [];
  let release;
  // The token answer is held until the keys were asked for: they must go out beside it.
  const tokenHeld = new Promise((r) => { release = r; });
  const fetchFn = recording(log, { hold: { token: tokenHeld } });
  const client = await createClient(emu.clientConfig({
    fetch: async (url, init) => {
      if (path(url) === 'jwks') release();
      return fetchFn(url, init);
    },
  }));
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  expectSuccess(await client.submit('usernamePassword.check', USER));
  const sent = log.filter((e) => e.endsWith('sent')).map((e) => e.replace(/^[0-9a-f-]{36} /, 'flow '));
  assert.deepEqual(sent, ['authorize sent', 'flow sent', 'resume sent', 'token sent', 'jwks sent']);
  assert.ok(log.indexOf('jwks sent') < log.indexOf('token answered'), `the keys before the token's answer: ${log.join(', ')}`);
  assert.equal(log.filter((e) => e === 'jwks sent').length, 1, 'one read of the keys');
  client.dispose();
});

test('with middleware the keys are read after the exchange, as the engine asks', async () => {
  const log = [];
  const client = await createClient(emu.clientConfig({ fetch: recording(log) }));
  client.use(() => {});
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  expectSuccess(await client.submit('usernamePassword.check', USER));
  assert.ok(log.indexOf('jwks sent') > log.indexOf('token answered'), log.join(', '));
  client.dispose();
});

test('a failed exchange drops the read of the keys: the failure is the exchange\'s', async () => {
  const log = [];
  const aborted = [];
  const fetchFn = async (url, init) => {
    if (path(url) === 'token') {
      log.push('token sent');
      return new Response('{"error":"invalid_grant","error_description":"the code was used"}', { status: 400, headers: { 'content-type': 'application/json' } });
    }
    if (path(url) === 'jwks') {
      log.push('jwks sent');
      init.signal.addEventListener('abort', () => aborted.push('jwks'));
      await new Promise((r) => { setTimeout(r, 200); });
    }
    return fetch(url, init);
  };
  const client = await createClient(emu.clientConfig({ fetch: fetchFn, cookies: new CookieJar() }));
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  const failed = await client.submit('usernamePassword.check', USER);
  expectFailure(failed, 'grant_rejected', 'restart');
  assert.deepEqual(log, ['token sent', 'jwks sent']);
  assert.deepEqual(aborted, ['jwks'], 'the read of the keys is aborted');
  client.dispose();
});

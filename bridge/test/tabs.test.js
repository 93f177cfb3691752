// Two tabs of one browser, in Node: two clients with storages of their own (as two tabs have),
// one cookie jar (one browser), syncTabs on (BroadcastChannel works in Node), and navigator.locks
// stood in for by an in-process lock with the Web Locks semantics the bridge uses. Also the
// expiring / expired events, with access tokens that live two seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectSuccess } from './support/flow.js';

let emu;
const savedNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
before(async () => {
  emu = await startEmulator({ settings: { accessTokenLifetimeSeconds: 2 } });
  Object.defineProperty(globalThis, 'navigator', { value: { locks: fakeLocks() }, configurable: true, writable: true });
});
after(() => {
  if (savedNavigator) Object.defineProperty(globalThis, 'navigator', savedNavigator);
  else delete globalThis.navigator;
  return emu?.stop();
});

/** Exclusive locks by name, granted in order; ifAvailable gets null while one is held. */
function fakeLocks() {
  const held = new Map();
  return {
    async request(name, opts, fn) {
      if (typeof opts === 'function') [fn, opts] = [opts, {}];
      if (opts.ifAvailable && held.has(name)) return fn(null);
      const prev = held.get(name) ?? Promise.resolve();
      let release;
      const mine = new Promise((r) => { release = r; });
      const chain = prev.then(() => mine);
      held.set(name, chain);
      await prev;
      try {
        return await fn({ name, mode: 'exclusive' });
      } finally {
        release();
        if (held.get(name) === chain) held.delete(name);
      }
    },
  };
}

const until = async (cond, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Two tabs of one browser; f counts the requests of both. */
async function twoTabs() {
  const jar = new CookieJar();
  const seen = [];
  const f = async (url, init) => {
    seen.push(`${init?.method ?? 'GET'} ${String(url).split('?')[0]} ${typeof init?.body === 'string' ? init.body : ''}`);
    return fetch(url, init);
  };
  const cfg = () => emu.clientConfig({ storage: memoryStorage(), cookies: jar, syncTabs: true, fetch: f });
  const a = await createClient(cfg());
  const b = await createClient(cfg());
  return { a, b, refreshGrants: () => seen.filter((s) => s.includes('grant_type=refresh_token')).length };
}

async function signOn(client) {
  await client.start();
  return expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
}

test('a sign-on in one tab reaches the other; both asked at once renew once; logout signs out both', async () => {
  const { a, b, refreshGrants } = await twoTabs();
  const heard = [];
  b.on('tokens', (t) => heard.push(t));
  const first = await signOn(a);
  await until(() => b.tokens !== null);
  assert.equal(b.tokens.accessToken, first.accessToken);
  assert.equal(heard.length, 1);

  const [ta, tb] = await Promise.all([a.getTokens({ minValidityMs: 10_000 }), b.getTokens({ minValidityMs: 10_000 })]);
  assert.equal(refreshGrants(), 1, 'one refresh across the tabs');
  assert.equal(ta.accessToken, tb.accessToken);
  assert.equal(ta.refreshToken, tb.refreshToken);
  assert.notEqual(ta.refreshToken, first.refreshToken);
  // The family is alive: the newest refresh token still works.
  const again = await b.refresh();
  assert.notEqual(again.accessToken, ta.accessToken);
  await until(() => a.tokens?.accessToken === again.accessToken);

  const outs = [];
  b.on('signedOut', (info) => outs.push(info));
  await a.logout();
  await until(() => b.tokens === null);
  assert.deepEqual(outs, [{ otherTab: true }]);
  a.dispose();
  b.dispose();
});

test('expiring, then expired, as the access token runs out', async () => {
  const client = await createClient(emu.clientConfig({ storage: memoryStorage() }));
  const events = [];
  client.on('expiring', (t) => events.push(['expiring', t.expiresAt]));
  client.on('expired', (t) => events.push(['expired', t.expiresAt]));
  const tokens = await signOn(client);
  assert.ok(tokens.expiresAt - Date.now() <= 2000);
  await until(() => events.length === 2, 5000);
  assert.deepEqual(events.map(([e]) => e), ['expiring', 'expired'], 'a two-second token is expiring at once');
  assert.ok(Date.now() >= tokens.expiresAt);
  const renewed = await client.getTokens({ minValidityMs: 0 });
  assert.notEqual(renewed.accessToken, tokens.accessToken, 'an expired token is renewed');
  client.dispose();
});

// Tokens after sign-on, against the emulator: the ID token's signature (RS256 through WebCrypto
// against the emulator's JWKS), getTokens() / refresh() with rotation, one refresh for clients
// sharing a storage, userinfo(), and logout() revoking the refresh token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectSuccess, expectFailure } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

const PASSWORD = { username: 'user.password', password: 'Pingflow1!' };

async function signOn(client) {
  await client.start();
  return client.submit('usernamePassword.check', PASSWORD);
}

const b64url = (s) => Buffer.from(s).toString('base64url');

/** A fetch that rewrites the ID token in the token endpoint's answers with edit(idToken). */
function tamperingFetch(edit) {
  return async (url, init) => {
    const res = await fetch(url, init);
    if (!String(url).endsWith('/as/token') || res.status !== 200) return res;
    const body = await res.json();
    body.id_token = edit(body.id_token);
    return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
  };
}

/** A fetch that counts the requests whose URL ends with suffix (and POST bodies containing text). */
function countingFetch() {
  const seen = [];
  const f = async (url, init) => {
    seen.push({ url: String(url), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : '' });
    return fetch(url, init);
  };
  f.count = (suffix, text = '') => seen.filter((r) => r.url.split('?')[0].endsWith(suffix) && r.body.includes(text)).length;
  return f;
}

/** The token endpoint's answer to a refresh_token grant, straight from the emulator. */
async function refreshGrant(refreshToken) {
  const res = await fetch(`${emu.demo.authPath}/${emu.demo.envId}/as/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: emu.app.clientId }),
  });
  return { status: res.status, body: await res.json() };
}

test('the ID token is verified against the JWKS: the keys are fetched once and cached', async () => {
  const f = countingFetch();
  const client = await createClient(emu.clientConfig({ fetch: f }));
  const tokens = expectSuccess(await signOn(client));
  assert.equal(f.count('/as/jwks'), 1);
  assert.ok(tokens.claims.sub);
  expectSuccess(await client.start()); // SSO: a second sign-on with the same client
  assert.equal(f.count('/as/jwks'), 1, 'the engine keeps the keys');
});

test('one byte of the ID token signature changed: id_token_invalid', async () => {
  const flip = (tok) => {
    const [h, p, s] = tok.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[10] ^= 0x01;
    return `${h}.${p}.${sig.toString('base64url')}`;
  };
  const client = await createClient(emu.clientConfig({ fetch: tamperingFetch(flip) }));
  const error = expectFailure(await signOn(client), 'id_token_invalid', 'protocol');
  assert.match(error.message, /signature does not match/);
  assert.equal(client.tokens, null);
});

test('alg none (header re-encoded, signature empty): id_token_invalid, and so is HS256', async () => {
  for (const alg of ['none', 'HS256']) {
    const reAlg = (tok) => {
      const [h, p, s] = tok.split('.');
      const header = { ...JSON.parse(Buffer.from(h, 'base64url')), alg };
      return `${b64url(JSON.stringify(header))}.${p}.${alg === 'none' ? '' : s}`;
    };
    const client = await createClient(emu.clientConfig({ fetch: tamperingFetch(reAlg) }));
    const error = expectFailure(await signOn(client), 'id_token_invalid', 'protocol');
    assert.match(error.message, new RegExp(`alg ${alg} is not RS256 or ES256`));
  }
});

test('the payload changed under a valid signature (another subject): id_token_invalid', async () => {
  const swap = (tok) => {
    const [h, p, s] = tok.split('.');
    const claims = { ...JSON.parse(Buffer.from(p, 'base64url')), sub: 'someone-else' };
    return `${h}.${b64url(JSON.stringify(claims))}.${s}`;
  };
  const client = await createClient(emu.clientConfig({ fetch: tamperingFetch(swap) }));
  expectFailure(await signOn(client), 'id_token_invalid', 'protocol');
});



const LONGER = 2 * 3600 * 1000; // longer than the emulator's access tokens live (an hour)

test('getTokens({minValidityMs}) longer than the token lives: refreshed, the refresh token rotated', async () => {
  const client = await createClient(emu.clientConfig());
  const first = expectSuccess(await signOn(client));
  assert.ok(first.refreshToken);
  assert.equal(await client.getTokens(), first, 'valid tokens come back as they are');
  const heard = [];
  client.on('tokens', (t) => heard.push(t));
  const next = await client.getTokens({ minValidityMs: LONGER });
  assert.notEqual(next.accessToken, first.accessToken);
  assert.ok(next.refreshToken && next.refreshToken !== first.refreshToken, 'rotated');
  assert.equal(next.claims.sub, first.claims.sub);
  assert.equal(client.tokens, next);
  assert.deepEqual(heard, [next], "a renewal is a 'tokens' event too");
  const again = await client.refresh();
  assert.notEqual(again.refreshToken, next.refreshToken, 'refresh() uses the rotated one');
  // The spent one is refused (and the emulator's reuse detection revokes the family).
  assert.equal((await refreshGrant(first.refreshToken)).body.error, 'invalid_grant');
});

test('two clients sharing one storage, asked at once, refresh once: the family stays alive', async () => {
  const storage = memoryStorage();
  const f = countingFetch();
  const a = await createClient(emu.clientConfig({ storage, fetch: f }));
  const b = await createClient(emu.clientConfig({ storage, fetch: f }));
  const first = expectSuccess(await signOn(a));
  assert.equal(b.tokens, first, 'b shares a\'s tokens');
  const [ta, tb] = await Promise.all([a.getTokens({ minValidityMs: LONGER }), b.getTokens({ minValidityMs: LONGER })]);
  assert.equal(ta, tb);
  assert.equal(f.count('/as/token', 'grant_type=refresh_token'), 1, 'one refresh grant');
  // Had the rotated-away token been sent twice, the emulator would have revoked the family and
  // the newest refresh token would be refused.
  const check = await refreshGrant(ta.refreshToken);
  assert.equal(check.status, 200, JSON.stringify(check.body));
});

test('userinfo() returns the signed-on subject', async () => {
  const client = await createClient(emu.clientConfig());
  const tokens = expectSuccess(await signOn(client));
  const info = await client.userinfo();
  assert.equal(info.sub, tokens.claims.sub);
  assert.equal(info.preferred_username, 'user.password');
});

test('after logout() the refresh token gets invalid_grant and the access token is refused', async () => {
  const client = await createClient(emu.clientConfig());
  const tokens = expectSuccess(await signOn(client));
  let signedOut = 0;
  client.on('signedOut', () => { signedOut++; });
  const out = await client.logout();
  assert.equal(out.kind, 'signedOut');
  assert.equal(signedOut, 1);
  assert.equal(client.tokens, null);
  const grant = await refreshGrant(tokens.refreshToken);
  assert.equal(grant.status, 400);
  assert.equal(grant.body.error, 'invalid_grant');
  const info = await fetch(`${emu.demo.authPath}/${emu.demo.envId}/as/userinfo`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  assert.equal(info.status, 401, 'the access token is revoked too');
  await assert.rejects(client.getTokens(), (err) => err.code === 'login_required' && err.class === 'restart');
});

test('without a refresh token: renewed silently (prompt=none) while the session lives, then login_required', async () => {
  const noRefresh = async (url, init) => {
    const res = await fetch(url, init);
    if (!String(url).endsWith('/as/token') || res.status !== 200) return res;
    const body = await res.json();
    delete body.refresh_token;
    return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
  };
  const client = await createClient(emu.clientConfig({ fetch: noRefresh }));
  const first = expectSuccess(await signOn(client));
  assert.equal(first.refreshToken, undefined);
  const next = await client.getTokens({ minValidityMs: LONGER });
  assert.notEqual(next.accessToken, first.accessToken);
  assert.equal(next.claims.sub, first.claims.sub);
  await client.logout();
  await assert.rejects(client.getTokens({ minValidityMs: LONGER }), (err) => {
    assert.equal(err.code, 'login_required');
    assert.equal(err.error.class, 'restart');
    return true;
  });
});

test("persist: 'local' keeps the refresh token: a new client (a reload) gets tokens from it", async () => {
  const saved = globalThis.localStorage;
  globalThis.localStorage = memoryStorage();
  try {
    const a = await createClient(emu.clientConfig({ persist: 'local' }));
    const first = expectSuccess(await signOn(a));
    const stored = JSON.parse(globalThis.localStorage.getItem(`pingflow:${emu.demo.envId}:${emu.app.clientId}:tokens`));
    assert.deepEqual(Object.keys(stored).sort(), ['refreshToken', 'sub'], 'only the refresh token and its subject');
    const reloaded = await createClient(emu.clientConfig({ persist: 'local' }));
    assert.equal(reloaded.tokens, null);
    const tokens = await reloaded.getTokens();
    assert.equal(tokens.claims.sub, first.claims.sub);
    assert.notEqual(tokens.refreshToken, first.refreshToken);
    assert.equal(JSON.parse(globalThis.localStorage.getItem(`pingflow:${emu.demo.envId}:${emu.app.clientId}:tokens`)).refreshToken, tokens.refreshToken);
    await reloaded.logout();
    assert.equal(globalThis.localStorage.getItem(`pingflow:${emu.demo.envId}:${emu.app.clientId}:tokens`), null);
  } finally {
    globalThis.localStorage = saved;
  }
  await assert.rejects(createClient(emu.clientConfig({ persist: 'local' })), (err) => err.code === 'config' && err.field === 'persist');
});

test("an app's clients with their own storageKeys (a redirect client, an embedded card) are one session: one client's sign-on is the other's tokens; another application's is not", async () => {
  const storage = memoryStorage();
  const card = await createClient(emu.clientConfig({ storage, storageKey: 'pingflow:signon:embedded' }));
  const app = await createClient(emu.clientConfig({ storage, storageKey: 'pingflow:app' }));
  const other = await createClient(emu.davinciConfig({ storage }));
  const heard = [];
  app.on('tokens', (t) => heard.push(t.accessToken));
  const signedOn = expectSuccess(await signOn(card));
  assert.equal(app.tokens?.accessToken, signedOn.accessToken, 'the app client holds the card\'s tokens');
  assert.deepEqual(heard, [signedOn.accessToken], 'and heard of them');
  assert.equal(other.tokens, null, 'a client of another application id shares nothing');
  const renewed = await app.getTokens({ minValidityMs: LONGER });
  assert.notEqual(renewed.accessToken, signedOn.accessToken);
  assert.equal(card.tokens.accessToken, renewed.accessToken, 'a renewal by one is the other\'s');
  await app.logout();
  assert.equal(card.tokens, null, 'signing out in one signs out the other');
});

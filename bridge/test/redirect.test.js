// Redirect mode: login() sends the browser to authorize, a custom sign-on page open()s the flow,
// the browser follows resumeUrl to the callback, and handleRedirect() exchanges the code — after
// a reload, from the snapshot login() saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

/** What a browser does with a navigation: one GET with its cookies; returns the Location. */
async function navigate(jar, url) {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
  jar.store(url, res.headers.getSetCookie());
  assert.equal(res.status, 302, `${url} answered ${res.status}`);
  return new URL(res.headers.get('location'), url).href;
}

test('login → sign-on page → resume → callback → tokens', async () => {
  const browserCookies = new CookieJar();
  const storage = memoryStorage();
  const visits = [];
  const app = await createClient(emu.clientConfig({ storage, cookies: browserCookies, navigate: (u) => visits.push(u) }));
  const login = await app.login();
  assert.equal(login.kind, 'redirect');
  assert.deepEqual(visits, [login.url], 'login() navigates to authorize');
  assert.equal(new URL(login.url).searchParams.get('response_mode'), null, 'a browser redirect, not pi.flow');
  assert.ok(storage.getItem(`pingflow:${emu.app.clientId}`), 'the snapshot is saved before navigating');

  // PingOne sends the browser to the application's sign-on page with the flow id.
  const signOnPage = new URL(await navigate(browserCookies, login.url));
  const flowId = signOnPage.searchParams.get('flowId');
  assert.ok(flowId);

  // The custom sign-on page (another page, same browser) continues the flow.
  const page = await createClient(emu.clientConfig({ storage: memoryStorage(), cookies: browserCookies, navigate: false }));
  expectForm(await page.open(flowId), 'USERNAME_PASSWORD_REQUIRED');
  const done = await page.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' });
  assert.equal(done.kind, 'redirect', JSON.stringify(done));
  assert.match(done.url, /\/as\/resume\?flowId=/);

  // The browser follows resumeUrl and lands on the redirect URI with the code.
  const callback = await navigate(browserCookies, done.url);
  assert.ok(callback.startsWith(emu.app.redirectUris[0]), callback);

  // The callback page is a fresh load of the app: a new client with the same storage.
  const reloaded = await createClient(emu.clientConfig({ storage, cookies: browserCookies, navigate: false }));
  const tokens = expectSuccess(await reloaded.handleRedirect(callback));
  assert.equal(tokens.claims.aud, emu.app.clientId);
  assert.equal(storage.getItem(`pingflow:${emu.app.clientId}`), null, 'the snapshot is removed');
});

test('a callback with a forged state is refused', async () => {
  const storage = memoryStorage();
  const app = await createClient(emu.clientConfig({ storage, navigate: false }));
  await app.login();
  expectFailure(await app.handleRedirect(`${emu.app.redirectUris[0]}?code=abc&state=forged`), 'state_mismatch', 'restart');
});

test('an error callback becomes a failure', async () => {
  const storage = memoryStorage();
  const app = await createClient(emu.clientConfig({ storage, navigate: false }));
  const login = await app.login();
  const state = new URL(login.url).searchParams.get('state');
  const r = expectFailure(await app.handleRedirect(`${emu.app.redirectUris[0]}?error=access_denied&error_description=no&state=${state}`),
    'access_denied', 'restart');
  assert.equal(r.message, 'no');
});

test('openFlowId: the flow read starts with createClient, beside the module start-up, and open() takes its answer', async () => {
  const browserCookies = new CookieJar();
  const app = await createClient(emu.clientConfig({ storage: memoryStorage(), cookies: browserCookies, navigate: false }));
  const flowId = new URL(await navigate(browserCookies, (await app.login()).url)).searchParams.get('flowId');
  const reads = [];
  const counting = (url, init) => {
    if (/\/flows\/[^/]+$/.test(new URL(url).pathname) && init.method === 'GET') reads.push(new URL(url).pathname.split('/').pop());
    return fetch(url, init);
  };
  // The id open() is given: one read, sent before open() is called.
  const page = await createClient(emu.clientConfig({ storage: memoryStorage(), cookies: browserCookies, navigate: false, fetch: counting, openFlowId: flowId }));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(reads, [flowId], 'read ahead, before open()');
  expectForm(await page.open(flowId), 'USERNAME_PASSWORD_REQUIRED');
  assert.deepEqual(reads, [flowId], 'open() took the answer: no second read');
  const done = await page.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' });
  assert.equal(done.kind, 'redirect', JSON.stringify(done));

  // Another id than open()'s: the engine decides, its own read goes out, the other is dropped.
  const other = await createClient(emu.clientConfig({ storage: memoryStorage(), cookies: browserCookies, navigate: false, fetch: counting, openFlowId: 'another-flow-id' }));
  reads.length = 0;
  const r = await other.open(flowId);
  assert.equal(r.kind, 'redirect', `the finished flow, read by the engine: ${JSON.stringify(r)}`);
  assert.ok(reads.includes(flowId), `the engine's own read went out: ${reads}`);

  // Middleware could change the request: no read ahead.
  reads.length = 0;
  const mw = await createClient(emu.clientConfig({ storage: memoryStorage(), cookies: browserCookies, navigate: false, fetch: counting, openFlowId: flowId, middleware: [() => {}] }));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(reads, []);
  mw.dispose();
  await assert.rejects(createClient(emu.clientConfig({ openFlowId: 42 })), (err) => err.code === 'config' && err.field === 'openFlowId');
});

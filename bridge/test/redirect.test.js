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

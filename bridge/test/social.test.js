// Social sign-on across the navigation, in both protocols: submit() of a social action saves a
// snapshot and resolves with a redirect to the auth host's /rp/authenticate; the test plays the
// browser (fetch with the client's cookie jar) through the emulator's identity provider — its
// sign-in page, the form posted, the way back — to the application's redirect URI with
// ?flowId= (Flows API) or ?continueToken= (DaVinci); a new client on the same storage and
// cookies (the page loaded again) then finishes with restore() or handleRedirect().
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { signInAtIdP, follow } from './support/browser.js';
import { expectForm, expectDaVinciForm, expectSuccess, expectFailure, declinePasskeyOffer } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

const idpUser = (username) => ({ username, password: 'Pingflow1!' });


/** A "browser": one storage and one cookie jar that every page (client) of the test shares. */
function browser() {
  return { storage: memoryStorage(), cookies: new CookieJar(), visits: [] };
}

/** A page of the application in that browser: a new client. */
const page = (b, config) => createClient({ ...config, storage: b.storage, cookies: b.cookies, navigate: (url) => b.visits.push(url) });

/** Submits the step's social action: the redirect result, checked. */
async function goSocial(client, b, step, storageKey) {
  const social = step.actions.find((a) => a.role === 'social');
  assert.ok(social, `no social action in ${step.actions.map((a) => a.name)}`);
  assert.equal(social.ceremony, 'navigate');
  const away = await client.submit(social.name);
  assert.equal(away.kind, 'redirect', JSON.stringify(away).slice(0, 300));
  assert.equal(new URL(away.url).origin, emu.base, 'the identity provider is reached through the auth host');
  assert.match(new URL(away.url).pathname, /\/rp\/authenticate$/);
  assert.deepEqual(b.visits, [away.url], 'navigate is called with it');
  assert.ok(b.storage.getItem(storageKey), 'the snapshot is saved before the browser leaves');
  return { social, away };
}

test('Flows API: a social provider, its sign-in page, ?flowId= back at the redirect URI, restore() → tokens', async () => {
  const b = browser();
  const config = emu.clientConfig();
  const first = await page(b, config);
  const signOn = expectForm(await first.start(), 'USERNAME_PASSWORD_REQUIRED');
  const { social, away } = await goSocial(first, b, signOn.step, `pingflow:${emu.app.clientId}`);
  assert.deepEqual(social.provider, { id: emu.demo.identityProviders[0].id, name: 'Example IdP', type: 'OPENID_CONNECT' });

  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.user'), emu.app.redirectUris[0]);
  assert.equal(new URL(back).searchParams.get('flowId'), signOn.step.flowId);

  const returned = await page(b, config);
  const tokens = expectSuccess(await returned.restore(back));
  assert.equal(tokens.claims.preferred_username, 'user.social');
  assert.deepEqual(tokens.claims.amr, ['fed']);
  assert.equal(b.storage.getItem(`pingflow:${emu.app.clientId}`), null, 'a finished flow leaves no snapshot');
});

test('Flows API: handleRedirect() finishes the return as well, and account linking continues as a step', async () => {
  const b = browser();
  const config = emu.clientConfig();
  const first = await page(b, config);
  const signOn = expectForm(await first.start(), 'USERNAME_PASSWORD_REQUIRED');
  const { away } = await goSocial(first, b, signOn.step, `pingflow:${emu.app.clientId}`);
  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.link'), emu.app.redirectUris[0]);

  const returned = await page(b, config);
  const link = expectForm(await returned.handleRedirect(back), 'ACCOUNT_LINKING_REQUIRED', 'usernamePassword.check');
  assert.equal(link.step.key, 'link-account');
  const tokens = expectSuccess(await returned.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
  assert.equal(tokens.claims.preferred_username, 'user.password');
});

test('Flows API: identifier-first discovery sends the browser to the provider (EXTERNAL_AUTHENTICATION_REQUIRED)', async () => {
  const b = browser();
  const config = emu.clientConfig({ acrValues: 'Identifier_First' });
  const first = await page(b, config);
  expectForm(await first.start(), 'SIGN_ON_REQUIRED');
  const external = expectForm(await first.submit('user.lookup', { username: 'social.user@idp.example' }), 'EXTERNAL_AUTHENTICATION_REQUIRED');
  assert.equal(external.step.key, 'external');
  const { away } = await goSocial(first, b, external.step, `pingflow:${emu.app.clientId}`);
  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.user'), emu.app.redirectUris[0]);
  expectSuccess(await (await page(b, config)).restore(back));
});

test('Flows API: the person cancels at the provider — the error comes back as a value', async () => {
  const b = browser();
  const config = emu.clientConfig();
  const first = await page(b, config);
  const signOn = expectForm(await first.start(), 'USERNAME_PASSWORD_REQUIRED');
  const { away } = await goSocial(first, b, signOn.step, `pingflow:${emu.app.clientId}`);
  const back = await signInAtIdP(b.cookies, away.url, { action: 'cancel' }, emu.app.redirectUris[0]);
  assert.equal(new URL(back).searchParams.get('error'), 'access_denied');
  const result = await (await page(b, config)).handleRedirect(back);
  const error = expectFailure(result, result.error?.code);
  assert.equal(error.serverCode, 'access_denied');
});

test('Flows API in redirect mode: the custom sign-on page sends the browser to the provider and continues the flow when it comes back', async () => {
  const b = browser();
  const signOnStorage = memoryStorage(); // the sign-on page's own key space (README: one storageKey per client)
  const app = await page(b, emu.clientConfig());
  const login = await app.login();
  const signOnUrl = (await follow(b.cookies, login.url, { stopAt: `${emu.base}/signon/` })).url;
  const flowId = new URL(signOnUrl).searchParams.get('flowId');

  const signOnPage = await createClient(emu.clientConfig({ storage: signOnStorage, cookies: b.cookies, navigate: false }));
  const step = expectForm(await signOnPage.open(flowId), 'USERNAME_PASSWORD_REQUIRED').step;
  const social = step.actions.find((a) => a.role === 'social');
  const away = await signOnPage.submit(social.name);
  assert.equal(away.kind, 'redirect');
  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.user'), `${emu.base}/signon/`);
  assert.equal(new URL(back).searchParams.get('flowId'), flowId, 'back at the sign-on page with its flow');

  // The sign-on page loads again: restore() finishes the return; the flow ends at resumeUrl.
  const reloaded = await createClient(emu.clientConfig({ storage: signOnStorage, cookies: b.cookies, navigate: false }));
  const done = await reloaded.restore(back);
  assert.equal(done.kind, 'redirect', JSON.stringify(done).slice(0, 300));
  assert.match(done.url, /\/as\/resume\?flowId=/);
  const callback = (await follow(b.cookies, done.url, { stopAt: emu.app.redirectUris[0] })).url;
  const tokens = expectSuccess(await (await page(b, emu.clientConfig())).handleRedirect(callback));
  assert.equal(tokens.claims.preferred_username, 'user.social');
});

test('back without the return (the Back button): restore() shows the step the person left; a custom sign-on page\'s ?flowId= is no return', async () => {
  const b = browser();
  const config = emu.clientConfig();
  const key = `pingflow:${emu.app.clientId}`;
  const first = await page(b, config);
  const signOn = expectForm(await first.start(), 'USERNAME_PASSWORD_REQUIRED');
  await goSocial(first, b, signOn.step, key);
  assert.ok(b.storage.getItem(`${key}:away`), 'the marker is saved with the snapshot');
  const returned = await page(b, config);
  const again = expectForm(await returned.restore(`${emu.base}/`), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(again.step.flowId, signOn.step.flowId);
  assert.equal(b.storage.getItem(`${key}:away`), null, 'a step on screen saves no marker');
  expectSuccess(await returned.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));

  // After login(), the custom sign-on page carries ?flowId= too: that is no return to finish.
  const login = await page(b, config);
  assert.equal((await login.login()).kind, 'redirect');
  const signOnPage = await page(b, config);
  assert.equal(await signOnPage.restore(`${emu.base}/signon/?flowId=${signOn.step.flowId}`), null);
  assert.ok(b.storage.getItem(key), 'the login() snapshot stays for its callback');
});

test('DaVinci: SOCIAL_LOGIN_BUTTON, the provider, ?continueToken= back, restore() posts it to the continue link → tokens', async () => {
  const b = browser();
  const config = emu.davinciConfig({ protect: emu.protect, persist: false }); // a navigation saves a snapshot even so
  const davinci = emu.demo.apps.find((a) => a.kind === 'davinci');
  const first = await page(b, config);
  const signOn = expectDaVinciForm(await first.start(), 'Sign On');
  const { social, away } = await goSocial(first, b, signOn.step, `pingflow:${davinci.clientId}`);
  assert.equal(social.label, 'Sign in with Example IdP');

  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.user'), davinci.redirectUris[0]);
  assert.ok(new URL(back).searchParams.get('continueToken'));

  const returned = await page(b, config);
  const tokens = expectSuccess(await returned.restore(back));
  assert.equal(tokens.claims.preferred_username, 'user.social');
  assert.deepEqual(tokens.claims.amr, ['fed']);
});

test('DaVinci: handleRedirect() with the continueToken, then the provider\'s new account confirmed on a form', async () => {
  const b = browser();
  const config = emu.davinciConfig({ protect: emu.protect });
  const davinci = emu.demo.apps.find((a) => a.kind === 'davinci');
  const first = await page(b, config);
  const signOn = expectDaVinciForm(await first.start(), 'Sign On');
  const { away } = await goSocial(first, b, signOn.step, `pingflow:${davinci.clientId}`);
  const back = await signInAtIdP(b.cookies, away.url, idpUser('social.new'), davinci.redirectUris[0]);

  const returned = await page(b, config);
  const confirm = expectDaVinciForm(await returned.handleRedirect(back), 'Confirm Your Account', 'SUBMIT');
  const tokens = expectSuccess(await returned.submit('SUBMIT', { username: 'nia.bridge' }));
  assert.equal(tokens.claims.preferred_username, 'nia.bridge');
  assert.ok(confirm);
});

test('DaVinci: back without the continueToken (the Back button) shows the Sign On form again, and the password works', async () => {
  const b = browser();
  const config = emu.davinciConfig({ protect: emu.protect });
  const davinci = emu.demo.apps.find((a) => a.kind === 'davinci');
  const first = await page(b, config);
  const signOn = expectDaVinciForm(await first.start(), 'Sign On');
  await goSocial(first, b, signOn.step, `pingflow:${davinci.clientId}`);
  const returned = await page(b, config);
  expectDaVinciForm(await returned.restore(`${emu.base}/`), 'Sign On', 'SIGNON');
  const tokens = expectSuccess(await declinePasskeyOffer(returned,
    await returned.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' })));
  assert.equal(tokens.claims.preferred_username, 'user.password');
});

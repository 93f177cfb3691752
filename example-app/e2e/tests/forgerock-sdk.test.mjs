// Ping's own JavaScript SDK against the emulator, unchanged: @forgerock/davinci-client drives the
// emulator's DaVinci application (start, collectors and their updaters, next, the error node, a
// flow button), @forgerock/oidc-client redeems the code the davinci-client got (with the PKCE
// verifier the davinci-client left in sessionStorage), reads userinfo, and runs its background
// (prompt=none, response_mode=pi.flow) authorize on the ST session — and reports login_required
// without one. Nothing here is written for the emulator: the configuration is the one the SDK's
// README asks for, pointed at the emulator's well-known URL. As an app using the SDK with PingOne
// Protect would, the tests give the Sign On form's PROTECT collector the signals of a Signals SDK
// (the emulator's stand-in) and decline the passkey offer with its flow button; one test leaves
// Protect out and meets the step-up to a second factor, and one takes the offer with the SDK's own
// fido() ceremonies (a CDP virtual authenticator) and then signs on with the passkey alone.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { startApp, resetEmulator, latest } from '../lib/app.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { bundleSdk, serveSdkPage, otherSpelling, claimsOf, SDK_VERSIONS } from '../lib/forgerock.mjs';
import { addAuthenticator } from '../lib/webauthn.mjs';

let app;
let browser;
let bundle;
let davinciApp;
let wellknown;
before(async () => {
  [app, browser, bundle] = await Promise.all([startApp(), launch(), bundleSdk()]);
  davinciApp = app.demo.apps.find((a) => a.kind === 'davinci');
  wellknown = `${app.base}/${app.demo.envId}/as/.well-known/openid-configuration`;
});
after(async () => { await browser?.close(); await app?.stop(); });
beforeEach(() => resetEmulator(app.base));

const PASSWORD = 'Pingflow1!';
// Chromium logs a failed fetch (the 400 of a wrong password, login_required) as a console error.
const ALLOWED = [EXPECTED_4XX];

/** The SDK's configuration for the emulator's DaVinci application, as its README has it. */
function sdkConfig(origin) {
  return {
    clientId: davinciApp.clientId,
    redirectUri: `${origin}/callback`,
    scope: 'openid profile email',
    serverConfig: { wellknown },
    responseType: 'code',
  };
}

/** openSdk opens a fresh browser context with the SDK's test page on origin. */
async function openSdk(suite, origin = app.base) {
  const s = await openPage(browser, suite);
  const requests = [];
  const responses = [];
  s.page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), headers: r.headers(), body: r.postData() }));
  s.page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));
  await serveSdkPage(s.page, origin, bundle);
  return { ...s, origin, requests, responses };
}

/** startDaVinci creates window.dv (the davinci-client) and starts the flow; returns the node. */
function startDaVinci(page, config) {
  return page.evaluate(async (cfg) => {
    window.dv = await window.forgerock.davinci({ config: cfg });
    const node = await window.dv.start();
    return JSON.parse(JSON.stringify(node));
  }, config);
}

/** fill sets collectors by name with the SDK's updaters. */
function fill(page, values) {
  return page.evaluate((vals) => {
    const collectors = window.dv.getCollectors();
    for (const [name, value] of Object.entries(vals)) {
      const c = collectors.find((x) => x.name === name);
      if (!c) throw new Error(`no collector ${name} among ${collectors.map((x) => x.name).join(', ')}`);
      const err = window.dv.update(c)(value);
      if (err) throw new Error(`update ${name}: ${JSON.stringify(err)}`);
    }
  }, values);
}

/** next submits the form on screen with the SDK; returns the node. */
function next(page) {
  return page.evaluate(async () => JSON.parse(JSON.stringify(await window.dv.next())));
}

/**
 * protect does what an app using the SDK with PingOne Protect does: load the Signals SDK (the
 * emulator's stand-in, same API as Ping's), init it with the PROTECT collector's own settings and
 * put getData() into that collector. The SDK has no Signals SDK of its own; without this the
 * form goes out with an empty PROTECT value and the emulator steps the sign-on up.
 */
async function protect(page) {
  if (await page.evaluate(() => !window._pingOneSignals)) await page.addScriptTag({ url: `${app.base}/_emulator/signals.js` });
  return page.evaluate(async () => {
    const collector = window.dv.getCollectors().find((c) => c.type === 'ProtectCollector');
    if (!collector) throw new Error('no ProtectCollector on this node');
    await window._pingOneSignals.init(collector.output.config);
    const signals = await window._pingOneSignals.getData();
    const err = window.dv.update(collector)(signals);
    if (err) throw new Error(`update protect: ${JSON.stringify(err)}`);
    return { config: collector.output.config, signals };
  });
}

/**
 * notNow declines the Set Up a Passkey offer a password sign-on of a user without devices
 * meets, with the form's FLOW_BUTTON as the SDK presses it; returns the next node.
 */
async function notNow(page, offer) {
  assert.equal(offer.status, 'continue', JSON.stringify(offer.error));
  assert.equal(offer.client.name, 'Set Up a Passkey');
  assert.deepEqual(collectorsOf(offer), [['FidoRegistrationCollector', 'passkey'], ['FlowCollector', 'NOT_NOW']]);
  return page.evaluate(async () => JSON.parse(JSON.stringify(await window.dv.flow({ action: 'NOT_NOW' })())));
}

/** collectorsOf lists [type, name] of the node's collectors. */
function collectorsOf(node) {
  return node.client.collectors.map((c) => [c.type, c.name]);
}

/** oidcClient creates window.oc (the oidc-client) with the same configuration. */
function oidcClient(page, config) {
  return page.evaluate(async (cfg) => {
    window.oc = await window.forgerock.oidc({ config: cfg });
    if ('error' in window.oc) throw new Error(`oidc(): ${JSON.stringify(window.oc)}`);
  }, config);
}

/** exchange redeems code and state with the oidc-client; returns its tokens and userinfo. */
function exchangeAndUserinfo(page, code, state) {
  return page.evaluate(async ([c, st]) => {
    const tokens = await window.oc.token.exchange(c, st);
    const userinfo = 'error' in tokens ? null : await window.oc.user.info();
    return JSON.parse(JSON.stringify({ tokens, userinfo }));
  }, [code, state]);
}

/** verifyIdToken checks the ID token's RS256 signature against the emulator's JWKS; returns claims. */
async function verifyIdToken(idToken) {
  const [h, p, sig] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  assert.equal(header.alg, 'RS256');
  const { keys } = await (await fetch(`${app.base}/${app.demo.envId}/as/jwks`)).json();
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `the JWKS has the ID token's kid ${header.kid}`);
  const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(sig, 'base64url'));
  assert.ok(ok, 'the ID token signature verifies against the JWKS');
  return claimsOf(idToken);
}

/** checkClaims asserts what an ID token for user.password from the DaVinci application says. */
function checkClaims(claims) {
  assert.equal(claims.iss, `${app.base}/${app.demo.envId}/as`);
  assert.equal(claims.aud, davinciApp.clientId);
  assert.equal(claims.acr, davinciApp.policy, 'acr is the DaVinci flow policy id');
  assert.deepEqual(claims.amr, ['pwd']);
  assert.equal(claims.preferred_username, 'user.password');
  assert.equal(claims.env, app.demo.envId);
  assert.match(claims.sub, /^[0-9a-f-]{36}$/);
  assert.match(claims.sid, /^[0-9a-f-]{36}$/);
  assert.ok(claims.exp > claims.iat && Math.abs(claims.iat - Date.now() / 1000) < 120);
  assert.equal(claims.nonce, undefined, 'the SDK sends no nonce unless configured to');
}

/**
 * signOnWithDaVinci runs the whole DaVinci sign-on for user.password in the page: start, a wrong
 * password (the error node), the right one (success), then the code through the oidc-client.
 * Returns what it saw for the caller's assertions.
 */
async function signOnWithDaVinci(s) {
  const { page } = s;
  const config = sdkConfig(s.origin);
  const first = await startDaVinci(page, config);
  assert.equal(first.status, 'continue', `start: ${JSON.stringify(first.error)}`);
  assert.equal(first.client.name, 'Sign On');
  assert.equal(first.client.action, 'SIGNON', 'next() submits the SUBMIT_BUTTON');
  // Every component of the Sign On form is one of the SDK's own collectors: the passkey (FIDO2),
  // the identity provider, the flow buttons and Protect.
  assert.deepEqual(collectorsOf(first), [
    ['TextCollector', 'username'], ['PasswordCollector', 'password'], ['SubmitCollector', 'SIGNON'],
    ['FidoAuthenticationCollector', 'passkey'], ['IdpCollector', app.demo.identityProviders[0].id],
    ['FlowCollector', 'PHONE'], ['FlowCollector', 'TROUBLE'], ['FlowCollector', 'REGISTER'], ['ProtectCollector', 'protect'],
  ]);
  const { config: protectConfig, signals } = await protect(page);
  assert.deepEqual(protectConfig, { behavioralDataCollection: true, universalDeviceIdentification: true });
  assert.match(signals, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.match(first.server.interactionId, /^[0-9a-f-]{36}$/);
  assert.match(first.server.interactionToken, /^[0-9a-f]{256}$/);
  const stored = await page.evaluate((id) => JSON.parse(sessionStorage.getItem(`FR-SDK-authflow-${id}`)), davinciApp.clientId);
  assert.ok(stored?.verifier && stored?.state, 'the davinci-client keeps its PKCE verifier and state in sessionStorage');

  // A wrong password: an error node (recoverable), its field error from details[].rawResponse.
  await fill(page, { username: 'user.password', password: 'Not-The-Passw0rd' });
  const wrong = await next(page);
  assert.equal(wrong.status, 'error');
  assert.equal(wrong.error.type, 'davinci_error');
  assert.equal(wrong.error.code, ' Invalid username and/or password');
  assert.equal(wrong.error.message, ' Invalid username and/or password');
  assert.equal(wrong.error.internalHttpStatus, 400);
  assert.deepEqual(wrong.error.collectors, [
    { code: 'INVALID_VALUE', target: 'password', message: 'The provided password did not match provisioned password' },
  ]);
  assert.equal(wrong.httpStatus, 400);
  assert.deepEqual(await page.evaluate(() => window.dv.getErrorCollectors().map((e) => e.target)), ['password']);
  assert.deepEqual(collectorsOf(wrong), collectorsOf(first), 'the same form stays, ready to submit again');

  // The right password, on the same form (Protect signals still in it): no second factor, but
  // the offer of a passkey, declined; then success with the authorization code.
  await fill(page, { password: PASSWORD });
  const done = await notNow(page, await next(page));
  assert.equal(done.status, 'success', `success expected: ${JSON.stringify(done.error)}`);
  const authorization = await page.evaluate(() => window.dv.getClient().authorization);
  assert.ok(authorization.code, 'getClient().authorization.code');
  assert.equal(authorization.state, stored.state, 'the state the SDK sent comes back');
  assert.match(done.server.session, /^[0-9a-f-]{36}$/, 'the success names the session');

  // The code through Ping's oidc-client: same clientId, so it finds the davinci-client's verifier.
  await oidcClient(page, config);
  const { tokens, userinfo } = await exchangeAndUserinfo(page, authorization.code, authorization.state);
  assert.ok(!('error' in tokens), `token.exchange: ${JSON.stringify(tokens)}`);
  assert.ok(tokens.accessToken && tokens.idToken && tokens.refreshToken);
  assert.ok(tokens.expiryTimestamp > Date.now());
  const claims = await verifyIdToken(tokens.idToken);
  checkClaims(claims);
  assert.equal(userinfo.sub, claims.sub);
  assert.equal(userinfo.preferred_username, 'user.password');
  assert.ok(userinfo.email, 'the email scope gives the email claim');
  return { claims, tokens, session: done.server.session };
}

test(`davinci-client ${SDK_VERSIONS['@forgerock/davinci-client']} signs on (wrong password, then right) and oidc-client ${SDK_VERSIONS['@forgerock/oidc-client']} redeems the code`, async () => {
  const s = await openSdk('forgerock-sdk-sign-on');
  await signOnWithDaVinci(s);

  // What went over the wire is what the SDK sends to PingOne (reference §7.2, §7.3).
  const authorize = s.requests.find((r) => r.url.includes('/as/authorize'));
  const q = new URL(authorize.url).searchParams;
  assert.equal(authorize.method, 'GET');
  assert.equal(q.get('response_mode'), 'pi.flow');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.equal(authorize.headers['x-requested-with'], 'ping-sdk');
  const calls = s.requests.filter((r) => r.url.includes('/davinci/connections/'));
  assert.equal(calls.length, 3, 'wrong password, right password, Not now');
  for (const c of calls) {
    assert.equal(c.method, 'POST');
    assert.ok(c.headers.interactionid && c.headers.interactiontoken, 'interaction headers on every capability call');
  }
  const [wrong, right, declined] = calls.map((c) => JSON.parse(c.body).parameters);
  for (const p of [wrong, right]) {
    assert.equal(p.eventType, 'submit');
    assert.equal(p.data.actionKey, 'SIGNON');
    assert.match(p.data.formData.protect, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'the signals went with the form');
  }
  assert.equal(declined.eventType, 'action');
  assert.equal(declined.data.actionKey, 'NOT_NOW');
  expectNoProblems(s.problems(), ALLOWED);
  await s.close();
});

test('davinci-client from a cross-origin SPA (the other spelling of the base): CORS with credentials on every leg', async () => {
  const origin = otherSpelling(app.base);
  const s = await openSdk('forgerock-sdk-cross-origin', origin);
  assert.notEqual(new URL(origin).host, new URL(wellknown).host);
  await signOnWithDaVinci(s);
  // The sign-on itself needs no cookie (the SDK sends the interaction in headers). The ST cookie
  // is another matter: localhost and 127.0.0.1 are different sites, and over plain http the
  // emulator's ST has no SameSite=None (that needs Secure, i.e. https), so Chromium does not keep
  // it from a cross-site response; silent SSO is therefore tested same-origin below.
  // Every credentialed call to the emulator came back with the page's origin and credentials allowed.
  const emulator = s.responses.filter((r) => r.url.startsWith(app.base + '/' + app.demo.envId));
  assert.ok(emulator.some((r) => r.url.includes('/davinci/connections/')), 'capability calls were made');
  for (const r of emulator) {
    assert.equal(r.headers['access-control-allow-origin'], origin, `${r.url} allows ${origin}`);
    if (!/\/as\/(token|userinfo|jwks|\.well-known)/.test(r.url)) assert.equal(r.headers['access-control-allow-credentials'], 'true', r.url);
  }
  expectNoProblems(s.problems(), ALLOWED);
  await s.close();
});

test('davinci-client flow buttons: TROUBLE → Trouble Signing On → Reset Password → Sign On again, then signs on', async () => {
  const s = await openSdk('forgerock-sdk-trouble');
  const { page } = s;
  await startDaVinci(page, sdkConfig(s.origin));
  const trouble = await page.evaluate(async () => {
    const flow = window.dv.getCollectors().find((c) => c.type === 'FlowCollector' && c.output.key === 'TROUBLE');
    return JSON.parse(JSON.stringify(await window.dv.flow({ action: flow.output.key })()));
  });
  assert.equal(trouble.status, 'continue', JSON.stringify(trouble.error));
  assert.equal(trouble.client.name, 'Trouble Signing On');
  assert.deepEqual(collectorsOf(trouble), [['TextCollector', 'username'], ['SubmitCollector', 'SUBMIT'], ['FlowCollector', 'BACK']]);
  const action = JSON.parse(s.requests.filter((r) => r.url.includes('/davinci/connections/')).at(-1).body);
  assert.equal(action.parameters.eventType, 'action');
  assert.equal(action.parameters.data.actionKey, 'TROUBLE');

  await fill(page, { username: 'user.password' });
  const reset = await next(page);
  assert.equal(reset.status, 'continue', JSON.stringify(reset.error));
  assert.equal(reset.client.name, 'Reset Password');
  const code = (await latest(app.base, 'user.password', 'recovery')).code;
  const newPassword = 'Brand-new-Passw0rd';
  const types = Object.fromEntries(reset.client.collectors.map((c) => [c.name, c.type]));
  assert.equal(types.newPassword, 'ValidatedPasswordCollector', 'the password policy comes with the field');
  await fill(page, { recoveryCode: code, newPassword });
  const back = await next(page);
  assert.equal(back.status, 'continue', JSON.stringify(back.error));
  assert.equal(back.client.name, 'Sign On');
  const prefilled = back.client.collectors.find((c) => c.name === 'username');
  assert.equal(prefilled.input.value, 'user.password', 'formData.value prefills the username');

  await fill(page, { password: newPassword });
  await protect(page);
  const done = await notNow(page, await next(page));
  assert.equal(done.status, 'success', JSON.stringify(done.error));
  expectNoProblems(s.problems(), ALLOWED);
  await s.close();
});

test('oidc-client background authorize: login_required without a session, a code on the ST session a DaVinci sign-on left', async () => {
  const s = await openSdk('forgerock-sdk-silent');
  const { page } = s;
  const config = sdkConfig(s.origin);
  await oidcClient(page, config);

  // No session yet: prompt=none must say login_required.
  const none = await page.evaluate(async () => JSON.parse(JSON.stringify(await window.oc.authorize.background())));
  assert.equal(none.error, 'login_required', JSON.stringify(none));
  assert.equal(none.type, 'auth_error');
  assert.ok(none.redirectUrl?.startsWith(`${app.base}/${app.demo.envId}/as/authorize?`), 'a URL to sign on interactively instead');
  const silent = s.requests.filter((r) => r.url.includes('/as/authorize'));
  assert.equal(silent.length, 1);
  const q = new URL(silent[0].url).searchParams;
  assert.equal(silent[0].method, 'POST');
  assert.equal(q.get('prompt'), 'none');
  assert.equal(q.get('response_mode'), 'pi.flow', 'the discovery document lists pi.flow, so the SDK fetches');

  // A DaVinci sign-on leaves an ST session; the oidc-client's silent authorize then gets a code.
  const { claims: first } = await signOnWithDaVinci(s);
  const before = s.requests.length;
  const result = await page.evaluate(async () => {
    const auth = await window.oc.authorize.background();
    if ('error' in auth) return JSON.parse(JSON.stringify({ auth }));
    const tokens = await window.oc.token.exchange(auth.code, auth.state);
    return JSON.parse(JSON.stringify({ auth, tokens }));
  });
  assert.ok(!('error' in result.auth), `authorize.background: ${JSON.stringify(result.auth)}`);
  assert.ok(result.auth.code && result.auth.state);
  assert.ok(!('error' in result.tokens), `token.exchange: ${JSON.stringify(result.tokens)}`);
  const claims = await verifyIdToken(result.tokens.idToken);
  checkClaims(claims);
  assert.equal(claims.sub, first.sub);
  assert.equal(claims.sid, first.sid, 'the same SSO session');
  assert.equal(claims.auth_time, first.auth_time, 'no new authentication');
  const again = s.requests.slice(before).filter((r) => r.url.includes('/as/authorize'));
  assert.equal(again.length, 1);
  assert.equal(new URL(again[0].url).searchParams.get('prompt'), 'none');
  assert.equal(again[0].headers['x-requested-with'], undefined, 'the oidc-client does not send X-Requested-With');
  // The SDK's logger reports the expected login_required as an error of its own.
  expectNoProblems(s.problems(), [...ALLOWED, /^console: Error dispatching authorize request \{error: login_required,/]);
  await s.close();
});

test('davinci-client without Protect signals (its PROTECT collector left empty): the sign-on steps up to an emailed code, which the SDK answers', async () => {
  const s = await openSdk('forgerock-sdk-step-up');
  const { page } = s;
  const config = sdkConfig(s.origin);
  const first = await startDaVinci(page, config);
  assert.equal(first.client.name, 'Sign On');
  await fill(page, { username: 'user.password', password: PASSWORD });
  const code = await next(page);
  assert.equal(code.status, 'continue', JSON.stringify(code.error));
  assert.equal(code.client.name, 'Enter Code', 'no signals: a second factor');
  assert.deepEqual(collectorsOf(code), [['TextCollector', 'otp'], ['SubmitCollector', 'SUBMIT'], ['FlowCollector', 'CHANGE_DEVICE']]);
  const signOn = JSON.parse(s.requests.filter((r) => r.url.includes('/davinci/connections/'))[0].body).parameters;
  assert.equal(signOn.data.formData.protect, '', 'what the SDK sends for an unset ProtectCollector');

  await fill(page, { otp: (await latest(app.base, 'user.password', 'otp')).code });
  const done = await notNow(page, await next(page));
  assert.equal(done.status, 'success', JSON.stringify(done.error));
  const authorization = await page.evaluate(() => window.dv.getClient().authorization);
  await oidcClient(page, config);
  const { tokens } = await exchangeAndUserinfo(page, authorization.code, authorization.state);
  const claims = await verifyIdToken(tokens.idToken);
  assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa'], 'the password and the emailed code');
  expectNoProblems(s.problems(), ALLOWED);
  await s.close();
});

/**
 * sdkFido runs davinci-client's own fido() ceremony for the node's FIDO2 collector (register or
 * authenticate, from the collector's config as DaVinci sent it) and puts the result into it.
 */
function sdkFido(page) {
  return page.evaluate(async () => {
    const collector = window.dv.getCollectors().find((c) => c.type === 'FidoRegistrationCollector' || c.type === 'FidoAuthenticationCollector');
    const api = window.forgerock.fido();
    const { config } = collector.output;
    const value = config.action === 'REGISTER'
      ? await api.register(config.publicKeyCredentialCreationOptions)
      : await api.authenticate(config.publicKeyCredentialRequestOptions);
    if ('error' in value) throw new Error(`fido ${config.action}: ${JSON.stringify(value)}`);
    const err = window.dv.update(collector)(value);
    if (err) throw new Error(`update ${collector.name}: ${JSON.stringify(err)}`);
    return { action: config.action, rpId: config.publicKeyCredentialCreationOptions?.rp?.id ?? config.publicKeyCredentialRequestOptions?.rpId };
  });
}

test('davinci-client\'s own fido(): Set Up a Passkey after the password, then a new flow signs on with that passkey alone', async () => {
  // WebAuthn needs a host name: the SDK page on http://localhost:<port>, the emulator on
  // 127.0.0.1 (cross-origin, as in the CORS test); the emulator takes the relying party from the
  // page's Origin. A CDP virtual authenticator answers the SDK's navigator.credentials calls.
  const origin = new URL(app.base).hostname === 'localhost' ? app.base : otherSpelling(app.base);
  assert.equal(new URL(origin).hostname, 'localhost');
  const s = await openSdk('forgerock-sdk-passkey', origin);
  const { page, context } = s;
  const authenticator = await addAuthenticator(context, page, { presence: true });
  const config = sdkConfig(origin);

  await startDaVinci(page, config);
  await fill(page, { username: 'user.password', password: PASSWORD });
  await protect(page);
  const offer = await next(page);
  assert.equal(offer.client.name, 'Set Up a Passkey', JSON.stringify(offer.error));
  assert.deepEqual(await sdkFido(page), { action: 'REGISTER', rpId: 'localhost' });
  const registered = await next(page);
  assert.equal(registered.status, 'success', `registration: ${JSON.stringify(registered.error)}`);
  const [credential] = await authenticator.credentials();
  assert.equal(credential?.rpId, 'localhost', 'the SDK registered a passkey for localhost');
  const attestation = JSON.parse(s.requests.filter((r) => r.url.includes('/davinci/connections/')).at(-1).body).parameters;
  assert.ok(attestation.data.formData.passkey.attestationValue, 'formData.passkey.attestationValue, as the SDK sends it');

  // A new flow: the Sign On form's FIDO2 AUTHENTICATE, discoverable, with nothing else filled in.
  const first = await startDaVinci(page, config);
  assert.equal(first.client.name, 'Sign On');
  assert.deepEqual(await sdkFido(page), { action: 'AUTHENTICATE', rpId: 'localhost' });
  const done = await next(page);
  assert.equal(done.status, 'success', `passkey sign-on: ${JSON.stringify(done.error)}`);
  const authorization = await page.evaluate(() => window.dv.getClient().authorization);
  await oidcClient(page, config);
  const { tokens } = await exchangeAndUserinfo(page, authorization.code, authorization.state);
  const claims = await verifyIdToken(tokens.idToken);
  assert.equal(claims.preferred_username, 'user.password', 'the passkey\'s user handle named the person');
  assert.deepEqual(claims.amr, ['hwk']);
  const assertion = JSON.parse(s.requests.filter((r) => r.url.includes('/davinci/connections/')).at(-1).body).parameters;
  assert.equal(assertion.data.formData.username, '', 'no username typed');
  assert.ok(assertion.data.formData.passkey.assertionValue.response.signature);
  assert.ok((await authenticator.credentials())[0].signCount > credential.signCount, 'the authenticator signed again');
  expectNoProblems(s.problems(), ALLOWED);
  await s.close();
});

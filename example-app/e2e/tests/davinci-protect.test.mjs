// PingOne Protect in the DaVinci card. The demo loads a Signals SDK (against the emulator, its
// stand-in at /_emulator/signals.js, same API as Ping's) and gives the card its getData() as the
// protect option; the card sends the signals with the Sign On form's PROTECT component. The
// emulator's risk evaluation lets a password sign-on with well-formed signals straight through
// and steps one without them (or with malformed ones) up to a second factor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { expectNoProblems, claim } from '../lib/steps.mjs';
import { openDaVinci, waitForForm } from '../lib/davinci.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();
const SIGNALS = '/_emulator/signals.js';

/** Watches the Signals SDK's loads and the DaVinci capability calls of a page. */
function watch(page) {
  const seen = { sdk: [], calls: [] };
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === SIGNALS) seen.sdk.push(r.url());
    if (r.method() === 'POST' && r.url().includes('/davinci/connections/')) seen.calls.push(JSON.parse(r.postData() || '{}').parameters);
  });
  return seen;
}


/** Signs user.password on in the DaVinci card: the Sign On form, username and password. */
async function passwordSignOn(page) {
  const card = await openDaVinci(page, suite.app.base);
  await card.getByLabel('Username', { exact: true }).fill('user.password');
  await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  return card;
}

/** The step-up: an email code, read from the inbox, then the profile. */
async function finishWithEmailCode(t, card) {
  const { page } = t;
  await waitForForm(page, 'Enter Code');
  await t.shot('step-up-code', { of: card });
  const { code } = await latest(suite.app.base, 'user.password', 'otp');
  await card.getByLabel('One-time code').fill(code);
  await card.getByRole('button', { name: 'Verify' }).click();
  // Still no passkey: the flow offers one; the person declines.
  await waitForForm(page, 'Set Up a Passkey');
  await card.getByRole('button', { name: 'Not now' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  assert.equal(await claim(page, 'preferred_username'), 'user.password');
  const amr = JSON.parse(await claim(page, 'amr'));
  assert.ok(amr.includes('pwd') && amr.includes('otp') && amr.includes('mfa'), `a second factor: amr ${amr}`);
}

test('Protect signals from the demo\'s Signals SDK reach the emulator with the password: no second factor', async () => {
  const t = await openPage(suite.browser, 'davinci-protect-signals');
  const { page } = t;
  const seen = watch(page);
  const card = await passwordSignOn(page);
  await waitForForm(page, 'Set Up a Passkey'); // the passkey offer, not a code: low risk
  assert.equal(seen.sdk.length, 1, 'the page loaded the Signals SDK once');
  const signOn = seen.calls.find((c) => c.data.actionKey === 'SIGNON');
  const signals = signOn.data.formData.protect;
  assert.equal(typeof signals, 'string');
  assert.match(signals, /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'the SDK\'s opaque payload, dot-separated base64url');
  assert.ok(signals.length >= 32, `signals of ${signals.length} characters`);
  // What the stand-in collected is the browser's own (it is the page's getData(), not a constant).
  const [head] = signals.split('.');
  const collected = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  assert.equal(typeof collected, 'object');
  await t.shot('no-step-up', { of: card });
  await card.getByRole('button', { name: 'Not now' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  assert.equal(await claim(page, 'amr'), '["pwd"]');
  expectNoProblems(t.problems());
  await t.close();
});

test('without the Signals SDK (blocked) the card sends no signals and the sign-on steps up to an emailed code', async () => {
  const t = await openPage(suite.browser, 'davinci-protect-missing');
  const { page } = t;
  // The SDK cannot load (an ad blocker, a network that drops it): the page's protect function
  // throws, and the card sends what davinci-client sends without signals.
  await page.route(`**${SIGNALS}`, (route) => route.abort('blockedbyclient'));
  const seen = watch(page);
  const card = await passwordSignOn(page);
  await waitForForm(page, 'Enter Code');
  const signOn = seen.calls.find((c) => c.data.actionKey === 'SIGNON');
  assert.equal(signOn.data.formData.protect, '', 'no signals');
  assert.equal(signOn.data.formData.password, PASSWORD);
  await finishWithEmailCode(t, card);
  expectNoProblems(t.problems(), [/Failed to load resource: net::ERR_BLOCKED_BY_CLIENT/]);
  await t.close();
});

test('malformed signals step the sign-on up too', async () => {
  const t = await openPage(suite.browser, 'davinci-protect-malformed');
  const { page } = t;
  // A Signals SDK that answers something that is not a signals payload.
  await page.route(`**${SIGNALS}`, (route) => route.fulfill({
    status: 200, contentType: 'text/javascript; charset=utf-8',
    body: 'window._pingOneSignals = { init: async () => {}, getData: async () => "{not: signals}" };',
  }));
  const seen = watch(page);
  const card = await passwordSignOn(page);
  await waitForForm(page, 'Enter Code');
  assert.equal(seen.calls.find((c) => c.data.actionKey === 'SIGNON').data.formData.protect, '{not: signals}');
  await finishWithEmailCode(t, card);
  expectNoProblems(t.problems());
  await t.close();
});

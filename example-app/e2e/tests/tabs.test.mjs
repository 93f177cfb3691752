// Two tabs of the demo in one browser: a sign-on in one signs the other's page in, the tokens
// (living 75 s here: -token-lifetime) are renewed before they expire once for both tabs — one
// refresh_token grant, whichever tab asks — and signing out in one signs the other out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForStatus, signOn, expectNoProblems } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';
import { openPage } from '../lib/browser.mjs';

const suite = useSuite({ args: ['-token-lifetime', '75s'] });

test('two tabs: signed in together, renewed once before expiry, signed out together', async () => {
  const t = await openPage(suite.browser, 'tabs');
  const a = t.page;
  const b = await t.context.newPage();
  const problems = [];
  b.on('pageerror', (err) => problems.push(`pageerror (tab b): ${err.message}`));
  b.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console (tab b): ${msg.text()}`); });
  const grants = [];
  t.context.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/as/token')) grants.push(new URLSearchParams(req.postData() || '').get('grant_type'));
  });

  await a.goto(suite.app.base + '/');
  await b.goto(suite.app.base + '/');
  await waitForStatus(a, 'USERNAME_PASSWORD_REQUIRED');
  await waitForStatus(b, 'USERNAME_PASSWORD_REQUIRED');

  // Signing in in tab a: tab b, left on the sign-on page, shows itself signed in.
  await signOn(a, 'user.password', PASSWORD);
  await a.waitForURL(suite.app.base + '/profile');
  await b.getByRole('heading', { name: /Welcome back, Pat Password/ }).waitFor({ timeout: 10000 });
  await t.shot('tab-a-profile');
  await b.getByRole('link', { name: 'View your profile' }).click();
  await b.locator('#userinfo[data-loaded="true"]').waitFor();
  const issued = Number(await a.locator('#token-clock').getAttribute('data-expires-at'));
  assert.equal(Number(await b.locator('#token-clock').getAttribute('data-expires-at')), issued, 'one access token for both tabs');
  assert.deepEqual(grants, ['authorization_code']);

  // Each tab hears 'expiring' a minute before the end and asks for tokens; one renewal is made.
  await Promise.all([a, b].map((p) => p.locator('#token-clock[data-renewals="1"]').waitFor({ timeout: 45000 })));
  assert.deepEqual(grants, ['authorization_code', 'refresh_token'], 'one refresh_token grant for the two tabs');
  const renewed = Number(await a.locator('#token-clock').getAttribute('data-expires-at'));
  assert.ok(renewed > issued, 'a later expiry');
  assert.equal(Number(await b.locator('#token-clock').getAttribute('data-expires-at')), renewed, 'the same renewed token in both');
  assert.match(await b.locator('#token-clock').textContent(), /renewed 1 time$/);
  await t.shot('tab-a-renewed');

  // Signing out in tab b (revocation, then PingOne's signoff): tab a follows.
  await b.getByRole('button', { name: 'Sign out' }).first().click();
  await b.waitForURL(suite.app.base + '/');
  await a.getByRole('heading', { name: 'You are not signed in' }).waitFor({ timeout: 10000 });
  await t.shot('tab-a-signed-out');
  await a.reload();
  await a.getByRole('heading', { name: 'You are not signed in' }).waitFor();
  expectNoProblems([...t.problems(), ...problems]);
  await t.close();
});

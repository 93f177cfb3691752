// The demo SPA's embedded card: password sign-in, a wrong password then the right one, the
// profile page (ID token claims and userinfo) and sign out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

test('password sign-in in the embedded card lands on the profile with claims and userinfo', async () => {
  const t = await openPage(suite.browser, 'embedded-password');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await t.shot('home');
  await signOn(page, 'user.password', PASSWORD);
  await page.waitForURL(suite.app.base + '/profile');
  await page.locator('tr[data-claim="sub"]').waitFor();
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
  assert.match(await page.locator('h1').textContent(), /Pat Password/);
  assert.equal(await page.locator('tr[data-claim="preferred_username"] td').textContent(), 'user.password');
  const userinfo = JSON.parse(await page.locator('#userinfo').textContent());
  assert.equal(userinfo.preferred_username, 'user.password');
  await t.shot('profile');
  expectNoProblems(t.problems());
  await t.close();
});

test('a wrong password shows the error beside the field with attempts left, then the right one signs on', async () => {
  const t = await openPage(suite.browser, 'embedded-wrong-password');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.password', 'not-the-password');
  const password = page.getByLabel('Password', { exact: true });
  await page.locator('.pf-field-error').waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  const errorId = await password.getAttribute('aria-describedby');
  const error = await page.locator(`[id="${errorId}"]`).textContent();
  assert.match(error, /Invalid username and\/or password/);
  assert.match(error, /4 attempts left/);
  assert.ok(await password.evaluate((el) => el === el.getRootNode().activeElement), 'focus moves to the field in error');
  assert.equal(await page.getByLabel('Username', { exact: true }).inputValue(), 'user.password', 'the username is kept');
  // The error is announced through the assertive live region, named by its field.
  await page.locator('pingflow-signon [aria-live="assertive"]').filter({ hasText: /Password: .*Invalid username.*4 attempts left/ })
    .waitFor({ state: 'attached' });
  await t.shot('wrong-password');
  await password.fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign on' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  await t.shot('signed-in');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('sign out ends the session: the home page offers sign-on again', async () => {
  const t = await openPage(suite.browser, 'sign-out');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.password', PASSWORD);
  await page.waitForURL(suite.app.base + '/profile');
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(suite.app.base + '/');
  // The PingOne session is gone too: a new embedded sign-on asks for the password again
  // instead of completing silently from the session cookie.
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await page.locator('#signout').isVisible(), false);
  await t.shot('signed-out');
  await page.goto(suite.app.base + '/profile');
  await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
  expectNoProblems(t.problems());
  await t.close();
});

test('tokens live in memory: a reload of the profile signs on again silently (prompt=none) while the PingOne session lives; nothing but a hint is stored', async () => {
  const t = await openPage(suite.browser, 'embedded-reload');
  const { page } = t;
  const authorizes = [];
  page.on('request', (req) => { if (req.url().includes('/as/authorize')) authorizes.push(new URL(req.url()).searchParams.get('prompt')); });
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.password', PASSWORD);
  await page.waitForURL(suite.app.base + '/profile');
  const sub = await page.locator('tr[data-claim="sub"] td').textContent();
  const before = Number(await page.locator('#token-clock').getAttribute('data-expires-at'));
  assert.ok(before > Date.now(), 'the clock shows when the access token expires');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.doesNotMatch(stored, /eyJ/, 'no token in Web Storage');
  await page.reload();
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
  assert.equal(await page.locator('tr[data-claim="sub"] td').textContent(), sub, 'the same person, signed on again silently');
  assert.deepEqual(authorizes.slice(-1), ['none'], 'by an authorize with prompt=none');
  expectNoProblems(t.problems());
  await t.close();
});

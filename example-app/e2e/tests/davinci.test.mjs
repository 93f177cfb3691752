// DaVinci in the demo SPA: "Sign in with DaVinci" puts the same card on the emulator's DaVinci
// application. Nothing in the page is written for DaVinci's forms in particular: the title,
// description, fields, buttons and links all come from the engine's Step.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, resetEmulator, latest } from '../lib/app.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { openDaVinci, waitForForm, declinePasskeyOffer, DAVINCI_CARD } from '../lib/davinci.mjs';

let app;
let browser;
let davinci;
before(async () => {
  app = await startApp();
  browser = await launch();
  davinci = app.demo.apps.find((a) => a.kind === 'davinci');
});
after(async () => { await browser?.close(); await app?.stop(); });
beforeEach(() => resetEmulator(app.base));

test('the home page offers "Sign in with DaVinci" beside the other ways in', async () => {
  const s = await openPage(browser, 'davinci-home');
  const { page } = s;
  await page.goto(app.base + '/');
  const config = await (await fetch(app.base + '/config.json')).json();
  assert.equal(config.davinciClientId, davinci.clientId, 'config.json names the DaVinci application');
  await page.getByRole('heading', { name: 'Sign in with DaVinci' }).waitFor();
  assert.equal(await page.locator(DAVINCI_CARD).count(), 0, 'no DaVinci flow starts until asked for');
  await page.locator('pingflow-signon .pf-step[data-status="USERNAME_PASSWORD_REQUIRED"]').waitFor();
  await s.shot('home');
  await page.getByRole('button', { name: 'Sign in with DaVinci' }).click();
  await waitForForm(page, 'Sign On');
  const card = page.locator(DAVINCI_CARD);
  assert.equal(await card.getAttribute('client-id'), davinci.clientId);
  assert.ok(await card.locator('.pf-title').evaluate((el) => el === el.getRootNode().activeElement), 'focus follows into the card');
  assert.equal(await page.locator('pingflow-signon').count(), 2, 'the Flows API card is still there');
  await s.shot('davinci-card');
  expectNoProblems(s.problems());
  await s.close();
});

test('DaVinci sign-in: the Sign On form as a card, then the profile, then sign out', async () => {
  const s = await openPage(browser, 'davinci-sign-in');
  const { page } = s;
  const card = await openDaVinci(page, app.base);
  assert.equal(await card.locator('.pf-title').evaluate((el) => el.tagName), 'H3', 'the SPA\'s heading level');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'Sign on with your username and password.');
  assert.equal(await card.getByLabel('Password', { exact: true }).getAttribute('autocomplete'), 'current-password');
  // The form offers a discoverable passkey: the username field takes passkey autofill too.
  assert.equal(await card.getByLabel('Username', { exact: true }).getAttribute('autocomplete'), 'username webauthn');
  // SUBMIT_BUTTON: the form's main button; FLOW_BUTTON: a secondary button; FLOW_LINK: a link.
  const signOn = card.getByRole('button', { name: 'Sign On', exact: true });
  assert.match(await signOn.getAttribute('class'), /pf-btn-primary/);
  assert.equal(await signOn.getAttribute('type'), 'submit');
  assert.match(await card.getByRole('button', { name: 'Having trouble signing on?' }).getAttribute('class'), /pf-btn-secondary/);
  assert.match(await card.getByRole('button', { name: 'No account? Register' }).getAttribute('class'), /pf-link/);
  await s.shot('sign-on');

  await card.getByLabel('Username', { exact: true }).fill('user.password');
  await card.getByLabel('Password', { exact: true }).fill('Pingflow1!');
  await signOn.click();
  // A password alone, no device yet: the flow offers a passkey first (passkeys.test.mjs takes it).
  await declinePasskeyOffer(page);
  await page.waitForURL(app.base + '/profile');
  await page.locator('[data-claim="acr"]').waitFor();
  assert.equal(await page.locator('[data-claim="aud"] td').textContent(), davinci.clientId);
  assert.equal(await page.locator('[data-claim="acr"] td').textContent(), davinci.policy, 'acr is the DaVinci flow policy');
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
  assert.equal(JSON.parse(await page.locator('#userinfo').textContent()).preferred_username, 'user.password');
  await s.shot('profile');

  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(app.base + '/');
  await page.getByRole('button', { name: 'Sign in with DaVinci' }).waitFor();
  await s.shot('signed-out');
  expectNoProblems(s.problems());
  await s.close();
});

test('DaVinci wrong password: the error beside the password with the attempts left, then the right one', async () => {
  const s = await openPage(browser, 'davinci-wrong-password');
  const { page } = s;
  const card = await openDaVinci(page, app.base);
  await card.getByLabel('Username', { exact: true }).fill('user.password');
  const password = card.getByLabel('Password', { exact: true });
  await password.fill('Not-The-Passw0rd');
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  const error = card.locator('.pf-field-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'The provided password did not match provisioned password. 4 attempts left.');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.ok(await password.evaluate((el) => el === el.getRootNode().activeElement), 'focus goes to the password');
  assert.equal(await card.getByLabel('Username', { exact: true }).inputValue(), 'user.password', 'the username is kept');
  assert.equal(await card.locator('.pf-banner-error').count(), 0, 'no banner: the field owns the error');
  await page.locator(`${DAVINCI_CARD} [aria-live="assertive"]`, { hasText: 'Password: The provided password' }).waitFor();
  await s.shot('wrong-password');

  await password.fill('Pingflow1!');
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await declinePasskeyOffer(page);
  await page.waitForURL(app.base + '/profile');
  await page.locator('[data-claim="preferred_username"]').waitFor();
  assert.equal(await page.locator('[data-claim="preferred_username"] td').textContent(), 'user.password');
  await s.shot('signed-in');
  expectNoProblems(s.problems(), [EXPECTED_4XX]);
  await s.close();
});

test('a reload in the middle of a DaVinci flow brings the card back on the same form', async () => {
  const s = await openPage(browser, 'davinci-reload');
  const { page } = s;
  const card = await openDaVinci(page, app.base);
  await card.getByLabel('Username', { exact: true }).fill('user.devices');
  await card.getByLabel('Password', { exact: true }).fill('Pingflow1!');
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Choose a Device');

  await page.reload();
  // No button to press: the tab has a DaVinci sign-on to continue, so the card is there at once.
  await waitForForm(page, 'Choose a Device');
  assert.equal(await page.getByRole('button', { name: 'Sign in with DaVinci' }).count(), 0);
  await s.shot('after-reload', { of: card });
  await card.getByRole('radio', { name: /Email/ }).check();
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Enter Code');
  await card.getByLabel('One-time code').fill((await latest(app.base, 'user.devices', 'otp')).code);
  await card.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(app.base + '/profile');
  await page.locator('[data-claim="preferred_username"]').waitFor();
  assert.equal(await page.locator('[data-claim="preferred_username"] td').textContent(), 'user.devices');
  expectNoProblems(s.problems());
  await s.close();
});

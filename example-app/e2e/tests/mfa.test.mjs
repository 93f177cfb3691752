// Multi-factor steps: identifier-first with an SMS one-time code, choosing among several
// devices, push approved from the inbox, and "Not you?".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest, decidePush } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, mountCard, cardEvents, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

test('identifier-first, then an SMS code read from the inbox (a wrong one first)', async () => {
  const t = await openPage(suite.browser, 'identifier-first-sms');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await mountCard(page, { config: '/config.json', 'acr-values': 'Passwordless' });
  await waitForStatus(page, 'SIGN_ON_REQUIRED');
  assert.equal(await page.getByLabel('Password').count(), 0, 'identifier-first asks for the username alone');
  await t.shot('identifier');
  await page.getByLabel('Username').fill('user.sms');
  await page.getByRole('button', { name: 'Next' }).click();
  await waitForStatus(page, 'OTP_REQUIRED');
  const code = page.getByLabel('One-time code');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await code.getAttribute('inputmode'), 'numeric');
  assert.match(await page.locator('.pf-subtitle').textContent(), /text message to \*+02/);
  assert.match(await page.locator('.pf-identity').textContent(), /user\.sms/);
  await t.shot('otp');

  const first = await latest(suite.app.base, 'user.sms', 'otp');
  await code.fill(first.code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.locator('.pf-field-error').waitFor();
  assert.match(await page.locator('.pf-field-error').textContent(), /Invalid one-time passcode\. \d attempts? left/);
  assert.equal(await page.getByLabel('One-time code').inputValue(), '', 'the wrong code is cleared for the next');
  await t.shot('otp-wrong');

  await page.getByRole('button', { name: 'Send a new code' }).click();
  await page.locator('.pf-banner-info').waitFor();
  const fresh = await latest(suite.app.base, 'user.sms', 'otp', { after: first.id });
  await page.getByLabel('One-time code').fill(fresh.code);
  await page.getByRole('button', { name: 'Verify' }).click();
  // This card was mounted without the demo's listener, so it draws its own ending and
  // tells the page through pingflow-success.
  await waitForStatus(page, 'SUCCESS');
  assert.match(await page.locator('.pf-step').textContent(), /You are signed in.*Sam Texter/);
  const success = (await cardEvents(page)).filter((e) => e.type === 'pingflow-success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.claims.preferred_username, 'user.sms');
  assert.equal(success[0].detail.claims.acr, 'Passwordless');
  assert.ok(success[0].detail.tokens.accessToken);
  await t.shot('signed-in');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('several devices: the list shows each kind and masked target; choosing email sends the code there', async () => {
  const t = await openPage(suite.browser, 'device-selection');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.devices', PASSWORD);
  await waitForStatus(page, 'DEVICE_SELECTION_REQUIRED');
  const devices = page.locator('.pf-device');
  assert.equal(await devices.count(), 4);
  const texts = await devices.allTextContents();
  assert.ok(texts.some((x) => /Text message\*+03/.test(x)), texts.join(' | '));
  assert.ok(texts.some((x) => /Emailu\*+@example\.com/.test(x)), texts.join(' | '));
  assert.ok(texts.some((x) => /Authenticator app/.test(x)));
  assert.ok(texts.some((x) => /Push notification/.test(x)));
  await t.shot('devices');
  await page.locator('.pf-device[data-device-type="EMAIL"]').click();
  await waitForStatus(page, 'OTP_REQUIRED');
  assert.match(await page.locator('.pf-subtitle').textContent(), /sent a code to u\*+@example\.com/);
  await t.shot('email-otp');
  const { code } = await latest(suite.app.base, 'user.devices', 'otp');
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  expectNoProblems(t.problems());
  await t.close();
});

/** Signs user.devices on in the home page's card and sends a push to its phone. */
async function toPush(page) {
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.devices', PASSWORD);
  await waitForStatus(page, 'DEVICE_SELECTION_REQUIRED');
  await page.locator('.pf-device[data-device-type="MOBILE"]').click();
  await waitForStatus(page, 'PUSH_CONFIRMATION_REQUIRED');
}

test('push: the card waits with a live status, and an approval in the inbox signs on', async () => {
  const t = await openPage(suite.browser, 'push');
  const { page } = t;
  await toPush(page);
  assert.match(await page.getByRole('status').filter({ hasText: 'Waiting' }).textContent(), /Waiting for your approval/);
  assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Choose another device' }).count(), 1);
  await t.shot('waiting');
  const push = await latest(suite.app.base, 'user.devices', 'push');
  assert.equal(push.status, 'PENDING');
  await decidePush(suite.app.base, push.id, 'approve');
  await page.waitForURL(suite.app.base + '/profile', { timeout: 15000 });
  assert.equal(await page.locator('tr[data-claim="preferred_username"] td').textContent(), 'user.devices');
  await t.shot('approved');
  expectNoProblems(t.problems());
  await t.close();
});

test('push: cancel stops waiting and offers to start again; choosing another device leaves the push', async () => {
  const t = await openPage(suite.browser, 'push-cancel');
  const { page } = t;
  await toPush(page);
  await page.getByRole('button', { name: 'Choose another device' }).click();
  await page.locator('.pf-devices').waitFor();
  await t.shot('choose-another');
  await page.locator('.pf-device[data-device-type="SMS"]').click();
  await waitForStatus(page, 'OTP_REQUIRED');
  const pushes = (await (await fetch(`${suite.app.base}/_emulator/inbox?username=user.devices`)).json()).filter((e) => e.kind === 'push');
  assert.equal(pushes[0].status, 'CANCELED', 'the abandoned push can no longer be approved');
  await page.getByRole('button', { name: 'Use another device' }).click();
  await page.locator('.pf-device[data-device-type="MOBILE"]').click();
  await waitForStatus(page, 'PUSH_CONFIRMATION_REQUIRED');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await waitForStatus(page, 'FAILURE');
  assert.equal(await page.locator('.pf-step').getAttribute('data-error-code'), 'cancelled');
  await t.shot('cancelled');
  await page.getByRole('button', { name: 'Start again' }).click();
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  expectNoProblems(t.problems());
  await t.close();
});

test('"Not you?" resets the flow to the first step with nothing filled in', async () => {
  const t = await openPage(suite.browser, 'not-you');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByLabel('Sign-on policy').selectOption('Identifier_First'); // the demo's picker
  await waitForStatus(page, 'SIGN_ON_REQUIRED');
  await page.getByLabel('Username').fill('user.password');
  await page.getByRole('button', { name: 'Next' }).click();
  await waitForStatus(page, 'PASSWORD_REQUIRED');
  assert.equal(await page.getByLabel('Username').count(), 0, 'the known username is not asked again');
  assert.equal(await page.locator('.pf-identity-name').textContent(), 'user.password');
  assert.equal(await page.locator('input[autocomplete="username"]').inputValue(), 'user.password', 'password managers still see the username');
  await t.shot('password-for-known-user');
  await page.getByRole('button', { name: 'Not you? Sign on as someone other than user.password' }).click();
  await waitForStatus(page, 'SIGN_ON_REQUIRED');
  assert.equal(await page.getByLabel('Username').inputValue(), '');
  assert.equal(await page.locator('.pf-identity').count(), 0);
  await t.shot('reset');
  expectNoProblems(t.problems());
  await t.close();
});

// DaVinci MFA in the demo SPA's DaVinci card: DEVICE_AUTHENTICATION as radio cards, a one-time
// code from the emulator's inbox, and a POLLING form that waits for a push approved (or denied)
// in the inbox, with the form's own "Use another method" still usable while it waits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest, decidePush } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { openDaVinci, waitForForm, DAVINCI_CARD } from '../lib/davinci.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

/** Signs user.devices on in the DaVinci card and waits for the device choice. */
async function toDeviceChoice(page) {
  const card = await openDaVinci(page, suite.app.base);
  await card.getByLabel('Username', { exact: true }).fill('user.devices');
  await card.getByLabel('Password', { exact: true }).fill('Pingflow1!');
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Choose a Device');
  return card;
}

test('DaVinci MFA: choose Email, a wrong code, then the code from the inbox', async () => {
  const s = await openPage(suite.browser, 'davinci-mfa-code');
  const { page } = s;
  const card = await toDeviceChoice(page);
  const radios = card.getByRole('radio');
  assert.equal(await radios.count(), 4);
  const texts = await card.locator('.pf-choice').allTextContents();
  assert.deepEqual(texts, ['Text message*******03', 'Emailu****@example.com', 'Authenticator app', 'Push notificationMobile app']);
  assert.equal(await card.locator('.pf-choice svg').count(), 4, 'each device kind has its icon');
  await s.shot('choose-device', { of: card });

  await card.getByRole('radio', { name: /Email/ }).check();
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Enter Code');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'Enter the one-time code sent to u****@example.com.');
  const code = card.getByLabel('One-time code');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await code.getAttribute('inputmode'), 'numeric');
  assert.ok(await code.evaluate((el) => el === el.getRootNode().activeElement), 'the code field takes focus');
  assert.match(await card.getByRole('button', { name: 'Use another method' }).getAttribute('class'), /pf-btn-secondary/);
  await s.shot('enter-code', { of: card });

  await code.fill('000000');
  await card.getByRole('button', { name: 'Verify' }).click();
  await card.locator('.pf-field-error').waitFor();
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  assert.equal(await code.inputValue(), '', 'a wrong code is cleared for the next');
  await s.shot('wrong-code', { of: card });

  const entry = await latest(suite.app.base, 'user.devices', 'otp');
  await code.fill(entry.code);
  await card.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  await page.locator('[data-claim="amr"]').waitFor();
  assert.equal(await page.locator('[data-claim="amr"] td').textContent(), '["pwd","otp","mfa"]');
  expectNoProblems(s.problems(), [EXPECTED_4XX]);
  await s.close();
});

test('DaVinci push: the POLLING form waits, an approval in the inbox signs on', async () => {
  const s = await openPage(suite.browser, 'davinci-push');
  const { page } = s;
  const card = await toDeviceChoice(page);
  await card.getByRole('radio', { name: /Push notification/ }).check();
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Push Notification', { status: 'POLLING' });
  assert.equal(await card.locator('.pf-text').textContent(), 'We sent a notification to your mobile app. Approve it there to continue.');
  assert.equal(await card.locator('.pf-wait-status').textContent(), 'Waiting…');
  assert.ok(await card.getByRole('button', { name: 'Use another method' }).isEnabled(), 'the form\'s flow button stays usable');
  assert.ok(await card.getByRole('button', { name: 'Cancel' }).isVisible());
  const push = await latest(suite.app.base, 'user.devices', 'push');
  assert.equal(push.status, 'PENDING');
  await s.shot('waiting', { of: card });
  // The card keeps polling (every 2 s, the form's pollInterval) until the approval lands.
  await page.waitForTimeout(2500);
  assert.equal(await card.locator('.pf-step').getAttribute('data-status'), 'POLLING');

  await decidePush(suite.app.base, push.id, 'approve');
  await page.waitForURL(suite.app.base + '/profile', { timeout: 15000 });
  await page.locator('[data-claim="amr"]').waitFor();
  assert.equal(await page.locator('[data-claim="amr"] td').textContent(), '["pwd","swk","mfa"]');
  await s.shot('signed-in');
  expectNoProblems(s.problems());
  await s.close();
});

test('DaVinci push: "Use another method" while waiting goes back to the device choice; a denied push fails', async () => {
  const s = await openPage(suite.browser, 'davinci-push-other');
  const { page } = s;
  const card = await toDeviceChoice(page);
  await card.getByRole('radio', { name: /Push notification/ }).check();
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Push Notification', { status: 'POLLING' });
  await card.getByRole('button', { name: 'Use another method' }).click();
  await waitForForm(page, 'Choose a Device');
  await s.shot('chose-again', { of: card });

  await card.getByRole('radio', { name: /Push notification/ }).check();
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Push Notification', { status: 'POLLING' });
  const push = await latest(suite.app.base, 'user.devices', 'push', { timeoutMs: 5000 });
  await decidePush(suite.app.base, push.id, 'deny');
  await waitForStatus(page, 'FAILURE', { root: DAVINCI_CARD });
  assert.equal(await card.locator('.pf-title').textContent(), 'Sign-on denied');
  assert.match(await card.locator('.pf-subtitle').textContent(), /denied on your phone/);
  assert.equal(await card.locator('.pf-step').getAttribute('data-error-code'), 'flow_failed');
  await s.shot('denied', { of: card });
  await card.getByRole('button', { name: 'Start again' }).click();
  await waitForForm(page, 'Sign On');
  expectNoProblems(s.problems());
  await s.close();
});

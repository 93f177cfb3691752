// Keyboard only: the standalone page puts focus in the first field, Tab walks the controls in
// order, Enter submits, and after an error focus lands on the field in error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

/** What has focus (inside the card's shadow root): its name, or its label's text, or its role and text. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const label = el.labels?.[0]?.textContent?.trim();
    return `${el.tagName.toLowerCase()}:${label || el.getAttribute('aria-label') || el.textContent.trim() || el.name}`;
  });
}

test('sign in with the keyboard alone, through a wrong password and an email code', async () => {
  const t = await openPage(suite.browser, 'keyboard');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await focused(page), 'input:Username', 'focus starts in the first field');
  await page.keyboard.type('user.devices');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'input:Password');
  await page.keyboard.type('wrong-password');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'button:Show password');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'button:Sign on');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter'); // Enter in a field submits the form
  await page.locator('.pf-field-error').waitFor();
  assert.equal(await focused(page), 'input:Password', 'focus goes to the field in error');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.shadowRoot.activeElement).boxShadow);
  assert.notEqual(ring, 'none', 'the focused field shows a focus ring');
  await t.shot('error-focused');
  await page.keyboard.type('Pingflow1!');
  await page.keyboard.press('Enter');

  await waitForStatus(page, 'DEVICE_SELECTION_REQUIRED');
  assert.match(await focused(page), /^button:Text message/, 'focus on the first device');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^button:Email/);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement.shadowRoot.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'a keyboard-focused button shows its focus ring');
  await t.shot('device-focused');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'OTP_REQUIRED');
  assert.equal(await focused(page), 'input:One-time code');
  const { code } = await latest(suite.app.base, 'user.devices', 'otp');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'SUCCESS');
  await t.shot('signed-in');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('while a request runs the controls are disabled and a second submit sends nothing', async () => {
  const t = await openPage(suite.browser, 'busy');
  const { page } = t;
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/flows/')) posts.push(r.url()); });
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  // Hold the flow's answer back so the busy state can be looked at.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/flows/**', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await page.getByLabel('Username', { exact: true }).fill('user.password');
  await page.getByLabel('Password', { exact: true }).fill('Pingflow1!');
  await page.getByLabel('Password', { exact: true }).press('Enter');
  const button = page.locator('button[type="submit"]');
  await page.locator('.pf-card[aria-busy="true"]').waitFor();
  assert.equal(await button.isDisabled(), true);
  assert.equal(await page.getByLabel('Username', { exact: true }).isDisabled(), true);
  assert.match(await button.textContent(), /Signing on…/);
  await t.shot('busy');
  await page.locator('form.pf-form').evaluate((form) => form.requestSubmit());
  release();
  await waitForStatus(page, 'SUCCESS');
  assert.equal(posts.length, 1, 'one action was sent');
  expectNoProblems(t.problems());
  await t.close();
});

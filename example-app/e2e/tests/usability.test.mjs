// What a new user tripped on (issue 10, item 6): one-time codes typed with spaces or dashes,
// "Send a new code" resting with a countdown and keeping focus, "Not you?" named by what it
// shows, live regions cleared between steps, "Verify your email" naming the address, the
// lockout said once, and a "show password" toggle on the confirmation too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, mountCard, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

const focused = (locator) => locator.evaluate((el) => el === (el.getRootNode().activeElement || document.activeElement));

test('an SMS code: "Not you?" named by its text, the resend cooldown, a spaced code, no stale alert', async () => {
  const t = await openPage(suite.browser, 'usability-otp');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await mountCard(page, { config: '/config.json', 'acr-values': 'Passwordless' });
  await waitForStatus(page, 'SIGN_ON_REQUIRED');
  await page.getByLabel('Username').fill('user.sms');
  await page.getByRole('button', { name: 'Next' }).click();
  await waitForStatus(page, 'OTP_REQUIRED');

  // WCAG 2.5.3: the accessible name starts with the visible text.
  const notYou = page.locator('pingflow-signon [data-link="not-you"]');
  const visible = (await notYou.textContent()).trim();
  assert.equal(visible, 'Not you?');
  const name = (await notYou.getAttribute('aria-label')) || visible;
  assert.ok(name.startsWith(visible), `"${name}" starts with "${visible}"`);
  await page.getByRole('button', { name: /^Not you\?/ }).waitFor();

  // A wrong code: the alert is said in the assertive region.
  const code = page.getByLabel('One-time code');
  const first = await latest(suite.app.base, 'user.sms', 'otp');
  await code.fill(first.code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  const assertive = page.locator('pingflow-signon [aria-live="assertive"]');
  await assertive.filter({ hasText: /One-time code: .*Invalid/ }).waitFor();

  // Send a new code: focus stays on it, it rests with a countdown, and clicks do nothing meanwhile.
  const resend = page.locator('pingflow-signon [data-link="resend"], pingflow-signon [data-role="resend"]').first();
  await resend.focus();
  await page.keyboard.press('Enter');
  await page.locator('pingflow-signon .pf-banner-info').waitFor();
  const again = page.locator('pingflow-signon [data-link="resend"], pingflow-signon [data-role="resend"]').first();
  assert.ok(await focused(again), 'focus stays on "Send a new code"');
  assert.equal(await again.getAttribute('aria-disabled'), 'true');
  const countdown = page.locator('pingflow-signon .pf-cooldown');
  assert.match(await countdown.textContent(), /^You can ask for a new code in (29|30) seconds\.$/);
  assert.equal(await again.getAttribute('aria-describedby'), await countdown.getAttribute('id'), 'the countdown describes the button');
  assert.ok(await countdown.evaluate((el) => !el.closest('[aria-live], [role="status"], [role="alert"]')), 'the countdown is not announced each second');
  await t.shot('resend-cooldown');
  const before = Number((await countdown.textContent()).match(/\d+/)[0]);
  await page.waitForTimeout(2200);
  const after = Number((await countdown.textContent()).match(/\d+/)[0]);
  assert.ok(after <= before - 2, `the countdown goes down (${before} → ${after})`);
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  await again.click({ force: true }); // Playwright would wait for an aria-disabled button
  await page.waitForTimeout(400);
  assert.deepEqual(posts, [], 'a resting "Send a new code" sends nothing');

  // The new code, typed with a space in the middle, is accepted; the next screen's live regions
  // hold nothing of the last one.
  const fresh = await latest(suite.app.base, 'user.sms', 'otp', { after: first.id });
  await code.fill(`${fresh.code.slice(0, 3)} ${fresh.code.slice(3)}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await waitForStatus(page, 'SUCCESS');
  await page.waitForTimeout(200);
  assert.equal((await assertive.textContent()).trim(), '', 'no stale alert after the step changed');
  assert.equal((await page.locator('pingflow-signon [aria-live="polite"]').textContent()).trim(), 'You are signed in.');
  await t.shot('signed-in');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('registration: a toggle on the confirmation too; "Verify your email" names the address; a dashed code', async () => {
  const t = await openPage(suite.browser, 'usability-registration');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await page.getByLabel('Username').fill('new.person');
  await page.getByLabel('Email').fill('new.person@example.com');
  await page.getByLabel('Password', { exact: true }).fill('Fresh-start7');
  const confirm = page.getByLabel('Confirm password');
  await confirm.fill('Fresh-start7');
  const show = page.getByRole('button', { name: 'Show password', exact: true });
  const showConfirm = page.getByRole('button', { name: 'Show password confirmation', exact: true });
  assert.equal(await show.count(), 1);
  assert.equal(await showConfirm.getAttribute('aria-pressed'), 'false');
  assert.equal(await showConfirm.getAttribute('aria-controls'), await confirm.getAttribute('id'));
  await showConfirm.click();
  assert.equal(await confirm.getAttribute('type'), 'text');
  assert.equal(await showConfirm.getAttribute('aria-pressed'), 'true');
  assert.equal(await showConfirm.getAttribute('title'), 'Hide password confirmation');
  await t.shot('confirmation-shown');
  await showConfirm.click();
  assert.equal(await confirm.getAttribute('type'), 'password');
  await page.getByRole('button', { name: 'Create account' }).click();

  await waitForStatus(page, 'VERIFICATION_CODE_REQUIRED');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Verify your email');
  assert.equal(await page.locator('pingflow-signon .pf-subtitle').textContent(), 'We sent a verification code to new.person@example.com.');
  await t.shot('verify-email');
  const { code } = await latest(suite.app.base, 'new.person', 'verification');
  const half = Math.ceil(code.length / 2);
  await page.getByLabel('Verification code').fill(`${code.slice(0, half)}-${code.slice(half)}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await waitForStatus(page, 'PROFILE_DATA_REQUIRED');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('a locked account: the lockout is said once, beside the password', async () => {
  const t = await openPage(suite.browser, 'usability-locked');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.locked', PASSWORD);
  const error = page.locator('pingflow-signon .pf-field-error');
  await error.waitFor();
  const text = (await error.textContent()).trim();
  assert.match(text, /^Your account is locked\. Try again in \d+ (seconds|minutes)\.$/);
  assert.equal(await page.locator('pingflow-signon .pf-banner').count(), 0, 'no banner saying it again');
  const said = page.locator('pingflow-signon [aria-live="assertive"]');
  await said.filter({ hasText: 'locked' }).waitFor();
  const alert = await said.textContent();
  assert.equal(alert.match(/locked/g).length, 1, alert);
  assert.equal(alert.match(/Try again/g).length, 1, alert);
  await t.shot('locked');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

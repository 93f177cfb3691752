// Password changes: an expired password replaced under the policy's live checklist, and a
// forgotten one recovered with a code from the inbox.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

async function ruleStates(page) {
  return page.locator('.pf-rule').evaluateAll((items) => Object.fromEntries(items.map((li) => [li.dataset.rule, li.className.replace('pf-rule pf-rule-', '')])));
}

test('expired password: the policy checklist follows every keystroke, then the change signs on', async () => {
  const t = await openPage(suite.browser, 'expired-password');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.expired', PASSWORD);
  await waitForStatus(page, 'PASSWORD_EXPIRED');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your password has expired');
  const current = page.getByLabel('Current password');
  const fresh = page.getByLabel('New password', { exact: true });
  assert.equal(await current.getAttribute('autocomplete'), 'current-password');
  assert.equal(await fresh.getAttribute('autocomplete'), 'new-password');
  const checklistId = (await fresh.getAttribute('aria-describedby')).split(' ').pop();
  assert.equal(await page.locator(`[id="${checklistId}"]`).getAttribute('class'), 'pf-policy', 'the checklist describes the input');

  let states = await ruleStates(page);
  assert.equal(states.minLength, 'unmet');
  assert.equal(states.common, 'info');
  await fresh.pressSequentially('abc');
  states = await ruleStates(page);
  assert.equal(states['chars:abcdefghijklmnopqrstuvwxyz'], 'met');
  assert.equal(states['chars:ABCDEFGHIJKLMNOPQRSTUVWXYZ'], 'unmet');
  assert.equal(states.minLength, 'unmet');
  await t.shot('checklist-typing');
  await fresh.pressSequentially('D9!xyz');
  states = await ruleStates(page);
  for (const id of ['minLength', 'chars:ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'chars:0123456789', 'unique', 'repeat', 'profile']) {
    assert.equal(states[id], 'met', id);
  }
  await t.shot('checklist-met');

  // The confirmation must match before anything is sent.
  await current.fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill('abcD9!xyZ');
  await page.getByRole('button', { name: 'Change password' }).click();
  const confirm = page.getByLabel('Confirm new password');
  await page.locator('.pf-field-error', { hasText: 'The passwords do not match.' }).waitFor(); // not the live region saying it too
  assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
  assert.ok(await confirm.evaluate((el) => el === el.getRootNode().activeElement));
  await t.shot('confirm-mismatch');
  await confirm.fill('abcD9!xyz');
  await page.getByRole('button', { name: 'Change password' }).click();
  await waitForStatus(page, 'SUCCESS');
  await t.shot('changed');
  expectNoProblems(t.problems());
  await t.close();
});

test('a new password the server refuses shows what it did not satisfy', async () => {
  const t = await openPage(suite.browser, 'expired-password-refused');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.mustchange', PASSWORD);
  await waitForStatus(page, 'MUST_CHANGE_PASSWORD');
  // The current password again: it meets every rule the page can check, but not the history.
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('.pf-field-error').first().waitFor();
  assert.match(await page.locator('.pf-field-error').first().textContent(), /password policy.*Not accepted: it is one of your recent passwords/);
  await t.shot('refused');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('forgot password: recovery code from the inbox and a new password', async () => {
  const t = await openPage(suite.browser, 'forgot-password');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByLabel('Username', { exact: true }).fill('user.password');
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'user.password', 'what was typed is carried over');
  await t.shot('forgot');
  await page.getByRole('button', { name: 'Send recovery code' }).click();
  await waitForStatus(page, 'RECOVERY_CODE_REQUIRED');
  const code = page.getByLabel('Recovery code');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await page.locator('.pf-policy').count(), 1, 'the new password shows the policy');
  await t.shot('recovery-code');
  const first = await latest(suite.app.base, 'user.password', 'recovery');
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await page.getByText('We sent you a new recovery code.').waitFor();
  const second = await latest(suite.app.base, 'user.password', 'recovery', { after: first.id });
  await code.fill(second.code);
  await page.getByLabel('New password', { exact: true }).fill('Recovered-42x');
  await page.getByLabel('Confirm new password').fill('Recovered-42x');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await waitForStatus(page, 'SUCCESS');
  await t.shot('recovered');
  const demo = await (await fetch(`${suite.app.base}/_emulator/demo`)).json();
  assert.equal(demo.users.find((u) => u.username === 'user.password').password, 'Recovered-42x');
  expectNoProblems(t.problems());
  await t.close();
});

test('a locked-out password says how long to wait, and forgot password is offered beside it', async () => {
  const t = await openPage(suite.browser, 'locked-out');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.locked', PASSWORD);
  await page.locator('.pf-field-error').waitFor();
  // Said once, in the catalog's words (not the server's "Try again later." and then ours).
  assert.match(await page.locator('.pf-field-error').textContent(), /^Your account is locked\. Try again in \d+ (minutes|seconds)\.$/);
  assert.equal(await page.getByRole('button', { name: 'Forgot password?' }).count(), 1);
  await t.shot('locked');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

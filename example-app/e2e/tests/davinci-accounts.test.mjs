// DaVinci registration and "Having trouble signing on?" in the demo SPA's DaVinci card: the
// terms link beside the agreement checkbox, PASSWORD_VERIFY as a password with its live policy
// checklist and a confirmation, and codes from the emulator's inbox.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { openDaVinci, waitForForm, declinePasskeyOffer } from '../lib/davinci.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

const NEW_PASSWORD = 'Fresh-Start-42';

function ruleStates(card) {
  return card.locator('.pf-rule').evaluateAll((items) => Object.fromEntries(items.map((li) => [li.dataset.rule, li.className.replace('pf-rule pf-rule-', '')])));
}

test('DaVinci registration: terms beside the checkbox, the checklist and confirmation, then the emailed code', async () => {
  const s = await openPage(suite.browser, 'davinci-registration');
  const { page } = s;
  const card = await openDaVinci(page, suite.app.base);
  await card.getByRole('button', { name: 'No account? Register' }).click();
  await waitForForm(page, 'Registration');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'Create your account.');

  // The rich-text terms sit right above the agreement checkbox, which they describe.
  const checkbox = card.getByRole('checkbox', { name: 'I agree to the terms of use' });
  const terms = card.locator('.pf-note');
  assert.equal(await terms.textContent(), 'By registering you accept the terms of use.');
  assert.ok(await terms.evaluate((el) => el.nextElementSibling.contains(el.getRootNode().querySelector('input[type="checkbox"]'))),
    'the terms come just before the checkbox');
  assert.equal(await checkbox.getAttribute('aria-describedby'), await terms.getAttribute('id'));
  const link = terms.getByRole('link', { name: 'terms of use' });
  assert.equal(await link.getAttribute('href'), `${suite.app.base}/_emulator/terms`);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener');

  // PASSWORD_VERIFY: a new password with the live checklist (no history for a new account) and a confirmation.
  const password = card.getByLabel('Password', { exact: true });
  assert.equal(await password.getAttribute('autocomplete'), 'new-password');
  const confirm = card.getByLabel('Confirm password');
  let states = await ruleStates(card);
  assert.equal(states.minLength, 'unmet');
  assert.equal(states.history, undefined, 'a new account has no password history');
  await s.shot('registration', { of: card });

  await card.getByLabel('Username', { exact: true }).fill('dv.person');
  const email = card.getByLabel('Email address');
  await email.fill('not an email');
  await password.pressSequentially('short');
  states = await ruleStates(card);
  assert.equal(states.minLength, 'unmet');
  assert.equal(states['chars:abcdefghijklmnopqrstuvwxyz'], 'met');
  await card.getByRole('button', { name: 'Register' }).click();
  // Checked in the page before anything is sent: the field's own regular expression.
  await card.locator('.pf-field-error', { hasText: 'Enter a valid email address.' }).waitFor(); // not the live region saying it too
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  await s.shot('bad-email', { of: card });

  await email.fill('dv.person@example.com');
  await password.fill('');
  await password.pressSequentially(NEW_PASSWORD);
  states = await ruleStates(card);
  for (const id of ['minLength', 'chars:ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'chars:0123456789', 'unique', 'repeat', 'profile']) assert.equal(states[id], 'met', id);
  await confirm.fill('Fresh-Start-43');
  await card.getByRole('button', { name: 'Register' }).click();
  await card.locator('.pf-field-error', { hasText: 'The passwords do not match.' }).waitFor(); // not the live region saying it too
  assert.ok(await confirm.evaluate((el) => el === el.getRootNode().activeElement), 'focus goes to the confirmation');
  await confirm.fill(NEW_PASSWORD);

  // The agreement is required: the engine keeps the form and puts the error on the checkbox.
  await card.getByRole('button', { name: 'Register' }).click();
  await card.locator('.pf-field-check .pf-field-error').waitFor();
  assert.equal(await card.locator('.pf-field-check .pf-field-error').textContent(), 'Check this box to continue.');
  assert.equal(await checkbox.getAttribute('aria-invalid'), 'true');
  await s.shot('agreement-required', { of: card });

  // The error is elsewhere: the new password and its confirmation are still there, checked.
  assert.equal(await password.inputValue(), NEW_PASSWORD);
  assert.equal(await confirm.inputValue(), NEW_PASSWORD);
  assert.equal((await ruleStates(card)).minLength, 'met');
  assert.ok(await checkbox.evaluate((el) => el === el.getRootNode().activeElement), 'focus goes to the checkbox');
  await checkbox.check();
  await card.getByRole('button', { name: 'Register' }).click();
  await waitForForm(page, 'Verify Email');
  assert.match(await card.locator('.pf-subtitle').textContent(), /d\*+@example\.com/);
  const code = card.getByLabel('Verification code');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.ok(await code.evaluate((el) => el === el.getRootNode().activeElement), 'the code field takes focus');
  assert.ok(await card.getByRole('button', { name: 'Send a new code' }).isVisible());
  await s.shot('verify-email', { of: card });

  await code.fill((await latest(suite.app.base, 'dv.person', 'verification')).code);
  await card.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(suite.app.base + '/profile');
  await page.locator('[data-claim="preferred_username"]').waitFor();
  assert.equal(await page.locator('[data-claim="preferred_username"] td').textContent(), 'dv.person');
  assert.equal(await page.locator('[data-claim="email"] td').textContent(), 'dv.person@example.com');
  await s.shot('profile');
  expectNoProblems(s.problems());
  await s.close();
});

test('DaVinci trouble signing on: recovery code from the inbox, a new password, sign in with it', async () => {
  const s = await openPage(suite.browser, 'davinci-trouble');
  const { page } = s;
  const card = await openDaVinci(page, suite.app.base);
  await card.getByRole('button', { name: 'Having trouble signing on?' }).click();
  await waitForForm(page, 'Trouble Signing On');
  assert.match(await card.getByRole('button', { name: 'Back to sign on' }).getAttribute('class'), /pf-btn-secondary/);
  await s.shot('trouble', { of: card });
  await card.getByLabel('Username', { exact: true }).fill('user.password');
  await card.getByRole('button', { name: 'Send recovery code' }).click();

  await waitForForm(page, 'Reset Password');
  const code = card.getByLabel('Recovery code');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  const fresh = card.getByLabel('New password', { exact: true });
  const confirm = card.getByLabel('Confirm new password');
  assert.equal(await fresh.getAttribute('autocomplete'), 'new-password');
  const states = await ruleStates(card);
  assert.equal(states.history, 'info', 'an existing account\'s history is checked by the server');
  await s.shot('reset-password', { of: card });

  await code.fill('NOPE1234');
  await fresh.pressSequentially(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  await card.getByRole('button', { name: 'Reset password' }).click();
  await card.locator('.pf-field-error', { hasText: 'The recovery code is invalid or has expired.' }).waitFor(); // not the live region saying it too
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  await s.shot('wrong-recovery-code', { of: card });

  await code.fill((await latest(suite.app.base, 'user.password', 'recovery')).code);
  await fresh.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  await card.getByRole('button', { name: 'Reset password' }).click();

  await waitForForm(page, 'Sign On');
  assert.match(await card.locator('.pf-text').first().textContent(), /password has been changed/);
  assert.equal(await card.getByLabel('Username', { exact: true }).inputValue(), 'user.password', 'the username comes back filled in');
  const password = card.getByLabel('Password', { exact: true });
  assert.ok(await password.evaluate((el) => el === el.getRootNode().activeElement), 'focus skips the filled-in username');
  await s.shot('sign-on-again', { of: card });
  await password.fill(NEW_PASSWORD);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await declinePasskeyOffer(page); // a password sign-on, no device: the passkey offer first
  await page.waitForURL(suite.app.base + '/profile');
  await page.locator('[data-claim="preferred_username"]').waitFor();
  assert.equal(await page.locator('[data-claim="preferred_username"] td').textContent(), 'user.password');
  expectNoProblems(s.problems(), [EXPECTED_4XX]);
  await s.close();
});

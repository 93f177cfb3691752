// Registration with email verification, then the steps a new user meets: profile data and the
// terms of use. Also an existing user who must fill in their profile or accept the terms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

test('registration: account, verification code, profile, terms, signed in', async () => {
  const t = await openPage(suite.browser, 'registration');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  assert.equal(await page.getByLabel('Email').getAttribute('autocomplete'), 'email');
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('autocomplete'), 'new-password');
  assert.equal(await page.locator('.pf-policy').count(), 1);
  // Nothing filled in: the missing fields are named beside each one.
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('.pf-field-error').first().waitFor();
  assert.equal(await page.locator('.pf-field-error').count(), 3);
  assert.ok(await page.getByLabel('Username').evaluate((el) => el === el.getRootNode().activeElement), 'focus on the first missing field');
  await t.shot('missing-fields');
  await page.getByLabel('Username').fill('new.person');
  await page.getByLabel('Email').fill('new.person@example.com');
  await page.getByLabel('Password', { exact: true }).fill('Fresh-start7');
  // The engine marks a new account's password to be typed twice (Field.verify).
  await page.getByLabel('Confirm password').fill('Fresh-start7');
  await t.shot('filled');
  await page.getByRole('button', { name: 'Create account' }).click();

  await waitForStatus(page, 'VERIFICATION_CODE_REQUIRED');
  assert.equal(await page.getByLabel('Verification code').getAttribute('autocomplete'), 'one-time-code');
  await t.shot('verify');
  const { code } = await latest(suite.app.base, 'new.person', 'verification');
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();

  await waitForStatus(page, 'PROFILE_DATA_REQUIRED');
  await t.shot('profile');
  await page.getByLabel('Given name').fill('Nina');
  await page.getByLabel('Family name').fill('Newcomer');
  const phone = page.getByLabel(/phone/i);
  assert.equal(await phone.getAttribute('type'), 'tel');
  assert.equal(await phone.getAttribute('autocomplete'), 'tel');
  await phone.fill('+15555550199');
  await page.getByRole('button', { name: 'Continue' }).click();

  await waitForStatus(page, 'AGREEMENT_CONSENT_REQUIRED');
  assert.match(await page.locator('.pf-agreement').textContent(), /demonstration terms/);
  await t.shot('agreement');
  await page.getByRole('button', { name: 'Accept' }).click();
  await waitForStatus(page, 'SUCCESS');
  assert.match(await page.locator('.pf-step').textContent(), /Welcome, Nina Newcomer/);
  await t.shot('signed-in');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('registration with a username that is taken says so beside the field', async () => {
  const t = await openPage(suite.browser, 'registration-taken');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill('user.password');
  await page.getByLabel('Email').fill('someone@example.com');
  await page.getByLabel('Password', { exact: true }).fill('Fresh-start7');
  await page.getByLabel('Confirm password').fill('Fresh-start7');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('.pf-invalid').first().waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Create your account' }).count(), 1, 'the registration form stays');
  assert.ok(await page.locator('.pf-invalid, .pf-banner-error').count() > 0);
  await t.shot('taken');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('declining the terms ends the sign-on', async () => {
  const t = await openPage(suite.browser, 'agreement-declined');
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.agreement', 'Pingflow1!');
  await waitForStatus(page, 'AGREEMENT_CONSENT_REQUIRED');
  await page.getByRole('button', { name: 'Decline' }).click();
  await waitForStatus(page, 'FAILURE');
  assert.equal(await page.locator('.pf-step').getAttribute('data-error-code'), 'flow_failed');
  await t.shot('declined');
  await page.getByRole('button', { name: 'Start again' }).click();
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  expectNoProblems(t.problems());
  await t.close();
});

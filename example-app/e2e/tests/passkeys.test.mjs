// Passkeys in Chromium, with a CDP virtual authenticator standing in for the device's platform
// authenticator: DaVinci's "Set up a passkey" offer after a password sign-on and "Sign in with a
// passkey" with no password, passkey autofill on the DaVinci username field, the Flows API's
// ASSERTION_REQUIRED with the emulator's preloaded credential, and cancelled ceremonies that
// leave the person on a step with a clear message and the other ways in still working.
//
// WebAuthn refuses IP addresses, so the demo runs at http://localhost:<port> here: the emulator
// derives its relying party id (localhost) from the page's origin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, expectNoProblems, EXPECTED_4XX, claim, signedInAs } from '../lib/steps.mjs';
import { openDaVinci, waitForForm, DAVINCI_CARD } from '../lib/davinci.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';
import { addAuthenticator, loadDemoPasskey, recordCeremonies, ceremonies, waitForCeremony, refuseNextGet } from '../lib/webauthn.mjs';

const suite = useSuite({ host: 'localhost' });

/** The DaVinci capability calls the page makes, as {url, body} (recorded from the start). */
function davinciCalls(page) {
  const calls = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/davinci/connections/')) calls.push({ url: r.url(), body: JSON.parse(r.postData() || '{}') });
  });
  return calls;
}



test('DaVinci: set up a passkey after a password sign-on, sign out, then "Sign in with a passkey" with no password', async () => {
  const t = await openPage(suite.browser, 'passkey-davinci-set-up-and-sign-in');
  const { page, context } = t;
  await recordCeremonies(page);
  const calls = davinciCalls(page);
  const authenticator = await addAuthenticator(context, page, { presence: true });

  const card = await openDaVinci(page, suite.app.base);
  const passkeyButton = card.getByRole('button', { name: 'Sign in with a passkey' });
  await passkeyButton.waitFor();
  await t.shot('sign-on-with-passkey-button', { of: card });

  await card.getByLabel('Username', { exact: true }).fill('user.password');
  await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Set Up a Passkey');
  const setUp = card.getByRole('button', { name: 'Set up a passkey' });
  assert.match(await setUp.getAttribute('class'), /pf-btn-primary/, 'the offer is the step\'s main button');
  assert.equal(await card.getByRole('button', { name: 'Not now' }).count(), 1, 'and it can be declined');
  await t.shot('set-up-offer', { of: card });

  await setUp.click();
  await signedInAs(page, suite.app.base, 'user.password');
  const create = (await ceremonies(page)).find((c) => c.kind === 'create');
  assert.equal(create.outcome, 'credential');
  assert.equal(create.rpId, 'localhost');
  assert.equal(create.userName, 'user.password');
  assert.equal(create.challengeBytes, 32);
  const registration = calls.at(-1).body.parameters;
  assert.equal(registration.eventType, 'submit');
  assert.ok(registration.data.formData.passkey.attestationValue?.response?.attestationObject, 'the attestation went to DaVinci');
  const stored = await authenticator.credentials();
  assert.equal(stored.length, 1, 'the authenticator now holds one passkey');
  assert.equal(stored[0].rpId, 'localhost');
  assert.equal(stored[0].isResidentCredential, true);
  await t.shot('signed-in-after-set-up');

  // Sign out. Presence off first: with a resident credential and automatic presence Chromium
  // would answer the next page's autofill request by itself, and this test is about the button.
  await authenticator.setPresence(false);
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(suite.app.base + '/');
  const before = (await ceremonies(page).catch(() => [])).length; // a new document: the record starts again
  assert.equal(before, 0);
  await page.getByRole('button', { name: 'Sign in with DaVinci' }).click();
  await waitForForm(page, 'Sign On');
  const autofill = await waitForCeremony(page, { kind: 'get', mediation: 'conditional' });
  assert.equal(autofill.outcome, 'pending', 'the autofill request waits for the person');
  await t.shot('sign-on-again', { of: card });

  await authenticator.setPresence(true); // the person will touch the sensor this time
  const callsBefore = calls.length;
  await card.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await signedInAs(page, suite.app.base, 'user.password');
  assert.equal(await claim(page, 'amr'), '["hwk"]', 'a passkey alone: no password');
  // The SPA moved to /profile without a new document: the record shows both requests.
  const [conditional, modal, ...more] = await ceremonies(page);
  assert.deepEqual(more, []);
  assert.equal(conditional.mediation, 'conditional');
  assert.equal(conditional.aborted, true, 'the button withdrew the autofill request');
  assert.equal(conditional.outcome, 'AbortError');
  assert.equal(modal.kind, 'get');
  assert.equal(modal.mediation, '', 'the button asks with the browser\'s own dialog');
  assert.equal(modal.allowCredentials, 0, 'discoverable: the authenticator says who it is');
  assert.equal(modal.rpId, 'localhost');
  assert.equal(modal.outcome, 'credential');
  const signIn = calls.slice(callsBefore);
  assert.equal(signIn.length, 1, 'one capability call: the assertion');
  const { eventType, data } = signIn[0].body.parameters;
  assert.equal(eventType, 'submit');
  assert.ok(data.formData.passkey.assertionValue?.response?.signature, 'an assertion went to DaVinci');
  assert.ok(!data.formData.password, 'no password was sent');
  assert.equal((await authenticator.credentials())[0].signCount > 0, true, 'the authenticator signed');
  await t.shot('signed-in-with-passkey');
  expectNoProblems(t.problems());
  await t.close();
});

test('DaVinci autofill: the conditional request starts when the sign-on step shows and is withdrawn when the person types a password', async () => {
  const t = await openPage(suite.browser, 'passkey-autofill-withdrawn');
  const { page, context } = t;
  await recordCeremonies(page);
  const calls = davinciCalls(page);
  // The person has a passkey on this device, but nobody opens the autofill list: presence off.
  const authenticator = await addAuthenticator(context, page, { presence: false });
  await loadDemoPasskey(authenticator, suite.app.demo, 'user.passkey');

  const card = await openDaVinci(page, suite.app.base);
  const username = card.getByLabel('Username', { exact: true });
  assert.equal(await username.getAttribute('autocomplete'), 'username webauthn', 'the browser offers passkeys in this field');
  const first = await waitForCeremony(page, { kind: 'get', mediation: 'conditional' });
  assert.equal(first.challengeBytes, 32, 'the form\'s challenge');
  assert.equal(first.allowCredentials, 0, 'discoverable: any passkey for this site');
  assert.equal(first.rpId, 'localhost');
  assert.equal(first.userVerification, 'preferred');
  assert.equal(first.hasSignal, true, 'it can be withdrawn');
  assert.equal(first.aborted, false);
  assert.equal(first.outcome, 'pending');
  assert.equal(calls.length, 0, 'nothing is sent while the browser waits');
  await t.shot('sign-on-autofill-waiting', { of: card });

  // Typing a password withdraws the request, before anything is submitted.
  await username.fill('user.password');
  await card.getByLabel('Password', { exact: true }).pressSequentially('Wrong-1');
  await page.waitForFunction(() => window.__ceremonies[0].outcome === 'AbortError');
  assert.equal((await ceremonies(page))[0].aborted, true);
  assert.equal(calls.length, 0);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await card.locator('.pf-field-error').waitFor();
  // The same step again (a wrong password): autofill is offered again with it.
  const second = await waitForCeremony(page, { kind: 'get', mediation: 'conditional' }, { from: 1 });
  assert.equal(second.outcome, 'pending');
  await t.shot('wrong-password-autofill-again', { of: card });

  await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.waitForFunction(() => window.__ceremonies[1].outcome === 'AbortError');
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Set Up a Passkey');
  await card.getByRole('button', { name: 'Not now' }).click();
  await signedInAs(page, suite.app.base, 'user.password');
  assert.equal(await claim(page, 'amr'), '["pwd"]');

  const all = await ceremonies(page);
  assert.deepEqual(all.map((c) => `${c.kind}:${c.mediation}:${c.outcome}`), ['get:conditional:AbortError', 'get:conditional:AbortError'],
    'two autofill requests, both withdrawn; no other ceremony');
  // A withdrawn autofill is never reported to DaVinci: only the person's own submits went out.
  assert.deepEqual(calls.map((c) => `${c.body.parameters.eventType}:${c.body.parameters.data.actionKey}`), ['submit:SIGNON', 'submit:SIGNON', 'action:NOT_NOW']);
  assert.equal((await authenticator.credentials())[0].signCount, 0, 'the passkey was never used');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('DaVinci autofill alone signs on: Chromium answers the conditional request with the resident passkey', async () => {
  const t = await openPage(suite.browser, 'passkey-autofill-signs-on');
  const { page, context } = t;
  await recordCeremonies(page);
  const calls = davinciCalls(page);
  // Automatic presence with a resident credential: Chromium's virtual authenticator picks the
  // passkey for the conditional request by itself, as a person choosing it from the list would.
  const authenticator = await addAuthenticator(context, page, { presence: true });
  await loadDemoPasskey(authenticator, suite.app.demo, 'user.passkey');

  await page.goto(suite.app.base + '/');
  await page.getByRole('button', { name: 'Sign in with DaVinci' }).click();
  await signedInAs(page, suite.app.base, 'user.passkey');
  assert.equal(await claim(page, 'amr'), '["hwk"]');
  const all = await ceremonies(page);
  assert.deepEqual(all.map((c) => `${c.kind}:${c.mediation}:${c.outcome}`), ['get:conditional:credential'], 'autofill alone, no button');
  assert.equal(calls.length, 1);
  const { eventType, data } = calls[0].body.parameters;
  assert.equal(eventType, 'submit');
  const assertion = data.formData.passkey.assertionValue;
  assert.equal(assertion.id, suite.app.demo.users.find((u) => u.username === 'user.passkey').passkey.credentialId);
  assert.ok(assertion.response.userHandle, 'the user handle names the person');
  assert.equal(data.formData.username, '', 'nothing was typed');
  assert.equal((await authenticator.credentials())[0].signCount, 1);
  await t.shot('signed-in-by-autofill');
  expectNoProblems(t.problems());
  await t.close();
});

test('Flows API: a FIDO2 second factor — the password, then ASSERTION_REQUIRED answered by the preloaded passkey', async () => {
  const t = await openPage(suite.browser, 'passkey-flows-assertion');
  const { page, context } = t;
  await recordCeremonies(page);
  const checks = [];
  page.on('request', (r) => {
    if (/assertion\.check/.test(r.headers()['content-type'] || '')) checks.push(JSON.parse(r.postData()));
  });
  const authenticator = await addAuthenticator(context, page, { presence: true });
  const pk = await loadDemoPasskey(authenticator, suite.app.demo, 'user.passkey');

  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.passkey', PASSWORD);
  const step = await waitForStatus(page, 'ASSERTION_REQUIRED');
  assert.equal(await step.getAttribute('data-key'), 'passkey');
  assert.equal(await page.locator('pingflow-signon .pf-title').textContent(), 'Use your passkey');
  assert.equal(await page.locator('pingflow-signon .pf-identity-name').textContent(), 'user.passkey');
  assert.equal(await page.getByRole('button', { name: 'Use another device' }).count(), 1, 'the email device is offered beside it');
  assert.deepEqual(await ceremonies(page), [], 'the ceremony waits for the person\'s click');
  await t.shot('passkey-step', { of: page.locator('pingflow-signon') });

  await page.getByRole('button', { name: 'Use your passkey' }).click();
  await signedInAs(page, suite.app.base, 'user.passkey');
  const amr = JSON.parse(await claim(page, 'amr'));
  assert.ok(amr.includes('pwd') && amr.includes('hwk'), `amr ${amr}`);
  const [get] = await ceremonies(page);
  assert.equal(get.mediation, '');
  assert.equal(get.allowCredentials, 1, 'the device\'s own credential');
  assert.equal(get.rpId, 'localhost');
  assert.equal(get.userVerification, 'required');
  assert.equal(get.outcome, 'credential');
  assert.equal(checks.length, 1);
  assert.equal(checks[0].origin, suite.app.base);
  assert.equal(checks[0].compatibility, 'FULL');
  assert.equal(JSON.parse(checks[0].assertion).id, pk.credentialId, 'assertion.check carries the credential as a JSON string');
  const demo = await (await fetch(`${suite.app.base}/_emulator/demo`)).json();
  assert.equal(demo.users.find((u) => u.username === 'user.passkey').passkey.signCount, 1, 'the emulator verified and stored the new counter');
  await t.shot('signed-in');
  expectNoProblems(t.problems());
  await t.close();
});

test('DaVinci: a cancelled "Sign in with a passkey" keeps the Sign On form with a clear message, and the password signs on', async () => {
  const t = await openPage(suite.browser, 'passkey-davinci-cancelled');
  const { page, context } = t;
  await recordCeremonies(page);
  const calls = davinciCalls(page);
  await addAuthenticator(context, page, { presence: false });

  const card = await openDaVinci(page, suite.app.base);
  await waitForCeremony(page, { kind: 'get', mediation: 'conditional' });
  // The person presses Cancel in the browser's passkey dialog (refuseNextGet stands in for it:
  // the browser then rejects with NotAllowedError).
  await refuseNextGet(page);
  await card.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const banner = card.locator('.pf-banner-error, .pf-banner-warning');
  await banner.waitFor();
  await waitForForm(page, 'Sign On');
  assert.match(await banner.textContent(), /The passkey was not used \(the browser reported NotAllowedError\).*sign on with your password/);
  await page.locator(`${DAVINCI_CARD} [aria-live="assertive"]`, { hasText: 'The passkey was not used' }).waitFor();
  const reported = calls.at(-1).body.parameters;
  assert.equal(reported.eventType, 'action', 'DaVinci hears of the cancelled ceremony');
  assert.equal(reported.data.actionKey, 'NotAllowedError');
  assert.equal(await card.getByRole('button', { name: 'Sign in with a passkey' }).count(), 1, 'the passkey can be tried again');
  await t.shot('cancelled', { of: card });

  await card.getByLabel('Username', { exact: true }).fill('user.password');
  await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Set Up a Passkey');
  await card.getByRole('button', { name: 'Not now' }).click();
  await signedInAs(page, suite.app.base, 'user.password');
  expectNoProblems(t.problems(), [EXPECTED_4XX]);
  await t.close();
});

test('Flows API: a cancelled passkey keeps the passkey step with a clear message; another device finishes the sign-on', async () => {
  const t = await openPage(suite.browser, 'passkey-flows-cancelled');
  const { page, context } = t;
  await recordCeremonies(page);
  const checks = [];
  page.on('request', (r) => {
    if (/assertion\.check/.test(r.headers()['content-type'] || '')) checks.push(r.url());
  });
  const authenticator = await addAuthenticator(context, page, { presence: true });
  await loadDemoPasskey(authenticator, suite.app.demo, 'user.passkey');

  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.passkey', PASSWORD);
  await waitForStatus(page, 'ASSERTION_REQUIRED');
  await refuseNextGet(page); // the person presses Cancel in the browser's dialog
  await page.getByRole('button', { name: 'Use your passkey' }).click();
  const banner = page.locator('pingflow-signon .pf-banner[data-error-code="webauthn_cancelled"]');
  await banner.waitFor();
  await waitForStatus(page, 'ASSERTION_REQUIRED');
  assert.equal(await banner.textContent(), 'The passkey request was cancelled or timed out. Try again, or sign on another way.');
  await page.locator('pingflow-signon [aria-live="assertive"]', { hasText: 'The passkey request was cancelled' }).waitFor();
  assert.deepEqual(checks, [], 'nothing was sent to PingOne');
  assert.equal((await ceremonies(page)).at(-1).outcome, 'NotAllowedError');
  await t.shot('cancelled', { of: page.locator('pingflow-signon') });

  await page.getByRole('button', { name: 'Use another device' }).click();
  await page.locator('.pf-device[data-device-type="EMAIL"]').click();
  await waitForStatus(page, 'OTP_REQUIRED');
  await page.getByLabel('One-time code').fill((await latest(suite.app.base, 'user.passkey', 'otp')).code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await signedInAs(page, suite.app.base, 'user.passkey');
  assert.equal((await authenticator.credentials())[0].signCount, 0, 'the passkey was not used');
  expectNoProblems(t.problems());
  await t.close();
});

test('DaVinci: a passkey as the second factor — Choose a Device, then "Verify with your passkey" with the preloaded credential', async () => {
  const t = await openPage(suite.browser, 'passkey-davinci-second-factor');
  const { page, context } = t;
  await recordCeremonies(page);
  const calls = davinciCalls(page);
  const authenticator = await addAuthenticator(context, page, { presence: false }); // autofill stays an offer
  const pk = await loadDemoPasskey(authenticator, suite.app.demo, 'user.passkey');

  const card = await openDaVinci(page, suite.app.base);
  await card.getByLabel('Username', { exact: true }).fill('user.passkey');
  await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await card.getByRole('button', { name: 'Sign On', exact: true }).click();
  await waitForForm(page, 'Choose a Device');
  await card.getByRole('radio', { name: /Passkey/ }).check();
  await t.shot('choose-passkey', { of: card });
  await card.getByRole('button', { name: 'Next' }).click();
  await waitForForm(page, 'Verify With Your Passkey');
  assert.equal(await card.getByRole('button', { name: 'Use another method' }).count(), 1);
  await t.shot('verify-with-passkey', { of: card });

  await authenticator.setPresence(true);
  await card.getByRole('button', { name: 'Verify with your passkey' }).click();
  await signedInAs(page, suite.app.base, 'user.passkey');
  assert.deepEqual(JSON.parse(await claim(page, 'amr')), ['pwd', 'hwk', 'mfa']);
  const modal = (await ceremonies(page)).filter((c) => c.mediation === '');
  assert.equal(modal.length, 1);
  assert.equal(modal[0].allowCredentials, 1, 'the chosen device\'s credential');
  assert.equal(modal[0].outcome, 'credential');
  assert.equal(calls.at(-1).body.parameters.data.formData.passkey.assertionValue.id, pk.credentialId);
  expectNoProblems(t.problems());
  await t.close();
});

test('without WebAuthn in the browser the DaVinci Sign On form has no passkey button', async () => {
  const t = await openPage(suite.browser, 'passkey-unsupported-davinci');
  const { page } = t;
  await page.addInitScript(() => { delete window.PublicKeyCredential; });
  const card = await openDaVinci(page, suite.app.base);
  assert.equal(await card.getByRole('button', { name: 'Sign in with a passkey' }).count(), 0, 'nothing the browser cannot do');
  assert.equal(await card.getByRole('button', { name: 'Sign On', exact: true }).count(), 1);
  await t.shot('sign-on', { of: card });
  expectNoProblems(t.problems());
  await t.close();
});

test('without WebAuthn in the browser the Flows API passkey step says so and another device finishes the sign-on', async () => {
  const t = await openPage(suite.browser, 'passkey-unsupported-flows');
  const { page } = t;
  await page.addInitScript(() => { delete window.PublicKeyCredential; });
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await signOn(page, 'user.passkey', PASSWORD);
  await waitForStatus(page, 'ASSERTION_REQUIRED');
  const flows = page.locator('pingflow-signon');
  assert.equal(await flows.getByRole('status').filter({ hasText: 'This browser cannot use passkeys.' }).count(), 1);
  assert.equal(await flows.getByRole('button', { name: 'Use your passkey' }).count(), 0);
  await t.shot('flows-passkey-step', { of: flows });
  await flows.getByRole('button', { name: 'Use another device' }).click();
  await page.locator('.pf-device[data-device-type="EMAIL"]').click();
  await waitForStatus(page, 'OTP_REQUIRED');
  await page.getByLabel('One-time code').fill((await latest(suite.app.base, 'user.passkey', 'otp')).code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await signedInAs(page, suite.app.base, 'user.passkey');
  expectNoProblems(t.problems());
  await t.close();
});

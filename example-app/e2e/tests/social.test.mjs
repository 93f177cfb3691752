// Social sign-on through the emulator's own OpenID Connect identity provider ("Example IdP"),
// across real page navigations: the card sends the browser to the provider's sign-in page, the
// provider sends it back into the flow and the flow to the demo's /callback (?flowId= for the
// Flows API, ?continueToken= for DaVinci), where the same card continues the flow it left and
// lands on the profile. Account linking (Flows API) and account confirmation (DaVinci) are the
// two ways an identity nobody is linked to goes on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, expectNoProblems, claim, signedInAs } from '../lib/steps.mjs';
import { openDaVinci, waitForForm, DAVINCI_CARD } from '../lib/davinci.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

/** The provider as /_emulator/demo lists it. */
const idp = () => suite.app.demo.identityProviders.find((p) => p.name === 'Example IdP');

/**
 * signInAtIdp waits for the provider's sign-in page and signs in there as username, as the
 * person would: its own page, its own form.
 */
async function signInAtIdp(t, username, shotName) {
  const { page } = t;
  await page.waitForURL((url) => url.pathname.startsWith(`/_emulator/idp/${idp().id}/authorize`));
  await page.getByRole('heading', { name: 'Sign in to Example IdP' }).waitFor();
  if (shotName) await t.shot(shotName);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}



/** Every address the tab's top frame went to, in order. */
function navigations(page) {
  const urls = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) urls.push(frame.url()); });
  return urls;
}

test('Flows API: "Continue with Example IdP" → the provider\'s page as social.user → back at /callback → signed on as user.social', async () => {
  const t = await openPage(suite.browser, 'social-flows');
  const { page } = t;
  const urls = navigations(page);
  const reads = [];
  page.on('request', (r) => { if (r.method() === 'GET' && r.url().includes('/flows/')) reads.push(new URL(r.url()).pathname); });
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  const provider = page.locator('pingflow-signon').getByRole('button', { name: 'Continue with Example IdP' });
  assert.equal(await provider.getAttribute('data-role'), 'social');
  await t.shot('sign-on-with-provider', { of: page.locator('pingflow-signon') });
  await provider.click();

  await signInAtIdp(t, 'social.user', 'idp-sign-in');
  await signedInAs(page, suite.app.base, 'user.social', { timeout: 15000 });
  assert.equal(await claim(page, 'amr'), '["fed"]', 'signed on by the identity provider');
  const back = urls.find((u) => u.startsWith(`${suite.app.base}/callback`));
  assert.ok(back, `the browser came back to /callback: ${urls.join(' → ')}`);
  const flowId = new URL(back).searchParams.get('flowId');
  assert.match(flowId, /^[0-9a-f-]{36}$/, 'with the flow to continue');
  assert.ok(reads.includes(`/${suite.app.demo.envId}/flows/${flowId}`), 'the card read that flow to go on');
  assert.ok(!page.url().includes('flowId'), 'the return parameters are gone from the address');
  await t.shot('signed-in');
  expectNoProblems(t.problems());
  await t.close();
});

test('Flows API account linking: social.link comes back to "link your account", signs on as user.password once, and is linked from then on', async () => {
  const t = await openPage(suite.browser, 'social-flows-link');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Continue with Example IdP' }).click();
  await signInAtIdp(t, 'social.link');

  await page.waitForURL((url) => url.pathname === '/callback');
  await page.getByRole('heading', { name: 'Continue signing on' }).waitFor();
  const step = await waitForStatus(page, 'ACCOUNT_LINKING_REQUIRED');
  assert.equal(await step.getAttribute('data-key'), 'link-account');
  const card = page.locator('pingflow-signon');
  assert.equal(await card.locator('.pf-title').textContent(), 'Link your account');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'An account with your Example IdP details already exists here. Sign on to it once to link the two.');
  await t.shot('link-account', { of: card });
  await page.getByLabel('Username', { exact: true }).fill('user.password');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Link account' }).click();
  await signedInAs(page, suite.app.base, 'user.password', { timeout: 15000 });
  assert.ok(JSON.parse(await claim(page, 'amr')).includes('pwd'), 'the password proved the account');

  // Linked now: the provider alone signs on as user.password.
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Continue with Example IdP' }).click();
  await signInAtIdp(t, 'social.link');
  await signedInAs(page, suite.app.base, 'user.password', { timeout: 15000 });
  assert.equal(await claim(page, 'amr'), '["fed"]');
  expectNoProblems(t.problems());
  await t.close();
});

test('DaVinci: "Sign in with Example IdP" → the provider\'s page as social.user → back with a continueToken → signed on as user.social', async () => {
  const t = await openPage(suite.browser, 'social-davinci');
  const { page } = t;
  const urls = navigations(page);
  const continued = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/capabilities/continueAuthentication')) continued.push({ auth: r.headers().authorization, body: r.postData() });
  });
  const card = await openDaVinci(page, suite.app.base);
  const provider = card.getByRole('button', { name: 'Sign in with Example IdP' });
  assert.equal(await provider.getAttribute('data-role'), 'social');
  await provider.click();

  await signInAtIdp(t, 'social.user', 'idp-sign-in');
  await signedInAs(page, suite.app.base, 'user.social', { timeout: 15000 });
  assert.equal(await claim(page, 'amr'), '["fed"]');
  assert.equal(await claim(page, 'acr'), suite.app.demo.apps.find((a) => a.kind === 'davinci').policy);
  const back = urls.find((u) => u.startsWith(`${suite.app.base}/callback`));
  assert.ok(back, `the browser came back to /callback: ${urls.join(' → ')}`);
  const token = new URL(back).searchParams.get('continueToken');
  assert.ok(token, 'with a continueToken');
  assert.equal(continued.length, 1, 'one continue request');
  assert.equal(continued[0].auth, `Bearer ${token}`, 'the continueToken as a bearer token');
  assert.equal(continued[0].body, '{}');
  await t.shot('signed-in');
  expectNoProblems(t.problems());
  await t.close();
});

test('DaVinci account confirmation: social.new comes back to "Confirm Your Account" with its username filled in, and a new account signs on', async () => {
  const t = await openPage(suite.browser, 'social-davinci-confirm');
  const { page } = t;
  let card = await openDaVinci(page, suite.app.base);
  await card.getByRole('button', { name: 'Sign in with Example IdP' }).click();
  await signInAtIdp(t, 'social.new');

  await page.waitForURL((url) => url.pathname === '/callback');
  await waitForForm(page, 'Confirm Your Account');
  card = page.locator(DAVINCI_CARD);
  const username = card.getByLabel('Username', { exact: true });
  assert.equal(await username.inputValue(), 'social.new', 'the provider\'s username, ready to keep or change');
  await t.shot('confirm-account', { of: card });
  await username.fill('new.from.idp');
  await card.locator('button[type="submit"]').click();
  await signedInAs(page, suite.app.base, 'new.from.idp', { timeout: 15000 });
  assert.equal(await claim(page, 'amr'), '["fed"]');
  expectNoProblems(t.problems());
  await t.close();
});

test('Flows API: Cancel on the provider\'s page comes back to a clear ending with a way to start again', async () => {
  const t = await openPage(suite.browser, 'social-flows-cancel');
  const { page } = t;
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.getByRole('button', { name: 'Continue with Example IdP' }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/_emulator/idp/${idp().id}/authorize`));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL((url) => url.pathname === '/callback');
  const step = await waitForStatus(page, 'FAILURE');
  const card = page.locator('pingflow-signon');
  assert.equal(await step.getAttribute('data-error-code'), 'access_denied', 'the provider\'s answer, as OAuth says it');
  assert.equal(await card.locator('.pf-title').textContent(), 'Sign-on was not completed');
  assert.match(await step.textContent(), /It was cancelled or refused\./);
  await card.locator('details summary').click();
  assert.match(await card.locator('details').textContent(), /The user cancelled the sign-in\./, 'the provider\'s own words under Details');
  await t.shot('cancelled-at-provider', { of: card });
  await card.getByRole('button', { name: 'Start again' }).click();
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await page.getByRole('button', { name: 'Continue with Example IdP' }).count(), 1, 'a fresh sign-on, the provider offered again');
  expectNoProblems(t.problems());
  await t.close();
});

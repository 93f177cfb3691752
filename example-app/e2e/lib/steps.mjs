// Helpers that read the sign-on card the way a person would: by its status, its headings,
// labels and buttons.

import assert from 'node:assert/strict';

/** waitForStatus waits until the card (the first, or the one under root) shows status. */
export async function waitForStatus(page, status, { root = 'pingflow-signon', timeout = 15000 } = {}) {
  const step = page.locator(`${root} .pf-step[data-status="${status}"]`);
  await step.waitFor({ state: 'visible', timeout });
  await page.locator(`${root} .pf-card[aria-busy="false"]`).waitFor({ timeout });
  return step;
}

/** statusOf is the status the card shows now. */
export function statusOf(page, root = 'pingflow-signon') {
  return page.locator(`${root} .pf-step`).getAttribute('data-status');
}

/** signOn types a username and password into the username/password step and submits. */
export async function signOn(page, username, password) {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign on' }).click();
}

/** expectNoProblems fails with the page's console errors, uncaught errors and CSP violations. */
export function expectNoProblems(problems, allowed = []) {
  const left = problems.filter((p) => !allowed.some((re) => re.test(p)));
  assert.deepEqual(left, [], `the page reported problems:\n${left.join('\n')}`);
}

// A 4xx answer to a flow action is how PingOne says "wrong password"; Chromium logs every
// failed fetch, so tests that provoke one allow exactly that line.
export const EXPECTED_4XX = /Failed to load resource: the server responded with a status of 4(00|01)/;

/**
 * mountCard replaces the page's card with a new <pingflow-signon> carrying attrs, as an SPA
 * embedding the element with its own settings (acr-values, say) would.
 */
export async function mountCard(page, attrs) {
  await page.locator('pingflow-signon').waitFor({ state: 'attached' });
  await page.evaluate((a) => {
    const el = document.createElement('pingflow-signon');
    for (const [k, v] of Object.entries({ 'bridge-url': '/bridge/pingflow.js', ...a })) el.setAttribute(k, v);
    window.cardEvents = [];
    for (const name of ['pingflow-step', 'pingflow-success', 'pingflow-failure']) {
      el.addEventListener(name, (e) => window.cardEvents.push({ type: e.type, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
    document.querySelector('pingflow-signon').replaceWith(el);
  }, attrs);
}

/** cardEvents returns the events the mounted card sent, oldest first. */
export function cardEvents(page) {
  return page.evaluate(() => window.cardEvents);
}

/** claim is the value of an ID token claim on the profile page, as the page shows it. */
export async function claim(page, name) {
  const cell = page.locator(`tr[data-claim="${name}"] td`);
  await cell.waitFor();
  return cell.evaluate((td) => td.firstChild.textContent);
}

/**
 * signedInAs waits for the profile page at base, checks who signed in, and waits for userinfo.
 * options go to waitForURL ({timeout}).
 */
export async function signedInAs(page, base, username, options = {}) {
  await page.waitForURL(base + '/profile', options);
  assert.equal(await claim(page, 'preferred_username'), username);
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
}

/** codeFrom reads the newest code of a kind from the emulator's inbox. */
export { latest } from './app.mjs';

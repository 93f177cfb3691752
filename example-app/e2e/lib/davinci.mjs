// The demo SPA's "Sign in with DaVinci": the home page's second <pingflow-signon>, on the
// emulator's DaVinci application. Every locator is scoped to that card (the Flows API card on
// the same page has a Username field too).

import assert from 'node:assert/strict';
import { waitForStatus } from './steps.mjs';

export const DAVINCI_CARD = 'pingflow-signon[data-kind="davinci"]';

/** openDaVinci loads the home page, presses "Sign in with DaVinci" and waits for the first form. */
export async function openDaVinci(page, base) {
  await page.goto(base + '/');
  await page.getByRole('button', { name: 'Sign in with DaVinci' }).click();
  await waitForForm(page, 'Sign On');
  return page.locator(DAVINCI_CARD);
}

/**
 * waitForForm waits until the DaVinci card shows the form titled title (DaVinci forms share
 * the status FORM, or POLLING while they wait) and is not busy.
 */
export async function waitForForm(page, title, { status = 'FORM', timeout = 15000 } = {}) {
  const step = await waitForStatus(page, status, { root: DAVINCI_CARD, timeout });
  const exactly = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator(`${DAVINCI_CARD} .pf-title`, { hasText: exactly }).waitFor({ timeout });
  assert.equal(await page.locator(`${DAVINCI_CARD} .pf-title`).textContent(), title);
  return step;
}

/**
 * declinePasskeyOffer: after a password sign-on, a user without any device is offered "Set Up a
 * Passkey"; the person presses "Not now" and the flow goes on (to the profile).
 */
export async function declinePasskeyOffer(page) {
  await waitForForm(page, 'Set Up a Passkey');
  await page.locator(DAVINCI_CARD).getByRole('button', { name: 'Not now' }).click();
}

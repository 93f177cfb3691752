// Cross-device sign-on in the DaVinci card ("Sign in with your phone"): a username, then the
// Approve On Your Phone form — a QR code and a challenge the card polls (reference §7.8) —
// approved or denied from another device: here the emulator's HTML inbox in a second tab, opened
// at the address the QR code stands for, or its development route.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latest, inbox, decideChallenge } from '../lib/app.mjs';
import { openPage } from '../lib/browser.mjs';
import { expectNoProblems, claim } from '../lib/steps.mjs';
import { openDaVinci, waitForForm } from '../lib/davinci.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

/** Opens the DaVinci card, asks for a phone sign-on for username and waits for the QR panel. */
async function toChallenge(t, username, { shots = false } = {}) {
  const { page } = t;
  const card = await openDaVinci(page, suite.app.base);
  await card.getByRole('button', { name: 'Sign in with your phone' }).click();
  await waitForForm(page, 'Sign In With Your Phone');
  if (shots) await t.shot('phone-username', { of: card });
  await card.getByLabel('Username', { exact: true }).fill(username);
  await card.getByRole('button', { name: 'Send request' }).click();
  await waitForForm(page, 'Approve On Your Phone', { status: 'POLLING' });
  return card;
}


test('the QR panel waits while the card polls the challenge; approving it in the inbox on "the phone" signs on', async () => {
  const t = await openPage(suite.browser, 'davinci-phone-approved');
  const { page, context } = t;
  const statusRead = page.waitForRequest((r) => r.method() === 'POST'
    && /\/davinci\/user\/credentials\/challenge\/[^/]+\/status$/.test(new URL(r.url()).pathname), { timeout: 15000 });
  const card = await toChallenge(t, 'user.password', { shots: true });
  const step = card.locator('.pf-step');
  assert.equal(await step.getAttribute('data-key'), 'challenge');
  assert.equal(await step.getAttribute('data-wait'), 'challenge');
  const qr = card.getByRole('img', { name: 'QR code' });
  assert.match(await qr.getAttribute('src'), /^data:image\//);
  await page.waitForFunction((img) => img.naturalWidth > 0, await card.locator('.pf-qr img').elementHandle());
  const caption = await card.locator('.pf-qr figcaption').textContent();
  const phoneUrl = caption.match(/https?:\/\/\S+?(?=\s|$| on your phone)/)[0];
  assert.equal(phoneUrl, `${suite.app.base}/_emulator/?username=user.password`, 'the QR code\'s address, for a phone without a camera');
  assert.equal(await card.getByRole('status').filter({ hasText: 'Waiting for approval' }).count(), 1);
  await t.shot('qr-waiting', { of: card });
  const pending = await latest(suite.app.base, 'user.password', 'challenge');
  assert.equal(pending.status, 'PENDING');
  // The card asks the challenge's status while it waits (no approval yet: it keeps waiting).
  const read = await statusRead;
  assert.ok(read.headers().interactionid, 'the status read names the interaction');
  assert.equal(read.postData(), '{}');
  assert.equal(await card.locator('.pf-step').getAttribute('data-status'), 'POLLING', 'still waiting');

  // "The phone": the inbox at the QR code's address, in a second tab; the person taps Approve.
  const phone = await context.newPage();
  await phone.goto(phoneUrl);
  await phone.getByRole('button', { name: 'Approve' }).click();
  await phone.waitForURL((url) => url.pathname === '/_emulator/');
  await page.waitForURL(suite.app.base + '/profile', { timeout: 15000 });
  assert.equal(await claim(page, 'preferred_username'), 'user.password');
  assert.equal(await claim(page, 'amr'), '["swk"]', 'the phone\'s approval alone');
  assert.equal((await inbox(suite.app.base, 'user.password')).find((e) => e.id === pending.id).status, 'APPROVED');
  await t.shot('signed-in');
  await phone.close();
  expectNoProblems(t.problems());
  await t.close();
});

test('a denied request ends the sign-on with the reason and a way to start again', async () => {
  const t = await openPage(suite.browser, 'davinci-phone-denied');
  const { page } = t;
  const card = await toChallenge(t, 'user.password');
  const pending = await latest(suite.app.base, 'user.password', 'challenge');
  await decideChallenge(suite.app.base, pending.id, 'deny');
  const failure = card.locator('.pf-step[data-status="FAILURE"]');
  await failure.waitFor({ timeout: 15000 });
  assert.equal(await card.locator('.pf-title').textContent(), 'Sign-on denied');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'The sign-on request was denied on your phone. Start again to sign on.');
  await t.shot('denied', { of: card });
  await card.getByRole('button', { name: 'Start again' }).click();
  await waitForForm(page, 'Sign On');
  expectNoProblems(t.problems());
  await t.close();
});

test('"Use another way to sign on" withdraws the request and goes back to Sign On', async () => {
  const t = await openPage(suite.browser, 'davinci-phone-back');
  const { page } = t;
  const card = await toChallenge(t, 'user.password');
  const pending = await latest(suite.app.base, 'user.password', 'challenge');
  await card.getByRole('button', { name: 'Use another way to sign on' }).click();
  await waitForForm(page, 'Sign On');
  assert.equal((await inbox(suite.app.base, 'user.password')).find((e) => e.id === pending.id).status, 'CANCELED', 'nobody can approve it any more');
  expectNoProblems(t.problems());
  await t.close();
});

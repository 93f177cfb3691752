// The same card on a DaVinci flow (the emulator's second demo application): nothing in the page
// knows DaVinci, so this shows the generic rendering — a form's title, fields, buttons and
// links, device choices as radio cards — carrying a whole sign-on.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, resetEmulator, latest } from '../lib/app.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { waitForStatus, mountCard, cardEvents, expectNoProblems } from '../lib/steps.mjs';

let app;
let browser;
let davinci;
before(async () => {
  app = await startApp();
  browser = await launch();
  davinci = app.demo.apps.find((a) => a.kind === 'davinci');
});
after(async () => { await browser?.close(); await app?.stop(); });
beforeEach(() => resetEmulator(app.base));

test('a DaVinci flow renders generically: password, device choice, email code, signed in', async () => {
  if (!davinci) {
    assert.fail('the emulator demo has no DaVinci application');
  }
  const s = await openPage(browser, 'davinci');
  const { page } = s;
  await page.goto(app.base + '/');
  await mountCard(page, { config: '/config.json', 'client-id': davinci.clientId });
  await waitForStatus(page, 'FORM');
  assert.equal(await page.locator('.pf-title').textContent(), 'Sign On');
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('autocomplete'), 'current-password');
  await s.shot('form');
  await page.getByLabel('Username', { exact: true }).fill('user.devices');
  await page.getByLabel('Password', { exact: true }).fill('Pingflow1!');
  await page.getByRole('button', { name: 'Sign On' }).click();
  await page.getByRole('radio', { name: /Email/ }).waitFor();
  await s.shot('choose-device');
  await page.getByRole('radio', { name: /Email/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  const code = page.locator('input[autocomplete="one-time-code"]');
  await code.waitFor();
  assert.ok(await code.evaluate((el) => el === document.activeElement), 'a new form takes focus like a new status does');
  await s.shot('code');
  await code.fill((await latest(app.base, 'user.devices', 'otp')).code);
  await page.locator('button[type="submit"]').click();
  await waitForStatus(page, 'SUCCESS');
  const success = (await cardEvents(page)).find((e) => e.type === 'pingflow-success');
  assert.equal(success.detail.claims.preferred_username, 'user.devices');
  await s.shot('signed-in');
  expectNoProblems(s.problems());
  await s.close();
});

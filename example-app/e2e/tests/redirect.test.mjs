// Redirect sign-on: the SPA calls login(), the emulator's authorize sends the browser to the
// web/ page as the custom sign-on page (?flowId=), the page finishes the flow by going to
// resume, and /callback exchanges the code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, signOn, expectNoProblems } from '../lib/steps.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

test('sign in with redirect goes through the custom sign-on page and back to /callback', async () => {
  const t = await openPage(suite.browser, 'redirect');
  const { page } = t;
  // When the engine is asked to open the flow (the module's namespace function), after navigation.
  await page.addInitScript(() => {
    let ns;
    Object.defineProperty(window, '__pingflow', {
      configurable: true,
      get: () => ns,
      set(value) {
        // The loader points the namespace's functions at the module's fast entry once it is
        // ready: an accessor times whichever open is there when the engine is asked.
        const timed = (open) => (...a) => { window.__openAt ??= performance.now(); return open(...a); };
        let open = timed(value.open);
        Object.defineProperty(value, 'open', { configurable: true, enumerable: true, get: () => open, set: (f) => { open = timed(f); } });
        ns = value;
      },
    });
  });
  await page.goto(suite.app.base + '/');
  await page.getByRole('button', { name: 'Sign in with redirect' }).click();
  await page.waitForURL(/\/signon\/\?flowId=[A-Za-z0-9-]+$/);
  const flowId = new URL(page.url()).searchParams.get('flowId');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  // Open mode reads the flow once, and that read left before the engine was asked to open it:
  // createClient sent it (openFlowId), beside the module's start-up, and the engine took it.
  const read = await page.evaluate((id) => ({
    reads: performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/flows/${id}`)).map((e) => e.startTime),
    open: window.__openAt,
  }), flowId);
  assert.equal(read.reads.length, 1, JSON.stringify(read));
  assert.ok(read.reads[0] < read.open, `the flow read began at ${read.reads[0]} ms, the engine's open at ${read.open} ms`);
  assert.equal(await page.locator('.pf-brand').textContent(), 'PPingflow Demo SPA', 'the application is named');
  await t.shot('custom-sign-on-page');
  await signOn(page, 'user.password', 'Pingflow1!');
  await page.waitForURL(suite.app.base + '/profile', { timeout: 15000 });
  await page.locator('#userinfo[data-loaded="true"]').waitFor();
  assert.equal(await page.locator('tr[data-claim="preferred_username"] td').textContent(), 'user.password');
  await t.shot('profile');
  // The flow is over: opening it again says so and offers a way back to the application.
  await page.goto(`${suite.app.base}/signon/?flowId=${flowId}`);
  await waitForStatus(page, 'FAILURE');
  assert.equal(await page.locator('.pf-step').getAttribute('data-error-code'), 'flow_expired');
  await t.shot('flow-over');
  expectNoProblems(t.problems(), [/status of 404/]);
  await t.close();
});

test('an expired or unknown flow offers to start again from the application', async () => {
  const t = await openPage(suite.browser, 'flow-expired');
  const { page } = t;
  await page.goto(`${suite.app.base}/signon/?flowId=0b1e7a9c-0000-4000-8000-000000000000`);
  await waitForStatus(page, 'FAILURE');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'This sign-on has expired');
  await t.shot('expired');
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.waitForURL(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  expectNoProblems(t.problems(), [/status of 404/]);
  await t.close();
});

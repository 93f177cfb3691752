// The sign-on page as served: its Content-Security-Policy, a load with no console errors or
// CSP violations, and a layout that holds at 320 px.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, expectNoProblems } from '../lib/steps.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

for (const path of ['/signon/', '/']) {
  test(`${path} loads under the strict CSP with no console error and renders the first step`, async () => {
    const t = await openPage(suite.browser, `csp-${path === '/' ? 'home' : 'signon'}`);
    const { page } = t;
    const response = await page.goto(suite.app.base + path);
    const csp = response.headers()['content-security-policy'];
    assert.ok(csp.startsWith(CSP), csp);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    assert.equal(response.headers()['referrer-policy'], 'no-referrer');
    await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
    // Nothing inline anywhere, the card's shadow root included: no style attributes, no inline
    // scripts or styles.
    const inline = await page.evaluate(() => {
      const roots = [document, ...[...document.querySelectorAll('pingflow-signon')].map((el) => el.shadowRoot)];
      const count = (sel) => roots.reduce((n, r) => n + r.querySelectorAll(sel).length, 0);
      return {
        shadowRoots: roots.length - 1,
        styleAttrs: count('[style]'),
        inlineScripts: count('script:not([src])'),
        styleTags: count('style'),
      };
    });
    assert.deepEqual(inline, { shadowRoots: 1, styleAttrs: 0, inlineScripts: 0, styleTags: 0 });
    await t.shot('loaded');
    expectNoProblems(t.problems());
    await t.close();
  });
}

test('the module is served compressed, cached and as application/wasm', async () => {
  const config = await (await fetch(suite.app.base + '/signon/config.json')).json();
  assert.match(config.wasmUrl, /^\/bridge\/pingflow\.[0-9a-f]{16}\.wasm$/);
  const br = await fetch(suite.app.base + config.wasmUrl, { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.equal(br.headers.get('content-type'), 'application/wasm');
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.match(br.headers.get('cache-control'), /max-age=31536000, immutable/);
  const etag = br.headers.get('etag');
  const again = await fetch(suite.app.base + config.wasmUrl, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('at 320 px wide the card fits without sideways scrolling', async () => {
  const t = await openPage(suite.browser, 'narrow', { width: 320, height: 640 });
  const { page } = t;
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  const widths = {
    page: await page.evaluate(() => document.documentElement.scrollWidth),
    card: (await page.locator('.pf-card').boundingBox()).width,
    button: (await page.locator('button[type="submit"]').boundingBox()).width,
  };
  assert.ok(widths.page <= 320, `page is ${widths.page}px wide`);
  assert.ok(widths.card <= 320 && widths.card >= 280, `card is ${widths.card}px`);
  assert.ok(widths.button >= 240, 'the main button spans the card');
  await t.shot('signon-320');
  await page.goto(suite.app.base + '/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 320);
  await t.shot('home-320');
  expectNoProblems(t.problems());
  await t.close();
});

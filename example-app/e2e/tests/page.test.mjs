// The sign-on page as served: its Content-Security-Policy, a load with no console errors or
// CSP violations, the bundled build (make page) and what it loads, and a layout that holds at
// 320 px.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openPage } from '../lib/browser.mjs';
import { ROOT } from '../lib/app.mjs';
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
    // styles, and no inline script but the bundled sign-on page's one (the module's early
    // compile), which the policy allows by its hash and nothing else.
    const inline = await page.evaluate(async () => {
      const roots = [document, ...[...document.querySelectorAll('pingflow-signon')].map((el) => el.shadowRoot)];
      const count = (sel) => roots.reduce((n, r) => n + r.querySelectorAll(sel).length, 0);
      const sha256 = async (text) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))));
      return {
        shadowRoots: roots.length - 1,
        styleAttrs: count('[style]'),
        inlineScripts: await Promise.all([...document.querySelectorAll('script:not([src])')].map((s) => sha256(s.textContent))),
        styleTags: count('style'),
      };
    });
    const hashes = [...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(inline, { shadowRoots: 1, styleAttrs: 0, inlineScripts: path === '/signon/' ? hashes : [], styleTags: 0 });
    assert.equal(hashes.length, path === '/signon/' ? 1 : 0, csp);
    await t.shot('loaded');
    expectNoProblems(t.problems());
    await t.close();
  });
}

test('/signon/ is the bundled page: one file for the page and one for the bridge, cached for good, the module compiled from the top, no stylesheet request', async () => {
  assert.ok(existsSync(path.join(ROOT, 'web', 'dist', 'page', 'index.html')), 'web/dist/page is not built: run `make page`');
  const t = await openPage(suite.browser, 'bundled');
  const { page } = t;
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    // What the loader does with the early compile: it takes it (and so deletes the global).
    const seen = (window.__early = { set: false });
    let v;
    Object.defineProperty(window, '__pingflowEarly', {
      configurable: true, get: () => v, set(x) { v = x; seen.set = true; seen.href = x.href; },
    });
  });
  await page.goto(suite.app.base + '/signon/');
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  const scripts = requests.filter((p) => p.endsWith('.js'));
  assert.deepEqual(scripts.map((p) => p.replace(/\.[A-Z0-9]{8}\.js$/, '.<hash>.js')).sort(), ['/signon/bridge.<hash>.js', '/signon/signon.<hash>.js'], requests.join(' '));
  assert.ok(!requests.some((p) => p.endsWith('signon.css')), 'the card\'s stylesheet is inside the bundle');
  const config = await (await fetch(suite.app.base + '/signon/config.json')).json();
  assert.equal(requests.filter((p) => p === config.wasmUrl).length, 1, 'the module is fetched once (the preload, taken by the early compile)');
  const early = await page.evaluate(() => ({ ...window.__early, left: window.__pingflowEarly }));
  assert.deepEqual(early, { set: true, href: suite.app.base + config.wasmUrl, left: undefined }, 'the early compile began and the bridge took it');
  const sheets = await page.evaluate(() => {
    const root = document.querySelector('pingflow-signon').shadowRoot;
    return { adopted: root.adoptedStyleSheets.length, links: root.querySelectorAll('link').length, radius: getComputedStyle(root.querySelector('.pf-card')).borderTopLeftRadius };
  });
  assert.deepEqual(sheets, { adopted: 1, links: 0, radius: '16px' });
  for (const p of scripts) {
    const res = await fetch(suite.app.base + p, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', p);
    assert.equal(res.headers.get('content-encoding'), 'br', p);
  }
  expectNoProblems(t.problems());
  await t.close();
});

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

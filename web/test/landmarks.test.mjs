// Several <pingflow-signon> cards on one page, in Chromium (playwright-core from
// example-app/e2e, /usr/bin/chromium; the bridge is a stub served beside web/, as in
// element.test.mjs): each card's landmark has its own accessible name — the `label` attribute,
// else "Sign on" in the card's language, numbered "(2)", "(3)", … in document order when cards
// share a name — kept up to date as cards come and go. Also: the scope createClient receives
// is "openid profile email" unless the page names one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, stubBridge } from './support/stub-browser.mjs';

// The stub bridge: each createClient's config is kept, in order; the flow is one sign-on step.
const BRIDGE = stubBridge('(window.clientConfigs ||= []).push(config);');

const CARD = (attrs) => `<pingflow-signon bridge-url="/stub-bridge.js" auth-path="https://auth.example" env-id="env"
  client-id="c" redirect-uri="https://app.example/cb" no-autofocus ${attrs}></pingflow-signon>`;
const PAGE = (cards) => `<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="/js/element.js"></script></head><body>
${cards.map((attrs, i) => `<div id="slot${i}">${CARD(attrs)}</div>`).join('\n')}</body></html>`;

let base;
let browser;
let stop;

before(async () => {
  ({ base, browser, close: stop } = await startStub('web/test/landmarks.test.mjs', BRIDGE, {
    '/page': (url) => ['text/html', PAGE(JSON.parse(url.searchParams.get('cards')))],
  }));
});

after(async () => {
  await stop?.();
});

/** open shows a page with one card per entry of `cards` (its attributes) and waits for every step. */
async function open(cards, locale = 'en-US') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // steps(root) counts the cards under root (each in its own shadow root) that show a step.
  await page.addInitScript(() => {
    window.steps = (root) => [...root.querySelectorAll('pingflow-signon')].filter((el) => el.shadowRoot?.querySelector('.pf-step')).length;
  });
  await page.goto(`${base}/page?cards=${encodeURIComponent(JSON.stringify(cards))}`);
  await page.waitForFunction((n) => steps(document) === n, cards.length, { timeout: 10000 });
  return { page, errors, close: () => context.close() };
}

/** names lists the accessible names of the page's region landmarks, from the accessibility tree. */
async function names(page) {
  const regions = page.getByRole('region');
  const out = [];
  for (let i = 0; i < await regions.count(); i++) {
    out.push(await regions.nth(i).evaluate((el) => el.getAttribute('aria-label')));
  }
  // The same names as the browser computes them: each one found by exact name, once.
  for (const name of out) assert.equal(await page.getByRole('region', { name, exact: true }).count(), 1, `one region named ${name}`);
  return out;
}

test('two cards on one page: "Sign on" and "Sign on (2)"', async () => {
  const { page, errors, close } = await open(['', '']);
  assert.deepEqual(await names(page), ['Sign on', 'Sign on (2)']);
  await close();
  assert.deepEqual(errors, []);
});

test('the numbering is in the card\'s language', async () => {
  const { page, errors, close } = await open(['', '', ''], 'de-DE');
  assert.deepEqual(await names(page), ['Anmelden', 'Anmelden (2)', 'Anmelden (3)']);
  await close();
  assert.deepEqual(errors, []);
});

test('the label attribute names a card; only cards sharing a name are numbered', async () => {
  const { page, errors, close } = await open(['label="Sign on to Shop"', '', 'label="Sign on to Shop"', 'label="Staff sign on"']);
  assert.deepEqual(await names(page), ['Sign on to Shop', 'Sign on', 'Sign on to Shop (2)', 'Staff sign on']);
  // Changing the attribute renames the card at once, and the others follow.
  await page.evaluate(() => { document.querySelector('pingflow-signon').label = 'Partners'; });
  assert.deepEqual(await names(page), ['Partners', 'Sign on', 'Sign on to Shop', 'Staff sign on']);
  await close();
  assert.deepEqual(errors, []);
});

test('cards that come and go are renumbered', async () => {
  const { page, errors, close } = await open(['', '']);
  await page.evaluate(() => document.querySelector('#slot0').remove());
  await page.waitForFunction(() => document.querySelector('pingflow-signon').card.getAttribute('aria-label') === 'Sign on');
  assert.deepEqual(await names(page), ['Sign on']);
  await page.evaluate(() => {
    const el = document.createElement('pingflow-signon');
    for (const [k, v] of Object.entries({ 'bridge-url': '/stub-bridge.js', 'auth-path': 'https://auth.example', 'env-id': 'env',
      'client-id': 'c', 'redirect-uri': 'https://app.example/cb', 'no-autofocus': '' })) el.setAttribute(k, v);
    document.body.prepend(el);
  });
  await page.waitForFunction(() => steps(document) === 2);
  assert.deepEqual(await names(page), ['Sign on', 'Sign on (2)'], 'the new card is first in document order');
  await close();
  assert.deepEqual(errors, []);
});

test('cards inside shadow roots count where their host is on the page', async () => {
  const { page, errors, close } = await open(['', ''], 'de-DE');
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'host';
    const root = host.attachShadow({ mode: 'open' });
    for (let i = 0; i < 2; i++) {
      const el = document.createElement('pingflow-signon');
      for (const [k, v] of Object.entries({ 'bridge-url': '/stub-bridge.js', 'auth-path': 'https://auth.example', 'env-id': 'env',
        'client-id': 'c', 'redirect-uri': 'https://app.example/cb', 'no-autofocus': '' })) el.setAttribute(k, v);
      root.append(el);
    }
    document.querySelector('#slot1').before(host);
  });
  await page.waitForFunction(() => steps(document.querySelector('#host').shadowRoot) === 2);
  const labels = (root) => [...root.querySelectorAll('pingflow-signon')].map((el) => el.shadowRoot.querySelector('.pf-card').getAttribute('aria-label'));
  const inShadow = await page.evaluate(`(${labels})(document.querySelector('#host').shadowRoot)`);
  const outside = await page.evaluate(`(${labels})(document)`);
  assert.deepEqual([outside[0], ...inShadow, outside[1]], ['Anmelden', 'Anmelden (2)', 'Anmelden (3)', 'Anmelden (4)'],
    'the first card, the two in the shadow root between, the last card');
  await close();
  assert.deepEqual(errors, []);
});

test('the scope is openid profile email unless the page names one', async () => {
  const { page, errors, close } = await open(['', 'scope="openid"', 'data-scope="openid phone"']);
  const scopes = await page.evaluate(() => window.clientConfigs.map((c) => c.scope).sort());
  assert.deepEqual(scopes, ['openid', 'openid phone', 'openid profile email']);
  await close();
  assert.deepEqual(errors, []);
});

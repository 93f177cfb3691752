// The card against the page around it: a host page's hostile stylesheet (element rules, and
// inherited properties set on body) leaves the card's computed styles exactly as on a bare page;
// the theming API does reach it — ::part() rules, --pf-* custom properties set on the element,
// theme="light|dark|auto"; the card stays invisible until its stylesheet is in, and shows anyway
// when the stylesheet fails; the sign-on form inside the shadow root keeps what password
// managers and autofill read (autocomplete, name, the form owner) and Enter submits it.
//
// The host pages are made up here (page.route) on the demo's own origin, served with the site's
// Content-Security-Policy; the card in them is the real element against the emulator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../lib/browser.mjs';
import { waitForStatus, expectNoProblems } from '../lib/steps.mjs';
import { useSuite, PASSWORD } from '../lib/suite.mjs';

const suite = useSuite();

// The hostile stylesheet, plus inherited properties on body and a few more element
// rules a site's own CSS or a reset typically has.
const HOSTILE = `
button { text-transform: uppercase; letter-spacing: 2px }
h1, h2, h3 { color: red }
header { background: purple }
body { letter-spacing: 3px; text-transform: uppercase; color: green; font: 20px serif; line-height: 3; word-spacing: 4px; text-align: center; font-style: italic }
input, select { background: yellow; font-size: 30px; border: 4px dashed red; border-radius: 0 }
label { color: orange; font-weight: 100 }
section { padding: 0; border: 6px solid purple; background: pink }
p, nav, div { margin: 40px; color: blue }
a { color: red }
* { box-sizing: content-box }
body.hidden { visibility: hidden }
`;

/** The pieces of the card compared, found the way the tests find them (through the shadow root). */
const PIECES = {
  card: '.pf-card',
  brand: '.pf-brand',
  header: '.pf-header',
  title: '.pf-title',
  subtitle: '.pf-subtitle',
  'username label': 'label:has-text("Username")',
  'password label': 'label:has-text("Password")',
  'username input': 'input[name="username"]',
  'password input': 'input[name="password"]',
  'primary button': 'button.pf-btn-primary',
  'secondary button': 'button.pf-btn-secondary',
  'show password': 'button.pf-reveal',
  link: '.pf-links .pf-link >> nth=0',
  'links row': '.pf-links',
};

const PROPERTIES = ['color', 'background-color', 'text-transform', 'letter-spacing', 'font-family', 'font-size',
  'font-weight', 'font-style', 'line-height', 'word-spacing', 'text-align', 'border-top-width', 'border-top-style',
  'border-top-color', 'border-top-left-radius', 'padding-top', 'margin-top', 'box-sizing', 'width', 'height'];

/**
 * hostPage opens `${base}/host/` — a page of the demo's origin, with the site's CSP, holding one
 * card with attrs and the page's `css` (a stylesheet file) — and waits for the first step.
 */
async function hostPage(name, { css = '', attrs = '', colorScheme = 'light', wait = true } = {}) {
  const t = await openPage(suite.browser, `isolation-${name}`);
  const { page } = t;
  await page.emulateMedia({ colorScheme });
  const base = suite.app.base;
  const csp = (await fetch(`${base}/signon/`)).headers.get('content-security-policy');
  await page.route(`${base}/host/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname.endsWith('/host.css')) return route.fulfill({ contentType: 'text/css', body: css });
    return route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': csp },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
${css ? '<link rel="stylesheet" href="host.css">' : ''}
<script type="module" src="/signon/js/element.js"></script></head>
<body><pingflow-signon config="/signon/config.json" bridge-url="/bridge/pingflow.js" brand no-autofocus ${attrs}></pingflow-signon>
<header><h1>The host's own header</h1></header></body></html>`,
    });
  });
  await page.goto(`${base}/host/`);
  if (wait) await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  return t;
}

/** styles reads PROPERTIES of every piece of the card. */
async function styles(page) {
  const out = {};
  for (const [name, selector] of Object.entries(PIECES)) {
    const el = page.locator(`pingflow-signon ${selector}`);
    assert.equal(await el.count(), 1, `one ${name} (${selector})`);
    out[name] = await el.evaluate((node, props) => {
      const cs = getComputedStyle(node);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }, PROPERTIES);
  }
  return out;
}

/** computed is one property of the one element the selector finds in the card. */
function computed(page, selector, property) {
  return page.locator(`pingflow-signon ${selector}`).evaluate((node, p) => getComputedStyle(node).getPropertyValue(p), property);
}

test('a hostile host stylesheet leaves the card\'s computed styles as on a bare page', async () => {
  const bare = await hostPage('bare');
  const expected = await styles(bare.page);
  const bareShot = await bare.page.locator('pingflow-signon .pf-card').screenshot();
  await bare.shot('bare', { of: bare.page.locator('pingflow-signon') });
  expectNoProblems(bare.problems());
  await bare.close();

  const hostile = await hostPage('hostile', { css: HOSTILE });
  // The stylesheet is in force on the page around the card…
  assert.equal(await hostile.page.locator('body > header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(128, 0, 128)');
  assert.equal(await hostile.page.locator('body > header h1').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 0, 0)');
  // …and does not reach into it.
  const actual = await styles(hostile.page);
  for (const name of Object.keys(PIECES)) assert.deepEqual(actual[name], expected[name], `the ${name}'s computed style`);
  // The host's header comes after the card, so the card is at the same place on both pages.
  const hostileShot = await hostile.page.locator('pingflow-signon .pf-card').screenshot();
  await hostile.shot('hostile');
  assert.ok(hostileShot.equals(bareShot), 'the card looks the same, pixel for pixel');
  // What the page means for the card as a whole still holds: hiding its container hides it.
  await hostile.page.evaluate(() => document.body.classList.add('hidden'));
  assert.equal(await hostile.page.getByRole('button', { name: 'Sign on' }).isVisible(), false, 'visibility: hidden on body hides the card');
  expectNoProblems(hostile.problems());
  await hostile.close();
});

test('::part() rules and --pf-* custom properties from the host page restyle the card', async () => {
  const css = `
pingflow-signon { --pf-accent: rgb(15, 118, 110); --pf-radius: 3px; --pf-font: Georgia, serif }
pingflow-signon::part(button-primary) { border-radius: 0; text-transform: uppercase }
pingflow-signon::part(title) { color: rgb(1, 2, 3) }
pingflow-signon::part(card) { background-color: rgb(250, 240, 230) }
pingflow-signon::part(input) { border-top-color: rgb(200, 0, 0) }
pingflow-signon::part(label) { font-style: italic }
pingflow-signon::part(link) { letter-spacing: 1px }
`;
  const t = await hostPage('parts', { css });
  const { page } = t;
  assert.equal(await computed(page, 'button.pf-btn-primary', 'border-top-left-radius'), '0px', '::part(button-primary)');
  assert.equal(await computed(page, 'button.pf-btn-primary', 'text-transform'), 'uppercase');
  assert.equal(await computed(page, 'button.pf-btn-secondary', 'border-top-left-radius'), '3px', '--pf-radius; the part rule is only the primary\'s');
  assert.equal(await computed(page, 'button.pf-btn-primary', 'background-color'), 'rgb(15, 118, 110)', '--pf-accent from the host');
  assert.equal(await computed(page, '.pf-title', 'color'), 'rgb(1, 2, 3)', '::part(title)');
  assert.equal(await computed(page, '.pf-card', 'background-color'), 'rgb(250, 240, 230)', '::part(card)');
  assert.equal(await computed(page, 'input[name="username"]', 'border-top-color'), 'rgb(200, 0, 0)', '::part(input)');
  assert.equal(await computed(page, 'label:has-text("Username")', 'font-style'), 'italic', '::part(label)');
  assert.equal(await computed(page, '.pf-links .pf-link >> nth=0', 'letter-spacing'), '1px', '::part(link)');
  assert.match(await computed(page, '.pf-card', 'font-family'), /^Georgia/, '--pf-font');
  assert.equal(await page.locator('pingflow-signon button.pf-btn-primary').getAttribute('part'), 'button button-primary');
  await t.shot('parts');
  expectNoProblems(t.problems());
  await t.close();
});

test('theme="dark" and theme="light" force the scheme; auto follows prefers-color-scheme; --pf-* still wins', async () => {
  const LIGHT = 'rgb(255, 255, 255)';
  const DARK = 'rgb(21, 26, 36)'; // --pf-bg's dark default, #151a24
  const cases = [
    ['auto-light', { colorScheme: 'light' }, LIGHT],
    ['auto-dark', { colorScheme: 'dark' }, DARK],
    ['theme-auto-dark', { colorScheme: 'dark', attrs: 'theme="auto"' }, DARK],
    ['theme-dark', { colorScheme: 'light', attrs: 'theme="dark"' }, DARK],
    ['theme-light', { colorScheme: 'dark', attrs: 'theme="light"' }, LIGHT],
  ];
  for (const [name, opts, background] of cases) {
    const t = await hostPage(name, opts);
    assert.equal(await computed(t.page, '.pf-card', 'background-color'), background, `${name}: the card's background`);
    assert.equal(await computed(t.page, '.pf-card', 'color-scheme'), background === DARK ? 'dark' : 'light', `${name}: color-scheme`);
    await t.shot(name);
    expectNoProblems(t.problems());
    await t.close();
  }
  // A custom property set on the element beats the theme's default.
  const t = await hostPage('theme-dark-accent', { attrs: 'theme="dark"', css: 'pingflow-signon { --pf-accent: rgb(15, 118, 110); --pf-bg: rgb(40, 0, 40) }' });
  assert.equal(await computed(t.page, 'button.pf-btn-primary', 'background-color'), 'rgb(15, 118, 110)');
  assert.equal(await computed(t.page, '.pf-card', 'background-color'), 'rgb(40, 0, 40)');
  expectNoProblems(t.problems());
  await t.close();
});

test('the card stays invisible until its stylesheet is in, and shows unstyled when it fails', async () => {
  // The unbundled element links signon.css: the demo app's home page imports the sources (the
  // bundled /signon/ page adopts the sheet from its bundle instead: page.test.mjs).
  // Held: the card is in the shadow root, hidden, until the sheet arrives.
  let release;
  const held = new Promise((r) => { release = r; });
  const t = await openPage(suite.browser, 'isolation-loading');
  await t.page.route('**/signon/signon.css', async (route) => { await held; await route.continue(); });
  await t.page.goto(`${suite.app.base}/`, { waitUntil: 'commit' });
  const card = t.page.locator('pingflow-signon .pf-card');
  await card.waitFor({ state: 'attached' });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await card.isVisible(), false, 'no unstyled card while the stylesheet loads');
  assert.equal(await t.page.locator('pingflow-signon .pf-step').count(), 0, 'nothing drawn yet');
  release();
  await waitForStatus(t.page, 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await computed(t.page, '.pf-card', 'border-top-left-radius'), '16px', 'styled');
  expectNoProblems(t.problems());
  await t.close();

  // Failed: the card shows anyway and the sign-on goes on.
  const f = await openPage(suite.browser, 'isolation-no-stylesheet');
  await f.page.route('**/signon/signon.css', (route) => route.abort());
  await f.page.goto(`${suite.app.base}/`);
  await waitForStatus(f.page, 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await computed(f.page, '.pf-card', 'border-top-left-radius'), '0px', 'unstyled');
  assert.ok(await f.page.getByRole('button', { name: 'Sign on' }).isVisible());
  await f.close();
});

test('inside the shadow root the form keeps what password managers read, and Enter submits it', async () => {
  const t = await hostPage('autofill', { css: HOSTILE });
  const { page } = t;
  const form = await page.locator('pingflow-signon form.pf-form').evaluate((f) => ({
    inShadow: f.getRootNode() instanceof ShadowRoot && f.getRootNode().mode === 'open',
    fields: [...f.elements].filter((e) => e.tagName === 'INPUT').map((e) => ({
      name: e.name, type: e.type, autocomplete: e.getAttribute('autocomplete'), owner: e.form === f,
      labelled: e.labels.length === 1 && e.labels[0].getRootNode() === f.getRootNode(),
    })),
    submit: [...f.elements].filter((e) => e.type === 'submit').length,
  }));
  assert.deepEqual(form, {
    inShadow: true,
    fields: [
      { name: 'username', type: 'text', autocomplete: 'username', owner: true, labelled: true },
      { name: 'password', type: 'password', autocomplete: 'current-password', owner: true, labelled: true },
    ],
    submit: 1,
  });
  // Accessible names (what autofill and assistive technology match fields by) reach through.
  await page.getByLabel('Username', { exact: true }).fill('user.password');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await waitForStatus(page, 'SUCCESS');
  expectNoProblems(t.problems());
  await t.close();
});

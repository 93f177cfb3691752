// <pingflow-signon> in Chromium (playwright-core from example-app/e2e, /usr/bin/chromium):
// the card's language comes from navigator.languages or the `locale` attribute, reaches the
// bridge as uiLocales, is right to left in Arabic, and the `messages` property changes words;
// the card is in an open shadow root with its own stylesheet and ::part() names.
// The bridge is a stub served beside web/, so no engine or emulator is needed. It needs
// playwright-core and Chromium, which `make test` installs before it runs these tests; without
// them the file fails and says so, rather than passing with nothing checked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, stubBridge } from './support/stub-browser.mjs';

// The stub bridge: createClient remembers its config; the flow is one sign-on step.
const BRIDGE = stubBridge('window.clientConfig = config;');

// A page with data-messages in attrs creates its card from script, setting messages first (as
// an app does: createElement, set properties, append).
const PAGE = (attrs) => (attrs.includes('data-messages') ? `<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="/page.js"></script></head><body></body></html>` : `<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="/js/element.js"></script></head><body>
<pingflow-signon bridge-url="/stub-bridge.js" auth-path="https://auth.example" env-id="env" client-id="c"
  redirect-uri="https://app.example/cb" no-autofocus ${attrs}></pingflow-signon></body></html>`);

const PAGE_SCRIPT = `import '/js/element.js';
const el = document.createElement('pingflow-signon');
for (const [k, v] of Object.entries({ 'bridge-url': '/stub-bridge.js', 'auth-path': 'https://auth.example', 'env-id': 'env',
  'client-id': 'c', 'redirect-uri': 'https://app.example/cb', 'no-autofocus': '' })) el.setAttribute(k, v);
el.messages = { steps: { 'sign-on': { title: 'Willkommen' } } };
document.body.append(el);`;

let base;
let browser;
let stop;

before(async () => {
  ({ base, browser, close: stop } = await startStub('web/test/element.test.mjs', BRIDGE, {
    '/page.js': () => ['text/javascript', PAGE_SCRIPT],
    '/page': (url) => ['text/html', PAGE(url.searchParams.get('attrs') || '')],
  }));
});

after(async () => {
  await stop?.();
});

/** card opens the page in a browser whose languages are `languages`; returns what it shows. */
async function card(languages, attrs = '', setup = null) {
  const context = await browser.newContext({ locale: languages });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (setup) await page.addInitScript(setup);
  await page.goto(`${base}/page?attrs=${encodeURIComponent(attrs)}`);
  await page.locator('pingflow-signon .pf-step').waitFor({ timeout: 10000 });
  const out = await page.evaluate(() => {
    const c = document.querySelector('pingflow-signon').shadowRoot.querySelector('.pf-card');
    const reveal = c.querySelector('.pf-reveal')?.getBoundingClientRect();
    const input = c.querySelector('input[type="password"]')?.getBoundingClientRect();
    return {
      lang: c.lang, dir: c.dir, label: c.getAttribute('aria-label'),
      title: c.querySelector('.pf-title').textContent, button: c.querySelector('button[type="submit"]').textContent,
      labels: [...c.querySelectorAll('.pf-label')].map((l) => l.textContent),
      uiLocales: window.clientConfig?.uiLocales, locale: document.querySelector('pingflow-signon').locale,
      toggleAtStart: reveal && input ? reveal.left - input.left < input.right - reveal.right : null,
      textAlign: getComputedStyle(c.querySelector('.pf-title')).direction,
      shadow: {
        mode: c.getRootNode().mode, host: c.getRootNode().host.localName,
        lightChildren: document.querySelector('pingflow-signon').childNodes.length,
        sheet: [...c.getRootNode().querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname),
        hidden: c.hidden, radius: getComputedStyle(c).borderTopLeftRadius,
        parts: ['.pf-card', '.pf-title', '.pf-form', '.pf-input', '.pf-label', 'button[type="submit"]'].map((sel) => c.matches(sel) ? c.part.value : c.querySelector(sel).part.value),
      },
    };
  });
  await context.close();
  assert.deepEqual(errors, []);
  return out;
}

test('the card speaks the first of navigator.languages it has, and asks PingOne for it', async () => {
  const de = await card('de-DE');
  assert.equal(de.lang, 'de');
  assert.equal(de.dir, 'ltr');
  assert.equal(de.title, 'Anmelden');
  assert.deepEqual(de.labels, ['Benutzername', 'Passwort']);
  assert.equal(de.uiLocales, 'de');
  assert.equal(de.locale, 'de');
  const pt = await card('pt-BR');
  assert.equal(pt.lang, 'pt-BR');
  assert.equal(pt.button, 'Entrar');
  const sv = await card('sv-SE');
  assert.equal(sv.lang, 'en', 'a language it does not have: English');
  assert.equal(sv.title, 'Sign on');
  assert.deepEqual(sv.labels, ['Username', 'Password']);
});

test('the locale attribute wins over the browser', async () => {
  const fr = await card('de-DE', 'locale="fr"');
  assert.equal(fr.lang, 'fr');
  assert.equal(fr.title, 'Connexion');
  assert.equal(fr.uiLocales, 'fr');
  const ja = await card('en-US', 'locale="ja-JP"');
  assert.equal(ja.lang, 'ja');
  assert.equal(ja.label, 'サインイン', 'the landmark is named in the card\'s language');
});

test('Arabic is laid out right to left: dir="rtl" on the card, the password toggle at the start', async () => {
  const ar = await card('ar-EG');
  assert.equal(ar.lang, 'ar');
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.textAlign, 'rtl');
  assert.equal(ar.title, 'تسجيل الدخول');
  assert.equal(ar.toggleAtStart, true, 'the show-password button sits on the left of the field');
  const en = await card('en-US');
  assert.equal(en.dir, 'ltr');
  assert.equal(en.toggleAtStart, false, 'left to right it sits on the right');
});

test('the messages property changes a few words over the locale\'s', async () => {
  const out = await card('de-DE', 'data-messages');
  assert.equal(out.title, 'Willkommen', 'the word the page chose');
  assert.equal(out.button, 'Anmelden', 'the rest is the locale\'s');
});

test('the card is drawn in an open shadow root, styled by its own stylesheet, with part names', async () => {
  const { shadow } = await card('en-US');
  assert.deepEqual(shadow, {
    mode: 'open', host: 'pingflow-signon', lightChildren: 0, sheet: ['/signon.css'], hidden: false, radius: '16px',
    parts: ['card', 'title', 'form', 'input', 'label', 'button button-primary'],
  });
});

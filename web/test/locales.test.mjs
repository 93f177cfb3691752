// The shipped locales: each has exactly en's keys, the same {placeholders} for each string, and
// words that work for the numbers its functions are given; the locale is chosen from the
// `locale` option or navigator.languages; Arabic is laid out right to left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from '../js/i18n/en.js';
import { LOCALES, RTL, matchLocale, direction, loadLocale } from '../js/i18n/index.js';
import { withLocale } from '../js/config.js';
import { useLocale, useCatalog, t, heading, locale, fill } from '../js/render/text.js';
import { rules } from '../js/policy-rules.js';

/** leaves flattens a catalog to {'steps.otp.title': value}. */
function leaves(node, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) leaves(v, path, out);
    else out[path] = v;
  }
  return out;
}

function placeholders(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.map((s) => [...new Set([...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(','));
}

// What a function value is called with, by key (test: the numbers come back in the text).
const SAMPLES = [{ count: 1, seconds: 1 }, { count: 2, seconds: 2 }, { count: 3, seconds: 45 }, { count: 11, seconds: 89 }, { count: 25, seconds: 600 }]
  .map((vars) => ({ ...vars, label: 'New password' }));
const CHARACTERS = '!?#';

const EN = leaves(en);
const others = LOCALES.filter((l) => l !== 'en');

for (const tag of others) {
  test(`${tag}: the same keys as en, the same placeholders, the same kinds of value`, async () => {
    const words = leaves(await loadLocale(tag));
    const missing = Object.keys(EN).filter((k) => !(k in words));
    const extra = Object.keys(words).filter((k) => !(k in EN));
    assert.deepEqual(missing, [], `${tag} lacks keys en has`);
    assert.deepEqual(extra, [], `${tag} has keys en lacks`);
    for (const [key, value] of Object.entries(EN)) {
      const own = words[key];
      if (typeof value === 'function') {
        assert.ok(typeof own === 'function' || typeof own === 'string', `${tag} ${key}: a function or a string`);
        for (const vars of SAMPLES) {
          const text = fill(own, { ...vars, characters: CHARACTERS });
          assert.equal(typeof text, 'string', `${tag} ${key}(${JSON.stringify(vars)})`);
          assert.ok(text.trim(), `${tag} ${key}(${JSON.stringify(vars)}) is empty or names a variable it is not given`);
          assert.doesNotMatch(text, /undefined|NaN|\{\w+\}/, `${tag} ${key}: ${text}`);
          if (/\$\{characters\}/.test(String(value))) assert.ok(text.includes(CHARACTERS), `${tag} ${key} names the characters: ${text}`);
        }
      } else if (typeof value === 'string' && typeof own === 'function') {
        // A count where en has a plain string ({seconds} seconds): a function for the plural.
        const names = placeholders(value)[0].split(',').filter(Boolean);
        assert.ok(names.length, `${tag} ${key}: a function only where en's string has a placeholder`);
        for (const vars of SAMPLES) {
          const text = fill(own, Object.fromEntries(names.map((name) => [name, vars[name] ?? 'X'])));
          assert.ok(text.trim(), `${tag} ${key} is empty`);
          assert.doesNotMatch(text, /undefined|NaN|\{\w+\}/, `${tag} ${key}: ${text}`);
        }
      } else if (typeof value === 'string' || Array.isArray(value)) {
        assert.equal(Array.isArray(own), Array.isArray(value), `${tag} ${key}: a list where en has a list`);
        if (Array.isArray(value)) assert.equal(own.length, value.length, `${tag} ${key}: as many alternatives`);
        assert.deepEqual(placeholders(own), placeholders(value), `${tag} ${key}: placeholders differ from en's`);
        if (value.length) assert.ok(String(own).trim(), `${tag} ${key} is empty`);
      } else {
        assert.equal(own, value, `${tag} ${key}: ${typeof value} kept as en has it`);
      }
    }
  });
}

test('the placeholder check itself notices a missing or renamed placeholder', () => {
  assert.notDeepEqual(placeholders('to continue to {app}'), placeholders('weiter zu {application}'));
  assert.notDeepEqual(placeholders(['{sent}', 'x']), placeholders(['x', 'x']));
  assert.deepEqual(placeholders('{a} {b} {a}'), placeholders('{b}/{a}'));
});

test('the locale is the best match for navigator.languages: exact, then the language, then en', () => {
  assert.equal(matchLocale(['de-DE', 'en-US']), 'de');
  assert.equal(matchLocale(['pt-BR']), 'pt-BR');
  assert.equal(matchLocale(['pt-PT', 'en']), 'pt-BR');
  assert.equal(matchLocale(['zh-CN']), 'zh-CN');
  assert.equal(matchLocale(['zh']), 'zh-CN');
  assert.equal(matchLocale(['zh-TW', 'ja']), 'ja', 'traditional Chinese is not served simplified');
  assert.equal(matchLocale(['sv-SE', 'fr-CA', 'de']), 'fr', 'the first tag with a match wins');
  assert.equal(matchLocale(['ar-EG']), 'ar');
  assert.equal(matchLocale(['ja_JP']), 'ja');
  assert.equal(matchLocale(['sv', 'fi']), 'en');
  assert.equal(matchLocale([]), 'en');
  assert.equal(matchLocale(undefined), 'en');
});

test('the locale option wins over the browser and is sent to PingOne as ui_locales', () => {
  assert.deepEqual(withLocale({ clientId: 'c' }, ['fr-FR', 'en'], matchLocale), { clientId: 'c', locale: 'fr', uiLocales: 'fr' });
  assert.deepEqual(withLocale({ locale: 'es-MX' }, ['fr-FR'], matchLocale), { locale: 'es', uiLocales: 'es' });
  assert.deepEqual(withLocale({ locale: 'ja', uiLocales: 'ja-JP en' }, [], matchLocale), { locale: 'ja', uiLocales: 'ja-JP en' });
  assert.deepEqual(withLocale({}, undefined, matchLocale), { locale: 'en', uiLocales: 'en' });
});

test('Arabic is the one right-to-left locale', () => {
  assert.deepEqual([...RTL], ['ar']);
  assert.equal(direction('ar'), 'rtl');
  for (const tag of others.filter((l) => l !== 'ar')) assert.equal(direction(tag), 'ltr', tag);
});

test('a locale\'s words replace en\'s, overrides go over them, and English comes back', async () => {
  try {
    useLocale('de', await loadLocale('de'));
    assert.equal(locale(), 'de');
    assert.notEqual(t('ui.back'), 'Back');
    assert.notEqual(heading({ key: 'otp' }).title, 'Enter your code');
    assert.notEqual(rules({ minLength: 8 })[0].label, 'At least 8 characters', 'the checklist speaks German');
    assert.match(rules({ minLength: 8 })[0].label, /8/);
    useCatalog({ ui: { back: 'Zurück!' } });
    assert.equal(t('ui.back'), 'Zurück!');
    assert.notEqual(t('ui.cancel'), 'Cancel', 'the rest stays German');
  } finally {
    useCatalog(null);
    useLocale('en');
  }
  assert.equal(t('ui.back'), 'Back');
  assert.equal(locale(), 'en');
});

test('right to left, a server\'s English sentence is isolated from the Arabic beside it', async () => {
  const { sentences } = await import('../js/render/text.js');
  try {
    useLocale('ar', await loadLocale('ar'));
    assert.equal(sentences(['Invalid one-time passcode', 'تبقّت محاولتان.']), '\u2068Invalid one-time passcode.\u2069 \u2068تبقّت محاولتان.\u2069');
  } finally {
    useLocale('en');
  }
  assert.equal(sentences(['Invalid one-time passcode', '2 attempts left.']), 'Invalid one-time passcode. 2 attempts left.');
});

test('every locale: "Not you?"\'s accessible name starts with its visible text (WCAG 2.5.3)', async () => {
  for (const tag of LOCALES) {
    const words = tag === 'en' ? en : await loadLocale(tag);
    const link = words.roles['reset-identity'].link;
    assert.ok(fill(words.roles['reset-identity'].label, { user: 'ava' }).startsWith(link), tag);
  }
});

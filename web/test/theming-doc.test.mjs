// README.md's theming section against the code: every --pf-* custom property signon.css defines
// on :host is listed with its light default and, where it has one, its dark default; the table
// names no property the stylesheet lacks; theme="dark" and prefers-color-scheme: dark give the
// same values; the parts table lists exactly js/parts.js's names. Change one, change the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PARTS } from '../js/parts.js';

const css = readFileSync(new URL('../signon.css', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** definitions reads the `--pf-x: value;` declarations of a block. */
function definitions(block) {
  const out = new Map();
  for (const m of block.matchAll(/(--pf-[a-z-]+)\s*:\s*([^;]+);/g)) out.set(m[1], m[2].trim().replace(/\s+/g, ' '));
  return out;
}

/** blockAfter is the text from the first match of re to the next closing brace. */
function blockAfter(re) {
  const start = css.search(re);
  assert.ok(start >= 0, `signon.css has ${re}`);
  return css.slice(start, css.indexOf('}', start));
}

const light = definitions(blockAfter(/^:host\s*\{/m));
const dark = definitions(blockAfter(/prefers-color-scheme:\s*dark\)\s*\{/));

test('README lists every --pf-* custom property with its defaults', () => {
  assert.ok(light.size >= 10, `found ${light.size} properties`);
  const rows = new Map();
  for (const m of readme.matchAll(/^\| `(--pf-[a-z-]+)` \| `([^`]+)` \| (`[^`]+`|\(same\)) \|/gm)) rows.set(m[1], [m[2], m[3]]);
  assert.deepEqual([...rows.keys()].sort(), [...light.keys()].sort(), 'web/README.md "Theming" lists the properties signon.css defines');
  for (const [name, value] of light) {
    const [docLight, docDark] = rows.get(name);
    assert.equal(docLight, value, `${name}'s light default`);
    assert.equal(docDark, dark.has(name) ? `\`${dark.get(name)}\`` : '(same)', `${name}'s dark default`);
  }
});

test('theme="dark" is the dark scheme prefers-color-scheme gives', () => {
  assert.ok(dark.size >= 10, `found ${dark.size} dark properties`);
  const forced = definitions(blockAfter(/^:host\(\[theme="dark"\]\)\s*\{/m));
  assert.deepEqual([...forced], [...dark]);
  assert.match(css, /prefers-color-scheme:\s*dark\)\s*\{\s*:host\(:not\(\[theme="light"\]\)\)\s*\{/, 'theme="light" opts out of the dark scheme');
});

test('the stylesheet is the shadow root\'s: no selector names the element from outside', () => {
  const selectors = css.replace(/\/\*[\s\S]*?\*\//g, '').match(/[^{}]+(?=\{)/g);
  for (const s of selectors) assert.doesNotMatch(s, /pingflow-signon/, `selector ${s.trim()}`);
});

test('README lists every ::part() name', () => {
  const section = readme.slice(readme.indexOf('**Parts.**'));
  assert.ok(section.length > 0, 'README has a **Parts.** paragraph');
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \| `\.(pf-[a-z-]+)` \|/gm)].map((m) => [m[2], m[1]]);
  assert.deepEqual(Object.fromEntries(rows), { ...PARTS }, 'web/README.md "Parts" lists js/parts.js');
});

test('element.d.ts\'s PingflowPart is js/parts.js\'s names', () => {
  const dts = readFileSync(new URL('../element.d.ts', import.meta.url), 'utf8');
  const decl = dts.match(/export type PingflowPart =([^;]+);/);
  assert.ok(decl, 'element.d.ts declares PingflowPart');
  assert.deepEqual([...decl[1].matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort(), Object.values(PARTS).sort());
});

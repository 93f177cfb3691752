// README.md's theming table against signon.css: every --pf-* custom property the stylesheet
// defines is listed with its light default and, where it has one, its dark default; the table
// names no property the stylesheet lacks. Change one, change the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../signon.css', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** definitions reads `--pf-x: value;` declarations of the first block matching `selector {`. */
function definitions(block) {
  const out = new Map();
  for (const m of block.matchAll(/(--pf-[a-z-]+)\s*:\s*([^;]+);/g)) out.set(m[1], m[2].trim().replace(/\s+/g, ' '));
  return out;
}

function blockAfter(re) {
  const start = css.search(re);
  assert.ok(start >= 0, `signon.css has ${re}`);
  return css.slice(start, css.indexOf('}', start));
}

test('README lists every --pf-* custom property with its defaults', () => {
  const light = definitions(blockAfter(/^pingflow-signon\s*\{/m));
  const dark = definitions(blockAfter(/prefers-color-scheme:\s*dark\)\s*\{/));
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

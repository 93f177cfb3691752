// Server-side rendering: importing the element in plain Node (no DOM: no HTMLElement, document
// or customElements) defines nothing and throws nothing, in a fresh process so no other test's
// globals leak in. The browser side is element.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ELEMENT = fileURLToPath(new URL('../js/element.js', import.meta.url));

test('importing the element where there is no DOM does nothing and throws nothing', () => {
  const script = `
    for (const name of ['HTMLElement', 'document', 'customElements', 'window'])
      if (name in globalThis) throw new Error(name + ' exists: this is not a DOM-less Node');
    const before = Object.keys(globalThis).sort().join();
    const m = await import(${JSON.stringify(ELEMENT)});
    if (typeof m.PingflowSignon !== 'function' || typeof m.useCatalog !== 'function') throw new Error('exports missing');
    if (Object.keys(globalThis).sort().join() !== before) throw new Error('globals changed');
    console.log('imported');`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'imported');
  assert.equal(run.stderr, '');
});

// Measures, in headless Chromium against the local emulator:
//  - the time from navigation to the first rendered step of the sign-on page (/signon/), ten
//    times with an empty cache (a first visit) and ten with a warm one (a return visit);
//  - the module's bytes on the wire as served: identity, gzip and brotli, and what the browser
//    actually transferred.
// Prints the medians and a JSON line for tooling. Run by `make bench-e2e`.

import { startApp } from '../lib/app.mjs';
import { launch } from '../lib/browser.mjs';

const RUNS = Number(process.env.RUNS || 10);

// Records when the card first shows a step (not its loading panel), relative to navigation.
// The card is drawn in the element's shadow root: the observer watches each one as it is attached.
const OBSERVER = () => {
  const observer = new MutationObserver(() => {
    const step = document.querySelector('pingflow-signon')?.shadowRoot?.querySelector('.pf-step:not([data-status="LOADING"])');
    if (step) {
      window.firstStepMs = performance.now();
      observer.disconnect();
    }
  });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    if (this.localName === 'pingflow-signon') observer.observe(root, { childList: true, subtree: true });
    return root;
  };
};

async function firstStep(context, base) {
  const page = await context.newPage();
  await page.addInitScript(OBSERVER);
  await page.goto(`${base}/signon/`);
  await page.waitForFunction(() => window.firstStepMs !== undefined, null, { timeout: 30000 });
  const result = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return {
      ms: window.firstStepMs,
      status: document.querySelector('pingflow-signon').shadowRoot.querySelector('.pf-step').dataset.status,
      wasm: wasm && { transfer: wasm.transferSize, encoded: wasm.encodedBodySize, decoded: wasm.decodedBodySize, ms: wasm.duration },
    };
  });
  await page.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function wireSizes(base) {
  const config = await (await fetch(`${base}/signon/config.json`)).json();
  const out = {};
  for (const [name, accept] of [['identity', 'identity'], ['gzip', 'gzip'], ['br', 'br']]) {
    const res = await fetch(base + config.wasmUrl, { headers: { 'Accept-Encoding': accept } });
    out[name] = Number(res.headers.get('content-length'));
    await res.arrayBuffer();
  }
  return out;
}

const app = await startApp();
const browser = await launch();
try {
  const wire = await wireSizes(app.base);
  const cold = [];
  let sample = null;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext(); // empty HTTP cache
    const r = await firstStep(context, app.base);
    if (r.status !== 'USERNAME_PASSWORD_REQUIRED') throw new Error(`first step was ${r.status}`);
    cold.push(r.ms);
    sample ??= r.wasm;
    await context.close();
  }
  const warm = [];
  const context = await browser.newContext();
  await firstStep(context, app.base); // fills the cache
  for (let i = 0; i < RUNS; i++) warm.push((await firstStep(context, app.base)).ms);
  await context.close();

  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`first rendered step, median of ${RUNS}: cold cache ${median(cold).toFixed(0)} ms (min ${Math.min(...cold).toFixed(0)}, max ${Math.max(...cold).toFixed(0)}), warm cache ${median(warm).toFixed(0)} ms`);
  console.log(`module on the wire: identity ${wire.identity} B (${kb(wire.identity)}), gzip ${wire.gzip} B (${kb(wire.gzip)}), brotli ${wire.br} B (${kb(wire.br)})`);
  if (sample) console.log(`Chromium fetched it with ${sample.transfer} B transferred (${sample.encoded} B encoded body, ${sample.decoded} B decoded) in ${sample.ms.toFixed(0)} ms`);
  console.log(JSON.stringify({ runs: RUNS, coldMs: cold.map(Math.round), warmMs: warm.map(Math.round), coldMedianMs: Math.round(median(cold)), warmMedianMs: Math.round(median(warm)), wire, browser: sample }));
} finally {
  await browser.close();
  await app.stop();
}

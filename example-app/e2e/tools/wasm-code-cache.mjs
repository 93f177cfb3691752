// Does V8's code cache for streamed WebAssembly engage on the sign-on page in this Chromium?
// Visits /signon/ several times in one persistent profile (a real disk cache: Playwright's
// newContext() is off the record, and an off-the-record profile keeps no code cache), tracing
// each load (v8.wasm, devtools.timeline) and timing the module's compile, then prints per visit:
// where the module came from, the compile's duration, and the code-cache events Chromium
// recorded (v8.wasm.compileConsume: Blink looked for a cached module; wasm.SerializeModule and
// v8.wasm.cachedModule: compiled code was handed to the cache; wasm.DeserializeModule,
// v8.wasm.moduleCacheHit: a module was taken from it; v8.wasm.moduleCacheInvalid), with the
// count of functions compiled lazily (wasm.CompileLazy) and by the optimising tier.
//
//   cd example-app/e2e && node tools/wasm-code-cache.mjs [visits, default 5] [--pause ms]
//
// --pause (default 3000) is how long each visit stays open after its first step: V8 caches a
// module only after its optimising tier has been quiet for a while (below), so a page closed at
// once never gives it anything to cache.

import { startApp } from '../lib/app.mjs';
import { launchProfile } from '../lib/browser.mjs';

const args = process.argv.slice(2);
const VISITS = Number(args.find((a) => /^\d+$/.test(a)) || 5);
const pauseAt = args.indexOf('--pause');
const PAUSE = pauseAt >= 0 ? Number(args[pauseAt + 1]) : 3000;
const CATEGORIES = ['v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'].join(',');

const TIMING = () => {
  const orig = WebAssembly.compileStreaming;
  window.__compile = {};
  WebAssembly.compileStreaming = function wrapped(...a) {
    const t0 = performance.now();
    const p = orig.apply(this, a);
    p.then(() => { window.__compile.ms = performance.now() - t0; window.__compile.endAt = performance.now(); });
    return p;
  };
  const orig2 = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function wrapped(...a) {
    const t0 = performance.now();
    const p = orig2.apply(this, a);
    p.then(() => { window.__compile.ms = performance.now() - t0; window.__compile.endAt = performance.now(); window.__compile.fn = 'instantiateStreaming'; });
    return p;
  };
};

async function visit(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.addInitScript(TIMING);
  await page.goto(url);
  await page.locator('pingflow-signon .pf-step[data-status="USERNAME_PASSWORD_REQUIRED"]').waitFor({ timeout: 30000 });
  await page.waitForTimeout(PAUSE);
  const info = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return { compile: window.__compile, transfer: wasm?.transferSize, fromCache: wasm ? wasm.transferSize === 0 : null };
  });
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  const names = {};
  for (const e of events) {
    if (/wasm/i.test(e.name) && (process.env.ALL || /cache|Cache|Serialize|Deserialize|compileConsume|TopTier|CompileLazy/.test(e.name))) names[e.name] = (names[e.name] || 0) + 1;
  }
  const args = events.filter((e) => /^v8\.wasm\.(cachedModule|moduleCacheHit|moduleCacheInvalid|compileConsumeDone)$/.test(e.name) || (process.env.ALL && /consume|cache/i.test(e.name))).map((e) => ({ name: e.name, ...e.args?.data }));
  return { ...info, cacheEvents: names, details: args };
}

const app = await startApp();
// JS_FLAGS: V8 flags for an experiment, e.g. JS_FLAGS=--wasm-caching-timeout-ms=0. In Chromium
// 156 V8 caches a module once 1,000 bytes of its code were compiled by the optimising tier
// (--wasm-caching-threshold) and then no more for 2 s (--wasm-caching-timeout-ms), or at once
// past 1,000,000 bytes (--wasm-caching-hard-threshold). ALL=1 also lists every wasm event.
const extra = process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS}`] : [];
const profile = await launchProfile({ args: extra });
const { context } = profile;
try {
  const version = context.browser()?.version() ?? (await (await context.newCDPSession(await context.newPage())).send('Browser.getVersion')).product;
  console.log(`${version}; ${VISITS} visits to /signon/ in one profile, each kept open ${PAUSE} ms`);
  for (let i = 1; i <= VISITS; i++) {
    const r = await visit(context, `${app.base}/signon/`);
    console.log(`visit ${i}: module ${r.fromCache ? 'from the HTTP cache' : `over the network (${r.transfer} B)`}, compile ${r.compile?.ms?.toFixed(0)} ms; ` +
      `code-cache events: ${JSON.stringify(r.cacheEvents)}${r.details.length ? ` ${JSON.stringify(r.details)}` : ''}`);
  }
} finally {
  await profile.close();
  await app.stop();
}

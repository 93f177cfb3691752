// The Chromium half of `make bench`, in one headless Chromium against one example-app:
//  - the first step of /signon/ against a hand-written page (pages.mjs: the same authorize
//    fetch, the same form drawn) and the module alone (floor.html: its fetch, compile and Go's
//    start), cold (a new context each time: empty cache) and warm (a returning visitor's profile
//    per page, filled first), interleaved, the order alternating;
//  - a whole password sign-on through the bridge against raw fetch, in a page (cookies cleared
//    between sign-ons, so each one meets the password form), interleaved;
//  - the first DaVinci form through the bridge alone, Ping's davinci-client and by hand, cold,
//    interleaved;
//  - the module's bytes as served (identity, gzip, brotli) and as Chromium transferred them, and
//    its linear memory after a sign-on in the page.
// Times are milliseconds since navigation (performance.now() in the page), two for each load,
// taken the same way on every page (pages.mjs, SHOWN): when the step is on screen — the frame
// after it reached the DOM has been produced (style, layout, paint), the figures compared — and
// when it reached the DOM (the earlier reports' measure; /signon/'s includes the layout its
// renderer forces by focusing the first field, the hand page's none). The DaVinci pages draw no
// form: their "in the DOM" moment is the form in hand, their "on screen" the frame after it.
// Measured and printed, never asserted.

import http from 'node:http';
import { startApp } from '../lib/app.mjs';
import { launch, launchProfile } from '../lib/browser.mjs';
import { bundleSdk } from '../lib/forgerock.mjs';
import { BENCH, DONE, SHOWN, makeRoot, writePages, writeBridgePages } from './pages.mjs';

// How long each visit that fills a warm profile stays on the form after it is on screen.
const LINGER_MS = Number(process.env.LINGER_MS) || 2500;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// On /signon/: when the card first shows a step (not its loading panel), benchShown (pages.mjs,
// SHOWN) as on the other pages: window.domMs then, window.doneMs once that frame is produced. The
// card draws in its element's shadow root: the observer watches each one as it is attached (and
// the document, should the card ever draw outside one). Its callback runs after the renderer's
// synchronous work (the step appended, the first field focused).
const OBSERVER = () => {
  const check = (root, observer) => {
    const step = root.querySelector('.pf-step:not([data-status="LOADING"])');
    if (step && window.domMs === undefined) {
      window.benchShown(step.dataset.status);
      observer.disconnect();
    }
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    if (this.localName === 'pingflow-signon') {
      const observer = new MutationObserver(() => check(root, observer));
      observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
    }
    return root;
  };
  document.addEventListener('DOMContentLoaded', () => {
    const observer = new MutationObserver(() => check(document, observer));
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
    // A shadow root the parser made (declarative shadow DOM) was never attached by script.
    for (const el of document.querySelectorAll('pingflow-signon')) {
      if (!el.shadowRoot) continue;
      const inner = new MutationObserver(() => check(el.shadowRoot, inner));
      inner.observe(el.shadowRoot, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
      check(el.shadowRoot, inner);
    }
  });
};
const INIT = `${SHOWN}window.benchShown = benchShown;\n(${OBSERVER})();`;

/**
 * Opens url in a new page of context and waits for it to log DONE (pages.mjs; nothing is
 * injected into the page while it loads); returns {ms (on screen), domMs (in the DOM), status,
 * title}, after leaving the page open linger ms more when given. An error in the page, or 30 s
 * without DONE, fails the run.
 */
async function timed(context, url, { observe = false, linger = 0 } = {}) {
  const page = await context.newPage();
  const problems = [];
  let timer;
  const finished = new Promise((resolve, reject) => {
    page.on('console', (m) => {
      if (m.text() === DONE) resolve();
      else if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => reject(new Error(`${url}: ${e.message}`)));
    timer = setTimeout(() => reject(new Error(`${url} did not finish in 30 s${problems.length ? `: ${problems.join('; ')}` : ''}`)), 30000);
  });
  try {
    if (observe) await page.addInitScript(INIT);
    await Promise.all([page.goto(url), finished]);
    const r = await page.evaluate(() => ({ ms: window.doneMs, domMs: window.domMs, status: window.doneStatus, title: window.doneTitle ?? null, error: window.doneError ?? null }));
    if (r.error) throw new Error(`${url}: ${r.error}`);
    if (linger) await page.waitForTimeout(linger);
    return r;
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

/**
 * What the sign-on page loads, found by loading it: its scripts and the module's URL. The bench
 * pages use the bridge the way the sign-on page gets it: the first of its scripts named
 * pingflow* or bridge* that, imported on its own, exports createClient; else the one-file
 * build (/bridge/pingflow.min.js) when served, else the browser entry (/bridge/pingflow.js).
 */
async function inspectSignon(browser, base) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.addInitScript(INIT);
    await page.goto(`${base}/signon/`);
    await page.waitForFunction(() => window.doneMs !== undefined, null, { timeout: 30000 });
    const paths = urls.map((u) => new URL(u)).filter((u) => u.origin === base).map((u) => u.pathname);
    const scripts = [...new Set(paths.filter((p) => /\.m?js$/.test(p)))];
    const wasm = paths.find((p) => p.endsWith('.wasm'));
    const candidates = [...scripts.filter((p) => /\/(pingflow|bridge)[^/]*\.m?js$/.test(p)), '/bridge/pingflow.min.js', '/bridge/pingflow.js'];
    let bridge = null;
    for (const c of candidates) {
      const ok = await page.evaluate((u) => import(u).then((m) => typeof m.createClient === 'function', () => false), c);
      if (ok) {
        bridge = c;
        break;
      }
    }
    if (!bridge) throw new Error(`no bridge module exporting createClient among ${candidates.join(', ')}`);
    return { scripts, wasm, bridge };
  } finally {
    await context.close();
  }
}

/** The module's bytes on the wire for each Accept-Encoding: the body as sent, counted. */
function wireBytes(url, encoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (d) => { n += d.length; });
      res.on('end', () => resolve({ bytes: n, encoding: res.headers['content-encoding'] ?? 'identity' }));
    }).on('error', reject);
  });
}

/**
 * The first step of /signon/, of the hand-written page and of the module alone (floor.html), cold
 * and warm: {cold, warm, warmOffRecord} on screen, dom: the same in the DOM, each {page: [ms]}.
 * Cold: a new off-the-record context each time (nothing cached). Warm: a returning visitor, in a
 * profile of its own for each page (launchPersistentContext, on the record: a disk HTTP cache
 * and V8's code caches for scripts and for streamed WebAssembly, which an off-the-record profile
 * does not keep), filled by two earlier visits that each stayed LINGER_MS on the form, as a user
 * reading it would (V8 hands a module to the cache once no optimised code was compiled for 2 s).
 * warmOffRecord: the earlier reports' warm, one off-the-record context per page (HTTP cache
 * only), for /signon/ and the hand-written page (the report shows no module-alone figure of it).
 */
async function firstStep(browser, base, runs) {
  // Each page: its URL, the status its first step must have, whether the bench's observer is
  // what records it (/signon/ draws in its card's shadow DOM), whether it is loaded off the record.
  const pages = {
    signon: { url: `${base}/signon/`, status: 'USERNAME_PASSWORD_REQUIRED', observe: true, offRecord: true },
    hand: { url: `${base}${BENCH}hand.html`, status: 'USERNAME_PASSWORD_REQUIRED', observe: false, offRecord: true },
    floor: { url: `${base}${BENCH}floor.html`, status: 'READY', observe: false, offRecord: false },
  };
  const names = Object.keys(pages);
  const load = (context, name, linger = 0) => timed(context, pages[name].url, { observe: pages[name].observe, linger });
  const profiles = {};
  const offRecord = {};
  const by = () => ({ cold: {}, warm: {}, warmOffRecord: {} });
  const out = by();
  const dom = by();
  const record = (kind, name, r) => {
    if (r.status !== pages[name].status) throw new Error(`first step of ${name}: ${r.status}, not ${pages[name].status}`);
    (out[kind][name] ??= []).push(r.ms);
    (dom[kind][name] ??= []).push(r.domMs);
  };
  try {
    for (const name of names) {
      profiles[name] = await launchProfile();
      for (let i = 0; i < 2; i++) await load(profiles[name].context, name, LINGER_MS);
      if (!pages[name].offRecord) continue;
      offRecord[name] = await browser.newContext();
      await load(offRecord[name], name); // fills its cache
    }
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? [...names].reverse() : names;
      for (const name of order) {
        const context = await browser.newContext(); // empty HTTP cache
        const r = await load(context, name);
        await context.close();
        record('cold', name, r);
      }
      for (const name of order) record('warm', name, await load(profiles[name].context, name));
      for (const name of order) if (offRecord[name]) record('warmOffRecord', name, await load(offRecord[name], name));
    }
  } finally {
    for (const c of Object.values(offRecord)) await c.close();
    for (const p of Object.values(profiles)) await p.close();
  }
  return { ...out, dom };
}

/** The first DaVinci form, cold: {bridge, sdk, hand} on screen, dom: the same in the DOM. */
async function davinci(browser, base, runs) {
  const pages = { bridge: 'dv-bridge.html', sdk: 'dv-sdk.html', hand: 'dv-hand.html' };
  const out = { bridge: [], sdk: [], hand: [], dom: { bridge: [], sdk: [], hand: [] } };
  const names = Object.keys(pages);
  for (let i = 0; i < runs; i++) {
    const order = names.map((_, k) => names[(i + k) % names.length]);
    for (const name of order) {
      const context = await browser.newContext();
      const r = await timed(context, `${base}${BENCH}${pages[name]}`);
      await context.close();
      const ok = name === 'sdk' ? r.status === 'continue' : r.status === 'FORM';
      if (!ok) throw new Error(`DaVinci ${name}: ${r.status} ${r.title}`);
      out[name].push(r.ms);
      out.dom[name].push(r.domMs);
    }
  }
  return out;
}

async function signOns(browser, base, rounds, warmup) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${BENCH}signon.html`);
    await page.waitForFunction(() => window.bench !== undefined || false, null, { timeout: 30000 }).catch(() => {
      throw new Error(`the sign-on bench page did not start: ${errors.join('; ')}`);
    });
    const one = async (kind) => {
      await context.clearCookies(); // no PingOne session: each sign-on meets the password form
      return page.evaluate((k) => window.bench.run(k), kind);
    };
    await one('bridge');
    const memoryAfterFirst = await page.evaluate(() => window.bench.memory());
    for (let i = 0; i < warmup; i++) { await one('bridge'); await one('raw'); }
    const samples = { bridge: [], raw: [] };
    for (let i = 0; i < rounds; i++) {
      for (const kind of i % 2 ? ['raw', 'bridge'] : ['bridge', 'raw']) samples[kind].push(await one(kind));
    }
    const memoryAfterAll = await page.evaluate(() => window.bench.memory());
    // Where the time goes (means over a further round of timed sign-ons of each kind).
    for (let i = 0; i < Math.ceil(rounds / 2); i++) {
      for (const kind of ['bridge', 'raw']) {
        await context.clearCookies();
        await page.evaluate((k) => window.bench.run(k, true), kind);
      }
    }
    const split = Object.fromEntries(Object.entries(await page.evaluate(() => window.bench.split())).map(([kind, s]) => [kind, {
      totalMs: s.total / s.n, fetchMs: s.fetch / s.n, moduleMs: s.module / s.n, restMs: (s.total - s.fetch - s.module) / s.n,
      calls: Object.fromEntries(Object.entries(s.calls).map(([k, v]) => [k, v / s.n])),
    }]));
    return { ...samples, memoryAfterFirst, memoryAfterAll, split };
  } finally {
    await context.close();
  }
}

/** Runs the whole Chromium half; returns its figures (the samples, and what was found). */
export async function browserBench({ runs = 11, rounds = 60, warmup = 10, log = () => {} } = {}) {
  const site = makeRoot();
  const [app, browser, sdkBundle] = await Promise.all([startApp(undefined, { args: ['-root', site.root] }), launch(), bundleSdk()]);
  try {
    writePages(site, { demo: app.demo, base: app.base, sdkBundle });
    const found = await inspectSignon(browser, app.base);
    writeBridgePages(site, found.bridge, found.wasm);
    log(`sign-on page scripts: ${found.scripts.join(' ')}; module ${found.wasm}; bench pages use the bridge at ${found.bridge}`);
    // example-app serves the unbundled sources while one is newer than the built page (edited
    // since make page): the figures would then be development's, not what a user gets.
    found.bundled = found.scripts.length <= 3;
    if (!found.bundled) log(`WARNING: /signon/ served its ${found.scripts.length} unbundled source files, not the bundled page (a source is newer than web/dist/page: run make page); its first-step figures are development's`);
    const wire = {};
    for (const enc of ['identity', 'gzip', 'br']) wire[enc] = await wireBytes(app.base + found.wasm, enc);
    log('first step: /signon/ against the hand-written page, cold and warm ...');
    const first = await firstStep(browser, app.base, runs);
    log('first DaVinci form: bridge, davinci-client, by hand, cold ...');
    const dv = await davinci(browser, app.base, runs);
    log('whole sign-on in the page: bridge against raw fetch ...');
    const signon = await signOns(browser, app.base, rounds, warmup);
    return { found, wire, first, davinci: dv, signon, chromium: browser.version() };
  } finally {
    await browser.close();
    await app.stop();
    site.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await browserBench({ runs: Number(process.env.RUNS) || 11, log: (m) => console.error(m) });
  const med = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? Math.round(median(v) * 10) / 10 : v]));
  const first = { cold: med(r.first.cold), warm: med(r.first.warm), warmOffRecord: med(r.first.warmOffRecord), dom: { cold: med(r.first.dom.cold), warm: med(r.first.dom.warm), warmOffRecord: med(r.first.dom.warmOffRecord) } };
  console.log(JSON.stringify({ ...r, first, davinci: { ...med(r.davinci), dom: med(r.davinci.dom) }, signon: med(r.signon) }));
}
